"""A year's patch layer imported through the admin (issue 48 item 1): a superuser uploads a
GeoJSON file on the add page; a bad feature refuses the file, named, and nothing is stored."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from core.messages import MSG_FEATURE
from forest_watch.choices import PatchStatus
from forest_watch.models import Patch, PatchLayer
from tests.factories import UserFactory

from .helpers import box, patch_file, props

pytestmark = pytest.mark.django_db

ADD = "/admin/forest_watch/patchlayer/add/"
IN_FORCE = {"before_date": "2026-02-01", "after_date": "2026-06-01"}


@pytest.fixture
def admin_client(client, reference_data):
    client.force_login(UserFactory(username="it_admin", is_staff=True, is_superuser=True))
    return client


def _posted(admin_client, data: bytes):
    return admin_client.post(
        ADD,
        {
            "jurisdiction": "110000",
            "district": "",
            "year": "2026",
            "source": "2026年森林督查图斑",
            "file": SimpleUploadedFile("patches.geojson", data),
        },
    )


def test_the_admin_imports_a_layer_of_patches(admin_client, django_capture_on_commit_callbacks):
    assert admin_client.get(ADD).status_code == 200
    data = patch_file(
        (box(116.80, 40.40, 0.002, 0.002), props("AD-1", **IN_FORCE)),
        (box(116.00, 40.50, 0.002, 0.002), props("AD-2", county="110119", **IN_FORCE)),
    )
    with django_capture_on_commit_callbacks(execute=True):
        answer = _posted(admin_client, data)
    assert answer.status_code == 302
    assert answer["Location"] == "/admin/forest_watch/patchlayer/"
    layer = PatchLayer.objects.get()
    assert (layer.year, layer.version, layer.patch_count) == (2026, 1, 2)
    assert layer.imported_by.username == "it_admin"
    stored = {p.number: p for p in Patch.objects.filter(layer=layer)}
    assert set(stored) == {"AD-1", "AD-2"}
    assert stored["AD-1"].district_id == "110118" and stored["AD-2"].district_id == "110119"
    assert stored["AD-1"].change_type == "felling"
    assert str(stored["AD-1"].declared_area_ha) == "1.5000"
    # The matching queued after the commit ran: each patch assigned to its district's agency.
    assert {p.status for p in stored.values()} == {PatchStatus.ASSIGNED}
    assert AuditEvent.objects.filter(actor_username="it_admin").exists()


def test_the_admin_refuses_a_bad_row_naming_it_and_stores_nothing(admin_client):
    data = patch_file(
        (box(116.80, 40.40, 0.002, 0.002), props("AD-1", **IN_FORCE)),
        (box(116.81, 40.40, 0.002, 0.002), props("AD-2", **IN_FORCE)),
        (box(116.82, 40.40, 0.002, 0.002), props("AD-3", change_type="砍了", **IN_FORCE)),
    )
    answer = _posted(admin_client, data)
    assert answer.status_code == 200
    errors = [str(e) for e in answer.context["form"].errors.get("file", [])]
    named = str(MSG_FEATURE % {"position": 3, "message": ""}).rstrip("：: ")
    assert errors and any(named in e for e in errors), errors
    assert named in answer.content.decode()
    assert not PatchLayer.objects.exists() and not Patch.objects.exists()
