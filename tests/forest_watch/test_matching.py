"""Each patch matched against the permits in force at its dates (issue 48 item 2), in the
background after the import's commit, with its progress on the layer; then assigned to its
district's forestry agency with the jurisdiction's deadline."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine

from audit.models import AuditEvent
from forest_watch.choices import Classification, MatchStatus, PatchStatus
from forest_watch.models import Patch, PatchLayer, WatchStandard
from permits.models import Notification
from tests.factories import decide, square_site, submit, tending_draft
from tests.zones.helpers import parcel_layer, zone_layer

from .helpers import box, import_patches, props

pytestmark = pytest.mark.django_db

SITE = square_site(12.5, lon=116.70, lat=40.45)
INSIDE = box(116.7005, 40.4505, 0.001, 0.001)  # within the permit's site
AROUND = box(116.699, 40.449, 0.006, 0.006)  # the site and as much again around it
ELSEWHERE = box(116.90, 40.60, 0.002, 0.002)
IN_FORCE = {"before_date": "2026-02-01", "after_date": "2026-06-01"}


@pytest.fixture
def permit(applicant_my, reviewer_my, approver):
    """A tending design of 密云 approved on 2 March 2026 on ``SITE``."""
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        draft = tending_draft(by=applicant_my, site_geometry=SITE)
        return decide(decide(submit(draft, applicant_my), reviewer_my), approver)


def _matched(*patches, **kwargs):
    return import_patches(*patches, **kwargs)


def test_each_kind_of_patch_is_classified_from_the_records(
    permit, reviewer_my, django_capture_on_commit_callbacks
):
    assert permit.status == "approved"
    with django_capture_on_commit_callbacks(execute=True):
        layer = _matched(
            (INSIDE, props("P-1", **IN_FORCE)),
            (AROUND, props("P-2", **IN_FORCE)),
            (ELSEWHERE, props("P-3", **IN_FORCE)),
            (box(116.92, 40.60, 0.002, 0.002), props("P-4", change_type="fire", **IN_FORCE)),
            (INSIDE, props("P-5", before_date="2026-01-01", after_date="2026-02-15")),
        )
    patches = {p.number: p for p in Patch.objects.filter(layer=layer)}
    assert patches["P-1"].classification == Classification.PERMITTED
    [found] = patches["P-1"].found["permits"]
    assert found["application"] == {"id": permit.pk, "reference": permit.reference}
    assert found["overlap_ha"] == pytest.approx(float(patches["P-1"].area_ha), rel=1e-3)
    assert patches["P-2"].classification == Classification.EXCEEDS_PERMIT
    assert patches["P-2"].covered_ha == pytest.approx(Decimal("12.5"), rel=Decimal("0.02"))
    assert patches["P-3"].classification == Classification.NO_PERMIT
    assert patches["P-3"].found["permits"] == []
    assert patches["P-4"].classification == Classification.UNCLASSIFIED
    # Changed before the permit was granted: no permit in force, the application still listed.
    assert patches["P-5"].classification == Classification.NO_PERMIT
    assert [a["application"]["id"] for a in patches["P-5"].found["applications"]] == [permit.pk]
    layer.refresh_from_db()
    assert (layer.match_status, layer.matched) == (MatchStatus.DONE, 5)


def test_the_matching_runs_after_the_commit_never_inside_the_import(
    reference_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        layer = _matched((ELSEWHERE, props("Q-1", **IN_FORCE)))
        layer.refresh_from_db()
        assert layer.match_status == MatchStatus.QUEUED
        assert Patch.objects.get().status == PatchStatus.PENDING
    assert len(queued) >= 1
    for callback in queued:
        callback()
    layer.refresh_from_db()
    assert layer.match_status == MatchStatus.DONE and layer.match_finished_at is not None


def test_zones_and_parcels_on_the_patch_are_listed(
    reference_data, django_capture_on_commit_callbacks
):
    zone_layer("red_line", (box(116.85, 40.55, 0.2, 0.2), "生态保护红线"))
    parcel_layer("110118", (box(116.89, 40.59, 0.02, 0.02), "12-3", "natural"))
    with django_capture_on_commit_callbacks(execute=True):
        _matched((ELSEWHERE, props("Z-1", **IN_FORCE)))
    found = Patch.objects.get().found
    assert [z["name"] for z in found["zones"]] == ["生态保护红线"]
    assert [p["compartment"] for p in found["parcels"]] == ["12-3"]


def test_patches_are_assigned_with_the_jurisdictions_deadline_and_the_agency_told(
    reference_data, reviewer_my, django_capture_on_commit_callbacks
):
    from roles.models import Jurisdiction

    WatchStandard.objects.create(
        jurisdiction=Jurisdiction.objects.get(pk="110000"), verification_days=30
    )
    with (
        time_machine.travel("2026-05-01 09:00 +0800", tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        _matched(
            (ELSEWHERE, props("A-1", **IN_FORCE)),
            (box(116.0, 40.5, 0.002, 0.002), props("A-2", county="110119", **IN_FORCE)),
        )
    mine = Patch.objects.get(number="A-1")
    assert mine.status == PatchStatus.ASSIGNED and mine.agency.code == "110118-forestry"
    assert mine.due_date == date(2026, 5, 1) + timedelta(days=30)
    assert Patch.objects.get(number="A-2").agency.code == "110119-forestry"
    assert AuditEvent.objects.filter(action="patches_assigned").count() == 2
    assert Notification.objects.filter(recipient=reviewer_my).exists()


def test_a_failed_matching_is_recorded_on_the_layer(reference_data, monkeypatch):
    from forest_watch import matching

    layer = _matched((ELSEWHERE, props("F-1", **IN_FORCE)))
    monkeypatch.setattr(matching, "_match", _boom)
    with pytest.raises(RuntimeError):
        matching.patch_layer_match(layer.pk)
    assert PatchLayer.objects.get(pk=layer.pk).match_status == MatchStatus.FAILED
    assert Patch.objects.get().classification == Classification.UNCLASSIFIED


def _boom(layer):
    raise RuntimeError("database gone")
