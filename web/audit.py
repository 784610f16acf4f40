"""The auditor's workspace (PRODUCT §13): event search with CSV export, chain verification, the
per-official report (离任审计). Read-only, scoped to the auditor's jurisdiction by the selectors
(``permits.selectors.audit_events_visible_to``, ``workflows.audit_reports``)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from permits import access
from permits.audit import audit_verify
from permits.csvexport import csv_lines
from permits.errors import NotVisible
from permits.selectors import audit_events_search, officials_in_audit_scope
from workflows.audit_reports import official_report

from .common import PAGE_SIZE
from .forms import AuditSearchForm, StatsPeriodForm

CSV_COLUMNS = [
    "seq", "at", "actor", "agency", "role", "reference", "action", "from_status", "to_status",
    "opinion", "hash",
]  # fmt: skip


def _auditor(request):
    if not access.is_auditor(request.user):
        raise PermissionDenied
    return request.user


def _search(request):
    form = AuditSearchForm(request.GET or None)
    filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    return form, audit_events_search(request.user, **filters)


@login_required
@require_GET
def audit_workspace(request):
    _auditor(request)
    form, events = _search(request)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "permits/audit_workspace.html",
        {
            "form": form,
            "page_obj": page,
            "query": request.GET.urlencode(),
            "officials": officials_in_audit_scope(request.user),
        },
    )


@login_required
@require_GET
def audit_events_csv(request):
    """The same rows as the search, streamed: constant memory whatever their number; times in
    the local time zone, as the API's export writes them."""
    _auditor(request)
    _form, events = _search(request)
    rows = (
        [
            e.seq, timezone.localtime(e.at).isoformat(), e.actor_username, e.agency_code, e.role,
            e.application_reference, e.action, e.from_status, e.to_status, e.opinion, e.hash,
        ]
        for e in events.iterator(chunk_size=2000)
    )  # fmt: skip
    response = StreamingHttpResponse(
        csv_lines(_with_header(rows)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="audit-events.csv"'
    return response


def _with_header(rows):
    yield CSV_COLUMNS
    yield from rows


@login_required
@require_GET
def audit_verify_page(request):
    _auditor(request)
    return render(request, "permits/audit_verify.html", {"report": audit_verify()})


@login_required
@require_GET
def official_report_page(request, username):
    auditor = _auditor(request)
    form = StatsPeriodForm(request.GET or None)
    period = form.cleaned_data if form.is_valid() else {}
    try:
        report = official_report(
            auditor=auditor,
            username=username,
            since=period.get("since"),
            until=period.get("until"),
        )
    except NotVisible:
        raise Http404 from None
    api = reverse("api:audit-official-report", args=[username])
    return render(
        request,
        "permits/official_report.html",
        {"report": report, "form": form, "api": api, "query": request.GET.urlencode()},
    )
