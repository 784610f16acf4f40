"""The desks: the applicant's home page (the organisation's applications with where each
stands, and every act waiting for the holder) and the official's work desk (every act waiting
for the official), both read from ``desks.selectors`` as the API's ``/desk/`` is."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from core.messages import MSG_NO_DESK, MSG_NOT_APPLICANT
from desks.selectors import DeskItem, holder_desk, official_desk
from permits import access
from workflows.progress import applicant_desk

from .common import AuthenticatedHttpRequest

# Where each kind of item is acted on: the URL name, whether it takes the item's own key (else
# the application's) and the anchor of the application page.
ITEM_PAGES: dict[str, tuple[str, bool, str]] = {
    "statement_answer": ("application-detail", False, "#statements"),
    "rectification_answer": ("rectification-detail", True, ""),
    "obligation_file": ("obligation-file", True, ""),
    "request": ("application-detail", False, "#permit-requests"),
    "task": ("task-detail", True, ""),
    "report_site_check": ("reports:detail", True, ""),
    "report_close": ("reports:detail", True, ""),
    "inspection_assign": ("inspections:detail", True, ""),
    "inspection_record": ("inspections:detail", True, ""),
    "rectification_close": ("rectification-detail", True, ""),
    "patches_verify": ("patches:layer", True, "?status=assigned"),
    "patches_close": ("patches:layer", True, "?status=verified"),
}


def item_url(item: DeskItem) -> str:
    name, own, anchor = ITEM_PAGES[item.kind]
    return reverse(name, args=[item.pk if own else item.application_id]) + anchor


@login_required
def applicant_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    if access.applicant_organisation(request.user) is None:
        raise PermissionDenied(MSG_NOT_APPLICANT)
    today = timezone.localdate()
    desk = applicant_desk(user=request.user, today=today)
    return render(
        request,
        "web/desk.html",
        {
            "desk": desk,
            "today": today,
            "acts": [(i, item_url(i)) for i in holder_desk(user=request.user, today=today)],
            "returned": [(a, desk.return_items[a.pk], desk.progress[a.pk]) for a in desk.returned],
            "drafts": [(a, desk.progress[a.pk]) for a in desk.drafts],
            "in_review": [(a, desk.progress[a.pk]) for a in desk.in_review],
            "recent": [(a, desk.progress[a.pk]) for a in desk.recent_decisions],
            "reports": [(r, r.is_overdue(today)) for r in desk.reports_due],
        },
    )


@login_required
def work_desk(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every act waiting for the official, by due date: tasks, reports from the public,
    inspections to assign or record, rectification answers to close."""
    if not access.reviews_or_heads(request.user):
        raise PermissionDenied(MSG_NO_DESK)
    today = timezone.localdate()
    items = official_desk(user=request.user, today=today)
    return render(
        request,
        "web/work_desk.html",
        {"today": today, "items": [(i, item_url(i)) for i in items]},
    )
