"""The steps the browser tests share: signing in, returning an application with items, finding a
role's pages the way the role does, and what a page is measured or photographed with."""

import re
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

from demo.seed import DEMO_PASSWORD
from tests.factories import PASSWORD

# Screenshots for a person to look at (not committed; tests/artifacts/README.md).
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
# How far the page is wider than the window: more than 1 px means sideways scrolling.
OVERFLOW = "document.scrollingElement.scrollWidth - innerWidth"
DESKTOP = {"width": 1280, "height": 1000}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# Links that are not pages to check: files, the language switch, logging out, and links that
# change something on GET (marking read) or lead to a deletion.
NOT_PAGES = re.compile(
    r"^/(?:static|media|api|jsi18n|i18n)/|^/admin/jsi18n/|/logout/|\.(?:pdf|zip|csv)$"
    r"|/attachments/\d+/(?:preview/)?$|/read(?:-all)?/$|/delete/$|/download"
)
# A page's own file, asked for in its query (the appraisal's ?format=csv and xlsx).
FILE_QUERY = re.compile(r"(?:^|&)format=(?:csv|xlsx|pdf)(?:&|$)")
# The admin's pages by kind: its models are many, its templates few.
ADMIN_KINDS = (
    ("change", re.compile(r"^/admin/\w+/\w+/[^/]+/change/$")),
    ("history", re.compile(r"^/admin/\w+/\w+/[^/]+/history/$")),
    ("add", re.compile(r"^/admin/\w+/\w+/add/$")),
    ("list", re.compile(r"^/admin/\w+/\w+/$")),
    ("app", re.compile(r"^/admin/\w+/$")),
    ("other", re.compile(r"^/admin/")),
)


def track_requests(page) -> None:
    """Keeps the page's requests in flight (``settle`` waits for none)."""
    in_flight: set[object] = set()
    page.on("request", lambda request: in_flight.add(request))
    page.on("requestfinished", lambda request: in_flight.discard(request))
    page.on("requestfailed", lambda request: in_flight.discard(request))
    page.in_flight = in_flight


def settle(page, quiet_ms: int = 150, limit_s: float = 10.0) -> None:
    """The page loaded and no request in flight for ``quiet_ms`` (``track_requests``): its
    scripts' fetches answered and drawn. Playwright's ``networkidle`` waits 500 ms of quiet on
    every page; a crawl of a few hundred pages spent two minutes in that wait alone."""
    page.wait_for_load_state("load")
    quiet, deadline = 0, time.monotonic() + limit_s
    while quiet < quiet_ms and time.monotonic() < deadline:
        page.wait_for_timeout(50)
        quiet = 0 if page.in_flight else quiet + 50


def log_in(page, base: str, username: str, *, password: str = PASSWORD) -> None:
    """Sign in through the login form as ``username``: a factory user (tests/conftest.py's
    personas) unless ``password`` is the demo's (``DEMO_PASSWORD``)."""
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    # Wait for the navigation the click starts: a load-state wait alone can return while the
    # login page is still current, before the POST has even been sent.
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "/accounts/login/" not in page.url, f"{username} could not log in"


def logged_in(
    browser,
    base: str,
    username: str,
    *,
    password: str = PASSWORD,
    viewport: dict[str, int] = DESKTOP,
    **context_options,
):
    """A page of a new browser context (``viewport`` and Playwright's ``context_options``),
    signed in as ``username``."""
    page = browser.new_context(viewport=viewport, **context_options).new_page()
    log_in(page, base, username, password=password)
    return page


def demo_logged_in(browser, base: str, username: str, **options):
    """``logged_in`` as a demo user (the ``demo`` fixture's data)."""
    return logged_in(browser, base, username, password=DEMO_PASSWORD, **options)


def return_with_two_items(reviewer) -> None:
    """On a task page of a tending design, the reviewer returns it with two items: the stand
    density field and the site map attachment."""
    reviewer.check("input[name=decision][value=return]")
    reviewer.fill("textarea[name=opinion]", "请一次性补正以下事项。")
    reviewer.select_option("select[name=items-0-target]", "field:stand_density")
    reviewer.fill("textarea[name=items-0-message]", "请填写实测林分密度")
    reviewer.click("[data-add-item]")
    reviewer.select_option("select[name=items-1-target]", "attachment:site_map")
    reviewer.fill("textarea[name=items-1-message]", "请补充作业区位图")
    with reviewer.expect_navigation():
        reviewer.click("button[data-action=decide]")
    reviewer.wait_for_load_state("networkidle")


def route_of(path: str) -> str | None:
    """The URL pattern a path belongs to (the admin's: its kind of page), or None off the site."""
    if path.startswith("/admin/"):
        return "admin:" + next(kind for kind, pattern in ADMIN_KINDS if pattern.match(path))
    try:
        return resolve(path).route
    except Resolver404:
        return None


def crawl(
    page,
    base: str,
    start: list[str],
    visit: Callable[[object, str], None] | None = None,
    *,
    per_route: int = 2,
    per_admin_kind: int = 3,
    skipped: re.Pattern | None = None,
) -> list[str]:
    """The pages reachable from ``start`` by the links a page shows, breadth first: a new page is
    found as soon as something links to it. At most ``per_route`` links of one URL pattern are
    followed (``per_admin_kind`` of one kind of admin page), none to ``NOT_PAGES`` or
    ``skipped``. ``visit(page, path)`` is called on each HTML page as loaded; returns the paths
    seen, in order."""
    seen: list[str] = []
    queue = list(start)
    followed: Counter[str] = Counter()
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.append(path)
        response = page.goto(base + path)
        if response is None or not response.headers.get("content-type", "").startswith("text/html"):
            continue
        if visit is not None:
            visit(page, path)
        for href in page.eval_on_selector_all("a[href]", "links => links.map((a) => a.href)"):
            parts = urlsplit(href)
            if f"{parts.scheme}://{parts.netloc}" != base or NOT_PAGES.search(parts.path):
                continue
            if FILE_QUERY.search(parts.query):  # the same page's spreadsheet (?format=xlsx)
                continue
            if skipped is not None and skipped.search(parts.path):
                continue
            link = parts.path + (f"?{parts.query}" if parts.query else "")
            key = route_of(parts.path)
            limit = per_admin_kind if parts.path.startswith("/admin/") else per_route
            if link in seen or link in queue or key is None or followed[key] >= limit:
                continue
            followed[key] += 1
            queue.append(link)
    return seen
