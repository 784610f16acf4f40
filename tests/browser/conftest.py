"""The browser and the demo data for the browser tests.

They run against a live server, which needs a database flushed between tests: on SQLite the
append-only audit triggers refuse that flush, so these tests run in CI's PostgreSQL pass, where
.ci/run installs Chromium and sets PERMITS_REQUIRE_BROWSER=1 (a missing browser then fails the
run instead of skipping)."""

import os
import shutil
import subprocess

import pytest
from django.db import connections

from demo.seed import demo_seed

BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
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


@pytest.fixture
def demo(transactional_db):
    """The demo data, seeded before the browser starts (its documents are signed with
    ``asyncio.run``, which Playwright's running event loop would refuse)."""
    demo_seed()
