"""Full Beijing tending lifecycles over the HTTP API against gunicorn (issue 10, ``make bench``).

    python bench/lifecycle_bench.py                       # 1, 2 and 4 clients, 20 s each
    python bench/lifecycle_bench.py --clients 4 --seconds 30 --workers 4
    python bench/lifecycle_bench.py --celery              # documents rendered by a Celery worker
    python bench/lifecycle_bench.py --profile 20          # where one lifecycle's time goes

PostgreSQL only (the production database): the script connects to the server ``DATABASE_URL``
names (default ``postgres://postgres@127.0.0.1:5432/``) and **drops and creates the database
``permits_lifecycle_bench``** there. It migrates it and loads ``seed_demo`` (the demo users of
api.md), then starts gunicorn (``config/gunicorn.conf.py`` when present, ``--workers`` sync
workers) with production settings: ``DJANGO_DEBUG`` off, a secret key, ``PERMITS_SITE_URL``, an
audit signing key and development document-signing keys in a temporary directory.

One lifecycle, as the demo users of 密云 do it (token authentication, one connection a request):

    applicant_my   POST applications/ · POST applications/{id}/attachments/ · POST …/submit/
    district_my    GET tasks/?queue=queue · POST tasks/{t}/decide/ accept
                   GET tasks/?queue=queue · POST tasks/{t}/decide/ approve
    muni_forest    GET tasks/?queue=queue · POST tasks/{t}/decide/ approve (the approval document)
    applicant_my   GET applications/{id}/certificate.pdf until it is there (rendered after commit)

Two ways of finding each task (``--styles``, both by default, printed side by side): ``direct``
asks the queue for the district's newest task (``&district=…&ordering=-created``, one page);
``integrator`` does what an integrator's client does: reads the queue in its own order, page
by page, until the task, claims it (``POST tasks/{t}/claim/``) and reads it back from the inbox
(``GET tasks/?queue=inbox``) before deciding.

Printed: lifecycles per second at each number of concurrent clients (each client a process
running lifecycles back to back), each request's p50/p95, the server's rate for
``GET /api/v1/me/`` in the same run, and the SQL queries of every request of one lifecycle
(counted in this process through Django's test client against the same database and settings,
at the start and again after the load, so that a count that grows with the data shows), with
how long each request's transactions held the audit chain head's lock: every append in the
system queues behind it, so its total per lifecycle bounds the lifecycles per second of any
number of machines.
"""

import argparse
import json
import multiprocessing
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import date
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "permits_lifecycle_bench"
POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql")
API = "/api/v1"
PASSWORD = "Forest-demo-2026"  # noqa: S105 (the published demo password, api.md)
APPLICANT, DISTRICT, MUNICIPAL = "applicant_my", "district_my", "muni_forest"
DISTRICT_CODE = "110118"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# Sites: 1 ha squares on a grid south of every demo layer (lat 40.25–40.46), so that no two
# bench applications overlap and none lies in a zone: client c's n-th site is c·1000 + n.
SITE_ORIGIN, SITE_COLUMNS = (116.90, 40.25), 300


# ------------------------------------------------------------------------------- setup


def database_url() -> str:
    given = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres"
    if urlsplit(given).scheme not in POSTGRES_SCHEMES:
        sys.exit("lifecycle_bench: PostgreSQL only (DATABASE_URL=postgres://…)")
    url = urlunsplit(urlsplit(given)._replace(scheme="postgresql", path=f"/{BENCH_DATABASE}"))
    import psycopg
    from psycopg import sql

    maintenance = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    name = sql.Identifier(BENCH_DATABASE)
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(name))
    return url


def server_environment(url: str, directory: Path, celery: bool) -> dict[str, str]:
    """Production settings: what docs/deployment.md asks for, in a temporary directory."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DATABASE_URL": url,
        "PERMITS_SITE_URL": "https://permits.example.gov.cn",
        # One machine, no public door measured: the per-process cache the start refuses otherwise.
        "PERMITS_LOCAL_CACHE_OK": "1",
        "PERMITS_MEDIA_ROOT": str(directory / "media"),
        "PERMITS_AUDIT_KEY_FILE": str(directory / "audit-key.pem"),
        "PERMITS_AUDIT_KEY_AUTOCREATE": "0",
        "PERMITS_PII_KEY_FILE": str(directory / "pii-keys.json"),
        "PERMITS_PII_KEY_AUTOCREATE": "0",
        "PERMITS_DOCUMENT_SIGNING_DIR": str(directory / "signing"),
        "PERMITS_DOCUMENT_SIGNING_AUTOCREATE": "1",
        "DJANGO_LOG_LEVEL": "WARNING",
        # The bench measures the lifecycle, not the sign-in: its clients take one token each
        # per official, several within one TOTP step, which the second factor refuses as a
        # code used twice (issue 47). The tokens it gets are checked on every request as
        # production's are; the second factor's own cost is tests/api/test_auth_second_factor.
        "PERMITS_REQUIRE_2FA": "0",
        # docs/deployment.md: a connection per worker process, kept (no PgBouncer here).
        "PERMITS_DB_CONN_MAX_AGE": "60",
        "PYTHONPATH": str(ROOT),
    }
    environment.pop("CELERY_BROKER_URL", None)
    if celery:
        environment["CELERY_BROKER_URL"] = "redis://127.0.0.1:6379/5"
    return environment


def django_setup(environment: dict[str, str]) -> None:
    os.environ.update(environment)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from audit.checkpoints import key_create
    from core.pii import key_file_create
    from demo.seed import demo_seed

    key_file_create(Path(environment["PERMITS_PII_KEY_FILE"]))
    call_command("migrate", verbosity=0, interactive=False)
    key_create(Path(environment["PERMITS_AUDIT_KEY_FILE"]))
    demo_seed()
    signing_keys_create()
    call_command("audit_checkpoint", verbosity=0)


def signing_keys_create() -> None:
    """The deciding agencies' development keys, made once here rather than by racing workers."""
    from documents.signing import agency_signer
    from roles.models import Agency

    for agency in Agency.objects.all():
        agency_signer(agency)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(command: list[str], environment: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 (our own commands)
        command,
        cwd=ROOT,
        env=environment,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def gunicorn_start(environment, port: int, workers: int, log: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
    config = ROOT / "config" / "gunicorn.conf.py"
    if config.exists():
        command += ["--config", str(config)]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    server = start(command, environment, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped: see {log}\n{log.read_text()[-3000:]}")
        try:
            status, _ = request(port, "GET", "/api/v1/audit/public-keys/")
            if status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit(f"gunicorn did not answer within 60 s: see {log}")


@contextmanager
def bench_directory(prefix: str, *, keep: bool) -> Iterator[tuple[Path, Callable]]:
    """A temporary directory, and a function that registers a started process: on the way out
    the processes stop (the last started first) and the directory goes, unless kept."""
    directory = Path(tempfile.mkdtemp(prefix=prefix))
    processes = ExitStack()

    def stopped_on_exit(process: subprocess.Popen) -> subprocess.Popen:
        processes.callback(stop, process)
        return process

    try:
        yield directory, stopped_on_exit
    finally:
        processes.close()
        if keep:
            print(f"\nkept {directory}")
        else:
            shutil.rmtree(directory, ignore_errors=True)


def stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


# ----------------------------------------------------------------------------- the client


def request(port, method, path, *, token=None, body=None, files=None):
    """One request on a new connection (gunicorn's sync workers close each one)."""
    headers = {"Host": "127.0.0.1"}
    if token:
        headers["Authorization"] = f"Token {token}"
    data = None
    if files is not None:
        boundary = uuid.uuid4().hex
        data = multipart(boundary, body or {}, files)
        headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
    elif body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    connection = HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        content = response.read()
    finally:
        connection.close()
    kind = response.getheader("Content-Type") or ""
    return response.status, json.loads(content) if kind.startswith("application/json") else content


def multipart(boundary: str, fields: dict, files: dict) -> bytes:
    parts = []
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for name, (filename, content, kind) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {kind}\r\n\r\n'
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts)


def site(client: int, n: int) -> dict:
    side_lon, side_lat = 0.00118, 0.0009  # about 100 m × 100 m here: 1 ha
    number = client * 1000 + n % 1000
    lon = SITE_ORIGIN[0] + (number % SITE_COLUMNS) * 0.0015
    lat = SITE_ORIGIN[1] + (number // SITE_COLUMNS) * 0.0012
    ring = [[lon, lat], [lon + side_lon, lat], [lon + side_lon, lat + side_lat]]
    return {"type": "Polygon", "coordinates": [[*ring, [lon, lat + side_lat], [lon, lat]]]}


def tending_body(client: int, n: int) -> dict:
    year = date.today().year
    return {
        "kind": "tending",
        "jurisdiction": "110000",
        "district": DISTRICT_CODE,
        "township": "不老屯镇",
        "village": "燕落村",
        "title": f"压力测试抚育作业设计 {client}-{n}",
        "contact_name": "王林",
        "contact_phone": "010-69000000",
        "compartments": [f"9{client}-{n % 1000}"],
        "forest_origin": "natural",
        "forest_type": "arbor",
        "age_group": "middle",
        "dominant_species": "油松",
        "canopy_density": "0.85",
        "stand_density": 1800,
        "protection_class": "general",
        "operation_type": "young_forest_tending",
        "area_ha": "1.0",
        "removal_volume_m3": "3",
        "start_date": f"{year + 1}-03-01",
        "end_date": f"{year + 1}-11-30",
        "funding_source": "tending_subsidy",
        "design_unit": "北京市林业勘察设计院",
        "site_geometry": site(client, n),
    }


class LifecycleFailed(Exception):
    pass


class Timer:
    """Calls ``request`` and keeps each request's wall time under its label."""

    def __init__(self, port: int):
        self.port = port
        self.times: dict[str, list[float]] = defaultdict(list)

    def __call__(self, label, method, path, expect=(200,), **kwargs):
        started = time.perf_counter()
        status, content = request(self.port, method, path, **kwargs)
        self.times[label].append(time.perf_counter() - started)
        if status not in expect:
            raise LifecycleFailed(f"{label}: {status} {str(content)[:500]}")
        return status, content


def task_of(timer, label, token, application_id, step):
    """The open task of ``application_id`` at ``step`` in the reviewer's queue."""
    path = f"{API}/tasks/?queue=queue&district={DISTRICT_CODE}&ordering=-created"
    for _attempt in range(50):
        _, page = timer(label, "GET", path, token=token)
        for task in page["results"]:
            if task["application"]["id"] == application_id and task["step"] == step:
                return task["id"]
        time.sleep(0.01)
    raise LifecycleFailed(f"no {step} task for application {application_id}")


def task_as_integrator(timer, token, application_id, step):
    """As an integrator's client finds its work (issue 27): the reviewer's queue in its own
    order (no filter), page by page, until the application's task at ``step``; it claims the
    task and reads it back from the inbox before deciding."""
    path = f"{API}/tasks/?queue=queue"
    for _attempt in range(50):
        page_path = path
        while page_path:
            _, page = timer(f"queue {step}", "GET", page_path, token=token)
            for task in page["results"]:
                if task["application"]["id"] == application_id and task["step"] == step:
                    timer(
                        f"claim {step}", "POST", f"{API}/tasks/{task['id']}/claim/",
                        token=token, body={},
                    )  # fmt: skip
                    inbox_path = f"{API}/tasks/?queue=inbox"
                    _, inbox = timer(f"inbox {step}", "GET", inbox_path, token=token)
                    if not any(mine["id"] == task["id"] for mine in inbox["results"]):
                        raise LifecycleFailed(f"claimed task {task['id']} not in the inbox")
                    return task["id"]
            following = urlsplit(page["next"]) if page.get("next") else None
            page_path = f"{following.path}?{following.query}" if following else None
        time.sleep(0.01)
    raise LifecycleFailed(f"no {step} task for application {application_id} in the queue")


# How a client finds each task before deciding it: "direct" asks the queue for the newest task
# of the district (one page); "integrator" reads the queue as it comes, claims, reads the inbox.
STYLES = ("direct", "integrator")


def lifecycle(timer: Timer, tokens: dict, client: int, n: int, style: str = "direct") -> None:
    applicant, district, municipal = tokens[APPLICANT], tokens[DISTRICT], tokens[MUNICIPAL]
    _, draft = timer(
        "create", "POST", f"{API}/applications/", expect=(201,), token=applicant,
        body=tending_body(client, n),
    )  # fmt: skip
    base = f"{API}/applications/{draft['id']}"
    timer(
        "attach", "POST", f"{base}/attachments/", expect=(201,), token=applicant,
        body={"kind": "design_document"},
        files={"file": ("作业设计书.pdf", PDF, "application/pdf")},
    )  # fmt: skip
    timer("submit", "POST", f"{base}/submit/", token=applicant, body={})
    for step, decision, token in (
        ("acceptance", "accept", district),
        ("district_review", "approve", district),
        ("municipal_review", "approve", municipal),
    ):
        if style == "integrator":
            task = task_as_integrator(timer, token, draft["id"], step)
        else:
            task = task_of(timer, f"queue {step}", token, draft["id"], step)
        _, result = timer(
            f"decide {decision} ({step})", "POST", f"{API}/tasks/{task}/decide/", token=token,
            body={"decision": decision, "opinion": "同意"},
        )  # fmt: skip
    if result["application"]["status"] != "approved" or not result["application"]["certificate"]:
        raise LifecycleFailed(f"not approved: {result['application']['status']}")
    for _attempt in range(500):
        status, _pdf = timer(
            "certificate.pdf", "GET", f"{base}/certificate.pdf", expect=(200, 404, 409),
            token=applicant,
        )  # fmt: skip
        if status == 200:
            return
        time.sleep(0.01)
    raise LifecycleFailed("the approval document was never rendered")


def lifecycle_client(port, tokens, client, seconds, style, start_at, results) -> None:
    timer = Timer(port)
    done, n = 0, 0
    while time.time() < start_at:
        time.sleep(0.001)
    deadline = start_at + seconds
    error = None
    while time.time() < deadline:
        try:
            lifecycle(timer, tokens, client, n, style)
            done += 1
        except (LifecycleFailed, OSError) as failure:
            error = str(failure)
            break
        n += 1
    results.put((done, dict(timer.times), error))


def me_client(port, token, seconds, start_at, results) -> None:
    timer = Timer(port)
    while time.time() < start_at:
        time.sleep(0.001)
    deadline = start_at + seconds
    while time.time() < deadline:
        timer("me", "GET", f"{API}/me/", token=token)
    results.put((len(timer.times["me"]), dict(timer.times), None))


def run_clients(target, count: int, args_for) -> tuple[int, float, dict, list[str]]:
    """Run ``count`` client processes at once; (operations, seconds, times by label, errors)."""
    results = multiprocessing.Queue()
    start_at = time.time() + 1.0
    processes = [
        multiprocessing.Process(target=target, args=(*args_for(i), start_at, results))
        for i in range(count)
    ]
    for process in processes:
        process.start()
    collected = [results.get() for _ in processes]
    finished = time.time()
    for process in processes:
        process.join()
    times: dict[str, list[float]] = defaultdict(list)
    for _done, client_times, _error in collected:
        for label, values in client_times.items():
            times[label].extend(values)
    errors = [error for _d, _t, error in collected if error]
    return sum(done for done, _t, _e in collected), finished - start_at, times, errors


# ------------------------------------------------------------------------ SQL per request


def queries_per_request(tokens: dict, client: int) -> list[tuple[str, int, float]]:
    """One lifecycle through Django's test client in this process: each request's SQL queries
    (after-commit work done in-process included), and how long its transactions held the
    audit chain head's lock (milliseconds, from the statement that takes it to the commit)."""
    from django.db import connection, connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts: list[tuple[str, int, float]] = []
    held = ChainHeadHeld(connections["default"])  # the wrapper itself, not its proxy

    class CountingTimer(Timer):
        def __call__(self, label, method, path, expect=(200,), token=None, body=None, files=None):
            client = Client(HTTP_AUTHORIZATION=f"Token {token}")
            held.milliseconds = 0.0
            with CaptureQueriesContext(connection) as captured, held:
                if files is not None:
                    name, content, kind = files["file"]
                    from django.core.files.uploadedfile import SimpleUploadedFile

                    upload = SimpleUploadedFile(name, content, content_type=kind)
                    response = client.post(path, {**(body or {}), "file": upload})
                elif method == "POST":
                    response = client.post(path, body or {}, content_type="application/json")
                else:
                    response = client.get(path)
            counts.append((label, len(captured.captured_queries), held.milliseconds))
            if response.status_code not in expect:
                raise LifecycleFailed(f"{label}: {response.status_code} {response.content[:800]!r}")
            kind = response.get("Content-Type", "")
            return response.status_code, response.json() if "json" in kind else b""

    lifecycle(CountingTimer(0), tokens, client, 0)
    return counts


class ChainHeadHeld:
    """Adds up, while entered, how long transactions hold the audit chain head's row lock:
    from the statement that takes it (``checkpoints.chain_head_lock``) to the commit or
    rollback that releases it. Every append in the system queues behind that lock, so its
    total per lifecycle bounds the lifecycles per second of any number of machines."""

    def __init__(self, connection):
        self.connection = connection
        self.milliseconds = 0.0
        self.taken_at: float | None = None

    def watch(self, execute, sql, params, many, context):
        if self.taken_at is None and 'INTO "audit_auditchainhead"' in sql:
            self.taken_at = time.perf_counter()
        return execute(sql, params, many, context)

    def released(self, end):
        def ending():
            end()
            if self.taken_at is not None:
                self.milliseconds += (time.perf_counter() - self.taken_at) * 1000
                self.taken_at = None

        return ending

    def __enter__(self):
        self.wrapper = self.connection.execute_wrapper(self.watch)
        self.wrapper.__enter__()
        self.connection.commit = self.released(self.connection.commit)
        self.connection.rollback = self.released(self.connection.rollback)
        return self

    def __exit__(self, *exc):
        del self.connection.commit, self.connection.rollback
        self.wrapper.__exit__(*exc)


def profile(tokens: dict, count: int) -> None:
    """``count`` lifecycles through Django's test client in this process under cProfile (after
    one to warm the process's caches): each package's share of the CPU time (own time of its
    functions; PostgreSQL's share is psycopg's waiting), then the functions of most own time."""
    import cProfile
    import pstats

    queries_per_request(tokens, 60)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for n in range(count):
        queries_per_request(tokens, 61 + n)
    profiler.disable()
    seconds = time.perf_counter() - started
    stats = pstats.Stats(profiler)
    shares: dict[str, float] = defaultdict(float)
    for (path, _line, _name), (_cc, _nc, own, _cum, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        shares[package_of(path)] += own
    total = sum(shares.values())
    print(f"\n  profile: {count} lifecycles in-process in {seconds:.1f} s under cProfile "
          f"({seconds / count * 1000:.0f} ms a lifecycle)")  # fmt: skip
    for package, own in sorted(shares.items(), key=lambda item: -item[1]):
        if own / total >= 0.005:
            print(f"    {package:28} {own / total:6.1%}  {own / count * 1000:7.1f} ms a lifecycle")
    print("\n  functions of most own time:")
    stats.sort_stats("tottime").print_stats(25)
    if os.environ.get("PROFILE_DUMP"):
        stats.dump_stats(os.environ["PROFILE_DUMP"])


# Where a function's file lies: a package of the environment, the project's apps, or Python.
PROJECT_APPS = ("permits", "workflows", "roles", "api", "web", "zones", "config", "demo")


def package_of(path: str) -> str:
    if "site-packages/" in path:
        return path.split("site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    relative = path.removeprefix(str(ROOT) + "/")
    if relative != path and relative.split("/", 1)[0] in PROJECT_APPS:
        return "project: " + relative.split("/", 1)[0]
    if path.startswith("<") or path == "~":
        return "Python (built-in)"
    return "Python (standard library)"


# ------------------------------------------------------------------------------ reporting


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def print_times(times: dict[str, list[float]]) -> None:
    print(f"    {'request':34} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8}")
    for label, values in times.items():
        print(
            f"    {label:34} {len(values):6d} {statistics.median(values) * 1000:8.1f} "
            f"{percentile(values, 0.95) * 1000:8.1f} {statistics.fmean(values) * 1000:8.1f}"
        )


def lifecycle_request_mean(times: dict[str, list[float]]) -> float:
    """The mean time of the requests a lifecycle is made of (the document polling excluded:
    its count depends on how soon the worker renders)."""
    values = [v for label, vs in times.items() if label != "certificate.pdf" for v in vs]
    return statistics.fmean(values)


# ---------------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument(
        "--styles",
        nargs="+",
        choices=sorted(STYLES),
        default=["direct", "integrator"],
        help="how clients find each task: the district's newest (direct), or the queue as it "
        "comes, a claim and the inbox (integrator)",
    )
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--me-seconds", type=float, default=8.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--celery", action="store_true", help="render and sign on a worker")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="only profile N lifecycles in this process (cProfile), no load",
    )
    args = parser.parse_args()

    with bench_directory("lifecycle-bench-", keep=args.keep) as (directory, stopped_on_exit):
        url = database_url()
        environment = server_environment(url, directory, args.celery)
        print(f"lifecycle_bench: PostgreSQL {urlsplit(url).hostname}/{BENCH_DATABASE}")
        print(f"  setting up (migrate, seed_demo) in {directory}")
        django_setup(environment)
        from django.db import connection

        connection.close()
        port = free_port()
        stopped_on_exit(gunicorn_start(environment, port, args.workers, directory / "gunicorn.log"))
        if args.celery:
            stopped_on_exit(start(
                [sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency", "1",
                 "--loglevel", "WARNING"],
                environment, directory / "celery.log",
            ))  # fmt: skip
        tokens = {
            user: request(port, "POST", f"{API}/auth/token/", body={
                "username": user, "password": PASSWORD})[1]["token"]
            for user in (APPLICANT, DISTRICT, MUNICIPAL)
        }  # fmt: skip
        if args.profile:
            profile(tokens, args.profile)
            return
        first_counts = queries_per_request(tokens, 48)
        connection.close()
        where = "by a Celery worker" if args.celery else "in-process, after commit"
        print(f"  gunicorn: {args.workers} sync workers on 127.0.0.1:{port}, DEBUG off; "
              f"documents rendered {where}")  # fmt: skip
        print(f"  {time.strftime('%Y-%m-%d')}, {os.cpu_count()} CPUs\n")

        rates, me_rates, request_means = {}, {}, {}
        style_rates: dict[str, dict[int, float]] = defaultdict(dict)
        for style in args.styles:
            for count in args.clients:
                number = (100 if style == "integrator" else 0) + count * 10
                done, seconds, times, errors = run_clients(
                    lifecycle_client,
                    count,
                    lambda i, n=number, s=style: (port, tokens, n + i, args.seconds, s),
                )
                style_rates[style][count] = done / seconds
                if style == args.styles[0]:
                    rates[count] = done / seconds
                    request_means[count] = lifecycle_request_mean(times)
                print(f"  {style}, {count} client(s): {done} lifecycles in {seconds:.1f} s = "
                      f"{done / seconds:.2f}/s")  # fmt: skip
                print_times(times)
                for error in errors:
                    print(f"    ERROR: {error}")
        for count in sorted({1, max(args.clients)}):
            done, seconds, times, _ = run_clients(
                me_client, count, lambda i: (port, tokens[APPLICANT], args.me_seconds)
            )
            me_rates[count] = (done / seconds, statistics.fmean(times["me"]))
            print(f"  GET /api/v1/me/, {count} client(s): {done / seconds:.0f}/s, "
                  f"p50 {statistics.median(times['me']) * 1000:.1f} ms, "
                  f"p95 {percentile(times['me'], 0.95) * 1000:.1f} ms")  # fmt: skip

        last_counts = queries_per_request(tokens, 49)
        print("\n  SQL queries per request (first lifecycle → one after the load), and how long")
        print("  its transactions held the audit chain head's lock (ms, one after the load):")
        for (label, before, _ms), (_same, after, held) in zip(
            first_counts, last_counts, strict=False
        ):
            print(f"    {label:34} {before:4d} → {after:4d}   {held:6.2f} ms")
        total_first = sum(c for _l, c, _ms in first_counts)
        total_last = sum(c for _l, c, _ms in last_counts)
        total_held = sum(ms for _l, _c, ms in last_counts)
        print(f"    {'per lifecycle':34} {total_first:4d} → {total_last:4d}   {total_held:6.2f} ms")
        print(f"    (every append queues behind that lock: at most {1000 / total_held:.0f} "
              "lifecycles/s on any number of machines)")  # fmt: skip

        print("\n  summary: lifecycles/s, by how the clients find their tasks")
        print("    " + f"{'clients':>8}" + "".join(f"{style:>12}" for style in args.styles))
        for count in args.clients:
            print(
                "    " + f"{count:>8}"
                + "".join(f"{style_rates[style][count]:>12.2f}" for style in args.styles)
            )  # fmt: skip
        if rates.get(1) and max(args.clients) > 1:
            top = max(args.clients)
            print(f"    {top} clients / 1 client: {rates[top] / rates[1]:.2f}×")
        for count, (rate, mean) in me_rates.items():
            ratio = request_means.get(count, 0) / mean if count in request_means else None
            shown = f"; lifecycle request mean / me mean: {ratio:.2f}×" if ratio else ""
            print(f"    /me/ at {count} client(s): {rate:.0f}/s{shown}")


if __name__ == "__main__":
    main()
