"""``applications/<id>/obligations/``, ``obligations/``, ``obligations/overdue/``,
``obligations/<id>/filings/`` and ``applications/<id>/incidents/``: what a permit holder owes
after approval and files (product.md §17)."""

from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from core.messages import MSG_REVIEWERS_ONLY
from permits import access
from permits.models import Application, Filing, Obligation
from permits.selectors import obligations_for, obligations_of, obligations_overdue_for
from supervision import services as supervision_services

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
    ApplicationActView,
    ApplicationRowsView,
    UploadActView,
    errors,
    query_data,
)


class ReviewsOrHeads(AccessGate):
    """As the overdue obligations page (``web.home.may_use_tasks``)."""

    message = MSG_REVIEWERS_ONLY
    allows = staticmethod(access.reviews_or_heads)


def _filing_stored(filing: Filing) -> Filing:
    return (
        Filing.objects.select_related("filed_by").prefetch_related("attachments").get(pk=filing.pk)
    )


class ApplicationObligationListView(ApplicationRowsView):
    """What the permit owes after approval, with every filing."""

    rows_class = ObligationSerializer

    def rows(self, user: User, application: Application) -> QuerySet[Obligation]:
        return obligations_of(application)


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


class FilingActView(UploadActView):
    # A filing, JSON or multipart with ``photos``; answers with it. No docstring: the schema
    # would describe every subclass with it.

    body_class = FilingCreateSerializer
    json_body_class = FilingCreateJsonSerializer
    read = staticmethod(_filing_stored)
    answer_class = FilingSerializer
    answer_status = 201


class FilingCreateView(FilingActView):
    """The holder files against an owed obligation (JSON, or multipart with ``photos``)."""

    act = staticmethod(supervision_services.filing_submit)
    target = "obligation_id"


class IncidentCreateView(ApplicationActView, FilingActView):
    """An escape, reported by the holder of an introduction at any time (product.md §17 A5)."""

    act = staticmethod(supervision_services.incident_submit)
