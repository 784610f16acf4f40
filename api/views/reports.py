"""Reports from the public (product.md §19 P2): ``public/reports/`` (no login, throttled) and
``public/reports/<code>/`` (status and outcome only), and the handling agencies' ``reports/``,
``reports/<id>/``, its photos, ``site-check/`` and ``close/``."""

from typing import Any, ClassVar

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import NotVisible
from core.files import file_response
from permits.access import AnyUser
from public import reports as report_services
from public.models import Report
from public.throttle import Quota, throttle

from ..parsers import FormParser, JSONParser, MultiPartParser
from ..serializers.reports import (
    PublicReportFileJsonSerializer,
    PublicReportFileSerializer,
    PublicReportStatusSerializer,
    ReportCloseSerializer,
    ReportListItemSerializer,
    ReportListQuerySerializer,
    ReportSerializer,
    ReportSiteCheckSerializer,
    ReportTransferSerializer,
    TrackingCodeSerializer,
)
from .base import (
    UPLOAD_PARSERS,
    ActView,
    AuthenticatedRequest,
    ListView,
    body_data,
    errors,
    filtered,
)


class PublicReportFileView(APIView):
    """No login: anyone reports harm, with a point or an area and up to three photos; the
    answer is the tracking code, nothing else."""

    authentication_classes = []
    permission_classes = [AllowAny]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        auth=[],
        request={
            "application/json": PublicReportFileJsonSerializer,
            "multipart/form-data": PublicReportFileSerializer,
        },
        responses={201: TrackingCodeSerializer, **errors(400, 413, 429)},
    )
    def post(self, request: Request) -> Response:
        throttle(request, "report_attempt")
        with Quota(request, "report") as quota:
            body = body_data(PublicReportFileSerializer, request)
            report = report_services.report_file(
                kind=body["kind"],
                description=body["description"],
                site_geometry=body["site_geometry"],
                district=body.get("district"),
                contact=body.get("contact") or "",
                uploads=body.get("photos") or [],
            )
            quota.keep()
        return Response({"tracking_code": report.tracking_code}, status=status.HTTP_201_CREATED)


# A status changes: never kept by a browser or a proxy, found or not (the 404 and 429 too).
@method_decorator(never_cache, name="dispatch")
class PublicReportStatusView(APIView):
    """No login: a report's status and outcome by its tracking code (404 for a code that is
    not one, malformed or unknown alike); throttled per address and per code."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(auth=[], responses={200: PublicReportStatusSerializer, **errors(404, 429)})
    def get(self, request: Request, code: str) -> Response:
        normal = report_services.tracking_code_normal(code)
        # A malformed code is counted as an unknown one is: by what was asked.
        throttle(request, "status", code=normal or code[:40])
        found = report_services.report_public_status(normal)
        if found is None:
            raise NotVisible()
        return Response(PublicReportStatusSerializer(found).data)


class ReportListView(ListView):
    """The reports of the agencies the caller handles them for (reviewers and heads), newest
    first; nobody else's, and none to anyone else."""

    serializer_class = ReportListItemSerializer
    query_class = ReportListQuerySerializer

    def rows(self, user: AnyUser, query: dict[str, Any]) -> QuerySet[Report]:
        rows = filtered(report_services.reports_visible_to(user), query, "status")
        if query.get("contact"):
            rows = report_services.reports_by_contact(rows, query["contact"])
        return rows


class ReportDetailView(APIView):
    @extend_schema(responses={200: ReportSerializer, **errors(401, 404)})
    def get(self, request: AuthenticatedRequest, pk: int) -> Response:
        report = report_services.report_get_visible(request.user, pk)
        return Response(ReportSerializer(report).data)


class ReportPhotoView(APIView):
    @extend_schema(responses={(200, "image/*"): bytes, **errors(401, 404)})
    def get(self, request: AuthenticatedRequest, pk: int, photo: int) -> FileResponse:
        found = report_services.report_photo_get(request.user, pk, photo)
        return file_response(found.file, content_type=found.content_type)


class ReportActView(ActView):
    # An act of the handling agency on a report; answers with the report as the caller reads
    # it. No docstring: the schema would describe every subclass with it.

    parser_classes = UPLOAD_PARSERS
    target = "report_id"
    answer_class: ClassVar[type[ReportSerializer] | None] = ReportSerializer
    codes = (400, 401, 404, 409)

    def answer_data(self, done: Report, request: Request) -> Any:
        return ReportSerializer(report_services.report_get_visible(request.user, done.pk)).data


class ReportSiteCheckView(ReportActView):
    body_class = ReportSiteCheckSerializer
    act = staticmethod(report_services.report_site_check)


class ReportCloseView(ReportActView):
    body_class = ReportCloseSerializer
    act = staticmethod(report_services.report_close)


class ReportTransferView(ReportActView):
    """Send a report filed to the wrong district on to the right one's agencies (before
    its site check); the caller's agency no longer reads it, so the answer is 204."""

    body_class = ReportTransferSerializer
    act = staticmethod(report_services.report_transfer)
    answer_class = None
    answer_status = 204
