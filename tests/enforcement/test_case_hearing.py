"""The hearing of an enforcement case (行政处罚法 arts. 63-65, issue 48 item 5): scheduled by the
head with its notice, held with its record or waived, the decision waiting for it; the refusals
through the service and the API, the documents as printed, the case page's forms."""

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from audit.models import AuditEvent
from core.errors import InvalidInput, NotAllowed, StateConflict
from core.messages import (
    MSG_CASE_HEARING_AWAITED,
    MSG_CASE_PRESIDING_INVESTIGATOR,
)
from documents.pdf_files import document_pdf
from enforcement import hearings, services, serving
from enforcement.models import Case, CaseDocumentKind, CaseHearingStatus, CaseStatus
from permits.models import Notification
from tests.enforcement.test_cases import client_of, through_notice
from workflows.deadlines import add_working_days

pytestmark = pytest.mark.django_db

LARGE_FINE = {"article": "forest-76-1", "fine": "15000", "base_value": "2000"}
DECISION = {"outcome": "penalty", "reasons": "盗伐事实清楚", **LARGE_FINE}
RECORD = "调查人员出示伐桩照片及测量记录。\n当事人称系误伐，请求从轻处罚。"


@pytest.fixture
def requested(articles, head_my, reviewer_my, reviewer_my2, legal_my):
    """A case told a large fine (a hearing right) whose party asked for a hearing."""
    case = through_notice(head_my, reviewer_my, reviewer_my2, **LARGE_FINE)
    assert case.hearing_right
    services.case_statement(case_id=case.pk, by=reviewer_my, hearing_requested=True)
    return case


def earliest() -> date:
    return add_working_days(date.today(), 7)


def schedule(case, by, **values):
    body = {"held_on": earliest(), "place": "密云区园林绿化局第一会议室", "presiding": "legal_my"}
    return hearings.case_hearing_schedule(case_id=case.pk, by=by, **{**body, **values})


def problem(raised) -> tuple[str, str, str]:
    first = raised.value.problems[0]
    return first.field, first.code, first.message


def test_a_hearing_scheduled_held_and_the_decision_resting_on_its_record(
    requested, head_my, reviewer_my, legal_my
):
    case = requested
    with pytest.raises(StateConflict) as waiting:
        services.case_decide(case_id=case.pk, by=head_my, **DECISION)
    assert str(MSG_CASE_HEARING_AWAITED) in str(waiting.value.detail) or "听证" in str(
        waiting.value.detail
    )
    schedule(case, head_my)
    hearing = case.hearing.__class__.objects.get(case=case)
    assert hearing.status == CaseHearingStatus.SCHEDULED and hearing.presiding == legal_my
    notice = case.documents.get(kind=CaseDocumentKind.HEARING_NOTICE)
    printed = notice.content["document"]
    assert printed["title"] == "行政处罚听证通知书" and "罚听通" in notice.number
    assert "公开举行" in "".join(printed["paragraphs"])
    assert any("七日前" in ground for ground in printed["grounds"])
    assert Notification.objects.filter(recipient=legal_my, message__contains=notice.number)
    with pytest.raises(StateConflict) as unheard:  # art. 58(2): the review follows the hearing
        services.case_legal_review(case_id=case.pk, by=legal_my, passed=True, opinion="同意")
    assert unheard.value.problems[0].code == "hearing_awaited"
    with pytest.raises(StateConflict) as early:  # not before the hearing's day
        hearings.case_hearing_record(case_id=case.pk, by=reviewer_my, held=True, record=RECORD)
    assert early.value.problems[0].code == "hearing_not_yet"
    with time_machine.travel(earliest(), tick=False):
        hearings.case_hearing_record(case_id=case.pk, by=reviewer_my, held=True, record=RECORD)
        record = case.documents.get(kind=CaseDocumentKind.HEARING_RECORD)
        printed = record.content["document"]
        assert printed["title"] == "行政处罚听证笔录"
        assert printed["items"] == RECORD.splitlines()
        assert any("张三丰" in line for line in printed["signatures"])
        assert "核对无误后签字或者盖章" in "".join(printed["paragraphs"])
        assert document_pdf(record.content).startswith(b"%PDF")
        assert document_pdf(notice.content).startswith(b"%PDF")
        with pytest.raises(StateConflict):  # recorded once
            hearings.case_hearing_record(case_id=case.pk, by=reviewer_my, waived=True)
        services.case_legal_review(case_id=case.pk, by=legal_my, passed=True, opinion="同意")
        decided = services.case_decide(case_id=case.pk, by=head_my, **DECISION)
    assert decided.status == CaseStatus.DECIDED
    decision = case.documents.get(kind=CaseDocumentKind.PENALTY_DECISION).content["document"]
    assert f"听证笔录：{record.number}" in "".join(decision["paragraphs"])
    actions = list(
        AuditEvent.objects.filter(details__case_id=case.pk)
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions[-4:] == [
        "case_hearing_scheduled",
        "case_hearing_held",
        "case_reviewed",
        "case_decided",
    ]


def test_the_schedule_refused(requested, head_my, reviewer_my):
    case = requested
    with pytest.raises(InvalidInput) as early:  # art. 64(2): seven working days' notice
        schedule(case, head_my, held_on=date.today() + timedelta(days=3))
    assert problem(early)[:2] == ("held_on", "invalid")
    with pytest.raises(InvalidInput) as investigator:  # art. 64(4)
        schedule(case, head_my, presiding="district_my")
    assert problem(investigator) == (
        "presiding",
        "investigator",
        str(MSG_CASE_PRESIDING_INVESTIGATOR),
    )
    with pytest.raises(InvalidInput) as stranger:
        schedule(case, head_my, presiding="district_yq")
    assert problem(stranger)[:2] == ("presiding", "unknown")
    with pytest.raises(InvalidInput) as private:  # art. 64(3)
        schedule(case, head_my, public=False)
    assert problem(private)[:2] == ("private_reason", "required")
    with pytest.raises(NotAllowed):  # the head schedules
        schedule(case, reviewer_my)
    with pytest.raises(StateConflict) as unscheduled:
        hearings.case_hearing_record(case_id=case.pk, by=reviewer_my, held=True, record=RECORD)
    assert unscheduled.value.problems[0].code == "hearing_not_scheduled"
    assert not case.documents.filter(kind=CaseDocumentKind.HEARING_NOTICE).exists()
    schedule(case, head_my, public=False, private_reason="涉及个人隐私")
    with pytest.raises(StateConflict):
        schedule(case, head_my)


def test_no_hearing_to_schedule_without_a_request(articles, head_my, reviewer_my, reviewer_my2):
    case = through_notice(head_my, reviewer_my, reviewer_my2, **LARGE_FINE)
    services.case_statement(case_id=case.pk, by=reviewer_my, statement="无异议")
    with pytest.raises(StateConflict) as refused:
        schedule(case, head_my)
    assert refused.value.problems[0].code == "hearing_not_requested"


def test_a_hearing_asked_for_after_the_period_is_refused(
    articles, head_my, reviewer_my, reviewer_my2
):
    case = through_notice(head_my, reviewer_my, reviewer_my2, **LARGE_FINE)
    serving.case_serve(
        case_id=case.pk,
        by=reviewer_my,
        document=case.documents.get(kind=CaseDocumentKind.PENALTY_PRIOR_NOTICE).pk,
        method="direct",
        served_on=timezone.localdate(),
        recipient="张三丰",
    )
    case = Case.objects.get(pk=case.pk)
    assert case.statement_due is not None
    after = case.statement_due + timedelta(days=1)
    with time_machine.travel(after, tick=False), pytest.raises(StateConflict) as late:
        services.case_statement(case_id=case.pk, by=reviewer_my, hearing_requested=True)
    assert late.value.problems[0].code == "hearing_request_late"


def test_a_hearing_waived_lets_the_decision_go_on(requested, head_my, reviewer_my, legal_my):
    case = requested
    hearings.case_hearing_record(
        case_id=case.pk, by=reviewer_my, waived=True, record="当事人书面撤回听证申请"
    )
    record = case.documents.get(kind=CaseDocumentKind.HEARING_RECORD).content["document"]
    assert record["title"] == "放弃听证记录"
    assert "视为放弃听证权利" in "".join(record["paragraphs"])
    services.case_legal_review(case_id=case.pk, by=legal_my, passed=True, opinion="同意")
    assert services.case_decide(case_id=case.pk, by=head_my, **DECISION).status == "decided"
    decision = case.documents.get(kind=CaseDocumentKind.PENALTY_DECISION).content["document"]
    assert "当事人放弃听证权利" in "".join(decision["paragraphs"])


def test_the_hearing_through_the_api(requested, head_my, reviewer_my, reviewer_yq):
    case = requested
    url = f"/api/v1/cases/{case.pk}/"
    body = {"held_on": earliest().isoformat(), "place": "第一会议室", "presiding": "legal_my"}
    other = client_of(reviewer_yq).post(url + "hearing/", body, format="json")
    assert other.status_code == 404
    early = {**body, "held_on": (date.today() + timedelta(days=2)).isoformat()}
    refused = client_of(head_my).post(url + "hearing/", early, format="json")
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "held_on"
    assert "听证" in refused.json()["errors"][0]["message"]
    investigator = {**body, "presiding": "district_my2"}
    refused = client_of(head_my).post(url + "hearing/", investigator, format="json")
    assert refused.status_code == 400 and refused.json()["errors"][0]["code"] == "investigator"
    decided = client_of(head_my).post(url + "decision/", DECISION, format="json")
    assert decided.status_code == 409 and decided.json()["errors"][0]["code"] == "hearing_awaited"
    answer = client_of(head_my).post(url + "hearing/", body, format="json")
    assert answer.status_code == 200
    assert answer.json()["hearing"]["status"] == "scheduled"
    assert answer.json()["hearing"]["presiding"] == "legal_my"
    neither = client_of(reviewer_my).post(url + "hearing-record/", {}, format="json")
    assert neither.status_code == 400
    with time_machine.travel(earliest(), tick=False):
        held = client_of(reviewer_my).post(
            url + "hearing-record/", {"held": True, "record": RECORD}, format="json"
        )
    assert held.status_code == 200 and held.json()["hearing"]["status"] == "held"
    kinds = {d["kind"] for d in client_of(head_my).get(url + "documents/").json()}
    assert {"case_hearing_notice", "case_hearing_record"} <= kinds


def test_the_case_page_offers_the_hearing_forms(client, requested, head_my, reviewer_my):
    case = requested
    client.force_login(head_my)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'value="hearing"' in page and "听证主持人" in page
    answer = client.post(
        f"/cases/{case.pk}/",
        {
            "action": "hearing",
            "held_on": earliest().isoformat(),
            "place": "第一会议室",
            "presiding": "district_my",
            "public": "1",
        },
    )
    assert answer.status_code == 200 and "非本案调查人员" in answer.content.decode()
    answer = client.post(
        f"/cases/{case.pk}/",
        {
            "action": "hearing",
            "held_on": earliest().isoformat(),
            "place": "第一会议室",
            "presiding": "legal_my",
            "public": "1",
        },
    )
    assert answer.status_code == 302
    client.force_login(reviewer_my)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'value="hearing_record"' in page and 'value="hearing"' not in page
    assert "第一会议室" in page
