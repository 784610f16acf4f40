"""The seal over HTTP (api.md "Documents"; issue 46): each document in the application's list
says how it stands to the seal, and the issuing agency records the seal of a paper original
with ``POST /applications/{id}/documents/{document_id}/seal/``; the verification says so."""

from datetime import datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest

from documents.models import DocumentKind
from tests.factories import committed, occupation_draft, submit

from .helpers import API, error_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(applicant_my, time_machine):
    time_machine.move_to(datetime(2026, 6, 8, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
    return submit(occupation_draft(by=applicant_my), applicant_my)


def test_record_the_seal_of_a_paper_original(
    client_for, application, reviewer_my, applicant_my, reviewer_yq
):
    notice = application.certificates.get(document_kind=DocumentKind.ACCEPTANCE_NOTICE)
    listed = client_for(applicant_my).get(f"{API}/applications/{application.pk}/documents/")
    (row,) = [d for d in listed.json() if d["number"] == notice.number]
    assert row["seal"] == {
        "provider": "wet",
        "state": "awaiting_original",
        "sealed_at": None,
        "sealed_by": None,
        "mode": "wet",
        "sealed": False,
        "sealed_on": None,
    }
    url = f"{API}/applications/{application.pk}/documents/{notice.pk}/seal/"
    body = {"sealed_on": "2026-06-08"}
    assert client_for(reviewer_yq).post(url, body, format="json").status_code == 404
    assert client_for(applicant_my).post(url, body, format="json").status_code == 403
    response = client_for(reviewer_my).post(url, {"sealed_on": "2026-06-09"}, format="json")
    assert error_fields(response) == {"sealed_on": "invalid"}
    response = committed(client_for(reviewer_my).post, url, body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["document"] == notice.number
    assert response.json()["sealed_on"] == "2026-06-08"
    assert response.json()["agency"] == "密云区园林绿化局"
    assert client_for(reviewer_my).post(url, body, format="json").status_code == 409
    listed = client_for(applicant_my).get(f"{API}/applications/{application.pk}/documents/")
    (row,) = [d for d in listed.json() if d["number"] == notice.number]
    assert row["seal"]["mode"] == "wet" and row["seal"]["sealed_on"] == "2026-06-08"
    assert row["seal"]["sealed_at"] == "2026-06-08" and row["seal"]["state"] == "sealed"
    assert row["seal"]["provider"] == "wet" and row["seal"]["sealed_by"]
    verified = client_for().get(
        f"{API}/certificates/{quote(notice.number)}/verify/", {"code": notice.check_code}
    )
    seal = verified.json()["seal"]
    assert seal["mode"] == "wet" and seal["sealed"] and seal["sealed_on"] == "2026-06-08"
    # Issue 49's shape: the provider, who recorded pressing the seal, and the day.
    assert seal["provider"] == "wet" and seal["sealed_at"] == "2026-06-08"
    assert seal["sealed_by"] == response.json()["sealed_by"]
