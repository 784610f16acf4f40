"""``zones/`` and ``parcels/`` (api.md "Zones and parcels", product.md §15): the map the
screening reads."""

from typing import Any, cast

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.utils.serializer_helpers import ReturnList

from roles.models import District
from zones.models import Parcel, ProtectedZone, ZoneKind

MSG_UNKNOWN_DISTRICT = _("Unknown district code.")


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


class ParcelHistorySerializer(serializers.Serializer[Any]):
    reference = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.CharField()


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
        "credit_code"} | null``); null when the registry names none."""
        if not (parcel.agreement_holder or parcel.agreement_holder_code):
            return None
        return {"name": parcel.agreement_holder, "credit_code": parcel.agreement_holder_code}

    @extend_schema_field(ParcelHistorySerializer(many=True))
    def get_history(self, parcel: Parcel) -> ReturnList[Any]:
        histories = self.context.get("histories", {})
        applications = histories.get((parcel.district_id, parcel.compartment), [])
        # many=True: a ListSerializer, whose data the stubs do not know to be a list.
        return cast("ReturnList[Any]", ParcelHistorySerializer(applications, many=True).data)
