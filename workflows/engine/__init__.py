"""The seam between services and viewflow: start, advance and cancel review processes.

Called only from services, inside their transaction; holds no rules.

Devices
-------
Where this project does what viewflow or Django would do, to save statements, the device lives
in this package, with its measured gain here and nowhere else (issue 27). Statements of one
Beijing tending lifecycle over the API on SQLite (``tests/api/test_lifecycle_queries.py``,
``LIFECYCLE_SQL=1``), each device switched off alone, against 228 with all of them:

=====================================================================  ======  ===========
device                                                                 saves   decision
=====================================================================  ======  ===========
``task_complete``: no re-read and re-lock of the task (``activation``)   26     kept, here
``engine.reads.task_route``/``task_agency``: once per task object        24     kept, reads
``engine.nodes``: gateways and end written once, no savepoint            13     kept, nodes
``engine.reads.route_agencies_share``: the route's agencies reused        9     kept, reads
``engine.reads.loaded_process``: the process already in memory            6     kept, reads
``open_tasks_noted``: the tasks viewflow created, not read (issue 44)     4     kept, here
viewflow's ``StartHandle`` replaced (no savepoint, no lock)               5     removed
``permits.services``: skip ``full_clean``'s check of a row read          2     removed
the decider seeded as the completed task's owner                          0     removed
=====================================================================  ======  ===========

With the three removed a lifecycle takes 235 statements (221 on PostgreSQL). For scale, the
project's own memo of reads (``permits.readmemo``, structural, not a device) saves 69. Each
kept device is tested where it could go wrong: ``tests/workflows/test_tending_flow.py``
(gateways that fail undo the whole decision; the chain of tasks reads as viewflow wrote it;
the end revived), ``tests/api/test_lifecycle_queries.py`` (the ceilings). On a viewflow
upgrade, compare ``task_complete`` and ``engine.nodes`` with the code they replace.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from permits.choices import Kind
from permits.models import Application
from permits.readmemo import CLOCKS, COUNTERSIGNS, forget, remember, remembered

from ..models import PermitProcess, ResolvedRoute

OPEN_TASK_STATUSES = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)
# A human task waiting for its decision, claimed or not (ours are never STARTED before).
WAITING_TASK_STATUSES = (STATUS.NEW, STATUS.ASSIGNED)


def flow_for(kind: str) -> Any:  # a viewflow Flow class (viewflow ships no types)
    from ..flows import IntroductionFlow, OccupationFlow, TendingFlow

    return {
        Kind.TENDING: TendingFlow,
        Kind.OCCUPATION: OccupationFlow,
        Kind.INTRODUCTION: IntroductionFlow,
    }[Kind(kind)]


def review_start(*, application: Application, route: ResolvedRoute) -> PermitProcess:
    """Start a review pass with the route resolved at submission, frozen on the process."""
    flow_class = flow_for(application.kind)
    forget(COUNTERSIGNS)  # the new pass's countersigns are none yet
    return flow_class.start.run(application=application, route=route)


def review_cancel(*, application: Application) -> None:
    """Cancel the open review process of the application (withdrawal)."""
    passes = PermitProcess.objects.filter(
        application_id=application.pk, filing__isnull=True, permit_request__isnull=True
    )
    for process in passes.filter(status=PROCESS.NEW):
        process.flow_class.instance.cancel(process)


def open_tasks(*, application: Application) -> QuerySet[Task]:
    """The open human review tasks of the application (not the flow's internal gateways, nor
    the reviews of its filings after the approval: ``filing_review_tasks``)."""
    return Task.objects.filter(
        process__permitprocess__application_id=application.pk,
        process__permitprocess__filing__isnull=True,
        process__permitprocess__permit_request__isnull=True,
        flow_task_type="HUMAN",
        status__in=OPEN_TASK_STATUSES,
    )


# The human tasks viewflow creates inside ``open_tasks_noted`` (``task_created_collect``, a
# receiver of Task's post_save), and the read-once key of the open tasks it notes.
_created: ContextVar[list[Task] | None] = ContextVar("engine_tasks_created", default=None)
OPEN_TASKS = "open tasks"


@contextmanager
def open_tasks_noted(application: Application, *, none_before: bool) -> Iterator[None]:
    """Around viewflow's work on the application's review (a pass started, a task completed):
    when no other task of it was open before (``none_before``), its open tasks after are the
    human tasks viewflow created meanwhile that are still open, and the ``read_once`` block
    keeps them (under ``CLOCKS``, which ``clock.clocks_sync`` reads and then forgets) for
    ``open_tasks_now``: one statement fewer a submission and a decision."""
    created: list[Task] = []
    token = _created.set(created)
    try:
        yield
    finally:
        _created.reset(token)
    if none_before:
        still_open = [task for task in created if task.status in OPEN_TASK_STATUSES]
        remember((CLOCKS, OPEN_TASKS, application.pk), still_open)


def task_created_collect(
    sender: type[Task], instance: Task, created: bool, raw: bool = False, **kwargs: object
) -> None:
    collected = _created.get()
    if collected is not None and created and not raw and instance.flow_task_type == "HUMAN":
        collected.append(instance)


def open_tasks_now(application: Application) -> list[Task]:
    """``open_tasks``, or the ones ``open_tasks_noted`` left in the ``read_once`` block."""
    return remembered(
        (CLOCKS, OPEN_TASKS, application.pk), lambda: list(open_tasks(application=application))
    )


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
