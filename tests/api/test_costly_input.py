"""Input that costs too much is refused before the costly part (issue 45 item 6): a place of
thousands of corners before its JSON is parsed, a body longer than its door allows before it is
read, and Django's own bounds of a form body answered in the API's error format (JSON under
/api/, our 400 page elsewhere), never a 500."""

import json
import math

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.messages import MSG_BODY_TOO_LARGE, MSG_TOO_MANY_CORNERS, MSG_TOO_MANY_PARTS
from public.models import Report
from public.reports import place

from .helpers import API

pytestmark = pytest.mark.django_db

REPORTS = f"{API}/public/reports/"


def _circle(corners: int) -> dict[str, object]:
    """A polygon of ``corners`` positions, the closing one counted."""
    turn = [2 * math.pi * i / (corners - 1) for i in range(corners - 1)]
    ring = [[116.85 + 0.01 * math.cos(a), 40.40 + 0.01 * math.sin(a)] for a in turn]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def _fields(**overrides: object) -> dict[str, object]:
    return {
        "kind": "illegal_felling",
        "description": "石城镇后山有人砍伐油松。",
        "site_geometry": json.dumps({"type": "Point", "coordinates": [116.85, 40.40]}),
        "district": "110118",
        **overrides,
    }


@pytest.fixture
def parsed(monkeypatch) -> list[int]:
    """The lengths of the place texts parsed as JSON by the report's service."""
    seen: list[int] = []
    loads = place.jsonsafe.loads

    def spied(text, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(len(text))
        return loads(text, **kwargs)

    monkeypatch.setattr(place.jsonsafe, "loads", spied)
    return seen


def test_a_place_of_50000_corners_is_refused_before_it_is_parsed(
    client_for, reference_data, parsed
):
    huge = json.dumps(_circle(50_000))  # 2 MB of text
    answer = client_for().post(REPORTS, _fields(site_geometry=huge), format="multipart")
    assert answer.status_code == 400, answer.content
    (error,) = answer.json()["errors"]
    assert (error["field"], error["code"]) == ("site_geometry", "too_many_corners")
    assert error["message"] == str(MSG_TOO_MANY_CORNERS)
    assert parsed == [] and not Report.objects.exists()


@pytest.mark.parametrize("corners", [500, 501])
def test_the_raw_count_refuses_no_place_the_parsed_count_accepts(
    client_for, reference_data, parsed, corners
):
    text = json.dumps(_circle(corners))
    answer = client_for().post(REPORTS, _fields(site_geometry=text), format="multipart")
    assert parsed[0] == len(text)  # near the limit, the exact count decides, after parsing
    codes = [e["code"] for e in answer.json().get("errors", [])]
    assert (answer.status_code, codes) in ((201, []), (400, ["too_many_corners"]))
    assert (answer.status_code == 201) == (corners <= place.CORNERS_MAX)


def test_a_public_report_body_past_its_door_is_413_before_it_is_read(client_for, reference_data):
    body = json.dumps({**_fields(), "site_geometry": _circle(50_000)})  # 2 MB of JSON
    answer = client_for().post(REPORTS, body, content_type="application/json")
    assert answer.status_code == 413
    assert answer.json()["errors"] == [
        {
            "field": None,
            "code": "too_large",
            "message": str(MSG_BODY_TOO_LARGE),
            "rule": None,
            "source": None,
        }
    ]
    assert not Report.objects.exists()


def test_a_photo_body_past_its_door_is_refused_by_its_declared_length(
    client_for, reference_data, settings
):
    """Refused by Content-Length, before a byte is read: the body sent here is small, the length
    it declares is 100 MB."""
    photo = SimpleUploadedFile("p.png", b"\x89PNG\r\n\x1a\n" + bytes(64))
    answer = client_for().post(
        REPORTS,
        _fields(photos=[photo]),
        format="multipart",
        CONTENT_LENGTH=str(100 * 1024 * 1024),
    )
    assert answer.status_code == 413
    assert answer.json()["errors"][0]["code"] == "too_large"
    # A staff door allows more (an attachment of 20 MB): the same length elsewhere is the
    # general cap's to judge.
    assert settings.PERMITS_REQUEST_MAX_BYTES > settings.PUBLIC_REPORT_MAX_BYTES


def test_the_web_report_form_refuses_a_body_past_its_door_with_our_page(client, reference_data):
    answer = client.post(
        "/public/reports/new/?district=110118",
        {"kind": "illegal_felling"},
        CONTENT_LENGTH=str(100 * 1024 * 1024),
    )
    assert answer.status_code == 413
    assert str(MSG_BODY_TOO_LARGE) in answer.content.decode()


def test_more_than_1000_fields_is_a_json_400(client_for, reference_data):
    body = {f"f{i}": "x" for i in range(1_100)}
    for fmt in ("multipart", None):
        answer = (
            client_for().post(REPORTS, body, format="multipart")
            if fmt
            else client_for().post(
                REPORTS,
                "&".join(f"{k}={v}" for k, v in body.items()),
                content_type="application/x-www-form-urlencoded",
            )
        )
        assert answer.status_code == 400, answer.content
        assert answer["Content-Type"] == "application/json"
        assert answer.json()["errors"][0]["code"] == "too_many_parts"
        assert answer.json()["detail"] == str(MSG_TOO_MANY_PARTS)


def test_more_than_100_files_is_a_json_400(client_for, reference_data):
    files = [SimpleUploadedFile(f"p{i}.png", b"x") for i in range(101)]
    answer = client_for().post(REPORTS, _fields(photos=files), format="multipart")
    assert answer.status_code == 400, answer.content
    assert answer.json()["errors"][0]["code"] == "too_many_parts"


def test_more_than_1000_fields_on_a_web_page_is_our_400_page(client, reference_data):
    body = {f"f{i}": "x" for i in range(1_100)}
    answer = client.post("/public/reports/new/?district=110118", body)
    assert answer.status_code == 400
    assert str(MSG_TOO_MANY_PARTS) in answer.content.decode()


def test_more_than_1000_query_parameters_under_api_is_a_json_400(client_for, reference_data):
    query = "&".join(f"f{i}=x" for i in range(1_100))
    answer = client_for().get(f"{API}/public/decisions/?{query}")
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["code"] == "too_many_parts"


def test_a_staff_upload_past_the_general_cap_is_413_before_it_is_read(
    client_for, applicant_my, settings
):
    from tests.factories import tending_draft

    draft = tending_draft(by=applicant_my, with_design=False)
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.7\n%%EOF\n")
    answer = client_for(applicant_my).post(
        f"{API}/applications/{draft.pk}/attachments/",
        {"file": upload, "kind": "design"},
        format="multipart",
        CONTENT_LENGTH=str(settings.PERMITS_REQUEST_MAX_BYTES + 1),
    )
    assert answer.status_code == 413
    assert answer.json()["errors"][0]["code"] == "too_large"
    assert not draft.attachments.exists()
