"""Reviewers' actions on tasks: claim, unclaim, decide. One transaction each; the application row
is locked first, then the task: two reviewers deciding one task queue; the second gets 409."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from permits.audit import audit_record
from permits.choices import (
    DECISIONS_NEEDING_OPINION,
    REVIEW_DECISIONS,
    Decision,
    Status,
    Step,
)
from permits.errors import InvalidInput, NotVisible, Problem, StateConflict
from permits.facts import application_snapshot
from permits.models import DETAIL_MODEL, Application
from permits.services import fsm_apply
from roles import access
from roles.models import Role
from roles.services import permission_grant_for_step

from . import engine

MSG_TASK_DONE = _("This task has already been decided.")
MSG_TASK_TAKEN = _("This task has been claimed by another reviewer.")
MSG_NOT_YOUR_AGENCY = _("This task belongs to another agency or role.")
MSG_DECISION_INVALID = _("This decision is not possible at this step.")
MSG_OPINION_REQUIRED = _("An opinion is required for this decision.")
MSG_NOT_CLAIMED = _("The task is not claimed by you.")

STEP_ROLE = {Step.DISTRICT_REVIEW: Role.REVIEWER, Step.MUNICIPAL_REVIEW: Role.APPROVER}


def task_step(task) -> Step:
    return Step(task.flow_task.name)


def task_agency(task):
    return task.flow_task._owner_permission_obj(task.process)


def _locked_task(task_id, user) -> tuple[Task, Application]:
    """Lock the application, then the task; 404 for what the user may not see."""
    try:
        task = Task.objects.select_related("process").get(pk=task_id, flow_task_type="HUMAN")
        application_id = task.process.permitprocess.application_id
    except (Task.DoesNotExist, ValueError, TypeError):
        raise NotVisible() from None
    application = Application.objects.select_for_update().filter(pk=application_id).first()
    if application is None or not access.can_see_application(user, application):
        raise NotVisible()
    task = Task.objects.select_for_update().get(pk=task_id)
    return task, DETAIL_MODEL[application.kind].objects.get(pk=application_id)


def _require_open(task, user) -> None:
    access.require(access.may_act_on_step(user, task), MSG_NOT_YOUR_AGENCY)
    if task.status not in (STATUS.NEW, STATUS.ASSIGNED):
        raise StateConflict(MSG_TASK_DONE, [Problem(None, "task_closed", str(MSG_TASK_DONE))])
    if task.owner_id and task.owner_id != user.pk:
        raise StateConflict(MSG_TASK_TAKEN, [Problem(None, "task_taken", str(MSG_TASK_TAKEN))])


def _audit(action, task, application, by, client_ip, **kwargs):
    return audit_record(
        action=action,
        application=application,
        actor=by,
        agency=task_agency(task),
        role=STEP_ROLE.get(task_step(task), ""),
        client_ip=client_ip,
        details={"task_id": task.pk, "step": task_step(task).value},
        **kwargs,
    )


@transaction.atomic
def task_claim(*, task_id, by, client_ip: str | None = None) -> Task:
    task, application = _locked_task(task_id, by)
    _require_open(task, by)
    if task.owner_id == by.pk:
        return task
    engine.task_assign(task=task, by=by)
    _audit(
        "claim",
        task,
        application,
        by,
        client_ip,
        from_status=application.status,
        to_status=application.status,
    )
    return task


@transaction.atomic
def task_unclaim(*, task_id, by, client_ip: str | None = None) -> Task:
    task, application = _locked_task(task_id, by)
    _require_open(task, by)
    if task.owner_id != by.pk:
        raise StateConflict(MSG_NOT_CLAIMED, [Problem(None, "not_claimed", str(MSG_NOT_CLAIMED))])
    engine.task_unassign(task=task)
    _audit(
        "unclaim",
        task,
        application,
        by,
        client_ip,
        from_status=application.status,
        to_status=application.status,
    )
    return task


def _validate_decision(step: Step, decision: str, opinion: str) -> tuple[Decision, str]:
    allowed = REVIEW_DECISIONS
    if decision not in allowed:
        raise InvalidInput(
            problems=[Problem("decision", "invalid_choice", str(MSG_DECISION_INVALID))]
        )
    decision, opinion = Decision(decision), (opinion or "").strip()
    if decision in DECISIONS_NEEDING_OPINION and not opinion:
        raise InvalidInput(problems=[Problem("opinion", "required", str(MSG_OPINION_REQUIRED))])
    return decision, opinion


def _apply_decision(application, step: Step, decision: Decision) -> None:
    """Move the application's legal status; the route (data) says where an approval leads."""
    if decision == Decision.RETURN:
        fsm_apply(application, application.return_for_revision)
    elif decision == Decision.REJECT:
        fsm_apply(application, application.reject)
    elif step == Step.DISTRICT_REVIEW:
        forward = Status.MUNICIPAL_REVIEW if application.lead_agency_id else Status.APPROVED
        fsm_apply(application, application.district_approve, to=forward)
    else:
        fsm_apply(application, application.municipal_approve)


@transaction.atomic
def task_decide(*, task_id, by, decision: str, opinion: str = "", client_ip: str | None = None):
    """Claim (if open) and decide a review task; returns (task, application)."""
    from permits.certificates.issue import certificate_issue

    task, application = _locked_task(task_id, by)
    _require_open(task, by)
    step = task_step(task)
    decision, opinion = _validate_decision(step, decision, opinion)
    snapshot = application_snapshot(application)
    from_status = application.status
    if task.owner_id is None:
        _audit(
            "claim",
            task,
            application,
            by,
            client_ip,
            from_status=from_status,
            to_status=from_status,
        )
    _apply_decision(application, step, decision)
    task.data = {"decision": decision.value, "opinion": opinion}
    task.save(update_fields=["data"])
    engine.task_complete(task=task, by=by)
    if application.status == Status.MUNICIPAL_REVIEW:
        permission_grant_for_step(
            application=application.application_ptr, agency=application.lead_agency
        )
    _audit(
        decision.value,
        task,
        application,
        by,
        client_ip,
        from_status=from_status,
        to_status=application.status,
        opinion=opinion,
        snapshot=snapshot,
    )
    if application.status in (Status.APPROVED, Status.REJECTED):
        certificate_issue(application=application)
    task.refresh_from_db()
    return task, application
