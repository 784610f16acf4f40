"""Inspections (检查验收, product.md §17 A2, A4; api.md "The law's letter, supervision, …")."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from roles.models import Agency
from supervision.models import (
    ControlReport,
    Inspection,
    InspectionKind,
    InspectionOutcome,
    InspectionStatus,
    Rectification,
    RectificationStatus,
    SpotCheckDraw,
)

from .base import BoundedJSONField, RefuseUnknownFieldsMixin


@extend_schema_field(
    {
        "type": "object",
        "properties": {"id": {"type": "integer"}, "reference": {"type": "string"}},
    }
)
class ApplicationRefField(serializers.Field[Any, Any, Any, Any]):
    """The application a row (an inspection, a rectification) is of: its id and reference."""

    def __init__(self) -> None:
        super().__init__(source="*", read_only=True)

    def to_representation(self, row: Inspection | Rectification) -> dict[str, Any]:
        return {"id": row.application_id, "reference": row.application.reference}


@extend_schema_field(
    {"type": "object", "properties": {"code": {"type": "string"}, "name": {"type": "string"}}}
)
class AgencyField(serializers.Field[Any, Any, Any, Any]):
    """A row's ``agency`` (an inspection's, a control report's): its code and name."""

    def __init__(self) -> None:
        super().__init__(read_only=True)

    def to_representation(self, agency: Agency) -> dict[str, str]:
        return {"code": agency.code, "name": agency.name}


class InspectionFilterSerializer(serializers.Serializer[Any]):
    """The list's filters; an empty one filters nothing."""

    status = serializers.ChoiceField(
        choices=InspectionStatus.choices, required=False, allow_blank=True
    )
    kind = serializers.ChoiceField(choices=InspectionKind.choices, required=False, allow_blank=True)


class MeasuredParcelSerializer(serializers.Serializer[Any]):
    """One 小班 as measured (for the schema: the service checks every value)."""

    compartment = serializers.CharField()
    measured_area_ha = serializers.DecimalField(max_digits=14, decimal_places=4)
    operation_type = serializers.CharField(required=False)
    intensity_pct = serializers.DecimalField(max_digits=5, decimal_places=2, required=False)
    volume_m3 = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)
    problems = serializers.ListField(child=serializers.CharField(), read_only=True)


@extend_schema_field(MeasuredParcelSerializer(many=True))
class ParcelsField(serializers.JSONField):
    """Handed to the service whole: it answers every problem as ``parcels[i].<field>``."""


class InspectionSerializer(serializers.ModelSerializer[Inspection]):
    application = ApplicationRefField()
    agency = AgencyField()
    inspectors = serializers.SerializerMethodField()
    sample = serializers.SerializerMethodField()
    results = ParcelsField(read_only=True)
    report_number = serializers.SerializerMethodField()

    class Meta:
        model = Inspection
        fields = [
            "id",
            "application",
            "kind",
            "status",
            "agency",
            "inspectors",
            "planned_on",
            "sample",
            "results",
            "score",
            "outcome",
            "findings",
            "opened_at",
            "recorded_at",
            "report_number",
        ]

    def get_inspectors(self, inspection: Inspection) -> list[str]:
        return sorted(user.username for user in inspection.inspectors.all())

    def get_sample(self, inspection: Inspection) -> list[str]:
        return [str(code) for code in inspection.sample]

    def get_report_number(self, inspection: Inspection) -> str | None:
        return inspection.report.number if inspection.report is not None else None


class InspectionAssignSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    inspectors = BoundedJSONField(help_text=_("Two or more user names of the agency."))
    planned_on = BoundedJSONField(help_text=_("The day of the inspection, YYYY-MM-DD."))


class InspectionResultSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    parcels = ParcelsField()
    score = BoundedJSONField(help_text=_("0 to 100."))
    outcome = serializers.ChoiceField(choices=InspectionOutcome.choices)
    findings = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    offence = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=4000,
        help_text=_("What is an offence, if any: the enforcement case opens on the inspection."),
    )


class RectificationFilterSerializer(serializers.Serializer[Any]):
    """The list's filter; an empty one filters nothing."""

    status = serializers.ChoiceField(
        choices=RectificationStatus.choices, required=False, allow_blank=True
    )


class RectificationSerializer(serializers.ModelSerializer[Rectification]):
    application = ApplicationRefField()
    notice_number = serializers.SerializerMethodField()

    class Meta:
        model = Rectification
        fields = [
            "id",
            "application",
            "status",
            "items",
            "deadline",
            "opened_at",
            "answer",
            "answered_at",
            "closed_at",
            "closing_note",
            "notice_number",
        ]

    def get_notice_number(self, rectification: Rectification) -> str | None:
        return rectification.notice.number if rectification.notice is not None else None


class RectificationAnswerSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    answer = serializers.CharField(allow_blank=True, max_length=4000)
    photos = serializers.ListField(
        child=serializers.FileField(), required=False, max_length=10, source="uploads"
    )


class RectificationDecisionSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    note = serializers.CharField(allow_blank=True, max_length=4000)


class SpotCheckDrawInputSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    year = BoundedJSONField(help_text=_("The year whose accepted designs are drawn."))


class SpotCheckDrawSerializer(serializers.ModelSerializer[SpotCheckDraw]):
    """The draw: its seed and the designs (application ids) it drew from and drew."""

    class Meta:
        model = SpotCheckDraw
        fields = ["id", "year", "pct", "seed", "population", "sample", "drawn_at"]


class RectificationOrderSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    opinion = serializers.CharField(allow_blank=True, max_length=4000)


class ControlReportSerializer(serializers.ModelSerializer[ControlReport]):
    agency = AgencyField()

    class Meta:
        model = ControlReport
        fields = [
            "id",
            "year",
            "agency",
            "status",
            "figures",
            "assembled_at",
            "note",
            "finalised_at",
        ]


class ControlReportFinaliseSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
