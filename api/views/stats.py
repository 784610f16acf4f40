"""``stats/``: the dashboard of the caller's agencies (workflows.stats)."""

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from permits import access
from workflows.stats import Period, agency_stats

from ..messages import MSG_OFFICIALS_ONLY
from ..serializers.stats import StatsQuerySerializer, StatsSerializer
from .base import AccessGate, AuthenticatedRequest, errors, query_data


class IsOfficial(AccessGate):
    message = MSG_OFFICIALS_ONLY
    allows = staticmethod(access.is_official)


class StatsView(APIView):
    """The dashboard of the caller's agencies (workflows.stats)."""

    permission_classes = [IsAuthenticated, IsOfficial]

    @extend_schema(
        parameters=[StatsQuerySerializer],
        responses={200: StatsSerializer, **errors(400, 401, 403)},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        query = query_data(StatsQuerySerializer, request)
        stats = agency_stats(user=request.user, period=Period(**query))
        return Response(StatsSerializer(stats).data)
