"""Inspections (检查验收, product.md §17 A2, A4): the officials' list, the head's assignment and
an assigned inspector's result; rectifications (A6): the list, the holder's answer, 销号 and
escalation."""

from typing import Any

from django.db.models import QuerySet

from permits.access import AnyUser
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
from .base import ActView, ListView, UploadActView, filtered


def _inspection_stored(inspection: Inspection) -> Inspection:
    return (
        Inspection.objects.select_related("application", "agency", "report")
        .prefetch_related("inspectors")
        .get(pk=inspection.pk)
    )


class InspectionListView(ListView):
    """The inspections of the permits the caller sees (officials; ``?status=&kind=``)."""

    serializer_class = InspectionSerializer
    query_class = InspectionFilterSerializer

    def rows(self, user: AnyUser, query: dict[str, Any]) -> QuerySet[Inspection]:
        rows = filtered(inspection_services.inspections_visible_to(user), query, "status", "kind")
        return rows.select_related("report").prefetch_related("inspectors")


class InspectionActView(ActView):
    # An act on the inspection of the URL; answers with the inspection. No docstring: the
    # schema would describe every subclass with it.

    target = "inspection_id"
    read = staticmethod(_inspection_stored)
    answer_class = InspectionSerializer


class InspectionAssignView(InspectionActView):
    """The head of the inspecting agency names two or more inspectors and the day."""

    body_class = InspectionAssignSerializer
    act = staticmethod(inspection_services.inspection_assign)


class InspectionResultView(InspectionActView):
    """An assigned inspector records the measurements, the score and the outcome."""

    body_class = InspectionResultSerializer
    act = staticmethod(inspection_services.inspection_result)


def _rectification_stored(rectification: Rectification) -> Rectification:
    return Rectification.objects.select_related("application", "notice").get(pk=rectification.pk)


class RectificationListView(ListView):
    """The rectifications of the permits the caller sees: a holder's, an agency's
    (``?status=open|answered|closed|escalated``)."""

    serializer_class = RectificationSerializer
    query_class = RectificationFilterSerializer

    def rows(self, user: AnyUser, query: dict[str, Any]) -> QuerySet[Rectification]:
        return filtered(rectifications_visible_to(user), query, "status")


class RectificationActView(ActView):
    # An act on a rectification; answers with it. No docstring: the schema would describe
    # every subclass with it.

    target = "rectification_id"
    read = staticmethod(_rectification_stored)
    answer_class = RectificationSerializer


class RectificationAnswerView(UploadActView, RectificationActView):
    """The holder says what it corrected (JSON, or multipart with ``photos``)."""

    body_class = RectificationAnswerSerializer
    act = staticmethod(rectification_answer)


class RectificationCloseView(RectificationActView):
    """销号: the ordering agency's reviewer or head, after the holder's answer."""

    body_class = RectificationDecisionSerializer
    act = staticmethod(rectification_close)


class RectificationEscalateView(RectificationActView):
    """Not corrected: escalated to the agency's heads."""

    body_class = RectificationDecisionSerializer
    act = staticmethod(rectification_escalate)


class SpotCheckDrawView(ActView):
    """The head of a municipal forestry agency draws the year's spot checks (product.md §17 A3)."""

    body_class = SpotCheckDrawInputSerializer
    act = staticmethod(spot_checks_draw)
    answer_class = SpotCheckDrawSerializer
    answer_status = 201
    codes = (400, 401, 403, 409)


class RectificationOrderView(RectificationActView):
    """The district agency orders an overdue obligation corrected (product.md §17 A6)."""

    body_class = RectificationOrderSerializer
    act = staticmethod(rectification_order_for_obligation)
    target = "obligation_id"
    answer_status = 201


class ControlReportListView(ListView):
    """The yearly control reports of introductions the caller's agencies decided (A5)."""

    serializer_class = ControlReportSerializer

    def rows(self, user: AnyUser, query: dict[str, Any]) -> QuerySet[ControlReport]:
        return control_reports_visible_to(user)


class ControlReportFinaliseView(ActView):
    """The deciding agency's approver or head finalises the December draft."""

    body_class = ControlReportFinaliseSerializer
    act = staticmethod(control_report_finalise)
    target = "report_id"
    answer_class = ControlReportSerializer
