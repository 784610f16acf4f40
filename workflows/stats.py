"""Selectors of the agency dashboard (api.md "Agency statistics"): what the caller's agencies
received, how long they took to decide, how often within the statutory time limit, and which of
their steps are overdue now.

The scope is what the caller sees as an official (``permits.access.applications_seen_as_official``).
Decided steps and overdue tasks are those of the caller's own agencies; an auditor, whose bureau
decides nothing, reads those of every agency in the jurisdiction's applications. Every figure is a
fixed number of queries, whatever the number of applications.
"""

import statistics
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone
from viewflow.workflow.models import Task

from permits import access
from permits.access import AnyUser
from permits.choices import DECIDED_STATUSES, Decision, Kind, Status, Step
from permits.models import Application

from .deadlines import working_days_between
from .engine import WAITING_TASK_STATUSES
from .models import StepClock
from .selectors import tasks_filter


@dataclass
class AgencyStats:
    by_status: dict[str, int]
    by_kind: dict[str, int]
    median_working_days_to_decision: float | None
    on_time_rate: float | None
    decided_steps: int
    overdue: list[Task] = field(default_factory=list)


@dataclass(frozen=True)
class Period:
    """A closed interval of days; either end may be open (None)."""

    since: date | None = None
    until: date | None = None

    def filter(self, name: str) -> Q:
        """A filter on the datetime field ``name`` falling inside the period (local dates)."""
        condition = Q()
        if self.since:
            condition &= Q(**{f"{name}__date__gte": self.since})
        if self.until:
            condition &= Q(**{f"{name}__date__lte": self.until})
        return condition


def agency_stats(*, user: AnyUser, period: Period | None = None) -> AgencyStats:
    """The dashboard of the caller's agencies.

    ``by_status`` and ``by_kind`` count the applications submitted in the period; the median
    counts those whose final decision fell in it; the on-time rate the steps decided in it. The
    overdue list is as of now, whatever the period.
    """
    period = period or Period()
    scope = access.applications_seen_as_official(user)
    received = scope.filter(period.filter("submitted_at"))
    steps = decided_steps(user=user, scope=scope, period=period)
    on_time = [decided_on <= due for decided_on, due in steps]
    return AgencyStats(
        by_status=_counts(received, "status", Status.values),
        by_kind=_counts(received, "kind", Kind.values),
        median_working_days_to_decision=_median_days_to_decision(scope, period),
        on_time_rate=round(sum(on_time) / len(on_time), 4) if on_time else None,
        decided_steps=len(on_time),
        overdue=list(overdue_tasks(user=user, scope=scope)),
    )


def _counts(applications: QuerySet[Application], name: str, values: list[str]) -> dict[str, int]:
    found = dict(applications.order_by().values_list(name).annotate(n=Count("pk")))
    return {value: found.get(value, 0) for value in values}


def _median_days_to_decision(scope: QuerySet[Application], period: Period) -> float | None:
    """From the start of the review (the acceptance, or the first submission's review pass where
    there is no acceptance decision) to the final decision, in working days."""
    decided = (
        scope.filter(status__in=DECIDED_STATUSES, decided_at__isnull=False)
        .filter(period.filter("decided_at"))
        .annotate(
            accepted_at=Min(
                "decisions__decided_at",
                filter=Q(decisions__step=Step.ACCEPTANCE, decisions__decision=Decision.ACCEPT),
            ),
            first_pass_at=Min("processes__created"),
        )
        .values_list("accepted_at", "first_pass_at", "submitted_at", "decided_at")
    )
    durations = []
    for accepted_at, first_pass_at, submitted_at, decided_at in decided:
        started = accepted_at or first_pass_at or submitted_at
        if started is None:
            continue
        durations.append(
            working_days_between(timezone.localdate(started), timezone.localdate(decided_at))
        )
    return float(statistics.median(durations)) if durations else None


def _official_agency_ids(user: AnyUser) -> list[int] | None:
    """The agencies whose steps count for the caller; None: every agency (an auditor)."""
    if access.is_auditor(user):
        return None
    return [agency.pk for agency in access.agencies_of(user) if agency is not None]


def decided_steps(
    *, user: AnyUser, scope: QuerySet[Application], period: Period
) -> list[tuple[date, date]]:
    """(decided on, due date) of every step the caller's agencies decided in the period: the
    clocks a decision ended (a withdrawal ends one undecided)."""
    agencies = _official_agency_ids(user)
    mine = Q() if agencies is None else Q(agency_id__in=agencies)
    rows = (
        StepClock.objects.filter(mine, application__in=scope, ended_by_withdrawal=False)
        .filter(period.filter("ended_at"))
        .exclude(ended_at=None)
        .exclude(due_date=None)
        .values_list("ended_at", "due_date")
    )
    return [(timezone.localdate(ended_at), due) for ended_at, due in rows if due is not None]


def overdue_tasks(*, user: AnyUser, scope: QuerySet[Application] | None = None) -> QuerySet[Task]:
    """Open review tasks of the caller's agencies past their time limit, oldest first."""
    if scope is None:
        scope = access.applications_seen_as_official(user)
    tasks = Task.objects.filter(
        flow_task_type="HUMAN",
        status__in=WAITING_TASK_STATUSES,
        process__permitprocess__application__in=scope,
    )
    agencies = _official_agency_ids(user)
    if agencies is not None:
        tasks = tasks.filter(owner_permission_obj_pk__in=[str(pk) for pk in agencies])
    return (
        tasks_filter(tasks, overdue=True)
        .select_related("process__permitprocess__application__district", "owner")
        .order_by("created", "pk")
    )
