"""The per-official report for an auditor (离任审计, product.md §13, api.md "Audit"): every decision
one person made over a period, counted by outcome, with the ones made after their step's due
date and the approvals against a countersign disagreement.

Read from the decision records (``ReviewDecision``), not from the audit trail; the clocks
(``StepClock``) say which decisions came after their due date.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils import timezone

from audit import labels
from core.errors import NotVisible
from permits import access
from permits.access import AnyUser
from permits.choices import Decision

from .models import ReviewDecision, StepClock

# A step of an application for an agency: (application id, step, agency id).
ClockKey = tuple[int, str, int | None]


@dataclass(frozen=True)
class ReportItem:
    decided_at: datetime
    reference: str
    application_id: int
    step: str
    agency: str
    decision: str
    opinion: str
    overdue: bool
    against_disagreement: list[str]

    @property
    def step_label(self) -> str:
        return labels.step_label(self.step)

    @property
    def decision_label(self) -> str:
        return labels.decision_label(self.decision)


@dataclass
class OfficialReport:
    official: User
    since: date | None
    until: date | None
    items: list[ReportItem] = field(default_factory=list)

    @property
    def decisions(self) -> int:
        return len(self.items)

    @property
    def by_outcome(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for item in self.items:
            counts[item.decision] = counts.get(item.decision, 0) + 1
        return counts

    @property
    def outcomes(self) -> list[tuple[str, str, int]]:
        """``(code, label, count)`` per outcome, in the order of the decisions' choices."""
        counts = self.by_outcome
        known = [d.value for d in Decision if d.value in counts]
        others = sorted(set(counts) - set(known))
        return [(code, labels.decision_label(code), counts[code]) for code in known + others]

    @property
    def overdue_decisions(self) -> int:
        return sum(item.overdue for item in self.items)

    @property
    def against_disagreement(self) -> int:
        return sum(bool(item.against_disagreement) for item in self.items)


def official_for_auditor(*, auditor: AnyUser, username: str) -> User:
    """The official an auditor may report on: a member of an agency of the auditor's
    jurisdiction; NotVisible (404) for anyone else, an unknown name included."""
    official = get_user_model().objects.filter(username=username).first()
    if official is None or not access.official_in_audit_scope(auditor, official):
        raise NotVisible()
    return official


def official_report(
    *, auditor: AnyUser, username: str, since: date | None = None, until: date | None = None
) -> OfficialReport:
    official = official_for_auditor(auditor=auditor, username=username)
    decisions = _decisions(auditor, official, since, until)
    clocks = _clocks_of(decisions)
    items = [
        ReportItem(
            decided_at=d.decided_at,
            reference=d.application.reference,
            application_id=d.application_id,
            step=d.step,
            agency=d.agency_name,
            decision=d.decision,
            opinion=d.opinion,
            overdue=_overdue(d, clocks.get((d.application_id, d.step, d.agency_id), [])),
            against_disagreement=list(d.against_disagreement or []),
        )
        for d in decisions
    ]
    return OfficialReport(official=official, since=since, until=until, items=items)


def _decisions(
    auditor: AnyUser, official: User, since: date | None, until: date | None
) -> list[ReviewDecision]:
    scope = access.applications_seen_as_official(auditor).values("pk")
    decisions: QuerySet[ReviewDecision] = ReviewDecision.objects.filter(
        decided_by=official, application_id__in=scope
    )
    if since:
        decisions = decisions.filter(decided_at__date__gte=since)
    if until:
        decisions = decisions.filter(decided_at__date__lte=until)
    return list(decisions.select_related("application").order_by("decided_at", "pk"))


def _clocks_of(decisions: list[ReviewDecision]) -> dict[ClockKey, list[StepClock]]:
    ended = StepClock.objects.filter(
        application_id__in={d.application_id for d in decisions}, ended_at__isnull=False
    )
    clocks: dict[ClockKey, list[StepClock]] = {}
    for clock in ended:
        clocks.setdefault((clock.application_id, clock.step, clock.agency_id), []).append(clock)
    return clocks


def _overdue(decision: ReviewDecision, clocks: list[StepClock]) -> bool:
    """Decided after its step's due date: the clock the decision ended (the same transaction,
    within a few seconds). A return pauses its clock and is judged on time."""
    for clock in clocks:
        assert clock.ended_at is not None
        if abs(clock.ended_at - decision.decided_at) <= timedelta(seconds=5):
            return clock.due_date is not None and (
                timezone.localdate(decision.decided_at) > clock.due_date
            )
    return False
