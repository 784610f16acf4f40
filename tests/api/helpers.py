"""Requests and bodies shared by the API tests."""

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import PDF_BYTES, tending_data, tianjin_tending_data

API = "/api/v1"


def api_body(data: dict) -> dict:
    """A factory data dict (model names) as the API's JSON body (API names and JSON types)."""
    names = {"jurisdiction_id": "jurisdiction", "district_id": "district"}
    body = {}
    for name, value in data.items():
        if isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, date):
            value = value.isoformat()
        body[names.get(name, name)] = value
    return {"kind": "tending", **body}


def beijing_body(**overrides) -> dict:
    return api_body(tending_data(**overrides))


def tianjin_body(**overrides) -> dict:
    return api_body(tianjin_tending_data(**overrides))


def pdf_file(name="作业设计书.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def create(client, body) -> dict:
    response = client.post(f"{API}/applications/", body, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def upload(client, application_id, *, kind="design_document", file=None):
    return client.post(
        f"{API}/applications/{application_id}/attachments/",
        {"file": file or pdf_file(), "kind": kind},
        format="multipart",
    )


def tasks(client, queue="queue", **filters) -> list[dict]:
    response = client.get(f"{API}/tasks/", {"queue": queue, **filters})
    assert response.status_code == 200, response.json()
    return response.json()["results"]


def error_fields(response) -> dict:
    """{field: code} of an error answer."""
    return {e["field"]: e["code"] for e in response.json()["errors"]}
