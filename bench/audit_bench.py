"""The audit trail at a province's scale (issue 10): append, verify, export.

    python bench/audit_bench.py                        # SQLite, temporary file, small sizes
    python bench/audit_bench.py --appends 2000 --events 1000000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x python bench/audit_bench.py

Builds a fresh database (SQLite: a temporary file; PostgreSQL: the database
``permits_audit_bench`` on the server DATABASE_URL names, dropped and created whatever database
the URL names), makes one application through the services, then measures:

1. **append**: ``audit_record`` of a decision-like event (details, the application's snapshot,
   client address) inside a transaction that first locks the application row, as a decision
   does; the median and p95 of the call over ``--appends`` transactions, and its SQL queries.
2. **verify**: grows the trail to ``--events`` valid events (true hashes and links; one event in
   five carries the application's snapshot, like a decision; a signed checkpoint every
   ``--checkpoint-every`` events) and times ``audit_verify()``: events a second and the growth of
   the process's resident memory.
3. **csv**: downloads ``GET /api/v1/audit/events/?format=csv`` as an auditor of the Beijing audit
   bureau (rows a second, resident memory growth).
4. **offline** (issue 49): the offline verifier's check of ``--offline-events`` events (each
   event's hash and its inclusion proof against a signed checkpoint, ``audit.offline``'s own
   code over an ``events.json`` it reads from a ZIP) with the tree in SHA-256 and in SM3, and
   the time of one checkpoint signature and verification with Ed25519 and with SM2. No
   database.

See bench/README.md for the figures.
"""

import argparse
import atexit
import gc
import os
import shutil
import statistics
import sys
import tempfile
import threading
from datetime import timedelta
from pathlib import Path
from time import perf_counter
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from queue_bench import tending_data  # noqa: E402  (the applications the queue bench makes)

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "permits_audit_bench"  # never permits_bench: the queue bench owns that one
POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql")
CSV_URL = "/api/v1/audit/events/?format=csv"
BATCH = 10_000


# ------------------------------------------------------------------------ the database


def temporary_directory(prefix: str) -> str:
    directory = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    return directory


def bench_database_url() -> tuple[str, str]:
    """(DATABASE_URL for Django, a description); PostgreSQL's bench database is recreated."""
    given = os.environ.get("DATABASE_URL", "")
    scheme = urlsplit(given).scheme
    if scheme in POSTGRES_SCHEMES:
        url = urlunsplit(urlsplit(given)._replace(scheme="postgresql", path=f"/{BENCH_DATABASE}"))
        postgres_recreate(url)
        return url, f"PostgreSQL {urlsplit(url).hostname}/{BENCH_DATABASE}"
    if given and scheme != "sqlite":
        sys.exit(f"audit_bench: unsupported DATABASE_URL scheme {scheme!r}")
    path = Path(temporary_directory("audit-bench-")) / "bench.sqlite3"
    return f"sqlite:///{path}", f"SQLite {path}"


def postgres_recreate(url: str) -> None:
    import psycopg
    from psycopg import sql

    maintenance = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    name = sql.Identifier(BENCH_DATABASE)
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(name))


def django_setup() -> str:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    url, description = bench_database_url()
    os.environ["DATABASE_URL"] = url

    import django

    django.setup()

    from django.core.management import call_command
    from django.test.utils import override_settings, setup_test_environment

    setup_test_environment()  # the test Client's host, in-memory mail
    override_settings(MEDIA_ROOT=temporary_directory("audit-bench-media-")).enable()
    call_command("migrate", verbosity=0, interactive=False)
    return description


def analyze() -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def resident() -> int:
    """The process's resident memory now, in bytes (Linux /proc)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


class PeakResident:
    """Samples the resident memory every 20 ms while the block runs: (growth of the peak)."""

    def __enter__(self) -> "PeakResident":
        gc.collect()
        self.before = self.peak = resident()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, resident())

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, resident())

    @property
    def growth(self) -> int:
        return self.peak - self.before


# ----------------------------------------------------------------------------- data


def seed():
    """Reference data, an auditor of 北京市审计局, the 密云 reviewer and one submitted
    application of 密云 (which the auditor sees)."""
    from django.contrib.auth import get_user_model

    from demo.documents import design_document_upload
    from permits import services
    from roles import reference as roles_reference
    from roles.models import Agency, District, Organisation, Role
    from roles.services import role_grant
    from workflows import reference as routes_reference
    from workflows import services as task_services

    roles_reference.load()
    routes_reference.load()
    User = get_user_model()
    auditor = User.objects.create_user("auditor_bj")
    role_grant(user=auditor, role=Role.AUDITOR, agency=Agency.objects.get(code="bj-audit"))
    reviewer = User.objects.create_user("district_my", first_name="张明")
    agency = Agency.objects.get(code="110118-forestry")
    role_grant(user=reviewer, role=Role.REVIEWER, agency=agency)
    district = District.objects.get(code="110118")
    organisation = Organisation.objects.create(
        name="密云区国有林场", jurisdiction_id=district.jurisdiction_id, district=district
    )
    applicant = User.objects.create_user("applicant_my", first_name="王林")
    role_grant(user=applicant, role=Role.APPLICANT, organisation=organisation)
    draft = services.application_create(
        by=applicant, kind="tending", data=tending_data(district, 0)
    )
    services.attachment_add(
        application=draft,
        by=applicant,
        kind="design_document",
        upload=design_document_upload(draft),
    )
    application = task_services.application_submit(application=draft, by=applicant)
    return auditor, reviewer, agency, application


# --------------------------------------------------------------------------- append


def appends(count: int, reviewer, agency, application) -> tuple[list[float], int]:
    """Times ``audit_record`` of ``count`` decision-like events, each in its own transaction
    that locks the application row first; (seconds of each call, SQL queries of one call)."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from audit.choices import AuditAction
    from audit.trail import audit_record
    from permits.facts import application_snapshot
    from permits.models import Application

    snapshot = application_snapshot(application.detail)
    times, queries = [], 0
    for number in range(count):
        with transaction.atomic():
            Application.objects.select_for_update().get(pk=application.pk)
            with CaptureQueriesContext(connection) as captured:
                started = perf_counter()
                audit_record(
                    action=AuditAction.RETURN,
                    application=application,
                    actor=reviewer,
                    agency=agency,
                    role="reviewer",
                    from_status="district_review",
                    to_status="district_review",
                    opinion="补充现状照片，林班小班界线须与作业设计图一致。",
                    details={"task_id": number, "step": "district_review"},
                    snapshot=snapshot,
                    client_ip="192.0.2.7",
                )
                times.append(perf_counter() - started)
            if number == count // 2:
                queries = len(captured)
    return times, queries


# --------------------------------------------------------------------------- verify


def grow(application, reviewer, agency, size: int, checkpoint_every: int) -> None:
    """Append valid events (true hashes and links, no Merkle nodes: the bench appends no more
    after this) until the trail holds ``size``, signing a checkpoint every ``checkpoint_every``
    events with a root computed from the hashes."""
    import base64

    from django.db import transaction
    from django.utils import timezone

    from audit import checkpoints, merkle
    from audit.canonical import canonical_json, sha256_hex
    from audit.models import AuditChainHead, AuditCheckpoint, AuditEvent
    from audit.trail import event_hash
    from permits.facts import application_snapshot

    snapshot = application_snapshot(application.detail)
    snapshot_sha256 = sha256_hex(canonical_json(snapshot))
    private, key = checkpoints.signing_key_published()
    frontier = merkle.Frontier()
    for event_hash_hex in AuditEvent.objects.order_by("seq").values_list("hash", flat=True):
        frontier.append(bytes.fromhex(event_hash_hex))
    head = AuditChainHead.objects.get(id=1)
    seq, previous = head.seq, head.hash
    start = timezone.now()
    while seq < size:
        rows = []
        with transaction.atomic():
            for _ in range(min(BATCH, size - seq)):
                seq += 1
                decision = seq % 5 == 0
                event = AuditEvent(
                    seq=seq,
                    at=start + timedelta(milliseconds=seq),
                    actor_id=reviewer.pk,
                    actor_username="district_my",
                    actor_display_name="张明",
                    agency_id=agency.pk,
                    agency_code=agency.code,
                    agency_name=agency.name,
                    role="reviewer",
                    application_id=application.pk,
                    application_reference=application.reference,
                    action="return" if decision else "claim",
                    from_status="district_review",
                    to_status="returned" if decision else "district_review",
                    opinion="经现场核查，林班小班界线清楚，作业设计符合技术规程。"
                    if decision
                    else "",
                    details={"step": "district_review", "task_id": seq},
                    snapshot=snapshot if decision else None,
                    snapshot_sha256=snapshot_sha256 if decision else "",
                    client_ip="192.0.2.7",
                    prev_hash=previous,
                )
                event.hash = previous = event_hash(event)
                rows.append(event)
                frontier.append(bytes.fromhex(event.hash))
                if seq % checkpoint_every == 0:
                    at = timezone.now().replace(microsecond=0)
                    root = frontier.root().hex()
                    message = checkpoints.signed_message(seq, root, checkpoints.at_text(at))
                    signature = base64.b64encode(private.sign(message)).decode()
                    AuditCheckpoint.objects.create(
                        tree_size=seq, root_hash=root, at=at, key=key, signature=signature
                    )
            AuditEvent.objects.bulk_create(rows, batch_size=2_000)
            AuditChainHead.objects.filter(id=1).update(seq=seq, hash=previous)


def verify(workers: int) -> tuple[float, int, object]:
    """(seconds, resident memory growth, report) of ``audit_verify(workers=workers)`` (the
    workers' memory is their own: this is the coordinator's)."""
    from audit.trail import audit_verify

    with PeakResident() as memory:
        started = perf_counter()
        report = audit_verify(workers=workers)
        seconds = perf_counter() - started
    return seconds, memory.growth, report


# ------------------------------------------------------------------------------ csv


def csv_stream(auditor) -> tuple[int, int, float, int]:
    """(rows, bytes, seconds, resident memory growth) of the auditor's CSV download."""
    from django.test import Client

    client = Client()
    client.force_login(auditor)
    rows = size = 0
    with PeakResident() as memory:
        started = perf_counter()
        response = client.get(CSV_URL)
        assert response.status_code == 200, response.status_code
        for chunk in response.streaming_content:
            size += len(chunk)
            rows += chunk.count(b"\n")
        seconds = perf_counter() - started
    return rows - 1, size, seconds, memory.growth


# -------------------------------------------------------------------------- offline


def offline_case(count: int, hash_alg: str) -> tuple[bytes, dict[str, object]]:
    """``events.json`` of ``count`` events with their inclusion proofs in a tree of
    ``hash_alg``, zipped, and the checkpoint over them (unsigned: timed apart)."""
    import io
    import json
    import zipfile

    from audit import algorithms, merkle
    from audit.canonical import canonical_json, sha256_hex

    digest = algorithms.digest_of(hash_alg)
    hashed = [
        {"seq": seq, "action": "claim", "details": {"task_id": seq}, "opinion": "", "role": "r"}
        for seq in range(1, count + 1)
    ]
    hashes = [sha256_hex(canonical_json(h)) for h in hashed]
    nodes: dict[tuple[int, int], bytes] = {}
    read = lambda level, index: nodes[(level, index)]  # noqa: E731
    for index, value in enumerate(hashes):
        for level, position, node in merkle.appended_nodes(
            index, bytes.fromhex(value), read, digest
        ):
            nodes[(level, position)] = node
    root = merkle.root(count, read, digest).hex()
    events = [
        {
            "hashed": h,
            "hash": value,
            "snapshot": None,
            "audit_path": [n.hex() for n in merkle.inclusion_path(i, count, read, digest)],
        }
        for i, (h, value) in enumerate(zip(hashed, hashes, strict=True))
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("events.json", json.dumps(events))
    checkpoint = {"tree_size": count, "root_hash": root, "hash_alg": hash_alg}
    return buffer.getvalue(), checkpoint


def offline_rates(count: int) -> list[str]:
    """The offline verifier's events a second with each tree hash, and each signature's time."""
    import io
    import zipfile

    from audit import algorithms
    from audit import offline as audit_offline

    lines = []
    for hash_alg in algorithms.HASH_ALGORITHMS:
        data, checkpoint = offline_case(count, hash_alg)
        started = perf_counter()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            checked = audit_offline._events(archive, checkpoint)
        seconds = perf_counter() - started
        lines.append(
            f"offline verify, {hash_alg} tree: {len(checked):,} events (hash and inclusion "
            f"proof each) in {seconds:.2f} s = {len(checked) / seconds:,.0f} events/s"
        )
    message = b"permits-audit-checkpoint/v2\nsm3\nsm2\n100000\n" + b"ab" * 32
    for sig_alg in algorithms.SIGNATURE_ALGORITHMS:
        key = algorithms.private_key_load(algorithms.private_key_generate(sig_alg))
        rounds = 300
        started = perf_counter()
        for _ in range(rounds):
            signature = key.sign(message)
        signing = (perf_counter() - started) / rounds
        started = perf_counter()
        for _ in range(rounds):
            algorithms.verify(sig_alg, key.public_bytes, signature, message)
        verifying = (perf_counter() - started) / rounds
        lines.append(
            f"checkpoint signature, {sig_alg}: sign {signing * 1000:.3f} ms, "
            f"verify {verifying * 1000:.3f} ms (mean of {rounds})"
        )
    return lines


# ----------------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--appends", type=int, default=500)
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--checkpoint-every", type=int, default=100_000)
    parser.add_argument("--offline-events", type=int, default=100_000)
    parser.add_argument(
        "--skip", nargs="*", default=[], choices=["append", "verify", "csv", "offline"]
    )
    parser.add_argument(
        "--workers",
        type=int,
        nargs="+",
        default=[1, os.cpu_count() or 1],
        help="verify once with each number of processes (manage.py audit_verify --workers)",
    )
    options = parser.parse_args()
    print(f"audit_bench: {django_setup()}")
    if "offline" not in options.skip:
        print("\n".join(offline_rates(options.offline_events)))
    auditor, reviewer, agency, application = seed()
    failed = False

    if "append" not in options.skip:
        times, queries = appends(options.appends, reviewer, agency, application)
        ms = sorted(t * 1000 for t in times)
        print(
            f"append: {len(ms):,} events, median {statistics.median(ms):.3f} ms, "
            f"p95 {ms[int(len(ms) * 0.95)]:.3f} ms, mean {statistics.mean(ms):.3f} ms, "
            f"{queries} SQL queries per append"
        )

    if "verify" not in options.skip or "csv" not in options.skip:
        started = perf_counter()
        grow(application, reviewer, agency, options.events, options.checkpoint_every)
        analyze()
        print(f"grown to {options.events:,} events in {perf_counter() - started:.1f} s")

    if "verify" not in options.skip:
        for workers in options.workers:
            seconds, growth, report = verify(workers)
            print(
                f"verify, {workers} process{'es' if workers > 1 else ''}: {report.events:,} "
                f"events, {report.checkpoints} checkpoints in {seconds:.2f} s = "
                f"{report.events / seconds:,.0f} events/s, RSS growth {growth / 1e6:.1f} MB, "
                f"ok={report.ok}"
            )
            failed |= not report.ok

    if "csv" not in options.skip:
        rows, size, seconds, growth = csv_stream(auditor)
        print(
            f"csv: {rows:,} rows, {size / 1e6:.1f} MB in {seconds:.2f} s = "
            f"{rows / seconds:,.0f} rows/s, RSS growth {growth / 1e6:.1f} MB"
        )
        failed |= rows < options.events
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
