"""Tokens, me/, and the public parts of the API (throttling: tests/test_login_throttling.py)."""

from tests.factories import tending_draft

from .helpers import API, beijing_body, create


def login(client, password):
    return client.post(
        f"{API}/auth/token/", {"username": "applicant_my", "password": password}, format="json"
    )


def test_token_login_then_requests_with_the_token(client_for, applicant_my):
    client = client_for(None)
    response = login(client, "pw")
    assert response.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert client.get(f"{API}/me/").json()["username"] == "applicant_my"


def test_me_of_an_applicant_and_of_a_reviewer(client_for, applicant_my, reviewer_my):
    me = client_for(applicant_my).get(f"{API}/me/").json()
    assert me["memberships"] == []
    assert me["organisation"]["name"] == "密云区国有林场"
    assert me["display_name"]

    me = client_for(reviewer_my).get(f"{API}/me/").json()
    assert me["username"] == "district_my"
    assert me["memberships"] == [
        {"agency": {"code": "110118-forestry", "name": "密云区园林绿化局"}, "role": "reviewer"}
    ]
    assert me["organisation"] is None


def test_application_list_shows_only_visible_and_filters(client_for, applicant_my, applicant_yq):
    mine = create(client_for(applicant_my), beijing_body(title="不老屯镇抚育"))
    tending_draft(by=applicant_my, title="高岭镇抚育")
    tending_draft(by=applicant_yq, district_id="110119", title="延庆抚育")
    client = client_for(applicant_my)

    def references(**params):
        response = client.get(f"{API}/applications/", params)
        assert response.status_code == 200, response.json()
        return [a["reference"] for a in response.json()["results"]]

    assert len(references()) == 2
    assert references(q="不老屯") == [mine["reference"]]
    assert references(q=mine["reference"][-4:]) == [mine["reference"]]
    assert len(references(kind="tending", status="draft", district="110118")) == 2
    assert references(status="approved") == []
    response = client.get(f"{API}/applications/", {"status": "finished"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "status"


def test_attachment_download_is_permission_checked(client_for, applicant_my, applicant_yq):
    draft = tending_draft(by=applicant_my)
    client = client_for(applicant_my)
    [attachment] = client.get(f"{API}/applications/{draft.pk}/attachments/").json()
    url = f"{API}/applications/{draft.pk}/attachments/{attachment['id']}/download/"
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert client_for(applicant_yq).get(url).status_code == 404


def test_schema_and_docs_are_served(client_for, reference_data):
    client = client_for(None)
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200


def test_api_docs_need_no_cdn(client):
    """Swagger UI's assets come from our own static files (drf-spectacular-sidecar)."""
    page = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/" in page
    assert "cdn.jsdelivr.net" not in page


def test_a_browser_gets_json_not_drfs_browsable_pages(client, applicant_my):
    """A person who opens the API in the browser (session, Accept: text/html) gets JSON: DRF's
    English browsable pages are no page of ours (the API's docs are /api/docs/)."""
    client.force_login(applicant_my)
    browser = {"HTTP_ACCEPT": "text/html,application/xhtml+xml,*/*;q=0.8"}
    for path in (f"{API}/me/", f"{API}/applications/", f"{API}/no-such-endpoint/"):
        response = client.get(path, **browser)
        assert response["Content-Type"].startswith("application/json"), path
    me = client.get(f"{API}/me/", **browser)
    assert me.json()["username"] == "applicant_my"
    asked = client.get(f"{API}/me/", {"format": "api"})
    assert asked.status_code == 404
    assert asked["Content-Type"].startswith("application/json")
