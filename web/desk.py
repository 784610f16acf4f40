"""The applicant's home page: the organisation's applications with what needs them."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from core.messages import MSG_NOT_APPLICANT
from permits import access
from workflows.progress import applicant_desk

from .common import AuthenticatedHttpRequest


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
            "returned": [(a, desk.return_items[a.pk], desk.progress[a.pk]) for a in desk.returned],
            "drafts": [(a, desk.progress[a.pk]) for a in desk.drafts],
            "in_review": [(a, desk.progress[a.pk]) for a in desk.in_review],
            "recent": [(a, desk.progress[a.pk]) for a in desk.recent_decisions],
            "reports": [(r, r.is_overdue(today)) for r in desk.reports_due],
        },
    )
