"""The demo's change patches (issue 48 item 7, 演示数据): around 密云, 延庆 and 蓟州, each kind,
demo data, and a second seed changes nothing."""

import pytest
import time_machine

from demo.patches import demo_patch_layers
from forest_watch.choices import Classification
from forest_watch.models import Patch, PatchLayer
from tests.factories import decide, square_site, submit, tending_draft

pytestmark = pytest.mark.django_db


def test_the_demo_layers_hold_each_kind_and_are_seeded_once(
    applicant_my, reviewer_my, approver, django_capture_on_commit_callbacks
):
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        draft = tending_draft(
            by=applicant_my, site_geometry=square_site(12.5, lon=116.7, lat=40.45)
        )
        decide(decide(submit(draft, applicant_my), reviewer_my), approver)
    with django_capture_on_commit_callbacks(execute=True):
        assert len(demo_patch_layers(2026)) == 2
    assert demo_patch_layers(2026) == []
    assert all(layer.demo for layer in PatchLayer.objects.all())
    assert set(Patch.objects.values_list("district_id", flat=True)) == {
        "110118",
        "110119",
        "120119",
    }
    kinds = set(Patch.objects.filter(district_id="110118").values_list("classification", flat=True))
    assert kinds == set(Classification.values)
