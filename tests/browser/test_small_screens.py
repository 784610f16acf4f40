"""Phones and tablets (issue 11 part 4): every page a demo role reaches from its home, by its
links, fits a 390 px phone and a 768 px tablet without sideways scrolling (a table scrolls inside
its own box); the queue, the create form, a task page and the applicant's home are photographed
at 390 px into tests/artifacts/ for a person to look at.

Runs with the other browser tests (CI's PostgreSQL pass; conftest.py says why).
"""

import re
from urllib.parse import urlsplit

import pytest

from .helpers import ARTIFACTS, OVERFLOW, crawl, demo_logged_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


ROLES = ("applicant_my", "district_my", "muni_forest", "muni_plan", "auditor_bj", "head_my")
WIDTHS = (390, 768)
# The site's pages only: the admin and the login page are the superuser's and no role's.
NOT_THE_SITE = re.compile(r"^/(?:admin|accounts)/")
PAGES_PER_PATTERN = 2
SCREENSHOTS = {
    "applicant_my": {"/desk/": "applicant-home", "/applications/new/tending/": "create-form"},
    "district_my": {"/tasks/": "queue", "/tasks/N/": "task-page"},
}


def pattern(path: str) -> str:
    return re.sub(r"\d+", "N", path)


@pytest.mark.parametrize("username", ROLES)
def test_pages_fit_phones_and_tablets(demo, browser, live_server, username):
    ARTIFACTS.mkdir(exist_ok=True)
    page = demo_logged_in(
        browser, live_server.url, username, viewport={"width": WIDTHS[0], "height": 844}
    )
    home = urlsplit(page.url).path
    pages = crawl(page, live_server.url, [home], per_route=PAGES_PER_PATTERN, skipped=NOT_THE_SITE)
    assert len(pages) > 3, pages

    too_wide = []
    shots = dict(SCREENSHOTS.get(username, {}))
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 844})
        for path in pages:
            page.goto(live_server.url + path)
            page.wait_for_load_state("load")
            if (excess := page.evaluate(OVERFLOW)) > 1:
                too_wide.append(f"{path} at {width} px: {excess} px too wide")
            name = shots.pop(pattern(urlsplit(path).path), None)
            if width == WIDTHS[0] and name:
                page.screenshot(path=ARTIFACTS / f"{username}-{name}-390.png", full_page=True)
    page.context.close()
    assert too_wide == []
    assert shots == {}, f"not reached, so not photographed: {shots}"
