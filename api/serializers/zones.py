"""``zones/`` and ``parcels/`` (api.md "Zones and parcels", product.md §15): the map the
screening reads."""

from datetime import date, datetime
from typing import Any, cast

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.utils.serializer_helpers import ReturnList

from core.masking import holder_as_kept
from core.messages import MSG_UNKNOWN_DISTRICT
from permits.access import is_official
from roles.models import District
from supervision.models import InspectionKind, InspectionOutcome
from zones.models import Parcel, ProtectedZone, ZoneKind


class _DistrictQuery(serializers.Serializer[Any]):
    district = serializers.CharField(required=False, max_length=6)

    def validate_district(self, value: str) -> District:
        district = District.objects.filter(pk=value).first()
        if district is None:
            raise serializers.ValidationError(MSG_UNKNOWN_DISTRICT, code="invalid_choice")
        return district


class ZoneQuerySerializer(_DistrictQuery):
    kind = serializers.ChoiceField(choices=ZoneKind.choices, required=False)


class ParcelQuerySerializer(_DistrictQuery):
    # Blank: any compartment (``parcels_current``), as when it is left out.
    compartment = serializers.CharField(required=False, allow_blank=True, max_length=41)


class ZoneSerializer(serializers.ModelSerializer[ProtectedZone]):
    jurisdiction = serializers.CharField(source="jurisdiction_id")
    district = serializers.CharField(source="district_id", allow_null=True)
    geometry = serializers.JSONField()

    class Meta:
        model = ProtectedZone
        # ``grade``: a forest_land_grade zone's 林地保护等级 (1 = Ⅰ级); null for other kinds.
        fields = ("id", "name", "kind", "grade", "jurisdiction", "district", "source", "geometry")
        read_only_fields = fields


class ParcelInspectionSerializer(serializers.Serializer[Any]):
    """What one recorded inspection found on the 小班 (product.md §17 A7)."""

    kind = serializers.ChoiceField(choices=InspectionKind.choices)
    outcome = serializers.ChoiceField(choices=InspectionOutcome.choices)
    recorded_on = serializers.SerializerMethodField()
    # As measured and stored (a decimal string), null where the result names none.
    measured_area_ha = serializers.CharField(allow_null=True)
    operation_type = serializers.CharField(allow_blank=True)
    problems = serializers.ListField(child=serializers.CharField())

    def get_recorded_on(self, found: dict[str, Any]) -> date | None:
        recorded: datetime | None = found["recorded_on"]
        return timezone.localdate(recorded) if recorded else None


class ParcelHistorySerializer(serializers.Serializer[Any]):
    reference = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.CharField()
    # The application's recorded inspections that measured this 小班: accepted, restored or
    # failed, with the measured facts (product.md §17 A7).
    inspections = serializers.SerializerMethodField()

    @extend_schema_field(ParcelInspectionSerializer(many=True))
    def get_inspections(self, application: Any) -> ReturnList[Any]:
        found = self.context.get("inspections", {})
        rows = found.get((application.pk, self.context.get("compartment")), [])
        return cast("ReturnList[Any]", ParcelInspectionSerializer(rows, many=True).data)


class AgreementHolderSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    # "" when the registry names the holder without its code.
    credit_code = serializers.CharField()


class ParcelSerializer(serializers.ModelSerializer[Parcel]):
    district = serializers.CharField(source="district_id")
    geometry = serializers.JSONField()
    agreement_holder = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()

    class Meta:
        model = Parcel
        fields = (
            "id",
            "district",
            "compartment",
            "forest_block",
            "sub_compartment",
            "forest_origin",
            "welfare_grade",
            "agreement_holder",
            "geometry",
            "history",
        )
        read_only_fields = fields

    @extend_schema_field(AgreementHolderSerializer(allow_null=True))
    def get_agreement_holder(self, parcel: Parcel) -> dict[str, str] | None:
        """The management-agreement holder as an organisation (api.md: ``{"name",
        "credit_code"} | null``); null when the registry names none. To anyone but an official
        a holder named without a code (who may be a natural person) is masked."""
        if not (parcel.agreement_holder or parcel.agreement_holder_code):
            return None
        name, code = parcel.agreement_holder, parcel.agreement_holder_code
        request = self.context.get("request")
        if request is None or not is_official(request.user):
            name = holder_as_kept(name, code)
        return {"name": name, "credit_code": code}

    @extend_schema_field(ParcelHistorySerializer(many=True))
    def get_history(self, parcel: Parcel) -> ReturnList[Any]:
        histories = self.context.get("histories", {})
        applications = histories.get((parcel.district_id, parcel.compartment), [])
        context = {
            "inspections": self.context.get("inspections", {}),
            "compartment": parcel.compartment,
        }
        # many=True: a ListSerializer, whose data the stubs do not know to be a list.
        rows = ParcelHistorySerializer(applications, many=True, context=context)
        return cast("ReturnList[Any]", rows.data)
