"""The legal period and the special procedures as the pages show them (product.md §16 L1–L3):
the "legal time limit" box of every page about an application, and what the task page offers
to record a special procedure (art. 45) or its end. The views are the task page's
(``web.tasks``); the services decide again on every post."""

from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from viewflow.workflow.models import Task

from core.messages import MSG_KIND_WORKFLOWS, MSG_KIND_WORKFLOWS_APPROVAL, MSG_RUNNING_NO_DECISION
from documents.content import worded
from permits.models import Application
from workflows import services as task_services
from workflows.clock import decision_clock_of, is_overdue, working_days_left
from workflows.models import SpecialProcedure
from workflows.selectors import special_procedures_of

from .forms.procedures import (
    PROCEDURE_HELP,
    PROCEDURE_HELP_APPROVAL,
    SpecialProcedureEndForm,
    SpecialProcedureForm,
)


def legal_period_context(application: Application) -> dict[str, Any]:
    """The "legal time limit" box: the decision period (None before acceptance), whether a
    special procedure pauses it, and the list of special procedures."""
    legal = decision_clock_of(application)
    procedures = list(special_procedures_of(application))
    today = timezone.localdate()
    return {
        "legal_period": legal,
        "legal_period_overdue": legal is not None and is_overdue(legal, today),
        "legal_period_days_left": working_days_left(legal, today) if legal is not None else None,
        "legal_period_paused_by_procedure": legal is not None
        and legal.is_paused
        and any(p.ended_on is None for p in procedures),
        "special_procedures": procedures,
    }


def running_procedure(
    task: Task, procedures: Iterable[SpecialProcedure]
) -> SpecialProcedure | None:
    """The special procedure of the task's step and agency that has not ended (one at most)."""
    step = task_services.task_step(task)
    agency = str(task.owner_permission_obj_pk)
    return next(
        (
            p
            for p in procedures
            if p.ended_on is None and p.step == step and str(p.agency_id) == agency
        ),
        None,
    )


def procedure_start_form(application: Application, data: Any = None) -> SpecialProcedureForm:
    """The form to start a special procedure, its messages in the words of the decision's form
    (a 批复's cite no art. 45: its procedures pause the agency's commitment)."""
    kind = worded(application, MSG_KIND_WORKFLOWS, MSG_KIND_WORKFLOWS_APPROVAL)
    return SpecialProcedureForm(data, kind_required=kind)


def task_procedure_context(
    task: Task,
    application: Application,
    procedures: list[SpecialProcedure],
    *,
    offered: bool,
    procedure_form: SpecialProcedureForm | None = None,
    procedure_end_form: SpecialProcedureEndForm | None = None,
) -> dict[str, Any]:
    """The task page's special procedure card: the running one and the form to end it, or the
    form to start one, for those who may record them on an open review task. ``procedure_form``
    and ``procedure_end_form``: a refused post's forms, shown again with what was typed."""
    running = running_procedure(task, procedures)
    return {
        "procedure_running": running,
        "procedure_form": (procedure_form or procedure_start_form(application))
        if offered and running is None
        else None,
        "procedure_end_form": (procedure_end_form or SpecialProcedureEndForm())
        if offered and running is not None
        else None,
        "procedure_help": worded(application, PROCEDURE_HELP, PROCEDURE_HELP_APPROVAL),
        "procedure_blocks_decision": str(MSG_RUNNING_NO_DECISION).format(
            kind=running.get_kind_display()
        )
        if running is not None
        else "",
    }
