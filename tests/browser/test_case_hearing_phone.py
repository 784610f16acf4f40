"""An enforcement case's hearing on a phone (行政处罚法 art. 64; issue 48 item 5): the head of
密云区园林绿化局 schedules the hearing the party asked for at 390 px; an investigator named to
preside is refused beside the field, keeping what was typed; the hearing is then scheduled and
the page still fits.

PostgreSQL only, like every live-server test (tests/browser/conftest.py says why)."""

from datetime import date

import pytest

from enforcement import reference, services
from enforcement.models import CaseHearing
from tests.enforcement.test_cases import through_notice
from workflows.deadlines import add_working_days

from .helpers import ARTIFACTS, OVERFLOW, logged_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

PHONE = {"width": 390, "height": 844}


def test_a_hearing_is_scheduled_on_a_phone(
    browser, live_server, head_my, reviewer_my, reviewer_my2, reference_data
):
    reference.load()
    case = through_notice(
        head_my, reviewer_my, reviewer_my2, article="forest-76-1", fine="15000", base_value="2000"
    )
    services.case_statement(case_id=case.pk, by=reviewer_my, hearing_requested=True)
    page = logged_in(browser, live_server.url, "head_my", viewport=PHONE)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    form = page.locator("form#act-hearing")
    form.locator("input[name=held_on]").fill(add_working_days(date.today(), 7).isoformat())
    form.locator("input[name=place]").fill("密云区园林绿化局第一会议室")
    form.locator("input[name=presiding]").fill("district_my")
    assert page.evaluate(OVERFLOW) <= 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "head_my-case-hearing-390.png", full_page=True)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert not CaseHearing.objects.filter(case=case).exists()
    refused = page.locator("form#act-hearing")
    assert "非本案调查人员" in refused.inner_text()
    assert refused.locator("input[name=place]").input_value() == "密云区园林绿化局第一会议室"
    refused.locator("input[name=presiding]").fill("head_my")
    with page.expect_navigation():
        refused.locator("button[type=submit]").click()
    assert CaseHearing.objects.get(case=case).presiding == head_my
    assert "行政处罚听证通知书" in page.locator("body").inner_text()
    assert page.evaluate(OVERFLOW) <= 1
