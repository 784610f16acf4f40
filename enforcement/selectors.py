"""Who sees which case (officials of its agency, the auditors of its jurisdiction; others
404), and the public list of published penalty decisions (双公示, natural persons masked)."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import NotVisible
from permits import access
from permits.access import AnyUser
from roles.models import Role

from .models import Case, CaseDocumentKind, CaseOutcome, CaseStatus

# The roles that act on a case in their agency's name (an auditor reads; a legal reviewer
# reviews; neither investigates).
ENFORCEMENT_ROLES = (Role.REVIEWER, Role.APPROVER, Role.HEAD)
READING_ROLES = (*ENFORCEMENT_ROLES, Role.LEGAL_REVIEWER)


def case_agency_ids(user: AnyUser, roles: tuple[str, ...] = READING_ROLES) -> list[int]:
    """The agencies whose cases ``user`` works on in one of ``roles`` (``permits.access``
    decides who takes part: never a configuration account)."""
    return access.agency_ids_in_roles(user, roles)


def cases_visible_to(user: AnyUser) -> QuerySet[Case]:
    """The cases of the agencies where ``user`` is an official, and of the jurisdictions where
    ``user`` audits."""
    seen = Q(agency_id__in=case_agency_ids(user))
    audited = access.audited_jurisdictions(user)
    if audited:
        seen |= Q(agency__jurisdiction_id__in=audited)
    return Case.objects.filter(seen).select_related("agency", "article")


PK_MAX = 2**63 - 1


def row_id(value: object) -> int | None:
    """``value`` as a row id the database can hold, None when it is none."""
    try:
        number = int(str(value))
    except ValueError:
        return None
    return number if 0 < number <= PK_MAX else None


def case_get_visible(user: AnyUser, pk: object) -> Case:
    """The case of ``pk`` if ``user`` sees it; 404 alike whether it does not exist or is not
    theirs."""
    number = row_id(pk)
    try:
        if number is None:
            raise Case.DoesNotExist
        return cases_visible_to(user).get(pk=number)
    except Case.DoesNotExist:
        raise NotVisible() from None


def may_act(user: AnyUser, case: Case, roles: tuple[str, ...] = ENFORCEMENT_ROLES) -> bool:
    return case.agency_id in case_agency_ids(user, roles)


def is_natural_person(case: Case) -> bool:
    """A party named by an id number and no credit code is a natural person (masked)."""
    return bool(case.party_id_number) and not case.party_credit_code


def masked_id_number(value: str) -> str:
    """110101********1234: the place and the last four characters only (行政处罚法 art. 50)."""
    if not value:
        return ""
    return value[:6] + "*" * max(len(value) - 10, 0) + value[-4:]


def masked_name(value: str) -> str:
    """张* or 欧阳**: a natural person's surname only on the public list."""
    if not value:
        return ""
    keep = 2 if len(value) >= 4 else 1
    return value[:keep] + "*" * (len(value) - keep)


def published_party(case: Case) -> str:
    """The party as the published list names it: a natural person by the surname only."""
    return masked_name(case.party_name) if is_natural_person(case) else str(case.party_name)


def published_text(case: Case, text: str) -> str:
    """``text`` (the facts, the measures an official wrote) as the published list prints it: a
    natural person's name and id number, where the official wrote them, masked as the party
    is (行政处罚法 art. 48 publishes the decision; art. 50 keeps the person's privacy)."""
    if not is_natural_person(case):
        return text
    if case.party_id_number:
        text = text.replace(case.party_id_number, masked_id_number(case.party_id_number))
        text = text.replace(case.party_id_number.lower(), masked_id_number(case.party_id_number))
    if case.party_name:
        text = text.replace(case.party_name, masked_name(case.party_name))
    return text


def penalties_published() -> QuerySet[Case]:
    """The penalty decisions published (双公示): every decided penalty, once published."""
    return (
        Case.objects.filter(outcome=CaseOutcome.PENALTY, published_at__isnull=False)
        .select_related("agency", "article")
        .prefetch_related("documents")
        .order_by("-published_at", "-pk")
    )


# The periods of a case that may pass (docs/legal-basis.md, "Enforcement cases"), in order.
OVERDUE_PERIODS = {
    "register": _("Not registered in time"),
    "decision": _("Not decided within the period (Administrative Penalty Law art. 60)"),
    "service": _("Decision not served within seven days (Administrative Penalty Law art. 61)"),
    "fine": _("Fine unpaid past its day"),
    "replanting": _("Replanting not accepted by its day"),
    "referral_approval": _(
        "Referral report not decided within the period (Provisions on the Transfer of Suspected "
        "Criminal Cases, art. 5(2))"
    ),
    "referral_handover": _(
        "Referral not carried to the police in time (Provisions on the Transfer of Suspected "
        "Criminal Cases, art. 5(2))"
    ),
}
# The documents of a decision (行政处罚法 art. 61: served within seven days when not handed over).
DECISION_KINDS = (CaseDocumentKind.PENALTY_DECISION, CaseDocumentKind.NO_PENALTY_DECISION)
UNDECIDED = (
    CaseStatus.REGISTERED,
    CaseStatus.INVESTIGATED,
    CaseStatus.NOTIFIED,
    CaseStatus.REVIEWED,
)


@dataclass(frozen=True)
class ReferralStep:
    """The referral's pending step and when it is due (移送规定 art. 5(2)): ``approval``, the
    head's decision on the officers' report, by a day; ``handover``, the referral carried to
    the police, by an hour (``at``)."""

    step: str
    day: date
    at: datetime | None = None


def referral_step_due(case: Case) -> ReferralStep | None:
    """The referral's step awaited: the head's decision on a report (within the standard's
    days of receiving it), else the approved referral's receipt by the police (within its
    hours, until the police receive or answer it); None when neither is awaited."""
    reported = case.to_refer and case.referred_at is None
    if reported and case.referral_approval_due is not None:
        return ReferralStep("approval", case.referral_approval_due)
    carried = case.police_received_on is not None or bool(case.police_answer)
    if case.status == CaseStatus.REFERRED and case.transfer_by is not None and not carried:
        at = timezone.localtime(case.transfer_by)
        return ReferralStep("handover", at.date(), at)
    return None


def fine_day(case: Case, today: date) -> date | None:
    """The last day to pay the fine: ``fine_due`` (from the decision's service, art. 67(3)), or
    the day of a deferral or of the last instalment the head approved (art. 66(2)); the day of
    an instalment missed, when one was. The deferrals are read only once ``fine_due`` passed
    (a list reads them for those cases only, or prefetched)."""
    if case.fine_due is None or case.fine_due >= today:
        return case.fine_due
    day = case.fine_due
    for deferral in case.payment_deferrals.all():
        day = deferral.missed_on or max(day, deferral.pay_by)
    return day


def case_overdue(case: Case, today: date) -> dict[str, date]:
    """The periods of ``case`` passed at ``today`` (period → its last day): not registered by
    ``register_due``, not decided by ``decide_due`` (art. 60), the decision not served by
    ``decision_serve_by`` (art. 61), the fine unpaid after
    its day (``fine_day``: art. 72 allows 加处罚款 from then), the replanting not accepted on the
    ground by ``replant_due`` (森林法 art. 81: 代为履行), the referral's step awaited past its
    day (``referral_step_due``)."""
    if case.status == CaseStatus.CLOSED:
        return {}
    step = referral_step_due(case)
    due: dict[str, date | None] = {
        "register": case.register_due if case.status == CaseStatus.OPENED else None,
        "decision": case.decide_due if case.status in UNDECIDED else None,
        "service": case.decision_serve_by if case.decision_served_on is None else None,
        "fine": fine_day(case, today) if case.fine and case.fine_paid_on is None else None,
        "replanting": case.replant_due
        if case.replant_trees and case.replant_accepted_on is None
        else None,
    }
    if step is not None:
        # The referral's step awaited (移送规定 art. 5(2)); the 24 hours are told from the day
        # after the hour passed, as every period here is told by the day.
        due[f"referral_{step.step}"] = step.day
    return {period: day for period, day in due.items() if day is not None and day < today}


def overdue_labels(case: Case, today: date) -> list[str]:
    """What a list or page shows as 逾期."""
    return [str(OVERDUE_PERIODS[period]) for period in case_overdue(case, today)]


def overdue_untold(case: Case, today: date) -> dict[str, date]:
    """The periods passed whose agency's heads were not told of that day yet."""
    told = case.overdue_told or {}
    return {p: d for p, d in case_overdue(case, today).items() if told.get(p) != d.isoformat()}


def day_start(day: date) -> datetime:
    """The first moment of ``day`` in the site's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def cases_overdue(today: date) -> list[int]:
    """The cases with a period passed and untold (the tick's candidates; ``case_overdue`` is
    the rule, this query only narrows to cases with some day before ``today``)."""
    some_day_passed = (
        Q(status=CaseStatus.OPENED, register_due__lt=today)
        | Q(status__in=UNDECIDED, decide_due__lt=today)
        | Q(decision_serve_by__lt=today, decision_served_on__isnull=True)
        | Q(fine_due__lt=today, fine_paid_on__isnull=True)
        | Q(replant_due__lt=today, replant_accepted_on__isnull=True)
        | Q(to_refer=True, referred_at__isnull=True, referral_approval_due__lt=today)
        | Q(
            status=CaseStatus.REFERRED,
            police_answer="",
            police_received_on__isnull=True,
            transfer_by__lt=day_start(today),
        )
    )
    rows = (
        Case.objects.filter(some_day_passed)
        .exclude(status=CaseStatus.CLOSED)
        .prefetch_related("payment_deferrals")
        .order_by("pk")
    )
    return [case.pk for case in rows.iterator(chunk_size=500) if overdue_untold(case, today)]
