"""The forest supervision's change patches (issue 48; api.md "Change patches"): the layer
imported, the patches listed and read, the field verification and the close."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from enforcement.selectors import PK_MAX
from forest_watch.choices import ChangeType, Classification, MatchStatus, Outcome, PatchStatus
from forest_watch.models import Patch, PatchLayer, Verification
from forest_watch.services import patch_case

from .base import (
    PhotosField,
    RefuseUnknownFieldsMixin,
    ServiceCheckedValue,
    district_query_field,
)
from .reports import (
    BlankAsNullChoiceField,
    ReportDayField,
    ReportInspectorsField,
    ReportTextField,
    ReportTransferDistrictField,
)


class PatchLayerImportSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    file = serializers.FileField(
        max_length=None,
        use_url=False,
        help_text=_("GeoJSON, a zipped shapefile with its .prj, or a GeoPackage."),
    )
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    jurisdiction = serializers.RegexField(r"^[0-9]{6}\Z", max_length=6)
    district = serializers.RegexField(
        r"^[0-9]{6}\Z", max_length=6, required=False, allow_blank=True, default=""
    )
    source_document = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=500,
        help_text=_("The document that sent the patches (default: the year's supervision)."),
    )


class PatchLayerSerializer(serializers.ModelSerializer[PatchLayer]):
    patches = serializers.IntegerField(source="patch_count")
    match_status = serializers.ChoiceField(choices=MatchStatus.choices)

    class Meta:
        model = PatchLayer
        fields = ("id", "year", "version", "demo", "patches", "match_status", "matched")
        read_only_fields = fields


class ApplicationRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    reference = serializers.CharField()


class PatchPermitSerializer(serializers.Serializer[Any]):
    application = ApplicationRefSerializer()
    overlap_ha = serializers.FloatField()


class CaseRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    number = serializers.CharField()


class PatchListItemSerializer(serializers.ModelSerializer[Patch]):
    """api.md's patch list item: what the records say and where its verification stands."""

    district = serializers.CharField(source="district_id")
    area_ha = serializers.DecimalField(
        source="declared_area_ha", max_digits=14, decimal_places=4, coerce_to_string=False
    )
    change_type = serializers.ChoiceField(choices=ChangeType.choices)
    classification = serializers.ChoiceField(choices=Classification.choices)
    status = serializers.ChoiceField(choices=PatchStatus.choices)
    permits = serializers.SerializerMethodField()
    outcome = BlankAsNullChoiceField(choices=Outcome.choices, allow_null=True)
    case = serializers.SerializerMethodField()
    demo = serializers.BooleanField(
        source="layer_demo", help_text=_("Its layer is demo data, never a real patch.")
    )

    class Meta:
        model = Patch
        fields: tuple[str, ...] = (
            "id",
            "number",
            "district",
            "change_type",
            "area_ha",
            "classification",
            "permits",
            "status",
            "due_date",
            "outcome",
            "case",
            "demo",
        )
        read_only_fields: tuple[str, ...] = fields

    @extend_schema_field(PatchPermitSerializer(many=True))
    def get_permits(self, patch: Patch) -> list[dict[str, Any]]:
        found = patch.found if isinstance(patch.found, dict) else {}
        return list(found.get("permits", []))

    @extend_schema_field(CaseRefSerializer(allow_null=True))
    def get_case(self, patch: Patch) -> dict[str, Any] | None:
        return patch_case(patch)


class VerificationSerializer(serializers.ModelSerializer[Verification]):
    inspectors = serializers.JSONField(source="inspector_names")
    photos = serializers.SerializerMethodField()

    class Meta:
        model = Verification
        fields = (
            "id",
            "checked_on",
            "inspectors",
            "change_type",
            "finding",
            "permit_reference",
            "measured_area_ha",
            "position",
            "photos",
            "recorded_at",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_photos(self, verification: Verification) -> list[str]:
        return [photo.sha256 for photo in verification.photos.all()]


class PatchSerializer(PatchListItemSerializer):
    """A patch as its readers see it: its polygon, its dates and what the matching found."""

    layer = serializers.IntegerField(source="layer_id")
    computed_area_ha = serializers.DecimalField(
        source="area_ha", max_digits=14, decimal_places=4, coerce_to_string=False
    )
    found = serializers.JSONField()
    agency = serializers.CharField(source="agency.code", allow_null=True)
    verifications = VerificationSerializer(many=True)

    class Meta(PatchListItemSerializer.Meta):
        fields = (
            *PatchListItemSerializer.Meta.fields,
            "layer",
            "before_date",
            "after_date",
            "land_class",
            "computed_area_ha",
            "covered_ha",
            "geometry",
            "found",
            "agency",
            "findings",
            "closing_number",
            "closed_at",
            "verifications",
        )
        read_only_fields = fields


class PatchQuerySerializer(serializers.Serializer[Any]):
    layer = serializers.IntegerField(required=False, min_value=1, max_value=PK_MAX)
    district = district_query_field()
    classification = serializers.ChoiceField(
        choices=Classification.choices, required=False, allow_blank=True, default=""
    )
    status = serializers.ChoiceField(
        choices=PatchStatus.choices, required=False, allow_blank=True, default=""
    )
    format = serializers.ChoiceField(choices=["json", "csv", "xlsx"], default="json")


@extend_schema_field(serializers.ChoiceField(choices=ChangeType.choices))
class ChangeTypeField(ServiceCheckedValue):
    """A change type (checked by the service)."""


@extend_schema_field(serializers.DecimalField(max_digits=14, decimal_places=4))
class AreaField(ServiceCheckedValue):
    """Hectares (checked by the service)."""


@extend_schema_field(serializers.CharField(required=False))
class PermitReferenceField(ServiceCheckedValue):
    """A permit's reference (checked by the service)."""


@extend_schema_field(
    {
        "type": "object",
        "description": _("A GeoJSON Point from the device (in multipart: its JSON text)."),
    }
)
class PositionField(ServiceCheckedValue):
    """A GeoJSON point or its text (checked by the service)."""


class PatchVerificationSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    checked_on = ReportDayField()
    inspectors = ReportInspectorsField()
    change_type = ChangeTypeField()
    finding = ReportTextField()
    measured_area_ha = AreaField()
    permit_reference = PermitReferenceField(required=False)
    position = PositionField(required=False)
    photos = PhotosField()


class PatchVerificationJsonSerializer(PatchVerificationSerializer):
    photos = None  # type: ignore[assignment]


@extend_schema_field(serializers.ChoiceField(choices=Outcome.choices))
class OutcomeField(ServiceCheckedValue):
    """An outcome (checked by the service)."""


class PatchCloseSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    outcome = OutcomeField()
    findings = ReportTextField()


class PatchSendOnSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    district = ReportTransferDistrictField()
    reason = ReportTextField()
