"""Inspections (检查验收, product.md §17 A2, A4): the officials' list, and an inspection's page
with the head's assignment and the assigned inspectors' result form (made for a phone: they
record it in the field)."""

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from core.messages import (
    MSG_ASSIGNED,
    MSG_DRAWN_WEB,
    MSG_FINALISED,
    MSG_ORDERED,
    MSG_RECORDED_WEB,
    MSG_RECTIFICATION_ANSWERED,
    MSG_RECTIFICATION_CLOSED,
    MSG_RECTIFICATION_ESCALATED,
)
from permits import access
from permits.choices import OperationType
from permits.models import Application, Obligation
from permits.screening import screening_of
from permits.selectors import client_ip
from supervision import inspections as services
from supervision.checks import parcel_allowance
from supervision.inspections import approved_allowance
from supervision.models import Inspection, InspectionStatus, Rectification, RectificationStatus
from supervision.rectifications import (
    may_decide,
    rectification_answer,
    rectification_close,
    rectification_escalate,
    rectification_order_for_obligation,
    rectifications_visible_to,
)
from supervision.reports import (
    control_report_finalise,
    control_reports_visible_to,
    may_finalise,
)
from supervision.spotchecks import spot_check_agency, spot_checks_draw
from workflows.selectors import site_check_inspectors

from .common import (
    PAGE_SIZE,
    AuthenticatedHttpRequest,
    PageAct,
    error_summary,
    form_act,
    page_act,
    posted_action,
)
from .forms.inspections import (
    ControlReportFinaliseForm,
    InspectionAssignForm,
    InspectionFilterForm,
    InspectionResultForm,
    RectificationAnswerForm,
    RectificationDecisionForm,
    RectificationOrderForm,
    SpotCheckDrawForm,
)
from .site_map_svg import drawing_canvas


@login_required
def inspections_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The inspections of the permits the official sees; the head of a municipal forestry
    agency also draws the year's spot checks here (product.md §17 A3)."""
    draws_spot_checks = spot_check_agency(request.user) is not None
    draw_form = (
        SpotCheckDrawForm(
            request.POST if request.method == "POST" else None,
            initial={"year": timezone.localdate().year},
        )
        if draws_spot_checks
        else None
    )
    status = 200
    if request.method == "POST":
        if draw_form is None:
            raise Http404
        response = form_act(
            request,
            draw_form,
            lambda: spot_checks_draw(
                by=request.user, year=draw_form.cleaned_data["year"], client_ip=client_ip(request)
            ),
            url=reverse("inspections:index"),
            done=lambda draw: (
                MSG_DRAWN_WEB % {"count": len(draw.sample), "of": len(draw.population)}
            ),
        )
        if response:
            return response
        status = 400
    form = InspectionFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = services.inspections_visible_to(request.user).prefetch_related("inspectors")
    if filters.get("status"):
        rows = rows.filter(status=filters["status"])
    if filters.get("kind"):
        rows = rows.filter(kind=filters["kind"])
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "web/inspections.html",
        {
            "page_obj": page,
            "filter_form": form,
            "query": query.urlencode(),
            "draw_form": draw_form,
            "error_summary": error_summary(draw_form) if status == 400 else [],
        },
        status=status,
    )


def _visible(request: AuthenticatedHttpRequest, pk: int) -> Inspection:
    return get_object_or_404(
        services.inspections_visible_to(request.user)
        .select_related("report", "filing__obligation")
        .prefetch_related("inspectors"),
        pk=pk,
    )


def _result_row(row: dict[str, Any], allowances: Mapping[str, Any]) -> dict[str, Any]:
    """One measured 小班 as the page shows it: the operation by its name, beside what the
    approval allowed."""
    operation = row.get("operation_type")
    label = OperationType(operation).label if operation in OperationType.values else operation
    return {**row, "operation": label, "allowance": allowances.get(str(row.get("compartment")))}


def _allowances(inspection: Inspection, application: Application) -> dict[str, Any]:
    """What the approval allows for each sampled 小班 (issue 45 item 19): the inspector
    measures against it in the field."""
    approved = approved_allowance(application)
    return {
        str(code): parcel_allowance(str(code), approved, inspection.thresholds)
        for code in inspection.sample
    }


def _inspection_forms(
    request: AuthenticatedHttpRequest,
    inspection: Inspection,
    application: Application,
    action: str | None,
    allowances: Mapping[str, Any],
) -> dict[str, Any]:
    """The head's assignment form while the inspection is not done, the assigned inspectors'
    result form while it is assigned (each bound to the post that sent it)."""
    user = request.user
    posted = request.POST if action is not None else None
    may_assign = inspection.status != InspectionStatus.DONE and access.is_head(
        user, inspection.agency_id
    )
    may_record = inspection.status == InspectionStatus.ASSIGNED and any(
        person.pk == user.pk for person in inspection.inspectors.all()
    )
    return {
        "assign": InspectionAssignForm(
            posted if action == "assign" else None,
            staff=list(site_check_inspectors(inspection.agency_id)),
            initial={
                "inspectors": [p.username for p in inspection.inspectors.all()],
                "planned_on": inspection.planned_on,
            },
        )
        if may_assign
        else None,
        "result": InspectionResultForm(
            posted if action == "result" else None,
            inspection=inspection,
            operation=getattr(application, "operation_type", "") or "",
            allowances=allowances,
        )
        if may_record
        else None,
    }


# What each of an inspection's posted forms does.
INSPECTION_ACTS = {
    "assign": PageAct(services.inspection_assign, MSG_ASSIGNED),
    "result": PageAct(services.inspection_result, MSG_RECORDED_WEB),
}


@login_required
def inspection_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    inspection = _visible(request, pk)
    application = inspection.application.detail
    action = posted_action(request)
    allowances = _allowances(inspection, application) if inspection.sample else {}
    forms_ = _inspection_forms(request, inspection, application, action, allowances)
    submitted = forms_.get(action or "")
    if action is not None:
        if submitted is None:
            raise Http404  # an act this person may not take here
        url = reverse("inspections:detail", args=[pk])
        act = INSPECTION_ACTS[action]
        fields = submitted.field_names
        if response := page_act(request, submitted, act, url=url, fields=fields, inspection_id=pk):
            return response
    # The site as drawn, or as the screening took it from the 小班 the design names.
    screening = screening_of(application)
    site = application.site_geometry or (screening.geometry if screening is not None else None)
    return render(
        request,
        "web/inspection_detail.html",
        {
            "inspection": inspection,
            "application": application,
            "assign_form": forms_["assign"],
            "result_form": forms_["result"],
            "error_summary": error_summary(submitted) if submitted is not None else [],
            "today": timezone.localdate(),
            "result_rows": [_result_row(row, allowances) for row in inspection.results],
            # The site on the map the inspector walks with (issue 45 item 3): the 小班 and
            # zones around it; the server-drawn map without scripts.
            "inspection_site": site,
            "canvas": drawing_canvas(application, application.district, request.user, site=site)
            if site
            else None,
        },
        status=400 if submitted is not None else 200,
    )


def _visible_rectification(request: AuthenticatedHttpRequest, pk: int) -> Rectification:
    return get_object_or_404(
        rectifications_visible_to(request.user).prefetch_related("answer_attachments"), pk=pk
    )


def _rectification_forms(
    request: AuthenticatedHttpRequest, rectification: Rectification, action: str | None
) -> dict[str, Any]:
    """The holder's answer form while open; the agency's close-or-escalate form while open or
    answered, for those who may decide (each bound to the post that sent it)."""
    user = request.user
    posted = request.POST if action is not None else None
    is_open = rectification.status == RectificationStatus.OPEN
    may_answer = is_open and access.can_edit_application(user, rectification.application)
    deciding = rectification.status in (
        RectificationStatus.OPEN,
        RectificationStatus.ANSWERED,
    ) and may_decide(user, rectification)
    return {
        "answer": RectificationAnswerForm(
            posted if action == "answer" else None, request.FILES or None
        )
        if may_answer
        else None,
        "decision": RectificationDecisionForm(posted if action in ("close", "escalate") else None)
        if deciding
        else None,
    }


# What each of a rectification's posted forms does.
RECTIFICATION_ACTS = {
    "answer": PageAct(rectification_answer, MSG_RECTIFICATION_ANSWERED),
    "close": PageAct(rectification_close, MSG_RECTIFICATION_CLOSED),
    "escalate": PageAct(rectification_escalate, MSG_RECTIFICATION_ESCALATED),
}


@login_required
def rectification_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A rectification: its items and deadline, the holder's answer form, the agency's 销号 or
    escalation (each refused by the service as it would be over the API)."""
    rectification = _visible_rectification(request, pk)
    action = posted_action(request)
    forms_ = _rectification_forms(request, rectification, action)
    submitted = forms_["answer"] if action == "answer" else forms_["decision"]
    if action is not None:
        if submitted is None or action not in RECTIFICATION_ACTS:
            raise Http404  # an act this person may not take here
        url = reverse("rectification-detail", args=[pk])
        act = RECTIFICATION_ACTS[action]
        if response := page_act(request, submitted, act, url=url, rectification_id=pk):
            return response
    return render(
        request,
        "web/rectification_detail.html",
        {
            "rectification": rectification,
            "application": rectification.application,
            "answer_form": forms_["answer"],
            "decision_form": forms_["decision"],
            "error_summary": error_summary(submitted) if action else [],
        },
        status=400 if action is not None else 200,
    )


@login_required
def rectification_order(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The district agency orders an overdue obligation corrected (product.md §17 A6)."""
    obligation = (
        Obligation.objects.filter(
            pk=pk, application__in=access.applications_visible_to(request.user)
        )
        .select_related("application")
        .first()
    )
    if obligation is None or not access.is_official(request.user):
        raise Http404
    form = RectificationOrderForm(request.POST if request.method == "POST" else None)
    back = f"{reverse('application-detail', args=[obligation.application_id])}#obligations"
    if request.method == "POST" and (
        response := form_act(
            request,
            form,
            lambda: rectification_order_for_obligation(
                obligation_id=pk,
                by=request.user,
                opinion=form.cleaned_data["opinion"],
                client_ip=client_ip(request),
            ),
            url=back,
            done=MSG_ORDERED,
            next_url=lambda rectification: reverse("rectification-detail", args=[rectification.pk]),
        )
    ):
        return response
    return render(
        request,
        "web/rectification_order.html",
        {
            "obligation": obligation,
            "application": obligation.application,
            "form": form,
            "error_summary": error_summary(form) if request.method == "POST" else [],
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def control_reports(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The yearly control reports of introductions (product.md §17 A5): the December drafts and
    the final reports of the user's agencies; an approver or head finalises a draft here."""
    reports = list(control_reports_visible_to(request.user))
    if not reports and not access.is_official(request.user):
        raise Http404
    form = ControlReportFinaliseForm(request.POST if request.method == "POST" else None)
    status = 400 if request.method == "POST" else 200
    if status == 400 and (
        response := form_act(
            request,
            form,
            lambda: control_report_finalise(
                report_id=form.cleaned_data["report"],
                by=request.user,
                note=form.cleaned_data.get("note", ""),
                client_ip=client_ip(request),
            ),
            url=reverse("control-reports"),
            done=MSG_FINALISED,
        )
    ):
        return response
    for report in reports:
        report.may_finalise = (  # type: ignore[attr-defined]
            report.status == "draft" and may_finalise(request.user, report)
        )
    return render(
        request,
        "web/control_reports.html",
        {
            "reports": reports,
            "form": form,
            "error_summary": error_summary(form) if status == 400 else [],
        },
        status=status,
    )
