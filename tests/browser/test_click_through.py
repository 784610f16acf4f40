"""What people click, in a real browser (headless Chromium driven by Playwright).

An applicant uploads the design document and submits; the 密云 reviewer and the municipal
approver decide from their queues; the applicant downloads the approval certificate and the
public verification page says it is valid.

Runs against a live server, which needs a database flushed between tests: on SQLite the
append-only audit triggers refuse that flush, so these tests run in CI's PostgreSQL pass, where
.ci/run installs Chromium and sets PERMITS_REQUIRE_BROWSER=1 (a missing browser then fails the
run instead of skipping).
"""

import os
import shutil
import subprocess

import pytest
from django.db import connections

from permits.models import Application
from tests.factories import decision_document, tending_draft

BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def installed_chromium() -> str | None:
    """The system's Chromium, if one on PATH answers ``--version`` (CI's SQLite pass puts
    stand-ins that exit 127 first on PATH, to simulate a fresh machine)."""
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path is None:
            continue
        try:
            # A fixed executable found on PATH, an argument list, no shell.
            subprocess.run(  # noqa: S603
                [path, "--version"], capture_output=True, check=True, timeout=60
            )
        except (OSError, subprocess.SubprocessError):
            continue
        return path
    return None


@pytest.fixture
def browser():
    chromium_path = installed_chromium()
    if chromium_path is None:
        if os.environ.get("PERMITS_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required here (apt-get install chromium)")
        pytest.skip("Chromium is not installed")
    playwright = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with playwright.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=chromium_path, args=BROWSER_ARGS)
        yield chromium
        # While Playwright's event loop runs in this thread, asgiref keeps the test's database
        # connections per context, not per thread: the one a test's own query opened is not the
        # thread's, and nothing else closes it (PostgreSQL then refuses to drop the test
        # database while it is open). Closed here, in that context.
        connections.close_all()
        chromium.close()


def logged_in(browser, live_server, username):
    page = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw")
    # Wait for the navigation the click starts: a load-state wait alone can return while the
    # login page is still current, before the POST has even been sent.
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "/accounts/login/" not in page.url, f"{username} could not log in"
    return page


def decide_from_queue(page, live_server, reference, opinion, decision="approve"):
    page.goto(f"{live_server.url}/tasks/?queue=queue")
    page.click(f"table a:has-text('{reference}')")
    page.wait_for_load_state("networkidle")
    page.check(f"input[name=decision][value={decision}]")
    page.fill("textarea[name=opinion]", opinion)
    with page.expect_navigation():
        page.click("form:has(textarea[name=opinion]) button[data-action=decide]")
    page.wait_for_load_state("networkidle")


def test_a_tending_design_from_upload_to_certificate(
    browser, live_server, applicant_my, reviewer_my, approver
):
    draft = tending_draft(by=applicant_my, with_design=False)
    detail_url = f"{live_server.url}/applications/{draft.pk}/"

    applicant = logged_in(browser, live_server, "applicant_my")
    applicant.goto(detail_url)
    assert applicant.locator("text=T4").count() >= 1  # the missing design document is flagged
    applicant.set_input_files(
        "input[type=file][name=file]",
        files=[{"name": "作业设计书.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    applicant.click("form[action$='/attachments/'] button[type=submit]")
    applicant.wait_for_selector("text=作业设计书.pdf")
    applicant.click("form[action$='/submit/'] button[type=submit]")
    applicant.wait_for_selector("form[action$='/withdraw/']")  # submitted: withdraw offered
    assert Application.objects.get(pk=draft.pk).status == "submitted"
    assert applicant.locator("#deadline").count() == 1  # the acceptance's time limit

    reviewer = logged_in(browser, live_server, "district_my")
    decide_from_queue(reviewer, live_server, draft.reference, "予以受理。", decision="accept")
    assert Application.objects.get(pk=draft.pk).status == "district_review"
    decide_from_queue(reviewer, live_server, draft.reference, "经现场核查，同意上报。")
    assert Application.objects.get(pk=draft.pk).status == "municipal_review"

    municipal = logged_in(browser, live_server, "muni_forest")
    decide_from_queue(municipal, live_server, draft.reference, "同意实施。")
    application = Application.objects.get(pk=draft.pk)
    assert application.status == "approved"
    number = decision_document(application).number

    applicant.goto(detail_url)
    assert applicant.locator(f"#certificate >> text={number}").count() == 1
    with applicant.expect_download() as download:
        applicant.click("#certificate a[href$='/certificate.pdf']")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    public = browser.new_context().new_page()  # no login
    public.goto(f"{live_server.url}/verify/{number}/")
    assert number in public.content()
    assert public.locator("#verify-status").get_attribute("data-status") == "valid"


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
