"""Keyboard use (issue 11 part 2): with the Tab key alone, an applicant and a reviewer reach every
control of the create form and of the decision form, in the page's order, each drawn focused;
the skip link comes first and works; the drawer's links and the logout button are reachable; a
failed submit puts focus on the error summary.

Runs with the other browser tests (CI's PostgreSQL pass; conftest.py says why).
"""

import pytest
from django.utils.translation import override

from core.messages import MSG_DECISION_REQUIRED
from permits.models import Application

from .helpers import demo_logged_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


# Marks every control Tab should reach, in document order, and notes how each looks unfocused
# (a Material radio or checkbox is an invisible native input drawn by its next sibling).
TABBABLE = """() => {
  const selector = "a[href], button, input:not([type=hidden]), select, textarea, [tabindex]";
  const looks = (e) => {
    const hidden = getComputedStyle(e).opacity === "0" && e.nextElementSibling;
    const drawn = hidden ? e.nextElementSibling : e;
    const s = getComputedStyle(drawn);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(" ");
  };
  const radioSeen = new Set();
  const marks = [];
  for (const e of document.querySelectorAll(selector)) {
    if (e.tabIndex < 0 || e.disabled || !e.getClientRects().length) continue;
    if (getComputedStyle(e).visibility === "hidden") continue;
    if (e.type === "radio") { if (radioSeen.has(e.name)) continue; radioSeen.add(e.name); }
    e.dataset.kb = marks.length;
    marks.push({unfocused: looks(e)});
  }
  window.permitsLooks = looks;
  return marks;
}"""
FOCUSED = """() => {
  const e = document.activeElement;
  return {kb: e.dataset.kb ?? null, tag: e.tagName, looks: window.permitsLooks(e),
          text: (e.innerText || e.name || "").trim().slice(0, 30)};
}"""


def tab_through(page) -> list[dict]:
    """Tabs from the top of the page through every control; each must come in order and look
    different focused from unfocused."""
    page.reload()  # Tab starts from the top again
    page.wait_for_load_state("networkidle")
    marks = page.evaluate(TABBABLE)
    reached = []
    for _ in range(len(marks)):
        page.keyboard.press("Tab")
        reached.append(page.evaluate(FOCUSED))
    assert [r["kb"] for r in reached] == [str(i) for i in range(len(marks))], reached
    for mark, focused in zip(marks, reached, strict=True):
        assert focused["looks"] != mark["unfocused"], f"no visible focus on {focused}"
    return reached


def skip_link_first_and_working(page):
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('permits-skip-link')")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def drawer_and_logout_reachable(page, reached, links):
    texts = " ".join(r["text"] for r in reached)
    for link in links:
        assert link in texts, f"{link} not reached by Tab"
    page.focus(".vf-page__menu-toggle-button")
    page.keyboard.press("Enter")
    # The account menu's items in order (the authenticator app, issue 47), then the logout.
    on_logout = "!!document.activeElement.closest('form[action$=\"/logout/\"]')"
    for _item in range(4):
        page.keyboard.press("Tab")
        if page.evaluate(on_logout):
            break
    assert page.evaluate(on_logout)


def test_the_create_form_by_keyboard(demo, browser, live_server):
    page = demo_logged_in(browser, live_server.url, "applicant_my")
    page.goto(f"{live_server.url}/applications/new/tending/")
    page.wait_for_load_state("networkidle")
    skip_link_first_and_working(page)
    reached = tab_through(page)
    drawer_and_logout_reachable(page, reached, ["我的申请", "许可申请"])

    page.goto(f"{live_server.url}/applications/new/tending/")
    page.wait_for_load_state("networkidle")
    page.focus("input[name=canopy_density]")
    page.keyboard.type("7")  # a canopy density is at most 1
    before = Application.objects.count()
    page.focus("button[data-action=save]")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-error-summary]")
    page.wait_for_function("document.activeElement.matches('[data-error-summary]')")
    summary = page.locator("[data-error-summary]")
    assert summary.get_attribute("role") == "alert"
    assert Application.objects.count() == before
    # A link of the summary takes the keyboard to its field.
    summary.locator("a[href='#id_canopy_density']").press("Enter")
    assert page.evaluate("document.activeElement.name") == "canopy_density"


def test_the_decision_form_by_keyboard(demo, browser, live_server):
    page = demo_logged_in(browser, live_server.url, "district_my")
    page.goto(f"{live_server.url}/tasks/?queue=queue")
    # The click's navigation awaited: on a loaded machine networkidle could come before it.
    with page.expect_navigation():
        page.click("table a[href^='/tasks/']")
    page.wait_for_load_state("networkidle")
    assert page.locator("fieldset.permits-decision legend").count() == 1
    assert page.locator("input[name=decision]:checked").count() == 0  # nothing preselected
    skip_link_first_and_working(page)
    reached = tab_through(page)
    assert any(r["kb"] is not None and r["text"] == "decision" for r in reached)
    drawer_and_logout_reachable(page, reached, ["许可申请", "工作台", "批准后义务"])

    page.reload()
    page.wait_for_load_state("networkidle")
    page.focus("textarea[name=opinion]")
    page.keyboard.type("未选择决定。")
    page.focus("button[data-action=decide]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.activeElement.matches('[data-error-summary]')")
    with override("zh-hans"):
        assert str(MSG_DECISION_REQUIRED) in page.locator("[data-error-summary]").inner_text()


SCROLL_BOXES = """() => [...document.querySelectorAll('.permits-scroll')].map((box) => ({
  label: document.getElementById(box.getAttribute('aria-labelledby'))?.innerText.trim(),
  scrolls: box.scrollWidth > box.clientWidth + 1,
  stop: box.getAttribute('tabindex') === '0',
}))"""


def test_a_table_box_is_a_tab_stop_only_while_it_scrolls(demo, browser, live_server):
    page = demo_logged_in(browser, live_server.url, "district_my")
    page.goto(f"{live_server.url}/tasks/?queue=queue")
    page.wait_for_load_state("networkidle")
    wide = page.evaluate(SCROLL_BOXES)
    assert wide and all(box["label"] for box in wide), wide  # named by its section's heading
    assert all(box["stop"] == box["scrolls"] for box in wide), wide

    page.set_viewport_size({"width": 390, "height": 800})
    # A phone: the queue reads as one card a row (nothing scrolls, so nothing is a tab stop)...
    page.wait_for_function(
        "() => [...document.querySelectorAll('.permits-scroll')].every((b) => b.tabIndex !== 0)"
    )
    cards = page.evaluate(SCROLL_BOXES)
    assert not any(box["scrolls"] or box["stop"] for box in cards), cards
    # ...while the application list's wide table scrolls, and is one while it does.
    page.goto(f"{live_server.url}/applications/")
    page.wait_for_load_state("networkidle")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.permits-scroll')].some((b) => b.tabIndex === 0)"
    )
    narrow = page.evaluate(SCROLL_BOXES)
    assert any(box["scrolls"] for box in narrow), narrow
    assert all(box["stop"] == box["scrolls"] for box in narrow), narrow
    box = page.locator(".permits-scroll[tabindex='0']").first
    box.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.activeElement.scrollLeft > 0")
