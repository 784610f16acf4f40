"""What the services that record on an application share: on an open review task (a site
check, a special procedure, an interested party's notice and answer), the record's task locked
as every writer locks it, the recorder allowed, the role the event names; on a decided one (a
national decision, a restoration fee), the application locked for its deciding agency; and the
system telling an agency's heads of its own lateness (a tick's one notice and event)."""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.models import User
from django.db import models
from viewflow.workflow.models import Task

from audit.choices import AuditAction
from audit.trail import audit_record
from core.errors import NotVisible
from permits import access
from permits.acts import SYSTEM_ROLE
from permits.choices import NotificationKind
from permits.models import Application
from permits.notifications import notify
from permits.services import application_locked
from roles.models import Agency, Role

from ..engine import WAITING_TASK_STATUSES
from ._common import _locked_task, _task_closed

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

RecordT = TypeVar("RecordT", bound=models.Model)


def record_with_task(
    model: type[RecordT], pk: int | str, by: User
) -> tuple[RecordT, Task, Application]:
    """The record and its task, the application locked first, then the task, then the record;
    404 for what ``by`` may not see."""
    try:
        task_id = model._default_manager.filter(pk=pk).values_list("task_id", flat=True).first()
    except (ValueError, TypeError):
        raise NotVisible() from None
    if task_id is None:
        raise NotVisible()
    task, application = _locked_task(task_id, by)
    record = model._default_manager.select_for_update().get(pk=pk)
    return record, task, application


def recorder_require(by: User, task: Task, refused: "StrOrPromise") -> None:
    """403 (``refused``) to whoever may see the task but not record on it; 409 once closed."""
    access.require(access.may_record_special_procedure(by, task), refused)
    if task.status not in WAITING_TASK_STATUSES:
        raise _task_closed()


def recorder_role(by: User, task: Task) -> str | None:
    """The role the event names: the step's (None: ``task_event`` reads it), else the head's."""
    return None if access.may_act_on_step(by, task) else Role.HEAD


def deciding_agency_locked(application_id: int, by: User, refused: "StrOrPromise") -> Application:
    """The application locked for an act of its deciding agency: 404 for what ``by`` may not
    see, 403 (``refused``) unless ``by`` acts for that agency."""
    detail = application_locked(application_id)
    if detail is None or not access.can_see_application(by, detail):
        raise NotVisible()
    access.require(access.can_act_for_deciding_agency(by, detail), refused)
    return detail


def heads_told_by_system(
    application: Application,
    agency: Agency,
    *,
    kind: NotificationKind,
    message: str,
    action: AuditAction,
    details: Mapping[str, Any],
) -> None:
    """A tick telling ``agency``'s heads of a lateness that is the agency's to act on (a hearing
    not held in time, a fee unpaid): their notification and the system's audit event."""
    notify(
        recipients=access.heads_of(agency.pk),
        kind=kind,
        message=message,
        application=application,
    )
    audit_record(
        action=action,
        application=application,
        actor=None,
        agency=agency,
        role=SYSTEM_ROLE,
        details=dict(details),
    )
