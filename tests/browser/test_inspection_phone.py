"""An inspection recorded in the field, on a phone (product.md §17 A2; issue 29): the head of
密云区园林绿化局 assigns two of its staff to the demo's design awaiting inspection, and one of
them records each sampled 小班 at 390 px. A pass that the measurements refute is refused beside
its fields, keeping what was typed; the corrected result accepts the design and issues its
检查验收意见书.

PostgreSQL only, like every live-server test (tests/browser/conftest.py says why)."""

import pytest
from django.utils import timezone

from supervision.models import Inspection

from .helpers import ARTIFACTS, OVERFLOW, demo_logged_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

PHONE = {"width": 390, "height": 844}


def test_an_inspection_is_assigned_and_recorded_on_a_phone(demo, browser, live_server):
    inspection = Inspection.objects.get(status="planned")
    url = f"{live_server.url}/inspections/{inspection.pk}/"
    head = demo_logged_in(browser, live_server.url, "head_my", viewport=PHONE)
    head.goto(url)
    assign = head.locator("form:has(input[name=action][value=assign])")
    assign.locator("input[value=district_my]").check()
    assign.locator("input[value=district_my2]").check()
    assign.locator("input[name=planned_on]").fill(timezone.localdate().isoformat())
    with head.expect_navigation():
        assign.locator("button[data-action=assign_inspectors]").click()
    inspection.refresh_from_db()
    assert inspection.status == "assigned" and inspection.sample == ["8-1", "8-3"]

    page = demo_logged_in(browser, live_server.url, "district_my", viewport=PHONE)
    page.goto(url)
    page.wait_for_load_state("load")
    assert page.evaluate(OVERFLOW) <= 1
    form = page.locator("form.permits-inspection-form")
    form.locator("input[name=p0_area]").fill("6.2")
    form.locator("input[name=p1_area]").fill("8.5")
    form.locator("select[name=p1_operation]").select_option("thinning")
    form.locator("input[name=score]").fill("90")
    form.locator("input[name=outcome][value=pass]").check()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "district_my-inspection-390.png", full_page=True)
    with page.expect_navigation():
        form.locator("button[data-action=record_inspection]").click()
    assert Inspection.objects.get(pk=inspection.pk).status == "assigned"  # refused, nothing kept
    refused = page.locator("form.permits-inspection-form")
    assert "8-3" in page.locator("body").inner_text()  # the problem names the 小班
    assert refused.locator("input[name=p0_area]").input_value() == "6.2"  # nothing typed is lost
    assert page.evaluate(OVERFLOW) <= 1

    refused.locator("select[name=p1_operation]").select_option("young_forest_tending")
    with page.expect_navigation():
        refused.locator("button[data-action=record_inspection]").click()
    recorded = Inspection.objects.get(pk=inspection.pk)
    assert recorded.status == "done" and recorded.outcome == "pass"
    assert recorded.application.status == "accepted"
    assert recorded.report.number in page.locator("#inspection-result").inner_text()
    page.screenshot(path=ARTIFACTS / "district_my-inspection-done-390.png", full_page=True)
