"""Review tasks: the work queue, the review page with its decision form, claim and release."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from permits import access
from permits.choices import Decision, Step
from permits.errors import NotVisible, RulesViolated
from permits.selectors import (
    client_ip,
    reports_overdue_for,
)
from workflows import selectors
from workflows import services as task_services

from .applications import application_context
from .common import PAGE_SIZE, refusals
from .forms import (
    DecisionForm,
    TaskFilterForm,
)

MSG_CLAIMED = _("You claimed this task.")
MSG_UNCLAIMED = _("You released this task back to the queue.")
MSG_DECIDED = _("Your decision was recorded; the application is now “%(status)s”.")
MSG_COUNTERSIGNED = _("Your countersign opinion was recorded.")


QUEUE_LABELS = {"inbox": _("My tasks"), "queue": _("To claim"), "archive": _("Done")}


@login_required
def task_queue(request):
    user = request.user
    counts = {q: selectors.tasks_for_user(user=user, queue=q).count() for q in ("inbox", "queue")}
    queue = request.GET.get("queue")
    if queue not in selectors.QUEUES:
        queue = "queue" if not counts["inbox"] and counts["queue"] else "inbox"
    form = TaskFilterForm(request.GET or None)
    tasks = selectors.tasks_for_user(user=user, queue=queue)
    if form.is_valid():
        data = form.cleaned_data
        tasks = selectors.tasks_filter(
            tasks,
            kind=data["kind"] or None,
            district=data["district"].pk if data["district"] else None,
            overdue={"1": True, "0": False}.get(data["overdue"]),
        )
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(
        request,
        "permits/task_queue.html",
        {
            "queue": queue,
            "tabs": [(q, QUEUE_LABELS[q], counts.get(q)) for q in selectors.QUEUES],
            "filter_form": form,
            "page_obj": page,
            "rows": [_task_row(task, today) for task in page],
            "overdue_reports": reports_overdue_for(user, today).count(),
        },
    )


def _task_row(task, today) -> dict:
    step = task_services.task_step(task)
    return {
        "task": task,
        "application": selectors.task_application(task),
        "step": step.label,
        # Parallel countersigns differ only by the agency consulted.
        "agency": task_services.task_agency(task) if step == Step.CONSULTATION else None,
        "created": task.created,
        "due_date": selectors.task_due_date(task),
        "overdue": selectors.task_is_overdue(task, today),
        "decision": _decision_label((task.data or {}).get("decision", "")),
    }


def _decision_label(value: str) -> str:
    return str(Decision(value).label) if value in Decision.values else value


def _visible_task(request, task_id):
    """The human task and its application's type row, or 404 when the application is not visible."""
    try:
        task = selectors.task_get_visible(user=request.user, task_id=task_id)
    except NotVisible:
        raise Http404 from None
    return task, selectors.task_application(task).detail


@login_required
def task_detail(request, task_id):
    """The review page: the application as the reviewer sees it, and the decision form.

    The municipal approver sees every countersign of this pass first; a disagreement makes a
    written reason necessary to approve (the service enforces it, the form says so)."""
    task, application = _visible_task(request, task_id)
    step = task_services.task_step(task)
    countersigns = (
        list(selectors.countersigns_visible(request.user, application))
        if step == Step.MUNICIPAL_REVIEW
        else []
    )
    disagreement = any(c.decision == Decision.DISAGREE for c in countersigns)
    form = DecisionForm(request.POST or None, step=step, disagreement=disagreement)
    policy_refusals = []
    if request.method == "POST" and form.is_valid():
        task_url = reverse("task-detail", args=[task.pk])
        with refusals(request, form=form, conflict_url=task_url, leave=(RulesViolated,)) as outcome:
            _task, application = task_services.task_decide(
                task_id=task.pk,
                by=request.user,
                decision=form.cleaned_data["decision"],
                opinion=form.cleaned_data["opinion"],
                client_ip=client_ip(request),
            )
        if outcome.response:
            return outcome.response
        if isinstance(outcome.error, RulesViolated):
            # A policy refusal (O3) is no typing mistake: it is shown with its rule and clause.
            policy_refusals = [problem.as_dict() for problem in outcome.error.problems]
        elif outcome.succeeded:
            if step == Step.CONSULTATION:
                messages.success(request, MSG_COUNTERSIGNED)
            else:
                status = application.get_status_display()
                messages.success(request, MSG_DECIDED % {"status": status})
            return redirect("tasks:index")
    context = {
        "decision_form": form,
        "step": step,
        "countersigns": countersigns,
        "disagreement": disagreement,
        "refusals": policy_refusals,
        "reason_against_disagreement": task_services.MSG_REASON_AGAINST_DISAGREEMENT,
    }
    return _render_task(request, task, application, context)


def _render_task(request, task, application, extra):
    user = request.user
    is_open = selectors.task_is_open(task)
    can_act = is_open and access.can_act_on_task(user, task)
    today = timezone.localdate()
    context = application_context(application, user)
    context.update(
        {
            "task": task,
            "row": _task_row(task, today),
            "agency": task_services.task_agency(task),
            "is_open": is_open,
            "can_act": can_act,
            "is_mine": is_open and task.owner_id == user.pk,
            "can_claim": can_act and task.owner_id is None,
            **extra,
        }
    )
    return render(request, "permits/task_detail.html", context)


def _task_action(request, task_id, action, success_message):
    _visible_task(request, task_id)
    with refusals(request) as outcome:
        action(task_id=task_id, by=request.user, client_ip=client_ip(request))
    if outcome.succeeded:
        messages.success(request, success_message)
    return redirect("task-detail", task_id=task_id)


@login_required
@require_POST
def task_claim(request, task_id):
    return _task_action(request, task_id, task_services.task_claim, MSG_CLAIMED)


@login_required
@require_POST
def task_unclaim(request, task_id):
    return _task_action(request, task_id, task_services.task_unclaim, MSG_UNCLAIMED)
