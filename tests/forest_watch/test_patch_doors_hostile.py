"""The change patch doors under attack (issue 48): who does not read a patch gets 404 (or 403
when no patch is theirs to read), the superuser acts on none, and hostile bodies are refused on
their field in Chinese with nothing recorded."""

import re

import pytest
from django.test import Client

from audit.models import AuditEvent
from forest_watch.choices import PatchStatus
from forest_watch.models import Patch, Verification
from roles.models import Role
from tests.factories import member

from .test_verification import _body, patch  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")
DOORS = {
    "verification/": _body(),
    "send-on/": {"district": "110119", "reason": "位于延庆区"},
    "close/": {"outcome": "unlawful", "findings": "无证采伐"},
}


def recorded() -> tuple:
    acts = AuditEvent.objects.filter(action__startswith="patch").count()
    return Verification.objects.count(), acts, list(Patch.objects.values_list("status", "agency"))


@pytest.fixture
def superuser_member(reference_data):
    user = member(role=Role.HEAD, agency_code="110118-forestry", username="root_my")
    user.is_superuser = user.is_staff = True
    user.save()
    return user


def test_who_does_not_read_the_patch_gets_404_or_403_and_changes_nothing(
    patch,  # noqa: F811
    reviewer_yq,
    head_jz,
    outsider,
    applicant_my,
    superuser_member,
    client_for,
):
    before = recorded()
    leaks = []
    for user in (reviewer_yq, head_jz, outsider, applicant_my, superuser_member):
        client = client_for(user)
        readable = client.get("/api/v1/patches/").status_code == 200
        expected = 404 if readable else 403
        if (status := client.get(f"/api/v1/patches/{patch.pk}/").status_code) != expected:
            leaks.append(f"{user} GET: {status}")
        for door, body in DOORS.items():
            url = f"/api/v1/patches/{patch.pk}/{door}"
            if (status := client.post(url, body, format="json").status_code) not in (403, 404):
                leaks.append(f"{user} POST {door}: {status}")
        web = Client()
        web.force_login(user)
        status = web.post(f"/patches/{patch.pk}/", {"action": "close"}).status_code
        if status not in (403, 404):
            leaks.append(f"{user} web POST: {status}")
    assert leaks == []
    assert recorded() == before


def assert_refused(answer, field: str) -> None:
    assert answer.status_code == 400, (answer.status_code, answer.content[:300])
    problems = answer.json()["errors"]
    assert field in {p["field"] for p in problems}, problems
    assert all(CJK.search(p["message"]) for p in problems), problems


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"checked_on": "0001-01-01"}, "checked_on"),
        ({"checked_on": "9999-12-31"}, "checked_on"),
        ({"checked_on": 20260610}, "checked_on"),
        ({"inspectors": {"a": 1}}, "inspectors"),
        ({"inspectors": ["district_my"] * 1000}, "inspectors"),
        ({"change_type": ["felling"]}, "change_type"),
        ({"measured_area_ha": "NaN"}, "measured_area_ha"),
        ({"measured_area_ha": "-0"}, "measured_area_ha"),
        ({"measured_area_ha": "1" * 400}, "measured_area_ha"),
        ({"measured_area_ha": True}, "measured_area_ha"),
        ({"finding": "查" * 100_000}, "finding"),
        ({"permit_reference": {"x": 1}}, "permit_reference"),
        ({"position": "[" * 50_000 + "]" * 50_000}, "position"),
        ({"position": {"type": "Point", "coordinates": ["a", "b"]}}, "position"),
    ],
)
def test_a_hostile_verification_is_refused_on_its_field(
    patch,  # noqa: F811
    reviewer_my,
    reviewer_my2,
    client_for,
    values,
    field,
):
    before = recorded()
    answer = client_for(reviewer_my).post(
        f"/api/v1/patches/{patch.pk}/verification/", _body(**values), format="json"
    )
    assert_refused(answer, field)
    assert recorded() == before


def test_a_deep_position_in_a_verification_form_is_refused(
    patch,  # noqa: F811
    reviewer_my,
    reviewer_my2,
    client_for,
):
    body = {**_body(), "position": "[" * 50_000 + "]" * 50_000}
    answer = client_for(reviewer_my).post(f"/api/v1/patches/{patch.pk}/verification/", body)
    assert_refused(answer, "position")
    assert Patch.objects.get(pk=patch.pk).status == PatchStatus.ASSIGNED


@pytest.mark.parametrize(
    ("door", "body", "field"),
    [
        ("send-on/", {"district": ["110119"], "reason": "x"}, "district"),
        ("send-on/", {"district": "110118", "reason": "x"}, "district"),
        ("send-on/", {"district": "9" * 10_000, "reason": "x"}, "district"),
        ("send-on/", {"district": "110119", "reason": ""}, "reason"),
    ],
)
def test_a_hostile_send_on_is_refused(
    patch,  # noqa: F811
    reviewer_my,
    client_for,
    door,
    body,
    field,
):
    before = recorded()
    answer = client_for(reviewer_my).post(f"/api/v1/patches/{patch.pk}/{door}", body, format="json")
    assert_refused(answer, field)
    assert recorded() == before


def test_the_patch_list_refuses_a_hostile_query(patch, reviewer_my, client_for):  # noqa: F811
    client = client_for(reviewer_my)
    for query in (
        {"layer": "-1"},
        {"layer": "9" * 40},
        {"district": "\u202e"},
        {"status": "x" * 300},
        {"format": "pdf"},
    ):
        assert client.get("/api/v1/patches/", query).status_code == 400, query
    assert client.get("/api/v1/patch-layers/99999999999999999999/").status_code == 404
    assert client.get(f"/api/v1/patches/{'9' * 30}/").status_code == 404
    web = Client()
    web.force_login(reviewer_my)
    assert web.get(f"/patches/layer/{'9' * 30}/").status_code == 200
    assert web.get("/patches/", {"district": "9" * 300, "page": "-1"}).status_code == 200
