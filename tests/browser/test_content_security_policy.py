"""The pages work under the Content-Security-Policy: a real browser reports no violation on the
login page, the applicant's pages, the admin and the API docs, Swagger UI renders, and a Turbo
visit parses the next page under this one's policy. Every page of every demo role is checked
under the policy by the walk of tests/browser/test_accessibility.py (``watch`` is shared)."""

import pytest

from tests.factories import PASSWORD, UserFactory, tending_draft

from .helpers import logged_in

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
