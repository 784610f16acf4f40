"""The demo, seeded once per test process and put back for every later test that asks for it.

``demo.seed.demo_seed()`` takes 25-30 s (every application is moved through the services, every
document signed); the browser tests each want it in a database that pytest-django flushed after
the test before. On PostgreSQL the first seed of a session (of a pytest-xdist worker), committed,
is copied out (``snapshot_take``) and each later test gets it back in a second or two
(``snapshot_load``, ``demo_put`` choosing):

- every table's rows, read with ``COPY ... TO STDOUT (FORMAT BINARY)`` into memory, and written
  back after one ``TRUNCATE`` of every table with ``COPY ... FROM STDIN``. The flush between
  tests makes the content types and permissions again with other ids, so those tables are
  replaced too: the state is the seeded one, row for row. No trigger fires on the copy (the only
  one, audit's append-only trigger, is on UPDATE and DELETE; ``snapshot_unusable`` checks that
  nothing else is there); the foreign keys are all DEFERRABLE and are checked before the copy
  returns (``SET CONSTRAINTS ALL IMMEDIATE``): no superuser, no ``session_replication_role``.
- every sequence's value as the seed left it (``setval``), so the next insert takes the id it
  would have taken after a seed;
- the files the seed stored under MEDIA_ROOT (the documents' PDFs, the attachments), copied into
  the test's own MEDIA_ROOT;
- and what the process remembers of the rows it read: Django's content types and roles' permission
  ids are forgotten as after a flush (``post_migrate`` sent again, as ``flush`` sends it; it finds
  every row there). The cache and the map's layer index are cleared (as before every test,
  tests/conftest.py ``_fresh_cache``); the signing keys are per process and outlive the tests.

Where none of this can be used, the demo is seeded as before, and ``SnapshotHolder.reason`` says
why: SQLite (its append-only triggers refuse the TRUNCATE, and its tests take no snapshot), a
database with a trigger on INSERT or a foreign key checked at once, a failure while copying, or a
snapshot of an earlier day (the demo's dates are relative to today: the next test seeds and
copies out again).
tests/test_demo_snapshot.py holds the copy to the seed, table by table."""

import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection, transaction
from django.utils import timezone

from demo.seed import demo_seed
from zones.index import layer_index_forget

STALE = "the snapshot is of an earlier day"


@dataclass(frozen=True)
class Snapshot:
    """The seeded database and media, held in memory and in a folder of the session's."""

    rows: dict[str, bytes]  # table -> its rows in COPY's binary format
    sequences: dict[str, tuple[int, bool]]  # sequence -> (last_value, is_called)
    media: Path
    day: date  # the local date it was seeded on


@dataclass
class SnapshotHolder:
    """One per test process: the snapshot, or why there is none (the plain seed then)."""

    folder: Path
    snapshot: Snapshot | None = None
    reason: str = ""
    loads: int = 0
    seeds: list[str] = field(default_factory=list)  # why each plain seed ran


def snapshot_unusable() -> str | None:
    """Why this database's tables cannot be put back by TRUNCATE and COPY, or None."""
    if connection.vendor != "postgresql":
        return f"{connection.vendor}: the demo is seeded for every test"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgrelid::regclass::text, tgname FROM pg_trigger t "
            "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE NOT t.tgisinternal AND n.nspname = current_schema() "
            "AND (t.tgtype & 4 <> 0 OR t.tgtype & 32 <> 0)"  # on INSERT or TRUNCATE
        )
        triggers = cursor.fetchall()
        cursor.execute(
            "SELECT conrelid::regclass::text, conname FROM pg_constraint c "
            "JOIN pg_namespace n ON n.oid = c.connamespace "
            "WHERE c.contype = 'f' AND NOT c.condeferrable AND n.nspname = current_schema()"
        )
        immediate = cursor.fetchall()
    if triggers:
        return f"triggers that a copy would fire: {triggers}"
    if immediate:
        return f"foreign keys that cannot be deferred: {immediate}"
    return None


def table_names() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))


def sequence_values() -> dict[str, tuple[int, bool]]:
    """Each sequence's value and whether it was taken (``setval``'s arguments)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sequencename, coalesce(last_value, start_value), last_value IS NOT NULL "
            "FROM pg_sequences WHERE schemaname = current_schema() ORDER BY sequencename"
        )
        return {name: (value, taken) for name, value, taken in cursor.fetchall()}


def _rows(tables: list[str]) -> dict[str, bytes]:
    rows = {}
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor: Django's wrapper has no COPY
        for table in tables:
            out = f"COPY {connection.ops.quote_name(table)} TO STDOUT (FORMAT BINARY)"
            with raw.copy(out) as copy:
                rows[table] = b"".join(bytes(block) for block in copy)
    return rows


def _rows_load(rows: dict[str, bytes], sequences: dict[str, tuple[int, bool]]) -> None:
    """Every table emptied and filled with ``rows``, every sequence set: one transaction."""
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(quote(t) for t in rows)}")
        raw = cursor.cursor
        for table, data in rows.items():
            with raw.copy(f"COPY {quote(table)} FROM STDIN (FORMAT BINARY)") as copy:
                copy.write(data)
        for name, (last_value, is_called) in sequences.items():
            cursor.execute("SELECT setval(%s, %s, %s)", [quote(name), last_value, is_called])
        # The copy's foreign keys, checked now rather than at a commit that a test rolls back.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    # As after a flush: what the process remembers of content types and permissions, forgotten;
    # and what it cached of the rows before them (as tests/conftest.py ``_fresh_cache``).
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    cache.clear()
    layer_index_forget()


def snapshot_take(folder: Path) -> Snapshot:
    """The database and MEDIA_ROOT as they are now (the demo just seeded and committed)."""
    tables = table_names()
    media = Path(tempfile.mkdtemp(prefix="demo-media-", dir=folder))
    source = Path(settings.MEDIA_ROOT)
    if source.exists():
        shutil.copytree(source, media, dirs_exist_ok=True)
    return Snapshot(_rows(tables), sequence_values(), media, timezone.localdate())


def snapshot_load(snapshot: Snapshot) -> None:
    """The seeded state back: rows, sequences, and the files into this test's MEDIA_ROOT."""
    _rows_load(snapshot.rows, snapshot.sequences)
    target = Path(settings.MEDIA_ROOT)
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(snapshot.media, target, dirs_exist_ok=True)


def demo_put(holder: SnapshotHolder) -> None:
    """The demo in this test's database, which pytest-django flushed after the test before (a
    live-server test's, committed): the session's snapshot put back, or seeded and, where it
    can be, copied out for the tests after."""
    snapshot = holder.snapshot
    if snapshot is not None and snapshot.day != timezone.localdate():
        holder.snapshot, holder.reason = None, STALE
        snapshot = None
    if snapshot is not None:
        snapshot_load(snapshot)
        holder.loads += 1
        return
    if not holder.reason:
        holder.reason = snapshot_unusable() or ""
    holder.seeds.append(holder.reason or "the session's first demo")
    demo_seed()
    if holder.reason in ("", STALE) and not connection.in_atomic_block:
        try:
            holder.snapshot, holder.reason = snapshot_take(holder.folder), ""
        except Exception as error:  # noqa: BLE001 -- any failure: the plain seed, saying why
            holder.reason = f"the snapshot failed: {error!r}"
