"""Special procedures (product.md §16 L3; Administrative Licensing Law art. 45): a hearing, a
test, an appraisal, an expert review or a tender recorded on a review task. Its start issues a
特别程序期间告知书 and pauses the step's clock and the decision period; its end, with the result
(and files), lets them run again. While one runs, the step is not decided. One transaction
each, audited, the applicants told."""

from collections.abc import Iterable
from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from viewflow.workflow.models import Task

from audit.choices import AuditAction
from audit.trail import audit_appended_last, display_name
from core.errors import InvalidInput, Problem, StateConflict
from core.messages import (
    MSG_ALREADY_RUNNING,
    MSG_DAYS,
    MSG_ENDED,
    MSG_KIND_WORKFLOWS,
    MSG_KIND_WORKFLOWS_APPROVAL,
    MSG_NOT_YOUR_STEP_PROCEDURES,
    MSG_REASON_REQUIRED_WORKFLOWS,
    MSG_RESULT_REQUIRED,
    MSG_RUNNING_NO_DECISION,
    MSG_TOLD_ENDED,
    MSG_TOLD_STARTED,
)
from documents.content import worded
from documents.models import DocumentKind
from documents.notices import notice_issue
from permits import access
from permits.choices import AttachmentKind, NotificationKind
from permits.models import Application
from permits.readmemo import PROCEDURES, forget
from permits.services import attachments_cited, attachments_store
from permits.uploads import Upload

from .. import clock
from ..clock import SPECIAL_PROCEDURE_REFUSED_AT, special_procedure_refusal
from ..engine import WAITING_TASK_STATUSES
from ..engine.reads import task_agency, task_route
from ..models import SPECIAL_PROCEDURE_MAX_WORKING_DAYS, SpecialProcedure, SpecialProcedureKind
from ._common import (
    _locked_task,
    _task_closed,
    required_text,
)
from ._recording import record_with_task, recorder_require, recorder_role
from .acts import TaskAct
from .applicants import tell_applicants
from .steps import task_step

WITHDRAWN_RESULT = "申请人撤回申请，特别程序终止。"


def _running(application: Application, task: Task) -> SpecialProcedure | None:
    return (
        SpecialProcedure.objects.select_for_update()
        .filter(
            application_id=application.pk,
            step=task_step(task),
            agency_id=task.owner_permission_obj_pk,
            ended_on__isnull=True,
        )
        .first()
    )


def refuse_while_running(application: Application, task: Task) -> None:
    """A decision on a step whose special procedure runs: 409 (the result is not in yet)."""
    if task_step(task) in SPECIAL_PROCEDURE_REFUSED_AT:  # none runs there
        return
    agency = str(task.owner_permission_obj_pk)
    running = next(
        (
            procedure
            for procedure in clock.special_procedures_read(application, locked=True)
            if procedure.ended_on is None
            and procedure.step == task_step(task)
            and str(procedure.agency_id) == agency
        ),
        None,
    )
    if running is not None:
        message = str(MSG_RUNNING_NO_DECISION).format(kind=running.get_kind_display())
        raise StateConflict.on("special_procedure_running", message)


def _days(value: object) -> tuple[int, list[Problem]]:
    message = str(MSG_DAYS).format(most=SPECIAL_PROCEDURE_MAX_WORKING_DAYS)
    if isinstance(value, bool):
        return 0, [Problem("expected_working_days", "invalid", message)]
    try:
        days = int(str(value).strip())
    except (TypeError, ValueError):
        return 0, [Problem("expected_working_days", "invalid", message)]
    if not 1 <= days <= SPECIAL_PROCEDURE_MAX_WORKING_DAYS:
        return days, [Problem("expected_working_days", "out_of_range", message)]
    return days, []


def _start_refused(task: Task, application: Application, by: User) -> None:
    """403 to whoever may not record; 409 on a closed task, at acceptance, after the grant or
    while one of the step's procedures runs."""
    recorder_require(by, task, MSG_NOT_YOUR_STEP_PROCEDURES)
    if refusal := special_procedure_refusal(task_step(task), application):
        raise StateConflict.on("not_in_review", refusal)
    if _running(application, task) is not None:
        raise StateConflict.on("special_procedure_running", MSG_ALREADY_RUNNING)


def _start_cleaned(
    application: Application, kind: object, reason: object, expected_working_days: object
) -> tuple[str, str, int]:
    """The kind, the reason and the working days; every problem at once (400). A 批复's kind
    names no art. 45 (its procedures pause the agency's commitment)."""
    problems = []
    if kind not in SpecialProcedureKind.values:
        named = worded(application, MSG_KIND_WORKFLOWS, MSG_KIND_WORKFLOWS_APPROVAL)
        problems.append(Problem("kind", "invalid_choice", str(named)))
    reason_text, found = required_text(reason, "reason", str(MSG_REASON_REQUIRED_WORKFLOWS))
    days, found_days = _days(expected_working_days)
    if problems := [*problems, *found, *found_days]:
        raise InvalidInput(problems=problems)
    return str(kind), reason_text, days


def _start_notice(
    procedure: SpecialProcedure, application: Application, by: User, today: date
) -> None:
    """The 特别程序期间告知书, issued by the task's agency and kept on the procedure."""
    procedure.notice = notice_issue(
        application=application,
        kind=DocumentKind.SPECIAL_PROCEDURE_NOTICE,
        agency=procedure.agency,
        signed_by_name=display_name(by),
        reason=procedure.reason,
        extra={
            "procedure_kind": procedure.kind,
            "started_on": today,
            "expected_working_days": procedure.expected_working_days,
        },
    )
    procedure.save(update_fields=["notice"])
    forget(PROCEDURES)


def _start_record(
    procedure: SpecialProcedure, task: Task, application: Application, by: User, ip: str | None
) -> None:
    """The start's event and what the applicants are told."""
    assert procedure.notice is not None
    TaskAct.beside(task, application, by, ip, role=recorder_role(by, task)).record(
        AuditAction.SPECIAL_PROCEDURE_STARTED,
        opinion=procedure.reason,
        details={
            "special_procedure_id": procedure.pk,
            "kind": procedure.kind,
            "expected_working_days": procedure.expected_working_days,
            "started_on": procedure.started_on.isoformat(),
            "notice": procedure.notice.number,
        },
    )
    tell_applicants(
        application,
        NotificationKind.SPECIAL_PROCEDURE,
        MSG_TOLD_STARTED,
        procedure=procedure.get_kind_display(),
        started=procedure.started_on.isoformat(),
        days=procedure.expected_working_days,
    )


def procedure_open(
    task: Task,
    application: Application,
    by: User,
    *,
    kind: str,
    reason: str,
    days: int,
    today: date,
) -> SpecialProcedure:
    """A procedure of art. 45 begins on ``task`` today: the step's clock and the decision period
    pause (a special procedure recorded, a hearing asked for)."""
    procedure = SpecialProcedure.objects.create(
        application_id=application.pk,
        task=task,
        step=task_step(task),
        agency=task_agency(task),
        kind=kind,
        reason=reason,
        expected_working_days=days,
        started_on=today,
        started_by=by,
    )
    forget(PROCEDURES)
    clock.clocks_sync(application=application, route=task_route(task), today=today)
    return procedure


def procedure_close(
    procedure: SpecialProcedure,
    task: Task,
    application: Application,
    by: User,
    *,
    result: str,
    today: date,
) -> date | None:
    """A procedure of art. 45 ends today with its result: the clocks run again. The decision's
    new due date (None without a decision period)."""
    procedure.ended_on, procedure.ended_by, procedure.result = today, by, result
    procedure.save(update_fields=["ended_on", "ended_by", "result"])
    forget(PROCEDURES)
    clock.clocks_sync(application=application, route=task_route(task), today=today)
    legal = clock.decision_clock_of(application)
    return legal.due_date if legal is not None else None


@transaction.atomic
@audit_appended_last
def special_procedure_start(
    *,
    task_id: int | str,
    by: User,
    kind: object,
    reason: object,
    expected_working_days: object,
    client_ip: str | None = None,
    today: date | None = None,
) -> SpecialProcedure:
    """Record a special procedure on an open review task: the 告知书 is issued by the task's
    agency, the step's clock and the decision period pause from today."""
    today = today or timezone.localdate()
    task, application = _locked_task(task_id, by)
    _start_refused(task, application, by)
    kind_code, reason_text, days = _start_cleaned(application, kind, reason, expected_working_days)
    procedure = procedure_open(
        task, application, by, kind=kind_code, reason=reason_text, days=days, today=today
    )
    _start_notice(procedure, application, by, today)
    _start_record(procedure, task, application, by, client_ip)
    return procedure


@transaction.atomic
@audit_appended_last
def special_procedure_end(
    *,
    procedure_id: int | str,
    by: User,
    result: object,
    uploads: Iterable[Upload] = (),
    client_ip: str | None = None,
    today: date | None = None,
) -> SpecialProcedure:
    """Record the end of a special procedure with its result (and its files, kept as the
    application's attachments): the clocks run again from today."""
    today = today or timezone.localdate()
    procedure, task, application = record_with_task(SpecialProcedure, procedure_id, by)
    access.require(access.may_record_special_procedure(by, task), MSG_NOT_YOUR_STEP_PROCEDURES)
    if procedure.ended_on is not None:
        raise StateConflict.on("special_procedure_ended", MSG_ENDED)
    if task.status not in WAITING_TASK_STATUSES:
        raise _task_closed()
    result_text, problems = required_text(result, "result", str(MSG_RESULT_REQUIRED))
    if problems:
        raise InvalidInput(problems=problems)
    stored = attachments_store(
        application=application, by=by, kind=AttachmentKind.PROCEDURE_RESULT, uploads=uploads
    )
    due = procedure_close(procedure, task, application, by, result=result_text, today=today)
    procedure.attachments.add(*stored)
    TaskAct.beside(task, application, by, client_ip, role=recorder_role(by, task)).record(
        AuditAction.SPECIAL_PROCEDURE_ENDED,
        opinion=result_text,
        details={
            "special_procedure_id": procedure.pk,
            "kind": procedure.kind,
            "started_on": procedure.started_on.isoformat(),
            "ended_on": today.isoformat(),
            "attachments": attachments_cited(stored),
            "decision_due_date": due.isoformat() if due else None,
        },
    )
    tell_applicants(
        application,
        NotificationKind.SPECIAL_PROCEDURE,
        MSG_TOLD_ENDED,
        procedure=procedure.get_kind_display(),
        due=due.isoformat() if due else "—",
    )
    return procedure


def special_procedures_close_on_withdrawal(application: Application, today: date) -> None:
    """The applicant withdrew: what still runs ends with the application (called inside the
    withdrawal's transaction, before the clocks stop)."""
    SpecialProcedure.objects.filter(application_id=application.pk, ended_on__isnull=True).update(
        ended_on=today, result=WITHDRAWN_RESULT
    )
    forget(PROCEDURES)
