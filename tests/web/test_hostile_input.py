"""Web forms and pages under hostile input: field errors or 400, never a 500 (the NUL cases
matter on PostgreSQL, which refuses NUL in text; on SQLite they check the validation)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.messages import MSG_DATE_RANGE, MSG_UNREADABLE_VALUE
from permits.models import Application
from tests.factories import tending_draft

from .helpers import return_post, submitted, tending_form_data

pytestmark = pytest.mark.django_db

NUL_FIELDS = ["title", "district", "jurisdiction", "compartments", "start_date", "area_ha"]


@pytest.mark.parametrize("field", NUL_FIELDS)
def test_nul_in_a_form_field_is_400(client, applicant_my, field):
    client.force_login(applicant_my)
    response = client.post(
        reverse("applications:create", args=["tending"]), {**tending_form_data(), field: "1\x00"}
    )
    assert response.status_code == 400
    assert not Application.objects.exists()


@pytest.mark.postgres
@pytest.mark.parametrize("field", NUL_FIELDS)
def test_nul_in_a_form_field_is_400_on_postgresql(client, applicant_my, field):
    client.force_login(applicant_my)
    response = client.post(
        reverse("applications:create", args=["tending"]), {**tending_form_data(), field: "\x00"}
    )
    assert response.status_code == 400


def test_a_lone_surrogate_in_the_site_geojson_is_a_field_error(client, applicant_my):
    client.force_login(applicant_my)
    geojson = '{"type": "Polygon", "coordinates": [], "name": "\\ud800"}'  # escaped, as typed
    response = client.post(
        reverse("applications:create", args=["tending"]),
        {**tending_form_data(), "site_geometry": geojson},
    )
    assert response.status_code == 200
    assert "site_geometry" in response.context["form"].errors
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("applications:index", {"q": "\x00"}),
        ("applications:index", {"district": "\x00"}),
        ("tasks:index", {"district": "a\x00"}),
    ],
)
def test_nul_in_a_filter_is_400(client, reviewer_my, url, query):
    client.force_login(reviewer_my)
    assert client.get(reverse(url), query).status_code == 400


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01"])
def test_implausible_dates_are_form_errors(client, applicant_my, value):
    client.force_login(applicant_my)
    response = client.post(
        reverse("applications:create", args=["tending"]),
        {**tending_form_data(), "end_date": value},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"][0] == MSG_DATE_RANGE % {
        "earliest": "2000-01-01",
        "latest": "2100-12-31",
    }
    assert not Application.objects.exists()


def test_nul_in_a_decision_opinion_is_400(client, applicant_my, reviewer_my):
    task_url = reverse("task-detail", args=[_task_id(submitted(by=applicant_my))])
    client.force_login(reviewer_my)
    response = client.post(task_url, return_post(opinion="补\x00正"))
    assert response.status_code == 400


def _task_id(application) -> int:
    from workflows.engine import open_tasks

    return open_tasks(application=application).get().pk


def test_deeply_nested_geojson_upload_is_refused(client, applicant_my):
    draft = tending_draft(by=applicant_my)
    client.force_login(applicant_my)
    response = client.post(
        reverse("application-attachment-add", args=[draft.pk]),
        {"kind": "site_map", "file": SimpleUploadedFile("site.geojson", b"[" * 100_000)},
        follow=True,
    )
    assert response.status_code in (200, 415)
    assert not draft.attachments.filter(kind="site_map").exists()


def test_unreadable_multipart_body_is_400(client, applicant_my):
    draft = tending_draft(by=applicant_my)
    client.force_login(applicant_my)
    response = client.generic(
        "POST",
        reverse("application-attachment-add", args=[draft.pk]),
        b"garbage",
        content_type="multipart/form-data; boundary=",
    )
    assert response.status_code == 400


# ---- hostile files (issue 26 item 20) --------------------------------------------------------


def test_a_site_file_with_a_number_of_thousands_of_digits_is_a_field_error(client, applicant_my):
    from .helpers import tending_form_data as form_data

    draft = tending_draft(by=applicant_my)
    client.force_login(applicant_my)
    data = form_data()
    data.pop("site_geometry")
    body = b'{"type": "Point", "coordinates": [' + b"1" * 5000 + b", 40.5]}"
    data["site_file"] = SimpleUploadedFile("site.geojson", body)
    response = client.post(reverse("application-edit", args=[draft.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["site_file"] == [str(MSG_UNREADABLE_VALUE)]


def test_an_attachment_sniffed_as_pdf_is_stored_as_pdf(client, applicant_my):
    draft = tending_draft(by=applicant_my)
    client.force_login(applicant_my)
    response = client.post(
        reverse("application-attachment-add", args=[draft.pk]),
        {"kind": "other", "file": SimpleUploadedFile("x.html", b"%PDF-1.4 <html></html>")},
    )
    assert response.status_code == 302
    assert draft.attachments.get(kind="other").name == "x.pdf"


def test_a_zip_attachment_inflating_beyond_the_bound_is_a_form_error(client, applicant_my):
    import io
    import zipfile

    from permits.uploads import MAX_ZIP_BYTES

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", bytes(MAX_ZIP_BYTES + 1))
    draft = tending_draft(by=applicant_my)
    client.force_login(applicant_my)
    response = client.post(
        reverse("application-attachment-add", args=[draft.pk]),
        {"kind": "other", "file": SimpleUploadedFile("bomb.docx", buffer.getvalue())},
    )
    assert response.status_code in (200, 413)
    assert "file" in response.context["upload_form"].errors
    assert not draft.attachments.filter(kind="other").exists()


def test_the_create_form_opens_no_draft_in_another_jurisdiction(client, applicant_my):
    from tests.factories import tianjin_tending_data

    from .helpers import tending_form_data as form_data

    client.force_login(applicant_my)
    tianjin = tianjin_tending_data()
    data = form_data(jurisdiction_id=tianjin["jurisdiction_id"], district_id=tianjin["district_id"])
    response = client.post(reverse("applications:create", args=["tending"]), data)
    assert response.status_code == 200
    (message,) = response.context["form"].errors["jurisdiction"]
    assert "本单位只能在所属辖区" in message
    assert not Application.objects.exists()
