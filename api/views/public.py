"""``public/decisions/``: the published decisions, for everyone (product.md §19 P1)."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.pagination import CappedPaginator
from public.inspections import permit_inspections
from public.models import Publication
from public.publication import entries_of, public_decisions

from ..serializers.public import (
    PermitInspectionsSerializer,
    PublicDecisionQuerySerializer,
    PublicDecisionSerializer,
)
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


class PermitInspectionListView(APIView):
    """No login: the inspection records of a permit (行政许可法 art. 61(2), "公众有权查阅"),
    named by the number of its approval (or of a change or renewal granted)."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(auth=[], responses={200: PermitInspectionsSerializer, **errors(404)})
    def get(self, request: Request, number: str) -> Response:
        found = permit_inspections(number)
        if found is None:
            raise NotFound()
        return Response(PermitInspectionsSerializer(found).data)
