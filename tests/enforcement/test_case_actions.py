"""The case page offers the acts that succeed (issue 48): for each state a case reaches through
the acts and each official of its agency, the forms the case page renders (``data-action``) are
exactly the acts the API accepts with valid data. Each attempt runs in a savepoint rolled back
afterwards, so all of them start from the same state; a refused one changes nothing.

As tests/test_application_actions.py does for applications: a form the page shows is never
answered 409 (the decision of a case to be referred, 移送规定 art. 11; a demand before the court
while the fine is not overdue, or an application before the party's time to sue has passed,
行政强制法 arts. 53, 54), and no act the API takes is missing from the page. Every act is
compared, those whose valid body depends on the case too: a document's service names a document
not served yet, a missed instalment a day that has passed."""

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.db import transaction
from django.test import Client

from audit.models import AuditEvent
from enforcement import collection, execution, hearings, referrals, services, serving
from enforcement.models import Case, PaymentDeferral
from tests.enforcement.test_case_doors_hostile import ACTS, client_of
from tests.enforcement.test_case_hearing import LARGE_FINE, earliest, schedule
from tests.enforcement.test_cases import EVIDENCE, PERSON, opened, through_notice
from tests.enforcement.test_referral import refer
from tests.enforcement.test_replanting import POINT, decided, inspect
from workflows.deadlines import add_working_days

pytestmark = pytest.mark.django_db

DATA_ACTION = re.compile(r'data-action="case_([a-z_]+)"')
TODAY = date.today().isoformat()
OFFICERS = ["district_my", "district_my2"]
DAYS_AGO_40 = date.today() - timedelta(days=40)


def _unserved(case) -> int:
    """A document of ``case`` the party may be served and is not yet (else one that is not)."""
    servable = serving.servable_documents(case)
    return servable[0].pk if servable else 1


def _instalment_passed(case) -> str:
    """The day of an instalment of ``case`` that has passed (else today, never one)."""
    passed = [
        row["due"]
        for deferral in PaymentDeferral.objects.filter(case=case)
        for row in deferral.instalments
        if row["due"] < TODAY
    ]
    return passed[-1] if passed else TODAY


def bodies(case) -> dict[str, dict]:
    """A valid body of each act of the API (``/api/v1/cases/{id}/<act>/``) on ``case``, by the
    page's name (read when a test runs: the working days come from the calendar's rows)."""
    return {
        **{name.replace("-", "_"): body for name, body in ACTS.items()},
        "hearing": {"held_on": earliest().isoformat(), "place": "会议室", "presiding": "legal_my"},
        "hearing_postponement": {
            "held_on": add_working_days(date.today(), 12).isoformat(),
            "reason": "当事人因病申请延期，理由正当。",
        },
        "hearing_recusal": {"granted": False, "reason": "申请回避的理由不成立。"},
        "replanting_inspection": {**ACTS["replanting-inspection"], "position": POINT},
        "referral_decline": {"reasons": "经核实，涉案林木蓄积未达到立案追诉标准。"},
        "transfer_close": {"handed_over_on": TODAY},
        "referral_return": {
            "authority": "北京市密云区人民检察院",
            "ground": "no_criminal_liability",
            "returned_on": TODAY,
        },
        "performance_demand": {"perform_by": (date.today() + timedelta(days=10)).isoformat()},
        "substitute": {
            "performer": "密云区绿化工程队",
            "method": "在原地补种油松",
            "party_address": "北京市密云区溪翁庄镇",
            "performed_on": add_working_days(date.today(), 3).isoformat(),
            "cost_budget": "7200",
        },
        "substitute_done": {"done_on": TODAY, "cost": "6800", "supervisor": "district_my2"},
        "service": {
            "document": _unserved(case),
            "method": "direct",
            "served_on": TODAY,
            "recipient": "张三丰",
        },
        "referral_report": {"report": "涉案林木蓄积经鉴定达到立案追诉标准，报请批准移送。"},
        "referral_received": {"received_on": TODAY},
        "payment_deferral": {
            "kind": "deferred",
            "applied_on": TODAY,
            "reason": "家庭遭灾，确有经济困难。",
            "pay_by": (date.today() + timedelta(days=20)).isoformat(),
        },
        "instalment_missed": {"due": _instalment_passed(case)},
        "review_filed": {
            "kind": "reconsideration",
            "body": "北京市密云区人民政府",
            "filed_on": TODAY,
        },
        "review_ended": {"ended_on": TODAY, "outcome": "upheld"},
        "court_demand": {},
        "court_application": {"court": "北京市密云区人民法院"},
        "court_ruling": {"ruling": "granted", "ruled_on": TODAY},
    }


def _registered(p):
    case = opened(p["head"])
    return services.case_register(case_id=case.pk, by=p["head"], party=PERSON)


def _investigated(p):
    case = _registered(p)
    return services.case_evidence(
        case_id=case.pk, by=p["official"], officers=OFFICERS, evidence=EVIDENCE
    )


def _answered(p, **proposal):
    case = through_notice(p["head"], p["official"], p["official2"], **proposal)
    return services.case_statement(case_id=case.pk, by=p["official"], waived=True)


def _to_refer(p):
    """Answered, the source closed ``referred`` (as ``enforcement.sources`` marks it)."""
    case = _answered(p)
    Case.objects.filter(pk=case.pk).update(to_refer=True)
    return case


def _hearing_requested(p):
    case = through_notice(p["head"], p["official"], p["official2"], **LARGE_FINE)
    return services.case_statement(case_id=case.pk, by=p["official"], hearing_requested=True)


def _hearing_scheduled(p):
    case = _hearing_requested(p)
    schedule(case, p["head"])
    return case


def _hearing_held(p):
    case = _hearing_scheduled(p)
    with time_machine.travel(earliest(), tick=False):
        hearings.case_hearing_record(case_id=case.pk, by=p["official"], held=True, record="笔录")
    return case


def _reviewed(p):
    case = _answered(p, **LARGE_FINE)
    return services.case_legal_review(case_id=case.pk, by=p["legal"], passed=True, opinion="同意")


def _overdue(p):
    """Decided 40 days ago, its replanting's day set 30 days ago (the standard's period is
    180 days)."""
    with time_machine.travel(DAYS_AGO_40, tick=False):
        case = decided(p["head"], p["official"])
    Case.objects.filter(pk=case.pk).update(replant_due=date.today() - timedelta(days=30))
    return case


def _demanded(p, days_ago=0):
    case = _overdue(p)
    with time_machine.travel(date.today() - timedelta(days=days_ago), tick=False):
        execution.case_performance_demand(
            case_id=case.pk, by=p["head"], perform_by=date.today() + timedelta(days=5)
        )
    return case


def _substituted(p):
    case = _demanded(p, days_ago=20)
    work_day = add_working_days(date.today() - timedelta(days=10), 3)
    with time_machine.travel(date.today() - timedelta(days=10), tick=False):
        body = {**bodies(case)["substitute"], "performed_on": work_day}
        execution.case_substitute_decide(case_id=case.pk, by=p["head"], **body)
    return case


def _by_instalments(p):
    """Decided 40 days ago, the fine approved in two instalments 35 days ago: the first due five
    days ago (not paid), the second in 25 days (行政处罚法 art. 66(2))."""
    with time_machine.travel(DAYS_AGO_40, tick=False):
        case = decided(p["head"], p["official"])
    approved, today = date.today() - timedelta(days=35), date.today()
    rows = [
        {"due": today - timedelta(days=5), "amount": "3000"},
        {"due": today + timedelta(days=25), "amount": "3000"},
    ]
    with time_machine.travel(approved, tick=False):
        collection.case_payment_defer(
            case_id=case.pk,
            by=p["head"],
            kind="instalments",
            applied_on=approved,
            reason="家庭遭灾，确有经济困难。",
            instalments=rows,
        )
    return case


def _review_filed(p):
    case = decided(p["head"], p["official"])
    collection.case_review_file(
        case_id=case.pk,
        by=p["official"],
        kind="litigation",
        body="北京市密云区人民法院",
        filed_on=date.today(),
    )
    return case


def _court_demanded(p):
    """Decided 40 days ago, the fine overdue, the payment demanded today, the 催告书 not served
    yet: the court not yet (行政强制法 art. 53: not before the party's time to sue has passed;
    art. 54: ten days after the demand's service)."""
    case = _overdue(p)
    collection.case_court_demand(case_id=case.pk, by=p["head"])
    return case


def _court_applied(p):
    """Decided 200 days ago, demanded and the 催告书 served 20 days ago, applied to the court
    yesterday."""
    with time_machine.travel(date.today() - timedelta(days=200), tick=False):
        case = decided(p["head"], p["official"], trees=0)
    with time_machine.travel(date.today() - timedelta(days=20), tick=False):
        court = collection.case_court_demand(case_id=case.pk, by=p["head"])
        serving.case_serve(
            case_id=case.pk,
            by=p["official"],
            document=court.demand_id,
            method="direct",
            served_on=date.today(),
            recipient=PERSON["name"],
        )
    with time_machine.travel(date.today() - timedelta(days=1), tick=False):
        collection.case_court_apply(case_id=case.pk, by=p["head"], court="北京市密云区人民法院")
    return case


def _executed(p):
    case = decided(p["head"], p["official"])
    return services.case_execute(
        case_id=case.pk,
        by=p["official"],
        fine_paid_on=date.today(),
        replanted_on=date.today(),
        replanted_trees=36,
    )


def _closed(p):
    case = _executed(p)
    inspect(case, p["official"])
    return services.case_close(case_id=case.pk, by=p["head"], note="结案")


def _referred(p):
    case = _investigated(p)
    refer(case, p["head"])
    return case


def _accepted(p):
    case = _referred(p)
    return services.case_referral_answer(
        case_id=case.pk, by=p["official"], accepted=True, answered_on=date.today()
    )


def _transferred(p):
    case = _accepted(p)
    return referrals.case_transfer_close(case_id=case.pk, by=p["head"], handed_over_on=date.today())


RR, SV = "referral_report", "service"
# Each state a case reaches through the acts, and the acts of the head (H), an official (O)
# and the legal reviewer (L); the table is the expectation, the page is checked against it.
STATES = {
    # An official reports a suspected crime to the head until it is referred (移送规定 art. 5(1)).
    "opened": (
        lambda p: opened(p["head"]),
        {"head": [RR, "referral", "register"], "official": [RR]},
    ),
    "registered": (
        _registered,
        {"head": [RR, "evidence", "referral"], "official": [RR, "evidence"]},
    ),
    "investigated": (
        _investigated,
        {
            "head": [RR, "evidence", "prior_notice", "referral"],
            "official": [RR, "evidence", "prior_notice"],
        },
    ),
    # The statement period runs: the answer is recorded; no decision before it ends (art. 62).
    # The prior notice is served while the case is at the notice's step.
    "notified": (
        lambda p: through_notice(p["head"], p["official"], p["official2"]),
        {
            "head": [RR, "referral", SV, "statement"],
            "official": [RR, SV, "statement"],
            "legal": ["legal_review"],
        },
    ),
    "notified:answered": (
        _answered,
        {"head": [RR, "decision", "referral", SV], "official": [RR, SV], "legal": ["legal_review"]},
    ),
    # 移送规定 art. 11: the head refers or finds the thresholds not met; no decision yet.
    "notified:to_refer": (
        _to_refer,
        {
            "head": [RR, "referral", "referral_decline", SV],
            "official": [RR, SV],
            "legal": ["legal_review"],
        },
    ),
    "notified:hearing_requested": (
        _hearing_requested,
        {
            "head": [RR, "hearing", "hearing_record", "referral", SV],
            "official": [RR, "hearing_record", SV],
        },
    ),
    "notified:hearing_scheduled": (
        _hearing_scheduled,
        {
            "head": [
                RR,
                "hearing_postponement",
                "hearing_recusal",
                "hearing_record",
                "referral",
                SV,
            ],
            "official": [RR, "hearing_record", SV],
        },
    ),
    # The hearing held: the legal review of art. 58(2) comes before the decision.
    "notified:hearing_held": (
        _hearing_held,
        {"head": [RR, "referral", SV], "official": [RR, SV], "legal": ["legal_review"]},
    ),
    "notified:review_required": (
        lambda p: _answered(p, **LARGE_FINE),
        {"head": [RR, "referral", SV], "official": [RR, SV], "legal": ["legal_review"]},
    ),
    "reviewed": (_reviewed, {"head": [RR, "decision", "referral", SV], "official": [RR, SV]}),
    # The fine not due yet: a deferral (art. 66(2)) and a review filed, no demand to pay.
    "decided": (
        lambda p: decided(p["head"], p["official"]),
        {
            "head": ["execution", "payment_deferral", "replanting_inspection", "review_filed"],
            "official": ["execution", "replanting_inspection", "review_filed"],
        },
    ),
    # 森林法 art. 81: the replanting late, the head demands it (行政强制法 art. 50); the fine
    # overdue, the head demands it before the court (行政强制法 art. 54).
    "decided:overdue": (
        _overdue,
        {
            "head": [
                "court_demand",
                "execution",
                "payment_deferral",
                "performance_demand",
                "replanting_inspection",
                "review_filed",
            ],
            "official": ["execution", "replanting_inspection", "review_filed"],
        },
    ),
    "decided:demand_running": (
        _demanded,
        {
            "head": [
                "court_demand",
                "execution",
                "payment_deferral",
                "performance_demand",
                "replanting_inspection",
                "review_filed",
                SV,
            ],
            "official": ["execution", "replanting_inspection", "review_filed", SV],
        },
    ),
    "decided:demand_passed": (
        lambda p: _demanded(p, days_ago=10),
        {
            "head": [
                "court_demand",
                "execution",
                "payment_deferral",
                "performance_demand",
                "replanting_inspection",
                "review_filed",
                SV,
                "substitute",
            ],
            "official": ["execution", "replanting_inspection", "review_filed", SV],
        },
    ),
    "decided:substituted": (
        _substituted,
        {
            "head": [
                "court_demand",
                "execution",
                "payment_deferral",
                "replanting_inspection",
                "review_filed",
                SV,
                "substitute_done",
            ],
            "official": [
                "execution",
                "replanting_inspection",
                "review_filed",
                SV,
                "substitute_done",
            ],
        },
    ),
    # An instalment's day passed unpaid: an official records it (the 加处罚款 runs again).
    "decided:instalments": (
        _by_instalments,
        {
            "head": ["execution", "instalment_missed", "replanting_inspection", "review_filed"],
            "official": ["execution", "instalment_missed", "replanting_inspection", "review_filed"],
        },
    ),
    # A suit pending: the 加处罚款 is not counted, no demand before the court until it ends.
    "decided:review_filed": (
        _review_filed,
        {
            "head": ["execution", "payment_deferral", "replanting_inspection", "review_ended"],
            "official": ["execution", "replanting_inspection", "review_ended"],
        },
    ),
    # Demanded today: the 催告书 to serve; the court only ten days after its service and once
    # the party's time to sue has passed (行政强制法 arts. 53, 54).
    "decided:court_demanded": (
        _court_demanded,
        {
            "head": [
                "execution",
                "payment_deferral",
                "performance_demand",
                "replanting_inspection",
                "review_filed",
                SV,
            ],
            "official": ["execution", "replanting_inspection", "review_filed", SV],
        },
    ),
    "decided:court_applied": (
        _court_applied,
        {
            "head": ["court_ruling", "execution", "payment_deferral", "review_filed"],
            "official": ["court_ruling", "execution", "review_filed"],
        },
    ),
    "executed": (
        _executed,
        {
            "head": ["replanting_inspection", "review_filed"],
            "official": ["replanting_inspection", "review_filed"],
        },
    ),
    "closed": (_closed, {}),
    "referred": (
        _referred,
        {
            "head": ["referral_answer", "referral_received"],
            "official": ["referral_answer", "referral_received"],
        },
    ),
    "referred:accepted": (
        _accepted,
        {"head": ["referral_return", "transfer_close"], "official": ["referral_return"]},
    ),
    "closed:transferred": (_transferred, {}),
}


@pytest.fixture
def people(articles, head_my, reviewer_my, reviewer_my2, legal_my):
    return {"head": head_my, "official": reviewer_my, "official2": reviewer_my2, "legal": legal_my}


def _page_actions(user, case) -> list[str]:
    client = Client()
    client.force_login(user)
    page = client.get(f"/cases/{case.pk}/")
    assert page.status_code == 200
    return sorted(set(DATA_ACTION.findall(page.content.decode())))


def _accepted_acts(user, case) -> list[str]:
    """The acts the API takes from ``user`` with valid data, each tried from the same state."""
    api = client_of(user)
    taken = []
    for name, body in bodies(case).items():
        events = AuditEvent.objects.count()
        with transaction.atomic():
            url = f"/api/v1/cases/{case.pk}/{name.replace('_', '-')}/"
            answer = api.post(url, body, format="json")
            if answer.status_code == 200:
                taken.append(name)
            else:
                assert 400 <= answer.status_code < 500, (name, answer.content[:300])
                assert AuditEvent.objects.count() == events, name
            transaction.set_rollback(True)
    return sorted(taken)


@pytest.mark.parametrize("state", STATES)
def test_the_case_page_offers_the_acts_that_succeed(state, people):
    build, expected = STATES[state]
    case = build(people)
    assert Case.objects.get(pk=case.pk).status == state.split(":")[0]
    for role in ("head", "official", "legal"):
        user = people[role]
        offered = _page_actions(user, case)
        assert offered == _accepted_acts(user, case), (state, role)
        assert offered == sorted(expected.get(role, [])), (state, role)


def test_a_case_to_be_referred_says_why_no_decision_yet(people, client):
    case = _to_refer(people)
    client.force_login(people["head"])
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="act-decision"' not in page
    assert 'id="act-referral"' in page and 'id="act-referral_decline"' in page
    wait = re.search(r'id="case-decision-wait">([^<]*)<', page)
    assert (
        wait is not None
        and "不得以行政处罚代替移送" in wait.group(1)
        and "第十一条" in wait.group(1)
    )
