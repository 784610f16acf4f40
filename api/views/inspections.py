"""Inspections (检查验收, product.md §17 A2, A4): the officials' list, the head's assignment and
an assigned inspector's result; rectifications (A6): the list, the holder's answer, 销号 and
escalation."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from supervision import inspections as inspection_services
from supervision.models import ControlReport, Inspection, Rectification
from supervision.rectifications import (
    rectification_answer,
    rectification_close,
    rectification_escalate,
    rectification_order_for_obligation,
    rectifications_visible_to,
)
from supervision.reports import control_report_finalise, control_reports_visible_to
from supervision.spotchecks import spot_checks_draw

from ..parsers import FormParser, JSONParser, MultiPartParser
from ..serializers.inspections import (
    ControlReportFinaliseSerializer,
    ControlReportSerializer,
    InspectionAssignSerializer,
    InspectionFilterSerializer,
    InspectionResultSerializer,
    InspectionSerializer,
    RectificationAnswerSerializer,
    RectificationDecisionSerializer,
    RectificationFilterSerializer,
    RectificationOrderSerializer,
    RectificationSerializer,
    SpotCheckDrawInputSerializer,
    SpotCheckDrawSerializer,
)
from .base import AuthenticatedRequest, acting, body_data, errors, query_data


def _answer(inspection: Inspection) -> Response:
    stored = (
        Inspection.objects.select_related("application", "agency", "report")
        .prefetch_related("inspectors")
        .get(pk=inspection.pk)
    )
    return Response(InspectionSerializer(stored).data)


class InspectionListView(generics.ListAPIView[Inspection]):
    """The inspections of the permits the caller sees (officials; ``?status=&kind=``)."""

    serializer_class = InspectionSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> QuerySet[Inspection]:
        filters = query_data(InspectionFilterSerializer, self.request)
        rows = inspection_services.inspections_visible_to(self.request.user)
        if filters.get("status"):
            rows = rows.filter(status=filters["status"])
        if filters.get("kind"):
            rows = rows.filter(kind=filters["kind"])
        return rows.select_related("report").prefetch_related("inspectors")

    @extend_schema(
        parameters=[InspectionFilterSerializer],
        responses={200: InspectionSerializer(many=True), **errors(400, 401)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class InspectionAssignView(APIView):
    """The head of the inspecting agency names two or more inspectors and the day."""

    @extend_schema(
        request=InspectionAssignSerializer,
        responses={200: InspectionSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        body = body_data(InspectionAssignSerializer, request)
        inspection = inspection_services.inspection_assign(
            inspection_id=pk,
            inspectors=body["inspectors"],
            planned_on=body["planned_on"],
            **acting(request),
        )
        return _answer(inspection)


class InspectionResultView(APIView):
    """An assigned inspector records the measurements, the score and the outcome."""

    @extend_schema(
        request=InspectionResultSerializer,
        responses={200: InspectionSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        body = body_data(InspectionResultSerializer, request)
        inspection = inspection_services.inspection_result(
            inspection_id=pk,
            parcels=body["parcels"],
            score=body["score"],
            outcome=body["outcome"],
            findings=body["findings"],
            **acting(request),
        )
        return _answer(inspection)


def _rectification_answer(rectification: Rectification) -> Response:
    stored = Rectification.objects.select_related("application", "notice").get(pk=rectification.pk)
    return Response(RectificationSerializer(stored).data)


class RectificationListView(generics.ListAPIView[Rectification]):
    """The rectifications of the permits the caller sees: a holder's, an agency's
    (``?status=open|answered|closed|escalated``)."""

    serializer_class = RectificationSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> QuerySet[Rectification]:
        filters = query_data(RectificationFilterSerializer, self.request)
        rows = rectifications_visible_to(self.request.user)
        if filters.get("status"):
            rows = rows.filter(status=filters["status"])
        return rows

    @extend_schema(
        parameters=[RectificationFilterSerializer],
        responses={200: RectificationSerializer(many=True), **errors(400, 401)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class RectificationAnswerView(APIView):
    """The holder says what it corrected (JSON, or multipart with ``photos``)."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        request=RectificationAnswerSerializer,
        responses={200: RectificationSerializer, **errors(400, 401, 403, 404, 409, 413, 415)},
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        body = body_data(RectificationAnswerSerializer, request)
        rectification = rectification_answer(
            rectification_id=pk,
            answer=body["answer"],
            uploads=body.get("photos") or [],
            **acting(request),
        )
        return _rectification_answer(rectification)


class RectificationCloseView(APIView):
    """销号: the ordering agency's reviewer or head, after the holder's answer."""

    @extend_schema(
        request=RectificationDecisionSerializer,
        responses={200: RectificationSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        body = body_data(RectificationDecisionSerializer, request)
        rectification = rectification_close(
            rectification_id=pk, note=body["note"], **acting(request)
        )
        return _rectification_answer(rectification)


class RectificationEscalateView(APIView):
    """Not corrected: escalated to the agency's heads."""

    @extend_schema(
        request=RectificationDecisionSerializer,
        responses={200: RectificationSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        body = body_data(RectificationDecisionSerializer, request)
        rectification = rectification_escalate(
            rectification_id=pk, note=body["note"], **acting(request)
        )
        return _rectification_answer(rectification)


class SpotCheckDrawView(APIView):
    """The head of a municipal forestry agency draws the year's spot checks (product.md §17 A3)."""

    @extend_schema(
        request=SpotCheckDrawInputSerializer,
        responses={201: SpotCheckDrawSerializer, **errors(400, 401, 403, 409)},
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        body = body_data(SpotCheckDrawInputSerializer, request)
        draw = spot_checks_draw(year=body["year"], **acting(request))
        return Response(SpotCheckDrawSerializer(draw).data, status=status.HTTP_201_CREATED)


class RectificationOrderView(APIView):
    """The district agency orders an overdue obligation corrected (product.md §17 A6)."""

    @extend_schema(
        request=RectificationOrderSerializer,
        responses={201: RectificationSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        body = body_data(RectificationOrderSerializer, request)
        rectification = rectification_order_for_obligation(
            obligation_id=pk, opinion=body["opinion"], **acting(request)
        )
        answer = _rectification_answer(rectification)
        answer.status_code = status.HTTP_201_CREATED
        return answer


class ControlReportListView(generics.ListAPIView[ControlReport]):
    """The yearly control reports of introductions the caller's agencies decided (A5)."""

    serializer_class = ControlReportSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> QuerySet[ControlReport]:
        return control_reports_visible_to(self.request.user)

    @extend_schema(responses={200: ControlReportSerializer(many=True), **errors(401)})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class ControlReportFinaliseView(APIView):
    """The deciding agency's approver or head finalises the December draft."""

    @extend_schema(
        request=ControlReportFinaliseSerializer,
        responses={200: ControlReportSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        body = body_data(ControlReportFinaliseSerializer, request)
        report = control_report_finalise(report_id=pk, note=body["note"], **acting(request))
        return Response(ControlReportSerializer(report).data)
