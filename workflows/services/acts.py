"""What the task protocol (``protocol.task_decide``) hands to a step's decider, and what the
decider gives back.

A decision on a task is one act: ``TaskAct`` holds it once (the locked task and application,
who decides, from which address, the status it starts from, whom a substitute decides for), and
each decider reads it instead of receiving the pieces again. A decider only decides: it checks
the decision, moves what it decides on and records its event with ``TaskAct.details``; the
protocol claims, reassigns, completes the task and ends its clock around it.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.contrib.auth.models import User
from viewflow.workflow.models import Task

from audit.choices import AuditAction
from audit.models import AuditEvent
from audit.trail import act_record
from permits.choices import Decision
from permits.models import Application
from roles.models import Agency

from ..engine.reads import task_agency
from .steps import STEP_ROLE, task_step


@dataclass(frozen=True)
class TaskAct:
    """One decision on one task, built once by ``task_decide`` under its locks; the audit trail
    reads it as it reads ``permits.acts.Act`` (``audit.trail.RecordedAct``)."""

    task: Task
    application: Application
    by: User
    # The task's agency, and the role its decider acts in (``steps.task_role``).
    agency: Agency
    role: str
    client_ip: str | None
    # The status the application had when the act began (before anything was moved).
    from_status: str
    # The absent member a substitute decides for ({"id", "username"}), or None.
    substitute_for: Mapping[str, Any] | None = None

    @classmethod
    def beside(
        cls,
        task: Task,
        application: Application,
        by: User,
        client_ip: str | None,
        *,
        role: str | None = None,
    ) -> "TaskAct":
        """An act on ``task`` beside its decision (a special procedure, an interested party's
        notice or answer, an extension): for the task's agency, in ``role`` (the step's unless
        named), on the application as it stands now (the act leaves its status as it is)."""
        step_role = STEP_ROLE.get(task_step(task), "")
        agency = task_agency(task)
        return cls(task, application, by, agency, role or step_role, client_ip, application.status)

    @property
    def status_now(self) -> str:
        return str(self.application.status)

    @property
    def organisation(self) -> None:
        """A task is decided by an agency's official, never for an organisation."""
        return None

    def record(
        self,
        action: AuditAction,
        *,
        to_status: str | None = None,
        opinion: str = "",
        details: Mapping[str, Any] | None = None,
    ) -> AuditEvent:
        """This act's event, naming its task and step and the substitute (``details``)."""
        step = {"task_id": self.task.pk, "step": task_step(self.task).value}
        return act_record(
            self,
            action,
            to_status=to_status,
            opinion=opinion,
            details={**step, **self.details, **(details or {})},
        )

    @property
    def details(self) -> dict[str, Any]:
        """What every decision's event records of the act itself (the substitute)."""
        return {"substitute_for": dict(self.substitute_for)} if self.substitute_for else {}


@dataclass(frozen=True)
class Decided:
    """What a decider decided: the task's record of it (``decision``, ``opinion``), and what
    follows the task's completion (``then``: the next agencies, the event, the documents)."""

    decision: Decision
    opinion: str
    then: Callable[[], None] | None = field(default=None, compare=False)
    # The review steps' clocks follow the application (``clock.clocks_sync`` in ``then``: a
    # return pauses them rather than ending them); every other step's clock ends with its task.
    clock_ends: bool = True


@dataclass(frozen=True)
class Asked:
    """What the decider was asked, as sent (the decider cleans it): the decision, its opinion,
    a return's items to correct, a refusal's or a non-acceptance's grounds, an approval's
    overrides of blocking findings."""

    decision: str
    opinion: str = ""
    items: list[dict[str, Any]] | None = None
    grounds: list[str] | None = None
    # An approval's reasons why a blocking finding does not hold ({"rule", "reason"}).
    overrides: list[dict[str, Any]] | None = None


class StepDecider(Protocol):
    """A step's decider (``PERMITS_STEP_DECIDERS``): refuses with an ``ApiError`` (nothing is
    kept) or returns what it decided."""

    def __call__(self, act: TaskAct, asked: Asked) -> Decided: ...
