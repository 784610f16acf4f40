"""The penalty procedure's law as data (docs/legal-basis.md, "Enforcement cases"): the
jurisdiction's periods and thresholds, the article a decision applies and the fine it allows,
whether a hearing must be offered (行政处罚法 art. 63) and a legal review held (art. 58)."""

import calendar
import copy
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from core.chinese import display_zh
from core.errors import InvalidInput, Problem
from core.messages import (
    MSG_CASE_FINE_OUT_OF_RANGE,
    MSG_CASE_QUANTITY,
    MSG_CASE_UNKNOWN_ARTICLE,
    MSG_CASE_VALUE_REQUIRED,
)
from core.pii import pii_index_candidates

from .models import (
    PARTY_ID_INDEX_PURPOSE,
    REFERABLE,
    Case,
    CaseHearing,
    CaseHearingStatus,
    CaseOutcome,
    CaseReview,
    EnforcementStandard,
    FineBasis,
    PaymentDeferral,
    PenaltyArticle,
    ReferralThreshold,
    StatementKind,
)

# Where the defaults' reading of 较大数额 comes from (docs/legal-basis.md, "Enforcement cases").
HEARING_FINE_SOURCE = (
    "行政处罚法第六十三条第一款第（一）项：较大数额罚款（数额由各地规定）。"
    "北京市行政处罚听证程序实施办法第二条授权市级行政机关确定；北京市的标准以"
    "“对公民处以超过5000元罚款、对法人或其他组织处以超过5万元罚款”表述（超过，不含本数）。"
    "默认数额为本系统暂定，待录入本机关公布的标准。"
)


@dataclass(frozen=True)
class Standard:
    """The defaults without the jurisdiction's row; each our reading, not law (legal-basis)."""

    # 行政处罚法 art. 54 says 及时立案 and names no period: 15 working days is our default.
    register_working_days: int = 15
    # Art. 64(1): a hearing is asked within 5 days of the notice (art. 85: working days).
    statement_working_days: int = 5
    # Art. 60: decided within 90 days of registration.
    decision_days: int = 90
    # Art. 63(1) 较大数额罚款: set by each province; these are our defaults until it is entered.
    hearing_fine_person: Decimal = Decimal(10_000)
    hearing_fine_organisation: Decimal = Decimal(100_000)
    # Beijing's standards say "超过" (对公民处以超过5000元罚款、对法人或其他组织处以超过5万元
    # 罚款): the figure itself is not 较大数额 unless a standard says "以上".
    hearing_fine_inclusive: bool = False
    hearing_fine_source: str = HEARING_FINE_SOURCE
    # 双公示: a decision published within 7 working days.
    publication_working_days: int = 7
    # Art. 61: 当事人不在场的，行政机关应当在七日内依照《中华人民共和国民事诉讼法》的有关规定，
    # 将行政处罚决定书送达当事人 (art. 85: 七日 are working days).
    decision_service_working_days: int = 7
    # Art. 67(3): paid within 15 days of the decision's service.
    fine_payment_days: int = 15
    # 民事诉讼法 art. 95 (applied through art. 61): 自发出公告之日起，经过三十日，即视为送达.
    # National law, not a jurisdiction's choice: no column in its row.
    public_notice_days: int = 30
    replanting_days: int = 180
    # Art. 64(2): 行政机关应当在举行听证的七日前，通知当事人及有关人员听证的时间、地点
    # (art. 85: 七日 are working days).
    hearing_notice_working_days: int = 7
    # 森林法 art. 81 names no period to replant again after a failed check: ours.
    replant_recheck_days: int = 90
    # 移送规定 art. 5(2): 应当自接到报告之日起３日内作出批准移送或者不批准移送的决定.
    referral_approval_days: int = 3
    # 移送规定 art. 5(2): carried to the police within 24 hours of the approval.
    referral_hours: int = 24
    # Art. 72(1): 每日按罚款数额的百分之三加处罚款，加处罚款的数额不得超出罚款的数额.
    surcharge_daily_rate: Decimal = Decimal("0.03")
    surcharge_cap_share: Decimal = Decimal(1)
    # 行政强制法 art. 51(2): 代履行三日前，催告当事人履行 (art. 69: working days).
    substitute_notice_working_days: int = 3
    # 行政诉讼法 art. 46(1): 应当自知道或者应当知道作出行政行为之日起六个月内提出 (the longest
    # of the periods 行政强制法 art. 53 waits for; 行政复议法 art. 20: sixty days).
    litigation_months: int = 6
    # 行政强制法 art. 53: 自期限届满之日起三个月内…申请人民法院强制执行.
    court_apply_months: int = 3
    # 行政强制法 art. 54: 催告书送达十日后当事人仍未履行义务的，行政机关可以…申请.
    court_demand_days: int = 10


def standard_of(jurisdiction_id: object) -> Standard:
    row = EnforcementStandard.objects.filter(jurisdiction_id=jurisdiction_id).first()
    if row is None:
        return Standard()
    return Standard(
        register_working_days=row.register_working_days,
        statement_working_days=row.statement_working_days,
        decision_days=row.decision_days,
        hearing_fine_person=row.hearing_fine_person,
        hearing_fine_organisation=row.hearing_fine_organisation,
        hearing_fine_inclusive=row.hearing_fine_inclusive,
        hearing_fine_source=row.hearing_fine_source or HEARING_FINE_SOURCE,
        publication_working_days=row.publication_working_days,
        fine_payment_days=row.fine_payment_days,
        decision_service_working_days=row.decision_service_working_days,
        public_notice_days=row.public_notice_days,
        replanting_days=row.replanting_days,
        hearing_notice_working_days=row.hearing_notice_working_days,
        replant_recheck_days=row.replant_recheck_days,
        referral_approval_days=row.referral_approval_days,
        referral_hours=row.referral_hours,
        surcharge_daily_rate=row.surcharge_daily_rate,
        surcharge_cap_share=row.surcharge_cap_share,
        substitute_notice_working_days=row.substitute_notice_working_days,
        litigation_months=row.litigation_months,
        court_apply_months=row.court_apply_months,
        court_demand_days=row.court_demand_days,
    )


def article_of(code: object, jurisdiction_id: object, field: str = "article") -> PenaltyArticle:
    """The jurisdiction's row of the article, else the national one (400 when neither)."""
    rows = PenaltyArticle.objects.filter(
        Q(jurisdiction_id=jurisdiction_id) | Q(jurisdiction__isnull=True), code=str(code or "")
    ).order_by("jurisdiction_id")
    found = sorted(rows, key=lambda a: a.jurisdiction_id is None)
    if not found:
        raise InvalidInput.on(field, "unknown", MSG_CASE_UNKNOWN_ARTICLE)
    return found[0]


def fine_range(article: PenaltyArticle, base_value: Decimal | None) -> tuple[Decimal, Decimal]:
    """The lowest and highest fine ``article`` allows: amounts, or multiples of the value."""
    if article.fine_basis == FineBasis.AMOUNT:
        return article.fine_min, article.fine_max
    if base_value is None or base_value <= 0:
        message = str(MSG_CASE_VALUE_REQUIRED).format(value=article.base_label)
        raise InvalidInput(problems=[Problem("base_value", "required", message)])
    return article.fine_min * base_value, article.fine_max * base_value


def fine_check(article: PenaltyArticle, fine: Decimal, base_value: Decimal | None) -> None:
    """400 naming the article when ``fine`` lies outside the range it allows (no fine is
    within it where the article says 可以处)."""
    if fine == 0 and article.fine_optional:
        return
    low, high = fine_range(article, base_value)
    if not low <= fine <= high:
        message = str(MSG_CASE_FINE_OUT_OF_RANGE).format(
            article=article.citation, low=f"{low:,.2f}", high=f"{high:,.2f}"
        )
        raise InvalidInput(problems=[Problem("fine", "out_of_range", message)])


# A span of days the 加处罚款 does not run, both ends counted in it; an open end runs on.
Pause = tuple[date, date | None]


def _days_running(due: date, day: date, pauses: Sequence[Pause]) -> int:
    """The days after ``due`` up to ``day`` outside every pause."""
    first = due + timedelta(days=1)
    if day < first:
        return 0
    spans = sorted((max(start, first), min(end or day, day)) for start, end in pauses)
    paused, reach = 0, due
    for start, end in spans:
        start = max(start, reach + timedelta(days=1))
        if start <= end:
            paused += (end - start).days + 1
        reach = max(reach, end)
    return (day - due).days - paused


def surcharge_owed(
    standard: Standard,
    fine: Decimal | None,
    fine_due: date | None,
    day: date,
    pauses: Sequence[Pause] = (),
) -> Decimal:
    """加处罚款 owed on ``day`` for a fine unpaid since ``fine_due`` (行政处罚法 art. 72(1)): each
    day after the due day the daily share of the fine, never more than the cap's share of it
    (行政强制法 art. 45(2): 不得超出金钱给付义务的数额), but no day of a pause: a deferral or
    instalments approved and honoured (art. 66(2)), a reconsideration or a suit pending (art.
    73(3)). Cents rounded half up."""
    if not fine or fine_due is None:
        return Decimal("0.00")
    days = _days_running(fine_due, day, pauses)
    owed = min(fine * standard.surcharge_daily_rate * days, fine * standard.surcharge_cap_share)
    return owed.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def surcharge_pauses(case: Case) -> list[Pause]:
    """The case's pauses of the 加处罚款: each deferral from its approval to its day (or to the
    instalment's day that was missed), each reconsideration or suit from its filing to its end."""
    # Through the related managers: a list that prefetched them reads no more rows.
    deferrals: list[PaymentDeferral] = list(case.payment_deferrals.all())
    pauses: list[Pause] = [(d.approved_on, d.missed_on or d.pay_by) for d in deferrals]
    reviews: list[CaseReview] = list(case.reviews.all())
    return pauses + [(r.filed_on, r.ended_on) for r in reviews]


def surcharge_as_of(case: Case, day: date, standard: Standard | None = None) -> Decimal:
    """The 加处罚款 of ``case`` on ``day``: what was owed when the fine was paid, else what is
    owed on ``day`` (``standard``: its jurisdiction's, when the caller has read it)."""
    standard = standard or standard_of(case.agency.jurisdiction_id)
    on = case.fine_paid_on or day
    return surcharge_owed(standard, case.fine, case.fine_due, on, surcharge_pauses(case))


def months_after(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day where it has none)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def court_period_end(standard: Standard, decided_on: date, deferred_to: date | None) -> date:
    """The last day of the period 行政强制法 art. 53 waits for: the party's time to sue
    (行政诉讼法 art. 46), or the end of a deferral or of instalments where later (行政处罚法
    art. 72(2): 自暂缓或者分期缴纳罚款期限结束之日起计算)."""
    end = months_after(decided_on, standard.litigation_months)
    return max(end, deferred_to) if deferred_to else end


def hearing_applies(standard: Standard, fine: Decimal, *, natural_person: bool) -> bool:
    """Art. 63(1): a large fine (较大数额罚款) gives the party the right to a hearing: above the
    standard's figure, or from it where the standard says 以上 (``hearing_fine_inclusive``)."""
    threshold = (
        standard.hearing_fine_person if natural_person else standard.hearing_fine_organisation
    )
    return fine >= threshold if standard.hearing_fine_inclusive else fine > threshold


def legal_review_required(*, hearing_right: bool, complex_case: bool) -> bool:
    """Art. 58: reviewed before the decision where a hearing could be held, or the officers found
    the case complex or of great public interest (58(1), (3)). Art. 58(2) asks it where the case
    "直接关系当事人或者第三人重大权益，经过听证程序的": the engine asks more (every case with a
    hearing right, heard or not), which the article does not forbid."""
    return hearing_right or complex_case


def hearing_awaited(case: Case) -> bool:
    """Art. 65: a hearing the party asked for and that was neither held nor waived (64(6))
    holds the decision back; the decision rests on its record."""
    if case.statement_kind != StatementKind.HEARING_REQUESTED:
        return False
    done = (CaseHearingStatus.HELD, CaseHearingStatus.WAIVED)
    return not CaseHearing.objects.filter(case=case, status__in=done).exists()


def referral_thresholds(jurisdiction_id: object) -> list[ReferralThreshold]:
    """The thresholds in force in the jurisdiction: its own rows, else the national ones, by
    code (移送规定 art. 3)."""
    rows = ReferralThreshold.objects.filter(
        Q(jurisdiction_id=jurisdiction_id) | Q(jurisdiction__isnull=True)
    )
    chosen: dict[str, ReferralThreshold] = {}
    for row in sorted(rows, key=lambda r: (r.code, r.jurisdiction_id is None)):
        chosen.setdefault(row.code, row)
    return list(chosen.values())


def referral_quantities(
    quantities: object, thresholds: list[ReferralThreshold]
) -> dict[str, Decimal]:
    """The quantities the officers established, by threshold code (400 naming the key of an
    unknown code or a quantity that is not a non-negative number)."""
    given = quantities if isinstance(quantities, dict) else {}
    if quantities not in (None, "") and not isinstance(quantities, dict):
        raise InvalidInput.on("quantities", "invalid", MSG_CASE_QUANTITY)
    codes = {t.code for t in thresholds}
    found: dict[str, Decimal] = {}
    for code, value in given.items():
        try:
            amount = Decimal(str(value))
        except ArithmeticError:
            amount = Decimal(-1)
        if code not in codes or not amount.is_finite() or not 0 <= amount < Decimal(10) ** 12:
            raise InvalidInput.on(f"quantities.{str(code)[:40]}", "invalid", MSG_CASE_QUANTITY)
        found[str(code)] = amount.quantize(Decimal("0.01"))
    return found


def thresholds_met(
    thresholds: list[ReferralThreshold], quantities: dict[str, Decimal]
) -> list[ReferralThreshold]:
    """The thresholds the established quantities reach each by itself."""
    return [t for t in thresholds if t.code in quantities and quantities[t.code] >= t.quantity]


@dataclass(frozen=True)
class Combination:
    """Quantities of one group reckoned together in proportion (法释〔2023〕8号 arts. 1(2)(3),
    4(1)(3), 6(1)(3): 数量虽未分别达到…标准，但按相应比例折算合计达到有关标准的)."""

    group: str
    rows: tuple[ReferralThreshold, ...]
    share: Decimal  # the sum of each quantity over its threshold: 1 or more reaches the group
    source: str

    @property
    def met(self) -> bool:
        return self.share >= 1

    def line(self, quantities: dict[str, Decimal]) -> str:
        parts = " + ".join(
            f"{display_zh(r, 'unit')} {quantities[r.code]}÷{r.quantity.normalize():f}"
            for r in self.rows
        )
        return f"{parts} = {self.share:.2f}"


def combinations(
    thresholds: list[ReferralThreshold], quantities: dict[str, Decimal]
) -> list[Combination]:
    """Each group with two or more of its quantities established, none reaching its threshold by
    itself (the clause's 虽未分别达到), with its proportional sum; whether it is reached is
    ``Combination.met``."""
    groups: dict[str, list[ReferralThreshold]] = {}
    for row in thresholds:
        if row.combine_group and quantities.get(row.code):
            groups.setdefault(row.combine_group, []).append(row)
    found = []
    for group, rows in sorted(groups.items()):
        if len(rows) < 2 or any(quantities[r.code] >= r.quantity for r in rows):
            continue
        share = sum((quantities[r.code] / r.quantity for r in rows), Decimal(0))
        source = next((r.combine_source for r in rows if r.combine_source), "")
        found.append(Combination(group, tuple(rows), share, source))
    return found


# ----------------------------------------- the same party's other cases (法释〔2023〕8号)


def same_party(case: Case) -> Q | None:
    """The cases of ``case``'s party: its credit code (clear), else its id number's keyed hash
    (``core.pii``, under each index key a rotation may leave); None before the party is named."""
    if case.party_credit_code:
        return Q(party_credit_code=case.party_credit_code)
    if case.party_id_number:
        candidates = pii_index_candidates(case.party_id_number, PARTY_ID_INDEX_PURPOSE)
        return Q(party_id_index__in=candidates, party_credit_code="")
    return None


def _party_cases(case: Case) -> QuerySet[Case]:
    party = same_party(case)
    if party is None:
        return Case.objects.none()
    # The jurisdiction's cases: its thresholds are the ones the sum is held against.
    return (
        Case.objects.filter(party, agency__jurisdiction_id=case.agency.jurisdiction_id)
        .exclude(pk=case.pk)
        .order_by("opened_at", "pk")
    )


@dataclass(frozen=True)
class EarlierCase:
    """An earlier case of the same party not dealt with (法释〔2023〕8号 第九条: 未经处理): not
    decided, not closed, not with the police; its quantities those the head last found on it
    (a 不予移送, or a referral the police sent back) within each threshold's years."""

    number: str
    opened_on: date
    quantities: dict[str, Decimal]

    def as_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "opened_on": self.opened_on.isoformat(),
            "quantities": {code: str(amount) for code, amount in self.quantities.items()},
        }


def _found_on(earlier: Case) -> dict[str, Any]:
    if earlier.referred_at is not None:
        return earlier.referral_quantities or {}
    return earlier.referral_declined_quantities or {}


def earlier_undealt(
    case: Case, thresholds: list[ReferralThreshold], today: date
) -> list[EarlierCase]:
    """The same party's cases opened before ``case`` and not dealt with (第九条), each with the
    quantities that count: those of a code whose threshold's ``prosecution_years`` (依法应当追诉,
    刑法 第八十七条) have not run since the earlier case was opened."""
    rows = _party_cases(case).filter(
        opened_at__lt=case.opened_at, status__in=REFERABLE, decided_at__isnull=True
    )
    by_code = {t.code: t for t in thresholds}
    found = []
    for earlier in rows:
        opened_on = timezone.localtime(earlier.opened_at).date()
        quantities = {}
        for code, value in _found_on(earlier).items():
            row = by_code.get(code)
            if row is not None and opened_on > years_before(today, row.prosecution_years):
                quantities[code] = Decimal(str(value))
        found.append(EarlierCase(earlier.number, opened_on, quantities))
    return found


def years_before(day: date, years: int) -> date:
    """The same day ``years`` before (28 February for a 29th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def added_up(found: dict[str, Decimal], earlier: list[EarlierCase]) -> dict[str, Decimal]:
    """This case's quantities with the earlier cases' added, code by code (累计计算)."""
    total = dict(found)
    for case in earlier:
        for code, amount in case.quantities.items():
            total[code] = total.get(code, Decimal(0)) + amount
    return total


@dataclass(frozen=True)
class Lowered:
    """The thresholds lowered for a party penalised before (第一条第二款第（四）项), and the
    penalty decisions that lowered them."""

    thresholds: list[ReferralThreshold]
    codes: dict[str, Decimal]
    penalties: list[str]


def repeat_lowered(case: Case, thresholds: list[ReferralThreshold]) -> Lowered:
    """Each threshold with a repeat rule whose party had ``repeat_penalties`` penalty decisions
    under one of its ``repeat_articles`` decided within ``repeat_years`` before this case was
    opened (曾…受过…行政处罚，又…: before the act, which the opening stands for), as an unsaved
    copy at ``repeat_share`` of its quantity; the others as they are."""
    party = _party_cases(case).filter(outcome=CaseOutcome.PENALTY, decided_at__lt=case.opened_at)
    opened_on = timezone.localtime(case.opened_at).date()
    chosen: list[ReferralThreshold] = []
    codes: dict[str, Decimal] = {}
    penalties: list[str] = []
    for row in thresholds:
        articles = [a.strip() for a in row.repeat_articles.split(",") if a.strip()]
        if not row.repeat_penalties or not articles:
            chosen.append(row)
            continue
        since = timezone.make_aware(
            datetime.combine(years_before(opened_on, row.repeat_years), time.min)
        )
        numbers = list(
            party.filter(article__code__in=articles, decided_at__gte=since).values_list(
                "number", flat=True
            )
        )
        if len(numbers) < row.repeat_penalties:
            chosen.append(row)
            continue
        lowered = copy.copy(row)
        lowered.quantity = (row.quantity * row.repeat_share).quantize(Decimal("0.01"))
        chosen.append(lowered)
        codes[row.code] = lowered.quantity
        penalties += [n for n in numbers if n not in penalties]
    return Lowered(chosen, codes, penalties)


@dataclass(frozen=True)
class Reckoning:
    """What a referral or a 不予移送 holds the thresholds against: this case's quantities
    (``own``), the earlier cases added (``total``), the thresholds as lowered."""

    own: dict[str, Decimal]
    total: dict[str, Decimal]
    earlier: list[EarlierCase]
    lowered: Lowered

    @property
    def thresholds(self) -> list[ReferralThreshold]:
        return self.lowered.thresholds

    def as_json(self) -> dict[str, Any]:
        return {
            "earlier": [e.as_json() for e in self.earlier],
            "lowered": {code: str(q) for code, q in self.lowered.codes.items()},
            "penalties": self.lowered.penalties,
        }


def reckon(case: Case, quantities: object, today: date) -> Reckoning:
    """The quantities given (400 on a bad one), the earlier cases' added, the thresholds of the
    case's jurisdiction lowered where the party's penalties lower them."""
    thresholds = referral_thresholds(case.agency.jurisdiction_id)
    own = referral_quantities(quantities, thresholds)
    earlier = earlier_undealt(case, thresholds, today)
    lowered = repeat_lowered(case, thresholds)
    return Reckoning(own, added_up(own, earlier), earlier, lowered)
