"""``public/decisions/``: the published decisions (product.md §19 P1; public.publication)."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

from core.messages import MSG_PERIOD_REVERSED
from documents.models import CertificateStatus
from permits.choices import Kind
from supervision.models import InspectionKind, InspectionOutcome

from .base import district_query_field
from .certificates import STATUS_ON_HELP

ISO_DAY = "%Y-%m-%d"


class PublicDecisionQuerySerializer(serializers.Serializer[Any]):
    district = district_query_field()
    kind = serializers.ChoiceField(
        choices=Kind.choices, required=False, allow_blank=True, default=""
    )
    since = serializers.DateField(
        required=False, allow_null=True, default=None, input_formats=[ISO_DAY]
    )
    until = serializers.DateField(
        required=False, allow_null=True, default=None, input_formats=[ISO_DAY]
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["since"] and attrs["until"] and attrs["until"] < attrs["since"]:
            raise serializers.ValidationError(
                {"until": [ErrorDetail(str(MSG_PERIOD_REVERSED), code="invalid")]}
            )
        return attrs


class PublicDecisionSerializer(serializers.Serializer[dict[str, Any]]):
    """api.md's public decision; nothing else of the file is ever in it."""

    number = serializers.CharField()
    document_kind = serializers.CharField()
    kind = serializers.CharField()
    decided_on = serializers.DateField()
    holder = serializers.CharField()
    district = serializers.CharField()
    township = serializers.CharField()
    compartments = serializers.ListField(child=serializers.CharField())
    area_ha = serializers.DecimalField(
        max_digits=14, decimal_places=4, allow_null=True, coerce_to_string=False
    )
    valid_from = serializers.DateField(allow_null=True)
    valid_until = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=CertificateStatus.choices)
    status_on = serializers.DateField(allow_null=True, help_text=STATUS_ON_HELP)


class PublicInspectionResultSerializer(serializers.Serializer[Any]):
    compartment = serializers.CharField()
    measured_area_ha = serializers.CharField(required=False)
    operation_type = serializers.CharField(required=False)
    intensity_pct = serializers.CharField(required=False)
    volume_m3 = serializers.CharField(required=False)
    problems = serializers.ListField(child=serializers.CharField())


class PublicInspectionSerializer(serializers.Serializer[Any]):
    """One inspection record (监督检查记录, 行政许可法 art. 61(2)) as the public reads it."""

    kind = serializers.ChoiceField(choices=InspectionKind.choices)
    agency = serializers.CharField()
    inspected_on = serializers.DateField(allow_null=True)
    inspectors = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("The inspectors who made and signed the record (officials in office)."),
    )
    sample = serializers.ListField(child=serializers.CharField())
    results = PublicInspectionResultSerializer(many=True)
    score = serializers.CharField(allow_null=True)
    outcome = serializers.ChoiceField(choices=InspectionOutcome.choices)
    findings = serializers.CharField(allow_blank=True)
    report = serializers.CharField(help_text=_("The number of its 检查验收意见书."))
    thresholds = serializers.DictField(help_text=_("The thresholds the work was held to."))
    thresholds_are = serializers.CharField(
        help_text=_(
            'Always "bureau_standard": the thresholds are the bureau\'s inspection standard, '
            "not statutory conditions."
        )
    )


class PermitInspectionsSerializer(serializers.Serializer[Any]):
    """A permit's inspection records, named by its granting document's number."""

    number = serializers.CharField()
    holder = serializers.CharField(help_text=_("As the public decisions name it."))
    records = PublicInspectionSerializer(many=True)
