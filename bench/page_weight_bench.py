"""What each page costs a browser: requests and bytes, cold and warm (issue 11, "Lean pages").

    python bench/page_weight_bench.py                 # SQLite in a temporary directory
    python bench/page_weight_bench.py --keep          # leave the directory (gunicorn's log)

Production settings, as ``make serve`` runs them: ``DJANGO_DEBUG`` off, gunicorn with
``config/gunicorn.conf.py``, ``collectstatic`` into the temporary directory first (what a
release does), ``seed_demo`` for the demo users and applications. Static files are served the
way the settings serve them without a proxy in front: WhiteNoise.
(``PERMITS_GUNICORN_SERVE_STATIC=1`` is set as well, so that the script also measures trees from
before WhiteNoise, where gunicorn served ``/static/`` with Django's handler only when asked to:
the "before" figures.)

Headless Chromium (the system's, driven by Playwright) loads each page twice in one browser
context: **cold** (the HTTP cache cleared just before) and **warm** (the same address again, a
normal navigation such as following a link). Counted from the Chrome DevTools protocol's network
events: every request that went to the server (not answered from the memory or disk cache) and
its ``encodedDataLength`` (bytes on the wire: headers and the possibly compressed body), plus
the decoded size of everything the page used, from the cache or not. Printed: a table per page,
and the largest files of the cold loads.
"""

import argparse
import os
import secrets
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import lifecycle_bench
from lifecycle_bench import free_port

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Forest-demo-2026"  # noqa: S105 (the published demo password, api.md)
BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


# ------------------------------------------------------------------------------- server


def server_environment(directory: Path) -> dict[str, str]:
    """Production settings on SQLite (docs/deployment.md), everything in ``directory``."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"sqlite:///{directory / 'db.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(directory / "static"),
        "PERMITS_SITE_URL": "https://permits.example.gov.cn",
        # One machine, no public door measured: the per-process cache the start refuses otherwise.
        "PERMITS_LOCAL_CACHE_OK": "1",
        "PERMITS_MEDIA_ROOT": str(directory / "media"),
        "PERMITS_AUDIT_KEY_FILE": str(directory / "audit-key.pem"),
        "PERMITS_PII_KEY_FILE": str(directory / "pii-keys.json"),
        "PERMITS_DOCUMENT_SIGNING_DIR": str(directory / "signing"),
        "PERMITS_DOCUMENT_SIGNING_AUTOCREATE": "1",
        "PERMITS_GUNICORN_SERVE_STATIC": "1",  # ignored since WhiteNoise; see above
        "DJANGO_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    for name in ("CELERY_BROKER_URL", "CACHE_URL", "PERMITS_STORAGE"):
        environment.pop(name, None)
    return environment


def manage(environment: dict[str, str], *arguments: str) -> None:
    subprocess.run(  # noqa: S603 (our own command)
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=environment, check=True
    )


def prepare(environment: dict[str, str]) -> None:
    setup = {**environment, "PERMITS_AUDIT_KEY_AUTOCREATE": "1"}
    manage(setup, "pii_key_create")
    manage(setup, "migrate", "--noinput", "-v0")
    key = "from audit.checkpoints import signing_key; signing_key()"
    manage(setup, "shell", "-v0", "-c", key)
    manage(setup, "seed_demo")
    manage(setup, "collectstatic", "--noinput", "-v0")


def gunicorn_start(environment: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    """gunicorn with the project's configuration and two workers, as the lifecycle bench
    starts it."""
    return lifecycle_bench.gunicorn_start(environment, port, 2, log)


# ------------------------------------------------------------------------------ browser


@dataclass
class Load:
    """The network of one navigation, from the DevTools protocol's events."""

    urls: dict[str, str] = field(default_factory=dict)
    cached: set[str] = field(default_factory=set)
    wire: dict[str, int] = field(default_factory=dict)
    decoded: dict[str, int] = field(default_factory=dict)

    @property
    def network(self) -> list[str]:
        return [rid for rid in self.urls if rid not in self.cached]

    @property
    def wire_bytes(self) -> int:
        return sum(self.wire.get(rid, 0) for rid in self.network)

    @property
    def decoded_bytes(self) -> int:
        return sum(self.decoded.values())


class Recorder:
    def __init__(self, context, page) -> None:
        self.session = context.new_cdp_session(page)
        self.session.send("Network.enable")
        self.load = Load()
        self.session.on("Network.requestWillBeSent", self._sent)
        self.session.on("Network.requestServedFromCache", self._from_cache)
        self.session.on("Network.responseReceived", self._received)
        self.session.on("Network.dataReceived", self._data)
        self.session.on("Network.loadingFinished", self._finished)

    def start(self) -> Load:
        self.load = Load()
        return self.load

    def clear_cache(self) -> None:
        self.session.send("Network.clearBrowserCache")

    def _sent(self, event) -> None:
        self.load.urls[event["requestId"]] = event["request"]["url"]

    def _from_cache(self, event) -> None:
        self.load.cached.add(event["requestId"])

    def _received(self, event) -> None:
        response = event["response"]
        if response.get("fromDiskCache") or response.get("fromPrefetchCache"):
            self.load.cached.add(event["requestId"])

    def _data(self, event) -> None:
        rid = event["requestId"]
        self.load.decoded[rid] = self.load.decoded.get(rid, 0) + event["dataLength"]

    def _finished(self, event) -> None:
        self.load.wire[event["requestId"]] = int(event["encodedDataLength"])


def visit(page, recorder: Recorder, url: str) -> Load:
    load = recorder.start()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return load


def log_in(browser, base: str, username: str):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    if "/accounts/login/" in page.url:
        sys.exit(f"{username} could not log in")
    return context, page


def first_link(page, selector: str) -> str:
    href = page.eval_on_selector(selector, "a => a.getAttribute('href')")
    if not href:
        sys.exit(f"no link {selector} on {page.url}")
    return str(href)


def measure(browser, base: str) -> list[tuple[str, Load, Load]]:
    results = []

    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    recorder = Recorder(context, page)
    cold = visit(page, recorder, f"{base}/accounts/login/")
    warm = visit(page, recorder, f"{base}/accounts/login/")
    results.append(("login (anonymous)", cold, warm))
    context.close()

    def pages_of(username: str, paths: list[tuple[str, str]]) -> None:
        context, page = log_in(browser, base, username)
        recorder = Recorder(context, page)
        for label, path in paths:
            if path.startswith("first:"):
                path = first_link(page, path.removeprefix("first:"))
            recorder.clear_cache()
            cold = visit(page, recorder, f"{base}{path}")
            warm = visit(page, recorder, f"{base}{path}")
            results.append((f"{label} ({username})", cold, warm))
        context.close()

    pages_of(
        "applicant_my",
        [
            ("applicant home", "/"),
            ("application list", "/applications/"),
            ("application page", "first:table a[href^='/applications/']"),
            ("new tending form (map)", "/applications/new/tending/"),
        ],
    )
    pages_of(
        "district_my",
        [
            ("reviewer queue", "/tasks/?queue=queue"),
            ("task page", "first:table a[href^='/tasks/']"),
        ],
    )
    return results


# ------------------------------------------------------------------------------- report


def kb(size: int) -> str:
    return f"{size / 1024:,.1f}"


def report(results: list[tuple[str, Load, Load]]) -> None:
    head = (
        "| page | cold requests | cold KB transferred | warm requests | warm KB transferred "
        "| KB used (decoded) |"
    )
    print(head)
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for label, cold, warm in results:
        print(
            f"| {label} | {len(cold.network)} | {kb(cold.wire_bytes)} | {len(warm.network)} "
            f"| {kb(warm.wire_bytes)} | {kb(cold.decoded_bytes)} |"
        )
    print()
    label, cold, warm = results[0]
    print(f"{label}, cold, each request (KB on the wire / decoded):")
    for rid in sorted(cold.network, key=lambda r: -cold.wire.get(r, 0)):
        url = cold.urls[rid].split("://", 1)[-1].split("/", 1)[-1]
        print(f"  {kb(cold.wire.get(rid, 0)):>8} {kb(cold.decoded.get(rid, 0)):>8}  /{url}")
    print(f"{label}, warm, each request that reached the server:")
    for rid in warm.network:
        url = warm.urls[rid].split("://", 1)[-1].split("/", 1)[-1]
        print(f"  {kb(warm.wire.get(rid, 0)):>8}  /{url}")


def chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("page_weight_bench: Chromium is required (apt-get install chromium)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with lifecycle_bench.bench_directory("permits-page-weight-", keep=args.keep) as (
        directory,
        stopped_on_exit,
    ):
        environment = server_environment(directory)
        prepare(environment)
        port = free_port()
        stopped_on_exit(gunicorn_start(environment, port, directory / "gunicorn.log"))
        print(f"gunicorn (2 workers, DEBUG off) on 127.0.0.1:{port}, SQLite in {directory}\n")
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=chromium(), args=BROWSER_ARGS)
            try:
                results = measure(browser, f"http://127.0.0.1:{port}")
            finally:
                browser.close()
        report(results)


if __name__ == "__main__":
    main()
