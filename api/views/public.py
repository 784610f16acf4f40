"""``public/decisions/``: the published decisions, for everyone (product.md §19 P1)."""

from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from public.models import Publication
from public.publication import entry_of, public_decisions

from ..serializers.public import PublicDecisionQuerySerializer, PublicDecisionSerializer
from .base import errors, query_data


class PublicDecisionListView(GenericAPIView[Publication]):
    """No login: the decisions the tick published, newest first, by district (its GB/T 2260
    code), kind and decision date (``since``, ``until``), paginated."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        auth=[],
        parameters=[PublicDecisionQuerySerializer],
        responses={200: PublicDecisionSerializer(many=True), **errors(400, 404)},
    )
    def get(self, request: Request) -> Response:
        query = query_data(PublicDecisionQuerySerializer, request)
        rows = public_decisions(**query)
        page = self.paginate_queryset(rows)
        entries = [entry_of(row) for row in (page if page is not None else rows)]
        data = PublicDecisionSerializer(instance=entries, many=True).data  # type: ignore[arg-type]
        return self.get_paginated_response(data)
