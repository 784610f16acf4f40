"""``stats/``: the dashboard of the caller's agencies (workflows.stats)."""

from typing import Any

from django.contrib.auth.models import User
from rest_framework.permissions import IsAuthenticated

from core.messages import MSG_OFFICIALS_ONLY
from permits import access
from workflows.stats import AgencyStats, Period, agency_stats

from ..serializers.stats import StatsQuerySerializer, StatsSerializer
from .base import AccessGate, QueryView


class IsOfficial(AccessGate):
    message = MSG_OFFICIALS_ONLY
    allows = staticmethod(access.is_official)


class StatsView(QueryView):
    """The dashboard of the caller's agencies (workflows.stats)."""

    permission_classes = [IsAuthenticated, IsOfficial]
    query_class = StatsQuerySerializer
    answer_class = StatsSerializer

    def answer(self, user: User, query: dict[str, Any]) -> AgencyStats:
        return agency_stats(user=user, period=Period(**query))
