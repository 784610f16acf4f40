"""``tasks/<id>/interested-party-notice/`` and ``interested-party-notices/<id>/answer/``: the
interested parties (利害关系人, product.md §16 L14; Administrative Licensing Law art. 36) of an
occupation's district step, as the actions answer them and as the application's record lists
them."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from audit.trail import display_name
from workflows.models import (
    CompensationAgreementConfirmation,
    InterestedPartyNotice,
    InterestedPartyStatus,
)
from workflows.selectors import InterestedParty

from .base import RefuseUnknownFieldsMixin, ServiceCheckedText, ServiceCheckedValue
from .documents import DocumentSerializer


class HolderSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(help_text=_("The holder as the 小班 registry names it."))
    credit_code = serializers.CharField(help_text=_("Its unified social credit code."))


class InterestedPartyNoticeSerializer(serializers.ModelSerializer[InterestedPartyNotice]):
    """A 利害关系人告知书 issued to a holder, and its answer once recorded."""

    number = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    holder = serializers.SerializerMethodField()
    answer = serializers.SerializerMethodField()
    document = DocumentSerializer(
        source="notice", allow_null=True, help_text=_("The notice (利害关系人告知书).")
    )

    class Meta:
        model = InterestedPartyNotice
        fields = (
            "id",
            "number",
            "holder",
            "issued_on",
            "answer_working_days",
            "served_on",
            "answer_due_date",
            "answered_on",
            "answer",
            "status",
            "document",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(help_text=_("The notice's number.")))
    def get_number(self, notice: InterestedPartyNotice) -> str:
        return notice.notice.number if notice.notice else ""

    @extend_schema_field(serializers.ChoiceField(choices=InterestedPartyStatus.choices))
    def get_status(self, notice: InterestedPartyNotice) -> str:
        return str(notice.status(timezone.localdate()).value)

    @extend_schema_field(HolderSerializer())
    def get_holder(self, notice: InterestedPartyNotice) -> dict[str, str]:
        return {"name": notice.holder_name, "credit_code": notice.holder_credit_code}

    @extend_schema_field(serializers.CharField(allow_null=True, help_text=_("Null until then.")))
    def get_answer(self, notice: InterestedPartyNotice) -> str | None:
        return notice.answer if notice.answered_on is not None else None


class InterestedPartySerializer(serializers.Serializer[Any]):
    """An organisation other than the applicant holding 小班 of the occupation's site, and
    whether the district step may approve as far as it goes (``resolved``)."""

    holder = serializers.SerializerMethodField()
    compartments = serializers.ListField(child=serializers.CharField())
    compensation_agreement = serializers.BooleanField(
        help_text=_(
            "A reviewer confirmed that an attached compensation agreement names it (never its "
            "file name)."
        )
    )
    notice = serializers.SerializerMethodField()
    resolved = serializers.BooleanField()

    @extend_schema_field(HolderSerializer())
    def get_holder(self, party: InterestedParty) -> dict[str, str]:
        return {"name": party.name, "credit_code": party.credit_code}

    @extend_schema_field(InterestedPartyNoticeSerializer(allow_null=True))
    def get_notice(self, party: InterestedParty) -> dict[str, Any] | None:
        """The latest notice issued to it; null when none was."""
        if party.notice is None:
            return None
        return dict(InterestedPartyNoticeSerializer(party.notice, context=self.context).data)


@extend_schema_field(
    serializers.CharField(
        help_text=_("The holder's unified social credit code, as the record's parties give it.")
    )
)
class HolderCreditCodeField(ServiceCheckedValue):
    """A credit code (checked by the service: one of the application's parties)."""


class InterestedPartyNotifySerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    holder_credit_code = HolderCreditCodeField()


@extend_schema_field(serializers.DateField(help_text=_("The day the answer was received.")))
class AnsweredOnField(ServiceCheckedValue):
    """A day, YYYY-MM-DD (checked by the service)."""


class InterestedPartyAnswerSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    # The service bounds the text (4000 characters) in its own terms.
    answer = ServiceCheckedText(max_length=None)
    answered_on = AnsweredOnField()


@extend_schema_field(serializers.DateField(help_text=_("The day the notice was served.")))
class ServedOnField(ServiceCheckedValue):
    """A day, YYYY-MM-DD (checked by the service)."""


class InterestedPartyServedSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    served_on = ServedOnField()


@extend_schema_field(
    serializers.IntegerField(help_text=_("A compensation agreement attached to the application."))
)
class AgreementAttachmentField(ServiceCheckedValue):
    """An attachment's id (checked by the service: a compensation agreement of the application)."""


class CompensationConfirmSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    attachment_id = AgreementAttachmentField()
    holder_credit_code = HolderCreditCodeField()


class AgreementSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField(help_text=_("The attachment's file name."))


class CompensationConfirmationSerializer(
    serializers.ModelSerializer[CompensationAgreementConfirmation]
):
    """A reviewer's confirmation that a compensation agreement names a holder."""

    holder = serializers.SerializerMethodField()
    attachment = AgreementSerializer()
    confirmed_by = serializers.SerializerMethodField()

    class Meta:
        model = CompensationAgreementConfirmation
        fields = ("id", "holder", "attachment", "confirmed_by", "confirmed_at")
        read_only_fields = fields

    @extend_schema_field(HolderSerializer())
    def get_holder(self, row: CompensationAgreementConfirmation) -> dict[str, str]:
        return {"name": row.holder_name, "credit_code": row.holder_credit_code}

    @extend_schema_field(serializers.CharField(help_text=_("The reviewer's name.")))
    def get_confirmed_by(self, row: CompensationAgreementConfirmation) -> str:
        return display_name(row.confirmed_by)
