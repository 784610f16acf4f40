"""The auditor's workspace (product.md §13): event search with CSV export, chain verification, the
per-official report (离任审计). Read-only, scoped to the auditor's jurisdiction by the selectors
(``permits.selectors.audit_events_visible_to``, ``workflows.audit_reports``)."""

from collections.abc import Iterable

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from audit import labels
from audit.export import acting_body, audit_csv_rows
from audit.models import AuditEvent
from audit.trail import audit_verify
from core.csvexport import csv_download
from core.errors import NotVisible
from permits import access
from permits.selectors import (
    agencies_in_audit_scope,
    audit_events_of_person,
    audit_events_search,
    officials_in_audit_scope,
)
from workflows.audit_reports import official_report

from .common import PAGE_SIZE, AuthenticatedHttpRequest
from .forms.audit import AuditSearchForm
from .forms.dashboard import StatsPeriodForm


def _auditor(request: AuthenticatedHttpRequest) -> User:
    if not access.reads_audit_trail(request.user):
        raise PermissionDenied
    return request.user


def _search(
    request: AuthenticatedHttpRequest,
) -> tuple[AuditSearchForm, QuerySet[AuditEvent]]:
    form = AuditSearchForm(request.GET or None, agencies=agencies_in_audit_scope(request.user))
    filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    return form, audit_events_search(request.user, **filters)


@login_required
@require_GET
def audit_workspace(request: AuthenticatedHttpRequest) -> HttpResponse:
    _auditor(request)
    form, events = _search(request)
    events = events.select_related("application__organisation")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/audit_workspace.html",
        {
            "form": form,
            "page_obj": page,
            "rows": _rows(page),
            "query": request.GET.urlencode(),
            "officials": officials_in_audit_scope(request.user),
        },
    )


def _rows(events: Iterable[AuditEvent]) -> list[dict[str, object]]:
    """The events as the table reads them; ``subject``: whom an identity event concerns, when
    not its actor (a role granted by someone else, a failure for an unknown name)."""
    return [
        {
            "event": event,
            "body": _acting_body_name(event),
            "action": labels.event_action_label(event.action, event.details),
            "status": labels.status_change_label(event.from_status, event.to_status),
            "subject": _subject_not_actor(event),
        }
        for event in events
    ]


def _subject_not_actor(event: AuditEvent) -> str:
    subject = event.details.get("subject") if isinstance(event.details, dict) else None
    name = subject.get("username", "") if isinstance(subject, dict) else ""
    return "" if name == event.actor_username else str(name)


def _acting_body_name(event: AuditEvent) -> str:
    organisation = event.application.organisation if event.application else None
    _code, name = acting_body(
        event.role,
        event.details,
        (event.agency_code, event.agency_name),
        (organisation.unified_credit_code, organisation.name) if organisation else ("", ""),
    )
    return name


@login_required
@require_GET
def audit_events_csv(request: AuthenticatedHttpRequest) -> StreamingHttpResponse:
    """The same rows as the search, streamed (constant memory whatever their number): the audit
    CSV both doors write (``audit.export``); ``?columns=codes`` for field names and
    codes instead of the reader's headings and labels."""
    _auditor(request)
    _form, events = _search(request)
    codes = request.GET.get("columns") == "codes"
    return csv_download(audit_csv_rows(events, "codes" if codes else "labels"), "audit-events.csv")


@login_required
@require_GET
def audit_verify_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    _auditor(request)
    return render(request, "web/audit_verify.html", {"report": audit_verify()})


@login_required
@require_GET
def official_report_page(request: AuthenticatedHttpRequest, username: str) -> HttpResponse:
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
        "web/official_report.html",
        {"report": report, "form": form, "api": api, "query": request.GET.urlencode()},
    )


@login_required
@require_GET
def person_events_page(request: AuthenticatedHttpRequest, username: str) -> HttpResponse:
    """The case of a person (离任审计): every event where they are the actor or the subject,
    newest first, with the CSV the API writes (``api:audit-person-events``)."""
    reader = _auditor(request)
    try:
        events = audit_events_of_person(reader, username)
    except NotVisible:
        raise Http404 from None
    events = events.select_related("application__organisation").order_by("-seq")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/audit_person.html",
        {
            "username": username,
            "page_obj": page,
            "rows": _rows(page),
            "api": reverse("api:audit-person-events", args=[username]),
            "official": access.is_auditor(reader),
        },
    )
