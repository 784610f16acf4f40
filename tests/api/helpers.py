"""Requests and bodies shared by the API tests."""

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from tests import factories
from tests.factories import (
    PDF_BYTES,
    occupation_data,
    tending_data,
    tianjin_occupation_data,
    tianjin_tending_data,
)

API = "/api/v1"


def api_body(data: dict, kind: str = "tending") -> dict:
    """A factory data dict (model names) as the API's JSON body (API names and JSON types)."""
    names = {"jurisdiction_id": "jurisdiction", "district_id": "district"}
    body = {}
    for name, value in data.items():
        if isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, date):
            value = value.isoformat()
        body[names.get(name, name)] = value
    return {"kind": kind, **body}


def beijing_body(**overrides) -> dict:
    return api_body(tending_data(**overrides))


def tianjin_body(**overrides) -> dict:
    return api_body(tianjin_tending_data(**overrides))


def introduction_data(**overrides) -> dict:
    """Into waters, one monitoring year (two half-yearly reports): what the reports tests count."""
    return factories.waters_introduction_data(**{"monitoring_years": 1, **overrides})


def occupation_body(**overrides) -> dict:
    return api_body(occupation_data(**overrides), kind="occupation")


def tianjin_occupation_body(**overrides) -> dict:
    return api_body(tianjin_occupation_data(**overrides), kind="occupation")


def introduction_body(**overrides) -> dict:
    return api_body(introduction_data(**overrides), kind="introduction")


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


def submit(client, application_id):
    return client.post(f"{API}/applications/{application_id}/submit/")


def decide(client, task_id, decision="approve", opinion="同意"):
    """The answer of a decision (not checked: tests assert on refusals too)."""
    body = {"decision": decision, "opinion": opinion}
    if decision == "return":
        body["items"] = factories.return_items(opinion)
    return client.post(f"{API}/tasks/{task_id}/decide/", body, format="json")


SITE_FINDINGS = "现场核实用地范围与申请一致，林地类型与申请材料相符。"


def site_check(client, task_id, body=None, format="json", **overrides):
    """``POST tasks/{id}/site-check/`` (not checked: tests assert on refusals too); by default
    today's check of 1.8 ha, ``inspectors`` given in ``overrides`` or ``body``."""
    from django.utils import timezone

    if body is None:
        body = {
            "checked_on": timezone.localdate().isoformat(),
            "findings": SITE_FINDINGS,
            "measured_area_ha": "1.8",
            **overrides,
        }
    return client.post(f"{API}/tasks/{task_id}/site-check/", body, format=format)


def site_checked(client, task_id, *inspectors) -> dict:
    """A site check recorded over HTTP, as the district's reviewer does before approving an
    occupation (product.md §16 L12): ``inspectors`` are users (the caller and a colleague)."""
    response = site_check(client, task_id, inspectors=[i.username for i in inspectors])
    assert response.status_code == 201, response.json()
    return response.json()


def record(client, application_id) -> dict:
    response = client.get(f"{API}/applications/{application_id}/")
    assert response.status_code == 200, response.json()
    return response.json()


def pdf_content(response) -> bytes:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def tasks(client, queue="queue", **filters) -> list[dict]:
    response = client.get(f"{API}/tasks/", {"queue": queue, **filters})
    assert response.status_code == 200, response.json()
    return response.json()["results"]


def error_fields(response) -> dict:
    """{field: code} of an error answer."""
    return {e["field"]: e["code"] for e in response.json()["errors"]}


def decide_posting(client, task, body):
    """A decision on ``task`` with any ``body`` (grounds, return items), posted as JSON."""
    return client.post(f"{API}/tasks/{task.pk}/decide/", body, format="json")


def assert_grounds_refused(response, application, *, status, events, decision, message=None):
    """A 400 on ``grounds`` (in Chinese when ``message``) that changed nothing: the status, the
    audit trail's length and the absence of a ``decision`` record."""
    from audit.models import AuditEvent
    from workflows.models import ReviewDecision

    assert response.status_code == 400, response.json()
    (error,) = response.json()["errors"]
    assert error["field"].startswith("grounds")
    if message:
        assert error["message"] == message
    application.refresh_from_db()
    assert application.status == status
    assert AuditEvent.objects.count() == events
    assert not ReviewDecision.objects.filter(
        application_id=application.pk, decision=decision
    ).exists()
