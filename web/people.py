"""People around the review: a member's absences (declare, list) and a head's reassignment."""

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from viewflow.workflow.models import Task

from core.messages import (
    MSG_ABSENCE_DECLARED,
    MSG_CONFIRM_EXTEND,
    MSG_CONFIRM_EXTEND_BUTTON,
    MSG_CONFIRM_EXTEND_CONSEQUENCE,
    MSG_CONFIRM_EXTEND_CONSEQUENCE_APPROVAL,
    MSG_EXTEND_HELP,
    MSG_EXTEND_HELP_APPROVAL,
    MSG_EXTENDED,
    MSG_REASSIGNED,
)
from documents.content import worded
from permits import access
from permits.models import Application
from permits.selectors import client_ip
from workflows import people, selectors
from workflows.clock import clock_of_task
from workflows.models import DecisionClock, StepClock

from .common import (
    AuthenticatedHttpRequest,
    _visible_task,
    is_confirmed,
    refusals,
    render_confirmation,
)
from .forms.people import AbsenceForm, ExtensionForm, ReassignForm

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def extend_help(application: Application, legal: DecisionClock | None) -> "StrOrPromise":
    """The task page's extension card, offered to the deciding agency's head: art. 42 for a
    licence; a 批复's committed time limit (issue 46 item 3)."""
    if legal is None:
        return ""
    wording = worded(application, MSG_EXTEND_HELP, MSG_EXTEND_HELP_APPROVAL)
    return wording % {"days": legal.extension_allowed_working_days}


@login_required
def absences(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Declare an absence (members who act on steps) and list the absences one may see."""
    user = request.user
    may_declare = access.is_reviewer(user)
    if not (may_declare or access.head_agencies(user)):
        raise PermissionDenied
    form = (
        AbsenceForm(request.POST or None, candidates=people.substitute_candidates(user))
        if may_declare
        else None
    )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            with refusals(request, form=form) as outcome:
                absence = people.absence_declare(
                    by=user,
                    substitute_username=data["substitute"],
                    starts=data["starts"],
                    ends=data["ends"],
                    reason=data["reason"],
                    client_ip=client_ip(request),
                )
            if outcome.succeeded:
                name = absence.substitute.get_full_name() or absence.substitute.get_username()
                messages.success(request, MSG_ABSENCE_DECLARED % {"substitute": name})
                return redirect("absences")
    return render(
        request,
        "web/absences.html",
        {"form": form, "absences": access.absences_visible_to(user)},
    )


@login_required
@require_POST
def task_reassign(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    """The head's reassign form (task page); the service checks who may and whom to."""
    task = _visible_task(request, task_id)
    with refusals(request) as outcome:
        task = people.task_reassign(
            task_id=task.pk,
            by=request.user,
            to_username=request.POST.get("to", ""),
            reason=request.POST.get("reason", ""),
            client_ip=client_ip(request),
        )
    if outcome.succeeded:
        name = task.owner.get_full_name() or task.owner.get_username()
        messages.success(request, MSG_REASSIGNED % {"name": name})
    return redirect("task-detail", task_id=task.pk)


def reassign_form(task: Task, *, offered: bool) -> ReassignForm | None:
    """The task page's reassign form, when ``offered`` (``selectors.task_actions``' "reassign":
    the head of the task's agency, while the task is open)."""
    return ReassignForm(candidates=people.reassign_targets(task)) if offered else None


def task_clock(task: Task) -> StepClock | None:
    return clock_of_task(task)


@login_required
@require_POST
def task_extend(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    """The head's extension (task page): a reason, once per step (art. 42)."""
    task = _visible_task(request, task_id)
    legal = DecisionClock.objects.filter(application_id=selectors.task_application(task).pk).first()
    if confirmation := _extension_confirmation(request, task, legal):
        return confirmation
    with refusals(request) as outcome:
        people.task_extend(
            task_id=task.pk,
            by=request.user,
            reason=request.POST.get("reason", ""),
            client_ip=client_ip(request),
        )
    if outcome.succeeded:
        if legal is not None:
            legal.refresh_from_db()
        due = legal.due_date if legal is not None and legal.due_date else ""
        messages.success(request, MSG_EXTENDED % {"due": due})
    return redirect("task-detail", task_id=task.pk)


def _extension_confirmation(
    request: AuthenticatedHttpRequest, task: Task, legal: DecisionClock | None
) -> HttpResponse | None:
    """The confirmation page of an extension the page offers, with a reason, not yet confirmed
    (it is granted once: art. 42); else None and the service decides (or says why not)."""
    form = ExtensionForm(request.POST)
    if is_confirmed(request) or not form.is_valid() or legal is None:
        return None
    application = selectors.task_application(task)
    if "extend" not in selectors.task_actions(
        user=request.user, task=task, application=application
    ):
        return None
    # A 批复's period is the agency's commitment: art. 42 is a licence's (issue 46 item 3).
    consequence = worded(
        application, MSG_CONFIRM_EXTEND_CONSEQUENCE, MSG_CONFIRM_EXTEND_CONSEQUENCE_APPROVAL
    )
    url = reverse("task-detail", args=[task.pk])
    return render_confirmation(
        request,
        title=MSG_CONFIRM_EXTEND,
        consequence=consequence % {"days": legal.extension_allowed_working_days},
        form=form,
        reason_field="reason",
        action_url=request.path,
        cancel_url=url,
        button=MSG_CONFIRM_EXTEND_BUTTON,
    )
