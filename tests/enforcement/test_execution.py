"""加处罚款 computed (行政处罚法 art. 72(1)) and 代为履行 of a replanting (森林法 art. 81;
行政强制法 arts. 35, 50, 51; issue 48 item 5): the amount as of a day, settled with the fine,
told by the tick and shown; the demand, the decision and the record of the work,
with their refusals."""

import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine

from audit.models import AuditEvent
from core.errors import InvalidInput, NotAllowed, StateConflict
from core.messages import MSG_CASE_SUBSTITUTE_HOLIDAY, MSG_CASE_SURCHARGE_RELIEF
from documents.pdf_files import document_pdf
from enforcement import execution, law, papers, services
from enforcement.jobs import cases_overdue_report
from enforcement.models import (
    Case,
    CaseDocumentKind,
    EnforcementStandard,
    SubstitutePerformance,
)
from permits.models import Notification
from tests.enforcement.test_cases import client_of
from tests.enforcement.test_replanting import _at, decided, inspect
from workflows.deadlines import add_working_days, is_working_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def officers(articles, head_my, reviewer_my, reviewer_my2):
    return head_my, reviewer_my, reviewer_my2


def test_the_surcharge_is_three_percent_a_day_capped_at_the_fine():
    standard = law.Standard()
    due = date(2026, 3, 1)
    fine = Decimal("6000")
    assert law.surcharge_owed(standard, fine, due, due) == Decimal("0.00")
    assert law.surcharge_owed(standard, fine, due, due + timedelta(days=1)) == Decimal("180.00")
    assert law.surcharge_owed(standard, fine, due, due + timedelta(days=10)) == Decimal("1800.00")
    # 34 days would be 6,120: the surcharge never exceeds the fine.
    assert law.surcharge_owed(standard, fine, due, due + timedelta(days=34)) == fine
    assert law.surcharge_owed(standard, None, due, due + timedelta(days=5)) == 0
    halved = law.Standard(surcharge_cap_share=Decimal("0.5"))
    assert law.surcharge_owed(halved, fine, due, due + timedelta(days=40)) == Decimal("3000.00")


def test_the_jurisdictions_rate_is_data(officers):
    head_my, reviewer_my, _ = officers
    case = decided(head_my, reviewer_my)
    EnforcementStandard.objects.create(
        jurisdiction_id=case.agency.jurisdiction_id,
        register_working_days=15,
        statement_working_days=5,
        decision_days=90,
        hearing_fine_person=Decimal(10_000),
        hearing_fine_organisation=Decimal(100_000),
        publication_working_days=7,
        fine_payment_days=15,
        replanting_days=180,
        surcharge_daily_rate=Decimal("0.01"),
    )
    assert case.fine_due is not None
    owed = law.surcharge_as_of(case, case.fine_due + timedelta(days=2))
    assert owed == Decimal("120.00")


@pytest.mark.parametrize(
    ("share", "words"),
    [
        ("0.03", "百分之三"),
        ("0.01", "百分之一"),
        ("0.005", "百分之零点五"),
        ("0.015", "百分之一点五"),
        ("0.5", "百分之五十"),
        ("1", "百分之一百"),
    ],
)
def test_a_share_is_printed_as_the_law_writes_it(share, words):
    assert papers.chinese_percent(Decimal(share)) == words


def test_the_decision_prints_the_rate_the_surcharge_is_computed_with(officers):
    head_my, reviewer_my, _ = officers
    jurisdiction_id = decided(head_my, reviewer_my).agency.jurisdiction_id
    EnforcementStandard.objects.create(
        jurisdiction_id=jurisdiction_id,
        register_working_days=15,
        statement_working_days=5,
        decision_days=90,
        hearing_fine_person=Decimal(10_000),
        hearing_fine_organisation=Decimal(100_000),
        publication_working_days=7,
        fine_payment_days=15,
        replanting_days=180,
        surcharge_daily_rate=Decimal("0.01"),
        surcharge_cap_share=Decimal("0.5"),
    )
    case = decided(head_my, reviewer_my)
    decision = case.documents.get(kind=CaseDocumentKind.PENALTY_DECISION)
    told = "".join(decision.content["document"]["paragraphs"])
    assert "每日按罚款数额的百分之一加处罚款" in told
    assert "不得超出罚款数额的百分之五十" in told
    assert "3%" not in told and "百分之三" not in told
    assert case.fine_due is not None
    # The same row computes the amount: 1 % of 6,000 a day, capped at half of it.
    assert law.surcharge_as_of(case, case.fine_due + timedelta(days=2)) == Decimal("120.00")
    assert law.surcharge_as_of(case, case.fine_due + timedelta(days=80)) == Decimal("3000.00")


def test_the_fine_paid_late_settles_the_surcharge(officers):
    head_my, reviewer_my, _ = officers
    case = decided(head_my, reviewer_my)
    assert case.fine_due is not None
    decision = case.documents.get(kind=CaseDocumentKind.PENALTY_DECISION)
    assert "每日按罚款数额的百分之三加处罚款" in "".join(decision.content["document"]["paragraphs"])
    late = case.fine_due + timedelta(days=3)
    with time_machine.travel(late, tick=False):
        url = f"/api/v1/cases/{case.pk}/"
        shown = client_of(head_my).get(url).json()
        assert shown["surcharge_owed"] == "540.00"
        with pytest.raises(InvalidInput) as above:
            services.case_execute(
                case_id=case.pk, by=reviewer_my, fine_paid_on=late, surcharge_paid="600"
            )
        assert above.value.problems[0].code == "above_owed"
        with pytest.raises(InvalidInput) as unexplained:
            services.case_execute(
                case_id=case.pk, by=reviewer_my, fine_paid_on=late, surcharge_paid="100"
            )
        assert unexplained.value.problems[0].message == str(MSG_CASE_SURCHARGE_RELIEF)
        assert Case.objects.get(pk=case.pk).fine_paid_on is None
        services.case_execute(
            case_id=case.pk,
            by=reviewer_my,
            fine_paid_on=late,
            surcharge_paid="100",
            surcharge_relief_reason="达成执行协议，当事人已补种",
        )
        case = Case.objects.get(pk=case.pk)
        assert case.surcharge_paid == Decimal("100.00")
        assert case.surcharge_relieved == Decimal("440.00")
        event = AuditEvent.objects.filter(action="case_executed").latest("seq")
        assert event.details["surcharge_paid"] == "100.00"
    # Paid: what the payment day made owed stays, whatever day it is read.
    with time_machine.travel(late + timedelta(days=20), tick=False):
        assert client_of(head_my).get(url).json()["surcharge_owed"] == "540.00"


def test_paid_on_time_owes_none_and_the_page_shows_it(client, officers):
    head_my, reviewer_my, _ = officers
    case = decided(head_my, reviewer_my)
    services.case_execute(case_id=case.pk, by=reviewer_my, fine_paid_on=date.today())
    case = Case.objects.get(pk=case.pk)
    assert case.surcharge_paid == Decimal("0.00") and case.surcharge_relieved == 0
    client.force_login(head_my)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="case-surcharge"' in page


def test_the_tick_tells_the_surcharge_owed(officers):
    head_my, reviewer_my, _ = officers
    case = decided(head_my, reviewer_my)
    assert case.fine_due is not None
    day = case.fine_due + timedelta(days=4)
    assert cases_overdue_report(_at(day)) == 1
    event = AuditEvent.objects.get(action="case_overdue", details__period="fine")
    assert event.details["surcharge_owed"] == "720.00"
    told = Notification.objects.get(recipient=head_my, kind="overdue")
    assert "720.00" in told.message


def _overdue(head_my, reviewer_my, **values) -> Case:
    case = decided(head_my, reviewer_my, **values)
    Case.objects.filter(pk=case.pk).update(replant_due=date.today() - timedelta(days=1))
    return Case.objects.get(pk=case.pk)


def _decide_body(**values):
    body = {
        "performer": "密云区绿化工程队",
        "method": "在原地补种油松",
        "party_address": "北京市密云区溪翁庄镇",
        "performed_on": add_working_days(date.today(), 3),
        "cost_budget": "7200",
    }
    return {**body, **values}


def test_substitute_performance_after_a_demand_unheeded(officers, head_my, reviewer_my):
    case = _overdue(head_my, reviewer_my)
    with pytest.raises(StateConflict) as first:  # art. 50: 经催告仍不履行
        execution.case_substitute_decide(case_id=case.pk, by=head_my, **_decide_body())
    assert first.value.problems[0].code == "demand_first"
    with pytest.raises(NotAllowed):
        execution.case_performance_demand(
            case_id=case.pk, by=reviewer_my, perform_by=date.today() + timedelta(days=10)
        )
    with pytest.raises(InvalidInput):
        execution.case_performance_demand(case_id=case.pk, by=head_my, perform_by=date.today())
    demand = execution.case_performance_demand(
        case_id=case.pk, by=head_my, perform_by=date.today() + timedelta(days=10)
    )
    printed = demand.document.content["document"]
    assert printed["title"] == "履行催告书" and "陈述和申辩" in "".join(printed["paragraphs"])
    with pytest.raises(StateConflict):  # the demand's day not passed yet
        execution.case_substitute_decide(case_id=case.pk, by=head_my, **_decide_body())
    later = date.today() + timedelta(days=11)
    with time_machine.travel(later, tick=False):
        with pytest.raises(InvalidInput) as soon:  # art. 51(2): three working days' notice
            execution.case_substitute_decide(
                case_id=case.pk, by=head_my, **_decide_body(performed_on=later)
            )
        assert soon.value.problems[0].field == "performed_on"
        with pytest.raises(InvalidInput) as bare:
            execution.case_substitute_decide(
                case_id=case.pk,
                by=head_my,
                **_decide_body(performer="", performed_on=add_working_days(later, 3)),
            )
        assert bare.value.problems[0].field == "performer"
        work_day = add_working_days(later, 3)
        substitute = execution.case_substitute_decide(
            case_id=case.pk, by=head_my, **_decide_body(performed_on=work_day)
        )
        decision = substitute.decision.content["document"]
        text = "".join(decision["paragraphs"])
        assert decision["title"] == "代履行决定书"
        # Every article of 行政强制法 its basis cites is quoted, and 森林法 art. 81 (its ground).
        assert cited_unquoted(decision) == set()
        assert "第八十一条：“违反本法规定" in "".join(decision["grounds"])
        assert "第五十条：“行政机关依法作出要求当事人履行排除妨碍" in "".join(decision["grounds"])
        for part in (
            "北京市密云区溪翁庄镇",
            "逾期未补种",
            "补种树木36株",
            "7,200.00元",
            "密云区绿化工程队",
        ):
            assert part in text
        assert document_pdf(substitute.decision.content).startswith(b"%PDF")
        with pytest.raises(StateConflict):  # once
            execution.case_substitute_decide(
                case_id=case.pk, by=head_my, **_decide_body(performed_on=work_day)
            )
    with time_machine.travel(work_day, tick=False):
        with pytest.raises(InvalidInput) as nobody:
            execution.case_substitute_done(
                case_id=case.pk,
                by=reviewer_my,
                done_on=work_day,
                cost="6800",
                supervisor="outsider",
            )
        assert nobody.value.problems[0].field == "supervisor"
        done = execution.case_substitute_done(
            case_id=case.pk,
            by=reviewer_my,
            done_on=work_day,
            cost="6800",
            supervisor="district_my2",
        )
        assert done.cost == Decimal("6800.00") and done.record is not None
        record = done.record.content["document"]
        assert "6,800.00元，由当事人承担" in "".join(record["paragraphs"])
        assert any("代履行人" in line for line in record["closing"])
        with pytest.raises(StateConflict):
            execution.case_substitute_done(
                case_id=case.pk,
                by=reviewer_my,
                done_on=work_day,
                cost="1",
                supervisor="district_my2",
            )
        # The trees planted are checked on the ground as any replanting.
        inspect(case, reviewer_my, checked_on=work_day)
    actions = list(
        AuditEvent.objects.filter(details__case_id=case.pk)
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions[-4:] == [
        "case_performance_demanded",
        "case_substitute_decided",
        "case_substitute_done",
        "case_replanting_inspected",
    ]
    assert Case.objects.get(pk=case.pk).replant_accepted_on == work_day
    listed = client_of(head_my).get("/api/v1/cases/").json()["results"]
    shown = next(row for row in listed if row["id"] == case.pk)
    assert shown["substitute"]["cost"] == "6800.00"
    assert shown["substitute"]["record_number"] == done.record.number
    assert len(shown["performance_demands"]) == 1


def test_no_substitute_before_the_replanting_is_late_or_failed(officers, head_my, reviewer_my):
    case = decided(head_my, reviewer_my)
    with pytest.raises(StateConflict) as early:
        execution.case_performance_demand(
            case_id=case.pk, by=head_my, perform_by=date.today() + timedelta(days=10)
        )
    assert early.value.problems[0].code == "no_substitute_ground"
    inspect(case, reviewer_my, trees_alive=5, passed=False, notes="大部分未成活")
    demand = execution.case_performance_demand(
        case_id=case.pk, by=head_my, perform_by=date.today() + timedelta(days=10)
    )
    assert "验收不合格" in "".join(demand.document.content["document"]["paragraphs"])
    assert not SubstitutePerformance.objects.exists()


def test_substitute_through_the_api_and_the_page(client, officers, head_my, reviewer_my):
    case = _overdue(head_my, reviewer_my)
    url = f"/api/v1/cases/{case.pk}/"
    body = {"perform_by": (date.today() + timedelta(days=5)).isoformat()}
    assert (
        client_of(reviewer_my).post(url + "performance-demand/", body, format="json").status_code
        == 403
    )
    answer = client_of(head_my).post(url + "performance-demand/", body, format="json")
    assert answer.status_code == 200 and len(answer.json()["performance_demands"]) == 1
    refused = client_of(head_my).post(
        url + "substitute/",
        {**_decide_body(), "performed_on": date.today().isoformat()},
        format="json",
    )
    assert refused.status_code == 409
    client.force_login(head_my)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    # The substitute is refused until the demand's day passes (409 above): not offered either.
    assert 'value="performance_demand"' in page and 'value="substitute"' not in page
    assert 'id="case-demands"' in page


def cited_unquoted(printed: dict) -> set[str]:
    """The articles of 行政强制法 a paper cites in its basis that its grounds do not quote (a
    ground may quote a paragraph or an item of the article: 第五十一条第二款：“…”)."""
    basis = printed["legal_basis"].split("；")
    coercion = next(part for part in basis if part.startswith(execution.COERCION_LAW))
    cited = set(re.findall(r"第[一二三四五六七八九十]+条", coercion))
    quoted = {
        re.match(r"(?:《[^》]+》)?(第[一二三四五六七八九十]+条)(?:第[^：“]+[款项])?：“", line)
        for line in printed["grounds"]
    }
    return cited - {match.group(1) for match in quoted if match}


def test_the_demand_quotes_every_article_it_cites(officers, head_my, reviewer_my):
    case = _overdue(head_my, reviewer_my)
    demand = execution.case_performance_demand(
        case_id=case.pk, by=head_my, perform_by=date.today() + timedelta(days=10)
    )
    printed = demand.document.content["document"]
    assert "第三十五条" in printed["legal_basis"] and "第五十条" in printed["legal_basis"]
    assert cited_unquoted(printed) == set()
    grounds = "".join(printed["grounds"])
    # Art. 35 as published: what a 催告 holds, ending with the right to state and defend.
    assert "第三十五条：“行政机关作出强制执行决定前，应当事先催告当事人履行义务。" in grounds
    assert "（四）当事人依法享有的陈述权和申辩权。”" in grounds


COMPANY = {
    "name": "密云某建材有限公司",
    "credit_code": "91110228MA0123456L",
    "address": "北京市密云区溪翁庄镇",
}


def _substituted(head_my, reviewer_my, **values) -> Case:
    """A case through its 催告 and 代履行决定书."""
    case = _overdue(head_my, reviewer_my, **values)
    execution.case_performance_demand(
        case_id=case.pk, by=head_my, perform_by=date.today() + timedelta(days=10)
    )
    later = date.today() + timedelta(days=11)
    with time_machine.travel(later, tick=False):
        execution.case_substitute_decide(
            case_id=case.pk, by=head_my, **_decide_body(performed_on=add_working_days(later, 3))
        )
    return case


def _printed(case: Case) -> dict[str, str]:
    def text(document: dict) -> str:
        return "".join(document["paragraphs"] + document["closing"])

    return {row.kind: text(row.content["document"]) for row in case.documents.all()}


def test_the_papers_address_a_natural_person_as_you(officers, head_my, reviewer_my):
    printed = _printed(_substituted(head_my, reviewer_my))
    kinds = {
        "penalty_prior_notice",
        "penalty_decision",
        "performance_demand",
        "substitute_decision",
    }
    assert kinds <= set(printed)
    for kind, text in printed.items():
        assert "单位" not in text, kind
    assert "由你承担" in printed["substitute_decision"]
    assert "你如对本决定不服" in printed["substitute_decision"]
    assert "责令你限期补种" in printed["performance_demand"]


def test_the_papers_address_an_organisation_as_your_unit(officers, head_my, reviewer_my):
    printed = _printed(_substituted(head_my, reviewer_my, party=COMPANY))
    for kind, text in printed.items():
        assert "你（单位）" not in text, kind
    assert "由你单位承担" in printed["substitute_decision"]
    assert "你单位如对本决定不服" in printed["substitute_decision"]
    assert "你单位有权进行陈述和申辩" in printed["performance_demand"]


def test_no_enforcement_paper_fixes_the_partys_kind_in_its_wording():
    """The class, not the instances: each paper asks ``papers.you`` how to address the party."""
    for path in Path(execution.__file__).parent.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        if path.name == "papers.py":
            source = source.split("def you(", 1)[0] + source.split("def party_lines(", 1)[1]
        assert "你单位" not in source and "你（单位）" not in source, path.name


def test_the_work_falls_on_a_working_day_unless_urgent(officers, head_my, reviewer_my):
    """行政强制法 art. 43: 不得在夜间或者法定节假日实施行政强制执行。但是，情况紧急的除外。"""
    case = _overdue(head_my, reviewer_my)
    execution.case_performance_demand(
        case_id=case.pk, by=head_my, perform_by=date.today() + timedelta(days=10)
    )
    later = date.today() + timedelta(days=11)
    holiday = add_working_days(later, 3)
    while is_working_day(holiday):
        holiday += timedelta(days=1)
    with time_machine.travel(later, tick=False):
        with pytest.raises(InvalidInput) as refused:
            execution.case_substitute_decide(
                case_id=case.pk, by=head_my, **_decide_body(performed_on=holiday)
            )
        problem = refused.value.problems[0]
        assert (problem.field, problem.code) == ("performed_on", "holiday")
        assert problem.message == str(MSG_CASE_SUBSTITUTE_HOLIDAY)
        answer = client_of(head_my).post(
            f"/api/v1/cases/{case.pk}/substitute/",
            {**_decide_body(performed_on=holiday.isoformat()), "urgent_reason": "x" * 201},
            format="json",
        )
        assert answer.status_code == 400
        assert not SubstitutePerformance.objects.filter(case=case).exists()
        answer = client_of(head_my).post(
            f"/api/v1/cases/{case.pk}/substitute/",
            {
                **_decide_body(performed_on=holiday.isoformat()),
                "urgent_reason": "汛期将至，裸露林地水土流失危及下游",
            },
            format="json",
        )
        assert answer.status_code == 200, answer.json()
    substitute = SubstitutePerformance.objects.get(case=case)
    assert substitute.performed_on == holiday
    printed = substitute.decision.content["document"]
    assert "情况紧急：汛期将至，裸露林地水土流失危及下游" in "".join(printed["paragraphs"])
    assert any(
        line.startswith("第四十三条第一款：“行政机关不得在夜间") for line in printed["grounds"]
    )
    assert "第四十三条" in printed["legal_basis"]
    event = AuditEvent.objects.filter(action="case_substitute_decided").latest("seq")
    assert event.details["urgent_reason"] == "汛期将至，裸露林地水土流失危及下游"


def test_a_working_days_decision_prints_the_day_time_and_no_urgency(officers, head_my, reviewer_my):
    case = _substituted(head_my, reviewer_my)
    substitute = SubstitutePerformance.objects.get(case=case)
    printed = substitute.decision.content["document"]
    assert "日间" in "".join(printed["paragraphs"]) and "情况紧急" not in str(printed)
    event = AuditEvent.objects.filter(action="case_substitute_decided").latest("seq")
    assert event.details["urgent_reason"] == ""
