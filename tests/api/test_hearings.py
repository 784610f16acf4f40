"""The hearing over HTTP (api.md "Hearings"; product.md §16 L16; Administrative Licensing Law
arts. 46–48): ``POST /tasks/{id}/hearing-notice/`` issues the 听证权利告知书,
``POST /applications/{id}/hearing-request/`` asks for it within its period (the decision period
pauses), ``POST /tasks/{id}/hearing/`` records it held by a presiding officer who did not
review the file (the period runs again), and the decision says it rests on the record."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import translation

from audit.models import AuditEvent
from core.messages import (
    MSG_HEARING_LATE_REASON,
    MSG_HEARING_LATE_REASON_APPROVAL,
    MSG_HEARING_REASON_REQUIRED,
    MSG_HEARING_REASON_REQUIRED_APPROVAL,
    MSG_HEARING_RECORD_FILE,
    MSG_HEARING_RECORD_FILE_APPROVAL,
    MSG_HEARING_REQUEST_LATE,
    MSG_HEARING_REQUEST_LATE_APPROVAL,
    MSG_HEARING_REQUEST_PERIOD,
    MSG_HEARING_REQUEST_PERIOD_APPROVAL,
    MSG_PRESIDING_REVIEWED,
    MSG_PRESIDING_REVIEWED_APPROVAL,
    MSG_TOLD_HEARING_OFFERED,
    MSG_TOLD_HEARING_OFFERED_APPROVAL,
    MSG_TOLD_HEARING_REQUESTED,
    MSG_TOLD_HEARING_REQUESTED_APPROVAL,
)
from documents.notices.hearings import ARTICLE_46, ARTICLE_48_2
from permits.choices import NotificationKind
from permits.models import Notification
from tests.factories import (
    committed,
    decide,
    decision_document,
    design_licensed,
    document_pdf,
    open_task_of,
    submit,
    tending_draft,
)
from tests.pdftools import pdf_text
from workflows.models import Hearing, HearingNotice

from .helpers import API, error_fields, pdf_file, record
from .helpers import decide as decide_over_http

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Monday 28 September 2026 (the National Day week follows; Saturday 10 October is a workday).
MONDAY = datetime(2026, 9, 28, 10, tzinfo=SHANGHAI)
# Accepted that Monday, a Beijing tending design is forwarded by the district within 20 working
# days and decided by 北京市园林绿化局 within 20 more (art. 43).
DECISION_DUE = "2026-11-27"
REASON = "作业区毗邻水源保护区，涉及公共利益"
RECORD = "申请人陈述：作业设计符合技术规程。\n审查人员：对采伐强度提出意见，申请人已答辩。"


@pytest.fixture(autouse=True)
def _monday(time_machine):
    time_machine.move_to(MONDAY, tick=False)


@pytest.fixture
def application(applicant_my):
    """A Beijing tending design under the 密云 district's review (no interested party)."""
    return submit(tending_draft(by=applicant_my), applicant_my)


@pytest.fixture
def task(application):
    return open_task_of(application)


def offer(client, task_id, body=None):
    body = {"reason": REASON} if body is None else body
    return committed(client.post, f"{API}/tasks/{task_id}/hearing-notice/", body, format="json")


def ask(client, application_id, body=None):
    return committed(
        client.post,
        f"{API}/applications/{application_id}/hearing-request/",
        body or {},
        format="json",
    )


def hold(client, task_id, presiding, **overrides):
    body = {
        "held_on": "2026-10-12",
        "presiding": presiding.username,
        "record": RECORD,
        "files": [pdf_file("听证笔录（签字）.pdf")],
        **overrides,
    }
    return committed(client.post, f"{API}/tasks/{task_id}/hearing/", body, format="multipart")


def flat(pdf: bytes) -> str:
    return pdf_text(pdf).replace("\n", "").replace(" ", "")


def test_offered_asked_for_held_and_cited_by_the_decision(
    client_for, application, task, applicant_my, reviewer_my, reviewer_my2, approver, time_machine
):
    reviewer, applicant = client_for(reviewer_my), client_for(applicant_my)
    response = offer(reviewer, task.pk)
    assert response.status_code == 201, response.json()
    hearing = response.json()
    (notice,) = hearing["notices"]
    assert notice["addressee_name"] == application.organisation.name
    assert notice["holder_credit_code"] == "" and notice["requested_on"] is None
    assert notice["document"]["kind"] == "hearing_notice"
    assert hearing["requested_on"] is None and hearing["record_document"] is None
    assert "request_hearing" in record(applicant, application.pk)["actions"]

    # Within the period and before any request, the step does not decide (art. 47).
    response = decide_over_http(reviewer, task.pk)
    assert response.status_code == 409
    assert error_fields(response) == {None: "hearing_request_period"}

    response = ask(applicant, application.pk)
    assert response.status_code == 201, response.json()
    asked = response.json()
    assert asked["requested_on"] == "2026-09-28" and asked["hold_by"]
    assert asked["notices"][0]["requested_on"] == "2026-09-28"
    body = record(applicant, application.pk)
    assert body["deadline"]["paused"] is True and body["deadline"]["decision_due_date"] is None
    assert body["special_procedures"][0]["kind"] == "hearing"
    assert "request_hearing" not in body["actions"]
    assert ask(applicant, application.pk).status_code == 409  # asked already

    # Two weeks later the hearing is held; the reviewer who offered it may not preside.
    time_machine.move_to(datetime(2026, 10, 12, 10, tzinfo=SHANGHAI), tick=False)
    response = hold(reviewer, task.pk, reviewer_my)
    assert response.status_code == 400
    assert error_fields(response) == {"presiding": "presiding_reviewed"}
    response = hold(reviewer, task.pk, reviewer_my2)
    assert response.status_code == 201, response.json()
    held = response.json()
    assert held["held_on"] == "2026-10-12" and held["record"] == RECORD
    assert held["presiding"]["username"] == reviewer_my2.username
    assert held["record_document"]["kind"] == "hearing_record"
    assert [a["kind"] for a in held["attachments"]] == ["hearing_record"]
    body = record(applicant, application.pk)
    assert body["deadline"]["paused"] is False
    # The days from the request to the hearing are not counted (art. 45): the same period as
    # a special procedure of those two weeks.
    assert body["deadline"]["decision_due_date"] == "2026-12-07"
    assert body["hearings"][0]["record_document"]["number"] == held["record_document"]["number"]

    actions = [e.action for e in AuditEvent.objects.filter(application_id=application.pk)]
    assert {"hearing_offered", "hearing_requested", "hearing_held"} <= set(actions)

    # The record's text, numbered; the decision rests on it (art. 48(2)).
    hearing_row = Hearing.objects.get(pk=held["id"])
    text = flat(document_pdf(hearing_row.record_document))
    assert "听证笔录" in text and reviewer_my2.get_full_name().replace(" ", "") in text
    assert "申请人陈述：作业设计符合技术规程。" in text and "第四十八条" in text
    detail = decide(application, reviewer_my)
    detail = decide(detail, approver)
    assert detail.status == "approved"
    text = flat(document_pdf(decision_document(detail)))
    assert held["record_document"]["number"] in text
    # A design's approval is a 批复 (issue 46 item 3): it rests on the record without art. 48(2)'s
    # licence words (an occupation's: tests/workflows/test_hearings.py).
    assert "本批复根据听证笔录作出" in text and ARTICLE_48_2 not in text


def test_the_notice_quotes_the_law_and_gives_the_period(client_for, application, task, reviewer_my):
    hearing = offer(client_for(reviewer_my), task.pk).json()
    notice = HearingNotice.objects.get(pk=hearing["notices"][0]["id"])
    assert notice.request_due_date.isoformat() == hearing["notices"][0]["request_due_date"]
    text = flat(document_pdf(notice.notice))
    assert "听证权利告知书" in text and ARTICLE_46 in text and REASON in text
    assert "5个工作日" in text and "20个工作日" in text and application.reference in text
    # A 批复: art. 46 followed by analogy; the time is the agency's commitment, not art. 45's.
    assert "参照《中华人民共和国行政许可法》第四十六条" in text and "第四十五条" not in text
    assert "不计算在本机关承诺的办理时限内；本机关将根据听证笔录作出批复。" in text


def test_a_request_after_the_period_is_refused(
    client_for, application, task, applicant_my, reviewer_my, time_machine
):
    hearing = offer(client_for(reviewer_my), task.pk).json()
    due = datetime.fromisoformat(hearing["notices"][0]["request_due_date"])
    time_machine.move_to(due.replace(hour=10, tzinfo=SHANGHAI) + timedelta(days=1), tick=False)
    applicant = client_for(applicant_my)
    assert "request_hearing" not in record(applicant, application.pk)["actions"]
    response = ask(applicant, application.pk)
    assert response.status_code == 409
    assert error_fields(response) == {None: "hearing_request_late"}
    assert record(applicant, application.pk)["deadline"]["paused"] is False
    # Nobody asked: the step decides, and the hearing may be offered again.
    assert decide_over_http(client_for(reviewer_my), task.pk).status_code == 200


def test_without_interested_parties_a_reason_is_required(client_for, task, reviewer_my):
    response = offer(client_for(reviewer_my), task.pk, {})
    assert response.status_code == 400
    assert error_fields(response) == {"reason": "required"}


def test_only_the_reviewing_agency_offers_and_one_at_a_time(
    client_for, application, task, reviewer_my, applicant_my, reviewer_yq
):
    assert offer(client_for(applicant_my), task.pk).status_code in (403, 404)
    assert offer(client_for(reviewer_yq), task.pk).status_code == 404
    assert offer(client_for(reviewer_my), task.pk).status_code == 201
    response = offer(client_for(reviewer_my), task.pk)
    assert response.status_code == 409
    assert error_fields(response) == {None: "hearing_open"}


def test_a_hearing_without_a_request_is_not_held(client_for, task, reviewer_my, reviewer_my2):
    offer(client_for(reviewer_my), task.pk)
    response = hold(client_for(reviewer_my), task.pk, reviewer_my2, held_on="2026-09-28")
    assert response.status_code == 409
    assert error_fields(response) == {None: "hearing_not_requested"}


def test_the_signed_record_is_required(
    client_for, application, task, applicant_my, reviewer_my, reviewer_my2
):
    offer(client_for(reviewer_my), task.pk)
    ask(client_for(applicant_my), application.pk)
    body = {"held_on": "2026-09-28", "presiding": reviewer_my2.username, "record": RECORD}
    response = client_for(reviewer_my).post(f"{API}/tasks/{task.pk}/hearing/", body, format="json")
    assert response.status_code == 400
    assert error_fields(response) == {"files": "required"}


def test_the_schema_states_the_contract():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = schema["paths"]
    for path in (
        "/api/v1/tasks/{id}/hearing-notice/",
        "/api/v1/applications/{id}/hearing-request/",
        "/api/v1/tasks/{id}/hearing/",
    ):
        responses = paths[path]["post"]["responses"]
        assert {"201", "400", "403", "404", "409"} <= set(responses), path
        assert "Hearing" in str(responses["201"])
    hold = paths["/api/v1/tasks/{id}/hearing/"]["post"]["requestBody"]["content"]
    assert {"application/json", "multipart/form-data"} <= set(hold)
    components = schema["components"]["schemas"]
    held = components["HearingHoldRequest"]["properties"]
    assert {"held_on", "presiding", "record", "files"} <= set(held)
    assert "hearings" in components["TendingDesign"]["properties"]
    kinds = components["DocumentKindEnum"]["enum"]
    assert {"hearing_notice", "hearing_record"} <= set(kinds)
    assert {"hearing_notice", "hearing"} <= set(components["TaskActionEnum"]["enum"])
    assert "request_hearing" in components["ApplicationActionEnum"]["enum"]


# --- Issue 46 item 3: a licence's messages cite arts. 46–48; a 批复's follow them by analogy ---

BY_ANALOGY = "参照《中华人民共和国行政许可法》"


def _errors(response) -> dict:
    return {e["field"]: e["message"] for e in response.json()["errors"]}


def _design(applicant_my, licence: bool):
    """A Beijing design under district review, its approval a licence or (as by default) a 批复."""
    if licence:
        design_licensed()
    application = submit(tending_draft(by=applicant_my), applicant_my)
    return application, open_task_of(application)


def _said(message: str, licence: bool, licensed, approval) -> None:
    """``message`` is the licence's wording or the 批复's, which alone says 参照."""
    assert message == str(licensed if licence else approval)
    assert (BY_ANALOGY in message) is not licence and "行政许可法" in message


@pytest.mark.parametrize("licence", [True, False], ids=["licence", "approval"])
def test_each_refusal_cites_the_law_for_a_licence_and_by_analogy_for_a_design(
    licence, client_for, applicant_my, reviewer_my, reviewer_my2, time_machine
):
    application, task = _design(applicant_my, licence)
    reviewer = client_for(reviewer_my)
    response = offer(reviewer, task.pk, {})
    assert response.status_code == 400
    reason = (MSG_HEARING_REASON_REQUIRED, MSG_HEARING_REASON_REQUIRED_APPROVAL)
    _said(_errors(response)["reason"], licence, *reason)

    due = offer(reviewer, task.pk).json()["notices"][0]["request_due_date"]
    response = decide_over_http(reviewer, task.pk)
    assert error_fields(response) == {None: "hearing_request_period"}
    period = (MSG_HEARING_REQUEST_PERIOD, MSG_HEARING_REQUEST_PERIOD_APPROVAL)
    assert _errors(response)[None] == str(period[0 if licence else 1]).format(due=due)
    assert (BY_ANALOGY in _errors(response)[None]) is not licence

    assert ask(client_for(applicant_my), application.pk).status_code == 201
    hold_by = Hearing.objects.get(application_id=application.pk).hold_by
    late = datetime.combine(hold_by + timedelta(days=3), datetime.min.time(), tzinfo=SHANGHAI)
    time_machine.move_to(late.replace(hour=10), tick=False)
    held_on = late.date().isoformat()
    response = hold(reviewer, task.pk, reviewer_my, held_on=held_on, late_reason="主持人出差")
    assert error_fields(response) == {"presiding": "presiding_reviewed"}
    _said(
        _errors(response)["presiding"],
        licence,
        MSG_PRESIDING_REVIEWED,
        MSG_PRESIDING_REVIEWED_APPROVAL,
    )

    body = {"held_on": held_on, "presiding": reviewer_my2.username, "record": RECORD}
    response = reviewer.post(f"{API}/tasks/{task.pk}/hearing/", body, format="json")
    assert error_fields(response) == {"files": "required", "late_reason": "required"}
    files = (MSG_HEARING_RECORD_FILE, MSG_HEARING_RECORD_FILE_APPROVAL)
    _said(_errors(response)["files"], licence, *files)
    late_reason = (MSG_HEARING_LATE_REASON, MSG_HEARING_LATE_REASON_APPROVAL)
    _said(_errors(response)["late_reason"], licence, *late_reason)
    assert Hearing.objects.get(application_id=application.pk).held_on is None


@pytest.mark.parametrize("licence", [True, False], ids=["licence", "approval"])
def test_a_late_request_is_refused_in_the_words_of_the_decisions_form(
    licence, client_for, applicant_my, reviewer_my, time_machine
):
    application, task = _design(applicant_my, licence)
    due = offer(client_for(reviewer_my), task.pk).json()["notices"][0]["request_due_date"]
    after = datetime.fromisoformat(due).replace(hour=10, tzinfo=SHANGHAI) + timedelta(days=1)
    time_machine.move_to(after, tick=False)
    response = ask(client_for(applicant_my), application.pk)
    assert error_fields(response) == {None: "hearing_request_late"}
    late = (MSG_HEARING_REQUEST_LATE, MSG_HEARING_REQUEST_LATE_APPROVAL)
    assert _errors(response)[None] == str(late[0 if licence else 1]).format(due=due)
    assert (BY_ANALOGY in _errors(response)[None]) is not licence


@pytest.mark.parametrize("licence", [True, False], ids=["licence", "approval"])
def test_the_applicant_is_told_in_the_words_of_the_decisions_form(
    licence, client_for, applicant_my, reviewer_my
):
    """Offered: art. 47's period, cited for a licence, by analogy for a 批复; asked for: a
    licence's decision period leaves the hearing out under art. 45, a 批复's committed time
    limit on the agency's word (its 听证权利告知书 says 承诺的办理时限; issue 46 item 3)."""
    application, task = _design(applicant_my, licence)
    assert offer(client_for(reviewer_my), task.pk).status_code == 201
    assert ask(client_for(applicant_my), application.pk).status_code == 201
    hearing = Hearing.objects.get(application_id=application.pk)
    notice = hearing.notices.get()
    told = Notification.objects.filter(
        recipient=applicant_my, kind=NotificationKind.HEARING, application_id=application.pk
    ).order_by("pk")
    offered, requested = (n.message for n in told)
    reference = application.reference
    with translation.override(settings.LANGUAGE_CODE):
        offered_text = (MSG_TOLD_HEARING_OFFERED, MSG_TOLD_HEARING_OFFERED_APPROVAL)
        assert offered == str(offered_text[0 if licence else 1]).format(
            reference=reference,
            number=notice.notice.number,
            due=notice.request_due_date.isoformat(),
        )
        requested_text = (MSG_TOLD_HEARING_REQUESTED, MSG_TOLD_HEARING_REQUESTED_APPROVAL)
        assert requested == str(requested_text[0 if licence else 1]).format(
            reference=reference,
            who=application.organisation.name,
            requested=hearing.requested_on.isoformat(),
            hold_by=hearing.hold_by.isoformat(),
        )
    assert ("参照《中华人民共和国行政许可法》第四十七条" in offered) is not licence
    assert "第四十七条" in offered
    if licence:
        assert "第四十五条" in requested and "承诺" not in requested
    else:
        assert "本机关承诺的办理时限" in requested and "行政许可法" not in requested
