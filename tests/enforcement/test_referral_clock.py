"""The referral's clock and its reckoning (issue 48 leftovers): the officers' report to the head,
decided within 3 days, and the approved referral carried within 24 hours (移送规定 art. 5), told
once by the overdue tick; the same party's earlier cases not dealt with added up (法释〔2023〕8号
第九条); an occupation threshold halved after two penalties within two years (第一条第二款
第（四）项)."""

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from audit.models import AuditEvent
from core.errors import InvalidInput, StateConflict
from core.messages import (
    MSG_CASE_RECEIVED_DAY,
    MSG_CASE_REFERRAL_REPORT,
    MSG_CASE_REPORT_PENDING,
)
from core.pii import pii_index
from enforcement import referrals, services
from enforcement.jobs import cases_overdue_report
from enforcement.models import (
    PARTY_ID_INDEX_PURPOSE,
    Case,
    CaseDocumentKind,
    CaseOutcome,
    EnforcementStandard,
    PenaltyArticle,
)
from enforcement.selectors import referral_step_due
from permits.models import Notification
from tests.enforcement.test_cases import EVIDENCE, PERSON, opened
from tests.enforcement.test_referral import client_of, refer

pytestmark = pytest.mark.django_db

FROZEN = timezone.make_aware(datetime(2026, 3, 2, 10, 0))
COMPANY = {"name": "密云某建材有限公司", "credit_code": "91110228MA0123456L"}


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def registered(head, reviewer, party=PERSON, facts="无证采伐油松"):
    case = opened(head, facts=facts)
    services.case_register(case_id=case.pk, by=head, party=party)
    services.case_evidence(
        case_id=case.pk, by=reviewer, officers=["district_my", "district_my2"], evidence=EVIDENCE
    )
    return Case.objects.get(pk=case.pk)


def report(case, by, text="专案组核实：盗伐立木蓄积约6立方米，涉嫌盗伐林木罪"):
    return referrals.case_referral_report(case_id=case.pk, by=by, report=text)


def told(period):
    return AuditEvent.objects.filter(action="case_overdue", details__period=period)


# -------------------------------------------------------------- the 3 days (art. 5(2))


def test_the_report_starts_the_heads_three_days_told_once_when_passed(
    articles, head_my, reviewer_my, reviewer_my2
):
    with time_machine.travel(FROZEN, tick=False):
        case = registered(head_my, reviewer_my)
        case = report(case, reviewer_my)
    assert case.to_refer and case.referral_reported_by == reviewer_my
    assert case.referral_approval_due == date(2026, 3, 5)
    step = referral_step_due(case)
    assert (step.step, step.day) == ("approval", date(2026, 3, 5))
    assert Notification.objects.filter(recipient=head_my, message__contains="2026-03-05").exists()
    assert cases_overdue_report(_at(date(2026, 3, 5))) == 0
    assert cases_overdue_report(_at(date(2026, 3, 6))) == 1
    assert told("referral_approval").get().details["due"] == "2026-03-05"
    assert cases_overdue_report(_at(date(2026, 3, 7))) == 0  # once
    overdue = Notification.objects.filter(recipient=head_my, kind="overdue")
    assert overdue.count() == 1 and case.number in overdue.get().message


def test_a_standard_row_sets_the_heads_days(articles, head_my, reviewer_my, reviewer_my2):
    EnforcementStandard.objects.create(
        jurisdiction_id=head_my.memberships.get().agency.jurisdiction_id,
        register_working_days=15,
        statement_working_days=5,
        decision_days=90,
        hearing_fine_person=10_000,
        hearing_fine_organisation=100_000,
        publication_working_days=7,
        fine_payment_days=15,
        replanting_days=180,
        referral_approval_days=5,
    )
    with time_machine.travel(FROZEN, tick=False):
        case = report(registered(head_my, reviewer_my), reviewer_my)
    assert case.referral_approval_due == date(2026, 3, 7)


def test_a_decided_report_is_no_longer_awaited(articles, head_my, reviewer_my, reviewer_my2):
    with time_machine.travel(FROZEN, tick=False):
        case = report(registered(head_my, reviewer_my), reviewer_my)
        referrals.case_referral_decline(
            case_id=case.pk, by=head_my, reasons="蓄积不足", quantities={"theft-stock": "2"}
        )
    assert referral_step_due(Case.objects.get(pk=case.pk)) is None
    assert cases_overdue_report(_at(date(2026, 3, 9))) == 0


def test_the_report_refused_blank_twice_or_once_referred(
    articles, head_my, reviewer_my, reviewer_my2
):
    case = registered(head_my, reviewer_my)
    answer = client_of(reviewer_my).post(
        f"/api/v1/cases/{case.pk}/referral-report/", {"report": " "}, format="json"
    )
    assert answer.status_code == 400
    error = answer.json()["errors"][0]
    assert error["field"] == "report" and error["message"] == str(MSG_CASE_REFERRAL_REPORT)
    assert not Case.objects.get(pk=case.pk).to_refer  # nothing changed
    answer = client_of(reviewer_my).post(
        f"/api/v1/cases/{case.pk}/referral-report/", {"report": "涉嫌盗伐"}, format="json"
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["to_refer"] is True and body["referral_step_due"]["step"] == "approval"
    assert body["referral_step_due"]["due"] == body["referral_approval_due"]
    with pytest.raises(StateConflict) as again:
        report(case, reviewer_my)
    assert again.value.problems[0].message == str(MSG_CASE_REPORT_PENDING)
    refer(case, head_my)
    with pytest.raises(StateConflict):
        report(case, reviewer_my)


# ------------------------------------------------------------- the 24 hours (art. 5(2))


def test_the_handover_is_due_within_the_hours_until_the_police_receive_it(
    articles, head_my, reviewer_my, reviewer_my2
):
    with time_machine.travel(FROZEN, tick=False):
        case = refer(registered(head_my, reviewer_my), head_my)
    step = referral_step_due(case)
    assert step.step == "handover" and step.at == FROZEN + timedelta(hours=24)
    page = client_of(head_my).get(f"/api/v1/cases/{case.pk}/").json()
    assert page["referral_step_due"] == {"step": "handover", "due": step.at.isoformat()}
    assert cases_overdue_report(_at(date(2026, 3, 3), 11)) == 0  # the day of the last hour
    assert cases_overdue_report(_at(date(2026, 3, 4))) == 1
    assert told("referral_handover").get().details["due"] == "2026-03-03"
    assert cases_overdue_report(_at(date(2026, 3, 5))) == 0


def test_the_police_receipt_stops_the_clock(articles, head_my, reviewer_my, reviewer_my2):
    with time_machine.travel(FROZEN, tick=False):
        case = refer(registered(head_my, reviewer_my), head_my)
        url = f"/api/v1/cases/{case.pk}/referral-received/"
        late = client_of(reviewer_my).post(url, {"received_on": "2026-03-09"}, format="json")
        assert late.status_code == 400
        error = late.json()["errors"][0]
        assert error["field"] == "received_on" and error["message"] == str(MSG_CASE_RECEIVED_DAY)
        with pytest.raises(InvalidInput):
            referrals.case_referral_received(case_id=case.pk, by=reviewer_my, received_on="x")
        answer = client_of(reviewer_my).post(url, {"received_on": "2026-03-02"}, format="json")
    assert answer.status_code == 200 and answer.json()["referral_step_due"] is None
    assert answer.json()["police_received_on"] == "2026-03-02"
    assert cases_overdue_report(_at(date(2026, 3, 4))) == 0
    with pytest.raises(StateConflict):
        referrals.case_referral_received(case_id=case.pk, by=reviewer_my, received_on=FROZEN.date())


# ------------------------------------------------------- 累计计算 (法释〔2023〕8号 第九条)


def test_the_id_number_is_found_by_its_keyed_hash(articles, head_my, reviewer_my, reviewer_my2):
    case = registered(head_my, reviewer_my)
    assert case.party_id_index == pii_index(PERSON["id_number"], PARTY_ID_INDEX_PURPOSE)
    assert PERSON["id_number"] not in case.party_id_index


def declined(head, reviewer, quantities, party=PERSON):
    """An earlier case of the party, its referral declined: not dealt with (未经处理)."""
    case = report(registered(head, reviewer, party=party), reviewer)
    referrals.case_referral_decline(
        case_id=case.pk, by=head, reasons="未达到移送标准", quantities=quantities
    )
    return Case.objects.get(pk=case.pk)


def test_an_earlier_case_not_dealt_with_is_added_to_the_referral(
    articles, head_my, reviewer_my, reviewer_my2
):
    earlier = declined(head_my, reviewer_my, {"theft-stock": "3"})
    other = declined(head_my, reviewer_my, {"theft-stock": "4"}, party=COMPANY)
    case = refer(registered(head_my, reviewer_my), head_my, quantities={"theft-stock": "3"})
    assert case.referral_quantities == {"theft-stock": "3.00"}  # its own
    added = case.referral_cumulation["earlier"]
    assert [e["number"] for e in added] == [earlier.number]  # not the other party's
    assert added[0]["quantities"] == {"theft-stock": "3.00"} and other.number not in str(added)
    event = AuditEvent.objects.get(action="case_referred")
    assert event.details["thresholds_met"] == ["theft-stock"]  # 3 + 3 reaches 5
    report_doc = case.documents.get(kind=CaseDocumentKind.REFERRAL_REPORT)
    printed = str(report_doc.content)
    assert earlier.number in printed and "第九条" in printed and "theft-stock 6.00" in printed
    browser = Client()
    browser.force_login(head_my)
    page = browser.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="case-referral-cumulation"' in page and earlier.number in page


def test_the_decline_refuses_what_the_earlier_cases_make_reach(
    articles, head_my, reviewer_my, reviewer_my2
):
    declined(head_my, reviewer_my, {"theft-saplings": "120"})
    case = report(registered(head_my, reviewer_my), reviewer_my)
    with pytest.raises(InvalidInput) as refused:
        referrals.case_referral_decline(
            case_id=case.pk, by=head_my, reasons="幼树100株", quantities={"theft-saplings": "100"}
        )
    assert [p.field for p in refused.value.problems] == ["quantities.theft-saplings"]
    assert Case.objects.get(pk=case.pk).to_refer  # nothing changed


def test_a_case_dealt_with_or_out_of_time_is_not_added(
    articles, head_my, reviewer_my, reviewer_my2
):
    penalised = declined(head_my, reviewer_my, {"theft-stock": "3"})
    Case.objects.filter(pk=penalised.pk).update(
        outcome=CaseOutcome.PENALTY, decided_at=timezone.now(), status="decided"
    )
    with time_machine.travel(timezone.now() - timedelta(days=6 * 365), tick=False):
        old = declined(head_my, reviewer_my, {"theft-stock": "3"})
    case = report(registered(head_my, reviewer_my), reviewer_my)
    referrals.case_referral_decline(
        case_id=case.pk, by=head_my, reasons="蓄积3立方米", quantities={"theft-stock": "3"}
    )
    earlier = Case.objects.get(pk=case.pk).referral_cumulation["earlier"]
    # The penalised case is dealt with; the old one is listed, its 5 years run (刑法 第八十七条).
    assert [(e["number"], e["quantities"]) for e in earlier] == [(old.number, {})]


# ----------------------------------------------- 第一条第二款第（四）项: half the threshold


def test_two_occupation_penalties_within_two_years_halve_the_threshold(
    articles, head_my, reviewer_my, reviewer_my2
):
    article = PenaltyArticle.objects.get(code="forest-73-1", jurisdiction=None)
    numbers = []
    for _ in range(2):
        done = registered(head_my, reviewer_my, party=COMPANY, facts="擅自改变林地用途")
        Case.objects.filter(pk=done.pk).update(
            outcome=CaseOutcome.PENALTY,
            article=article,
            decided_at=timezone.now() - timedelta(days=200),
            status="closed",
        )
        numbers.append(done.number)
    case = report(registered(head_my, reviewer_my, party=COMPANY), reviewer_my)
    with pytest.raises(InvalidInput) as refused:
        referrals.case_referral_decline(
            case_id=case.pk, by=head_my, reasons="3亩", quantities={"occupation-public": "3"}
        )
    assert refused.value.problems[0].field == "quantities.occupation-public"
    refer(case, head_my, quantities={"occupation-public": "3"})
    case = Case.objects.get(pk=case.pk)
    assert case.referral_cumulation["lowered"] == {
        "occupation-public": "2.50",
        "occupation-commercial": "5.00",
    }
    assert sorted(case.referral_cumulation["penalties"]) == sorted(numbers)
    assert AuditEvent.objects.get(action="case_referred").details["thresholds_met"] == [
        "occupation-public"
    ]


def test_one_penalty_or_another_offence_lowers_nothing(
    articles, head_my, reviewer_my, reviewer_my2
):
    felling = PenaltyArticle.objects.get(code="forest-76-2", jurisdiction=None)
    done = registered(head_my, reviewer_my, party=COMPANY)
    Case.objects.filter(pk=done.pk).update(
        outcome=CaseOutcome.PENALTY, article=felling, decided_at=timezone.now(), status="closed"
    )
    case = report(registered(head_my, reviewer_my, party=COMPANY), reviewer_my)
    referrals.case_referral_decline(
        case_id=case.pk, by=head_my, reasons="3亩", quantities={"occupation-public": "3"}
    )
    assert Case.objects.get(pk=case.pk).referral_cumulation["lowered"] == {}
