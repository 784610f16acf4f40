"""What a permit holder owes after approval, over HTTP (product.md §17, api.md): the obligations,
filings (JSON and multipart), escape incidents, the lists of the holder and of the agencies."""

import json

import pytest
import time_machine

from .helpers import API, error_fields, pdf_file, record

APPROVED_ON = "2026-03-02 10:00 +0800"


def obligations_url(application) -> str:
    return f"{API}/applications/{application.pk}/obligations/"


MONITORING = {"alive_count": 480, "escaped": False, "containment": "contained"}


def test_the_record_and_the_list_carry_the_obligations(client_for, applicant_my, introduction):
    client = client_for(applicant_my)
    with time_machine.travel("2026-04-01 09:00 +0800", tick=False):
        response = client.get(obligations_url(introduction))
        application = record(client, introduction.pk)
    assert response.status_code == 200
    rows = response.json()
    assert [(r["kind"], r["sequence"], r["due_date"]) for r in rows] == [
        ("monitoring", 1, "2026-09-02"),
        ("annual_control", 1, "2026-11-30"),
        ("monitoring", 2, "2027-03-02"),
    ]
    assert set(rows[0]) == {
        "id",
        "kind",
        "sequence",
        "due_date",
        "status",
        "basis",
        "overdue",
        "filings",
    }
    assert rows[0]["status"] == "open" and rows[0]["filings"] == []
    assert application["obligations"] == rows
    listed = client.get(f"{API}/obligations/?kind=monitoring").json()["results"]
    assert [r["id"] for r in listed] == [rows[0]["id"], rows[2]["id"]]
    assert client.get(f"{API}/obligations/?status=bogus").status_code == 400


def test_the_holder_files_once_json_and_multipart(client_for, applicant_my, introduction):
    client = client_for(applicant_my)
    first, _control, second = client.get(obligations_url(introduction)).json()
    response = client.post(
        f"{API}/obligations/{first['id']}/filings/",
        {"data": MONITORING, "note": "网箱完好"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    filing = response.json()
    assert filing["data"]["alive_count"] == 480 and filing["review"] is None
    again = client.post(
        f"{API}/obligations/{first['id']}/filings/", {"data": MONITORING}, format="json"
    )
    assert again.status_code == 409
    multipart = client.post(
        f"{API}/obligations/{second['id']}/filings/",
        {"data": json.dumps(MONITORING), "photos": [pdf_file()]},
        format="multipart",
    )
    assert multipart.status_code == 201, multipart.json()
    assert len(multipart.json()["attachments"]) == 1


def test_bad_input_is_field_level_and_keeps_nothing(client_for, applicant_my, introduction):
    client = client_for(applicant_my)
    first = client.get(obligations_url(introduction)).json()[0]
    response = client.post(
        f"{API}/obligations/{first['id']}/filings/",
        {"data": {"alive_count": -3, "containment": "gone"}},
        format="json",
    )
    assert response.status_code == 400
    assert error_fields(response) == {
        "data.alive_count": "invalid",
        "data.containment": "invalid_choice",
    }
    assert client.get(obligations_url(introduction)).json()[0]["filings"] == []


def test_another_organisation_gets_404_and_an_official_403(
    client_for, applicant_my, applicant_yq, agriculture_approver, introduction
):
    first = client_for(applicant_my).get(obligations_url(introduction)).json()[0]
    url = f"{API}/obligations/{first['id']}/filings/"
    assert (
        client_for(applicant_yq).post(url, {"data": MONITORING}, format="json").status_code == 404
    )
    assert client_for(applicant_yq).get(obligations_url(introduction)).status_code == 404
    official = client_for(agriculture_approver)
    assert official.post(url, {"data": MONITORING}, format="json").status_code == 403
    assert official.get(f"{API}/obligations/").json()["count"] == 3


def test_an_escape_incident(client_for, applicant_my, introduction):
    client = client_for(applicant_my)
    body = {
        "data": {
            "occurred_on": "2026-04-01",
            "escape_count": 2,
            "escape_place": "鱼池东侧排水口",
            "containment": "contained",
            "measures": "已捕回并加装拦网",
        }
    }
    with time_machine.travel("2026-04-02 09:00 +0800", tick=False):
        response = client.post(
            f"{API}/applications/{introduction.pk}/incidents/", body, format="json"
        )
    assert response.status_code == 201, response.json()
    kinds = [r["kind"] for r in client.get(obligations_url(introduction)).json()]
    assert "escape_incident" in kinds


def test_overdue_obligations_for_the_agencies(
    client_for, applicant_my, agriculture_approver, introduction
):
    with time_machine.travel("2026-09-10 09:00 +0800", tick=False):
        overdue = client_for(agriculture_approver).get(f"{API}/obligations/overdue/")
        holder = client_for(applicant_my).get(f"{API}/obligations/overdue/")
    assert overdue.status_code == 200
    assert [r["kind"] for r in overdue.json()["results"]] == ["monitoring"]
    assert holder.status_code == 403


@pytest.mark.parametrize(
    "text",
    ["[" * 5000 + "]" * 5000, '{"disposal": "a\\u0000b"}', '{"disposal": "\\ud800"}', "not json"],
)
def test_multipart_data_that_is_not_safe_json_is_400(client_for, applicant_my, introduction, text):
    client = client_for(applicant_my)
    first = client.get(obligations_url(introduction)).json()[0]
    response = client.post(
        f"{API}/obligations/{first['id']}/filings/", {"data": text}, format="multipart"
    )
    assert response.status_code == 400, response.content[:300]
    assert client.get(obligations_url(introduction)).json()[0]["filings"] == []
