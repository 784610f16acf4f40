"""``appraisal/``: the appraisal per agency and quarter (product.md §19 P3; public.appraisal)."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.messages import MSG_QUARTER
from public.appraisal import Quarter

from .base import district_query_field


class AppraisalQuerySerializer(serializers.Serializer[Any]):
    period = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=6,
        help_text=_("A quarter, YYYYQn (default: the current quarter)."),
        error_messages={"max_length": MSG_QUARTER},
    )
    district = district_query_field()
    format = serializers.ChoiceField(choices=["json", "csv", "xlsx"], default="json")

    def validate_period(self, value: str) -> Quarter:
        if not value:
            return Quarter.of(timezone.localdate())
        try:
            return Quarter.parse(value)
        except ValueError:
            raise serializers.ValidationError(str(MSG_QUARTER), code="invalid") from None


class FigureSerializer(serializers.Serializer[Any]):
    value = serializers.FloatField(
        allow_null=True,
        help_text=_("A share from 0 to 1, or a median in working days; null when nothing counted."),
    )
    met = serializers.IntegerField(allow_null=True)
    total = serializers.IntegerField()


class IndicatorsSerializer(serializers.Serializer[Any]):
    decisions_on_time = FigureSerializer()
    median_working_days = FigureSerializer()
    inspections_passed = FigureSerializer()
    obligations_on_time = FigureSerializer()
    rectifications_closed = FigureSerializer()
    restorations_in_year = FigureSerializer()
    reports_on_time = FigureSerializer()
    plan_completion = FigureSerializer()
    patches_verified_on_time = FigureSerializer()
    cases_decided_on_time = FigureSerializer()
    cases_closed_on_time = FigureSerializer()


class AppraisedAgencySerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()


class AgencyAppraisalSerializer(serializers.Serializer[Any]):
    agency = serializers.DictField(child=serializers.CharField())
    level = serializers.CharField()
    district = serializers.CharField(allow_null=True)
    indicators = IndicatorsSerializer()


class AppraisalSerializer(serializers.Serializer[Any]):
    period = serializers.CharField()
    since = serializers.DateField()
    until = serializers.DateField()
    as_of = serializers.DateTimeField(
        allow_null=True,
        help_text=_(
            "When the tick computed these figures (the current quarter's every few minutes, an "
            "ended quarter's once); null when they were computed for this request."
        ),
    )
    agencies = AgencyAppraisalSerializer(many=True)
    without_data = AppraisedAgencySerializer(
        many=True,
        help_text=_("The agencies appraised that had no case to count in the quarter."),
    )
