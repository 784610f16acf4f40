"""An irreversible decision in a real browser, by keyboard only: the reviewer chooses to
reject, the confirmation page repeats the reason, and Enter on its button confirms. The
applicant's home page then shows the application decided, with its stepper.

PostgreSQL only, like every live-server test (conftest.py says why)."""

import pytest

from permits.models import Application
from tests import dashboard_scenario

from .helpers import logged_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def test_reject_is_confirmed_by_keyboard(browser, live_server, applicant_my, reviewer_my):
    application = dashboard_scenario.submitted(applicant_my, reviewer_my, "2026-03-02 10:00 +0800")
    reviewer = logged_in(browser, live_server.url, "district_my")
    task = application.processes.get().task_set.filter(flow_task_type="HUMAN", status="NEW").get()
    reviewer.goto(f"{live_server.url}/tasks/{task.pk}/")
    reviewer.check("input[name=decision][value=reject]")
    reviewer.fill("textarea[name=opinion]", "作业区位于核心区，不予批准。")
    with reviewer.expect_navigation():
        reviewer.click("form:has(textarea[name=opinion]) button[data-action=decide]")
    reviewer.wait_for_selector("form[data-confirm='1']")
    assert Application.objects.get(pk=application.pk).status == "district_review"
    reason = reviewer.locator("form[data-confirm='1'] textarea")
    assert reason.input_value() == "作业区位于核心区，不予批准。"
    assert reason.evaluate("element => element === document.activeElement")  # autofocus
    reviewer.keyboard.press("Tab")  # to the confirm button
    with reviewer.expect_navigation():
        reviewer.keyboard.press("Enter")
    assert Application.objects.get(pk=application.pk).status == "rejected"

    applicant = logged_in(browser, live_server.url, "applicant_my")
    applicant.goto(f"{live_server.url}/")
    applicant.wait_for_selector("#desk-decisions")
    assert applicant.locator("#desk-decisions [data-stage='concluded'][data-state='done']").count()
