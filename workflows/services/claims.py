"""Who holds a task: a reviewer's claim and unclaim, and the release of the open tasks a person
may no longer act on once a role is revoked (``roles.signals.role_revoked``)."""

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from audit.choices import AuditAction
from audit.trail import audit_appended_last
from core.errors import StateConflict
from core.messages import MSG_NOT_CLAIMED, MSG_ROLE_REVOKED, MSG_TASK_TAKEN
from permits import access
from permits.services import application_locked
from roles.models import Membership, Role

from .. import engine
from ._common import _audit, _locked_task, _require_open


@transaction.atomic
@audit_appended_last
def task_claim(*, task_id: int | str, by: User, client_ip: str | None = None) -> Task:
    task, application = _locked_task(task_id, by)
    _require_open(task, by)
    if task.owner_id == by.pk:
        return task
    if task.owner_id is not None:  # an absent member's: their substitute decides it, no claim
        raise StateConflict.on("task_taken", MSG_TASK_TAKEN)
    engine.task_assign(task=task, by=by)
    _audit(AuditAction.CLAIM, task, application, by, client_ip)
    return task


@transaction.atomic
@audit_appended_last
def task_unclaim(*, task_id: int | str, by: User, client_ip: str | None = None) -> Task:
    task, application = _locked_task(task_id, by)
    _require_open(task, by)
    if task.owner_id != by.pk:
        raise StateConflict.on("not_claimed", MSG_NOT_CLAIMED)
    engine.task_unassign(task=task)
    _audit(AuditAction.UNCLAIM, task, application, by, client_ip)
    return task


# --- Revoked roles ---------------------------------------------------------------------------


@transaction.atomic
@audit_appended_last
def tasks_release_unheld(*, user: User, by: User | None = None) -> list[int]:
    """Open tasks ``user`` holds on steps they may no longer act on (a role revoked) go back to
    their agency's queue, each with an ``unclaim`` event by ``by`` (or the system).

    Locks each application, then its task, in application order, like every other writer.
    Returns the released task ids.
    """
    held = (
        Task.objects.filter(owner=user, flow_task_type="HUMAN", status=STATUS.ASSIGNED)
        .exclude(access.agency_grants(user))
        .values_list("pk", "process__permitprocess__application_id")
        .order_by("process__permitprocess__application_id", "pk")
    )
    released: list[int] = []
    for task_id, application_id in list(held):
        application = application_locked(application_id)
        task = Task.objects.select_for_update().get(pk=task_id)
        if application is None or task.owner_id != user.pk or task.status != STATUS.ASSIGNED:
            continue
        engine.task_unassign(task=task)
        _audit(
            AuditAction.UNCLAIM,
            task,
            application,
            by,
            None,
            {"reason": "role_revoked", "released_from": user.get_username()},
            role=Role.ADMIN if by is not None else "system",
            opinion=str(MSG_ROLE_REVOKED),
        )
        released.append(task.pk)
    return released


def on_role_revoked(
    sender: type[Membership], *, user: User, by: User | None = None, **kwargs: Any
) -> None:
    """roles.signals.role_revoked: release what the person can no longer act on."""
    tasks_release_unheld(user=user, by=by)
