"""``applications/<id>/reports/`` and ``reports/overdue/``: the reports a permit holder owes
after approval."""

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

from permits import access, services
from permits.models import ScheduledReport
from permits.selectors import reports_of, reports_overdue_for

from ..parsers import FormParser, JSONParser, MultiPartParser
from ..serializers.reports import (
    OverdueReportSerializer,
    ReportFileJsonSerializer,
    ReportFileSerializer,
    ReportSerializer,
)
from .base import (
    AccessGate,
    AuthenticatedRequest,
    VisibleApplicationMixin,
    acting,
    body_data,
    errors,
)

MSG_REVIEWERS_ONLY = _("Only reviewers, approvers and heads of agencies can list overdue reports.")


class ReviewsOrHeads(AccessGate):
    """As the overdue reports page (``web.home.may_use_tasks``)."""

    message = MSG_REVIEWERS_ONLY
    allows = staticmethod(access.reviews_or_heads)


class ApplicationReportListView(VisibleApplicationMixin, APIView):
    """The reports the permit holder owes after approval; the applicant organisation files them
    (JSON, or multipart with a ``file``)."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(responses={200: ReportSerializer(many=True), **errors(401, 404)})
    def get(self, request: AuthenticatedRequest, pk: int) -> Response:
        reports = reports_of(self.application()).select_related("filed_by", "attachment")
        return Response(ReportSerializer(reports, many=True).data)

    @extend_schema(
        request={
            "application/json": ReportFileJsonSerializer,
            "multipart/form-data": ReportFileSerializer,
        },
        responses={201: ReportSerializer, **errors(400, 401, 403, 404, 409, 413, 415)},
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        application = self.application()
        body = body_data(ReportFileSerializer, request)
        report = services.report_file(
            application=application,
            report_id=body["report"],
            text=body["text"],
            upload=body.get("file"),
            **acting(request),
        )
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)


class OverdueReportListView(generics.ListAPIView[ScheduledReport]):
    """Unfiled reports past their due date, on the permits the caller's agencies decided."""

    serializer_class = OverdueReportSerializer
    permission_classes = [IsAuthenticated, ReviewsOrHeads]

    def get_queryset(self) -> QuerySet[ScheduledReport]:
        return reports_overdue_for(self.request.user, timezone.localdate()).select_related(
            "application__district"
        )

    @extend_schema(responses={200: OverdueReportSerializer(many=True), **errors(401, 403)})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)
