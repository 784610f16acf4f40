"""Where the decision is on a reviewer's task page (issue 26 item 12): on a 390 px phone the
decision form comes before the application's facts, site and attachments, its options on the
first screen, so a reviewer does not scroll past every fact to decide; at 1366 px it heads the
main column with the task card beside it. The title does not run under the print button. Each
width is photographed into tests/artifacts/.

PostgreSQL only, like every live-server test (conftest.py says why)."""

import pytest

from .helpers import ARTIFACTS, OVERFLOW, demo_logged_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

# The page boxes of the decision form, its options and button, and the cards of facts.
BOXES = """() => {
  const box = (selector) => {
    const element = document.querySelector(selector);
    if (!element) return null;
    const r = element.getBoundingClientRect();
    return {top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right};
  };
  return {
    form: box("form:has(button[data-action=decide])"),
    options: box("fieldset.permits-decision"),
    button: box("button[data-action=decide]"),
    task: box("#task"),
    facts: box("#facts"),
    site: box("#site"),
    attachments: box(".vf-card:has(#attachments-title)"),
  };
}"""
FACTS = ("facts", "site", "attachments")
# The title's lines that run under the print button in the header's corner.
UNDER_PRINT = """() => {
  const button = document.querySelector("#print-page").getBoundingClientRect();
  const title = document.createRange();
  title.selectNodeContents(document.querySelector("h1.vf-card__title"));
  return [...title.getClientRects()].filter((line) =>
    line.right > button.left && line.left < button.right &&
    line.bottom > button.top && line.top < button.bottom).length;
}"""


def first_task_page(page, base: str) -> None:
    page.goto(f"{base}/tasks/?queue=queue")
    with page.expect_navigation():
        page.locator("#task-table a[href^='/tasks/']").first.click()
    page.wait_for_load_state("networkidle")


def test_on_a_phone_the_decision_comes_before_the_facts(demo, browser, live_server):
    page = demo_logged_in(
        browser, live_server.url, "district_my", viewport={"width": 390, "height": 844}
    )
    first_task_page(page, live_server.url)
    boxes = page.evaluate(BOXES)
    assert all(boxes[name] for name in ("form", "options", "button", *FACTS)), boxes
    for name in FACTS:
        assert boxes["button"]["bottom"] <= boxes[name]["top"], (name, boxes)
    assert boxes["options"]["top"] < 844, boxes  # the options on the first screen
    assert page.evaluate(UNDER_PRINT) == 0
    assert page.evaluate(OVERFLOW) <= 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "task-decision-390.png", full_page=True)
    page.context.close()


def test_on_a_desktop_the_decision_heads_the_main_column(demo, browser, live_server):
    page = demo_logged_in(
        browser, live_server.url, "district_my", viewport={"width": 1366, "height": 768}
    )
    first_task_page(page, live_server.url)
    boxes = page.evaluate(BOXES)
    form, task = boxes["form"], boxes["task"]
    assert form is not None and task is not None, boxes
    assert form["right"] <= task["left"], boxes  # side by side
    assert boxes["options"]["top"] < 768, boxes
    assert page.evaluate(UNDER_PRINT) == 0
    for name in FACTS:
        assert boxes[name]["top"] >= form["bottom"], (name, boxes)
        assert boxes[name]["right"] <= task["left"], (name, boxes)  # in the main column
    assert page.evaluate(OVERFLOW) <= 1
    page.screenshot(path=ARTIFACTS / "task-decision-1366.png")
    page.context.close()
