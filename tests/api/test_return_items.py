"""A return's items (一次性告知) through the API: given with the decision, shown on the record."""

import pytest

from tests.api.helpers import API, site_checked, upload
from tests.factories import occupation_draft, open_task_of, submit_accepted
from workflows.models import Resubmission, ReviewDecision
from workflows.services import MSG_RETURN_ITEMS_REQUIRED

pytestmark = pytest.mark.django_db

ITEMS = [
    {"field": "restoration_plan", "attachment_kind": None, "message": "写明苗木规格"},
    {"field": None, "attachment_kind": "site_map", "message": "补充位置图"},
]


@pytest.fixture
def submitted(applicant_my):
    draft = occupation_draft(by=applicant_my)
    return submit_accepted(application=draft, by=applicant_my)


def decide(client, task, body):
    return client.post(f"{API}/tasks/{task.pk}/decide/", body, format="json")


def test_a_return_with_items_shows_them_on_the_record(
    client_for, submitted, reviewer_my, applicant_my
):
    task = open_task_of(submitted)
    body = {"decision": "return", "opinion": "材料不全", "items": ITEMS}
    response = decide(client_for(reviewer_my), task, body)
    assert response.status_code == 200, response.json()
    untouched = [{**item, "untouched": True} for item in ITEMS]  # nothing answered yet
    assert response.json()["application"]["return_items"] == untouched
    record = client_for(applicant_my).get(f"{API}/applications/{submitted.pk}/").json()
    assert record["status"] == "returned"
    assert record["return_items"] == untouched


def test_the_record_has_no_return_items_outside_a_return(client_for, submitted, applicant_my):
    record = client_for(applicant_my).get(f"{API}/applications/{submitted.pk}/").json()
    assert record["return_items"] == []


@pytest.mark.parametrize(
    "items", ["补充位置图", [{"message": " "}], [{"attachment_kind": "selfie", "message": "x"}]]
)
def test_malformed_items_are_a_400_and_change_nothing(client_for, submitted, reviewer_my, items):
    task = open_task_of(submitted)
    body = {"decision": "return", "opinion": "材料不全", "items": items}
    response = decide(client_for(reviewer_my), task, body)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "items"
    submitted.refresh_from_db()
    assert submitted.status == "district_review"
    assert not ReviewDecision.objects.filter(decision="return").exists()


def test_a_return_without_items_is_a_400_on_the_items_field(client_for, submitted, reviewer_my):
    task = open_task_of(submitted)
    response = decide(client_for(reviewer_my), task, {"decision": "return", "opinion": "材料不全"})
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert (error["field"], error["code"]) == ("items", "required")
    assert error["message"] == str(MSG_RETURN_ITEMS_REQUIRED)
    submitted.refresh_from_db()
    assert submitted.status == "district_review"


def test_a_field_of_another_kind_is_a_400(client_for, submitted, reviewer_my):
    task = open_task_of(submitted)
    items = [{"field": "stand_density", "attachment_kind": None, "message": "x"}]
    body = {"decision": "return", "opinion": "材料不全", "items": items}
    response = decide(client_for(reviewer_my), task, body)
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert (error["field"], error["code"]) == ("items", "unknown_field")
    assert not ReviewDecision.objects.filter(decision="return").exists()


@pytest.fixture
def returned(client_for, submitted, reviewer_my):
    body = {"decision": "return", "opinion": "材料不全", "items": ITEMS}
    assert decide(client_for(reviewer_my), open_task_of(submitted), body).status_code == 200
    return submitted


def submit(client, application, body=None):
    url = f"{API}/applications/{application.pk}/submit/"
    return client.post(url, body, format="json") if body is not None else client.post(url)


def test_the_record_marks_each_item_still_untouched(client_for, returned, applicant_my):
    """Issue 26 item 6: an item is untouched while its field is as returned and no file of its
    kind was added; answering one leaves the other marked."""
    applicant = client_for(applicant_my)
    url = f"{API}/applications/{returned.pk}/"

    def untouched():
        return [item["untouched"] for item in applicant.get(url).json()["return_items"]]

    assert untouched() == [True, True]
    patched = applicant.patch(
        url, {"kind": "occupation", "restoration_plan": "种植侧柏，苗高一米"}, format="json"
    )
    assert patched.status_code == 200, patched.json()
    assert untouched() == [False, True]
    assert upload(applicant, returned.pk, kind="site_map").status_code == 201
    assert untouched() == [False, False]


def test_the_resubmission_takes_a_note(client_for, returned, applicant_my):
    response = submit(client_for(applicant_my), returned, {"note": "已补充位置图"})
    assert response.status_code == 200, response.json()
    assert response.json()["return_items"] == []
    assert Resubmission.objects.get(application=returned).note == "已补充位置图"


def test_the_note_is_optional(client_for, returned, applicant_my):
    assert submit(client_for(applicant_my), returned).status_code == 200
    assert Resubmission.objects.get(application=returned).note == ""


@pytest.mark.parametrize("note", [12, None, ["x"], {"a": 1}, True, "长" * 2001])
def test_a_note_that_is_not_short_text_is_a_400(client_for, returned, applicant_my, note):
    response = submit(client_for(applicant_my), returned, {"note": note})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "note"
    returned.refresh_from_db()
    assert returned.status == "returned"
    assert not Resubmission.objects.exists()


def test_officials_read_what_the_resubmission_changed(
    client_for, returned, applicant_my, reviewer_my, reviewer_yq
):
    from permits import services as record_services
    from tests.factories import pdf_upload

    record_services.application_update(
        application=returned, by=applicant_my, data={"project_name": "改名后的项目"}
    )
    record_services.attachment_add(
        application=returned, by=applicant_my, kind="site_map", upload=pdf_upload("图.pdf")
    )
    assert submit(client_for(applicant_my), returned, {"note": "已补正"}).status_code == 200

    record = client_for(reviewer_my).get(f"{API}/applications/{returned.pk}/").json()
    changes = record["changes_since_return"]
    assert changes["note"] == "已补正"
    [change] = changes["fields"]
    assert change["field"] == "project_name" and change["after"] == "改名后的项目"
    assert [a["name"] for a in changes["attachments"]["added"]] == ["图.pdf"]
    assert [i["changed"] for i in changes["items"]] == [False, True]
    # The applicant reads the record without it; another district does not see the record.
    mine = client_for(applicant_my).get(f"{API}/applications/{returned.pk}/").json()
    assert mine["changes_since_return"] is None
    other = client_for(reviewer_yq).get(f"{API}/applications/{returned.pk}/")
    assert other.status_code == 404


def test_a_second_return_during_review_is_a_409(
    client_for, returned, applicant_my, reviewer_my, reviewer_my2
):
    """product.md §16 L4: after its one return in review (the route's default), a step decides
    on what is there; the refusal names the decision field and changes nothing."""
    assert submit(client_for(applicant_my), returned, {"note": "已补正"}).status_code == 200
    task = open_task_of(returned)
    body = {"decision": "return", "opinion": "再补", "items": ITEMS}
    response = decide(client_for(reviewer_my), task, body)
    assert response.status_code == 409, response.json()
    assert response.json()["errors"][0]["code"] == "returned_once"
    assert ReviewDecision.objects.filter(task_id=task.pk).count() == 0
    site_checked(client_for(reviewer_my), task.pk, reviewer_my, reviewer_my2)
    again = decide(client_for(reviewer_my), task, {"decision": "approve", "opinion": "同意"})
    assert again.status_code == 200, again.json()
