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
from django.utils.translation import gettext_lazy as _

from permits import access
from permits.choices import OperationType
from permits.models import Obligation
from permits.selectors import client_ip
from supervision import inspections as services
from supervision.models import Inspection, InspectionStatus, RectificationStatus
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

from .common import PAGE_SIZE, AuthenticatedHttpRequest, error_summary, refusals
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

MSG_ASSIGNED = _("The inspectors were assigned and told.")
MSG_RECORDED = _("The inspection was recorded; its report is issued.")


MSG_DRAWN = _("The spot checks were drawn: %(count)s of %(of)s designs accepted that year.")


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


@login_required
def inspection_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    inspection = _visible(request, pk)
    application = inspection.application.detail
    user = request.user
    url = reverse("inspections:detail", args=[pk])
    may_assign = inspection.status != InspectionStatus.DONE and access.is_head(
        user, inspection.agency_id
    )
    may_record = inspection.status == InspectionStatus.ASSIGNED and any(
        person.pk == user.pk for person in inspection.inspectors.all()
    )
    staff = list(site_check_inspectors(inspection.agency_id)) if may_assign else []
    posted = request.POST if request.method == "POST" else None
    action = posted.get("action") if posted is not None else None
    assign_form = (
        InspectionAssignForm(
            posted if action == "assign" else None,
            staff=staff,
            initial={
                "inspectors": [p.username for p in inspection.inspectors.all()],
                "planned_on": inspection.planned_on,
            },
        )
        if may_assign
        else None
    )
    result_form = (
        InspectionResultForm(
            posted if action == "result" else None,
            inspection=inspection,
            operation=getattr(application, "operation_type", "") or "",
        )
        if may_record
        else None
    )
    status = 200
    if action == "assign" and assign_form is not None:
        if assign_form.is_valid():
            with refusals(
                request, form=assign_form, conflict_url=url, fields=assign_form.field_names
            ) as outcome:
                services.inspection_assign(
                    inspection_id=pk,
                    by=user,
                    inspectors=assign_form.cleaned_data["inspectors"],
                    planned_on=assign_form.cleaned_data["planned_on"],
                    client_ip=client_ip(request),
                )
            if outcome.response:
                return outcome.response
            if outcome.succeeded:
                messages.success(request, MSG_ASSIGNED)
                return redirect(url)
        status = 400
    elif action == "result" and result_form is not None:
        if result_form.is_valid():
            with refusals(
                request, form=result_form, conflict_url=url, fields=result_form.field_names
            ) as outcome:
                services.inspection_result(
                    inspection_id=pk,
                    by=user,
                    parcels=result_form.parcels(),
                    score=result_form.cleaned_data["score"],
                    outcome=result_form.cleaned_data["outcome"],
                    findings=result_form.cleaned_data.get("findings", ""),
                    client_ip=client_ip(request),
                )
            if outcome.response:
                return outcome.response
            if outcome.succeeded:
                messages.success(request, MSG_RECORDED)
                return redirect(url)
        status = 400
    elif action is not None:
        raise Http404  # an act this person may not take here
    summary = []
    if action == "assign" and assign_form is not None:
        summary = error_summary(assign_form)
    elif action == "result" and result_form is not None:
        summary = error_summary(result_form)
    return render(
        request,
        "web/inspection_detail.html",
        {
            "inspection": inspection,
            "application": application,
            "assign_form": assign_form,
            "result_form": result_form,
            "error_summary": summary,
            "today": timezone.localdate(),
            "result_rows": [_result_row(row) for row in inspection.results],
        },
        status=status,
    )


MSG_ANSWERED = _("Your answer was sent to the agency.")
MSG_RECTIFICATION_CLOSED = _("The rectification was closed as corrected.")
MSG_RECTIFICATION_ESCALATED = _("The rectification was escalated to the agency's heads.")


@login_required
def rectification_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A rectification: its items and deadline, the holder's answer form, the agency's 销号 or
    escalation (each refused by the service as it would be over the API)."""
    rectification = (
        rectifications_visible_to(request.user)
        .prefetch_related("answer_attachments")
        .filter(pk=pk)
        .first()
    )
    if rectification is None:
        raise Http404
    application = rectification.application
    user = request.user
    url = reverse("rectification-detail", args=[pk])
    is_open = rectification.status == RectificationStatus.OPEN
    may_answer = is_open and access.can_edit_application(user, application)
    deciding = rectification.status in (
        RectificationStatus.OPEN,
        RectificationStatus.ANSWERED,
    ) and may_decide(user, rectification)
    posted = request.POST if request.method == "POST" else None
    action = posted.get("action") if posted is not None else None
    answer_form = (
        RectificationAnswerForm(posted if action == "answer" else None, request.FILES or None)
        if may_answer
        else None
    )
    decision_form = (
        RectificationDecisionForm(posted if action in ("close", "escalate") else None)
        if deciding
        else None
    )
    status = 200
    if action is not None:
        form: forms.Form | None = answer_form if action == "answer" else decision_form
        if form is None or action not in ("answer", "close", "escalate"):
            raise Http404  # an act this person may not take here
        if form.is_valid():
            with refusals(request, form=form, conflict_url=url) as outcome:
                address = client_ip(request)
                if action == "answer":
                    rectification_answer(
                        rectification_id=pk,
                        by=user,
                        answer=form.cleaned_data["answer"],
                        uploads=form.cleaned_data.get("photos") or [],
                        client_ip=address,
                    )
                    done = MSG_ANSWERED
                else:
                    decide = rectification_close if action == "close" else rectification_escalate
                    decide(
                        rectification_id=pk,
                        by=user,
                        note=form.cleaned_data["note"],
                        client_ip=address,
                    )
                    done = (
                        MSG_RECTIFICATION_CLOSED
                        if action == "close"
                        else MSG_RECTIFICATION_ESCALATED
                    )
            if outcome.response:
                return outcome.response
            if outcome.succeeded:
                messages.success(request, done)
                return redirect(url)
        status = 400
    return render(
        request,
        "web/rectification_detail.html",
        {
            "rectification": rectification,
            "application": application,
            "answer_form": answer_form,
            "decision_form": decision_form,
            "error_summary": error_summary(answer_form if action == "answer" else decision_form)
            if action
            else [],
        },
        status=status,
    )


MSG_ORDERED = _("The rectification was ordered and its notice issued.")


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


MSG_FINALISED = _("The yearly control report was finalised.")


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
