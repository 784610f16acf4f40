"""A return's items (一次性告知) through the API: given with the decision, shown on the record."""

import pytest

from tests.api.helpers import API
from tests.factories import occupation_draft, open_task_of
from workflows import services
from workflows.models import ReviewDecision

pytestmark = pytest.mark.django_db

ITEMS = [
    {"field": "restoration_plan", "attachment_kind": None, "message": "写明苗木规格"},
    {"field": None, "attachment_kind": "site_map", "message": "补充位置图"},
]


@pytest.fixture
def submitted(applicant_my):
    draft = occupation_draft(by=applicant_my)
    return services.application_submit(application=draft, by=applicant_my)


def decide(client, task, body):
    return client.post(f"{API}/tasks/{task.pk}/decide/", body, format="json")


def test_a_return_with_items_shows_them_on_the_record(
    client_for, submitted, reviewer_my, applicant_my
):
    task = open_task_of(submitted)
    body = {"decision": "return", "opinion": "材料不全", "items": ITEMS}
    response = decide(client_for(reviewer_my), task, body)
    assert response.status_code == 200, response.json()
    assert response.json()["application"]["return_items"] == ITEMS
    record = client_for(applicant_my).get(f"{API}/applications/{submitted.pk}/").json()
    assert record["status"] == "returned"
    assert record["return_items"] == ITEMS


def test_the_record_has_no_return_items_outside_a_return(client_for, submitted, applicant_my):
    record = client_for(applicant_my).get(f"{API}/applications/{submitted.pk}/").json()
    assert record["return_items"] == []


@pytest.mark.parametrize(
    "items", ["补充位置图", [{"message": " "}], [{"attachment_kind": "photo", "message": "x"}]]
)
def test_malformed_items_are_a_400_and_change_nothing(client_for, submitted, reviewer_my, items):
    task = open_task_of(submitted)
    body = {"decision": "return", "opinion": "材料不全", "items": items}
    response = decide(client_for(reviewer_my), task, body)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "items"
    submitted.refresh_from_db()
    assert submitted.status == "district_review"
    assert not ReviewDecision.objects.exists()
