"""The referral of a suspected crime to the police (issue 48 items 4, 5; 行政执法机关移送涉嫌犯罪
案件的规定 arts. 3, 5, 6, 8, 10): the head's approval and its two documents, the police's answer,
the case marked from a source closed as ``referred``, and the refusals."""

from datetime import date, timedelta

import pytest
from django.test import Client
from rest_framework.test import APIClient

from audit.models import AuditEvent
from core.errors import InvalidInput, NotAllowed, NotVisible, StateConflict
from core.messages import (
    MSG_CASE_NOT_REFERRED,
    MSG_CASE_POLICE_AGENCY,
    MSG_CASE_POLICE_NOTE,
    MSG_CASE_REFERRAL_REASONS,
)
from documents.pdf_files import document_pdf
from enforcement import law, referrals, services
from enforcement.models import (
    Case,
    CaseDocumentKind,
    CaseStatus,
    EnforcementStandard,
    ReferralThreshold,
    ThresholdUnit,
)
from forest_watch import services as watch
from roles.models import Agency, Role
from roles.services import role_revoke
from tests.enforcement.test_cases import EVIDENCE, PERSON, a_patch, opened
from tests.factories import member

pytestmark = pytest.mark.django_db

POLICE = "北京市公安局密云分局"
VERIFIED = {
    "checked_on": date.today().isoformat(),
    "inspectors": ["district_my", "district_my2"],
    "change_type": "felling",
    "finding": "现场为皆伐迹地，未见采伐许可证。",
    "measured_area_ha": "1.42",
}


def client_of(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def investigated(articles, head_my, reviewer_my, reviewer_my2):
    case = opened(head_my, facts="无证采伐油松，伐桩86个")
    services.case_register(case_id=case.pk, by=head_my, party=PERSON)
    services.case_evidence(
        case_id=case.pk, by=reviewer_my, officers=["district_my", "district_my2"], evidence=EVIDENCE
    )
    return Case.objects.get(pk=case.pk)


def refer(case, head, **extra):
    return services.case_refer(
        case_id=case.pk,
        by=head,
        police_agency=POLICE,
        reasons="盗伐立木蓄积约7.5立方米，达到刑事立案标准",
        **extra,
    )


def test_a_case_from_a_patch_closed_referred_is_marked_to_be_referred(
    articles, head_my, reviewer_my, reviewer_my2
):
    patch = a_patch()
    watch.patch_verify(patch_id=patch.pk, by=reviewer_my, today=None, **VERIFIED)
    watch.patch_close(
        patch_id=patch.pk, by=head_my, outcome="referred", findings="盗伐蓄积约8立方米。"
    )
    case = Case.objects.get(source="patch", source_id=str(patch.pk))
    assert case.to_refer and case.status == CaseStatus.OPENED
    page = client_of(head_my).get(f"/api/v1/cases/{case.pk}/").json()
    assert page["to_refer"] is True and page["police_answer"] == ""
    assert not opened(head_my).to_refer


def test_the_head_refers_with_the_letter_and_the_report(investigated, head_my):
    case = refer(investigated, head_my, quantities={"theft-stock": "7.5", "theft-value": "900"})
    assert case.status == CaseStatus.REFERRED and case.referred_from == CaseStatus.INVESTIGATED
    assert case.transfer_by == case.referred_at + timedelta(hours=24)
    assert case.referral_quantities == {"theft-stock": "7.50", "theft-value": "900.00"}
    letter = case.documents.get(kind=CaseDocumentKind.CRIME_REFERRAL)
    report = case.documents.get(kind=CaseDocumentKind.REFERRAL_REPORT)
    printed = str(letter.content)
    assert letter.number.startswith("密园林刑移〔") and report.number in printed
    assert POLICE in printed and "第二十七条" in printed and "24" not in letter.number
    assert "涉嫌犯罪案件情况的调查报告" in printed and "第六条" in printed
    reported = str(report.content)
    assert "实测伐桩直径" in reported and "theft-stock：7.50（达到移送标准）" in reported
    assert "立木蓄积五立方米以上" in reported and "价值二万元以上" not in reported
    assert document_pdf(letter.content).startswith(b"%PDF")
    assert document_pdf(report.content).startswith(b"%PDF")
    event = AuditEvent.objects.filter(action="case_referred").get()
    assert event.details["thresholds_met"] == ["theft-stock"]
    assert event.details["document_number"] == letter.number


def test_a_jurisdiction_sets_its_own_threshold_and_hours(investigated, head_my):
    jurisdiction_id = investigated.agency.jurisdiction_id
    ReferralThreshold.objects.create(
        code="theft-stock",
        jurisdiction_id=jurisdiction_id,
        offence="盗伐林木",
        unit=ThresholdUnit.CUBIC_METRES,
        quantity=10,
        source="本市标准",
    )
    standard = law.standard_of(jurisdiction_id)
    EnforcementStandard.objects.create(
        jurisdiction_id=jurisdiction_id,
        **{**standard.__dict__, "referral_hours": 12},
    )
    rows = {t.code: t for t in law.referral_thresholds(jurisdiction_id)}
    assert rows["theft-stock"].quantity == 10 and rows["felling-stock"].quantity == 20
    case = refer(investigated, head_my, quantities={"theft-stock": 7.5})
    assert case.transfer_by == case.referred_at + timedelta(hours=12)
    event = AuditEvent.objects.filter(action="case_referred").get()
    assert event.details["thresholds_met"] == []


def test_not_accepted_the_case_goes_back_and_continues(investigated, head_my, reviewer_my):
    refer(investigated, head_my)
    with pytest.raises(InvalidInput) as refused:
        services.case_referral_answer(
            case_id=investigated.pk, by=reviewer_my, accepted=False, answered_on=date.today()
        )
    assert refused.value.problems[0].message == str(MSG_CASE_POLICE_NOTE)
    case = services.case_referral_answer(
        case_id=investigated.pk,
        by=reviewer_my,
        accepted=False,
        answered_on=date.today().isoformat(),
        note="犯罪事实显著轻微，不予立案",
    )
    assert case.status == CaseStatus.INVESTIGATED and case.police_answer == "not_accepted"
    with pytest.raises(StateConflict) as again:
        services.case_referral_answer(
            case_id=case.pk, by=reviewer_my, accepted=True, answered_on=date.today()
        )
    assert again.value.problems[0].message == str(MSG_CASE_NOT_REFERRED)
    with pytest.raises(StateConflict):
        refer(case, head_my)
    # The administrative case goes on: the prior notice may now be served.
    notice = services.case_prior_notice(
        case_id=case.pk, by=reviewer_my, article="forest-76-2", fine="6000", base_value="1500"
    )
    assert notice.status == CaseStatus.NOTIFIED


def test_accepted_the_case_stays_with_the_police(investigated, head_my, reviewer_my):
    refer(investigated, head_my)
    with pytest.raises(InvalidInput):
        services.case_referral_answer(
            case_id=investigated.pk,
            by=reviewer_my,
            accepted=True,
            answered_on=date.today() + timedelta(days=1),
        )
    case = services.case_referral_answer(
        case_id=investigated.pk, by=reviewer_my, accepted=True, answered_on=date.today()
    )
    assert case.status == CaseStatus.REFERRED and case.police_answer == "accepted"
    assert AuditEvent.objects.filter(action="case_referral_answered").count() == 1


def test_the_refusals(investigated, head_my, reviewer_my, head_jz):
    with pytest.raises(NotAllowed):
        refer(investigated, reviewer_my)
    with pytest.raises(NotVisible):
        refer(investigated, head_jz)
    with pytest.raises(InvalidInput) as refused:
        services.case_refer(case_id=investigated.pk, by=head_my, police_agency=" ", reasons="")
    fields = {p.field: p.message for p in refused.value.problems}
    assert fields == {
        "police_agency": str(MSG_CASE_POLICE_AGENCY),
        "reasons": str(MSG_CASE_REFERRAL_REASONS),
    }
    with pytest.raises(InvalidInput) as unknown:
        refer(investigated, head_my, quantities={"rumour": 1})
    assert unknown.value.problems[0].field == "quantities.rumour"
    with pytest.raises(StateConflict):
        services.case_referral_answer(
            case_id=investigated.pk, by=reviewer_my, accepted=True, answered_on=date.today()
        )
    assert Case.objects.get(pk=investigated.pk).status == CaseStatus.INVESTIGATED
    assert not AuditEvent.objects.filter(action="case_referred").exists()


def test_the_api_refers_and_records_the_answer(investigated, head_my, reviewer_my, head_jz):
    url = f"/api/v1/cases/{investigated.pk}/"
    body = {"police_agency": POLICE, "reasons": "盗伐数量较大"}
    assert client_of(reviewer_my).post(url + "referral/", body, format="json").status_code == 403
    assert client_of(head_jz).post(url + "referral/", body, format="json").status_code == 404
    missing = client_of(head_my).post(url + "referral/", {"reasons": "x"}, format="json")
    assert missing.status_code == 400
    error = missing.json()["errors"][0]
    assert error["field"] == "police_agency" and "公安机关" in error["message"]
    answer = client_of(head_my).post(url + "referral/", body, format="json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "referred" and answer.json()["police_agency"] == POLICE
    again = client_of(head_my).post(url + "referral/", body, format="json")
    assert again.status_code == 409
    kinds = [d["kind"] for d in client_of(head_my).get(url + "documents/").json()]
    assert kinds[-2:] == ["referral_report", "crime_referral"]
    reply = {"accepted": True, "answered_on": date.today().isoformat(), "note": "已立案"}
    answered = client_of(reviewer_my).post(url + "referral-answer/", reply, format="json")
    assert answered.status_code == 200, answered.content
    assert answered.json()["police_answer"] == "accepted"
    twice = client_of(reviewer_my).post(url + "referral-answer/", reply, format="json")
    assert twice.status_code == 409


def test_a_decided_case_is_not_referred(articles, head_my):
    case = opened(head_my)
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.DECIDED)
    answer = client_of(head_my).post(
        f"/api/v1/cases/{case.pk}/referral/",
        {"police_agency": POLICE, "reasons": "x"},
        format="json",
    )
    assert answer.status_code == 409 and answer.json()["errors"][0]["code"] == "wrong_status"


def test_the_case_page_refers_and_records_the_answer(client, investigated, head_my, reviewer_my):
    client.force_login(head_my)
    page = client.get(f"/cases/{investigated.pk}/").content.decode()
    assert 'value="referral"' in page and "盗伐林木：5 立方米（立木蓄积）" in page
    refused = client.post(f"/cases/{investigated.pk}/", {"action": "referral", "reasons": "x"})
    assert refused.status_code == 200
    answer = client.post(
        f"/cases/{investigated.pk}/",
        {"action": "referral", "police_agency": POLICE, "reasons": "盗伐数量较大"},
    )
    assert answer.status_code == 302
    client.force_login(reviewer_my)
    page = client.get(f"/cases/{investigated.pk}/").content.decode()
    assert POLICE in page and 'value="referral_answer"' in page
    answer = client.post(
        f"/cases/{investigated.pk}/",
        {
            "action": "referral_answer",
            "accepted": "no",
            "answered_on": date.today().isoformat(),
            "note": "不予立案",
        },
    )
    assert answer.status_code == 302
    assert Case.objects.get(pk=investigated.pk).status == CaseStatus.INVESTIGATED


def test_only_the_principal_head_approves_or_declines_a_referral(investigated, head_my):
    """移送规定 art. 5(2): 正职负责人或者主持工作的负责人, not any head of the agency."""
    deputy = member(role=Role.HEAD, agency_code="110118-forestry", username="deputy_my")
    agency = Agency.objects.get(code="110118-forestry")
    # The agency's first head is its principal; a second head is not.
    assert agency.principal_head == head_my
    Case.objects.filter(pk=investigated.pk).update(to_refer=True)
    with pytest.raises(NotAllowed):
        refer(investigated, deputy)
    with pytest.raises(NotAllowed):
        referrals.case_referral_decline(
            case_id=investigated.pk, by=deputy, reasons="未达到追诉标准"
        )
    client = Client()
    client.force_login(deputy)
    page = client.get(f"/cases/{investigated.pk}/").content.decode()
    assert 'id="act-referral"' not in page and 'id="act-referral_decline"' not in page
    # The administrator names the deputy presiding over the agency's work: the deputy refers.
    Agency.objects.filter(pk=agency.pk).update(principal_head=deputy)
    with pytest.raises(NotAllowed):
        refer(investigated, head_my)
    assert refer(investigated, deputy).status == CaseStatus.REFERRED
    letter = investigated.documents.get(kind=CaseDocumentKind.CRIME_REFERRAL).content["document"]
    assert "经本机关正职负责人或者主持工作的负责人" in "".join(letter["paragraphs"])


def test_a_principal_head_who_stops_being_a_head_is_no_longer_the_principal(head_my):
    agency = Agency.objects.get(code="110118-forestry")
    assert agency.principal_head == head_my
    role_revoke(membership=head_my.memberships.get(role=Role.HEAD, agency=agency))
    agency.refresh_from_db()
    assert agency.principal_head is None
