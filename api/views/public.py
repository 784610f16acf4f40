"""``public/decisions/``: the published decisions, for everyone (product.md §19 P1)."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from core.pagination import CappedPaginator
from public.models import Publication
from public.publication import entries_of, public_decisions

from ..serializers.public import PublicDecisionQuerySerializer, PublicDecisionSerializer
from .base import errors, query_data


class CappedPagination(PageNumberPagination):
    """The page, its total counted up to ``core.pagination.COUNT_CAP`` rows: ``count_capped``
    says that more match (pages past the bound are not offered; narrow the filters)."""

    django_paginator_class = CappedPaginator

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        paginator = self.page.paginator if self.page else None
        response.data["count_capped"] = isinstance(paginator, CappedPaginator) and paginator.capped
        return response

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paginated = super().get_paginated_response_schema(schema)
        paginated["required"] = [*paginated.get("required", []), "count_capped"]
        paginated["properties"]["count_capped"] = {"type": "boolean", "example": False}
        return paginated


class PublicDecisionListView(GenericAPIView[Publication]):
    """No login: the decisions the tick published, newest first, by district (its GB/T 2260
    code), kind and decision date (``since``, ``until``), paginated."""

    authentication_classes = []
    permission_classes = [AllowAny]
    pagination_class = CappedPagination

    @extend_schema(
        auth=[],
        parameters=[PublicDecisionQuerySerializer],
        responses={200: PublicDecisionSerializer(many=True), **errors(400, 404)},
    )
    def get(self, request: Request) -> Response:
        query = query_data(PublicDecisionQuerySerializer, request)
        rows = public_decisions(**query)
        page = self.paginate_queryset(rows)
        entries = entries_of(page if page is not None else rows)
        data = PublicDecisionSerializer(instance=entries, many=True).data  # type: ignore[arg-type]
        return self.get_paginated_response(data)
