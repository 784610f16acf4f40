"""The browser and the demo data for the browser tests.

They run against a live server, which needs a database flushed between tests: on SQLite the
append-only audit triggers refuse that flush, so these tests run in CI's PostgreSQL pass, where
.ci/run installs Chromium and sets PERMITS_REQUIRE_BROWSER=1 (a missing browser then fails the
run instead of skipping).

Most of them want the demo (``demo``). Seeding it takes 25-30 s; on PostgreSQL it is seeded once
per test process (per pytest-xdist worker), copied out of the database and MEDIA_ROOT, and put
back for each later test in a second or two: every table truncated and filled again by COPY,
every sequence set, the files copied, the content types and permission ids forgotten as after a
flush. tests/demo_snapshot.py says how and when it falls back to seeding (SQLite, a database it
cannot copy that way, a failure, a new day); tests/test_demo_snapshot.py holds the copy to the
seed, table by table, with the audit chain verified and a document opened."""

import os
import shutil
import subprocess

import pytest
from django.db import connections

from tests.demo_snapshot import SnapshotHolder, demo_put

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


@pytest.fixture(scope="session")
def demo_snapshot(tmp_path_factory) -> SnapshotHolder:
    """The session's copy of the demo (tests/demo_snapshot.py), taken at its first seed."""
    return SnapshotHolder(tmp_path_factory.mktemp("demo-snapshot"))


@pytest.fixture
def demo(transactional_db, demo_snapshot):
    """The demo data, before the browser starts (its documents are signed with
    ``asyncio.run``, which Playwright's running event loop would refuse): the session's copy put
    back, or seeded (tests/demo_snapshot.py)."""
    demo_put(demo_snapshot)
