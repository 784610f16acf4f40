"""The referral's other ends (issue 48 items 4, 5): no decision in place of a referral (移送规定
art. 11(1)) unless the head finds the thresholds not met (art. 5(2)); a case the police opened
closed by its transfer (arts. 8, 12) or sent back for a penalty (行政处罚法 art. 27(1); 移送规定
art. 13); the proportional sum of 法释〔2023〕8号 (arts. 1, 4, 6, item (三)); the case page's
quantities."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from audit.models import AuditEvent
from core.errors import InvalidInput, NotAllowed, StateConflict
from core.messages import (
    MSG_CASE_NOT_ACCEPTED_BY_POLICE,
    MSG_CASE_NOT_TO_REFER,
    MSG_CASE_QUANTITY_FIELD,
    MSG_CASE_REFERRAL_PENDING,
    MSG_CASE_RETURN_AUTHORITY,
    MSG_CASE_RETURN_GROUND,
)
from documents.pdf_files import document_pdf
from enforcement import law, referrals, services
from enforcement.models import Case, CaseDocumentKind, CaseOutcome, CaseStatus
from tests.enforcement.test_cases import EVIDENCE, PERSON, opened, through_notice
from tests.enforcement.test_referral import POLICE, client_of, refer

pytestmark = pytest.mark.django_db

DECISION = {
    "outcome": "penalty",
    "article": "forest-76-2",
    "fine": "6000",
    "base_value": "1500",
    "replant_trees": 36,
    "reasons": "滥伐事实清楚",
}


@pytest.fixture
def marked(articles, head_my, reviewer_my, reviewer_my2):
    """A case from a source closed ``referred``, carried to the decision, never referred."""
    case = through_notice(head_my, reviewer_my, reviewer_my2)
    services.case_statement(case_id=case.pk, by=reviewer_my, waived=True)
    Case.objects.filter(pk=case.pk).update(to_refer=True)
    return Case.objects.get(pk=case.pk)


@pytest.fixture
def accepted(referable, head_my, reviewer_my):
    refer(referable, head_my, quantities={"theft-stock": "7.5"})
    return services.case_referral_answer(
        case_id=referable.pk, by=reviewer_my, accepted=True, answered_on=date.today()
    )


@pytest.fixture
def referable(articles, head_my, reviewer_my, reviewer_my2):
    """A registered case with its evidence, as test_referral's ``referable``."""
    case = opened(head_my, facts="无证采伐油松，伐桩86个")
    services.case_register(case_id=case.pk, by=head_my, party=PERSON)
    services.case_evidence(
        case_id=case.pk, by=reviewer_my, officers=["district_my", "district_my2"], evidence=EVIDENCE
    )
    return Case.objects.get(pk=case.pk)


# ------------------------------------------------------------------- art. 11(1)


def test_a_case_to_be_referred_is_not_decided_in_its_place(marked, head_my):
    with pytest.raises(StateConflict) as refused:
        services.case_decide(case_id=marked.pk, by=head_my, **DECISION)
    assert refused.value.problems[0].code == "referral_pending"
    assert refused.value.problems[0].message == str(MSG_CASE_REFERRAL_PENDING)
    answer = client_of(head_my).post(
        f"/api/v1/cases/{marked.pk}/decision/", DECISION, format="json"
    )
    assert answer.status_code == 409
    error = answer.json()["errors"][0]
    assert error["code"] == "referral_pending" and "移送" in error["message"]
    assert Case.objects.get(pk=marked.pk).status == CaseStatus.NOTIFIED
    assert not AuditEvent.objects.filter(action="case_decided").exists()


def test_the_head_finds_the_thresholds_not_met_then_decides(marked, head_my, reviewer_my):
    with pytest.raises(NotAllowed):
        referrals.case_referral_decline(case_id=marked.pk, by=reviewer_my, reasons="未达标准")
    with pytest.raises(InvalidInput) as reached:
        referrals.case_referral_decline(
            case_id=marked.pk, by=head_my, reasons="x", quantities={"felling-stock": "25"}
        )
    assert reached.value.problems[0].field == "quantities.felling-stock"
    assert reached.value.problems[0].code == "thresholds_reached"
    case = referrals.case_referral_decline(
        case_id=marked.pk,
        by=head_my,
        reasons="经实测滥伐蓄积3.2立方米，未达到移送标准",
        quantities={"felling-stock": "3.2", "felling-value": "1500"},
    )
    assert not case.to_refer and case.referral_declined_by == head_my
    assert case.referral_declined_quantities == {
        "felling-stock": "3.20",
        "felling-value": "1500.00",
    }
    record = case.documents.get(kind=CaseDocumentKind.REFERRAL_DECLINED)
    printed = str(record.content)
    assert "不予移送涉嫌犯罪案件记录" in printed and "第十一条第一款" in printed
    assert "滥伐林木（felling-stock）：3.20" in printed and "移送标准20" in printed
    assert "立木蓄积二十立方米以上" in printed
    assert document_pdf(record.content).startswith(b"%PDF")
    event = AuditEvent.objects.get(action="case_referral_declined")
    assert event.details["quantities"] == case.referral_declined_quantities
    assert event.details["document_number"] == record.number
    decided = services.case_decide(case_id=case.pk, by=head_my, **DECISION)
    assert decided.status == CaseStatus.DECIDED
    with pytest.raises(StateConflict) as again:
        referrals.case_referral_decline(case_id=case.pk, by=head_my, reasons="x")
    assert again.value.problems[0].message == str(MSG_CASE_NOT_TO_REFER)


def test_a_case_not_marked_has_nothing_to_decline(articles, head_my, reviewer_my, reviewer_my2):
    case = through_notice(head_my, reviewer_my, reviewer_my2)
    with pytest.raises(StateConflict) as refused:
        referrals.case_referral_decline(case_id=case.pk, by=head_my, reasons="x")
    assert refused.value.problems[0].message == str(MSG_CASE_NOT_TO_REFER)


def test_a_referred_case_is_decided_after_the_police_decline(marked, head_my, reviewer_my):
    Case.objects.filter(pk=marked.pk).update(status=CaseStatus.INVESTIGATED)
    refer(marked, head_my)
    case = services.case_referral_answer(
        case_id=marked.pk,
        by=reviewer_my,
        accepted=False,
        answered_on=date.today(),
        note="犯罪事实显著轻微",
    )
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.NOTIFIED)
    assert services.case_decide(case_id=case.pk, by=head_my, **DECISION).outcome == "penalty"


def test_the_api_declines_with_field_errors(marked, head_my):
    url = f"/api/v1/cases/{marked.pk}/referral-decline/"
    reached = client_of(head_my).post(
        url, {"reasons": "x", "quantities": {"theft-saplings": "250"}}, format="json"
    )
    assert reached.status_code == 400
    error = reached.json()["errors"][0]
    assert error["field"] == "quantities.theft-saplings" and "第十一条" in error["message"]
    answer = client_of(head_my).post(
        url, {"reasons": "幼树30株", "quantities": {"theft-saplings": "30"}}, format="json"
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["to_refer"] is False and body["referral_declined_reasons"] == "幼树30株"


# ------------------------------------------------------ 按相应比例折算合计 (法释〔2023〕8号)


def test_stock_and_saplings_are_reckoned_together_in_proportion(articles, referable):
    thresholds = law.referral_thresholds(referable.agency.jurisdiction_id)
    # 盗伐: 3 m³ of 5 and 100 saplings of 200: 0.6 + 0.5 = 1.1, reached together.
    found = {"theft-stock": Decimal("3"), "theft-saplings": Decimal("100")}
    assert not law.thresholds_met(thresholds, found)
    (combined,) = law.combinations(thresholds, found)
    assert combined.group == "theft-count" and combined.met
    assert combined.share == Decimal("1.1") and "按相应比例折算合计" in combined.source
    # The value is not part of the sum (item (三) names items (一) and (二) only).
    below = {"theft-stock": Decimal("2"), "theft-value": Decimal("19000")}
    assert not law.combinations(thresholds, below) and not law.thresholds_met(thresholds, below)
    # 公益林地 3 亩 of 5 and 商品林地 3 亩 of 10: 0.6 + 0.3 = 0.9, not reached.
    land = {"occupation-public": Decimal("3"), "occupation-commercial": Decimal("3")}
    (occupation,) = law.combinations(thresholds, land)
    assert occupation.share == Decimal("0.9") and not occupation.met


def test_a_combined_sum_refuses_the_decline_and_prints_on_the_referral(marked, referable, head_my):
    with pytest.raises(InvalidInput) as reached:
        referrals.case_referral_decline(
            case_id=marked.pk,
            by=head_my,
            reasons="x",
            quantities={"theft-stock": "3", "theft-saplings": "100"},
        )
    fields = {p.field for p in reached.value.problems}
    assert fields == {"quantities.theft-stock", "quantities.theft-saplings"}
    case = refer(referable, head_my, quantities={"theft-stock": "3", "theft-saplings": "100"})
    report = str(case.documents.get(kind=CaseDocumentKind.REFERRAL_REPORT).content)
    assert "按相应比例折算合计：株（幼树） 100.00÷200 + 立方米（立木蓄积） 3.00÷5 = 1.10" in report
    assert "1.10（达到移送标准）" in report
    assert "但按相应比例折算合计达到有关标准的" in report
    event = AuditEvent.objects.get(action="case_referred")
    assert (
        event.details["combined_met"] == ["theft-count"] and event.details["thresholds_met"] == []
    )


# ------------------------------------------------------------- closed by the transfer


def test_the_head_closes_a_case_the_police_opened(accepted, head_my, reviewer_my):
    with pytest.raises(NotAllowed):
        referrals.case_transfer_close(
            case_id=accepted.pk, by=reviewer_my, handed_over_on=date.today()
        )
    with pytest.raises(InvalidInput):
        referrals.case_transfer_close(
            case_id=accepted.pk, by=head_my, handed_over_on=date.today() - timedelta(days=1)
        )
    case = referrals.case_transfer_close(
        case_id=accepted.pk,
        by=head_my,
        handed_over_on=date.today().isoformat(),
        note="涉案木材及询问笔录已移交",
    )
    assert case.status == CaseStatus.CLOSED and case.outcome == CaseOutcome.TRANSFERRED
    assert case.closed_by == head_my and case.handed_over_on == date.today()
    report = case.documents.get(kind=CaseDocumentKind.TRANSFER_CLOSE)
    printed = str(report.content)
    assert "移送案件结案报告" in printed and POLICE in printed and "第十二条" in printed
    assert "移送公安机关立案" in printed and "涉案木材及询问笔录已移交" in printed
    assert document_pdf(report.content).startswith(b"%PDF")
    event = AuditEvent.objects.get(action="case_transfer_closed")
    assert event.details["document_number"] == report.number and event.to_status == "closed"
    with pytest.raises(StateConflict):
        referrals.case_transfer_close(case_id=case.pk, by=head_my, handed_over_on=date.today())


def test_a_case_not_accepted_is_not_closed_by_transfer(referable, head_my):
    refer(referable, head_my)
    with pytest.raises(StateConflict) as refused:
        referrals.case_transfer_close(case_id=referable.pk, by=head_my, handed_over_on=date.today())
    assert refused.value.problems[0].message == str(MSG_CASE_NOT_ACCEPTED_BY_POLICE)


# ------------------------------------------------------ sent back for a penalty (art. 27)


def test_a_case_sent_back_for_a_penalty_goes_back_and_continues(accepted, reviewer_my, head_my):
    with pytest.raises(InvalidInput) as refused:
        referrals.case_referral_return(
            case_id=accepted.pk, by=reviewer_my, authority=" ", ground="?", returned_on=date.today()
        )
    assert {p.field: p.message for p in refused.value.problems} == {
        "authority": str(MSG_CASE_RETURN_AUTHORITY),
        "ground": str(MSG_CASE_RETURN_GROUND),
    }
    case = referrals.case_referral_return(
        case_id=accepted.pk,
        by=reviewer_my,
        authority="北京市密云区人民检察院",
        ground="no_criminal_liability",
        returned_on=date.today().isoformat(),
        note="不起诉，建议给予行政处罚",
    )
    assert case.status == CaseStatus.INVESTIGATED and case.returned_on == date.today()
    assert case.police_answer == "accepted" and case.return_ground == "no_criminal_liability"
    event = AuditEvent.objects.get(action="case_returned")
    assert event.details["authority"] == "北京市密云区人民检察院"
    notice = services.case_prior_notice(
        case_id=case.pk, by=reviewer_my, article="forest-76-2", fine="6000", base_value="1500"
    )
    assert notice.status == CaseStatus.NOTIFIED
    with pytest.raises(StateConflict):
        referrals.case_referral_return(
            case_id=case.pk,
            by=reviewer_my,
            authority="x",
            ground="exempted",
            returned_on=date.today(),
        )


def test_the_api_closes_and_returns(accepted, head_my, reviewer_my, head_jz):
    url = f"/api/v1/cases/{accepted.pk}/"
    body = {
        "authority": "北京市密云区人民法院",
        "ground": "exempted",
        "returned_on": date.today().isoformat(),
    }
    assert client_of(head_jz).post(url + "referral-return/", body, format="json").status_code == 404
    answer = client_of(reviewer_my).post(url + "referral-return/", body, format="json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "investigated"
    assert answer.json()["return_ground"] == "exempted"
    closing = {"handed_over_on": date.today().isoformat()}
    refused = client_of(head_my).post(url + "transfer-close/", closing, format="json")
    assert refused.status_code == 409
    assert refused.json()["errors"][0]["code"] == "not_accepted_by_police"


def test_the_api_closes_by_transfer(accepted, head_my):
    url = f"/api/v1/cases/{accepted.pk}/transfer-close/"
    answer = client_of(head_my).post(
        url, {"handed_over_on": date.today().isoformat()}, format="json"
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "closed" and answer.json()["outcome"] == "transferred"


# ------------------------------------------------------------------- the case page


def test_the_case_page_posts_the_quantities_with_field_errors(client, referable, head_my):
    client.force_login(head_my)
    url = f"/cases/{referable.pk}/"
    page = client.get(url).content.decode()
    assert 'name="quantities.theft-stock"' in page and 'name="quantities.occupation-public"' in page
    wrong = client.post(
        url,
        {
            "action": "referral",
            "police_agency": POLICE,
            "reasons": "盗伐数量较大",
            "quantities.theft-stock": "-1",
            "quantities.theft-value": "很多",
        },
    )
    assert wrong.status_code == 200
    form = wrong.context["forms"]["referral"]
    assert form.errors["quantities.theft-stock"] == [str(MSG_CASE_QUANTITY_FIELD)]
    assert form.errors["quantities.theft-value"] == [str(MSG_CASE_QUANTITY_FIELD)]
    assert str(MSG_CASE_QUANTITY_FIELD) in wrong.content.decode()
    answer = client.post(
        url,
        {
            "action": "referral",
            "police_agency": POLICE,
            "reasons": "盗伐数量较大",
            "quantities.theft-stock": "7.5",
            "quantities.theft-saplings": "",
            "quantities.occupation-public": "1.2",
        },
    )
    assert answer.status_code == 302
    case = Case.objects.get(pk=referable.pk)
    assert case.referral_quantities == {"theft-stock": "7.50", "occupation-public": "1.20"}


def test_the_case_page_declines_closes_and_returns(client, marked, head_my, reviewer_my):
    client.force_login(head_my)
    url = f"/cases/{marked.pk}/"
    page = client.get(url).content.decode()
    assert 'value="referral_decline"' in page
    reached = client.post(
        url, {"action": "referral_decline", "reasons": "x", "quantities.felling-stock": "30"}
    )
    assert reached.status_code == 200
    errors = reached.context["forms"]["referral_decline"].errors["quantities.felling-stock"]
    assert "第十一条" in errors[0]
    declined = client.post(
        url, {"action": "referral_decline", "reasons": "未达标准", "quantities.felling-stock": "3"}
    )
    assert declined.status_code == 302
    page = client.get(url).content.decode()
    assert 'id="case-referral-declined"' in page and 'value="referral_decline"' not in page


def test_the_case_page_closes_a_transferred_case(client, accepted, head_my, reviewer_my):
    client.force_login(reviewer_my)
    url = f"/cases/{accepted.pk}/"
    page = client.get(url).content.decode()
    assert 'value="referral_return"' in page and 'value="transfer_close"' not in page
    client.force_login(head_my)
    answer = client.post(
        url, {"action": "transfer_close", "handed_over_on": date.today().isoformat()}
    )
    assert answer.status_code == 302
    assert Case.objects.get(pk=accepted.pk).outcome == CaseOutcome.TRANSFERRED
    page = client.get(url).content.decode()
    assert 'id="case-transferred"' in page
