"""Where an application stands, as the applicant reads it: the progress stepper
申请 → 受理 → 审核 → 会签 → 审批 → 办结, and the applicant's home page (what needs them).
An occupation whose review is over waits after the last step, before 办结: for the national
authority (forwarded, product.md §16 L6) or for its restoration fee (§16 L7).

The stages an application passes come from the route frozen at its latest submission
(``PermitProcess.route``): no 会签 without consulted agencies, no 审批 where the district step is
final. A draft, not yet routed, shows the route it would take now. Every function here reads a
fixed number of queries for any number of applications.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Min, Q, QuerySet
from django.utils.translation import pgettext_lazy

from permits import access
from permits.access import AnyUser
from permits.choices import (
    AFTER_REVIEW_STATUSES,
    CONCLUDED_STATUSES,
    DECISION_STATUSES,
    IN_REVIEW_STATUSES,
    OWED_OBLIGATION_STATUSES,
    PERMIT_STATUSES,
    Decision,
    Kind,
    Status,
    Step,
)
from permits.models import Application, Obligation

from .models import Forwarding, PermitProcess, RestorationFee, ReviewDecision, Route, StepClock

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

APPLY, ACCEPTANCE, REVIEW, CONSULTATION, APPROVAL, NATIONAL, FEE, CONCLUDED = (
    "apply",
    "acceptance",
    "review",
    "consultation",
    "approval",
    "national",
    "fee",
    "concluded",
)
STAGE_LABELS = {
    APPLY: pgettext_lazy("progress stage", "Application"),
    ACCEPTANCE: pgettext_lazy("progress stage", "Acceptance"),
    REVIEW: pgettext_lazy("progress stage", "Review"),
    CONSULTATION: pgettext_lazy("progress stage", "Countersign"),
    APPROVAL: pgettext_lazy("progress stage", "Approval"),
    NATIONAL: pgettext_lazy("progress stage", "National authority"),
    FEE: pgettext_lazy("progress stage", "Restoration fee"),
    CONCLUDED: pgettext_lazy("progress stage", "Concluded"),
}
STATE_LABELS = {
    "done": pgettext_lazy("progress state", "done"),
    "current": pgettext_lazy("progress state", "in progress"),
    "returned": pgettext_lazy("progress state", "returned to you"),
    "pending": pgettext_lazy("progress state", "to come"),
    "skipped": pgettext_lazy("progress state", "not reached"),
}
# How the current stage is named where one line says where an application stands (the desk).
CURRENT_LABELS = {
    NATIONAL: pgettext_lazy("current step", "Under review by the national forestry authority"),
    FEE: pgettext_lazy("current step", "Awaiting the restoration fee"),
}
STEP_STAGE: dict[str, str] = {
    Step.ACCEPTANCE: ACCEPTANCE,
    Step.DISTRICT_REVIEW: REVIEW,
    Step.CONSULTATION: CONSULTATION,
    Step.MUNICIPAL_REVIEW: APPROVAL,
}
STATUS_STAGE: dict[str, str] = {
    Status.DRAFT: APPLY,
    Status.SUBMITTED: ACCEPTANCE,
    Status.DISTRICT_REVIEW: REVIEW,
    Status.CONSULTATION: CONSULTATION,
    Status.MUNICIPAL_REVIEW: APPROVAL,
}
# The review is over, the occupation waits after its last step (AFTER_REVIEW_STATUSES).
AFTER_REVIEW_STAGE: dict[str, str] = {Status.FORWARDED: NATIONAL, Status.AWAITING_FEE: FEE}


@dataclass(frozen=True)
class Stage:
    key: str
    state: str  # done, current, returned, pending, skipped
    promised: date | None = None

    @property
    def label(self) -> "StrPromise":
        return STAGE_LABELS[self.key]

    @property
    def state_label(self) -> "StrPromise":
        return STATE_LABELS[self.state]

    @property
    def current_label(self) -> str:
        """The stage named as where the application stands now (待缴费, 审核办理中)."""
        named = CURRENT_LABELS.get(self.key)
        return str(named) if named is not None else f"{self.label}{self.state_label}"


class Progress(list[Stage]):
    """The stages of one application, in order, and the one it is at."""

    @property
    def current(self) -> Stage | None:
        """The stage in progress or returned; None once concluded."""
        return next((s for s in self if s.state in ("current", "returned")), None)


@dataclass
class _Facts:
    """What the stepper needs of one application, read in bulk."""

    consulted: bool
    municipal: bool
    decided_steps: list[str] = field(default_factory=list)  # steps decided in the latest pass
    returned_from: str | None = None  # the step of the latest return
    promised: date | None = None  # the current step's due date
    after_review: list[str] = field(default_factory=list)  # NATIONAL, FEE passed or current


def promised_dates(application_ids: list[int]) -> dict[int, date]:
    """The date each application's current step is promised for (its statutory due date), by
    application: the earliest due date of its running clocks; one query for all."""
    return dict(
        StepClock.objects.filter(
            application_id__in=application_ids,
            ended_at__isnull=True,
            running_since__isnull=False,
        )
        .order_by()
        .values("application_id")
        .annotate(due=Min("due_date"))
        .values_list("application_id", "due")
    )


def applications_progress(applications: Iterable[Application]) -> dict[int, Progress]:
    """The stepper of each application, by primary key."""
    applications = list(applications)
    facts = _facts(applications)
    return {a.pk: Progress(_stages(a, facts[a.pk])) for a in applications}


def application_progress(application: Application) -> Progress:
    return applications_progress([application])[application.pk]


def _facts(applications: list[Application]) -> dict[int, _Facts]:
    ids = [a.pk for a in applications]
    latest: dict[int, tuple[int, dict[str, Any]]] = {}
    for pk, application_id, route in (
        PermitProcess.objects.filter(
            application_id__in=ids, filing__isnull=True, permit_request__isnull=True
        )
        .order_by("pk")
        .values_list("pk", "application_id", "route")
    ):
        latest[application_id] = (pk, route or {})
    facts = {
        application.pk: _Facts(
            consulted=bool(latest[application.pk][1].get("consulted_agencies")),
            municipal=latest[application.pk][1].get("final_agency") is not None,
        )
        for application in applications
        if application.pk in latest
    }
    unrouted = [a for a in applications if a.pk not in latest]
    facts.update(_predicted_facts(unrouted))
    for application_id, promised in promised_dates(ids).items():
        facts[application_id].promised = promised
    for application_id, process_id, step, decision in (
        ReviewDecision.objects.filter(application_id__in=ids)
        .order_by("decided_at", "pk")
        .values_list("application_id", "process_id", "step", "decision")
    ):
        if decision == Decision.RETURN:
            facts[application_id].returned_from = step
        if latest.get(application_id, (None,))[0] == process_id:
            facts[application_id].decided_steps.append(step)
    _after_review_facts([a.pk for a in applications if a.kind == Kind.OCCUPATION], facts)
    return facts


def _after_review_facts(occupation_ids: list[int], facts: dict[int, _Facts]) -> None:
    """The occupations forwarded to the national authority or charged the restoration fee:
    the stages after the review that they reached (two queries, none without occupations)."""
    if not occupation_ids:
        return
    for stage, model in ((NATIONAL, Forwarding), (FEE, RestorationFee)):
        for application_id in model.objects.filter(application_id__in=occupation_ids).values_list(
            "application_id", flat=True
        ):
            facts[application_id].after_review.append(stage)


def _predicted_facts(applications: list[Application]) -> dict[int, _Facts]:
    """Drafts follow the route that the route table gives now (it is frozen at submission)."""
    if not applications:
        return {}
    routes = {
        (route.jurisdiction_id, route.kind): route
        for route in Route.objects.prefetch_related("consultations")
    }
    predicted = {}
    for application in applications:
        route = routes.get((application.jurisdiction_id, application.kind))
        predicted[application.pk] = _Facts(
            consulted=route is not None
            and any(c.applies_to(application) for c in route.consultations.all()),
            municipal=route is not None and route.final_agency_id is not None,
        )
    return predicted


def _applicable(facts: _Facts) -> list[str]:
    return [
        APPLY,
        ACCEPTANCE,
        REVIEW,
        *([CONSULTATION] if facts.consulted else []),
        *([APPROVAL] if facts.municipal else []),
    ]


def _stages(application: Application, facts: _Facts) -> list[Stage]:
    stages = _applicable(facts)
    status = application.status
    if status in AFTER_REVIEW_STAGE:  # every step decided; the wait after them is current
        waiting = AFTER_REVIEW_STAGE[status]
        passed = [key for key in facts.after_review if key != waiting]
        return [
            *(Stage(key, "done") for key in [*stages, *passed]),
            Stage(waiting, "current"),
            Stage(CONCLUDED, "pending"),
        ]
    if status in CONCLUDED_STATUSES:
        reached = _last_reached(status, facts, stages)
        after = facts.after_review if status != Status.NOT_ACCEPTED else []
        return [
            *(Stage(key, "done" if i <= reached else "skipped") for i, key in enumerate(stages)),
            *(Stage(key, "done") for key in after),
            Stage(CONCLUDED, "done"),
        ]
    if status == Status.RETURNED:
        current_key, state = STEP_STAGE.get(facts.returned_from or "", REVIEW), "returned"
    else:
        current_key, state = STATUS_STAGE.get(status, APPLY), "current"
    current = stages.index(current_key) if current_key in stages else 0
    return [
        *(
            Stage(
                key,
                "done" if i < current else state if i == current else "pending",
                facts.promised if i == current else None,
            )
            for i, key in enumerate(stages)
        ),
        Stage(CONCLUDED, "pending"),
    ]


def _last_reached(status: str, facts: _Facts, stages: list[str]) -> int:
    """The index of the last stage a concluded application went through."""
    if status in PERMIT_STATUSES:
        return len(stages) - 1
    if status == Status.NOT_ACCEPTED:
        return stages.index(ACCEPTANCE)
    decided = [
        stages.index(STEP_STAGE[s]) for s in facts.decided_steps if STEP_STAGE.get(s) in stages
    ]
    if status == Status.REJECTED:
        return max(decided, default=stages.index(REVIEW))
    # Withdrawn: the stage after the last one decided was under way.
    return min(max(decided, default=stages.index(APPLY)) + 1, len(stages) - 1)


# --- The applicant's home page ---------------------------------------------------------------

REPORTS_AHEAD_DAYS = 30
RECENT_DECISIONS = 10


@dataclass
class ApplicantDesk:
    drafts: list[Application]
    returned: list[Application]
    return_items: dict[int, int]  # per returned application, the items of its latest return
    in_review: list[Application]
    reports_due: list[Obligation]
    recent_decisions: list[Application]
    progress: dict[int, Progress]


def applicant_desk(*, user: AnyUser, today: date) -> ApplicantDesk:
    """The organisation's applications with what needs the applicant: drafts to finish,
    returns to correct, reports due within ``REPORTS_AHEAD_DAYS`` (or overdue), and the
    latest decisions."""
    organisation = access.applicant_organisation(user)
    mine = access.applications_visible_to(user).filter(organisation=organisation)
    listed = mine.select_related("district").order_by("-updated")
    drafts = list(listed.filter(status=Status.DRAFT))
    returned = list(listed.filter(status=Status.RETURNED))
    # Forwarded or awaiting the fee: decided by every step, not yet concluded.
    in_review = list(listed.filter(status__in=[*IN_REVIEW_STATUSES, *AFTER_REVIEW_STATUSES]))
    recent = list(
        listed.filter(status__in=DECISION_STATUSES).exclude(status__in=AFTER_REVIEW_STATUSES)[
            :RECENT_DECISIONS
        ]
    )
    reports = obligations_due(mine, today)
    return ApplicantDesk(
        drafts=drafts,
        returned=returned,
        return_items=_return_item_counts(returned),
        in_review=in_review,
        reports_due=reports,
        recent_decisions=recent,
        progress=applications_progress([*drafts, *returned, *in_review, *recent]),
    )


def obligations_due(applications: QuerySet[Application], today: date) -> list[Obligation]:
    """What these applications' permits owe within ``REPORTS_AHEAD_DAYS`` or overdue, the
    earliest first (one query)."""
    return list(
        Obligation.objects.filter(
            application__in=applications,
            status__in=OWED_OBLIGATION_STATUSES,
            due_date__lte=today + timedelta(days=REPORTS_AHEAD_DAYS),
        )
        .select_related("application")
        .order_by("due_date", "sequence")
    )


def _return_item_counts(applications: list[Application]) -> dict[int, int]:
    """The number of items of each application's latest return."""
    counts: dict[int, int] = {}
    for application_id, items in (
        ReviewDecision.objects.filter(
            Q(application_id__in=[a.pk for a in applications]), decision=Decision.RETURN
        )
        .annotate(items=Count("return_items"))
        .order_by("decided_at", "pk")
        .values_list("application_id", "items")
    ):
        counts[application_id] = items  # the latest return wins
    return {a.pk: counts.get(a.pk, 0) for a in applications}
