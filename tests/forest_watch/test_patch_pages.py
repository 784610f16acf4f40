"""The district's patch list and a patch's page (issue 48 item 3): the map with the patch and
the permits around it, the verification form posted from a phone, the head's close."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from forest_watch.choices import PatchStatus
from forest_watch.models import Patch

from .helpers import box, import_patches, props

pytestmark = pytest.mark.django_db

IN_FORCE = {"before_date": "2026-02-01", "after_date": "2026-06-01"}
PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148"


@pytest.fixture
def patch(reference_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        layer = import_patches((box(116.80, 40.40, 0.002, 0.002), props("W-1", **IN_FORCE)))
    return Patch.objects.get(layer=layer)


def _client(user) -> Client:
    client = Client(HTTP_USER_AGENT=PHONE)
    client.force_login(user)
    return client


def test_the_district_list_and_its_table(patch, reviewer_my):
    client = _client(reviewer_my)
    page = client.get("/patches/")
    assert page.status_code == 200 and "W-1" in page.content.decode()
    layer_page = client.get(f"/patches/layer/{patch.layer_id}/?status=assigned")
    assert "W-1" in layer_page.content.decode()
    table = client.get("/patches/?format=csv")
    assert b"W-1" in b"".join(table.streaming_content)


def test_the_patch_page_shows_the_map_and_the_verification_form(patch, reviewer_my, reviewer_my2):
    page = _client(reviewer_my).get(f"/patches/{patch.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "data-site-map" in html and 'id="patch-verify"' in html
    assert 'capture="environment"' in html


def test_the_verification_posted_from_the_page(patch, reviewer_my, reviewer_my2, head_my):
    data = {
        "action": "verify",
        "verify-checked_on": "2026-06-10",
        "verify-inspectors": ["district_my", "district_my2"],
        "verify-change_type": "felling",
        "verify-finding": "现场为采伐迹地。",
        "verify-measured_area_ha": "1.3",
        "verify-longitude": "116.801",
        "verify-latitude": "40.401",
    }
    answer = _client(reviewer_my).post(f"/patches/{patch.pk}/", data)
    assert answer.status_code == 302
    patch.refresh_from_db()
    assert patch.status == PatchStatus.VERIFIED
    assert patch.verifications.get().position["coordinates"] == [116.801, 40.401]
    close = _client(head_my).post(
        f"/patches/{patch.pk}/",
        {"action": "close", "close-outcome": "lawful", "close-findings": "持证采伐。"},
    )
    assert close.status_code == 302
    assert Patch.objects.get(pk=patch.pk).status == PatchStatus.CLOSED


def test_one_inspector_alone_on_the_page_is_told_why(patch, reviewer_my, reviewer_my2):
    data = {
        "action": "verify",
        "verify-checked_on": "2026-06-10",
        "verify-inspectors": ["district_my"],
        "verify-change_type": "felling",
        "verify-finding": "现场为采伐迹地。",
        "verify-measured_area_ha": "1.3",
    }
    answer = _client(reviewer_my).post(f"/patches/{patch.pk}/", data)
    assert answer.status_code == 400
    assert Patch.objects.get(pk=patch.pk).status == PatchStatus.ASSIGNED


def test_others_are_kept_out(patch, reviewer_yq, outsider):
    assert _client(reviewer_yq).get(f"/patches/{patch.pk}/").status_code == 404
    assert _client(outsider).get("/patches/").status_code == 403


def test_the_list_page_costs_the_same_queries_at_any_count(
    reference_data, reviewer_my, django_capture_on_commit_callbacks
):
    """Issue 48 "Speed": the district's page of patches in as many queries with one patch as
    with a full page of them (and more beyond it)."""
    with django_capture_on_commit_callbacks(execute=True):
        import_patches((box(116.80, 40.40, 0.002, 0.002), props("Q-0000", **IN_FORCE)))
    client = _client(reviewer_my)
    client.get("/patches/")  # warm the caches of the first request
    with CaptureQueriesContext(connection) as few:
        page = client.get("/patches/")
    assert page.status_code == 200 and page.content.decode().count("Q-0") == 1
    with django_capture_on_commit_callbacks(execute=True):
        import_patches(
            *(
                (box(116.80 + i * 0.003, 40.40, 0.002, 0.002), props(f"Q-{i:04d}", **IN_FORCE))
                for i in range(60)
            )
        )
    with CaptureQueriesContext(connection) as many:
        page = client.get("/patches/")
    assert page.status_code == 200 and page.content.decode().count("Q-0") > 1
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
