"""What can happen to a demo application after it is created: each act a frozen record of who
does it and with what, applied in order by ``demo.acts.act_perform`` through the services, as
people would. Nothing here reads or writes the database."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

ACCEPT_OPINION = "申请材料齐全，符合法定形式，予以受理。"


@dataclass(frozen=True)
class Submit:
    """The applicant submits the application."""


@dataclass(frozen=True)
class FileAnyway:
    """The applicant files the application although the checks find against it (issue 46
    High 1): the agency decides on the findings."""


@dataclass(frozen=True)
class TaskDecision:
    """``by`` decides an open task with ``decision`` and ``opinion``: which task, each act
    below says."""

    by: str
    decision: str
    opinion: str = ""


@dataclass(frozen=True)
class Decide(TaskDecision):
    """The named reviewer decides the application's open task: its one task, or during a
    consultation the task of the consulted agency ``agency`` (an agency code)."""

    agency: str | None = None
    items: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class Accept:
    """The district agency's reviewer accepts (受理) the submission: its review clock starts."""

    by: str
    opinion: str = ACCEPT_OPINION


@dataclass(frozen=True)
class Backdate:
    """Move the application's running clocks back by ``working_days`` (as if its step had begun
    that many working days ago), so that the demo shows a step about to be deemed accepted or
    overdue. Only the demo does this: real clocks start when their task is created."""

    working_days: int


@dataclass(frozen=True)
class SpecialProcedureStart:
    """The named official records a special procedure (art. 45) on the open task."""

    by: str
    kind: str
    reason: str
    expected_working_days: int


@dataclass(frozen=True)
class SiteCheckRecord:
    """Two of the district agency's staff check the occupation's site (现场查验): the area they
    measure is the declared one."""

    by: str
    inspectors: tuple[str, ...]
    findings: str


@dataclass(frozen=True)
class FeePaid:
    """The deciding agency records the restoration fee the notice demanded (product.md §16 L7):
    the approval is issued."""

    by: str
    receipt_number: str


@dataclass(frozen=True)
class InterestedPartyNotify:
    """The named official issues a 利害关系人告知书 to each holder of the site's land other than
    the applicant (product.md §16 L14)."""

    by: str


@dataclass(frozen=True)
class InterestedPartyAnswer:
    """The named official records what each told holder answered, today."""

    by: str
    answer: str


@dataclass(frozen=True)
class InterestedPartyServed:
    """The named official records that each notice not yet served was served today (its
    holder's period runs from service, issue 46)."""

    by: str


@dataclass(frozen=True)
class HearingOffer:
    """The named official offers a hearing (听证权利告知书, product.md §16 L16, arts. 46, 47) to
    the applicant and each interested party."""

    by: str
    reason: str = ""


@dataclass(frozen=True)
class HearingRequest:
    """The named applicant asks for the hearing offered to it, today."""

    by: str


@dataclass(frozen=True)
class HearingBackdate:
    """Demo data only: the hearing asked for, not held, as if asked ``working_days`` working
    days ago (``workflows.clock.hearing_backdate``), so that the demo shows a hearing past the
    day it was to be held by (art. 47) and its agency's heads told of it by the tick."""

    working_days: int


@dataclass(frozen=True)
class CompensationConfirm:
    """The named official, having read the attached compensation agreement, confirms that it
    names each holder of the site's land (issue 46: never by its file name)."""

    by: str


@dataclass(frozen=True)
class RecordSeal:
    """The named official of the agency that issued the permit's decision records that its
    paper original was sealed today (wet sealing, issue 46; docs/deployment.md "The seal")."""

    by: str


@dataclass(frozen=True)
class HearingHold:
    """The named official records the hearing held today, ``presiding`` presiding, with its
    record signed by the participants."""

    by: str
    presiding: str
    record: str


@dataclass(frozen=True)
class StatementNotify:
    """The deciding agency tells the holder the act it intends, on a ground of the law, and
    waits for its statement (陈述申辩告知书, product.md §18 B7)."""

    by: str
    act: str
    ground: str
    facts: str


@dataclass(frozen=True)
class StatementAnswer:
    """The holder states and defends itself on the pending statement notice (art. 7)."""

    answer: str


@dataclass(frozen=True)
class Revoke:
    """The deciding agency revokes on the ground the holder was heard on (art. 69)."""

    by: str
    ground: str
    reason: str


@dataclass(frozen=True)
class Ask:
    """The holder asks for a change, a renewal (``until_months`` after the permit's end) or a
    surrender of its permit (product.md §18 B1, B2, B10)."""

    kind: str
    reason: str
    changes: tuple[tuple[str, Any], ...] = ()
    until_months: int = 0


@dataclass(frozen=True)
class DecideRequest(TaskDecision):
    """The deciding agency's official decides the open task of the holder's request."""


@dataclass(frozen=True)
class RenewalRunsOut:
    """The accepted renewal waited out the permit's validity undecided: today, the day after
    its last day, the tick's job grants it by law (art. 50(2)). Only the demo does this: the
    acts before it are done under a clock set back (``demo.acts.acts_dated``), the approval
    ``validity_months`` (its validity) before yesterday, the renewal asked and accepted
    ``RENEWAL_ASKED_DAYS`` before its end, so that every document's date fits its period."""

    validity_months: int


@dataclass(frozen=True)
class ValidityRunsOut:
    """A permanent occupation's approval ran its two years without a construction-land
    approval: today, the day after its last day, the tick's job lapses and cancels it
    (product.md §18 B4). Only the demo does this: the acts before it are done under a clock
    set back, the approval ``validity_months`` before yesterday (``demo.acts.acts_dated``)."""

    validity_months: int


@dataclass(frozen=True)
class WindowRunsOut:
    """Only the demo does this: an introduction's window is made to have ended yesterday (as
    if its months had passed), then the tick's job records its close (product.md §18 B6): the
    permit stays in force, its monitoring owed."""


@dataclass(frozen=True)
class File:
    """The holder files its first owed obligation of ``kind`` (product.md §17)."""

    kind: str
    data: tuple[tuple[str, Any], ...]
    note: str = ""


@dataclass(frozen=True)
class ReportEscape:
    """The holder of an introduction reports an escape (product.md §17 A5)."""

    data: tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class FileCompletion:
    """The holder reports its tending done (product.md §17 A1): each approved 小班 with its
    share of the site and the approved operation."""

    note: str = ""


@dataclass(frozen=True)
class ReviewFiling(TaskDecision):
    """``by`` decides the open review of a filing of the application (product.md §17 A5)."""


@dataclass(frozen=True)
class AssignInspection:
    """The head assigns the open inspection to ``inspectors``, ``in_days`` from today."""

    by: str
    inspectors: tuple[str, ...]
    in_days: int = 3


@dataclass(frozen=True)
class RecordInspection:
    """An inspector records the result: each sampled 小班 measured at its share of the site
    times ``area_factor``, with ``operation`` (default: the approved one)."""

    by: str
    outcome: str
    score: str
    findings: str = ""
    operation: str = ""
    area_factor: Decimal = Decimal("0.98")


# The acts of the review, up to the decision and its fee.
ReviewAct = (
    Submit
    | FileAnyway
    | Decide
    | Accept
    | Backdate
    | SpecialProcedureStart
    | SiteCheckRecord
    | FeePaid
    | InterestedPartyNotify
    | InterestedPartyServed
    | InterestedPartyAnswer
    | CompensationConfirm
    | HearingOffer
    | HearingRequest
    | HearingBackdate
    | HearingHold
)
# The acts of the permit's life after it is granted (product.md §18).
PermitAct = (
    RecordSeal
    | StatementNotify
    | StatementAnswer
    | Revoke
    | Ask
    | DecideRequest
    | RenewalRunsOut
    | ValidityRunsOut
    | WindowRunsOut
)
# The acts of supervision after the approval (product.md §17).
SupervisionAct = (
    File | ReportEscape | FileCompletion | ReviewFiling | AssignInspection | RecordInspection
)
# What happens to a demo application after it is created, in order.
DemoStep = ReviewAct | PermitAct | SupervisionAct
