"""What a permit owes after approval (product.md §17), as pages: the list of obligations (a
holder's "what I owe", an agency's supervised permits, the overdue ones), the filing of one
obligation and the report of an escape. The services decide again on every post."""

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from core.errors import NotVisible
from core.messages import MSG_FILED, MSG_INCIDENT_WEB, MSG_NOT_SUPERVISED
from permits import access, filings
from permits.choices import ObligationKind
from permits.models import Application, Obligation
from permits.selectors import client_ip, obligations_for
from supervision import services as supervision_services
from workflows import selectors

from .common import (
    PAGE_SIZE,
    AuthenticatedHttpRequest,
    _visible_application,
    error_summary,
    form_act,
)
from .forms.obligations import FilingForm, ObligationFilterForm

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@login_required
def obligations_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The obligations of the permits the user sees, filtered; overdue ones marked."""
    today = timezone.localdate()
    form = ObligationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = obligations_for(
        request.user,
        status=filters.get("status") or None,
        kind=filters.get("kind") or None,
        overdue=True if filters.get("overdue") else None,
        today=today,
    ).select_related("application__organisation")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for obligation in page:
        obligation.overdue = obligation.is_overdue(today)
        obligation.days_overdue = (today - obligation.due_date).days
    return render(
        request,
        "web/obligations.html",
        {
            "page_obj": page,
            "today": today,
            "filter_form": form,
            "query": _query(request),
            # The district agencies order an overdue obligation corrected (product.md §17 A6).
            "orders_rectifications": access.is_official(request.user),
        },
    )


def _query(request: AuthenticatedHttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _filing_page(
    request: AuthenticatedHttpRequest,
    application: Application,
    *,
    kind: str,
    obligation: Obligation | None,
    file: Callable[..., object],
    done: "StrOrPromise",
) -> HttpResponse:
    """The form of one filing (an obligation's, or an escape's): the kind's fields, a note and
    photos; on a valid post ``file`` (the service) decides, its refusals go next to the fields."""
    detail_url = f"{reverse('application-detail', args=[application.pk])}#obligations"
    action = (
        reverse("obligation-file", args=[obligation.pk])
        if obligation is not None
        else reverse("application-incident", args=[application.pk])
    )
    if request.method == "POST":
        form = FilingForm(request.POST, request.FILES, kind=kind, application=application)
        response = form_act(
            request,
            form,
            lambda: file(
                by=request.user,
                data=form.data_for_service(),
                note=form.cleaned_data.get("note", ""),
                uploads=form.cleaned_data.get("photos") or [],
                client_ip=client_ip(request),
            ),
            url=detail_url,
            done=done,
            fields=form.field_names,
        )
        if response:
            return response
    else:
        form = FilingForm(kind=kind, application=application)
    return render(
        request,
        "web/obligation_file.html",
        {
            "application": application,
            "obligation": obligation,
            "form": form,
            "action": action,
            "title": ObligationKind(kind).label,
            "error_summary": error_summary(form),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def obligation_file(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The holder files against one owed obligation."""
    try:
        obligation = filings.obligation_visible(user=request.user, obligation_id=pk)
    except NotVisible:
        raise Http404 from None
    application = _visible_application(request, obligation.application_id)
    return _filing_page(
        request,
        application,
        kind=obligation.kind,
        obligation=obligation,
        file=partial(supervision_services.filing_submit, obligation_id=obligation.pk),
        done=MSG_FILED,
    )


@login_required
def incident_report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The holder of an introduction reports an escape, at any time (product.md §17 A5)."""
    application = _visible_application(request, pk)
    # The service refuses the post too (403 not the holder, 409 not after approval).
    if request.method != "POST" and "report_incident" not in selectors.application_actions(
        user=request.user, application=application
    ):
        messages.error(request, str(MSG_NOT_SUPERVISED))
        return redirect(f"{reverse('application-detail', args=[application.pk])}#obligations")
    return _filing_page(
        request,
        application,
        kind=ObligationKind.ESCAPE_INCIDENT,
        obligation=None,
        file=partial(supervision_services.incident_submit, application=application),
        done=MSG_INCIDENT_WEB,
    )
