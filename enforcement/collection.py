"""The fine collected (issue 48 leftovers): where the 加处罚款 pauses and the court enforces.

行政处罚法 art. 66(2): the head approves, on the party's application, that the fine be paid
later or in instalments; the 加处罚款 does not run while that is honoured, and a missed
instalment ends it from its day (our reading, docs/legal-basis.md). Art. 73(3): the days of a
reconsideration or a suit are not counted; an official records its filing and its end, and a
revoked decision ends the execution. 行政强制法 arts. 53-55: the head tells the party in
writing to pay (art. 54), then, from ten days after the 催告书 was served (its service recorded,
``serving.case_serve``) and once the party's time to sue has passed, and within three months
of that (art. 53), applies to the people's court with the
强制执行申请书 (art. 55), claiming the fine, the 加处罚款 and the 代履行 cost the party bears
(art. 51(2)); an official records the court's ruling. Each act goes through the case's act
kernel: its lock, its check, its document, its audit event and who is told."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from audit.choices import AuditAction
from audit.trail import audit_appended_last
from core.chinese import display_zh
from core.errors import InvalidInput, Problem, StateConflict
from core.messages import (
    MSG_CASE_COURT_APPLIED,
    MSG_CASE_COURT_DAY,
    MSG_CASE_COURT_DEMAND_FIRST,
    MSG_CASE_COURT_DEMAND_UNSERVED,
    MSG_CASE_COURT_DEMANDED,
    MSG_CASE_COURT_NAME,
    MSG_CASE_COURT_NOT_APPLIED,
    MSG_CASE_COURT_RULED,
    MSG_CASE_COURT_RULING,
    MSG_CASE_COURT_TOO_EARLY,
    MSG_CASE_COURT_TOO_LATE,
    MSG_CASE_DEFERRAL_APPLIED,
    MSG_CASE_DEFERRAL_DAY,
    MSG_CASE_DEFERRAL_KIND,
    MSG_CASE_DEFERRAL_OPEN,
    MSG_CASE_DEFERRAL_REASON,
    MSG_CASE_FINE_NOT_OWED,
    MSG_CASE_INSTALMENT_DAY,
    MSG_CASE_INSTALMENTS,
    MSG_CASE_NO_INSTALMENTS,
    MSG_CASE_NO_REVIEW,
    MSG_CASE_REVIEW_BODY,
    MSG_CASE_REVIEW_DAY,
    MSG_CASE_REVIEW_FINE,
    MSG_CASE_REVIEW_FINE_PAID,
    MSG_CASE_REVIEW_KIND,
    MSG_CASE_REVIEW_OUTCOME,
    MSG_CASE_REVIEW_PENDING,
)
from documents import content
from permits import access
from permits.acts import Act
from permits.choices import NotificationKind
from roles.models import Role
from workflows.services import day_of

from . import law, papers
from .execution import ARTICLE_35, COERCION_LAW, _decision_number, _heads_and_officials
from .models import (
    Case,
    CaseDocument,
    CaseDocumentKind,
    CaseOutcome,
    CaseReview,
    CaseService,
    CaseStatus,
    CourtEnforcement,
    CourtRuling,
    DeferralKind,
    PaymentDeferral,
    ReviewKind,
    ReviewOutcome,
    SubstitutePerformance,
)
from .services import (
    _act,
    _locked,
    _money,
    _move,
    _record,
    _require_head,
    _require_official,
    _role_of,
    _status,
    _tell,
    _text,
)

NAME_MAX = 120
HORIZON_DAYS = 366
INSTALMENTS_MAX = 24
# The articles as published (行政处罚法 2021; 行政强制法 2011); docs/legal-basis.md quotes them.
ARTICLE_66_2 = (
    "当事人确有经济困难，需要延期或者分期缴纳罚款的，经当事人申请和行政机关批准，可以暂缓或者"
    "分期缴纳。"
)
ARTICLE_72_2 = (
    "行政机关批准延期、分期缴纳罚款的，申请人民法院强制执行的期限，自暂缓或者分期缴纳罚款期限"
    "结束之日起计算。"
)
ARTICLE_73_3 = (
    "当事人申请行政复议或者提起行政诉讼的，加处罚款的数额在行政复议或者行政诉讼期间不予计算。"
)
ARTICLE_53 = (
    "当事人在法定期限内不申请行政复议或者提起行政诉讼，又不履行行政决定的，没有行政强制执行权的"
    "行政机关可以自期限届满之日起三个月内，依照本章规定申请人民法院强制执行。"
)
ARTICLE_54 = (
    "行政机关申请人民法院强制执行前，应当催告当事人履行义务。催告书送达十日后当事人仍未履行义务"
    "的，行政机关可以向所在地有管辖权的人民法院申请强制执行"
)
ARTICLE_55 = (
    "行政机关向人民法院申请强制执行，应当提供下列材料：（一）强制执行申请书；（二）行政决定书及"
    "作出决定的事实、理由和依据；（三）当事人的意见及行政机关催告情况；（四）申请强制执行标的"
    "情况；（五）法律、行政法规规定的其他材料。强制执行申请书应当由行政机关负责人签名，加盖行政"
    "机关的印章，并注明日期。"
)


def _decided_on(case: Case) -> date:
    assert case.decided_at is not None
    return timezone.localdate(case.decided_at)


def _fine_unpaid(case: Case) -> bool:
    return case.outcome == CaseOutcome.PENALTY and bool(case.fine) and case.fine_paid_on is None


def _deferral_running(case: Case, today: date) -> PaymentDeferral | None:
    deferral = PaymentDeferral.objects.filter(case=case).order_by("-approved_at", "-pk").first()
    if deferral is None or deferral.missed_on is not None or deferral.pay_by < today:
        return None
    return deferral


def _review_pending(case: Case) -> CaseReview | None:
    return CaseReview.objects.filter(case=case, ended_on__isnull=True).first()


def _no_review_pending(case: Case) -> None:
    if _review_pending(case) is not None:
        raise StateConflict.on("review_pending", MSG_CASE_REVIEW_PENDING)


def _day_between(value: object, field: str, low: date, high: date, message: Any) -> date:
    day = day_of(value)
    if day is None or not low <= day <= high:
        raise InvalidInput.on(field, "invalid", message)
    return day


# ------------------------------------------------------------ 暂缓或者分期缴纳 (art. 66)


def _instalments_clean(case: Case, value: object, today: date) -> list[dict[str, str]]:
    """Two or more instalments, each day after today and after the one before, within the
    horizon, each amount above nothing, together the fine (400 on the field otherwise)."""
    rows = value if isinstance(value, list) else []
    if not 2 <= len(rows) <= INSTALMENTS_MAX:
        raise InvalidInput.on("instalments", "invalid", MSG_CASE_INSTALMENTS)
    clean: list[dict[str, str]] = []
    last, total = today, Decimal(0)
    for row in rows:
        item = row if isinstance(row, dict) else {}
        day = day_of(item.get("due"))
        try:
            amount = _money(item.get("amount"), "instalments")
        except InvalidInput:
            amount = Decimal(0)
        if day is None or not last < day <= today + timedelta(days=HORIZON_DAYS) or not amount:
            raise InvalidInput.on("instalments", "invalid", MSG_CASE_INSTALMENTS)
        clean.append({"due": day.isoformat(), "amount": str(amount)})
        last, total = day, total + amount
    if total != case.fine:
        raise InvalidInput.on("instalments", "invalid", MSG_CASE_INSTALMENTS)
    return clean


def _deferral_clean(
    case: Case, kind: object, applied_on: object, reason: object, pay_by: object, rows: object
) -> tuple[str, date, str, date, list[dict[str, str]]]:
    today = timezone.localdate()
    problems: list[Problem] = []
    if kind not in DeferralKind.values:
        raise InvalidInput.on("kind", "invalid", MSG_CASE_DEFERRAL_KIND)
    applied = day_of(applied_on)
    if applied is None or not _decided_on(case) <= applied <= today:
        problems.append(Problem("applied_on", "invalid", str(MSG_CASE_DEFERRAL_APPLIED)))
    text = reason.strip() if isinstance(reason, str) else ""
    if not text or len(text) > 4000:
        problems.append(Problem("reason", "required", str(MSG_CASE_DEFERRAL_REASON)))
    instalments: list[dict[str, str]] = []
    day = None
    try:
        if kind == DeferralKind.INSTALMENTS:
            instalments = _instalments_clean(case, rows, today)
            day = date.fromisoformat(instalments[-1]["due"])
        else:
            horizon = today + timedelta(days=HORIZON_DAYS)
            day = _day_between(
                pay_by, "pay_by", today + timedelta(days=1), horizon, MSG_CASE_DEFERRAL_DAY
            )
    except InvalidInput as error:
        problems.extend(error.problems)
    if problems:
        raise InvalidInput(problems=problems)
    assert applied is not None and day is not None
    return str(kind), applied, text, day, instalments


@transaction.atomic
@audit_appended_last
def case_payment_defer(
    *,
    case_id: object,
    by: User,
    kind: object,
    applied_on: object,
    reason: object,
    pay_by: object = None,
    instalments: object = None,
    client_ip: str | None = None,
) -> PaymentDeferral:
    """暂缓或者分期缴纳 (行政处罚法 art. 66(2)): on the party's application, the head approves
    paying the unpaid fine by a later day or in instalments; the approval is issued."""
    case = _locked(case_id, by)
    _require_head(by, case)
    _status(case, CaseStatus.DECIDED)
    if not _fine_unpaid(case):
        raise StateConflict.on("fine_not_owed", MSG_CASE_FINE_NOT_OWED)
    today = timezone.localdate()
    if _deferral_running(case, today) is not None:
        raise StateConflict.on("deferral_open", MSG_CASE_DEFERRAL_OPEN)
    how, applied, text, day, rows = _deferral_clean(
        case, kind, applied_on, reason, pay_by, instalments
    )
    act = _act(case, by, Role.HEAD, client_ip, case.status)
    deferral = PaymentDeferral(
        case=case,
        kind=how,
        applied_on=applied,
        reason=text,
        approved_on=today,
        pay_by=day,
        instalments=rows,
        approved_by=by,
    )
    deferral.document = _deferral_issue(case, act, deferral)
    deferral.save()
    _record(
        act,
        AuditAction.CASE_PAYMENT_DEFERRED,
        case,
        text,
        kind=how,
        pay_by=day.isoformat(),
        instalments=rows,
        document_number=deferral.document.number,
    )
    step = (
        f"批准{display_zh(deferral, 'kind')}罚款至{day.isoformat()}（{deferral.document.number}）"
    )
    _tell(case, _heads_and_officials(case), step, NotificationKind.TASK_NEW)
    return deferral


@transaction.atomic
@audit_appended_last
def case_instalment_missed(
    *, case_id: object, by: User, due: object, client_ip: str | None = None
) -> PaymentDeferral:
    """An instalment not paid by its day, recorded by an official: the 加处罚款 runs again from
    the day after it (our reading of art. 66(2) with 行政强制法 art. 42(2): 当事人不履行执行协议
    的，行政机关应当恢复强制执行)."""
    case = _locked(case_id, by)
    _require_official(by, case)
    deferral = _deferral_running(case, timezone.localdate())
    if deferral is None or deferral.kind != DeferralKind.INSTALMENTS or not _fine_unpaid(case):
        raise StateConflict.on("no_instalments", MSG_CASE_NO_INSTALMENTS)
    day = day_of(due)
    dues = {row["due"] for row in deferral.instalments}
    if day is None or day.isoformat() not in dues or day >= timezone.localdate():
        raise InvalidInput.on("due", "invalid", MSG_CASE_INSTALMENT_DAY)
    deferral.missed_on, deferral.missed_recorded_by = day, by
    deferral.save(update_fields=["missed_on", "missed_recorded_by"])
    act = _act(case, by, _role_of(by, case), client_ip, case.status)
    _record(
        act,
        AuditAction.CASE_INSTALMENT_MISSED,
        case,
        missed_on=day.isoformat(),
        document_number=deferral.document.number,
    )
    step = f"当事人未按期缴纳{day.isoformat()}的分期罚款，加处罚款恢复计算"
    _tell(case, list(access.heads_of(case.agency_id)), step, NotificationKind.TASK_NEW)
    return deferral


# ------------------------------------------------------- 行政复议、行政诉讼 (art. 73(3))


@transaction.atomic
@audit_appended_last
def case_review_file(
    *,
    case_id: object,
    by: User,
    kind: object,
    body: object,
    filed_on: object,
    client_ip: str | None = None,
) -> CaseReview:
    """The party's reconsideration or suit against the decision, recorded by an official: the
    加处罚款 is not counted from its filing to its end (行政处罚法 art. 73(3))."""
    case = _locked(case_id, by)
    _require_official(by, case)
    _status(case, CaseStatus.DECIDED, CaseStatus.EXECUTED)
    if case.outcome != CaseOutcome.PENALTY:
        _status(case)
    _no_review_pending(case)
    problems: list[Problem] = []
    if kind not in ReviewKind.values:
        problems.append(Problem("kind", "invalid", str(MSG_CASE_REVIEW_KIND)))
    name = body.strip() if isinstance(body, str) else ""
    if not name or len(name) > NAME_MAX:
        problems.append(Problem("body", "required", str(MSG_CASE_REVIEW_BODY)))
    day = day_of(filed_on)
    if day is None or not _decided_on(case) <= day <= timezone.localdate():
        problems.append(Problem("filed_on", "invalid", str(MSG_CASE_REVIEW_DAY)))
    if problems:
        raise InvalidInput(problems=problems)
    assert day is not None
    review = CaseReview.objects.create(
        case=case, kind=str(kind), body=name, filed_on=day, recorded_by=by
    )
    act = _act(case, by, _role_of(by, case), client_ip, case.status)
    _record(
        act,
        AuditAction.CASE_REVIEW_FILED,
        case,
        kind=review.kind,
        body=name,
        filed_on=day.isoformat(),
    )
    step = f"当事人于{day.isoformat()}{display_zh(review, 'kind')}（{name}），加处罚款暂停计算"
    _tell(case, _heads_and_officials(case), step, NotificationKind.TASK_NEW)
    return review


@transaction.atomic
@audit_appended_last
def case_review_end(
    *,
    case_id: object,
    by: User,
    ended_on: object,
    outcome: object,
    note: object = "",
    fine: object = None,
    client_ip: str | None = None,
) -> CaseReview:
    """The reconsideration or suit ended, recorded by an official with its outcome: upheld or
    changed, the execution goes on and the 加处罚款 runs again the day after; revoked, there is
    nothing left to execute and the case closes. Changed, a case with an unpaid fine takes the
    changed ``fine`` (行政复议法 art. 63; 行政诉讼法 art. 77): from 0 to the fine decided, never
    heavier (400 on ``fine``); the 加处罚款 is then counted on it."""
    case = _locked(case_id, by)
    _require_official(by, case)
    review = _review_pending(case)
    if review is None:
        raise StateConflict.on("no_review", MSG_CASE_NO_REVIEW)
    day = _review_end_clean(review, ended_on, outcome)
    text = _text(note, "note", MSG_CASE_REVIEW_OUTCOME, required=False)
    changed = _fine_changed(case, str(outcome), fine)
    if changed is not None:
        review.fine_before, review.fine_after = case.fine, changed
        case.fine = changed
        case.save(update_fields=["fine"])
    review.ended_on, review.outcome, review.outcome_note, review.ended_by = (
        day,
        str(outcome),
        text,
        by,
    )
    review.save()
    before = case.status
    if review.outcome == ReviewOutcome.REVOKED:
        case.closed_at, case.closed_by = timezone.now(), by
        _move(case, case.close)
        case.save()
    act = _act(case, by, _role_of(by, case), client_ip, before)
    _record(
        act,
        AuditAction.CASE_REVIEW_ENDED,
        case,
        text,
        kind=review.kind,
        ended_on=day.isoformat(),
        outcome=review.outcome,
        fine_before=None if review.fine_before is None else str(review.fine_before),
        fine_after=None if review.fine_after is None else str(review.fine_after),
    )
    step = f"{display_zh(review, 'kind')}已于{day.isoformat()}终结：{display_zh(review, 'outcome')}"
    _tell(case, _heads_and_officials(case), step, NotificationKind.TASK_NEW)
    return review


def _review_end_clean(review: CaseReview, ended_on: object, outcome: object) -> date:
    """The end's day (from the filing to today) and a known outcome, or 400 on each field."""
    problems: list[Problem] = []
    day = day_of(ended_on)
    if day is None or not review.filed_on <= day <= timezone.localdate():
        problems.append(Problem("ended_on", "invalid", str(MSG_CASE_REVIEW_DAY)))
    if outcome not in ReviewOutcome.values:
        problems.append(Problem("outcome", "invalid", str(MSG_CASE_REVIEW_OUTCOME)))
    if problems:
        raise InvalidInput(problems=problems)
    assert day is not None
    return day


def _fine_changed(case: Case, outcome: str, fine: object) -> Decimal | None:
    """The fine as the reconsideration or the court changed it, or None when the decision's
    fine stands (upheld, revoked, no fine, or changed in what is not the fine: ``fine`` not
    given). Not heavier than decided (行政复议法 art. 63(2): 不得作出对申请人更为不利的变更决定;
    行政诉讼法 art. 77(2): 不得加重原告的义务); a fine paid already is not changed here."""
    if outcome != ReviewOutcome.CHANGED or not case.fine or fine in (None, ""):
        return None
    if case.fine_paid_on is not None:
        raise InvalidInput.on("fine", "invalid", MSG_CASE_REVIEW_FINE_PAID)
    refused = InvalidInput.on("fine", "invalid", MSG_CASE_REVIEW_FINE.format(fine=case.fine))
    try:
        amount = _money(fine, "fine")
    except InvalidInput:
        raise refused from None
    if amount > case.fine:
        raise refused
    return amount


# --------------------------------------------- 申请人民法院强制执行 (行政强制法 arts. 53-55)


def _substitute_cost(case: Case) -> Decimal | None:
    """The 代履行 cost the party bears (行政强制法 art. 51(2)), once the work is recorded."""
    row = SubstitutePerformance.objects.filter(case=case).first()
    return row.cost if row is not None and row.cost else None


def court_amounts(case: Case, day: date) -> dict[str, Decimal | None]:
    """What the party owes on ``day`` that the court is asked to enforce: the fine unpaid, the
    加处罚款 owed with it, the 代履行 cost recorded (none recorded as paid)."""
    unpaid = _fine_unpaid(case)
    return {
        "fine": case.fine if unpaid else None,
        "surcharge": law.surcharge_as_of(case, day) if unpaid else None,
        "substitute_cost": _substitute_cost(case),
    }


def _fine_overdue(case: Case, today: date) -> bool:
    """The fine unpaid past its day and no deferral running."""
    return (
        _fine_unpaid(case)
        and case.fine_due is not None
        and case.fine_due < today
        and _deferral_running(case, today) is None
    )


def court_owed(case: Case, today: date) -> bool:
    """Whether the party owes, on ``today``, what the court may be asked to enforce: the fine
    overdue or the 代履行 cost (the rule of the demand and the application; the case page asks
    it too)."""
    return _fine_overdue(case, today) or _substitute_cost(case) is not None


def _owed_now(case: Case, today: date) -> dict[str, Decimal | None]:
    """409 unless something is owed and overdue (``court_owed``)."""
    if not court_owed(case, today):
        raise StateConflict.on("nothing_owed", MSG_CASE_FINE_NOT_OWED)
    amounts = court_amounts(case, today)
    if not _fine_overdue(case, today):
        amounts["fine"] = amounts["surcharge"] = None
    return amounts


def court_period(case: Case, served_on: date) -> tuple[date, date]:
    """The first and the last day the court may be applied to: after the period art. 53 waits
    for and ``court_demand_days`` after the demand was served on ``served_on`` (art. 54: 催告书
    送达十日后), within ``court_apply_months``."""
    standard = law.standard_of(case.agency.jurisdiction_id)
    deferral = PaymentDeferral.objects.filter(case=case).order_by("-approved_at", "-pk").first()
    deferred_to = (deferral.missed_on or deferral.pay_by) if deferral else None
    end = law.court_period_end(standard, _decided_on(case), deferred_to)
    ended = CaseReview.objects.filter(case=case, ended_on__isnull=False).order_by("-ended_on")
    last_review = ended.first()
    if last_review is not None and last_review.ended_on is not None:
        end = max(end, last_review.ended_on)
    first = max(end + timedelta(days=1), served_on + timedelta(days=standard.court_demand_days))
    return first, law.months_after(end, standard.court_apply_months)


def court_demand_open(case: Case, today: date) -> bool:
    """Whether the head may demand payment before the court on ``today``: something owed
    (``court_owed``) and the court's days not passed already, the demand served at the earliest
    today (the checks of ``case_court_demand`` beside its state; the case page asks it too)."""
    first, last = court_period(case, today)
    return court_owed(case, today) and first <= last


def demand_served_on(court: CourtEnforcement) -> date | None:
    """The day the 催告书 was served (its ``CaseService``), None while not recorded."""
    served = CaseService.objects.filter(document_id=court.demand_id)
    return served.values_list("served_on", flat=True).first()


def court_apply_open(case: Case, court: CourtEnforcement, today: date) -> bool:
    """Whether the head may apply to the court on ``today``: the demand served, within the days
    counted from its service and while something is owed (the checks of ``case_court_apply``
    beside its state; the case page asks it too)."""
    served_on = demand_served_on(court)
    if served_on is None:
        return False
    first, last = court_period(case, served_on)
    return first <= today <= last and court_owed(case, today)


@transaction.atomic
@audit_appended_last
def case_court_demand(
    *, case_id: object, by: User, client_ip: str | None = None
) -> CourtEnforcement:
    """催告 before the court (行政强制法 arts. 35, 54): the head tells the party in writing what
    it owes and how to pay; the days the court may be applied to are set on the case as if the
    催告书 were served today (refused if even then they have passed), and counted again from
    its service once recorded (``serving.case_serve``)."""
    case = _locked(case_id, by)
    _require_head(by, case)
    _status(case, CaseStatus.DECIDED)
    if CourtEnforcement.objects.filter(case=case).exists():
        raise StateConflict.on("court_demanded", MSG_CASE_COURT_DEMANDED)
    _no_review_pending(case)
    today = timezone.localdate()
    amounts = _owed_now(case, today)
    first, last = court_period(case, today)
    if last < first:
        message = str(MSG_CASE_COURT_TOO_LATE).format(day=last.isoformat())
        raise StateConflict.on("court_too_late", message)
    act = _act(case, by, Role.HEAD, client_ip, case.status)
    court = CourtEnforcement(
        case=case, demanded_on=today, demanded_by=by, apply_from=first, apply_by=last
    )
    court.demand = _court_demand_issue(case, act, amounts)
    court.save()
    _record(
        act,
        AuditAction.CASE_COURT_DEMANDED,
        case,
        apply_from=first.isoformat(),
        apply_by=last.isoformat(),
        **{k: str(v) for k, v in amounts.items() if v is not None},
        document_number=court.demand.number,
    )
    step = (
        f"催告当事人履行（{court.demand.number}），催告书待送达；今日送达的，"
        f"{first.isoformat()}至{last.isoformat()}可申请人民法院强制执行"
    )
    _tell(case, _heads_and_officials(case), step, NotificationKind.TASK_NEW)
    return court


@transaction.atomic
@audit_appended_last
def case_court_apply(
    *, case_id: object, by: User, court: object, client_ip: str | None = None
) -> CourtEnforcement:
    """申请人民法院强制执行 (行政处罚法 art. 72(1)(4); 行政强制法 arts. 53-55): the head applies,
    only once the demand's service is recorded (409 ``court_demand_unserved``; art. 54: 催告书
    送达十日后当事人仍未履行义务的，行政机关可以…申请强制执行), within the days counted from
    that service (409 before or after) and while the party still owes; the 强制执行申请书 claims
    the fine, the 加处罚款 and the 代履行 cost, signed by the head."""
    case = _locked(case_id, by)
    _require_head(by, case)
    _status(case, CaseStatus.DECIDED)
    row = CourtEnforcement.objects.select_for_update().filter(case=case).first()
    if row is None:
        raise StateConflict.on("court_demand_first", MSG_CASE_COURT_DEMAND_FIRST)
    if row.applied_on is not None:
        raise StateConflict.on("court_applied", MSG_CASE_COURT_APPLIED)
    served_on = demand_served_on(row)
    if served_on is None:
        raise StateConflict.on("court_demand_unserved", MSG_CASE_COURT_DEMAND_UNSERVED)
    _no_review_pending(case)
    today = timezone.localdate()
    first, last = court_period(case, served_on)
    if today < first:
        message = str(MSG_CASE_COURT_TOO_EARLY).format(day=first.isoformat())
        raise StateConflict.on("court_too_early", message)
    if today > last:
        message = str(MSG_CASE_COURT_TOO_LATE).format(day=last.isoformat())
        raise StateConflict.on("court_too_late", message)
    amounts = _owed_now(case, today)
    name = court.strip() if isinstance(court, str) else ""
    if not name or len(name) > NAME_MAX:
        raise InvalidInput.on("court", "required", MSG_CASE_COURT_NAME)
    row.apply_from, row.apply_by = first, last
    row.court, row.applied_on, row.applied_by = name, today, by
    row.fine_claimed = amounts["fine"]
    row.surcharge_claimed = amounts["surcharge"]
    row.substitute_cost_claimed = amounts["substitute_cost"]
    act = _act(case, by, Role.HEAD, client_ip, case.status)
    row.application = _court_application_issue(case, act, row, served_on)
    row.save()
    _record(
        act,
        AuditAction.CASE_COURT_APPLIED,
        case,
        court=name,
        **{k: str(v) for k, v in amounts.items() if v is not None},
        document_number=row.application.number,
    )
    step = f"已申请{name}强制执行（{row.application.number}）"
    _tell(case, _heads_and_officials(case), step, NotificationKind.TASK_NEW)
    return row


@transaction.atomic
@audit_appended_last
def case_court_ruling(
    *,
    case_id: object,
    by: User,
    ruling: object,
    ruled_on: object,
    note: object = "",
    client_ip: str | None = None,
) -> CourtEnforcement:
    """The court's ruling (行政强制法 arts. 57, 58), recorded by an official: granted, the court
    enforces and the case waits for the payment recorded (``case_execute``); refused, nothing
    is left the agency may enforce and the case closes with the ruling's reasons."""
    case = _locked(case_id, by)
    _require_official(by, case)
    row = CourtEnforcement.objects.select_for_update().filter(case=case).first()
    if row is None or row.applied_on is None:
        raise StateConflict.on("court_not_applied", MSG_CASE_COURT_NOT_APPLIED)
    if row.ruling:
        raise StateConflict.on("court_ruled", MSG_CASE_COURT_RULED)
    problems: list[Problem] = []
    if ruling not in CourtRuling.values:
        problems.append(Problem("ruling", "invalid", str(MSG_CASE_COURT_RULING)))
    day = day_of(ruled_on)
    if day is None or not row.applied_on <= day <= timezone.localdate():
        problems.append(Problem("ruled_on", "invalid", str(MSG_CASE_COURT_DAY)))
    if problems:
        raise InvalidInput(problems=problems)
    assert day is not None
    text = _text(note, "note", MSG_CASE_COURT_RULING, required=False)
    row.ruling, row.ruled_on, row.ruling_note, row.ruling_recorded_by = str(ruling), day, text, by
    row.save()
    before = case.status
    if row.ruling == CourtRuling.REFUSED and case.status == CaseStatus.DECIDED:
        case.closed_at, case.closed_by = timezone.now(), by
        _move(case, case.close)
        case.save()
    act = _act(case, by, _role_of(by, case), client_ip, before)
    _record(
        act,
        AuditAction.CASE_COURT_RULED,
        case,
        text,
        ruling=row.ruling,
        ruled_on=day.isoformat(),
    )
    step = f"{row.court}于{day.isoformat()}裁定{display_zh(row, 'ruling')}"
    _tell(case, _heads_and_officials(case), step, NotificationKind.TASK_NEW)
    return row


# ------------------------------------------------------------------------------ documents


def _deferral_issue(case: Case, act: Act, deferral: PaymentDeferral) -> CaseDocument:
    """暂缓（分期）缴纳罚款批准书 (行政处罚法 art. 66(2)): the application, the day or the
    instalments, what follows a missed one."""
    if deferral.kind == DeferralKind.INSTALMENTS:
        items = [
            f"第{i}期：{content.chinese_date(date.fromisoformat(row['due']))}前缴纳"
            f"{papers._yuan(Decimal(row['amount']))}"
            for i, row in enumerate(deferral.instalments, 1)
        ]
        how = "分期缴纳"
        warning = "任何一期逾期未缴纳的，自该期期限届满次日起恢复加处罚款，本机关依法强制执行。"
    else:
        items = [f"{content.chinese_date(deferral.pay_by)}前一次缴纳{papers._yuan(case.fine)}"]
        how = "暂缓缴纳"
        warning = "逾期未缴纳的，自期限届满次日起加处罚款，本机关依法强制执行。"
    return papers._issue(
        case,
        act,
        CaseDocumentKind.PAYMENT_DEFERRAL,
        title=f"{how}罚款批准书",
        paragraphs=[
            f"当事人：{papers.party_line(case)}",
            f"{papers.you(case)}于{content.chinese_date(deferral.applied_on)}以{deferral.reason}为由，"
            f"申请{how}本机关{_decision_number(case)}行政处罚决定书所处罚款"
            f"{papers._yuan(case.fine)}。经审查，本机关批准{how}，期限如下。",
            "在上述期限内按期缴纳的，不加处罚款。" + warning,
        ],
        items_heading="缴纳期限",
        items=items,
        grounds_heading="依据",
        grounds=[
            f"{papers.LAW}第六十六条第二款：“{ARTICLE_66_2}”",
            f"第七十二条第二款：“{ARTICLE_72_2}”",
        ],
        legal_basis=f"{papers.LAW}第六十六条第二款",
    )


def _claim_lines(amounts: dict[str, Decimal | None]) -> list[str]:
    lines = []
    if amounts.get("fine") is not None:
        lines.append(f"罚款{papers._yuan(amounts['fine'])}")
    if amounts.get("surcharge"):
        lines.append(f"加处罚款{papers._yuan(amounts['surcharge'])}（计至申请之日）")
    if amounts.get("substitute_cost") is not None:
        lines.append(f"代履行费用{papers._yuan(amounts['substitute_cost'])}")
    return lines


def _court_demand_issue(case: Case, act: Act, amounts: dict[str, Decimal | None]) -> CaseDocument:
    """催告书 (行政强制法 arts. 35, 54): the amounts, the period, the way, the right to state
    and defend, and the court application that follows."""
    days = law.standard_of(case.agency.jurisdiction_id).court_demand_days
    return papers._issue(
        case,
        act,
        CaseDocumentKind.COURT_DEMAND,
        title="催告书",
        paragraphs=[
            f"当事人：{papers.party_line(case)}",
            f"本机关{_decision_number(case)}行政处罚决定书已依法送达，{papers.you(case)}至今未履行下列"
            "金钱给付义务。",
            f"请自本催告书送达之日起{days}日内到指定的银行或者通过电子支付系统缴纳；"
            "加处罚款计至实际缴纳之日。",
            f"{papers.you(case)}有权进行陈述和申辩。逾期仍不履行的，本机关将依法申请人民法院强制执行。",
        ],
        items_heading="应当缴纳",
        items=_claim_lines(amounts),
        grounds_heading="依据",
        grounds=[
            f"{COERCION_LAW}第三十五条：“{ARTICLE_35}”",
            f"第五十四条：“{ARTICLE_54}”",
        ],
        legal_basis=f"{COERCION_LAW}第三十五条、第五十四条；{papers.LAW}第七十二条第一款",
    )


def _court_application_issue(
    case: Case, act: Act, row: CourtEnforcement, served_on: date
) -> CaseDocument:
    """强制执行申请书 (行政强制法 art. 55): the parties, what is claimed, the decision and its
    facts, reasons and basis, the party's view and the demand with the day it was served, the
    materials; signed by the head and dated."""
    amounts = {
        "fine": row.fine_claimed,
        "surcharge": row.surcharge_claimed,
        "substitute_cost": row.substitute_cost_claimed,
    }
    view = case.statement or (display_zh(case, "statement_kind") if case.statement_kind else "")
    article = case.article.citation if case.article else "—"
    return papers._issue(
        case,
        act,
        CaseDocumentKind.COURT_APPLICATION,
        addressee=row.court,
        paragraphs=[
            f"申请人：{case.agency.name}",
            f"被申请人：{papers.party_line(case)}",
            f"申请事项：请求依法强制执行本机关{_decision_number(case)}行政处罚决定书，"
            f"强制被申请人缴纳：{'；'.join(_claim_lines(amounts))}。",
            f"事实和理由：{case.facts}。本机关依照{article}作出上述行政处罚决定"
            f"（{papers.penalty_text(case)}），已依法送达。被申请人在法定期限内未申请行政复议或者"
            "提起行政诉讼，又不履行该决定。",
            f"当事人的意见：{view or '未提出'}。",
            f"催告情况：本机关于{content.chinese_date(row.demanded_on)}以{row.demand.number}"
            f"催告书催告被申请人履行，该催告书于{content.chinese_date(served_on)}送达，"
            "被申请人逾期仍未履行。",
        ],
        items_heading="附：",
        items=[
            f"行政处罚决定书（{_decision_number(case)}）及作出决定的事实、理由和依据",
            f"催告书（{row.demand.number}）及送达回证",
            "当事人的陈述、申辩或者听证材料",
            "申请强制执行标的情况",
        ],
        grounds_heading="依据",
        grounds=[
            f"{papers.LAW}第七十二条第一款第四项",
            f"{COERCION_LAW}第五十三条：“{ARTICLE_53}”",
            f"第五十五条：“{ARTICLE_55}”",
        ],
        closing=[f"此致\n{row.court}", "行政机关负责人（签名）："],
        legal_basis=f"{COERCION_LAW}第五十三条、第五十四条、第五十五条",
    )
