"""The restoration fee on a phone (product.md §16 L7): the municipal approver opens the demo's
occupation awaiting its fee at 390 px, records the payment with the amount the notice demanded,
and the approval is issued; a different amount without a reason is refused beside its field
first, losing nothing typed.

PostgreSQL only, like every live-server test (tests/browser/conftest.py says why)."""

import pytest

from permits.models import Application

from .helpers import ARTIFACTS, OVERFLOW, demo_logged_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

PHONE = {"width": 390, "height": 844}


def test_the_approver_records_the_fee_on_a_phone(demo, browser, live_server):
    application = Application.objects.get(status="awaiting_fee")
    page = demo_logged_in(browser, live_server.url, "muni_forest", viewport=PHONE)
    page.goto(f"{live_server.url}/applications/{application.pk}/")
    page.wait_for_load_state("load")
    assert page.evaluate(OVERFLOW) <= 1
    form = page.locator("form[data-action=record_fee]")
    assert form.count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "muni_forest-fee-390.png", full_page=True)

    form.locator("input[name=amount]").fill("1.00")
    form.locator("input[name=receipt_number]").fill("京财非税（2026）0200001")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert Application.objects.get(pk=application.pk).status == "awaiting_fee"
    refused = page.locator("form[data-action=record_fee]")
    assert "请填写理由" in refused.inner_text()  # the reason's field error, in Chinese
    assert refused.locator("input[name=receipt_number]").input_value() == "京财非税（2026）0200001"

    refused.locator("textarea[name=reason]").fill("经复核，按实测面积核减。")
    with page.expect_navigation():
        refused.locator("button[type=submit]").click()
    assert Application.objects.get(pk=application.pk).status == "approved"
    assert page.locator("#fee [data-field=fee-status]").inner_text().startswith("已缴纳")
