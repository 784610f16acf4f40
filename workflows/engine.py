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
# A human task waiting for its decision, claimed or not (ours are never STARTED before).
WAITING_TASK_STATUSES = (STATUS.NEW, STATUS.ASSIGNED)


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


def loaded_process(task: Task) -> PermitProcess | None:
    """The task's review pass when it is already in memory (read with the task by
    ``select_related``, or the process the flow created the task with), else None."""
    if not Task.process.is_cached(task):
        return None
    process = task.process
    if isinstance(process, PermitProcess):
        return process
    loaded: PermitProcess | None = process._state.fields_cache.get("permitprocess")
    return loaded


def task_complete(*, task: Task, by: User, data: dict[str, Any] | None = None) -> None:
    """Claim (when open), start and finish a human task; the flow then creates what comes next.

    ``task`` is the row read ``select_for_update`` in this transaction, after the application's
    lock, with its process row, locked too (``services._common._locked_task``): it is
    current, so viewflow's re-read of the task and its process (``Task.activation``) is left
    out, and so is viewflow's lock (``FlowBase.lock_impl``: a savepoint and a ``SELECT … FOR
    UPDATE NOWAIT`` of the process row this transaction holds already; the caller's
    transaction is the one that rolls back). The claim and ``data`` are set on the task and
    written by the completion's own save: one UPDATE of the task instead of three.
    """
    activation = task.flow_task.activation_class(task)
    if data:
        task.data = {**task.data, **data}
    if task.status == STATUS.NEW:
        # viewflow's ViewActivation.assign less its save (start() and execute() follow).
        task.owner = by
        task.status = STATUS.ASSIGNED
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
