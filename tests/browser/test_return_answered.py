"""A return answered item by item, in a real browser: the 密云 reviewer returns with items bound
to a field and an attachment kind, the applicant sees each beside what it names, corrects them
and resubmits with a note, and the reviewer of the resubmission sees the diff.

PostgreSQL only, like every live-server test (conftest.py says why)."""

import pytest

from permits.models import Application
from tests.factories import open_task_of, submit_accepted, tending_draft

from .helpers import PDF, logged_in, return_with_two_items

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def test_an_applicant_answers_a_return_item_by_item_and_the_reviewer_sees_the_diff(
    browser,
    live_server,
    applicant_my,
    reviewer_my,
):
    draft = tending_draft(by=applicant_my)
    application = submit_accepted(application=draft, by=applicant_my)
    task_url = f"{live_server.url}/tasks/{open_task_of(application).pk}/"

    reviewer = logged_in(browser, live_server.url, "district_my")
    reviewer.goto(task_url)
    return_with_two_items(reviewer)
    assert Application.objects.get(pk=draft.pk).status == "returned"

    applicant = logged_in(browser, live_server.url, "applicant_my")
    applicant.goto(f"{live_server.url}/applications/{draft.pk}/")
    assert applicant.locator("#return-items-list >> text=请补充作业区位图").count() == 1
    # The upload form proposes the document the return asks for.
    applicant.set_input_files(
        "input[type=file][name=file]",
        files=[{"name": "作业区位图.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    with applicant.expect_navigation():
        applicant.click("form[action$='/attachments/'] button[type=submit]")
    applicant.wait_for_selector("text=作业区位图.pdf")

    applicant.goto(f"{live_server.url}/applications/{draft.pk}/edit/")
    item = applicant.locator("[data-return-item=stand_density]")
    assert "请填写实测林分密度" in item.inner_text()
    assert applicant.locator("[data-return-item=attachment] >> text=请补充作业区位图").count() == 1
    applicant.fill("input[name=stand_density]", "1650")
    applicant.fill("textarea[name=resubmit-note]", "已填写实测密度并补充区位图。")
    with applicant.expect_navigation():
        applicant.click("button[data-action=resubmit]")
    applicant.wait_for_load_state("networkidle")
    resubmitted = Application.objects.get(pk=draft.pk).detail
    assert resubmitted.status == "district_review"
    assert resubmitted.stand_density == 1650

    reviewer.goto(f"{live_server.url}/tasks/{open_task_of(resubmitted).pk}/")
    changes = reviewer.locator("#changes")
    assert "已填写实测密度并补充区位图。" in changes.locator("#correction-note").inner_text()
    row = changes.locator("tr[data-field=stand_density]")
    assert "1800" in row.inner_text() and "1650" in row.inner_text()
    assert "作业区位图.pdf" in changes.locator("[data-added=site_map]").inner_text()
    answers = changes.locator("#return-item-answers tbody tr")
    assert answers.count() == 2
    assert [answers.nth(i).get_attribute("data-changed") for i in range(2)] == ["yes", "yes"]
