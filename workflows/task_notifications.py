"""A new human review task tells everyone who may act on it (product.md §12, ``task_new``).

The one place this happens: a receiver of viewflow's Task creation, whichever flow, node or
service created the task (acceptance, district review, each countersign, municipal review).
"""

from django.conf import settings
from django.utils import translation
from viewflow.workflow.models import Task

from core.messages import MSG_TASK_NEW
from permits.access import members_who_may_act
from permits.choices import NotificationKind
from permits.models import Application, Notification
from permits.notifications import notify

from .engine.reads import loaded_process
from .models import PermitProcess

HUMAN = "HUMAN"


def _application_of(task: Task) -> Application:
    """The task's application: the one the flow already holds when it created the task with its
    process (a decision's locked application, ``workflows.services._common._locked_task``),
    else read."""
    # PermitProcess subclasses viewflow's untyped Process: django-stubs types its fields as Any.
    application: Application
    process = loaded_process(task)
    if process is not None and PermitProcess.application.is_cached(process):
        application = process.application
        return application
    application = (
        PermitProcess.objects.select_related("application").get(pk=task.process_id).application
    )
    return application


def task_new_notify(*, task: Task) -> list[Notification]:
    application = _application_of(task)
    with translation.override(settings.LANGUAGE_CODE):
        message = str(MSG_TASK_NEW).format(
            reference=application.reference, step=task.flow_task.task_title
        )
    # A task created already assigned (back to its reviewer) concerns that reviewer only.
    recipients = (
        [task.owner]
        if task.owner_id
        else members_who_may_act(
            agency_id=task.owner_permission_obj_pk, permission=task.owner_permission
        )
    )
    return notify(
        recipients=recipients,
        kind=NotificationKind.TASK_NEW,
        message=message,
        application=application,
    )


def on_task_saved(
    sender: type[Task], instance: Task, created: bool, raw: bool = False, **kwargs: object
) -> None:
    if created and not raw and instance.flow_task_type == HUMAN and instance.owner_permission:
        task_new_notify(task=instance)
