"""The holder heard before its permit is revoked or withdrawn (product.md §18 B7, B8; api.md
"The law's letter, supervision, …"): the statement notice, the holder's answer, the agency's
drop."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from licensing.grounds import BASIS, Act, RevocationGround, WithdrawalGround
from licensing.models import LandApproval, StatementNotice

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
    answer = ServiceCheckedText(max_length=TEXT_MAX)


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
            "answered_at",
            "closing_reason",
            "notice",
            "decision",
        )
        read_only_fields = fields

    def get_basis(self, notice: StatementNotice) -> str:
        """The article the ground rests on, as the notice cites it."""
        basis = BASIS.get(notice.ground)
        return basis.reference if basis else ""
