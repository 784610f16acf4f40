"""``zones/`` and ``parcels/`` (api.md "Zones and parcels", product.md §15): the map the
screening reads.

Any signed-in user reads the zones and the registry (they are the map applicants draw on);
a parcel's history lists only the applications the reader may see.
"""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from permits.access import AnyUser
from permits.selectors import parcel_histories, parcels_current, zones_in_force
from supervision.selectors import inspections_by_compartment
from zones.models import ProtectedZone

from ..serializers.zones import (
    ParcelQuerySerializer,
    ParcelSerializer,
    ZoneQuerySerializer,
    ZoneSerializer,
)
from .base import AuthenticatedRequest, ListView, errors, query_data


class ZoneListView(ListView):
    serializer_class = ZoneSerializer
    query_class = ZoneQuerySerializer
    pagination_class = None  # the whole map: applicants draw on it

    def rows(self, user: AnyUser, query: dict[str, Any]) -> QuerySet[ProtectedZone]:
        return zones_in_force(kind=query.get("kind", ""), district=query.get("district"))


class ParcelListView(APIView):
    @extend_schema(
        parameters=[ParcelQuerySerializer],
        responses={200: ParcelSerializer(many=True), **errors(400, 401)},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        query = query_data(ParcelQuerySerializer, request)
        parcels = list(
            parcels_current(
                district=query.get("district"), compartment=query.get("compartment", "")
            )
        )
        histories = parcel_histories(request.user, parcels)
        inspected = inspections_by_compartment(
            application.pk for applications in histories.values() for application in applications
        )
        context = {"histories": histories, "inspections": inspected, "request": request}
        return Response(ParcelSerializer(parcels, many=True, context=context).data)
