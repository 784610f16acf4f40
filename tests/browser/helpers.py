"""Signing in as a demo user, and finding a role's pages the way the role does, for the browser
tests."""

import re
from collections import Counter
from collections.abc import Callable
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

from demo.seed import DEMO_PASSWORD

# Links that are not pages to check: files, the language switch, logging out, and links that
# change something on GET (marking read) or lead to a deletion.
NOT_PAGES = re.compile(
    r"^/(?:static|media|api|jsi18n|i18n)/|^/admin/jsi18n/|/logout/|\.(?:pdf|zip|csv)$"
    r"|/attachments/\d+/(?:preview/)?$|/read(?:-all)?/$|/delete/$|/download"
)
# The admin's pages by kind: its models are many, its templates few.
ADMIN_KINDS = (
    ("change", re.compile(r"^/admin/\w+/\w+/[^/]+/change/$")),
    ("history", re.compile(r"^/admin/\w+/\w+/[^/]+/history/$")),
    ("add", re.compile(r"^/admin/\w+/\w+/add/$")),
    ("list", re.compile(r"^/admin/\w+/\w+/$")),
    ("app", re.compile(r"^/admin/\w+/$")),
    ("other", re.compile(r"^/admin/")),
)


def log_in(page, base: str, username: str) -> None:
    """Sign in through the login form as the demo user ``username``."""
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "/accounts/login/" not in page.url, f"{username} could not log in"


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
