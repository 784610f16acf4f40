"""The fine collected (issue 48 leftovers): the 加处罚款's pauses (行政处罚法 arts. 66(2),
73(3)) computed across their edges, the acts that record them, and the application to the
people's court (行政强制法 arts. 53-55) with its periods (counted from the 催告书's service,
art. 54: 催告书送达十日后), its claims and the court's ruling."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.utils import translation

from audit.models import AuditEvent
from core.errors import InvalidInput, NotAllowed, NotVisible, StateConflict
from core.messages import MSG_CASE_COURT_DEMAND_UNSERVED, MSG_CASE_INSTALMENTS
from documents import content
from documents.pdf_files import document_pdf
from enforcement import collection, law, services, serving
from enforcement.models import (
    Case,
    CaseDocument,
    CaseDocumentKind,
    CaseStatus,
    CourtEnforcement,
    SubstitutePerformance,
)
from enforcement.selectors import case_overdue, cases_overdue
from tests.enforcement.test_cases import client_of
from tests.enforcement.test_execution import cited_unquoted
from tests.enforcement.test_replanting import decided

pytestmark = pytest.mark.django_db

DUE = date(2026, 3, 1)
FINE = Decimal("6000")
A_DAY = Decimal("180.00")  # 3 % of 6,000


def owed(day: date, *pauses) -> Decimal:
    return law.surcharge_owed(law.Standard(), FINE, DUE, day, pauses)


def d(n: int) -> date:
    """The ``n``th day of March 2026 (the fine due on the 1st)."""
    return DUE + timedelta(days=n - 1)


@pytest.mark.parametrize(
    ("pauses", "day", "days_running"),
    [
        ((), d(10), 9),
        # A pause starting on the due day: the 2nd to the 5th not counted.
        (((d(1), d(5)),), d(10), 5),
        # A pause ending on the due day (approved before it): nothing after the due day paused.
        (((d(-10), d(1)),), d(10), 9),
        # Ending on the day asked: the days up to it paused, none after.
        (((d(5), d(10)),), d(10), 3),
        (((d(5), d(10)),), d(11), 4),
        # Starting on the day asked: that day not counted.
        (((d(10), d(20)),), d(10), 8),
        # Starting the day after the due day and still open.
        (((d(2), None),), d(10), 0),
        (((d(4), None),), d(10), 2),
        # Overlapping and nested pauses count each day once.
        (((d(3), d(6)), (d(5), d(8)), (d(4), d(4))), d(10), 3),
        # A pause entirely after the day asked changes nothing.
        (((d(12), d(15)),), d(10), 9),
        # A one-day pause.
        (((d(7), d(7)),), d(10), 8),
    ],
)
def test_the_surcharge_skips_the_paused_days(pauses, day, days_running):
    assert owed(day, *pauses) == A_DAY * days_running


def test_the_cap_holds_across_pauses():
    # 40 days with 5 paused are 35 running: 6,300 above the cap, so the fine.
    assert owed(d(41), (d(10), d(14))) == FINE
    assert owed(DUE, (d(1), None)) == Decimal("0.00")


@pytest.fixture
def officers(articles, head_my, reviewer_my, reviewer_my2):
    return head_my, reviewer_my, reviewer_my2


def _instalments(today: date) -> list[dict[str, object]]:
    return [
        {"due": today + timedelta(days=30), "amount": "2000"},
        {"due": today + timedelta(days=60), "amount": "4000"},
    ]


def test_a_deferral_holds_the_surcharge_until_its_day(officers):
    head_my, reviewer_my, _ = officers
    case = decided(head_my, reviewer_my)
    assert case.fine_due is not None
    late = case.fine_due + timedelta(days=2)  # two days' surcharge already owed
    pay_by = late + timedelta(days=20)
    with time_machine.travel(late, tick=False):
        with pytest.raises(NotAllowed):  # the head approves (art. 66(2): 行政机关批准)
            collection.case_payment_defer(
                case_id=case.pk,
                by=reviewer_my,
                kind="deferred",
                applied_on=late,
                reason="家庭遭灾",
                pay_by=pay_by,
            )
        with pytest.raises(InvalidInput) as bad:
            collection.case_payment_defer(
                case_id=case.pk,
                by=head_my,
                kind="deferred",
                applied_on="",
                reason="",
                pay_by=late,
            )
        assert {p.field for p in bad.value.problems} == {"applied_on", "reason", "pay_by"}
        deferral = collection.case_payment_defer(
            case_id=case.pk,
            by=head_my,
            kind="deferred",
            applied_on=late,
            reason="家庭遭灾",
            pay_by=pay_by,
        )
        printed = deferral.document.content["document"]
        assert printed["title"] == "暂缓缴纳罚款批准书"
        assert "家庭遭灾" in "".join(printed["paragraphs"])
        assert document_pdf(deferral.document.content).startswith(b"%PDF")
        with pytest.raises(StateConflict) as again:
            collection.case_payment_defer(
                case_id=case.pk,
                by=head_my,
                kind="deferred",
                applied_on=late,
                reason="再次申请",
                pay_by=pay_by,
            )
        assert again.value.problems[0].code == "deferral_open"
    case = Case.objects.get(pk=case.pk)
    # Approved on the third day after the due day: that day and the deferral's are paused.
    assert law.surcharge_as_of(case, late - timedelta(days=1)) == A_DAY
    assert law.surcharge_as_of(case, late) == A_DAY
    assert law.surcharge_as_of(case, pay_by) == A_DAY
    assert law.surcharge_as_of(case, pay_by + timedelta(days=1)) == A_DAY * 2
    # Deferred, the fine is not overdue until the deferral's day; after it, it is (the tick).
    assert "fine" not in case_overdue(case, pay_by)
    assert case_overdue(case, pay_by + timedelta(days=1))["fine"] == pay_by
    assert cases_overdue(pay_by) == []
    assert cases_overdue(pay_by + timedelta(days=1)) == [case.pk]
    # The fine paid within the deferral settles one day's surcharge.
    with time_machine.travel(pay_by, tick=False):
        services.case_execute(case_id=case.pk, by=reviewer_my, fine_paid_on=pay_by)
    assert Case.objects.get(pk=case.pk).surcharge_paid == A_DAY


def test_a_missed_instalment_resumes_the_surcharge(officers):
    head_my, reviewer_my, _ = officers
    case = decided(head_my, reviewer_my)
    today = date.today()
    with pytest.raises(InvalidInput) as short:  # together less than the fine
        collection.case_payment_defer(
            case_id=case.pk,
            by=head_my,
            kind="instalments",
            applied_on=today,
            reason="经营困难",
            instalments=[{"due": today + timedelta(days=30), "amount": "2000"}] * 2,
        )
    assert short.value.problems[0].message == str(MSG_CASE_INSTALMENTS)
    rows = _instalments(today)
    deferral = collection.case_payment_defer(
        case_id=case.pk,
        by=head_my,
        kind="instalments",
        applied_on=today,
        reason="经营困难",
        instalments=rows,
    )
    assert deferral.pay_by == rows[-1]["due"]
    items = deferral.document.content["document"]["items"]
    assert len(items) == 2 and "2,000.00元" in items[0]
    first_due = rows[0]["due"]
    with pytest.raises(InvalidInput):  # not passed yet
        collection.case_instalment_missed(case_id=case.pk, by=reviewer_my, due=first_due)
    with time_machine.travel(first_due + timedelta(days=1), tick=False):
        with pytest.raises(InvalidInput):  # not an instalment's day
            collection.case_instalment_missed(
                case_id=case.pk, by=reviewer_my, due=first_due - timedelta(days=1)
            )
        collection.case_instalment_missed(case_id=case.pk, by=reviewer_my, due=first_due)
        with pytest.raises(StateConflict) as twice:
            collection.case_instalment_missed(case_id=case.pk, by=reviewer_my, due=first_due)
        assert twice.value.problems[0].code == "no_instalments"
    case = Case.objects.get(pk=case.pk)
    assert law.surcharge_as_of(case, first_due) == 0
    assert law.surcharge_as_of(case, first_due + timedelta(days=3)) == A_DAY * 3
    # A missed instalment makes the fine overdue from its day, not from the last instalment's.
    assert case_overdue(case, first_due + timedelta(days=1))["fine"] == first_due


def test_a_reconsideration_pauses_the_surcharge_and_its_end_resumes_it(officers):
    head_my, reviewer_my, _ = officers
    case = decided(head_my, reviewer_my)
    assert case.fine_due is not None
    filed = case.fine_due + timedelta(days=3)
    ended = filed + timedelta(days=40)
    with time_machine.travel(filed, tick=False):
        with pytest.raises(InvalidInput) as bad:
            collection.case_review_file(
                case_id=case.pk, by=reviewer_my, kind="appeal", body="", filed_on="x"
            )
        assert {p.field for p in bad.value.problems} == {"kind", "body", "filed_on"}
        collection.case_review_file(
            case_id=case.pk,
            by=reviewer_my,
            kind="reconsideration",
            body="北京市密云区人民政府",
            filed_on=filed,
        )
        with pytest.raises(StateConflict) as pending:
            collection.case_review_file(
                case_id=case.pk,
                by=reviewer_my,
                kind="litigation",
                body="密云区人民法院",
                filed_on=filed,
            )
        assert pending.value.problems[0].code == "review_pending"
        shown = client_of(head_my).get(f"/api/v1/cases/{case.pk}/").json()
        assert shown["surcharge_owed"] == str(A_DAY * 2)
        assert shown["reviews"][0]["kind"] == "reconsideration"
    case = Case.objects.get(pk=case.pk)
    assert law.surcharge_as_of(case, ended) == A_DAY * 2  # still pending: paused
    with time_machine.travel(ended, tick=False):
        with pytest.raises(InvalidInput):
            collection.case_review_end(
                case_id=case.pk,
                by=reviewer_my,
                ended_on=filed - timedelta(days=1),
                outcome="upheld",
            )
        collection.case_review_end(
            case_id=case.pk, by=reviewer_my, ended_on=ended, outcome="upheld"
        )
    case = Case.objects.get(pk=case.pk)
    assert case.status == CaseStatus.DECIDED
    assert law.surcharge_as_of(case, ended) == A_DAY * 2
    assert law.surcharge_as_of(case, ended + timedelta(days=1)) == A_DAY * 3


def test_a_revoked_decision_ends_the_execution(officers):
    head_my, reviewer_my, _ = officers
    case = decided(head_my, reviewer_my)
    today = date.today()
    collection.case_review_file(
        case_id=case.pk, by=reviewer_my, kind="litigation", body="密云区人民法院", filed_on=today
    )
    collection.case_review_end(
        case_id=case.pk, by=reviewer_my, ended_on=today, outcome="revoked", note="事实不清"
    )
    case = Case.objects.get(pk=case.pk)
    assert case.status == CaseStatus.CLOSED and case.closed_at is not None
    event = AuditEvent.objects.filter(details__case_id=case.pk).order_by("-seq").first()
    assert event is not None and event.action == "case_review_ended"
    assert event.details["outcome"] == "revoked"
    with pytest.raises(StateConflict):
        collection.case_court_demand(case_id=case.pk, by=head_my)


def test_a_changed_fine_is_the_fine_executed_and_never_heavier(officers):
    head_my, reviewer_my, _ = officers
    case = decided(head_my, reviewer_my)
    today = date.today()
    collection.case_review_file(
        case_id=case.pk,
        by=reviewer_my,
        kind="reconsideration",
        body="北京市密云区人民政府",
        filed_on=today,
    )
    end = {"case_id": case.pk, "by": reviewer_my, "ended_on": today, "outcome": "changed"}
    # Heavier than decided (6,000), or not a sum: 400 on the fine, the review still pending.
    for fine in ("6000.01", "-1", "abc", "NaN"):
        with pytest.raises(InvalidInput) as refused:
            collection.case_review_end(**end, fine=fine)
        assert refused.value.problems[0].field == "fine"
    assert Case.objects.get(pk=case.pk).reviews.get().ended_on is None
    review = collection.case_review_end(**end, fine="4000", note="裁量明显不当，变更罚款")
    assert (review.fine_before, review.fine_after) == (Decimal("6000.00"), Decimal("4000.00"))
    case = Case.objects.get(pk=case.pk)
    assert case.fine == Decimal("4000.00")
    event = AuditEvent.objects.filter(action="case_review_ended").get()
    assert (event.details["fine_before"], event.details["fine_after"]) == ("6000.00", "4000.00")
    # Changed in another respect (no fine given): the fine stands.
    other = decided(head_my, reviewer_my)
    collection.case_review_file(
        case_id=other.pk,
        by=reviewer_my,
        kind="litigation",
        body="密云区人民法院",
        filed_on=today,
    )
    collection.case_review_end(case_id=other.pk, by=reviewer_my, ended_on=today, outcome="changed")
    assert Case.objects.get(pk=other.pk).fine == Decimal("6000.00")


def serve_demand(case: Case, by, day: date | None = None):
    """The 催告书 handed to the party on ``day`` (today): the court's days run from it."""
    demand = CaseDocument.objects.get(case=case, kind=CaseDocumentKind.COURT_DEMAND)
    return serving.case_serve(
        case_id=case.pk,
        by=by,
        document=demand.pk,
        method="direct",
        served_on=day or date.today(),
        recipient="张三丰",
    )


def _substitute_cost(case: Case, cost: str) -> None:
    paper = CaseDocument.objects.create(
        case=case,
        kind=CaseDocumentKind.SUBSTITUTE_DECISION,
        number=f"T{case.pk}",
        issuing_agency=case.agency,
        chain_head_hash="0" * 64,
    )
    SubstitutePerformance.objects.create(
        case=case,
        reason="逾期未补种",
        performer="绿化工程队",
        method="补种油松",
        party_address="密云区",
        performed_on=date.today(),
        trees=36,
        cost_budget=Decimal(cost),
        decision=paper,
        decided_by=case.decided_by,
        done_on=date.today(),
        cost=Decimal(cost),
    )


def test_the_court_is_applied_to_within_its_days_after_a_demand(officers):
    head_my, reviewer_my, _ = officers
    case = decided(head_my, reviewer_my)
    assert case.fine_due is not None
    with pytest.raises(StateConflict) as early:  # the fine not yet due
        collection.case_court_demand(case_id=case.pk, by=head_my)
    assert early.value.problems[0].code == "nothing_owed"
    with pytest.raises(StateConflict) as first:
        collection.case_court_apply(case_id=case.pk, by=head_my, court="密云区人民法院")
    assert first.value.problems[0].code == "court_demand_first"
    _substitute_cost(case, "6800")
    demand_day = case.fine_due + timedelta(days=5)
    decided_on = date.today()
    period_end = law.months_after(decided_on, 6)
    with time_machine.travel(demand_day, tick=False):
        with pytest.raises(NotAllowed):
            collection.case_court_demand(case_id=case.pk, by=reviewer_my)
        court = collection.case_court_demand(case_id=case.pk, by=head_my)
        assert court.apply_from == period_end + timedelta(days=1)
        assert court.apply_by == law.months_after(period_end, 3)
        printed = court.demand.content["document"]
        assert printed["title"] == "催告书"
        assert cited_unquoted(printed) == set()  # arts. 35 and 54 both quoted
        assert any("6,800.00元" in line for line in printed["items"])
        assert any("加处罚款900.00元" in line for line in printed["items"])
        with pytest.raises(StateConflict) as twice:
            collection.case_court_demand(case_id=case.pk, by=head_my)
        assert twice.value.problems[0].code == "court_demanded"
        serve_demand(case, reviewer_my)  # handed over the day it is issued
    with time_machine.travel(period_end, tick=False):
        with pytest.raises(StateConflict) as too_early:  # the party may still sue today
            collection.case_court_apply(case_id=case.pk, by=head_my, court="密云区人民法院")
        assert too_early.value.problems[0].code == "court_too_early"
        assert court.apply_from.isoformat() in too_early.value.problems[0].message
    with time_machine.travel(court.apply_from, tick=False):
        with pytest.raises(NotAllowed):
            collection.case_court_apply(case_id=case.pk, by=reviewer_my, court="密云区人民法院")
        with pytest.raises(InvalidInput) as nameless:
            collection.case_court_apply(case_id=case.pk, by=head_my, court=" ")
        assert nameless.value.problems[0].field == "court"
        applied = collection.case_court_apply(case_id=case.pk, by=head_my, court="密云区人民法院")
        assert applied.fine_claimed == FINE
        assert applied.surcharge_claimed == FINE  # capped by now
        assert applied.substitute_cost_claimed == Decimal("6800.00")
        assert applied.application is not None
        letter = applied.application.content["document"]
        text = "".join(letter["paragraphs"])
        assert letter["title"] == "强制执行申请书" and letter["addressee"] == "密云区人民法院"
        served = f"该催告书于{content.chinese_date(demand_day)}送达"
        for part in ("代履行费用6,800.00元", court.demand.number, "被申请人", served):
            assert part in text
        assert any("负责人" in line for line in letter["closing"])
        assert document_pdf(applied.application.content).startswith(b"%PDF")
        with pytest.raises(StateConflict) as again:
            collection.case_court_apply(case_id=case.pk, by=head_my, court="密云区人民法院")
        assert again.value.problems[0].code == "court_applied"
        with pytest.raises(InvalidInput) as bad:
            collection.case_court_ruling(
                case_id=case.pk, by=reviewer_my, ruling="maybe", ruled_on="2020-01-01"
            )
        assert {p.field for p in bad.value.problems} == {"ruling", "ruled_on"}
        collection.case_court_ruling(
            case_id=case.pk, by=reviewer_my, ruling="granted", ruled_on=court.apply_from
        )
    case = Case.objects.get(pk=case.pk)
    assert case.status == CaseStatus.DECIDED  # the court enforces; paid, it is executed


def test_the_court_period_closes_three_months_after(officers):
    head_my, reviewer_my, _ = officers
    case = decided(head_my, reviewer_my)
    assert case.fine_due is not None
    with time_machine.travel(case.fine_due + timedelta(days=1), tick=False):
        court = collection.case_court_demand(case_id=case.pk, by=head_my)
        serve_demand(case, reviewer_my)
    with time_machine.travel(court.apply_by + timedelta(days=1), tick=False):
        with pytest.raises(StateConflict) as late:
            collection.case_court_apply(case_id=case.pk, by=head_my, court="密云区人民法院")
        assert late.value.problems[0].code == "court_too_late"
    assert CourtEnforcement.objects.get(case=case).applied_on is None


def test_a_refused_enforcement_closes_the_case(officers):
    head_my, reviewer_my, _ = officers
    case = decided(head_my, reviewer_my)
    assert case.fine_due is not None
    with time_machine.travel(case.fine_due + timedelta(days=1), tick=False):
        court = collection.case_court_demand(case_id=case.pk, by=head_my)
        serve_demand(case, reviewer_my)
    with time_machine.travel(court.apply_from, tick=False):
        with pytest.raises(StateConflict) as none:
            collection.case_court_ruling(
                case_id=case.pk, by=reviewer_my, ruling="refused", ruled_on=court.apply_from
            )
        assert none.value.problems[0].code == "court_not_applied"
        collection.case_court_apply(case_id=case.pk, by=head_my, court="密云区人民法院")
        collection.case_court_ruling(
            case_id=case.pk,
            by=reviewer_my,
            ruling="refused",
            ruled_on=court.apply_from,
            note="明显缺乏事实根据",
        )
    case = Case.objects.get(pk=case.pk)
    assert case.status == CaseStatus.CLOSED


def test_the_court_waits_for_the_demands_service_and_counts_from_it(officers):
    # 行政强制法 art. 54: 催告书送达十日后当事人仍未履行义务的，行政机关可以…申请强制执行.
    head_my, reviewer_my, _ = officers
    case = decided(head_my, reviewer_my)
    assert case.fine_due is not None
    with time_machine.travel(case.fine_due + timedelta(days=1), tick=False):
        court = collection.case_court_demand(case_id=case.pk, by=head_my)
    # The days set as if the demand were served the day it was issued: the time to sue rules.
    counted_from_issue, last = court.apply_from, court.apply_by
    with time_machine.travel(counted_from_issue, tick=False):
        # Not served: refused on the day the court would otherwise be open, and not offered.
        with pytest.raises(StateConflict) as unserved:
            collection.case_court_apply(case_id=case.pk, by=head_my, court="密云区人民法院")
        assert unserved.value.problems[0].code == "court_demand_unserved"
        assert unserved.value.problems[0].message == str(MSG_CASE_COURT_DEMAND_UNSERVED)
        assert not collection.court_apply_open(case, court, counted_from_issue)
        assert collection.demand_served_on(court) is None
        serve_demand(case, reviewer_my)  # served months after it was issued
    court = CourtEnforcement.objects.get(case=case)
    assert collection.demand_served_on(court) == counted_from_issue
    # The first day moves to ten days after the service; art. 53's three months do not.
    assert court.apply_from == counted_from_issue + timedelta(days=10)
    assert court.apply_by == last
    event = AuditEvent.objects.filter(action="case_served").latest("pk")
    assert event.details["document_kind"] == CaseDocumentKind.COURT_DEMAND
    assert event.details["apply_from"] == court.apply_from.isoformat()
    assert event.details["apply_by"] == last.isoformat()
    day_before = court.apply_from - timedelta(days=1)
    with time_machine.travel(day_before, tick=False):
        assert not collection.court_apply_open(case, court, day_before)
        with pytest.raises(StateConflict) as early:
            collection.case_court_apply(case_id=case.pk, by=head_my, court="密云区人民法院")
        assert early.value.problems[0].code == "court_too_early"
        assert court.apply_from.isoformat() in early.value.problems[0].message
    with time_machine.travel(court.apply_from, tick=False):
        assert collection.court_apply_open(case, court, court.apply_from)
        applied = collection.case_court_apply(case_id=case.pk, by=head_my, court="密云区人民法院")
    assert applied.applied_on == court.apply_from


def test_the_doors_wait_for_the_demands_service_too(officers):
    head_my, reviewer_my, _ = officers
    case = decided(head_my, reviewer_my)
    assert case.fine_due is not None
    with time_machine.travel(case.fine_due + timedelta(days=1), tick=False):
        court = collection.case_court_demand(case_id=case.pk, by=head_my)
    base = f"/api/v1/cases/{case.pk}"
    head, official = client_of(head_my), client_of(reviewer_my)

    def page() -> str:
        browser = Client()
        browser.force_login(head_my)
        return browser.get(f"/cases/{case.pk}/").content.decode()

    day = court.apply_from
    with time_machine.travel(day, tick=False):
        text = page()
        assert 'value="court_application"' not in text
        assert 'id="case-court-demand-unserved"' in text
        answer = head.post(f"{base}/court-application/", {"court": "密云区人民法院"}, format="json")
        assert answer.status_code == 409
        assert answer.json()["errors"][0]["code"] == "court_demand_unserved"
        assert CourtEnforcement.objects.get(case=case).applied_on is None
        demand = CaseDocument.objects.get(case=case, kind=CaseDocumentKind.COURT_DEMAND)
        body = {
            "document": demand.pk,
            "method": "direct",
            "served_on": day.isoformat(),
            "recipient": "张三丰",
        }
        answer = official.post(f"{base}/service/", body, format="json")
        assert answer.status_code == 200, answer.content
        moved = (day + timedelta(days=10)).isoformat()
        assert answer.json()["court_enforcement"]["apply_from"] == moved
        text = page()
        assert 'id="case-court-demand-unserved"' not in text
        assert 'value="court_application"' not in text  # served today: ten days to wait
        answer = head.post(f"{base}/court-application/", {"court": "密云区人民法院"}, format="json")
        assert answer.status_code == 409
        assert answer.json()["errors"][0]["code"] == "court_too_early"
    with time_machine.travel(day + timedelta(days=10), tick=False):
        assert 'value="court_application"' in page()
        answer = head.post(f"{base}/court-application/", {"court": "密云区人民法院"}, format="json")
        assert answer.status_code == 200, answer.content
        assert answer.json()["court_enforcement"]["applied_on"] == moved


def test_a_deferral_moves_the_court_period(officers):
    head_my, reviewer_my, _ = officers
    case = decided(head_my, reviewer_my)
    far = law.months_after(date.today(), 7)
    # Art. 72(2): the period runs from the end of the deferral where later.
    standard = law.standard_of(case.agency.jurisdiction_id)
    assert law.court_period_end(standard, date.today(), far) == far
    assert law.court_period_end(standard, date.today(), None) == law.months_after(date.today(), 6)
    assert law.months_after(date(2026, 8, 31), 6) == date(2027, 2, 28)


def test_the_doors_look_the_case_up_first(officers, reviewer_yq):
    head_my, reviewer_my, _ = officers
    case = decided(head_my, reviewer_my)
    assert case.fine_due is not None
    with pytest.raises(NotVisible):  # another agency's official does not see it
        collection.case_review_file(
            case_id=case.pk, by=reviewer_yq, kind="litigation", body="法院", filed_on=date.today()
        )
    base = f"/api/v1/cases/{case.pk}"
    stranger = client_of(reviewer_yq)
    for door in (
        "payment-deferral",
        "instalment-missed",
        "review-filed",
        "review-ended",
        "court-demand",
        "court-application",
        "court-ruling",
    ):
        assert stranger.post(f"{base}/{door}/", {}, format="json").status_code == 404, door
    head = client_of(head_my)
    bad = head.post(f"{base}/review-filed/", {"kind": "appeal"}, format="json")
    assert bad.status_code == 400
    assert client_of(reviewer_my).post(f"{base}/court-demand/").status_code == 403
    with time_machine.travel(case.fine_due + timedelta(days=1), tick=False):
        answer = head.post(f"{base}/court-demand/")
        assert answer.status_code == 200, answer.content
        court = answer.json()["court_enforcement"]
        assert court["demand_number"] and court["applied_on"] is None
        answer = head.post(f"{base}/court-application/", {"court": "密云区人民法院"}, format="json")
        assert answer.status_code == 409  # the demand not served yet, nor the time to sue over
        assert answer.json()["errors"][0]["code"] == "court_demand_unserved"
        answer = head.post(
            f"{base}/payment-deferral/",
            {
                "kind": "instalments",
                "applied_on": date.today().isoformat(),
                "reason": "经营困难",
                "instalments": [
                    {"due": (date.today() + timedelta(days=10)).isoformat(), "amount": "3000"},
                    {"due": (date.today() + timedelta(days=20)).isoformat(), "amount": "3000"},
                ],
            },
            format="json",
        )
        assert answer.status_code == 200, answer.content
        assert len(answer.json()["payment_deferrals"][0]["instalments"]) == 2


def test_the_case_page_offers_the_collection_forms(client, officers):
    head_my, reviewer_my, _ = officers
    case = decided(head_my, reviewer_my)
    today = date.today()
    client.force_login(head_my)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    # The fine not due yet: no demand before the court (行政强制法 art. 54), the day after it one.
    assert 'value="payment_deferral"' in page and 'value="court_demand"' not in page
    assert case.fine_due is not None
    with time_machine.travel(case.fine_due + timedelta(days=1), tick=False):
        late = Client()
        late.force_login(head_my)
        assert 'value="court_demand"' in late.get(f"/cases/{case.pk}/").content.decode()
    short = client.post(
        f"/cases/{case.pk}/",
        {
            "action": "payment_deferral",
            "kind": "instalments",
            "applied_on": today.isoformat(),
            "reason": "经营困难",
            "instalments": f"{(today + timedelta(days=10)).isoformat()} 1000",
        },
    )
    with translation.override("zh-hans"):
        message = str(MSG_CASE_INSTALMENTS)
    assert short.status_code == 200 and message in short.content.decode()
    lines = "\n".join(f"{(today + timedelta(days=n)).isoformat()} 3000" for n in (10, 20))
    answer = client.post(
        f"/cases/{case.pk}/",
        {
            "action": "payment_deferral",
            "kind": "instalments",
            "applied_on": today.isoformat(),
            "reason": "经营困难",
            "instalments": lines,
        },
    )
    assert answer.status_code == 302
    deferral = Case.objects.get(pk=case.pk).payment_deferrals.get()
    assert [row["amount"] for row in deferral.instalments] == ["3000.00", "3000.00"]
    client.force_login(reviewer_my)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'value="review_filed"' in page and 'value="court_demand"' not in page
    assert deferral.document.number in page
    answer = client.post(
        f"/cases/{case.pk}/",
        {
            "action": "review_filed",
            "kind": "litigation",
            "body": "密云区人民法院",
            "filed_on": today.isoformat(),
        },
    )
    assert answer.status_code == 302
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'value="review_ended"' in page and "密云区人民法院" in page
