"""/api/v1/notifications/ (api.md, Notifications): one's own only, unread count beside count,
another user's id answers 404, anonymous 401."""

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from permits.choices import NotificationKind
from permits.notifications import notify
from tests.factories import tending_draft

pytestmark = pytest.mark.django_db
API = "/api/v1/notifications"


@pytest.fixture
def inbox(applicant_my, applicant_yq):
    draft = tending_draft(by=applicant_my)
    first = notify(
        recipients=[applicant_my],
        kind=NotificationKind.RETURNED,
        message="请补正",
        application=draft,
    )[0]
    second = notify(recipients=[applicant_my], kind=NotificationKind.DECIDED, message="已决定")[0]
    theirs = notify(recipients=[applicant_yq], kind=NotificationKind.DECIDED, message="他人")[0]
    return {"draft": draft, "first": first, "second": second, "theirs": theirs}


def test_the_list_is_ones_own_newest_first_with_the_unread_count(client_for, applicant_my, inbox):
    body = client_for(applicant_my).get(f"{API}/").json()
    assert body["count"] == 2
    assert body["unread_count"] == 2
    assert [item["id"] for item in body["results"]] == [inbox["second"].pk, inbox["first"].pk]
    item = body["results"][1]
    assert set(item) == {"id", "kind", "message", "application", "created", "read"}
    assert item["kind"] == "returned"
    assert item["message"] == "请补正"
    assert item["application"] == {"id": inbox["draft"].pk, "reference": inbox["draft"].reference}
    assert item["read"] is False
    assert body["results"][0]["application"] is None


def test_mark_one_read_then_all(client_for, applicant_my, inbox):
    client = client_for(applicant_my)
    response = client.post(f"{API}/{inbox['first'].pk}/read/")
    assert response.status_code == 200
    assert response.json()["read"] is True
    body = client.get(f"{API}/", {"unread": "true"}).json()
    assert (body["count"], body["unread_count"]) == (1, 1)
    assert [item["id"] for item in body["results"]] == [inbox["second"].pk]

    assert client.post(f"{API}/read-all/").json() == {"marked": 1}
    body = client.get(f"{API}/", {"unread": "true"}).json()
    assert (body["count"], body["unread_count"]) == (0, 0)
    assert client.get(f"{API}/").json()["count"] == 2


def test_another_users_notification_is_not_found(client_for, applicant_my, applicant_yq, inbox):
    response = client_for(applicant_my).post(f"{API}/{inbox['theirs'].pk}/read/")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"
    assert client_for(applicant_my).post(f"{API}/999999/read/").status_code == 404
    assert client_for(applicant_yq).get(f"{API}/").json()["unread_count"] == 1
    client_for(applicant_my).post(f"{API}/read-all/")
    assert client_for(applicant_yq).get(f"{API}/").json()["unread_count"] == 1


def test_anonymous_is_refused(client_for, inbox):
    client = client_for(None)
    assert client.get(f"{API}/").status_code == 401
    assert client.post(f"{API}/{inbox['first'].pk}/read/").status_code == 401
    assert client.post(f"{API}/read-all/").status_code == 401


def test_a_bad_unread_filter_is_a_400(client_for, applicant_my):
    assert client_for(applicant_my).get(f"{API}/", {"unread": "maybe"}).status_code == 400


def test_the_schema_documents_the_endpoints_and_stays_valid(reference_data):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    listing = schema["paths"]["/api/v1/notifications/"]["get"]
    page = listing["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    page_schema = schema["components"]["schemas"][page.rsplit("/", 1)[1]]
    assert "unread_count" in page_schema["properties"]
    assert "/api/v1/notifications/{id}/read/" in schema["paths"]
    assert "/api/v1/notifications/read-all/" in schema["paths"]
