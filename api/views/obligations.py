"""``applications/<id>/obligations/``, ``obligations/``, ``obligations/overdue/``,
``obligations/<id>/filings/`` and ``applications/<id>/incidents/``: what a permit holder owes
after approval and files (product.md §17)."""

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from permits import access
from permits.models import Filing, Obligation
from permits.selectors import obligations_for, obligations_of, obligations_overdue_for
from supervision import services as supervision_services

from ..parsers import FormParser, JSONParser, MultiPartParser
from ..serializers.obligations import (
    FilingCreateJsonSerializer,
    FilingCreateSerializer,
    FilingSerializer,
    ObligationFilterSerializer,
    ObligationListItemSerializer,
    ObligationSerializer,
)
from .base import (
    AccessGate,
    AuthenticatedRequest,
    VisibleApplicationMixin,
    acting,
    body_data,
    errors,
    query_data,
)

MSG_REVIEWERS_ONLY = _(
    "Only reviewers, approvers and heads of agencies can list overdue obligations."
)

FILING_BODY = {
    "application/json": FilingCreateJsonSerializer,
    "multipart/form-data": FilingCreateSerializer,
}


class ReviewsOrHeads(AccessGate):
    """As the overdue obligations page (``web.home.may_use_tasks``)."""

    message = MSG_REVIEWERS_ONLY
    allows = staticmethod(access.reviews_or_heads)


def _filing_answer(filing: Filing) -> Response:
    stored = (
        Filing.objects.select_related("filed_by").prefetch_related("attachments").get(pk=filing.pk)
    )
    return Response(FilingSerializer(stored).data, status=status.HTTP_201_CREATED)


class ApplicationObligationListView(VisibleApplicationMixin, APIView):
    """What the permit owes after approval, with every filing."""

    @extend_schema(responses={200: ObligationSerializer(many=True), **errors(401, 404)})
    def get(self, request: AuthenticatedRequest, pk: int) -> Response:
        rows = obligations_of(self.application())
        return Response(ObligationSerializer(rows, many=True).data)


class ObligationListView(generics.ListAPIView[Obligation]):
    """The obligations of the permits the caller sees: a holder's "what I owe", an agency's
    supervised permits (``?status=&kind=&overdue=``)."""

    serializer_class = ObligationListItemSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> QuerySet[Obligation]:
        filters = query_data(ObligationFilterSerializer, self.request)
        return obligations_for(self.request.user, **filters)

    @extend_schema(
        parameters=[ObligationFilterSerializer],
        responses={200: ObligationListItemSerializer(many=True), **errors(400, 401)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class OverdueObligationListView(generics.ListAPIView[Obligation]):
    """Owed obligations past their due date, on the permits the caller's agencies decided or
    supervise."""

    serializer_class = ObligationListItemSerializer
    permission_classes = [IsAuthenticated, ReviewsOrHeads]

    def get_queryset(self) -> QuerySet[Obligation]:
        return obligations_overdue_for(self.request.user, timezone.localdate()).select_related(
            "application__district"
        )

    @extend_schema(responses={200: ObligationListItemSerializer(many=True), **errors(401, 403)})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class FilingCreateView(APIView):
    """The holder files against an owed obligation (JSON, or multipart with ``photos``)."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        request=FILING_BODY,
        responses={201: FilingSerializer, **errors(400, 401, 403, 404, 409, 413, 415)},
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        body = body_data(FilingCreateSerializer, request)
        filing = supervision_services.filing_submit(
            obligation_id=pk,
            data=body["data"],
            note=body["note"],
            uploads=body.get("photos") or [],
            **acting(request),
        )
        return _filing_answer(filing)


class IncidentCreateView(VisibleApplicationMixin, APIView):
    """An escape, reported by the holder of an introduction at any time (product.md §17 A5)."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        request=FILING_BODY,
        responses={201: FilingSerializer, **errors(400, 401, 403, 404, 409, 413, 415)},
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        application = self.application()
        body = body_data(FilingCreateSerializer, request)
        filing = supervision_services.incident_submit(
            application=application,
            data=body["data"],
            note=body["note"],
            uploads=body.get("photos") or [],
            **acting(request),
        )
        return _filing_answer(filing)
