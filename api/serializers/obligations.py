"""``applications/<id>/obligations/``, ``obligations/``, ``obligations/<id>/filings/`` and
``applications/<id>/incidents/``: what a permit holder owes after approval and what it filed
(product.md §17), as the record lists them and as the actions answer them."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core import jsonsafe
from permits.choices import ObligationKind, ObligationStatus
from permits.models import Attachment, Filing, Obligation

from .base import (
    ApplicationSummarySerializer,
    RefuseUnknownFieldsMixin,
    ServiceCheckedValue,
    UserRefSerializer,
    uploads_field,
)


class FilingAttachmentSerializer(serializers.ModelSerializer[Attachment]):
    class Meta:
        model = Attachment
        fields = ("id", "name", "sha256")
        read_only_fields = fields


class FilingReviewSerializer(serializers.Serializer[Any]):
    decision = serializers.CharField(source="review_decision")
    opinion = serializers.CharField(source="review_opinion")
    items = serializers.JSONField(source="review_items")
    reviewed_at = serializers.DateTimeField()


class FilingSerializer(serializers.ModelSerializer[Filing]):
    """One filing: immutable; its review once decided."""

    filed_by = UserRefSerializer()
    attachments = FilingAttachmentSerializer(many=True)
    data = serializers.JSONField(  # type: ignore[assignment]  # a field named as the model's
        help_text=_("The structured data of the obligation's kind.")
    )
    review = serializers.SerializerMethodField()

    class Meta:
        model = Filing
        fields = ("id", "filed_at", "filed_by", "data", "note", "attachments", "review")
        read_only_fields = fields

    @extend_schema_field(FilingReviewSerializer(allow_null=True))
    def get_review(self, filing: Filing) -> dict[str, Any] | None:
        if filing.reviewed_at is None:
            return None
        return dict(FilingReviewSerializer(filing).data)


# What an obligation says of itself, in a permit's record and in a list across permits.
_OBLIGATION_FIELDS = ("kind", "sequence", "due_date", "status", "basis", "overdue")


class ObligationSerializer(serializers.ModelSerializer[Obligation]):
    """What the holder owes: its kind, due date, status, the clause it rests on, its filings."""

    filings = FilingSerializer(many=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Obligation
        fields: tuple[str, ...] = ("id", *_OBLIGATION_FIELDS, "filings")
        read_only_fields = fields

    def get_overdue(self, obligation: Obligation) -> bool:
        return obligation.is_overdue(timezone.localdate())


class ObligationListItemSerializer(ObligationSerializer):
    """An obligation in a list across permits, with the application that owes it."""

    application = ApplicationSummarySerializer()

    class Meta(ObligationSerializer.Meta):
        fields = ("id", "application", *_OBLIGATION_FIELDS)
        read_only_fields = fields


class ObligationFilterSerializer(serializers.Serializer[Any]):
    """The list's filters; an empty one filters nothing."""

    status = serializers.ChoiceField(
        choices=ObligationStatus.choices, required=False, allow_blank=True
    )
    kind = serializers.ChoiceField(choices=ObligationKind.choices, required=False, allow_blank=True)
    overdue = serializers.BooleanField(required=False, allow_null=True, default=None)


@extend_schema_field(
    {
        "type": "object",
        "description": _(
            "The obligation's data (product.md §17): tending_completion {completed_on, parcels: "
            "[{compartment, area_ha, operation_type, intensity_pct, volume_m3}]}; "
            "restoration_completion {completed_on, measures, area_ha, species, survival_pct}; "
            "monitoring {alive_count, escaped, escape_count, escape_place, containment, "
            "disposal}; annual_control {alive_count, escapes, measures}; escape_incident "
            "{occurred_on, escape_count, escape_place, containment, measures}; felling_permit "
            "{permit_number, issued_on, issuing_agency}. In multipart: a JSON text."
        ),
    }
)
class FilingDataField(ServiceCheckedValue):
    """An object (checked by the service); in multipart, its JSON text."""

    def run_validation(self, data: Any = serializers.empty) -> Any:
        if isinstance(data, str):
            # Multipart carries the object as its JSON text, parsed as every body is (nesting,
            # NUL, lone surrogates refused); what does not parse goes on as text, which the
            # service refuses field by field (400).
            try:
                return jsonsafe.loads(data)
            except ValueError:
                return data
        return super().run_validation(data)


class FilingCreateSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    """A filing (JSON, or multipart with ``photos``); the service checks every value."""

    data = FilingDataField()  # type: ignore[assignment]  # the body's field, not .data
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    photos = uploads_field(_("Multipart only: photos (JPEG, PNG) or PDF records, at most 10."))


class FilingCreateJsonSerializer(FilingCreateSerializer):
    """A filing as JSON: photos go only in multipart (the schema's shape)."""

    photos = None  # type: ignore[assignment]
