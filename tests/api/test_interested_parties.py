"""Interested parties over HTTP (api.md "Interested parties"; product.md §16 L14;
Administrative Licensing Law art. 36): ``POST /tasks/{id}/interested-party-notice/`` issues a
利害关系人告知书 to a holder of the occupation's land,
``POST /interested-party-notices/{id}/served/`` the day it was served (its period runs from
it), ``POST /interested-party-notices/{id}/answer/`` records its answer,
``POST /tasks/{id}/compensation-agreement/`` confirms an agreement names a holder, and the
record's ``interested_parties`` says where each holder stands."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from audit.models import AuditEvent
from permits.services import attachment_add
from tests.factories import (
    VILLAGE_CODE,
    VILLAGE_NAME,
    committed,
    occupation_draft,
    open_task_of,
    pdf_upload,
    submit,
    tending_draft,
    village_occupation_draft,
)
from workflows.models import InterestedPartyNotice

from .helpers import API, decide, error_fields, record, site_checked

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 6, 8, 10, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _monday(time_machine):
    time_machine.move_to(MONDAY, tick=False)


@pytest.fixture
def application(applicant_my):
    """A 密云 occupation over the village's 小班 12-3, under district review."""
    return submit(village_occupation_draft(by=applicant_my), applicant_my)


@pytest.fixture
def task(application):
    return open_task_of(application)


def notify(client, task_id, body=None):
    body = {"holder_credit_code": VILLAGE_CODE} if body is None else body
    return committed(
        client.post, f"{API}/tasks/{task_id}/interested-party-notice/", body, format="json"
    )


def served(client, notice_id, day="2026-06-08"):
    body = {"served_on": day}
    return client.post(f"{API}/interested-party-notices/{notice_id}/served/", body, format="json")


def answer(client, notice_id, **overrides):
    body = {"answer": "同意使用，补偿另行协商。", "answered_on": "2026-06-08", **overrides}
    return client.post(f"{API}/interested-party-notices/{notice_id}/answer/", body, format="json")


def test_the_record_lists_the_party_and_the_approval_waits(
    client_for, application, task, reviewer_my, reviewer_my2, applicant_my
):
    reviewer = client_for(reviewer_my)
    site_checked(reviewer, task.pk, reviewer_my, reviewer_my2)
    parties = record(client_for(applicant_my), application.pk)["interested_parties"]
    assert parties == [
        {
            "holder": {"name": VILLAGE_NAME, "credit_code": VILLAGE_CODE},
            "compartments": ["12-3"],
            "compensation_agreement": False,
            "notice": None,
            "resolved": False,
        }
    ]
    response = decide(reviewer, task.pk)
    assert response.status_code == 409
    (error,) = response.json()["errors"]
    assert error["code"] == "interested_parties_unresolved"
    assert VILLAGE_NAME in error["message"]


def test_a_notice_then_its_answer_and_the_district_approves(
    client_for, application, task, reviewer_my, reviewer_my2, applicant_my
):
    reviewer = client_for(reviewer_my)
    site_checked(reviewer, task.pk, reviewer_my, reviewer_my2)
    response = notify(reviewer, task.pk)
    assert response.status_code == 201, response.json()
    notice = response.json()
    stored = InterestedPartyNotice.objects.get()
    assert notice == {
        "id": stored.pk,
        "number": stored.notice.number,
        "holder": {"name": VILLAGE_NAME, "credit_code": VILLAGE_CODE},
        "issued_on": "2026-06-08",
        "answer_working_days": 5,
        "served_on": None,
        "answer_due_date": None,
        "answered_on": None,
        "answer": None,
        "status": "unserved",
        "document": notice["document"],
    }
    assert notice["document"]["kind"] == "interested_party_notice"
    assert notice["document"]["number"] == stored.notice.number
    documents = client_for(applicant_my).get(f"{API}/applications/{application.pk}/documents/")
    assert "interested_party_notice" in {d["kind"] for d in documents.json()}
    assert decide(reviewer, task.pk).status_code == 409
    response = served(reviewer, stored.pk)
    assert response.status_code == 200, response.json()
    assert response.json()["served_on"] == "2026-06-08"
    assert response.json()["answer_due_date"] == "2026-06-15"
    assert response.json()["status"] == "awaiting"
    assert served(reviewer, stored.pk).status_code == 409
    assert decide(reviewer, task.pk).status_code == 409
    response = answer(reviewer, stored.pk)
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "answered"
    assert response.json()["answer"] == "同意使用，补偿另行协商。"
    (party,) = record(client_for(applicant_my), application.pk)["interested_parties"]
    assert party["resolved"] and party["notice"]["status"] == "answered"
    assert decide(reviewer, task.pk).status_code == 200
    actions = set(
        AuditEvent.objects.filter(application_id=application.pk).values_list("action", flat=True)
    )
    assert {
        "interested_party_notified",
        "interested_party_served",
        "interested_party_answered",
    } <= actions


def test_the_lapse_resolves_the_party(client_for, application, task, reviewer_my, time_machine):
    notice_id = notify(client_for(reviewer_my), task.pk).json()["id"]
    served(client_for(reviewer_my), notice_id)
    time_machine.move_to(datetime(2026, 6, 16, 9, tzinfo=SHANGHAI), tick=False)
    (party,) = record(client_for(reviewer_my), application.pk)["interested_parties"]
    assert party["resolved"] and party["notice"]["status"] == "lapsed"


def test_refusals(client_for, application, task, reviewer_my, reviewer_yq, applicant_my, auditor):
    reviewer = client_for(reviewer_my)
    assert notify(client_for(reviewer_yq), task.pk).status_code == 404
    assert notify(client_for(applicant_my), task.pk).status_code == 404
    assert notify(client_for(auditor), task.pk).status_code == 403
    response = notify(reviewer, task.pk, {"holder_credit_code": "91110000000000000X"})
    assert response.status_code == 400
    assert error_fields(response) == {"holder_credit_code": "not_a_party"}
    assert error_fields(notify(reviewer, task.pk, {})) == {"holder_credit_code": "required"}
    response = notify(reviewer, task.pk, {"holder_credit_code": VILLAGE_CODE, "x": 1})
    assert error_fields(response) == {"x": "unknown_field"}
    notice_id = notify(reviewer, task.pk).json()["id"]
    response = notify(reviewer, task.pk)
    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "interested_party_notified"
    assert answer(client_for(reviewer_yq), notice_id).status_code == 404
    assert answer(client_for(auditor), notice_id).status_code == 403
    assert answer(reviewer, 999999).status_code == 404
    response = answer(reviewer, notice_id, answer=" ", answered_on="2026-06-09")
    assert error_fields(response) == {"answer": "required", "answered_on": "invalid"}
    assert answer(reviewer, notice_id).status_code == 200
    assert answer(reviewer, notice_id).status_code == 409
    assert served(client_for(reviewer_yq), notice_id).status_code == 404
    assert served(client_for(auditor), notice_id).status_code == 403
    assert error_fields(served(reviewer, notice_id, day="2026-06-09")) == {"served_on": "invalid"}


def test_not_on_other_kinds(client_for, applicant_my, reviewer_my):
    tending = submit(tending_draft(by=applicant_my), applicant_my)
    response = notify(client_for(reviewer_my), open_task_of(tending).pk)
    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "not_an_interested_party_step"
    assert record(client_for(reviewer_my), tending.pk)["interested_parties"] == []


def test_an_occupation_of_no_one_elses_land_has_none(client_for, applicant_my):
    occupation = submit(occupation_draft(by=applicant_my), applicant_my)
    assert record(client_for(applicant_my), occupation.pk)["interested_parties"] == []


def test_a_reviewer_confirms_the_agreement_names_the_holder(
    client_for, applicant_my, reviewer_my, reviewer_my2, reviewer_yq
):
    draft = village_occupation_draft(by=applicant_my)
    attachment_add(
        application=draft,
        by=applicant_my,
        kind="compensation_agreement",
        upload=pdf_upload(f"补偿协议（{VILLAGE_NAME}）.pdf"),
    )
    application = submit(draft, applicant_my)
    task = open_task_of(application)
    reviewer = client_for(reviewer_my)
    site_checked(reviewer, task.pk, reviewer_my, reviewer_my2)
    (party,) = record(reviewer, application.pk)["interested_parties"]
    assert not party["compensation_agreement"] and not party["resolved"]
    agreement = application.attachments.get(kind="compensation_agreement")
    url = f"{API}/tasks/{task.pk}/compensation-agreement/"
    body = {"attachment_id": agreement.pk, "holder_credit_code": VILLAGE_CODE}
    assert client_for(reviewer_yq).post(url, body, format="json").status_code == 404
    assert client_for(applicant_my).post(url, body, format="json").status_code == 404
    response = reviewer.post(url, {**body, "attachment_id": 0}, format="json")
    assert error_fields(response) == {"attachment_id": "invalid"}
    response = committed(reviewer.post, url, body, format="json")
    assert response.status_code == 201, response.json()
    answered = response.json()
    assert answered["holder"] == {"name": VILLAGE_NAME, "credit_code": VILLAGE_CODE}
    assert answered["attachment"] == {"id": agreement.pk, "name": agreement.name}
    assert answered["confirmed_by"]
    assert reviewer.post(url, body, format="json").status_code == 409
    (party,) = record(reviewer, application.pk)["interested_parties"]
    assert party["compensation_agreement"] and party["resolved"]
    assert decide(reviewer, task.pk).status_code == 200
