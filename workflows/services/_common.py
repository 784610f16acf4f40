"""What the task services share: the lock of an application and then of its task
(``_locked_task``), the check that a task is still open to the user, the audit event of a
task's step, and the agencies an application's status sends it to next."""

import re
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, Subquery
from django.utils.dateparse import parse_date
from viewflow.workflow.models import Task

from audit.choices import AuditAction
from audit.models import AuditEvent
from audit.trail import audit_record
from core.errors import NotVisible, Problem, StateConflict
from core.messages import (
    MSG_NOT_YOUR_AGENCY,
    MSG_TASK_DONE,
    MSG_TASK_TAKEN,
    MSG_TOO_LONG_WORKFLOWS,
)
from permits import access
from permits.choices import Status
from permits.models import Application
from permits.services import application_locked
from roles.models import Agency

from ..engine import WAITING_TASK_STATUSES, open_tasks
from ..engine.reads import task_agency

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
from ..models import ResolvedRoute
from .steps import STEP_ROLE, task_step

# The longest free text of a review act (a special procedure's reason or result, a site check's
# findings).
TEXT_MAX = 4000


def _locked_task(
    task_id: int | str, user: User, *, others_open: bool = False
) -> tuple[Task, Application]:
    """Lock the application, then the task; 404 for what the user may not see.

    The application is locked by the task it holds (a subquery in the locking statement), the
    task then read under that lock, with its process (which only a transaction holding that
    lock changes), both rows locked: the completion reuses both and needs no lock of
    viewflow's (engine.task_complete). ``others_open``: the task also says whether another
    task of the application is open (``task.others_open``, in the same statement)."""
    try:
        holder = Task.objects.filter(pk=task_id, flow_task_type="HUMAN").values(
            "process__permitprocess__application_id"
        )
    except (ValueError, TypeError):  # not a task's number
        raise NotVisible() from None
    application = application_locked(Subquery(holder[:1]))
    if application is None:
        raise NotVisible()
    tasks = Task.objects.select_for_update(of=("self", "process")).select_related(
        "process__permitprocess"
    )
    if others_open:
        others = open_tasks(application=application).exclude(pk=OuterRef("pk"))
        tasks = tasks.annotate(others_open=Exists(others))
    task = tasks.get(pk=task_id)
    if not access.can_see_task(user, task, application):
        raise NotVisible()
    task.process.permitprocess.application = application
    return task, application


# Bidirectional embeddings, overrides and isolates: they reorder what a reader sees of a text
# (an opinion that reads otherwise than it is stored).
BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def required_text(
    value: object,
    field: str,
    required: "StrOrPromise | None",
    *,
    limit: int = TEXT_MAX,
    too_long: "StrOrPromise" = MSG_TOO_LONG_WORKFLOWS,
) -> tuple[str, list[Problem]]:
    """An act's free text as kept: without control characters other than line breaks and tabs
    (they say nothing and may hide things; a CR LF or a lone CR becomes LF) nor bidirectional
    overrides, then stripped. The problem of ``field`` when it is missing (the ``required``
    message; None: it may be empty) or longer than ``limit``."""
    text = value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else ""
    text = "".join(
        c for c in text if (c in "\n\t" or ord(c) >= 32 and ord(c) != 127) and c not in BIDI
    ).strip()
    if not text and required is not None:
        return text, [Problem(field, "required", str(required))]
    if len(text) > limit:
        return text, [Problem(field, "max_length", str(too_long))]
    return text, []


def _task_closed() -> StateConflict:
    return StateConflict.on("task_closed", MSG_TASK_DONE)


def _require_open(task: Task, user: User) -> None:
    access.require(access.may_act_on_step(user, task), MSG_NOT_YOUR_AGENCY)
    if task.status not in WAITING_TASK_STATUSES:
        raise _task_closed()
    # A substitute acts on the task of a member absent today (workflows.people).
    if task.owner_id not in (None, user.pk) and not access.covers_for(user, task.owner_id):
        raise StateConflict.on("task_taken", MSG_TASK_TAKEN)


def _audit(
    action: AuditAction,
    task: Task,
    application: Application,
    by: User | None,
    client_ip: str | None,
    extra: Mapping[str, Any] | None = None,
    *,
    role: str | None = None,
    from_status: str | None = None,
    to_status: str | None = None,
    **kwargs: Any,
) -> AuditEvent:
    """The event of ``by``'s act on ``task``. The role is the step's unless named (``system``
    without ``by``); the statuses are the application's as it is unless named: an act that
    leaves it as it is (a claim, an unclaim, a reassignment, an extension) names neither."""
    if role is None:
        role = STEP_ROLE.get(task_step(task), "") if by is not None else "system"
    status = application.status
    return audit_record(
        action=action,
        application=application,
        actor=by,
        agency=task_agency(task),
        role=role,
        from_status=status if from_status is None else from_status,
        to_status=status if to_status is None else to_status,
        client_ip=client_ip,
        details={"task_id": task.pk, "step": task_step(task).value, **(extra or {})},
        **kwargs,
    )


def _next_step_agencies(application: Application, route: ResolvedRoute) -> list[Agency]:
    """The agencies the application's status sends it to after the district step."""
    if application.status == Status.CONSULTATION:
        return list(route.consulted_agencies)
    if application.status == Status.MUNICIPAL_REVIEW and application.lead_agency is not None:
        return [application.lead_agency]
    return []


# YYYY-MM-DD only: parse_date (date.fromisoformat) also takes 20260105 and week dates.
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def day_of(value: object) -> date | None:
    """A day a review act names (a date, or YYYY-MM-DD text), None when it is not one: the
    checks of its bounds (not after today, not before …) are each act's."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and ISO_DAY.fullmatch(value.strip()):
        try:
            return parse_date(value.strip())
        except ValueError:  # well formed, not a date (2026-13-01)
            return None
    return None
