"""``stats/``: the dashboard of the caller's agencies."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

from core.messages import MSG_PERIOD_REVERSED
from workflows.stats import AgencyStats

from .tasks import TaskSerializer


class StatsQuerySerializer(serializers.Serializer[Any]):
    since = serializers.DateField(required=False, allow_null=True, default=None)
    until = serializers.DateField(required=False, allow_null=True, default=None)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["since"] and attrs["until"] and attrs["until"] < attrs["since"]:
            raise serializers.ValidationError(
                {"until": [ErrorDetail(str(MSG_PERIOD_REVERSED), code="invalid")]}
            )
        return attrs


class StatsSerializer(serializers.Serializer[AgencyStats]):
    by_status = serializers.DictField(child=serializers.IntegerField())
    by_kind = serializers.DictField(child=serializers.IntegerField())
    median_working_days_to_decision = serializers.FloatField(allow_null=True)
    on_time_rate = serializers.FloatField(
        allow_null=True, help_text=_("Share (0–1) of review steps decided by their due date.")
    )
    overdue = TaskSerializer(many=True)
