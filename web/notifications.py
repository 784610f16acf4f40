"""The notification list (product.md §12): the bell's page; mark one or all read."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from permits import access
from permits.notifications import (
    notification_mark_read,
    notifications_for,
    notifications_mark_all_read,
)

from .common import PAGE_SIZE, AuthenticatedHttpRequest, refusals


@login_required
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    unread = request.GET.get("unread") == "1"
    notifications = notifications_for(request.user, unread=unread)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    application_ids = {n.application_id for n in page if n.application_id}
    visible = set(
        access.applications_visible_to(request.user)
        .filter(pk__in=application_ids)
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "web/notification_list.html",
        {"page_obj": page, "unread": unread, "visible_application_ids": visible},
    )


@login_required
@require_POST
def notification_read(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    with refusals(request):
        notification_mark_read(user=request.user, notification_id=pk)
    return _back(request)


@login_required
@require_POST
def notification_read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    notifications_mark_all_read(user=request.user)
    return _back(request)


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("notifications")
