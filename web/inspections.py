"""Inspections (检查验收, product.md §17 A2, A4): the officials' list, and an inspection's page
with the head's assignment and the assigned inspectors' result form (made for a phone: they
record it in the field)."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from permits import access
from permits.choices import OperationType
from permits.models import Application, Obligation
from permits.selectors import client_ip
from supervision import inspections as services
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
    error_summary,
    form_act,
    posted_action,
    refusals,
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
from .messages import (
    MSG_ASSIGNED,
    MSG_DRAWN,
    MSG_FINALISED,
    MSG_ORDERED,
    MSG_RECORDED,
    MSG_RECTIFICATION_ANSWERED,
    MSG_RECTIFICATION_CLOSED,
    MSG_RECTIFICATION_ESCALATED,
)


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
        if draw_form.is_valid():
            url = reverse("inspections:index")
            with refusals(request, form=draw_form, conflict_url=url) as outcome:
                draw = spot_checks_draw(
                    by=request.user,
                    year=draw_form.cleaned_data["year"],
                    client_ip=client_ip(request),
                )
            if outcome.response:
                return outcome.response
            if outcome.succeeded:
                counts = {"count": len(draw.sample), "of": len(draw.population)}
                messages.success(request, MSG_DRAWN % counts)
                return redirect(url)
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
    inspection = (
        services.inspections_visible_to(request.user)
        .select_related("report", "filing__obligation")
        .prefetch_related("inspectors")
        .filter(pk=pk)
        .first()
    )
    if inspection is None:
        raise Http404
    return inspection


def _result_row(row: dict[str, Any]) -> dict[str, Any]:
    """One measured 小班 as the page shows it: the operation by its name."""
    operation = row.get("operation_type")
    label = OperationType(operation).label if operation in OperationType.values else operation
    return {**row, "operation": label}


def _inspection_forms(
    request: AuthenticatedHttpRequest,
    inspection: Inspection,
    application: Application,
    action: str | None,
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
        )
        if may_record
        else None,
    }


def _inspection_act(
    request: AuthenticatedHttpRequest, pk: int, action: str, form: Any
) -> HttpResponse | None:
    """The posted assignment or result, sent to its service."""
    url = reverse("inspections:detail", args=[pk])
    by, address = request.user, client_ip(request)
    if action == "assign":
        return form_act(
            request,
            form,
            lambda: services.inspection_assign(
                inspection_id=pk,
                by=by,
                inspectors=form.cleaned_data["inspectors"],
                planned_on=form.cleaned_data["planned_on"],
                client_ip=address,
            ),
            url=url,
            done=MSG_ASSIGNED,
            fields=form.field_names,
        )
    return form_act(
        request,
        form,
        lambda: services.inspection_result(
            inspection_id=pk,
            by=by,
            parcels=form.parcels(),
            score=form.cleaned_data["score"],
            outcome=form.cleaned_data["outcome"],
            findings=form.cleaned_data.get("findings", ""),
            client_ip=address,
        ),
        url=url,
        done=MSG_RECORDED,
        fields=form.field_names,
    )


@login_required
def inspection_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    inspection = _visible(request, pk)
    application = inspection.application.detail
    action = posted_action(request)
    forms_ = _inspection_forms(request, inspection, application, action)
    submitted = forms_.get(action or "")
    if action is not None:
        if submitted is None:
            raise Http404  # an act this person may not take here
        if response := _inspection_act(request, pk, action, submitted):
            return response
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
            "result_rows": [_result_row(row) for row in inspection.results],
        },
        status=400 if submitted is not None else 200,
    )


def _visible_rectification(request: AuthenticatedHttpRequest, pk: int) -> Rectification:
    rectification = (
        rectifications_visible_to(request.user)
        .prefetch_related("answer_attachments")
        .filter(pk=pk)
        .first()
    )
    if rectification is None:
        raise Http404
    return rectification


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


def _rectification_act(
    request: AuthenticatedHttpRequest, pk: int, action: str, form: forms.Form
) -> HttpResponse | None:
    """The posted answer, closing or escalation, sent to its service."""
    url = reverse("rectification-detail", args=[pk])
    by, address = request.user, client_ip(request)
    if action == "answer":
        return form_act(
            request,
            form,
            lambda: rectification_answer(
                rectification_id=pk,
                by=by,
                answer=form.cleaned_data["answer"],
                uploads=form.cleaned_data.get("photos") or [],
                client_ip=address,
            ),
            url=url,
            done=MSG_RECTIFICATION_ANSWERED,
        )
    decide = rectification_close if action == "close" else rectification_escalate
    return form_act(
        request,
        form,
        lambda: decide(
            rectification_id=pk, by=by, note=form.cleaned_data["note"], client_ip=address
        ),
        url=url,
        done=MSG_RECTIFICATION_CLOSED if action == "close" else MSG_RECTIFICATION_ESCALATED,
    )


@login_required
def rectification_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A rectification: its items and deadline, the holder's answer form, the agency's 销号 or
    escalation (each refused by the service as it would be over the API)."""
    rectification = _visible_rectification(request, pk)
    action = posted_action(request)
    forms_ = _rectification_forms(request, rectification, action)
    submitted = forms_["answer"] if action == "answer" else forms_["decision"]
    if action is not None:
        if submitted is None or action not in ("answer", "close", "escalate"):
            raise Http404  # an act this person may not take here
        if response := _rectification_act(request, pk, action, submitted):
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
    if request.method == "POST" and form.is_valid():
        with refusals(request, form=form, conflict_url=back) as outcome:
            rectification = rectification_order_for_obligation(
                obligation_id=pk,
                by=request.user,
                opinion=form.cleaned_data["opinion"],
                client_ip=client_ip(request),
            )
        if outcome.response:
            return outcome.response
        if outcome.succeeded:
            messages.success(request, MSG_ORDERED)
            return redirect("rectification-detail", pk=rectification.pk)
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
    status = 200
    form = ControlReportFinaliseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        url = reverse("control-reports")
        with refusals(request, form=form, conflict_url=url) as outcome:
            control_report_finalise(
                report_id=form.cleaned_data["report"],
                by=request.user,
                note=form.cleaned_data.get("note", ""),
                client_ip=client_ip(request),
            )
        if outcome.response:
            return outcome.response
        if outcome.succeeded:
            messages.success(request, MSG_FINALISED)
            return redirect(url)
        status = 400
    elif request.method == "POST":
        status = 400
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
