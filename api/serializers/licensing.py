"""The holder heard before its permit is revoked or withdrawn (product.md §18 B7, B8; api.md
"The law's letter, supervision, …"): the statement notice, the holder's answer, the agency's
drop."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from documents import content
from documents.models import CertificateStatus
from licensing.grounds import Act, RevocationGround, WithdrawalGround, cited
from licensing.models import LandApproval, PermitRequest, RequestKind, StatementNotice

from .base import (
    AgencyRefSerializer,
    RefuseUnknownFieldsMixin,
    ServiceCheckedText,
    ServiceCheckedValue,
)
from .fees import DocumentRefSerializer

TEXT_MAX = 4000


@extend_schema_field({"type": "string", "enum": list(Act.values)})
class ActField(ServiceCheckedValue):
    """``revoke`` | ``withdraw``: checked by the service."""


@extend_schema_field(
    {"type": "string", "enum": [*RevocationGround.values, *WithdrawalGround.values]}
)
class GroundField(ServiceCheckedValue):
    """A ground of art. 69 (revoke) or art. 8(2) (withdraw): checked by the service."""


class StatementNoticeInputSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    act = ActField()
    ground = GroundField()
    facts = ServiceCheckedText(max_length=TEXT_MAX)


@extend_schema_field({"type": "string", "enum": list(RevocationGround.values)})
class RevocationGroundField(ServiceCheckedValue):
    """A ground of art. 69: the statement notice's the holder was heard on."""


class RevokeSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    """``/revoke/``: the ground of art. 69 and the agency's findings after hearing the holder."""

    ground = RevocationGroundField()
    reason = ServiceCheckedText(max_length=TEXT_MAX)


class PermitWithdrawSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    """``/withdraw-permit/``: the agency's findings after hearing the holder; the ground is the
    withdrawal notice's."""

    reason = ServiceCheckedText(max_length=TEXT_MAX)


class StatementAnswerInputSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    """``/statement-answer/``: the statement and defence, and (multipart) up to 10 files that
    bear it out, kept as the application's attachments."""

    answer = ServiceCheckedText(max_length=TEXT_MAX)
    attachments = serializers.ListField(
        child=serializers.FileField(), required=False, max_length=10, source="uploads"
    )


class StatementDropInputSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    reason = ServiceCheckedText(max_length=TEXT_MAX)


class LandApprovalInputSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    """``/land-approval/``: the 建设用地批准文件's number, date (YYYY-MM-DD) and authority."""

    number = ServiceCheckedText(max_length=100)
    approved_on = ServiceCheckedText(max_length=10)
    authority = ServiceCheckedText(max_length=200)


class LandApprovalSerializer(serializers.ModelSerializer[LandApproval]):
    """A permanent occupation's recorded construction-land approval."""

    class Meta:
        model = LandApproval
        fields = ("number", "approved_on", "authority", "recorded_at")
        read_only_fields = fields


class StatementNoticeSerializer(serializers.ModelSerializer[StatementNotice]):
    """A statement notice as the holder and the deciding agency read it: the act intended, its
    ground and the article it rests on, the facts, until when the holder may answer, the
    answer, and the numbered 陈述申辩告知书."""

    basis = serializers.SerializerMethodField()
    agency = AgencyRefSerializer()
    notice = DocumentRefSerializer()
    decision = DocumentRefSerializer(allow_null=True)

    class Meta:
        model = StatementNotice
        fields = (
            "id",
            "act",
            "ground",
            "basis",
            "facts",
            "agency",
            "status",
            "issued_at",
            "working_days",
            "answer_due",
            "answer",
            "answer_attachments",
            "answered_at",
            "closing_reason",
            "notice",
            "decision",
        )
        read_only_fields = fields

    def get_basis(self, notice: StatementNotice) -> str:
        """The article the ground rests on, as the notice cites it (a 批复's by analogy)."""
        return cited(notice.ground, licence=content.is_licence(notice.application))


@extend_schema_field({"type": "object", "additionalProperties": True})
class ChangesField(ServiceCheckedValue):
    """The fields to change, each with its new value (``licensing.requests.CHANGE_RULES``);
    a new holder name with ``registration_proof``. Checked by the service."""


class ChangeRequestInputSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    """``/change-requests/``: what to change and why (art. 49)."""

    changes = ChangesField()
    reason = ServiceCheckedText(max_length=TEXT_MAX)


class RenewalRequestInputSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    """``/renewal-requests/``: the new last day (YYYY-MM-DD) and why (art. 50)."""

    until = ServiceCheckedText(max_length=10)
    reason = ServiceCheckedText(max_length=TEXT_MAX)


class SurrenderInputSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    """``/surrender/``: why the holder gives the permit up."""

    reason = ServiceCheckedText(max_length=TEXT_MAX)


class PermitRequestSerializer(serializers.ModelSerializer[PermitRequest]):
    """A holder's request after the grant: its kind, what it asks, where it stands, and the
    document that decided it (the 变更/延续决定书, 注销行政许可通知书 or 不予受理决定书)."""

    kind = serializers.ChoiceField(choices=RequestKind.choices, read_only=True)
    decision = DocumentRefSerializer(allow_null=True)

    class Meta:
        model = PermitRequest
        fields = (
            "id",
            "kind",
            "status",
            "changes",
            "until",
            "reason",
            "requested_at",
            "valid_until_then",
            "accepted_at",
            "decided_at",
            "opinion",
            "decision",
        )
        read_only_fields = fields


class PermitVersionSerializer(serializers.Serializer[Any]):
    """A version of the permit: 1 is the approval, each change or renewal granted one more."""

    number = serializers.IntegerField()
    kind = serializers.CharField(help_text="approval | change | renewal")
    valid_from = serializers.DateField(allow_null=True)
    valid_until = serializers.DateField(allow_null=True)
    changes = serializers.DictField()
    document = DocumentRefSerializer()
    # The document's verification status (``superseded`` once a later version exists):
    # ``public.standing.versions_standing``.
    status = serializers.ChoiceField(choices=CertificateStatus.choices)


class PermitSummarySerializer(serializers.Serializer[Any]):
    """api.md: ``"permit": {"state", "version", "valid_from", "valid_until", "number"}``."""

    state = serializers.CharField()
    version = serializers.IntegerField()
    valid_from = serializers.DateField(allow_null=True)
    valid_until = serializers.DateField(allow_null=True)
    number = serializers.CharField()
