"""The statutory clock over HTTP (api.md): acceptance decisions, the record's ``deadline``, the
task fields and filters, ``POST /tasks/{id}/extend/`` with its refusals: only the head of the
deciding agency extends, from that agency's own task (Administrative Licensing Law arts. 42,
43)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from core.messages import (
    MSG_ALREADY_EXTENDED,
    MSG_NO_EXTENSION_AT_ACCEPTANCE,
    MSG_NO_EXTENSION_AT_ACCEPTANCE_APPROVAL,
    MSG_NOT_DECIDING_AGENCY_TASK,
    MSG_NOT_DECIDING_AGENCY_TASK_APPROVAL,
    MSG_NOT_HEAD_EXTEND_APPROVAL,
)
from tests.factories import decide as decided
from tests.factories import design_licensed, occupation_draft, open_task_of, tending_draft
from tests.factories import submit as submitted
from workflows import services as task_services

from .helpers import API, decide, error_fields, record, submit, tasks

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 9, 28, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _monday(time_machine):
    time_machine.move_to(MONDAY, tick=False)


@pytest.fixture
def draft(applicant_my):
    return tending_draft(by=applicant_my)


def extend(client, task_id, **body):
    return client.post(f"{API}/tasks/{task_id}/extend/", body, format="json")


def test_submit_accept_and_the_deadline_over_http(client_for, draft, applicant_my, reviewer_my):
    applicant, reviewer = client_for(applicant_my), client_for(reviewer_my)
    response = submit(applicant, draft.pk)
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    deadline = response.json()["deadline"]
    assert deadline == {
        "step": "acceptance",
        "limit_working_days": 5,
        "extended_working_days": 0,
        "started_on": "2026-09-28",
        "due_date": "2026-10-10",
        "working_days_left": 5,
        "paused": False,
        "overdue": False,
        # The legal period starts at acceptance.
        "decision_due_date": None,
        "deciding_agency": None,
    }
    [task] = tasks(reviewer, "queue")
    assert task["step"] == "acceptance" and task["due_date"] == "2026-10-10"
    assert task["working_days_left"] == 5 and task["paused"] is False
    assert decide(reviewer, task["id"], "approve").status_code == 400
    response = decide(reviewer, task["id"], "accept", "予以受理")
    assert response.status_code == 200
    assert response.json()["application"]["status"] == "district_review"
    body = record(applicant, draft.pk)
    assert body["deadline"]["step"] == "district_review"
    assert body["deadline"]["due_date"] == "2026-10-30"
    # Two-tier (art. 43): the district forwards by 30 October, 北京市园林绿化局 decides within
    # twenty more working days.
    assert body["deadline"]["decision_due_date"] == "2026-11-27"
    assert body["deadline"]["deciding_agency"]["code"] == "bj-forestry"
    documents = applicant.get(f"{API}/applications/{draft.pk}/documents/").json()
    assert [d["kind"] for d in documents] == ["acceptance_notice"]


def test_not_accept_needs_an_opinion(client_for, draft, applicant_my, reviewer_my):
    submit(client_for(applicant_my), draft.pk)
    reviewer = client_for(reviewer_my)
    [task] = tasks(reviewer, "queue")
    response = decide(reviewer, task["id"], "not_accept", "")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "opinion"
    response = decide(reviewer, task["id"], "not_accept", "不属于本机关职权范围")
    assert response.status_code == 200
    assert response.json()["application"]["status"] == "not_accepted"
    assert record(client_for(applicant_my), draft.pk)["deadline"] is None


def test_a_second_return_at_acceptance_is_a_conflict(client_for, draft, applicant_my, reviewer_my):
    applicant, reviewer = client_for(applicant_my), client_for(reviewer_my)
    submit(applicant, draft.pk)
    [task] = tasks(reviewer, "queue")
    response = reviewer.post(
        f"{API}/tasks/{task['id']}/decide/",
        {"decision": "return", "opinion": "请补正"},
        format="json",
    )
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "items"
    assert decide(reviewer, task["id"], "return", "请补正").status_code == 200
    body = record(applicant, draft.pk)
    assert body["status"] == "returned" and body["deadline"]["paused"] is True
    assert submit(applicant, draft.pk).json()["status"] == "submitted"
    [task] = tasks(reviewer, "queue")
    assert decide(reviewer, task["id"], "return", "还缺").status_code == 409
    assert record(applicant, draft.pk)["status"] == "submitted"


def accepted_task(draft, applicant_my):
    """The district's review task of the accepted ``draft``."""
    return open_task_of(submitted(draft, applicant_my))


def municipal_task(draft, applicant_my, reviewer_my):
    """The deciding agency's (北京市园林绿化局) task, the district having forwarded the file
    the day it accepted it: the decision period runs from that day."""
    return open_task_of(decided(submitted(draft, applicant_my), reviewer_my, "approve"))


def test_the_deciding_agencys_head_extends_once(
    client_for, draft, applicant_my, reviewer_my, head_forest
):
    task = municipal_task(draft, applicant_my, reviewer_my)
    applicant, head = client_for(applicant_my), client_for(head_forest)
    before = record(applicant, draft.pk)["deadline"]
    assert (before["step"], before["decision_due_date"]) == ("municipal_review", "2026-10-30")
    response = extend(head, task.pk, reason="需组织专家论证")
    assert response.status_code == 200, response.json()
    assert response.json()["id"] == task.pk
    assert response.json()["agency"]["code"] == "bj-forestry"
    after = record(applicant, draft.pk)["deadline"]
    # Ten working days later (2–13 November).
    assert after["decision_due_date"] == "2026-11-13"
    assert after["extended_working_days"] == 10
    assert response.json()["due_date"] == after["due_date"] == "2026-11-13"
    documents = applicant.get(f"{API}/applications/{draft.pk}/documents/").json()
    assert "extension_notice" in [d["kind"] for d in documents]
    response = extend(head, task.pk, reason="再延")
    assert response.status_code == 409
    assert error_fields(response) == {None: "already_extended"}
    assert response.json()["errors"][0]["message"] == str(MSG_ALREADY_EXTENDED)
    assert record(applicant, draft.pk)["deadline"]["decision_due_date"] == "2026-11-13"


def test_the_district_head_may_not_extend_its_forwarding_period(
    client_for, draft, applicant_my, head_my, head_forest
):
    """Art. 43: the district that forwards reviews within twenty working days, unextended."""
    task = accepted_task(draft, applicant_my)
    response = extend(client_for(head_my), task.pk, reason="需组织专家论证")
    assert response.status_code == 403
    deciding = record(client_for(applicant_my), draft.pk)["deadline"]["deciding_agency"]
    # A design's approval is a 批复: the reason cites no Licensing Law (issue 46 item 3).
    message = str(MSG_NOT_DECIDING_AGENCY_TASK_APPROVAL).format(agency=deciding["name"])
    assert response.json()["errors"][0]["message"] == message and "行政许可法" not in message
    # The deciding agency's head does not see the district's task.
    assert extend(client_for(head_forest), task.pk, reason="理由").status_code == 404
    deadline = record(client_for(applicant_my), draft.pk)["deadline"]
    assert (deadline["extended_working_days"], deadline["decision_due_date"]) == (0, "2026-11-27")


def test_only_the_deciding_agencys_head_extends_from_its_task(
    client_for, draft, applicant_my, reviewer_my, head_my, approver
):
    task = municipal_task(draft, applicant_my, reviewer_my)
    response = extend(client_for(head_my), task.pk, reason="理由")
    assert response.status_code == 403
    deciding = record(client_for(applicant_my), draft.pk)["deadline"]["deciding_agency"]
    message = str(MSG_NOT_HEAD_EXTEND_APPROVAL).format(agency=deciding["name"])
    assert response.json()["errors"][0]["message"] == message
    assert extend(client_for(approver), task.pk, reason="理由").status_code == 403
    assert record(client_for(applicant_my), draft.pk)["deadline"]["extended_working_days"] == 0


def test_a_consulted_agencys_head_may_not_extend(
    client_for, applicant_my, reviewer_my, head_planning
):
    occupation = decided(
        submitted(occupation_draft(by=applicant_my), applicant_my), reviewer_my, "approve"
    )
    assert occupation.status == "consultation"
    task = open_task_of(occupation, "bj-planning")
    response = extend(client_for(head_planning), task.pk, reason="需现场踏勘")
    assert response.status_code == 403
    deadline = record(client_for(applicant_my), occupation.pk)["deadline"]
    message = str(MSG_NOT_DECIDING_AGENCY_TASK).format(agency=deadline["deciding_agency"]["name"])
    assert response.json()["errors"][0]["message"] == message
    assert deadline["extended_working_days"] == 0


def test_extension_refusals(
    client_for, draft, applicant_my, reviewer_my, head_forest, head_jz, reviewer_yq
):
    task = municipal_task(draft, applicant_my, reviewer_my)
    assert extend(client_for(reviewer_my), task.pk, reason="理由").status_code == 403
    assert extend(client_for(head_jz), task.pk, reason="理由").status_code == 404
    assert extend(client_for(reviewer_yq), task.pk, reason="理由").status_code == 404
    assert extend(client_for(applicant_my), task.pk, reason="理由").status_code == 404
    assert extend(client_for(), task.pk, reason="理由").status_code in (401, 403)
    head = client_for(head_forest)
    response = extend(head, task.pk)
    assert response.status_code == 400 and error_fields(response) == {"reason": "required"}
    assert extend(head, task.pk, reason="x" * 2001).status_code == 400
    assert extend(head, task.pk, reason="理由", unknown=1).status_code == 400
    assert extend(head, 999999, reason="理由").status_code == 404
    assert record(client_for(applicant_my), draft.pk)["deadline"]["extended_working_days"] == 0


@pytest.mark.parametrize("licence", [True, False], ids=["licence", "approval"])
def test_acceptance_is_not_extended(client_for, applicant_my, head_my, licence):
    """Art. 32 for a licence; a 批复's acceptance period is the agency's commitment, named
    without the Licensing Law (issue 46 item 3)."""
    if licence:
        design_licensed()
    draft = tending_draft(by=applicant_my)
    waiting = task_services.application_submit(application=draft, by=applicant_my)
    response = extend(client_for(head_my), open_task_of(waiting).pk, reason="理由")
    assert response.status_code == 409
    assert error_fields(response) == {None: "not_extensible"}
    message = response.json()["errors"][0]["message"]
    if licence:
        assert message == str(MSG_NO_EXTENSION_AT_ACCEPTANCE) and "第三十二条" in message
    else:
        assert message == str(MSG_NO_EXTENSION_AT_ACCEPTANCE_APPROVAL)
        assert "承诺时限" in message and "行政许可法" not in message


def test_queues_filter_by_step_and_overdue_and_sort_by_due_date(
    client_for, applicant_my, reviewer_my, time_machine
):
    from tests.factories import accept

    early = task_services.application_submit(
        application=tending_draft(by=applicant_my), by=applicant_my
    )
    accept(early)
    time_machine.move_to(datetime(2026, 10, 12, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
    waiting = task_services.application_submit(
        application=tending_draft(by=applicant_my), by=applicant_my
    )
    reviewer = client_for(reviewer_my)
    by_due = [t["application"]["id"] for t in tasks(reviewer, "queue", ordering="due_date")]
    assert by_due == [waiting.pk, early.pk]  # acceptance due 19 Oct, district review 30 Oct
    latest_due = [t["application"]["id"] for t in tasks(reviewer, "queue", ordering="-due_date")]
    assert latest_due == [early.pk, waiting.pk]
    assert [t["step"] for t in tasks(reviewer, "queue", step="acceptance")] == ["acceptance"]
    time_machine.move_to(datetime(2026, 11, 2, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
    overdue = tasks(reviewer, "queue", overdue="true")  # oldest task first
    assert [t["application"]["id"] for t in overdue] == [early.pk, waiting.pk]
    assert all(t["overdue"] for t in overdue)
    assert tasks(reviewer, "queue", overdue="false") == []
    response = reviewer.get(f"{API}/tasks/", {"queue": "queue", "ordering": "x"})
    assert response.status_code == 400
    response = reviewer.get(f"{API}/tasks/", {"queue": "queue", "step": "x"})
    assert response.status_code == 400
