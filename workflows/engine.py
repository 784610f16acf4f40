"""The seam between services and viewflow: start, advance and cancel review processes.

Called only from services, inside their transaction; holds no rules.
"""

from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from permits.choices import Kind
from permits.models import Application

from .models import PermitProcess, ResolvedRoute

OPEN_TASK_STATUSES = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)


def flow_for(kind: str) -> Any:  # a viewflow Flow class (viewflow ships no types)
    from .flows import IntroductionFlow, OccupationFlow, TendingFlow

    return {
        Kind.TENDING: TendingFlow,
        Kind.OCCUPATION: OccupationFlow,
        Kind.INTRODUCTION: IntroductionFlow,
    }[Kind(kind)]


def review_start(*, application: Application, route: ResolvedRoute) -> PermitProcess:
    """Start a review pass with the route resolved at submission, frozen on the process."""
    flow_class = flow_for(application.kind)
    return flow_class.start.run(application=application, route=route)


def review_cancel(*, application: Application) -> None:
    """Cancel the open review process of the application (withdrawal)."""
    for process in PermitProcess.objects.filter(application_id=application.pk, status=PROCESS.NEW):
        process.flow_class.instance.cancel(process)


def open_tasks(*, application: Application) -> QuerySet[Task]:
    """The open human review tasks of the application (not the flow's internal gateways)."""
    return Task.objects.filter(
        process__permitprocess__application_id=application.pk,
        flow_task_type="HUMAN",
        status__in=OPEN_TASK_STATUSES,
    )


def task_complete(*, task: Task, by: User) -> None:
    """Claim (when open), start and finish a human task; the flow then creates what comes next."""
    with task.activation() as activation:
        if task.status == STATUS.NEW:
            activation.assign(by)
        activation.start(None)
        activation.execute()


def task_complete_by_system(*, task: Task) -> None:
    """Finish a human task that the law decides (deemed acceptance): no one claims it."""
    with task.activation() as activation:
        if task.status == STATUS.NEW:
            activation.assign(None)
        activation.start(None)
        activation.execute()


def task_assign(*, task: Task, by: User) -> None:
    with task.activation() as activation:
        activation.assign(by)


def task_unassign(*, task: Task) -> None:
    with task.activation() as activation:
        activation.unassign()


def task_reassign(*, task: Task, to: User) -> None:
    """Give the task to ``to``, whether it was open or held by someone else."""
    with task.activation() as activation:
        if task.status == STATUS.NEW:
            activation.assign(to)
        else:
            activation.reassign(to)
