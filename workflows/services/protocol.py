"""The task protocol, written once (``task_decide``): every decision on a task, whatever its
step, is taken the same way. The application and then the task are locked, the task is checked
to be open to the decider, a substitute takes over the task of the absent member, the claim is
recorded, the step's decider (``PERMITS_STEP_DECIDERS``, dotted paths read as MIDDLEWARE is)
decides, and the task is completed and its clock ended; what the decider left for after the
completion runs last. One transaction: a refusal anywhere keeps nothing."""

from functools import cache
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils.module_loading import import_string
from viewflow.workflow.models import Task

from audit.choices import AuditAction
from audit.trail import audit_appended_last
from permits.choices import Step
from permits.models import Application
from permits.notifications import notifications_written_last
from permits.readmemo import reading_once

from .. import engine
from ..clock import task_clock_end
from ..engine.reads import route_agencies_share, task_agency
from ._common import _audit, _locked_task, _require_open
from .acts import Asked, StepDecider, TaskAct
from .decision import TASK_DECISION_READS
from .steps import task_role, task_step


@cache
def _decider(path: str) -> StepDecider:
    decider: StepDecider = import_string(path)
    return decider


def step_decider(step: Step) -> StepDecider:
    """The decider ``PERMITS_STEP_DECIDERS`` names for ``step``."""
    path = settings.PERMITS_STEP_DECIDERS.get(step.value)
    if path is None:
        raise ImproperlyConfigured(f"PERMITS_STEP_DECIDERS names no decider of {step.value}")
    return _decider(path)


def act_begin(task: Task, application: Application, by: User, client_ip: str | None) -> TaskAct:
    """The act on a task checked open to ``by``: a substitute takes the absent member's task
    over (named in the decision's event); a task nobody held is claimed (its own event). The
    agencies of the task's frozen route are read once, with the route, for the whole act."""
    route_agencies_share(task, application)
    substitute_for = None
    if task.owner_id not in (None, by.pk):
        absent = task.owner
        substitute_for = {"id": absent.pk, "username": absent.username}
        engine.task_reassign(task=task, to=by)
    elif task.owner_id is None:
        _audit(AuditAction.CLAIM, task, application, by, client_ip, role=task_role(task))
    return TaskAct(
        task,
        application,
        by,
        task_agency(task),
        task_role(task),
        client_ip,
        application.status,
        substitute_for,
    )


@transaction.atomic
@audit_appended_last
@notifications_written_last
@reading_once(TASK_DECISION_READS)
def task_decide(
    *,
    task_id: int | str,
    by: User,
    decision: str,
    opinion: str = "",
    items: list[dict[str, Any]] | None = None,
    grounds: list[str] | None = None,
    overrides: list[dict[str, Any]] | None = None,
    client_ip: str | None = None,
) -> tuple[Task, Application]:
    """Decide a task (claimed first when open); returns (task, application).

    ``items``: a return's items to correct; ``grounds``: a rejection's rule codes (T1, O2, …)
    or a non-acceptance's grounds of art. 32 (N1–N3), where the step takes them; ``overrides``:
    an approval's reasons why a blocking finding does not hold (``findings``)."""
    task, application = _locked_task(task_id, by, others_open=True)
    _require_open(task, by)
    act = act_begin(task, application, by, client_ip)
    decider = step_decider(task_step(task))
    decided = decider(act, Asked(decision, opinion, items, grounds, overrides))
    data = {"decision": decided.decision.value, "opinion": decided.opinion}
    # The application's open review tasks are known after the completion when this one, of its
    # review pass (not a filing's nor a permit request's), was the only one open before.
    review = task.process.permitprocess
    alone = not task.others_open and review.filing_id is None and review.permit_request_id is None
    with engine.open_tasks_noted(application, none_before=alone):
        engine.task_complete(task=task, by=by, data=data)
    if decided.clock_ends:
        task_clock_end(task=task)
    if decided.then is not None:
        decided.then()
    return task, application
