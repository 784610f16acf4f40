"""POST /api/v1/tasks/{id}/reassign/ and /api/v1/absences/ (api.md): codes and bodies."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.messages import MSG_TARGET_CANNOT_ACT
from permits.choices import Decision, Step
from tests.factories import open_task_of, submit_accepted, tending_draft
from workflows import people
from workflows import services as task_services

from .helpers import API, tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(applicant_my, reviewer_my):
    application = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
    return open_task_of(application)


def reassign(client, task, **body):
    return client.post(f"{API}/tasks/{task.pk}/reassign/", body, format="json")


def test_the_head_reassigns_and_gets_the_task(client_for, task, head_my, reviewer_my2):
    response = reassign(client_for(head_my), task, to="district_my2", reason="工作调整")
    assert response.status_code == 200
    body = response.json()
    assert (
        body["id"] == task.pk and body["owner"] == "district_my2" and body["status"] == "assigned"
    )
    assert [t["id"] for t in tasks(client_for(reviewer_my2), "inbox")] == [task.pk]


def test_reassign_refusals(
    client_for, task, head_my, head_jz, reviewer_my, reviewer_my2, applicant_my, reviewer_yq
):
    body = {"to": "district_my2", "reason": "工作调整"}
    assert reassign(client_for(reviewer_my), task, **body).status_code == 403
    assert reassign(client_for(head_jz), task, **body).status_code == 404
    assert reassign(client_for(applicant_my), task, **body).status_code == 404
    assert reassign(client_for(), task, **body).status_code in (401, 403)
    head = client_for(head_my)
    response = reassign(head, task, to="district_yq", reason="工作调整")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "to"
    assert response.json()["errors"][0]["message"] == str(MSG_TARGET_CANNOT_ACT)
    response = reassign(head, task, to="district_my2")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "reason"
    assert reassign(head, task, reason="x").status_code == 400
    decision = (
        Decision.ACCEPT if task_services.task_step(task) == Step.ACCEPTANCE else Decision.APPROVE
    )
    task_services.task_decide(task_id=task.pk, by=reviewer_my, decision=decision)
    assert reassign(head, task, **body).status_code == 409


def test_absences_declared_and_listed(client_for, reviewer_my, reviewer_my2, head_my, reviewer_yq):
    today = timezone.localdate()
    response = client_for(reviewer_my).post(
        f"{API}/absences/",
        {
            "substitute": "district_my2",
            "starts": str(today),
            "ends": str(today + timedelta(days=3)),
        },
        format="json",
    )
    assert response.status_code == 201
    absence = response.json()
    assert absence["user"] == "district_my" and absence["substitute"] == "district_my2"
    assert absence["agency"]["code"] == "110118-forestry"
    assert absence["starts"] == str(today) and absence["reason"] == ""
    for user in (reviewer_my, reviewer_my2, head_my):
        listed = client_for(user).get(f"{API}/absences/").json()
        assert [a["id"] for a in listed["results"]] == [absence["id"]]
    assert client_for(reviewer_yq).get(f"{API}/absences/").json()["results"] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"substitute": "district_yq", "starts": "2026-12-01", "ends": "2026-12-03"}, "substitute"),
        ({"substitute": "district_my", "starts": "2026-12-01", "ends": "2026-12-03"}, "substitute"),
        ({"substitute": "district_my2", "starts": "2026-12-03", "ends": "2026-12-01"}, "ends"),
        ({"substitute": "district_my2", "starts": "tomorrow", "ends": "2026-12-01"}, "starts"),
        ({"starts": "2026-12-01", "ends": "2026-12-03"}, "substitute"),
    ],
)
def test_bad_absences_are_400_with_the_field(
    client_for, reviewer_my, reviewer_my2, reviewer_yq, body, field
):
    response = client_for(reviewer_my).post(f"{API}/absences/", body, format="json")
    assert response.status_code == 400
    assert field in [error["field"] for error in response.json()["errors"]]


def test_who_acts_on_no_step_may_not_declare(client_for, applicant_my, head_my, reviewer_my):
    body = {"substitute": "district_my", "starts": "2026-12-01", "ends": "2026-12-03"}
    for user in (applicant_my, head_my):
        assert client_for(user).post(f"{API}/absences/", body, format="json").status_code == 403
    assert client_for().get(f"{API}/absences/").status_code in (401, 403)


def test_the_agency_queue_lists_a_heads_open_tasks(client_for, task, head_my, head_jz, reviewer_my):
    assert [t["id"] for t in tasks(client_for(head_my), "agency")] == [task.pk]
    assert tasks(client_for(head_jz), "agency") == []
    assert tasks(client_for(reviewer_my), "agency") == []


def test_the_substitutes_inbox_and_decision(client_for, task, reviewer_my, reviewer_my2):
    task_services.task_claim(task_id=task.pk, by=reviewer_my)
    today = timezone.localdate()
    substitute = client_for(reviewer_my2)
    assert tasks(substitute, "inbox") == []
    people.absence_declare(
        by=reviewer_my, substitute_username="district_my2", starts=today, ends=today
    )
    assert [t["id"] for t in tasks(substitute, "inbox")] == [task.pk]
    decision = "accept" if task_services.task_step(task) == Step.ACCEPTANCE else "approve"
    response = substitute.post(
        f"{API}/tasks/{task.pk}/decide/", {"decision": decision, "opinion": "代办"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["task"]["owner"] == "district_my2"
