"""The entry page and the gates of the site menu's applications."""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpResponse
from django.shortcuts import redirect, render

from permits import access

from .common import AuthenticatedHttpRequest


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if access.applicant_organisation(user) is not None:
        return redirect("desk:index")
    if access.is_reviewer(user) or access.head_agencies(user):
        # The work desk: every act waiting for the official, the earliest due first (issue 45
        # item 18); the queue is one of its sources.
        return redirect("work:index")
    if access.is_auditor(user):  # the auditor's work is the trail, not the files
        return redirect("audit:index")
    if user.is_staff:
        return redirect("admin:index")
    return render(request, "web/no_role.html")


def may_use_applications(user: User | AnonymousUser) -> bool:
    """Menu and app gate; anonymous users pass so that the view sends them to the login page."""
    return not user.is_authenticated or bool(
        access.applicant_organisation(user)
        or access.is_reviewer(user)
        or access.is_auditor(user)
        or access.head_agencies(user)
    )


def may_use_tasks(user: User | AnonymousUser) -> bool:
    """Reviewers work the queues; heads (负责人) watch their agency's and reassign."""
    return not user.is_authenticated or access.reviews_or_heads(user)


def may_use_desk(user: User | AnonymousUser) -> bool:
    return not user.is_authenticated or access.applicant_organisation(user) is not None


def may_use_audit(user: User | AnonymousUser) -> bool:
    return not user.is_authenticated or access.reads_audit_trail(user)


def may_use_dashboard(user: User | AnonymousUser) -> bool:
    return not user.is_authenticated or access.is_official(user)
