"""The statutory clock (product.md §11, §16 L1–L3; Administrative Licensing Law arts. 32,
42, 43, 45).

Two kinds of clock. The ``DecisionClock`` is the law's: one per accepted application, the
period within which the deciding agency must decide, by the route frozen at submission (two-tier:
the district forwards within its own period, art. 43, and the deciding agency's period runs from
receipt; joint: one period from acceptance, art. 42 para. 2). The ``StepClock`` of each step,
agency and application is an internal target: the route's figure for the step or what is left
of the legal period, whichever is shorter.

Services call ``clocks_sync`` after every change of an application's open tasks or special
procedures, inside their transaction: acceptance starts the legal period, the district's
approval delivers the file to the deciding agency, a new task starts its step's clock (or
resumes it), a return or a special procedure (art. 45) pauses what it stops, a decision or a
withdrawal ends them. ``decision_extend`` is the deciding agency's head's extension. Reads
(``clock_deadline``, ``deadline_of``) serve the API record, the task lists and the pages, so
the numbers agree everywhere.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils import timezone
from viewflow.workflow.models import Task

from core.messages import (
    MSG_AT_ACCEPTANCE,
    MSG_AT_ACCEPTANCE_APPROVAL,
    MSG_NOT_A_REVIEW,
    MSG_NOT_A_REVIEW_APPROVAL,
    MSG_NOT_ON_A_REQUEST,
    MSG_NOT_ON_A_REQUEST_APPROVAL,
)
from documents.content import worded
from permits.choices import (
    AFTER_GRANT_STEPS,
    AT_DECIDING_AGENCY_STATUSES,
    UNDER_REVIEW_STATUSES,
    Status,
    Step,
)
from permits.models import Application
from permits.readmemo import CLOCKS, PROCEDURES, forget, remember, remembered

from . import engine
from .deadlines import (
    add_working_days,
    corrections_changed,
    is_working_day,
    subtract_working_days,
    working_days_between,
    working_days_since,
)
from .models import (
    Clock,
    DecisionClock,
    Hearing,
    ResolvedRoute,
    SpecialProcedure,
    StepClock,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Deadline:
    """A clock as api.md writes the record's ``deadline`` and the task fields."""

    step: str
    limit_working_days: int
    extended_working_days: int
    started_on: date
    due_date: date | None
    working_days_left: int
    paused: bool
    overdue: bool
    # The legal period (product.md §16 L1): the date by which the deciding agency must decide
    # (null while a special procedure pauses it), and who decides.
    decision_due_date: date | None = None
    deciding_agency: dict[str, str] | None = None

    @property
    def step_label(self) -> str:
        return str(Step(self.step).label)

    def as_dict(self) -> dict[str, object]:
        return {
            "step": self.step,
            "limit_working_days": self.limit_working_days,
            "extended_working_days": self.extended_working_days,
            "started_on": self.started_on,
            "due_date": self.due_date,
            "working_days_left": self.working_days_left,
            "paused": self.paused,
            "overdue": self.overdue,
            "decision_due_date": self.decision_due_date,
            "deciding_agency": self.deciding_agency,
        }


def working_days_left(clock: Clock, today: date, elapsed: int | None = None) -> int:
    """Working days left before the due date: negative once it has passed; frozen while paused
    and from the decision on. ``elapsed``: the working days from ``running_since`` to
    ``today`` when the caller has counted them (``clocks_deadlines``)."""
    left = clock.total_working_days - clock.used_working_days
    if clock.running_since is not None:
        left -= working_days_between(clock.running_since, today) if elapsed is None else elapsed
    return left


def is_overdue(clock: Clock, today: date) -> bool:
    """Running past its due date (the due date itself is still on time)."""
    return clock.is_running and clock.due_date is not None and today > clock.due_date


def clock_deadline(
    clock: StepClock, today: date | None = None, elapsed: int | None = None
) -> Deadline:
    today = today or timezone.localdate()
    return Deadline(
        step=clock.step,
        limit_working_days=clock.limit_working_days,
        extended_working_days=clock.extended_working_days,
        started_on=clock.started_on,
        due_date=clock.due_date,
        working_days_left=working_days_left(clock, today, elapsed),
        paused=clock.is_paused,
        overdue=is_overdue(clock, today),
    )


def clocks_deadlines(clocks: Iterable[StepClock], today: date | None = None) -> dict[int, Deadline]:
    """``clock_deadline`` of each clock by its pk, walking the calendar once for all of them."""
    today = today or timezone.localdate()
    clocks = list(clocks)
    running = [clock.running_since for clock in clocks if clock.running_since is not None]
    elapsed = working_days_since(running, today)
    return {
        clock.pk: clock_deadline(
            clock, today, elapsed[clock.running_since] if clock.running_since else None
        )
        for clock in clocks
    }


def open_clocks(application: Application) -> QuerySet[StepClock]:
    """The open clocks of the application's review (a filing's review runs its own clock,
    started and ended by ``supervision.services``)."""
    return StepClock.objects.filter(application_id=application.pk, ended_at__isnull=True).exclude(
        step__in=AFTER_GRANT_STEPS
    )


def deadline_of(application: Application, today: date | None = None) -> Deadline | None:
    """The application's current deadline: its open clock due first (a paused one while it is
    returned), or None when no step is running (a draft, a decided application). In a block
    that reads clocks once, the open clocks are those ``clocks_sync`` left there."""
    open_now = remembered((CLOCKS, application.pk), lambda: list(open_clocks(application)))
    clocks = sorted(
        open_now,
        key=lambda c: (c.due_date is None, c.due_date or date.max, c.pk),
    )
    if not clocks:
        return None
    deadline = clock_deadline(clocks[0], today)
    legal = decision_clock_of(application)
    if legal is None:
        return deadline
    return replace(
        deadline,
        decision_due_date=legal.due_date,
        deciding_agency={"code": legal.deciding_agency.code, "name": legal.deciding_agency.name},
    )


def clocks_none_yet(application: Application) -> None:
    """``application`` was created in this block: no step runs, so no clock is open and no
    special procedure was ever started, which its record then need not ask (issue 44 item 7)."""
    remember((CLOCKS, application.pk), [])
    remember((PROCEDURES, application.pk), [])


# ``decision_clock_of``'s key beside ``deadline_of``'s, of the same kind (forgotten with it).
_DECISION = "decision"


def decision_clock_of(application: Application) -> DecisionClock | None:
    """The application's legal period, with its deciding agency (None before acceptance)."""
    return remembered(
        (CLOCKS, _DECISION, application.pk),
        lambda: (
            DecisionClock.objects.select_related("deciding_agency")
            .filter(application_id=application.pk)
            .first()
        ),
    )


# ``clocks_of_tasks``' key beside ``deadline_of``'s, of the same kind (forgotten with it).
_OF_TASKS = "of tasks"


def clocks_of_tasks(tasks: Iterable[Task]) -> dict[int, StepClock]:
    """Each task's clock (the clock whose current task it is), in one query. In a block that
    reads clocks once, a task's clock that ``clocks_sync`` has just moved is the one it left
    there (the decided task's, for the decision's response)."""
    ids = tuple(sorted({task.pk for task in tasks}))
    return remembered((CLOCKS, _OF_TASKS, ids), lambda: _clocks_of_tasks(ids))


def _clocks_of_tasks(ids: Iterable[int]) -> dict[int, StepClock]:
    clocks = StepClock.objects.filter(task_id__in=ids)
    return {clock.task_id: clock for clock in clocks if clock.task_id is not None}


def clock_of_task(task: Task) -> StepClock | None:
    return StepClock.objects.filter(task_id=task.pk).first()


# --- Moving the clocks (inside the services' transactions) ---------------------------------


def _task_key(task: Task) -> tuple[str, int]:
    return node_step_of(task), int(task.owner_permission_obj_pk)


def _decision_clock_locked(application: Application) -> DecisionClock | None:
    return (
        DecisionClock.objects.select_for_update(of=("self",))
        .select_related("deciding_agency")
        .filter(application_id=application.pk)
        .first()
    )


def special_procedures_query(application: Application) -> QuerySet[SpecialProcedure]:
    """The application's special procedures (art. 45), oldest first, with their agencies,
    notices and result files (two queries whatever their number; one when there are none)."""
    return (
        SpecialProcedure.objects.filter(application_id=application.pk)
        .select_related("agency", "notice")
        .prefetch_related("attachments")
        .order_by("started_on", "pk")
    )


def special_procedures_read(
    application: Application, *, locked: bool = False
) -> list[SpecialProcedure]:
    """``special_procedures_query``'s rows, read once in a ``read_once`` block keeping
    ``PROCEDURES``: a decision reads them ``locked`` (its check that none runs on its step,
    ``procedures.refuse_while_running``), always afresh, and leaves them for the pausing of its
    clocks (``clocks_sync``) and the record of its response."""
    if locked:
        rows = list(special_procedures_query(application).select_for_update(of=("self",)))
        remember((PROCEDURES, application.pk), rows)
        return rows
    return remembered(
        (PROCEDURES, application.pk), lambda: list(special_procedures_query(application))
    )


def _pausing_procedures(
    application: Application, legal: DecisionClock | None
) -> set[tuple[str, int]]:
    """The (step, agency) whose special procedure still runs."""
    # Special procedures run only on an accepted application (its legal period exists).
    if legal is None or legal.ended_at is not None:
        return set()
    return {
        (p.step, p.agency_id) for p in special_procedures_read(application) if p.ended_on is None
    }


def _step_clocks_follow(
    application: Application,
    clocks: dict[tuple[str, int], StepClock],
    tasks: dict[tuple[str, int], Task],
    pausing: set[tuple[str, int]],
    today: date,
    now: datetime,
) -> list[StepClock]:
    """Each open clock follows its open task, pauses (a special procedure runs, or the
    application is returned) or ends; the ones still open."""
    still_open = []
    for key, clock in clocks.items():
        task = tasks.get(key)
        if task is not None and key in pausing:
            clock.task = task
            _pause(clock, today)
            still_open.append(clock)
        elif task is not None:
            _follow(clock, task, today)
            still_open.append(clock)
        elif application.status == Status.RETURNED:
            _pause(clock, today)
            still_open.append(clock)
        else:
            _stop(clock, today)
            clock.ended_at = now
            clock.ended_by_withdrawal = application.status == Status.WITHDRAWN
            clock.save()
    return still_open


def _step_clocks_start(
    application: Application,
    route: ResolvedRoute,
    legal: DecisionClock | None,
    clocks: dict[tuple[str, int], StepClock],
    tasks: dict[tuple[str, int], Task],
    today: date,
) -> list[StepClock]:
    """A new clock, from today, for each open task whose step runs none."""
    started = []
    for (step, agency_id), task in tasks.items():
        if (step, agency_id) not in clocks:
            limit = route.limit(step)
            if legal is not None and legal.ended_at is None and step != Step.ACCEPTANCE:
                # An internal target is never longer than the law's period (product.md §16 L1).
                limit = min(limit, max(working_days_left(legal, today), 0))
            created = StepClock.objects.create(
                application_id=application.pk,
                step=step,
                agency_id=agency_id,
                task=task,
                limit_working_days=limit,
                started_on=today,
                running_since=today,
                due_date=add_working_days(today, limit),
            )
            started.append(created)
    return started


def clocks_sync(
    *,
    application: Application,
    route: ResolvedRoute,
    today: date | None = None,
    none_yet: bool = False,
) -> list[StepClock]:
    """Make the clocks agree with the application's open tasks and special procedures; returns
    the open step clocks.

    The legal period first (``_decision_sync``). Then each open task's step runs a clock: a
    paused one of the same step and agency resumes with the working days that were left (unless
    a special procedure of the step still runs), otherwise a new one starts today with the
    route's figure or what is left of the legal period, whichever is shorter. A clock without an
    open task pauses while the application is ``returned`` and ends otherwise (decided,
    withdrawn, not accepted).

    ``none_yet``: a draft's first submission, which no clock nor special procedure ran before
    (nothing moves an application back to draft): neither is read. An application without a
    legal period was never accepted, so no special procedure ever ran on it (they run in
    review): its record takes them as none (issue 44 item 7).
    """
    today = today or timezone.localdate()
    now = timezone.now()
    legal = None if none_yet else _decision_clock_locked(application)
    if legal is None:
        remember((PROCEDURES, application.pk), [])
    pausing = _pausing_procedures(application, legal)
    legal = _decision_sync(application, route, legal, today, now, paused_by_procedure=bool(pausing))
    tasks = {_task_key(task): task for task in engine.open_tasks_now(application)}
    clocks = {
        (clock.step, clock.agency_id): clock
        for clock in ([] if none_yet else open_clocks(application).select_for_update())
    }
    still_open = _step_clocks_follow(application, clocks, tasks, pausing, today, now)
    started = _step_clocks_start(application, route, legal, clocks, tasks, today)
    still_open += started
    # What the application's record and the task's deadline read next, in the same block
    # (permits.readmemo): every clock read or started here is its task's, running or ended.
    forget(CLOCKS)
    for moved in [*clocks.values(), *started]:
        if moved.task_id is not None:
            remember((CLOCKS, _OF_TASKS, (moved.task_id,)), {moved.task_id: moved})
    remember((CLOCKS, _DECISION, application.pk), legal)
    return remembered((CLOCKS, application.pk), lambda: still_open)


def _decision_sync(
    application: Application,
    route: ResolvedRoute,
    legal: DecisionClock | None,
    today: date,
    now: datetime,
    *,
    paused_by_procedure: bool,
) -> DecisionClock | None:
    """The legal period (``legal``, locked; None before acceptance) follows the application:
    it starts at acceptance, the deciding agency receives the file when the district forwards
    it (two-tier), it pauses while a special procedure runs (art. 45) or, where the route says
    a local rule excludes that time, while the application is returned during review, and it
    ends with the decision."""
    status = application.status
    if legal is None:
        if status not in UNDER_REVIEW_STATUSES:  # the legal period starts in review
            return None
        legal = _decision_start(application, route, today)
    if legal.ended_at is not None:
        return legal
    if status not in (*UNDER_REVIEW_STATUSES, Status.RETURNED):
        _stop(legal, today)
        legal.ended_at = now
        legal.save()
        return legal
    if legal.received_on is None and status in AT_DECIDING_AGENCY_STATUSES:
        _decision_receive(legal, today)
    returned = status == Status.RETURNED and route.review_correction_excluded
    if paused_by_procedure or returned:
        if legal.running_since is not None:
            _stop(legal, today)
            legal.due_date = None
            if legal.received_on is None:
                legal.forward_due_date = None
            legal.save()
    elif legal.running_since is None:
        legal.running_since = today
        _decision_reschedule(legal)
        legal.save()
    return legal


def _decision_start(application: Application, route: ResolvedRoute, today: date) -> DecisionClock:
    """Acceptance: a two-tier route that forwards runs the district's period first (art. 43);
    otherwise the decision period runs from today (art. 42)."""
    forwards = route.forwards
    legal = DecisionClock(
        application_id=application.pk,
        procedure=route.procedure,
        deciding_agency=route.deciding_agency,
        accepted_on=today,
        started_on=today,
        running_since=today,
        received_on=None if forwards else today,
        limit_working_days=route.forward_working_days if forwards else route.decision_working_days,
        decision_working_days=route.decision_working_days,
        extension_allowed_working_days=route.decision_extension_working_days,
    )
    _decision_reschedule(legal)
    legal.save()
    return legal


def _decision_receive(legal: DecisionClock, today: date) -> None:
    """The district forwarded the file: the deciding agency's own period starts today."""
    _stop(legal, today)
    legal.received_on = legal.started_on = legal.running_since = today
    legal.used_working_days = 0
    legal.limit_working_days = legal.decision_working_days
    _decision_reschedule(legal)
    legal.save()


def _decision_reschedule(legal: DecisionClock) -> None:
    """The legal dates of a running period from the working days it has left; before receipt,
    the latest date the deciding agency may decide is the forwarding date plus its period."""
    if legal.running_since is None:
        return
    end = add_working_days(
        legal.running_since, max(legal.total_working_days - legal.used_working_days, 0)
    )
    if legal.received_on is None:
        legal.forward_due_date = end
        legal.due_date = add_working_days(end, legal.decision_working_days)
    else:
        legal.due_date = end


def _follow(clock: StepClock, task: Task, today: date) -> None:
    """The step has an open task: the clock points at it and runs. A review step resumes with
    the working days that were left; acceptance starts its days again from the receipt of the
    corrected materials (art. 32: the agency answers within five days of receiving them)."""
    clock.task = task
    if clock.running_since is None:  # resumed after a return
        if clock.step == Step.ACCEPTANCE:
            clock.started_on, clock.used_working_days = today, 0
        clock.running_since = today
        _reschedule(clock)
    clock.save()


def _stop(clock: Clock, today: date) -> None:
    """Count the working days of the current run as used; the clock no longer runs."""
    if clock.running_since is not None:
        used = clock.used_working_days + working_days_between(clock.running_since, today)
        clock.used_working_days = min(used, 32767)
        clock.running_since = None


def _pause(clock: StepClock, today: date) -> None:
    """While returned: no due date (it is set again on resubmission, from the days left)."""
    if clock.running_since is None:
        return
    _stop(clock, today)
    clock.due_date = None
    clock.save(update_fields=["used_working_days", "running_since", "due_date"])


def _reschedule(clock: StepClock) -> None:
    """The due date of a running clock from the working days it has left."""
    assert clock.running_since is not None
    left = max(clock.total_working_days - clock.used_working_days, 0)
    clock.due_date = add_working_days(clock.running_since, left)


def task_clock_start(*, task: Task, limit: int, today: date | None = None) -> StepClock:
    """A clock of its own for a task outside the application's review (a filing's review after
    the approval, product.md §17): ``limit`` working days from today."""
    today = today or timezone.localdate()
    clock = StepClock.objects.create(
        application_id=task.process.permitprocess.application_id,
        step=node_step_of(task),
        agency_id=task.owner_permission_obj_pk,
        task=task,
        limit_working_days=limit,
        started_on=today,
        running_since=today,
        due_date=add_working_days(today, limit),
    )
    forget(CLOCKS)
    return clock


def process_clocks_start(*, process_pk: int, limit: int) -> list[Task]:
    """Each open human task of a process outside the application's review (a filing's review,
    a permit request's step) on a clock of its own of ``limit`` working days."""
    tasks = list(
        Task.objects.filter(
            process_id=process_pk, flow_task_type="HUMAN", status__in=engine.OPEN_TASK_STATUSES
        ).select_related("process__permitprocess")
    )
    for task in tasks:
        task_clock_start(task=task, limit=limit)
    return tasks


def task_clock_end(*, task: Task, today: date | None = None) -> None:
    """End the clock ``task_clock_start`` started, at the task's decision."""
    today = today or timezone.localdate()
    for clock in StepClock.objects.select_for_update().filter(task=task, ended_at__isnull=True):
        _stop(clock, today)
        clock.ended_at = timezone.now()
        clock.save()
    forget(CLOCKS)


# The steps where no special procedure (art. 45) is recorded, each with the refusal worded
# for what the step is (a licence's, a 批复's): the service refuses there, the page offers none.
SPECIAL_PROCEDURE_REFUSED_AT = {
    Step.ACCEPTANCE: (MSG_AT_ACCEPTANCE, MSG_AT_ACCEPTANCE_APPROVAL),
    Step.OBLIGATION_REVIEW: (MSG_NOT_A_REVIEW, MSG_NOT_A_REVIEW_APPROVAL),
    Step.REQUEST_ACCEPTANCE: (MSG_NOT_ON_A_REQUEST, MSG_NOT_ON_A_REQUEST_APPROVAL),
    Step.REQUEST_REVIEW: (MSG_NOT_ON_A_REQUEST, MSG_NOT_ON_A_REQUEST_APPROVAL),
}


def special_procedure_refusal(step: Step, application: Application) -> "StrOrPromise | None":
    """Why no special procedure (nor hearing) is recorded on ``step``, in the words of the
    decision's form (a 批复's cite no art. 45), or None where one may be."""
    refusals = SPECIAL_PROCEDURE_REFUSED_AT.get(step)
    return worded(application, *refusals) if refusals else None


def node_step_of(task: Task) -> str:
    from .flows import NODE_STEP

    return NODE_STEP[task.flow_task.name].value


def decision_extend(
    *, legal: DecisionClock, step_clock: StepClock | None, by: User, reason: str
) -> DecisionClock:
    """Art. 42: once, by the head of the deciding agency, with a reason: the legal period and
    the deciding agency's running step (``step_clock``) gain the days the route allows. The
    caller checks who and whether."""
    days = legal.extension_allowed_working_days
    for moved in (legal, step_clock):
        if moved is None:
            continue
        moved.extended_working_days = days
        moved.extended_at = timezone.now()
        moved.extended_by = by
        moved.extension_reason = reason
    _decision_reschedule(legal)
    legal.save()
    if step_clock is not None:
        if step_clock.running_since is not None:
            _reschedule(step_clock)
        step_clock.save()
    forget(CLOCKS)
    return legal


def clocks_backdate(*, application: Application, working_days: int) -> None:
    """Demo data only (``seed_demo``): the running clocks as if started ``working_days``
    working days before the last working day (today, or the one before a weekend or holiday:
    a step five working days old on Saturday began five working days before Friday)."""
    started = subtract_working_days(_last_working_day(), working_days)
    for clock in open_clocks(application).filter(running_since__isnull=False):
        clock.started_on = clock.running_since = started
        _reschedule(clock)
        clock.save()
    legal = DecisionClock.objects.filter(application_id=application.pk, ended_at__isnull=True)
    for period in legal.filter(running_since__isnull=False):
        if period.received_on == period.accepted_on:
            period.received_on = started
        period.accepted_on = period.started_on = period.running_since = started
        _decision_reschedule(period)
        period.save()
    forget(CLOCKS)


def _last_working_day() -> date:
    anchor = timezone.localdate()
    while not is_working_day(anchor):
        anchor -= timedelta(days=1)
    return anchor


def hearing_backdate(*, application: Application, working_days: int) -> Hearing:
    """Demo data only (``seed_demo``): the application's hearing asked for and not held, as if
    asked ``working_days`` working days before the last working day, so that the demo shows a
    hearing past the day it was to be held by (art. 47's 二十日). Its offer, its notices, its
    pause (art. 45) and the clocks that pause stopped move back by the same days, so the
    record stays in order; the day to hold it by keeps its working days from the request."""
    hearing = Hearing.objects.select_related("procedure").get(
        application_id=application.pk, held_on__isnull=True, requested_on__isnull=False
    )
    assert hearing.requested_on is not None and hearing.hold_by is not None
    requested = subtract_working_days(_last_working_day(), working_days)
    shift = hearing.requested_on - requested
    held_within = working_days_between(hearing.requested_on, hearing.hold_by)
    hearing.offered_on -= shift
    hearing.requested_on, hearing.hold_by = requested, add_working_days(requested, held_within)
    hearing.save(update_fields=["offered_on", "requested_on", "hold_by"])
    for notice in hearing.notices.all():
        notice.issued_on -= shift
        notice.request_due_date -= shift
        notice.requested_on = notice.requested_on - shift if notice.requested_on else None
        notice.save(update_fields=["issued_on", "request_due_date", "requested_on"])
    if hearing.procedure is not None:
        hearing.procedure.started_on -= shift
        hearing.procedure.save(update_fields=["started_on"])
    dated = ("started_on", "due_date", "accepted_on", "received_on", "forward_due_date")
    for clock in [
        *open_clocks(application),
        *DecisionClock.objects.filter(application_id=application.pk, ended_at__isnull=True),
    ]:
        moved = [f for f in dated if getattr(clock, f, None) is not None]
        for name in moved:
            setattr(clock, name, getattr(clock, name) - shift)
        clock.save(update_fields=moved)
    forget(CLOCKS)
    forget(PROCEDURES)
    return hearing


def clocks_reschedule_running() -> int:
    """After an administrator corrects the calendar: due dates of running clocks again."""
    changed = 0
    for clock in StepClock.objects.filter(ended_at__isnull=True, running_since__isnull=False):
        before = clock.due_date
        _reschedule(clock)
        if clock.due_date != before:
            clock.save(update_fields=["due_date"])
            changed += 1
    for legal in DecisionClock.objects.filter(ended_at__isnull=True, running_since__isnull=False):
        before_dates = (legal.due_date, legal.forward_due_date)
        _decision_reschedule(legal)
        if (legal.due_date, legal.forward_due_date) != before_dates:
            legal.save(update_fields=["due_date", "forward_due_date"])
            changed += 1
    return changed


def on_calendar_changed(**kwargs: object) -> None:
    """A CalendarDay saved or deleted (workflows.apps): running clocks follow the calendar."""
    corrections_changed()
    clocks_reschedule_running()
