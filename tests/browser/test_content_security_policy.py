"""The pages work under the Content-Security-Policy: a real browser reports no violation on the
login page, the applicant's pages, the admin and the API docs, and Swagger UI renders."""

import pytest

from demo.seed import ADMIN_USERNAME
from tests.factories import PASSWORD, UserFactory, tending_draft

from . import helpers
from .helpers import demo_logged_in, logged_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


# Each violation as the page sees it (its securitypolicyviolation event), with where it comes from:
# the browser's own console line does not name the element or the file.
REPORTER = """document.addEventListener('securitypolicyviolation', (e) => console.warn(
    `CSP violation on ${location.pathname}: ${e.effectiveDirective} ${e.blockedURI}`
    + ` at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} ${e.sample}`));"""


def watch(page) -> list[str]:
    """Collects what the page reports about blocked content, and uncaught script errors
    (a blocked script shows as the errors of the code that needed it)."""
    problems: list[str] = []
    page.add_init_script(REPORTER)
    page.on(
        "console",
        lambda message: (
            problems.append(message.text) if message.text.startswith("CSP violation") else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    return problems


def test_pages_raise_no_policy_violation(browser, live_server, applicant_my):
    draft = tending_draft(by=applicant_my)
    UserFactory(username="root", is_staff=True, is_superuser=True)

    anonymous = browser.new_context().new_page()
    problems = watch(anonymous)
    anonymous.goto(f"{live_server.url}/accounts/login/")
    anonymous.wait_for_load_state("networkidle")
    anonymous.goto(f"{live_server.url}/api/docs/")
    anonymous.wait_for_selector(".swagger-ui .info", timeout=15000)
    assert problems == []

    applicant = logged_in(browser, live_server.url, "applicant_my")
    problems = watch(applicant)
    for path in ["/applications/", f"/applications/{draft.pk}/", "/applications/new/"]:
        applicant.goto(f"{live_server.url}{path}")
        applicant.wait_for_load_state("networkidle")
    # A Turbo visit parses the next page under the policy of this one: nothing inline in it may
    # need a nonce of its own.
    applicant.goto(f"{live_server.url}/applications/")
    applicant.click(f"a[href='/applications/{draft.pk}/']")
    applicant.wait_for_url(f"**/applications/{draft.pk}/")
    applicant.wait_for_load_state("networkidle")
    assert problems == []

    admin = browser.new_context().new_page()
    problems = watch(admin)
    admin.goto(f"{live_server.url}/admin/login/")
    admin.fill("input[name=username]", "root")
    admin.fill("input[name=password]", PASSWORD)
    with admin.expect_navigation():
        admin.click("input[type=submit]")
    admin.wait_for_load_state("networkidle")
    admin.goto(f"{live_server.url}/admin/permits/application/")
    admin.wait_for_load_state("networkidle")
    assert "/admin/login/" not in admin.url
    assert problems == []


# One demo user of every role, who between them reach every template with a style of its own.
ROLES = ("applicant_my", "district_my", "muni_forest", "muni_plan", "auditor_bj", "head_my")


def test_no_role_page_raises_a_policy_violation(demo, browser, live_server):
    """No inline style, script or other content the policy refuses on any page a demo role
    reaches by its links (one page per URL pattern), the admin's and the public pages
    (issue 45: styles from static files only, no 'unsafe-inline')."""
    base = live_server.url
    found: dict[str, list[str]] = {}

    def visit(page, path: str) -> None:
        page.wait_for_load_state("networkidle")  # viewflow's components drawn
        if problems:
            found[path] = list(problems)
            problems.clear()

    anonymous = browser.new_context().new_page()
    problems = watch(anonymous)
    helpers.crawl(
        anonymous,
        base,
        [
            "/accounts/login/",
            "/public/decisions/",
            "/public/appraisal/",
            "/public/reports/new/",
            "/public/reports/track/",
            "/no-such-page/",
        ],
        visit,
        per_route=1,
    )
    for username in (*ROLES, ADMIN_USERNAME):
        page = demo_logged_in(browser, base, username)
        problems = watch(page)
        start = ["/", "/applications/999999/"]
        if username == ADMIN_USERNAME:
            # The zones' list with its map (issue 45), besides one page of each admin kind.
            start = ["/admin/", "/admin/zones/protectedzone/"]
        helpers.crawl(page, base, start, visit, per_route=1, per_admin_kind=1)
        if username == ADMIN_USERNAME:
            page.goto(f"{base}/admin/zones/protectedzone/")
            # The zones on the map with their names (the layers endpoint, site_map.js).
            page.wait_for_selector("#zone-map [data-layers-loaded]", state="attached")
            labels = page.locator("#zone-map .permits-map-label--zone").all_text_contents()
            assert labels, "the zone list's map names no zone"
            visit(page, "/admin/zones/protectedzone/ (map)")
        page.context.close()
    assert not found, "\n".join(f"{path}: {problem}" for path, v in found.items() for problem in v)
