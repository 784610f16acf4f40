"""Every error has one shape and the status code of api.md; bad input names its field."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from permits.models import Application, Attachment
from tests.factories import submit_accepted, tending_draft

from .helpers import API, beijing_body, create, error_fields, upload

ERROR_KEYS = {"field", "code", "message", "rule", "source"}


def assert_error_shape(response):
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert body["detail"]
    assert body["errors"], "at least one entry"
    for entry in body["errors"]:
        assert set(entry) == ERROR_KEYS
        assert entry["message"]


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"area_ha": "-3"}, "area_ha", "min_value"),
        ({"district": "999999"}, "district", "does_not_exist"),
        ({"canopy_density": "1.5"}, "canopy_density", "max_value"),
        ({"operation_type": "clear_cutting"}, "operation_type", "invalid_choice"),
        ({"protection_class": "everywhere"}, "protection_class", "invalid_choice"),
        ({"start_date": "2026-13-01"}, "start_date", "invalid"),
        ({"compartments": "12-3"}, "compartments", "not_a_list"),
        ({"compartments": ["12-3", {"no": 1}]}, "compartments.1", "invalid"),
        (
            {"site_geometry": {"type": "LineString", "coordinates": [[116, 40], [116.1, 40]]}},
            "site_geometry",
            "invalid_geometry",
        ),
        # A point names an introduction site; a tending design covers an area.
        (
            {"site_geometry": {"type": "Point", "coordinates": [116, 40]}},
            "site_geometry",
            "polygon_required",
        ),
        (
            {"site_geometry": {"type": "Point", "coordinates": [2.35, 48.85]}},
            "site_geometry",
            "outside_china",
        ),
        ({"kind": "logging"}, "kind", "invalid_choice"),
    ],
)
def test_bad_value_is_a_field_error(client_for, applicant_my, overrides, field, code):
    response = client_for(applicant_my).post(
        f"{API}/applications/", {**beijing_body(), **overrides}, format="json"
    )
    assert response.status_code == 400
    assert_error_shape(response)
    assert error_fields(response)[field] == code


def test_end_before_start_is_a_field_error_from_the_service(client_for, applicant_my):
    body = beijing_body()
    body.update(start_date="2026-05-01", end_date="2026-04-01")
    response = client_for(applicant_my).post(f"{API}/applications/", body, format="json")
    assert response.status_code == 400
    assert error_fields(response) == {"end_date": "end_before_start"}
    assert not Application.objects.exists()


def test_district_outside_the_jurisdiction(client_for, applicant_my):
    body = beijing_body(district_id="120119")
    response = client_for(applicant_my).post(f"{API}/applications/", body, format="json")
    assert response.status_code == 400
    assert error_fields(response) == {"district": "district_outside_jurisdiction"}


def test_null_is_accepted_in_a_draft(client_for, applicant_my):
    body = {
        "kind": "tending",
        "jurisdiction": "110000",
        "district": "110118",
        "title": None,
        "compartments": None,
        "area_ha": None,
        "operation_type": None,
    }
    draft = create(client_for(applicant_my), body)
    assert draft["title"] == "" and draft["compartments"] == [] and draft["area_ha"] is None


def test_malformed_json(client_for, applicant_my):
    response = client_for(applicant_my).post(
        f"{API}/applications/", data='{"kind": "tending",', content_type="application/json"
    )
    assert response.status_code == 400
    assert_error_shape(response)
    [error] = response.json()["errors"]
    assert error["field"] is None and error["code"] == "parse_error"


def test_not_authenticated_is_401(client_for, applicant_my):
    response = client_for(None).get(f"{API}/applications/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert_error_shape(response)
    assert response.json()["errors"][0]["code"] == "not_authenticated"


def test_bad_token_is_401(client_for, applicant_my):
    client = client_for(None)
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    response = client.get(f"{API}/me/")
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "authentication_failed"


def test_wrong_credentials_are_400(client_for, applicant_my):
    response = client_for(None).post(
        f"{API}/auth/token/", {"username": "applicant_my", "password": "nope"}, format="json"
    )
    assert response.status_code == 400
    assert_error_shape(response)
    assert response.json()["errors"][0]["field"] is None


def test_another_organisations_application_is_404(client_for, applicant_my, applicant_yq):
    draft = tending_draft(by=applicant_my)
    other = client_for(applicant_yq)
    for response in (
        other.get(f"{API}/applications/{draft.pk}/"),
        other.patch(f"{API}/applications/{draft.pk}/", {"title": "x"}, format="json"),
        other.get(f"{API}/applications/{draft.pk}/history/"),
        other.post(f"{API}/applications/{draft.pk}/submit/"),
        upload(other, draft.pk),
    ):
        assert response.status_code == 404
        assert_error_shape(response)
    assert client_for(applicant_my).get(f"{API}/applications/999999/").status_code == 404


def test_visible_but_not_allowed_is_403(client_for, applicant_my, reviewer_my):
    draft = tending_draft(by=applicant_my)
    create_as_reviewer = client_for(reviewer_my).post(
        f"{API}/applications/", beijing_body(), format="json"
    )
    assert create_as_reviewer.status_code == 403
    assert_error_shape(create_as_reviewer)

    submit_accepted(application=draft, by=applicant_my)
    reviewer = client_for(reviewer_my)
    assert reviewer.get(f"{API}/applications/{draft.pk}/").status_code == 200
    for response in (
        reviewer.post(f"{API}/applications/{draft.pk}/withdraw/", {"reason": "x"}, format="json"),
        reviewer.patch(f"{API}/applications/{draft.pk}/", {"title": "x"}, format="json"),
        reviewer.post(f"{API}/applications/{draft.pk}/revoke/", {"reason": "x"}, format="json"),
    ):
        assert response.status_code == 403, response.json()
        assert response.json()["errors"][0]["code"] == "permission_denied"


def test_patch_after_submit_is_409(client_for, applicant_my):
    client = client_for(applicant_my)
    draft = tending_draft(by=applicant_my)
    patched = client.patch(f"{API}/applications/{draft.pk}/", {"title": "新标题"}, format="json")
    assert patched.status_code == 200 and patched.json()["title"] == "新标题"
    assert client.post(f"{API}/applications/{draft.pk}/submit/").status_code == 200
    response = client.patch(f"{API}/applications/{draft.pk}/", {"title": "再改"}, format="json")
    assert response.status_code == 409
    assert_error_shape(response)
    assert client.post(f"{API}/applications/{draft.pk}/submit/").status_code == 409


def test_patch_changes_only_the_fields_sent(client_for, applicant_my):
    draft = tending_draft(by=applicant_my)
    response = client_for(applicant_my).patch(
        f"{API}/applications/{draft.pk}/", {"area_ha": "3.25", "township": None}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["area_ha"] == 3.25
    assert response.json()["township"] == ""
    assert response.json()["dominant_species"] == "油松"


def test_upload_too_large_is_413(client_for, applicant_my, settings):
    settings.PERMITS_UPLOAD_MAX_BYTES = 1024
    draft = tending_draft(by=applicant_my, with_design=False)
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 2048)
    response = upload(client_for(applicant_my), draft.pk, file=big)
    assert response.status_code == 413
    assert error_fields(response) == {"file": "too_large"}
    assert not Attachment.objects.exists()


def test_upload_of_a_refused_type_is_415(client_for, applicant_my):
    draft = tending_draft(by=applicant_my, with_design=False)
    fake = SimpleUploadedFile("design.pdf", b"MZ\x90\x00 an executable named .pdf")
    response = upload(client_for(applicant_my), draft.pk, file=fake)
    assert response.status_code == 415
    assert error_fields(response) == {"file": "unsupported_type"}


def test_upload_needs_a_known_kind_and_a_file(client_for, applicant_my):
    draft = tending_draft(by=applicant_my, with_design=False)
    client = client_for(applicant_my)
    response = upload(client, draft.pk, kind="selfie")
    assert response.status_code == 400 and error_fields(response) == {"kind": "invalid_choice"}
    response = client.post(
        f"{API}/applications/{draft.pk}/attachments/", {"kind": "other"}, format="multipart"
    )
    assert response.status_code == 400 and error_fields(response) == {"file": "required"}
    json_upload = client.post(
        f"{API}/applications/{draft.pk}/attachments/", {"kind": "other"}, format="json"
    )
    assert json_upload.status_code == 415


def test_refused_submission_reports_every_violation_and_keeps_the_draft(client_for, applicant_my):
    client = client_for(applicant_my)
    body = beijing_body(
        protection_class="reserve_core",
        operation_type="commercial_harvest",
        forest_origin="natural",
        area_ha=None,
    )
    draft = create(client, body)
    assert upload(client, draft["id"], kind="site_map").status_code == 201

    response = client.post(f"{API}/applications/{draft['id']}/submit/")
    assert response.status_code == 400
    assert_error_shape(response)
    errors = response.json()["errors"]
    rules = {e["rule"] for e in errors if e["rule"]}
    assert {"T1", "T2", "T4"} <= rules
    assert all(e["source"] for e in errors if e["rule"])
    assert "area_ha" in {e["field"] for e in errors if e["code"] == "required"}

    kept = client.get(f"{API}/applications/{draft['id']}/").json()
    assert kept["status"] == "draft"
    assert kept["operation_type"] == "commercial_harvest"
    attachments = client.get(f"{API}/applications/{draft['id']}/attachments/").json()
    assert [a["kind"] for a in attachments] == ["site_map"]


def test_second_decision_is_409(client_for, applicant_my, reviewer_my):
    from workflows.engine import open_tasks

    application = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
    task = open_tasks(application=application).get()
    reviewer = client_for(reviewer_my)
    url = f"{API}/tasks/{task.pk}/decide/"
    assert reviewer.post(url, {"decision": "approve"}, format="json").status_code == 200
    again = reviewer.post(url, {"decision": "reject", "opinion": "不同意"}, format="json")
    assert again.status_code == 409
    assert_error_shape(again)
    assert again.json()["errors"][0]["code"] == "task_closed"


def test_decision_needs_a_valid_choice_and_an_opinion_to_return(
    client_for, applicant_my, reviewer_my
):
    from workflows.engine import open_tasks

    application = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
    task = open_tasks(application=application).get()
    reviewer = client_for(reviewer_my)
    url = f"{API}/tasks/{task.pk}/decide/"
    response = reviewer.post(url, {"decision": "maybe"}, format="json")
    assert response.status_code == 400 and error_fields(response) == {"decision": "invalid_choice"}
    response = reviewer.post(url, {"decision": "return"}, format="json")
    assert response.status_code == 400 and error_fields(response) == {"opinion": "required"}
    response = reviewer.post(url, {"decision": "agree"}, format="json")
    assert response.status_code == 400 and error_fields(response) == {"decision": "invalid_choice"}


def test_unknown_certificate_is_404(client_for, reference_data):
    response = client_for(None).get(f"{API}/certificates/%E4%BA%AC%E5%9B%AD/verify/")
    assert response.status_code == 404
    assert_error_shape(response)
