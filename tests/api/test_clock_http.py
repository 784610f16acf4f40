"""The statutory clock over HTTP (api.md): acceptance decisions, the record's ``deadline``, the
task fields and filters, ``POST /tasks/{id}/extend/`` with its refusals."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.factories import open_task_of, tending_draft
from workflows import people
from workflows import services as task_services

from .helpers import API, decide, record, submit, tasks

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
    from tests.factories import accept

    application = task_services.application_submit(application=draft, by=applicant_my)
    return open_task_of(accept(application))


def test_the_head_extends_once(client_for, draft, applicant_my, head_my):
    task = accepted_task(draft, applicant_my)
    head = client_for(head_my)
    response = extend(head, task.pk, reason="需组织专家论证")
    assert response.status_code == 200
    assert response.json()["id"] == task.pk and response.json()["due_date"] == "2026-11-13"
    assert record(client_for(applicant_my), draft.pk)["deadline"]["extended_working_days"] == 10
    response = extend(head, task.pk, reason="再延")
    assert response.status_code == 409
    assert response.json()["errors"][0]["message"] == str(people.MSG_ALREADY_EXTENDED)


def test_extension_refusals(
    client_for, draft, applicant_my, reviewer_my, head_my, head_jz, reviewer_yq
):
    task = accepted_task(draft, applicant_my)
    assert extend(client_for(reviewer_my), task.pk, reason="理由").status_code == 403
    assert extend(client_for(head_jz), task.pk, reason="理由").status_code == 404
    assert extend(client_for(reviewer_yq), task.pk, reason="理由").status_code == 404
    assert extend(client_for(applicant_my), task.pk, reason="理由").status_code == 404
    assert extend(client_for(), task.pk, reason="理由").status_code in (401, 403)
    head = client_for(head_my)
    response = extend(head, task.pk)
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "reason"
    assert extend(head, task.pk, reason="x" * 2001).status_code == 400
    assert extend(head, task.pk, reason="理由", unknown=1).status_code == 400
    assert extend(head, 999999, reason="理由").status_code == 404
    assert record(client_for(applicant_my), draft.pk)["deadline"]["extended_working_days"] == 0


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
