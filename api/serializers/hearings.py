"""``tasks/<id>/hearing-notice/``, ``applications/<id>/hearing-request/`` and
``tasks/<id>/hearing/``: the hearing (听证, product.md §16 L16; Administrative Licensing Law arts.
46–48), as the actions answer it and as the application's record lists it (``hearings``)."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from workflows.models import Hearing, HearingNotice

from .attachments import AttachmentSerializer
from .base import (
    AgencyRefSerializer,
    RefuseUnknownFieldsMixin,
    ServiceCheckedText,
    ServiceCheckedValue,
    uploads_field,
)
from .documents import DocumentSerializer


class HearingNoticeSerializer(serializers.ModelSerializer[HearingNotice]):
    """A 听证权利告知书 to the applicant (``holder_credit_code`` empty) or to an interested party,
    and when its addressee asked for the hearing (null: not, or not yet)."""

    document = DocumentSerializer(
        source="notice", allow_null=True, help_text=_("The notice (听证权利告知书).")
    )

    class Meta:
        model = HearingNotice
        fields = (
            "id",
            "addressee_name",
            "holder_credit_code",
            "issued_on",
            "request_due_date",
            "requested_on",
            "document",
        )
        read_only_fields = fields


class PresidingSerializer(serializers.Serializer[Any]):
    username = serializers.CharField()
    name = serializers.CharField(help_text=_("The presiding officer's name on the day."))


class HearingSerializer(serializers.ModelSerializer[Hearing]):
    """A hearing offered on a review step: why, to whom (its notices), when asked for and to be
    held by, and once held its day, presiding officer, record (text, numbered document, signed
    file). From the first request until held, the decision period is paused."""

    agency = AgencyRefSerializer()
    notices = HearingNoticeSerializer(many=True)
    presiding = serializers.SerializerMethodField()
    record = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    record_document = DocumentSerializer(
        allow_null=True, help_text=_("The numbered hearing record (听证笔录); null until held.")
    )
    attachments = AttachmentSerializer(
        many=True, help_text=_("The record signed by the participants (kind hearing_record).")
    )

    class Meta:
        model = Hearing
        fields = (
            "id",
            "agency",
            "basis",
            "offered_on",
            "notices",
            "requested_on",
            "hold_by",
            "overdue",
            "held_on",
            "late_reason",
            "presiding",
            "record",
            "record_document",
            "attachments",
        )
        read_only_fields = fields

    @extend_schema_field(PresidingSerializer(allow_null=True))
    def get_presiding(self, hearing: Hearing) -> dict[str, str] | None:
        if hearing.presiding is None:
            return None
        return {"username": hearing.presiding.username, "name": hearing.presiding_name}

    @extend_schema_field(
        serializers.BooleanField(
            help_text=_(
                "Past hold_by and not held (逾期未举行, art. 47): the agency's lateness; the "
                "hearing may still be recorded, with the reason for the delay."
            )
        )
    )
    def get_overdue(self, hearing: Hearing) -> bool:
        return hearing.overdue_on(timezone.localdate())

    @extend_schema_field(serializers.CharField(allow_null=True, help_text=_("Null until held.")))
    def get_record(self, hearing: Hearing) -> str | None:
        return hearing.record if hearing.held_on is not None else None


# ---- the actions' bodies ----------------------------------------------------------------------


class HearingOfferSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    """Offering a hearing: where the record has interested parties, their 重大利益 is the
    ground (art. 47) and ``reason`` may add to it; else ``reason`` is required (art. 46)."""

    reason = ServiceCheckedText(max_length=None, required=False)


@extend_schema_field(
    serializers.CharField(
        help_text=_(
            "The agency recording an interested party's request: its unified social credit "
            "code. The applicant names none."
        )
    )
)
class RequestingPartyField(ServiceCheckedValue):
    """A credit code (checked by the service: a party told of the hearing)."""


@extend_schema_field(
    serializers.DateField(help_text=_("The day a party's request was received (default today)."))
)
class RequestedOnField(ServiceCheckedValue):
    """A day, YYYY-MM-DD (checked by the service)."""


class HearingRequestSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    holder_credit_code = RequestingPartyField(required=False)
    requested_on = RequestedOnField(required=False)


@extend_schema_field(
    serializers.DateField(
        help_text=_("The hearing's day: not before the request, not later than today.")
    )
)
class HeldOnField(ServiceCheckedValue):
    """A day, YYYY-MM-DD (checked by the service)."""


@extend_schema_field(
    serializers.CharField(
        help_text=_(
            "The presiding officer's user name: a member of the task's agency who did not "
            "review the application (else 400, presiding_reviewed)."
        )
    )
)
class PresidingField(ServiceCheckedValue):
    """A user name (checked by the service)."""


class HearingHoldSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    """Recording the hearing held (multipart, with the signed record in ``files``)."""

    held_on = HeldOnField()
    presiding = PresidingField()
    record = ServiceCheckedText(max_length=None)
    late_reason = ServiceCheckedText(
        max_length=None,
        required=False,
        help_text=_(
            "Required when held_on is after hold_by (art. 47): the reason for the delay, printed "
            "in the hearing record (else 400 late_reason required)."
        ),
    )
    files = uploads_field(_("The record signed by the participants (required)."))


class HearingHoldJsonSerializer(HearingHoldSerializer):
    """The same as JSON: refused (400 ``files``) without the signed record, which only multipart
    carries."""

    files = None  # type: ignore[assignment]
