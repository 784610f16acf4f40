"""Past one machine (product.md §14, docs/deployment.md "Production layout"): two gunicorn servers
and one Celery worker, real processes with production settings, share one PostgreSQL database, one
Redis and one media directory. Concurrent full lifecycles (create, attach, submit, accept,
district approval, municipal approval) are driven through both servers at random, with tokens
from ``POST /api/v1/auth/token/``; then nothing may be lost or doubled: every approval document is
downloadable (and signed by the worker), document numbers and references are gap-free and unique,
each application has exactly the notifications and audit events of one lifecycle, and the audit
chain verifies.

The servers read the test database pytest-django created, so the test commits
(``transaction=True``); the seeded people are flushed after it. PostgreSQL only (the marker); the
broker is a Redis database of this test's own (flushed before and after). Without Redis the test
skips, unless PERMITS_REQUIRE_REDIS=1 (CI) makes that a failure.
"""

import contextlib
import hashlib
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.checkpoints import key_create
from audit.models import AuditEvent
from audit.trail import audit_verify
from core.pii import key_file_create, pii_keys_reset
from documents.models import Certificate, DocumentKind
from documents.signing import agency_signer
from permits.models import Application, Notification, NumberSequence
from roles import second_factor
from roles.models import Agency
from tests.api.helpers import beijing_body
from tests.factories import PDF_BYTES
from tests.test_celery_worker import redis_or_skip

pytestmark = [pytest.mark.postgres, pytest.mark.alone, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("PERMITS_TEST_MULTI_SERVER_REDIS_URL", "redis://127.0.0.1:6379/7")
THREADS = 4
LIFECYCLES_PER_THREAD = 3
LIFECYCLES = THREADS * LIFECYCLES_PER_THREAD
PASSWORD = "pw"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # the officials' authenticator apps
STARTUP_SECONDS = 60
DOCUMENT_SECONDS = 60
NUMBER = re.compile(r"^(?P<prefix>.+)〔(?P<year>\d{4})〕(?P<seq>\d{4})号$")
REFERENCE = re.compile(r"^TD-(?P<year>\d{4})-(?P<seq>\d{6})$")

# One lifecycle's notifications, (recipient, kind) -> count: the applicant hears of its
# submission, its acceptance and the decision; the district reviewer of each of its two tasks,
# the municipal approver of its one.
ONE_LIFECYCLE_NOTIFICATIONS = {
    ("applicant_my", "submitted"): 1,
    ("applicant_my", "accepted"): 1,
    ("applicant_my", "decided"): 1,
    ("district_my", "task_new"): 2,
    ("muni_forest", "task_new"): 1,
}
# One lifecycle's audit events, (action, actor) -> count. A document's events are counted
# whoever records them (the deciding request or the worker, after the decision commits).
DOCUMENT = "(document)"
DOCUMENT_ACTIONS = ("certificate_issued", "certificate_signed")
ONE_LIFECYCLE_AUDIT = {
    ("create", "applicant_my"): 1,
    ("attachment_added", "applicant_my"): 1,
    ("submit", "applicant_my"): 1,
    ("claim", "district_my"): 2,  # deciding an unclaimed task claims it first
    ("accept", "district_my"): 1,
    ("approve", "district_my"): 1,
    ("claim", "muni_forest"): 1,
    ("approve", "muni_forest"): 1,
    ("certificate_issued", DOCUMENT): 2,  # the acceptance notice and the approval
    ("certificate_signed", DOCUMENT): 2,  # every document is signed
}


# ---- processes -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Processes:
    """Every process the test starts, each the leader of its own process group (gunicorn's and
    Celery's children included), all stopped at the end whatever happened."""

    directory: Path
    started: list[tuple[str, subprocess.Popen]] = field(default_factory=list)

    def start(self, name: str, command: list[str], environment: dict[str, str]):
        log = (self.directory / f"{name}.log").open("wb")
        process = subprocess.Popen(  # noqa: S603  our own interpreter, an argument list
            command,
            cwd=BASE_DIR,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        self.started.append((name, process))
        return process

    def stop(self) -> None:
        for _name, process in self.started:
            if process.poll() is None:
                # Quick shutdown for gunicorn, cold shutdown for Celery: nothing is left to finish.
                os.killpg(process.pid, signal.SIGQUIT)
        deadline = time.monotonic() + 10
        for _name, process in self.started:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            # The group too: a child that outlived its parent must not keep a connection open.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def logs(self) -> str:
        tails = []
        for name, _process in self.started:
            text = (self.directory / f"{name}.log").read_text(errors="replace")
            tails.append(f"--- {name} (last lines) ---\n" + "\n".join(text.splitlines()[-40:]))
        return "\n".join(tails)


@pytest.fixture
def broker():
    client = redis_or_skip(REDIS_URL)
    client.flushdb()  # this test's own database: no task of an earlier run is waiting
    yield REDIS_URL
    client.flushdb()


def database_url() -> str:
    """The test database pytest-django created, as the servers' DATABASE_URL."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def people(reference_data, applicant_my, reviewer_my, approver):
    """The applicant, the 密云 reviewer and the municipal approver, with passwords the servers'
    own hasher reads (the suite's MD5 is not in production's list). A cheap PBKDF2 that the
    first login upgrades, as a login after a hasher change does."""
    hasher = PBKDF2PasswordHasher()
    for user in (applicant_my, reviewer_my, approver):
        user.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
        user.save(update_fields=["password"])
    # Production settings require the officials' second factor (issue 47): an authenticator
    # app each, whose current code the token request carries.
    for official in (reviewer_my, approver):
        TOTPDevice.objects.create(
            user=official, name="phone", key=second_factor.hex_key(TOTP_SECRET), confirmed=True
        )
    return {"applicant": applicant_my, "district": reviewer_my, "municipal": approver}


def _otp(user) -> dict[str, str]:
    """The current code of the official's authenticator app; nothing for the applicant."""
    device = TOTPDevice.objects.filter(user=user).first()
    if device is None:
        return {}
    return {"otp": f"{totp(device.bin_key, step=device.step, t0=device.t0):06d}"}


@pytest.fixture
def deployment(settings, tmp_path, broker, people):
    """The environment every machine gets: production settings, one database, one broker, one
    media directory, one audit key and the agencies' document-signing keys made beforehand."""
    audit_key = tmp_path / "audit-signing-key.pem"
    key_create(audit_key)
    # One key file for the machines and this process (which reads what they wrote).
    pii_keys = tmp_path / "pii-keys.json"
    key_file_create(pii_keys)
    settings.PERMITS_PII_KEY_FILE = pii_keys
    pii_keys_reset()
    signing = tmp_path / "document-signing"
    settings.PERMITS_DOCUMENT_SIGNING_DIR = signing
    settings.PERMITS_DOCUMENT_SIGNING_AUTOCREATE = True
    for code in ("bj-forestry", "110118-forestry"):
        agency_signer(Agency.objects.get(code=code))  # development pairs, made once, no race
    media = Path(settings.MEDIA_ROOT)  # this process reads the files the servers wrote
    media.mkdir(parents=True, exist_ok=True)
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        **{k: v for k, v in os.environ.items() if k == "PERMITS_CJK_FONT"},
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": uuid.uuid4().hex * 2,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "PERMITS_SITE_URL": "https://permits.example.gov.cn",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": broker,
        "CACHE_URL": broker,  # the shared cache production requires (the rate limits)
        "PERMITS_MEDIA_ROOT": str(media),
        "PERMITS_AUDIT_KEY_FILE": str(audit_key),
        "PERMITS_PII_KEY_FILE": str(pii_keys),
        "PERMITS_DOCUMENT_SIGNING_DIR": str(signing),
        "PERMITS_DOCUMENT_SIGNING_AUTOCREATE": "0",
    }


@pytest.fixture
def machines(deployment, tmp_path):
    """Two web servers (one with persistent connections, one with a connection per request) and
    one worker; yields the servers' base addresses."""
    processes = Processes(tmp_path)
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py"]
    servers = []
    try:
        for name, conn_max_age in (("web-a", "60"), ("web-b", "0")):
            port = free_port()
            processes.start(
                name,
                gunicorn,
                {
                    **deployment,
                    "PERMITS_GUNICORN_BIND": f"127.0.0.1:{port}",
                    "PERMITS_GUNICORN_WORKERS": "2",
                    "PERMITS_DB_CONN_MAX_AGE": conn_max_age,
                },
            )
            servers.append(f"http://127.0.0.1:{port}")
        processes.start(
            "worker",
            [
                *(sys.executable, "-m", "celery", "-A", "config", "worker"),
                *("--loglevel=WARNING", "--concurrency=2", f"--hostname=multi-{uuid.uuid4().hex}"),
                *("--without-gossip", "--without-mingle", "--without-heartbeat"),
            ],
            deployment,
        )
        for server in servers:
            wait_until_serving(server, processes)
        yield servers, processes
    finally:
        processes.stop()


def wait_until_serving(server: str, processes: Processes) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        for name, process in processes.started:
            if process.poll() is not None:
                pytest.fail(f"{name} exited ({process.returncode})\n{processes.logs()}")
        try:
            if request(server, "GET", "/api/v1/audit/public-keys/").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    pytest.fail(f"{server} did not answer within {STARTUP_SECONDS} s\n{processes.logs()}")


# ---- HTTP ------------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    body: bytes

    def json(self):
        return json.loads(self.body)


def request(server, method, path, *, token=None, body=None, file=None, timeout=60) -> Answer:
    headers = {"Accept": "application/json"}
    data = None
    if token:
        headers["Authorization"] = f"Token {token}"
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if file is not None:
        data, headers["Content-Type"] = multipart(file)
    call = urllib.request.Request(f"{server}{path}", data=data, method=method, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(call, timeout=timeout) as response:  # noqa: S310
            return Answer(response.status, response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.read())


def multipart(fields: dict[str, str | tuple[str, bytes, str]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        if isinstance(value, tuple):
            filename, content, content_type = value
            head = (
                f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n"
            )
        else:
            head, content = f'Content-Disposition: form-data; name="{name}"\r\n\r\n', value.encode()
        parts.append(f"--{boundary}\r\n{head}".encode() + content + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), (
        f"multipart/form-data; boundary={boundary}"
    )


class Driver:
    """One thread's client: every request goes to one of the servers, chosen at random."""

    def __init__(self, servers: list[str], tokens: dict[str, str], seed: int):
        self.servers, self.tokens, self.random = servers, tokens, random.Random(seed)  # noqa: S311

    def call(self, who, method, path, expected, **kwargs) -> Answer:
        server = self.random.choice(self.servers)
        answer = request(server, method, f"/api/v1{path}", token=self.tokens[who], **kwargs)
        assert answer.status == expected, (server, method, path, answer.status, answer.body[:500])
        return answer

    def lifecycle(self) -> int:
        draft = self.call("applicant", "POST", "/applications/", 201, body=beijing_body()).json()
        pk = draft["id"]
        upload = {"kind": "design_document", "file": ("design.pdf", PDF_BYTES, "application/pdf")}
        self.call("applicant", "POST", f"/applications/{pk}/attachments/", 201, file=upload)
        self.call("applicant", "POST", f"/applications/{pk}/submit/", 200)
        for who, step, decision, next_status in (
            ("district", "acceptance", "accept", "district_review"),
            ("district", "district_review", "approve", "municipal_review"),
            ("municipal", "municipal_review", "approve", "approved"),
        ):
            task = self.task(who, pk, step)
            answer = self.call(
                who,
                "POST",
                f"/tasks/{task}/decide/",
                200,
                body={"decision": decision, "opinion": "同意"},
            ).json()
            assert answer["application"]["status"] == next_status, answer["application"]
        return pk

    def task(self, who: str, application: int, step: str) -> int:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            for task in self.call(who, "GET", "/tasks/?queue=queue", 200).json()["results"]:
                if task["application"]["id"] == application and task["step"] == step:
                    return task["id"]
            time.sleep(0.2)
        raise AssertionError(f"no {step} task for application {application} in {who}'s queue")

    def document(self, application: int) -> bytes:
        """The approval document, once it is there (it may be rendered after the commit)."""
        deadline = time.monotonic() + DOCUMENT_SECONDS
        while time.monotonic() < deadline:
            server = self.random.choice(self.servers)
            path = f"/api/v1/applications/{application}/certificate.pdf"
            answer = request(server, "GET", path, token=self.tokens["applicant"])
            if answer.status == 200 and answer.body.startswith(b"%PDF-"):
                return answer.body
            time.sleep(0.3)
        raise AssertionError(f"no approval document for application {application}")


def tokens_through(servers: list[str], people) -> dict[str, str]:
    """A token per person, each from another server (the servers share the token table)."""
    tokens = {}
    for index, (who, user) in enumerate(people.items()):
        answer = request(
            servers[index % len(servers)],
            "POST",
            "/api/v1/auth/token/",
            body={"username": user.username, "password": PASSWORD, **_otp(user)},
        )
        assert answer.status == 200, answer.body
        tokens[who] = answer.json()["token"]
    return tokens


# ---- the test --------------------------------------------------------------------------------


def wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


def test_two_servers_and_a_worker_lose_and_double_nothing(machines, people):
    servers, processes = machines
    tokens = tokens_through(servers, people)
    lock = threading.Lock()
    done: list[int] = []

    def run(seed: int) -> None:
        driver = Driver(servers, tokens, seed)
        for _ in range(LIFECYCLES_PER_THREAD):
            application = driver.lifecycle()
            with lock:
                done.append(application)

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        futures = [pool.submit(run, seed) for seed in range(THREADS)]
        errors = [f.exception() for f in futures if f.exception() is not None]
    assert not errors, f"{errors}\n{processes.logs()}"
    assert len(done) == len(set(done)) == LIFECYCLES

    downloader = Driver(servers, tokens, seed=THREADS)
    for application in done:
        assert downloader.document(application).startswith(b"%PDF-")
    approvals = Certificate.objects.filter(document_kind=DocumentKind.APPROVAL)
    # The worker signs each approval after its decision commits, from the shared directory.
    assert wait_for(lambda: approvals.filter(signed_at__isnull=False).count() == LIFECYCLES, 60), (
        processes.logs()
    )
    for approval in approvals:
        served = downloader.document(approval.application_id)
        assert hashlib.sha256(served).hexdigest() == approval.pdf_sha256

    applications = Application.objects.filter(pk__in=done)
    assert set(applications.values_list("status", flat=True)) == {"approved"}
    assert Application.objects.count() == LIFECYCLES
    assert_gap_free_numbers()
    assert_one_lifecycle_each(done, Notification, ONE_LIFECYCLE_NOTIFICATIONS)
    assert_one_lifecycle_each(done, AuditEvent, ONE_LIFECYCLE_AUDIT)
    assert_one_issue_per_document()
    report = audit_verify()
    assert report.ok, report
    assert report.events == AuditEvent.objects.count()


def assert_gap_free_numbers() -> None:
    """References and every document sequence (approvals 京园林抚审〔2026〕0001号 …, the
    acceptance notices) run 1, 2, 3 … without a gap or a repeat, as far as their counter."""
    references = [
        REFERENCE.match(r) for r in Application.objects.values_list("reference", flat=True)
    ]
    assert all(references)
    assert sorted(int(m["seq"]) for m in references) == list(range(1, LIFECYCLES + 1))

    sequences: dict[tuple[str, int], list[int]] = defaultdict(list)
    for number, kind in Certificate.objects.values_list("number", "document_kind"):
        match = NUMBER.match(number)
        assert match, number
        key = match["prefix"] if kind == DocumentKind.APPROVAL else f"doc:{match['prefix']}"
        sequences[(key, int(match["year"]))].append(int(match["seq"]))
    kinds = Counter(Certificate.objects.values_list("document_kind", flat=True))
    assert kinds == {DocumentKind.APPROVAL: LIFECYCLES, DocumentKind.ACCEPTANCE_NOTICE: LIFECYCLES}
    for (key, year), numbers in sequences.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), (key, year, sorted(numbers))
        assert NumberSequence.objects.get(key=key, year=year).last == len(numbers), key
    approval_prefixes = {k for k, _year in sequences if not k.startswith("doc:")}
    assert approval_prefixes == {"京园林抚审"}


def assert_one_lifecycle_each(applications: list[int], model, expected: dict) -> None:
    """Each application has exactly one lifecycle's rows: none lost, none doubled."""
    if model is Notification:
        rows = model.objects.values_list("application_id", "recipient__username", "kind")
    else:
        rows = model.objects.filter(application__isnull=False).values_list(
            "application_id", "action", "actor_username"
        )
    found: dict[int, Counter] = defaultdict(Counter)
    for application, what, who in rows:
        found[application][(what, DOCUMENT if what in DOCUMENT_ACTIONS else who)] += 1
    assert set(found) == set(applications)
    for application in applications:
        assert dict(found[application]) == expected, f"{model.__name__}: {dict(found[application])}"


def assert_one_issue_per_document() -> None:
    issued = Counter(
        event.details["number"]
        for event in AuditEvent.objects.filter(action__in=["certificate_issued"])
    )
    signed = Counter(
        event.details["number"] for event in AuditEvent.objects.filter(action="certificate_signed")
    )
    numbers = Counter(Certificate.objects.values_list("number", flat=True))
    assert issued == numbers
    assert signed == numbers  # every document, once
