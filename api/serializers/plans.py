"""``plans/``: the annual plan per 小班 against what was approved and accepted (product.md §19
P4; public.plans)."""

from typing import Any

from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.messages import MSG_YEAR_RANGE
from plans.models import FIRST_YEAR, LAST_YEAR

from .base import district_query_field

# Formatted when read, in the language of the request.
MSG_YEAR = lazy(lambda: str(MSG_YEAR_RANGE) % {"first": FIRST_YEAR, "last": LAST_YEAR}, str)()


def _this_year() -> int:
    return timezone.localdate().year


class PlanQuerySerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField(
        required=False,
        default=_this_year,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text=_("The plan's year (default: this year)."),
        error_messages={
            "invalid": MSG_YEAR,
            "min_value": MSG_YEAR,
            "max_value": MSG_YEAR,
            "max_string_length": MSG_YEAR,
        },
    )
    district = district_query_field()


class TallySerializer(serializers.Serializer[Any]):
    tasks = serializers.IntegerField()
    area_ha = serializers.DecimalField(max_digits=14, decimal_places=4, coerce_to_string=True)


class PlanLineSerializer(serializers.Serializer[Any]):
    district = serializers.DictField(child=serializers.CharField())
    township = serializers.CharField(allow_blank=True)
    planned = TallySerializer()
    approved = TallySerializer()
    accepted = TallySerializer()
    completion = serializers.FloatField(
        allow_null=True, help_text=_("The share of the planned area accepted, from 0 to 1.")
    )


class DesignRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    reference = serializers.CharField()


class PlanVersionSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    version = serializers.IntegerField()


class PlanTaskSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    district = serializers.CharField()
    township = serializers.CharField()
    village = serializers.CharField(allow_blank=True)
    compartment = serializers.CharField()
    task_type = serializers.CharField()
    area_ha = serializers.DecimalField(max_digits=12, decimal_places=4, coerce_to_string=True)
    funding_source = serializers.CharField(allow_blank=True)
    responsible_unit = serializers.CharField()
    plan = PlanVersionSerializer()
    approved = DesignRefSerializer(many=True)
    accepted = serializers.BooleanField()


class PlanProgressSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    districts = PlanLineSerializer(many=True)
    townships = PlanLineSerializer(many=True)
    tasks = PlanTaskSerializer(many=True)
