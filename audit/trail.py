"""The append-only, hash-chained audit trail (product.md §7).

Each event's hash is the SHA-256 of a canonical JSON serialisation of its fields, which include
the previous event's hash; changing or removing any event breaks every hash after it.
"""

import dataclasses
import functools
import hashlib
import json
import multiprocessing
from collections.abc import Callable, Collection, Generator, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, ParamSpec, Protocol, TypeVar

import orjson
from django.contrib.auth.models import User
from django.db import connection, connections, models, transaction
from django.db.models import DateTimeField, F, Func, TextField, Value
from django.db.models.functions import Cast
from django.db.transaction import TransactionManagementError
from django.utils import timezone

from core.background import SavepointMarker, not_rolled_back, savepoint_marker
from roles.models import Agency, Organisation, Role

from . import algorithms, checkpoints, merkle
from .canonical import canonical_flat, canonical_json, canonical_of_text, sha256_hex
from .choices import AuditAction
from .models import AuditChainHead, AuditCheckpoint, AuditEvent, AuditSigningKey, AuditTreeNode

GENESIS_HASH = checkpoints.GENESIS_HASH

T = TypeVar("T")


class Recorded(Protocol):
    """What an event names of the record it is about (an application, kept by ``permits``,
    which sits above the trail): its key and the reference people read."""

    pk: Any
    reference: str


class RecordedAct(Protocol):
    """An act as the trail reads it (``permits.acts.Act``, ``workflows`` ``TaskAct``): who,
    for which agency, in which role, from which address, on which record and from which status,
    built once per act by the layer that knows them, above the trail."""

    @property
    def by(self) -> User | None: ...
    @property
    def agency(self) -> Agency | None: ...
    @property
    def role(self) -> str: ...
    @property
    def client_ip(self) -> str | None: ...
    @property
    def application(self) -> Recorded | None: ...
    @property
    def from_status(self) -> str: ...
    @property
    def status_now(self) -> str: ...
    @property
    def organisation(self) -> Organisation | None: ...


P = ParamSpec("P")

HASHED_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_username",
    "actor_display_name",
    "agency_code",
    "agency_name",
    "role",
    "application_id",
    "application_reference",
    "action",
    "from_status",
    "to_status",
    "opinion",
    "details",
    "snapshot_sha256",
    "client_ip",
    "prev_hash",
)


def event_hashed_values(event: AuditEvent) -> dict[str, Any]:
    """The event's fields as its hash covers them (JSON values: the case file carries them)."""
    values = {name: getattr(event, name) for name in HASHED_FIELDS}
    values["at"] = _at_text(event.at)
    hashed: dict[str, Any] = json.loads(canonical_json(values))
    return hashed


def event_hash(event: AuditEvent) -> str:
    return sha256_hex(canonical_json(event_hashed_values(event)))


def display_name(user: User | None) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


MSG_NOT_IN_TRANSACTION = "audit_record must run inside the transaction of the change it records"
MSG_LAST_OUTSIDE_TRANSACTION = (
    "audit_appended_last must decorate a function that runs inside transaction.atomic"
)

# The events recorded in a block of ``audit_appended_last`` and not appended yet, each with the
# marker that tells whether the savepoint it was recorded in was rolled back since.
_Pending = list[tuple[AuditEvent, SavepointMarker]]
_pending: ContextVar[_Pending | None] = ContextVar("permits_audit_pending", default=None)


def audit_record(
    *,
    action: AuditAction,
    application: Recorded | None = None,
    actor: User | None = None,
    agency: Agency | None = None,
    role: str = "",
    from_status: str = "",
    to_status: str = "",
    opinion: str = "",
    details: Mapping[str, Any] | None = None,
    snapshot: Mapping[str, Any] | None = None,
    client_ip: str | None = None,
    organisation: Organisation | None = None,
) -> AuditEvent:
    """Record one event; must run inside the caller's transaction (the change it records).

    ``organisation``: the applicant organisation a holder acts for; the event names it in its
    details (``organisation``), hashed with them: ``agency`` stays the agency the act is
    addressed to, which scopes the event.
    ``action`` must be an ``AuditAction``: an unknown action raises ValueError, changing nothing.
    Inside a service decorated with ``audit_appended_last`` the event is appended when the
    service ends (its ``seq``, time and hashes are set then); elsewhere it is appended now."""
    action = AuditAction(action)
    if connection.get_autocommit():  # the head's lock would end with its statement
        raise TransactionManagementError(MSG_NOT_IN_TRANSACTION)
    event = AuditEvent(
        actor=actor,
        actor_username=actor.get_username() if actor else "",
        actor_display_name=display_name(actor),
        agency=agency,
        agency_code=agency.code if agency else "",
        agency_name=agency.name if agency else "",
        role=role,
        application_id=application.pk if application else None,
        application_reference=application.reference if application else "",
        action=action.value,
        from_status=from_status,
        to_status=to_status,
        opinion=opinion,
        details=json.loads(canonical_json(_with_organisation(details, organisation))),
        snapshot=snapshot,
        snapshot_sha256=sha256_hex(canonical_json(snapshot)) if snapshot is not None else "",
        client_ip=client_ip or None,
    )
    pending = _pending.get()
    if pending is None:
        _append([event])
    else:
        pending.append((event, savepoint_marker()))
    return event


def organisation_named(organisation: Organisation) -> dict[str, str]:
    """How an event names the organisation a holder acted for (``details["organisation"]``)."""
    return {"name": organisation.name, "credit_code": organisation.unified_credit_code}


def _with_organisation(
    details: Mapping[str, Any] | None, organisation: Organisation | None
) -> Mapping[str, Any]:
    if organisation is None:
        return details or {}
    return {**(details or {}), "organisation": organisation_named(organisation)}


def act_record(
    act: RecordedAct,
    action: AuditAction,
    *,
    to_status: str | None = None,
    opinion: str = "",
    details: Mapping[str, Any] | None = None,
    snapshot: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """The event of ``act`` (``audit_record`` with what the act holds once): the status after
    is the record's as it is now unless named."""
    return audit_record(
        action=action,
        application=act.application,
        actor=act.by,
        agency=act.agency,
        role=act.role,
        from_status=act.from_status,
        to_status=act.status_now if to_status is None else to_status,
        opinion=opinion,
        details=details,
        snapshot=snapshot,
        client_ip=act.client_ip,
        organisation=act.organisation,
    )


def configuration_record(
    action: AuditAction,
    subject: Mapping[str, Any],
    *,
    by: User,
    client_ip: str | None,
    before: object,
    after: object,
) -> AuditEvent:
    """The event of an administrator's edit of what the bureau configures (a route, a fee
    rate, a supervision standard): which (``subject``), as it was and as it is (``None``: not
    yet, or no longer)."""
    return audit_record(
        action=action,
        actor=by,
        role=Role.ADMIN,
        client_ip=client_ip,
        details={**subject, "before": before, "after": after},
    )


def audit_appended_last(service: Callable[P, T]) -> Callable[P, T]:
    """Decorates a service, under its ``transaction.atomic``: the events it records are
    appended together when it returns, still inside its transaction, so that it holds the
    chain head's system-wide lock (product.md §14) only from then to its commit, not while it
    works. A service it calls joins its block; an event recorded in a savepoint rolled back
    meanwhile is not appended; nothing is appended when it raises. A document that prints the
    chain head (``audit_chain_head_hash``) has what was recorded before it appended first."""

    @functools.wraps(service)
    def appending_last(*args: P.args, **kwargs: P.kwargs) -> T:
        if _pending.get() is not None:  # an outer service appends them
            return service(*args, **kwargs)
        if not connection.in_atomic_block:
            raise TransactionManagementError(MSG_LAST_OUTSIDE_TRANSACTION)
        pending: _Pending = []
        token = _pending.set(pending)
        try:
            result = service(*args, **kwargs)
            _pending_append(pending)
        finally:
            _pending.reset(token)
        return result

    return appending_last


def _pending_append(pending: _Pending) -> AuditEvent | None:
    """Append what ``pending`` holds that no rollback undid, and empty it; the last event
    appended, or None when there was none."""
    events = not_rolled_back(pending)
    pending.clear()
    if not events or connection.needs_rollback:  # the transaction rolls back: so do they
        return None
    _append(events)
    return events[-1]


def _append(events: Sequence[AuditEvent]) -> None:
    """Lock the chain head, then link, hash and write ``events`` in order with the Merkle
    nodes they complete: two statements on PostgreSQL, three in one append in four (stored
    Merkle siblings are read). A checkpoint covering them is signed after the commit, outside
    the lock (``checkpoints.checkpoint_after_commit``)."""
    after, head_hash = checkpoints.chain_head_lock()
    prev_hash = head_hash
    for seq, event in enumerate(events, after + 1):
        event.seq, event.at, event.prev_hash = seq, timezone.now(), prev_hash
        event.hash = prev_hash = event_hash(event)
    nodes = checkpoints.tree_nodes_appended(
        first_seq=after + 1, hashes=[event.hash for event in events], prev_hash=head_hash
    )
    _appended_write(events, nodes)
    for event in events:
        event._state.adding, event._state.db = False, connection.alias
    checkpoints.checkpoint_after_commit()


def _insert(model: type[models.Model], objects: Sequence[models.Model]) -> tuple[str, list[Any]]:
    """An INSERT of ``objects`` with every concrete field but an auto primary key, values
    prepared as ``save()`` prepares them."""
    fields = [f for f in model._meta.concrete_fields if f is not model._meta.auto_field]
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    params: list[Any] = [
        f.get_db_prep_save(f.pre_save(o, True), connection) for o in objects for f in fields
    ]
    table = connection.ops.quote_name(model._meta.db_table)
    values = ", ".join([row] * len(objects))
    return f"INSERT INTO {table} ({columns}) VALUES {values}", params  # noqa: S608 (names from _meta)


def _appended_write(events: Sequence[AuditEvent], nodes: Sequence[AuditTreeNode]) -> None:
    """The events, the head's new (seq, hash) and the Merkle nodes: one statement on PostgreSQL
    (data-modifying WITH), three elsewhere (SQLite runs in-process: no round trips to save)."""
    event_sql, event_params = _insert(AuditEvent, events)
    nodes_sql, nodes_params = _insert(AuditTreeNode, nodes)
    head = connection.ops.quote_name(AuditChainHead._meta.db_table)
    head_sql = f"UPDATE {head} SET seq = %s, hash = %s WHERE id = 1"  # noqa: S608 (_meta)
    head_params: list[Any] = [events[-1].seq, events[-1].hash]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"WITH event AS ({event_sql}), head AS ({head_sql}) {nodes_sql}",
                [*event_params, *head_params, *nodes_params],
            )
        else:
            cursor.execute(event_sql, event_params)
            cursor.execute(head_sql, head_params)
            cursor.execute(nodes_sql, nodes_params)


def audit_chain_head_hash() -> str:
    """The hash of the chain's newest event; inside a service whose events are appended last,
    what it recorded so far is appended first (and this is its last event's hash)."""
    pending = _pending.get()
    if pending and (last := _pending_append(pending)) is not None:
        return last.hash
    head = AuditChainHead.objects.filter(id=1).first()
    return head.hash if head else GENESIS_HASH


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    events: int
    first_bad_seq: int | None
    checkpoints: int = 0
    first_bad_checkpoint: int | None = None
    # With copies outside the database (``audit_verify --checkpoints DIR``): the bad file's name.
    first_bad_checkpoint_file: str | None = None
    # With pinned keys: the newest checkpoint one of them signed, as (tree size, time signed);
    # None when none did. ``stale``: it is older than ``max_age`` (or there is none), so the
    # pinned keys prove nothing recent and the report is not ok.
    pinned_newest: tuple[int, datetime] | None = None
    stale: bool = False


@dataclass(frozen=True)
class _SignedHead:
    """A checkpoint to check: from the database (``ident`` its id) or a file (its name)."""

    ident: int | str
    tree_size: int
    root_hash: str
    signature_valid: Callable[[], bool]
    public_key: bytes | None  # the key it claims to be signed with (None: unknown)
    at: datetime  # the time it was signed (covered by the signature)


# How old the newest checkpoint a pinned key signed may be (``audit_verify --max-age``): one is
# signed after every commit that appended events and at least daily (``permits_tick``), so a
# day and an hour's margin for a late tick.
PINNED_MAX_AGE = timedelta(hours=25)


def audit_verify(
    external: Sequence[checkpoints.ExternalCheckpoint] | None = None,
    trusted_keys: Collection[bytes] | None = None,
    workers: int = 1,
    max_age: timedelta = PINNED_MAX_AGE,
    now: datetime | None = None,
) -> ChainReport:
    """Recompute the whole chain and every signed checkpoint's root from the events themselves.

    Names the first event whose hash, link or number is wrong, and the first checkpoint (by
    tree size) whose signature fails, whose root the events do not give, or which counts more
    events than there are (the newest ones removed). ``external``: check these copies kept
    outside the database instead of the database's own checkpoints. ``trusted_keys``: the raw
    Ed25519 or SM2 public keys the auditor holds; a checkpoint signed with any other key is bad, so
    that whoever owns the database cannot register a key of their own and re-sign every
    checkpoint. Without it, the keys the database lists are trusted. With it, at least one
    checkpoint must be signed by a pinned key, the newest of them no older than ``max_age``
    (as of ``now``): otherwise whoever deleted every checkpoint and rewrote the chain would
    pass, the pinned key proving nothing (the report is ``stale``).

    One pass over the events, read as tuples a page at a time (constant memory); on
    PostgreSQL, outside a transaction, in one read-only REPEATABLE READ transaction, so that
    events appended meanwhile are not taken for a broken end of the chain. There, ``workers``
    > 1 verifies spans of ``2**SPAN_LEVEL`` events in that many forked processes, each in the
    same snapshot (``pg_export_snapshot``), and joins what they found: the same report. For a
    command (``manage.py audit_verify``), not a request: a web server's worker is not forked."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            report = _verify(external, trusted_keys, workers)
    else:
        report = _verify(external, trusted_keys)  # inside the caller's transaction: what it sees
    if trusted_keys is None or not report.ok:
        return report
    newest = report.pinned_newest
    stale = newest is None or newest[1] < (now or timezone.now()) - max_age
    return dataclasses.replace(report, ok=not stale, stale=stale)


def _verify(
    external: Sequence[checkpoints.ExternalCheckpoint] | None,
    trusted_keys: Collection[bytes] | None,
    workers: int = 1,
) -> ChainReport:
    heads = _stored_heads() if external is None else [_external_head(c) for c in external]
    roots: dict[int, str] = {}
    chain = _chain_verify({h.tree_size for h in heads}, roots, workers)
    if chain.first_bad_seq is not None:
        return chain
    bad = _heads_verify(heads, trusted_keys, roots, chain.events)
    pinned = [h for h in heads if trusted_keys is not None and h.public_key in trusted_keys]
    newest = max(pinned, key=lambda h: (h.at, h.tree_size), default=None)
    return ChainReport(
        ok=bad is None,
        events=chain.events,
        first_bad_seq=None,
        checkpoints=len(heads),
        first_bad_checkpoint=bad if isinstance(bad, int) else None,
        first_bad_checkpoint_file=bad if isinstance(bad, str) else None,
        pinned_newest=None if newest is None else (newest.tree_size, newest.at),
    )


def _stored_heads() -> list[_SignedHead]:
    """The database's checkpoints. One is bad when its signature fails, when its key had been
    rotated out before it was signed, or when it names another hash than the tree's (issue 49:
    its root could only come from a tree that mixes algorithms)."""
    keys = {
        key_id: (bytes(public), retired_at)
        for key_id, public, retired_at in AuditSigningKey.objects.values_list(
            "key_id", "public_key", "retired_at"
        )
    }
    tree_alg = checkpoints.tree_hash_alg()

    def head(checkpoint: AuditCheckpoint) -> _SignedHead:
        public, retired_at = keys.get(checkpoint.key_id, (None, None))
        return _SignedHead(
            checkpoint.pk,
            checkpoint.tree_size,
            checkpoint.root_hash,
            lambda: (
                public is not None
                and (retired_at is None or checkpoint.at <= retired_at)
                and checkpoint.hash_alg == tree_alg
                and checkpoints.checkpoint_signature_valid(checkpoint, public)
            ),
            public,
            checkpoint.at,
        )

    return [head(c) for c in AuditCheckpoint.objects.order_by("tree_size", "pk")]


def _external_head(copy: checkpoints.ExternalCheckpoint) -> _SignedHead:
    return _SignedHead(
        copy.name,
        copy.tree_size,
        copy.root_hash,
        copy.signature_valid,
        copy.public_key,
        copy.at_time,
    )


def _heads_verify(
    heads: Sequence[_SignedHead],
    trusted_keys: Collection[bytes] | None,
    roots: Mapping[int, str],
    events: int,
) -> int | str | None:
    """The first bad head, by tree size, given the roots the events give at those sizes."""
    for head in sorted(heads, key=lambda h: h.tree_size):
        if head.tree_size > events:
            return head.ident  # it counts events that are gone
        untrusted = trusted_keys is not None and head.public_key not in trusted_keys
        if untrusted or not head.signature_valid() or head.root_hash != roots[head.tree_size]:
            return head.ident
    return None


# The columns the verifier reads: the hashed fields (time and JSON as text: the fast path
# parses the JSON with orjson), then the event's own hash and its snapshot.
_VERIFY_COLUMNS = (
    *({"at": "at_text", "details": "details_text"}.get(name, name) for name in HASHED_FIELDS),
    "hash",
    "snapshot_text",
)
VERIFY_PAGE = 5000


def _at_text_sql() -> Func:
    """``_at_text`` written by PostgreSQL: psycopg's loader of Django's time zone costs more
    than the rest of a row. Equal for every time Python represents; any other only fails the
    fast check, and the reference check then reads the event as before."""
    utc = Func(Value("UTC"), F("at"), function="timezone", output_field=DateTimeField())
    text = Value('YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')
    return Func(utc, text, function="to_char", output_field=TextField())


def _event_rows(after: int | None = None, through: int | None = None) -> Iterator[tuple[Any, ...]]:
    """The events with ``after < seq <= through`` (either bound may be None: unbounded) in
    ``seq`` order as tuples of ``_VERIFY_COLUMNS``, a page at a time by ``seq`` (constant
    memory, whatever the driver does with cursors or PgBouncer)."""
    rows = (
        AuditEvent.objects.order_by("seq")
        .annotate(
            at_text=_at_text_sql() if connection.vendor == "postgresql" else F("at"),
            details_text=Cast("details", TextField()),
            snapshot_text=Cast("snapshot", TextField()),
        )
        .values_list(*_VERIFY_COLUMNS)
    )
    if through is not None:
        rows = rows.filter(seq__lte=through)
    page = list((rows if after is None else rows.filter(seq__gt=after))[:VERIFY_PAGE])
    while page:
        yield from page
        page = list(rows.filter(seq__gt=page[-1][0])[:VERIFY_PAGE])


def _at_text(at: datetime) -> str:
    """How the hash covers an event's time (``event_hashed_values``)."""
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def _row_sound(row: tuple[Any, ...]) -> bool:
    """The event's hash and snapshot hash, recomputed with orjson (``audit.canonical``);
    False also where only ``canonical_json`` can tell (the caller asks ``_event_sound``), such as
    a float SQLite returned from a text column (``_span_verify`` asks first)."""
    (
        seq, at, actor_id, actor_username, actor_display_name, agency_code, agency_name, role,
        application_id, application_reference, action, from_status, to_status, opinion,
        details_text, snapshot_sha256, client_ip, prev_hash, event_hash_hex, snapshot_text,
    ) = row  # fmt: skip
    details = canonical_of_text(details_text) if details_text is not None else None
    if details is None:
        return False
    data = canonical_flat(
        {
            "action": action,
            "actor_display_name": actor_display_name,
            "actor_id": actor_id,
            "actor_username": actor_username,
            "agency_code": agency_code,
            "agency_name": agency_name,
            "application_id": application_id,
            "application_reference": application_reference,
            "at": at if isinstance(at, str) else _at_text(at),
            "client_ip": client_ip,
            "details": orjson.Fragment(details),
            "from_status": from_status,
            "opinion": opinion,
            "prev_hash": prev_hash,
            "role": role,
            "seq": seq,
            "snapshot_sha256": snapshot_sha256,
            "to_status": to_status,
        }
    )
    if data is None or hashlib.sha256(data).hexdigest() != event_hash_hex:
        return False
    if snapshot_text is None:
        return True
    snapshot = canonical_of_text(snapshot_text)
    return snapshot is not None and hashlib.sha256(snapshot).hexdigest() == snapshot_sha256


def _event_sound(seq: int) -> bool:
    """The reference check of one event, from its model instance and ``canonical_json``."""
    event = AuditEvent.objects.get(seq=seq)
    return event.hash == event_hash(event) and (
        event.snapshot is None
        or event.snapshot_sha256 == sha256_hex(canonical_json(event.snapshot))
    )


# Spans of events verified apart (in parallel by ``audit_verify(workers=…)``): span ``i`` holds
# events ``i * 2**SPAN_LEVEL + 1`` to ``(i + 1) * 2**SPAN_LEVEL``, the leaves of one perfect
# subtree of the Merkle tree, so the spans' frontiers join into the whole tree's.
SPAN_LEVEL = 16


@dataclass
class _Span:
    """What ``_span_verify`` found in one span of events, for ``_chain_verify`` to join."""

    first_seq: int | None = None  # None: the span holds no event
    first_prev: str = ""
    last_seq: int = 0
    last_hash: str = ""
    # The first event that is unsound, or not numbered and linked after the one before it in
    # the span (the span's first event is checked against the span before by the caller).
    first_bad_seq: int | None = None
    # The Merkle frontier of the span's events, and at each asked size inside the span.
    frontier: list[tuple[int, bytes]] = field(default_factory=list)
    frontiers: dict[int, list[tuple[int, bytes]]] = field(default_factory=dict)


def _span_verify(after: int | None, through: int | None, sizes: Collection[int]) -> _Span:
    """Check every event with ``after < seq <= through`` (a bound of None: unbounded) on its
    own and against the one before it in the span, stopping at the first bad one."""
    span = _Span()
    frontier = merkle.Frontier(algorithms.digest_of(checkpoints.tree_hash_alg()))
    # SQLite may return a float from a text column: canonical_json decides those rows.
    sqlite = connection.vendor == "sqlite"
    expected_seq, expected_prev = 0, ""
    for row in _event_rows(after, through):
        seq, prev_hash, event_hash_hex = row[0], row[17], row[18]
        if span.first_seq is None:
            span.first_seq, span.first_prev = seq, prev_hash
        elif seq != expected_seq or prev_hash != expected_prev:
            span.first_bad_seq = seq
            break
        fast = not (sqlite and float in map(type, row)) and _row_sound(row)
        if not (fast or _event_sound(seq)):
            span.first_bad_seq = seq
            break
        expected_seq, expected_prev = seq + 1, event_hash_hex
        frontier.append(bytes.fromhex(event_hash_hex))
        if seq in sizes:
            span.frontiers[seq] = frontier.entries()
    span.last_seq, span.last_hash = expected_seq - 1, expected_prev
    span.frontier = frontier.entries()
    return span


# The database connections a forked span worker inherited: kept, never used or closed (closing
# would end the parent's session, which holds the exported snapshot).
_INHERITED_CONNECTIONS: list[Any] = []


def _span_worker_start() -> None:
    for alias in connections:
        _INHERITED_CONNECTIONS.append(connections[alias])
        del connections[alias]  # the next use opens a connection of the worker's own


def _span_worker(job: tuple[str, int | None, int | None, frozenset[int]]) -> _Span:
    """``_span_verify`` in a worker process, in the coordinator's snapshot of the database."""
    snapshot, after, through, sizes = job
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SET TRANSACTION SNAPSHOT %s", [snapshot])
            return _span_verify(after, through, sizes)
    finally:
        connection.close()


def _within(seq: int, after: int | None, through: int | None) -> bool:
    return (after is None or after < seq) and (through is None or seq <= through)


def _spans(workers: int, sizes: Collection[int], total: int) -> Generator[_Span, None, None]:
    """The chain's spans in order: verified here in one span, or, with ``workers`` > 1 on a
    PostgreSQL snapshot of its own (``audit_verify``), ``2**SPAN_LEVEL`` events a span in
    ``workers`` processes that share the snapshot. The spans are laid over the ``total``
    events a sound chain numbers 1 to ``total``, never over the largest number stored (a
    forged one could ask for any number of spans): the first span also takes every number
    below, the last every number beyond."""
    width = 1 << SPAN_LEVEL
    if workers <= 1 or total <= width:
        yield _span_verify(None, None, sizes)
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
    starts = range(0, total, width)
    bounds: list[tuple[int | None, int | None]] = [
        (start or None, None if start == starts[-1] else start + width) for start in starts
    ]
    jobs = [
        (snapshot, after, through, frozenset(s for s in sizes if _within(s, after, through)))
        for after, through in bounds
    ]
    pool = ProcessPoolExecutor(
        max_workers=min(workers, len(jobs)),
        mp_context=multiprocessing.get_context("fork"),
        initializer=_span_worker_start,
    )
    try:
        yield from pool.map(_span_worker, jobs)
    finally:
        pool.shutdown(cancel_futures=True)


def _chain_verify(sizes: Collection[int], roots: dict[int, str], workers: int = 1) -> ChainReport:
    """Recompute the whole chain; name the first event whose hash, link or number is wrong.
    Joins the spans' Merkle frontiers on the way: ``roots`` gets the root at each of ``sizes``."""
    total = AuditEvent.objects.count()
    expected_prev, expected_seq = GENESIS_HASH, 1
    digest = algorithms.digest_of(checkpoints.tree_hash_alg())
    frontier = merkle.Frontier(digest)
    for size in sizes:
        if size <= 0:
            roots[size] = merkle.empty_root(digest).hex()
    with closing(_spans(workers, sizes, total)) as spans:  # closing it stops the workers
        for span in spans:
            if span.first_seq is None:
                continue
            if span.first_seq != expected_seq or span.first_prev != expected_prev:
                return ChainReport(ok=False, events=total, first_bad_seq=span.first_seq)
            if span.first_bad_seq is not None:
                return ChainReport(ok=False, events=total, first_bad_seq=span.first_bad_seq)
            for size, entries in span.frontiers.items():
                roots[size] = frontier.joined(entries).root().hex()
            frontier.absorb(span.frontier)
            expected_prev, expected_seq = span.last_hash, span.last_seq + 1
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and head.seq != expected_seq - 1:
        # Events were removed from the end of the chain.
        return ChainReport(ok=False, events=total, first_bad_seq=expected_seq)
    return ChainReport(ok=True, events=total, first_bad_seq=None)
