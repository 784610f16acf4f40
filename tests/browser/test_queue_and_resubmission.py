"""Issue 26 items 10 and 6 as a person clicks them.

The reviewer searches the queue by the applicant's name, previews a PDF in place and prints a
task page without the navigation; on a 390 px phone the queue's filters are folded and each
row's due date is on the screen. The applicant who presses "save and resubmit" with nothing
corrected is shown the untouched items and resubmits nothing; choosing the file beside the item
and changing the field resubmits at once.

PostgreSQL only, like every live-server test (conftest.py says why)."""

import pytest

from permits.models import Application
from tests.factories import open_task_of, submit_accepted, tending_draft
from workflows.models import Resubmission

from .helpers import ARTIFACTS, OVERFLOW, PDF, demo_logged_in, logged_in, return_with_two_items

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def test_the_reviewer_searches_previews_and_prints(
    browser,
    live_server,
    applicant_my,
    applicant_yq,
    reviewer_my,
):
    mine = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
    reviewer = logged_in(browser, live_server.url, "district_my")
    reviewer.goto(f"{live_server.url}/tasks/?queue=queue")

    reviewer.fill("input[name=q]", "密云区国有")
    with reviewer.expect_navigation():
        reviewer.press("input[name=q]", "Enter")
    rows = reviewer.locator("#task-table tbody tr")
    assert rows.count() == 1 and mine.reference in rows.first.inner_text()
    assert "密云区国有林场" in rows.first.inner_text()
    reviewer.fill("input[name=q]", "不存在的单位")
    with reviewer.expect_navigation():
        reviewer.click("form[role=search] button[type=submit]")
    assert reviewer.locator("#task-table tbody .permits-empty").count() == 1

    reviewer.goto(f"{live_server.url}/tasks/{open_task_of(mine).pk}/")
    preview = reviewer.locator("a[data-preview='application/pdf']").first
    with reviewer.context.expect_page() as opened:
        preview.click()
    shown = opened.value
    shown.wait_for_load_state()
    assert "/preview/" in shown.url
    shown.close()

    reviewer.emulate_media(media="print")
    assert reviewer.locator(".vf-page__menu").first.is_hidden()
    assert reviewer.locator(".mdc-top-app-bar").first.is_hidden()
    assert reviewer.locator("#print-page").is_hidden()
    assert reviewer.locator("h1.vf-card__title").first.is_visible()  # the page itself prints
    reviewer.emulate_media(media="screen")

    # A phone: the filters folded under one line, each row's due date within the screen.
    reviewer.set_viewport_size({"width": 390, "height": 844})
    reviewer.goto(f"{live_server.url}/tasks/?queue=queue")
    assert reviewer.locator("details.permits-filters").get_attribute("open") is None
    assert reviewer.locator("select[name=kind], [name=kind]").first.is_hidden()
    due = reviewer.locator("#task-table tbody tr td[data-label]").last
    box = due.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390
    overflow = reviewer.evaluate(OVERFLOW)
    assert overflow <= 1
    ARTIFACTS.mkdir(exist_ok=True)
    reviewer.screenshot(path=str(ARTIFACTS / "queue-phone-390.png"), full_page=True)
    reviewer.set_viewport_size({"width": 1366, "height": 768})
    reviewer.goto(f"{live_server.url}/tasks/?queue=queue")
    assert reviewer.locator("details.permits-filters").get_attribute("open") is not None
    reviewer.screenshot(path=str(ARTIFACTS / "queue-1366.png"))


def test_resubmitting_uncorrected_asks_first_and_the_item_takes_its_file(
    browser,
    live_server,
    applicant_my,
    reviewer_my,
):
    draft = tending_draft(by=applicant_my)
    application = submit_accepted(application=draft, by=applicant_my)
    reviewer = logged_in(browser, live_server.url, "district_my")
    reviewer.goto(f"{live_server.url}/tasks/{open_task_of(application).pk}/")
    return_with_two_items(reviewer)
    assert Application.objects.get(pk=draft.pk).status == "returned"

    applicant = logged_in(browser, live_server.url, "applicant_my")
    applicant.goto(f"{live_server.url}/applications/{draft.pk}/edit/")
    with applicant.expect_navigation():
        applicant.click("button[data-action=resubmit]")
    untouched = applicant.locator("#untouched-items [data-untouched-item]")
    assert untouched.count() == 2
    assert "请补充作业区位图" in applicant.locator("#untouched-items").inner_text()
    assert not Resubmission.objects.exists()
    assert Application.objects.get(pk=draft.pk).status == "returned"

    with applicant.expect_navigation():
        applicant.click("#back-to-edit")
    applicant.set_input_files(
        "input[data-return-upload=site_map]",
        files=[{"name": "作业区位图.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    applicant.fill("input[name=stand_density]", "1650")
    applicant.fill("textarea[name=resubmit-note]", "已补正")
    with applicant.expect_navigation():
        applicant.click("button[data-action=resubmit]")
    applicant.wait_for_load_state("networkidle")
    resubmitted = Application.objects.get(pk=draft.pk)
    assert resubmitted.status == "district_review"
    assert resubmitted.attachments.filter(kind="site_map", name="作业区位图.pdf").exists()
    assert Resubmission.objects.get().note == "已补正"


def test_the_documents_links_are_inside_their_card_at_1366(demo, browser, live_server):
    """Issue 26 item 11: in the application page's side column the notices and decisions
    table ran off its card; each row now reads as a block, its links within the card."""
    page = demo_logged_in(
        browser, live_server.url, "applicant_my", viewport={"width": 1366, "height": 768}
    )
    approved = Application.objects.filter(
        organisation__name="密云区国有林场", status="approved"
    ).first()
    assert approved is not None
    page.goto(f"{live_server.url}/applications/{approved.pk}/")
    card = page.locator("#issued-documents").bounding_box()
    links = page.locator("#issued-documents a")
    assert card is not None and links.count() >= 2
    for index in range(links.count()):
        box = links.nth(index).bounding_box()
        assert box is not None and box["x"] + box["width"] <= card["x"] + card["width"], index
    page.locator("#issued-documents").screenshot(path=str(ARTIFACTS / "documents-1366.png"))
