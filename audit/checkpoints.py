"""Signed checkpoints of the audit trail (product.md §13): trust that survives the database owner.

The events' hashes are the leaves of an RFC 6962 Merkle tree (``audit.merkle``), whose perfect
subtrees ``audit_record`` stores as it appends (``tree_append``). A checkpoint signs the tree
head (size, root, time) with a key read from ``PERMITS_AUDIT_KEY_FILE``, outside the
database: whoever rewrites the events, even consistently and with the triggers dropped, cannot
make a signed root match without that key.

Algorithms (issue 49, ``audit.algorithms``): the tree hashes with SHA-256 or SM3, the one the
chain head recorded when the first event was appended (``PERMITS_AUDIT_HASH`` then); the key is
Ed25519 or SM2 (``PERMITS_AUDIT_SIGNATURE``, which the key file must match). A checkpoint records
both, and one other than SHA-256 with Ed25519 signs them too (``signed_message``).

Rotation: point the setting at a new key (or replace the file) and restart; the next checkpoint
registers the new public key, retires the others, and records the rotation as an audit event
signed by the new key (``key_rotation_statement``), whatever the algorithms; old checkpoints keep
verifying with the keys that signed them.
"""

import base64
import contextlib
import json
import logging
import os
from collections.abc import Iterable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from celery import current_app
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import F, Func, Q, QuerySet, Subquery
from django.utils import timezone

from core.errors import InvalidInput, Problem
from core.messages import MSG_FIRST_BEYOND_SECOND, MSG_SEQ_OUTSIDE, MSG_TREE_TOO_LARGE

from . import algorithms, merkle
from .models import AuditChainHead, AuditCheckpoint, AuditEvent, AuditSigningKey, AuditTreeNode

SIGNED_PREFIX = algorithms.CHECKPOINT_V1
ROTATION_PREFIX = "permits-audit-key-rotation/v1"
logger = logging.getLogger(__name__)


# --- The tree ---------------------------------------------------------------------------------


# The tree's hash as the last chain head's lock in this thread read it (``chain_head_lock``).
_tree_alg: ContextVar[str | None] = ContextVar("tree_alg", default=None)


def tree_hash_alg() -> str:
    """The tree's hash algorithm: the chain head's, or for a trail with no event yet the one
    ``PERMITS_AUDIT_HASH`` chooses."""
    recorded = AuditChainHead.objects.filter(id=1).values_list("hash_alg", flat=True).first()
    return recorded or settings.PERMITS_AUDIT_HASH


MSG_TREE_HASH_CHANGED = (
    "PERMITS_AUDIT_HASH is {wanted}, but this installation's audit tree hashes with {recorded} "
    "since its first event: the tree keeps {recorded} (one tree never mixes algorithms, and "
    "the verifier refuses one that does). Set PERMITS_AUDIT_HASH={recorded}, or choose {wanted} "
    "for a new installation (docs/deployment.md)."
)


def tree_hash_problem() -> str | None:
    """Why the setting and the recorded tree hash disagree (``manage.py check --deploy``)."""
    recorded = tree_hash_alg()
    if recorded == settings.PERMITS_AUDIT_HASH:
        return None
    return MSG_TREE_HASH_CHANGED.format(wanted=settings.PERMITS_AUDIT_HASH, recorded=recorded)


def _digest() -> merkle.Digest:
    return algorithms.digest_of(tree_hash_alg())


def _node_reader() -> merkle.NodeReader:
    """Reads stored perfect subtrees, each once per call site."""
    cache: dict[tuple[int, int], bytes] = {}

    def read(level: int, index: int) -> bytes:
        if (level, index) not in cache:
            node = AuditTreeNode.objects.filter(level=level, index=index).first()
            if node is None:
                raise KeyError((level, index))
            cache[(level, index)] = bytes(node.hash)
        return cache[(level, index)]

    return read


def _nodes_read(positions: list[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
    """The stored subtrees at ``positions``, in one query."""
    if not positions:
        return {}
    levels: dict[int, list[int]] = {}
    for level, index in positions:
        levels.setdefault(level, []).append(index)
    wanted = Q()
    for level, indexes in levels.items():  # one term a level: no deep OR for SQLite to parse
        wanted |= Q(level=level, index__in=indexes)
    rows = AuditTreeNode.objects.filter(wanted).values_list("level", "index", "hash")
    return {(level, index): bytes(value) for level, index, value in rows}


def _reader_of(nodes: dict[tuple[int, int], bytes]) -> merkle.NodeReader:
    return lambda level, index: nodes[(level, index)]  # KeyError: absent


def tree_nodes_appended(
    *, first_seq: int, hashes: Sequence[str], prev_hash: str
) -> list[AuditTreeNode]:
    """The perfect subtrees that events ``first_seq, first_seq + 1, …`` (their ``hashes``, in
    order) complete, for ``audit_record`` to write with them under the chain head's lock (so
    leaves are appended in order, once). The left neighbour of the first is the previous event,
    whose hash the head holds; the later ones' are among these events. Only subtrees that end
    before them and lie two levels up or more are read (one leaf in four), in one query."""
    start = first_seq - 1
    ends_before = {
        (level, position)
        for index in range(start, start + len(hashes))
        for level, position in merkle.siblings_of(index)
        if (position + 1) << level <= start  # the subtree's leaves end before the first event
    }
    digest = algorithms.digest_of(_tree_alg.get() or tree_hash_alg())
    known: dict[tuple[int, int], bytes] = {}
    if start > 0:
        known[(0, start - 1)] = merkle.leaf_hash(bytes.fromhex(prev_hash), digest)
    known |= _nodes_read(sorted(ends_before - known.keys()))
    appended: list[AuditTreeNode] = []
    for index, event_hash in enumerate(hashes, start):
        for level, position, value in merkle.appended_nodes(
            index, bytes.fromhex(event_hash), _reader_of(known), digest
        ):
            known[(level, position)] = value
            appended.append(AuditTreeNode(level=level, index=position, hash=value))
    return appended


def tree_root(size: int, hash_alg: str | None = None) -> str:
    digest = algorithms.digest_of(hash_alg or tree_hash_alg())
    return merkle.root(size, _reader_of(_nodes_read(merkle.frontier_of(size))), digest).hex()


def inclusion_proof(*, seq: int, tree_size: int) -> list[str]:
    """The audit path of event ``seq`` in the tree of the first ``tree_size`` events."""
    return inclusion_proofs(seqs=[seq], tree_size=tree_size)[seq]


def inclusion_proofs(*, seqs: Iterable[int], tree_size: int) -> dict[int, list[str]]:
    """The audit paths of events ``seqs`` in the tree of the first ``tree_size`` events, the
    stored subtrees they read fetched in one query a level (a case file's events: before, a
    query for each subtree of each path)."""
    wanted = sorted(set(seqs))
    digest = _digest()
    positions: set[tuple[int, int]] = set()

    def note(level: int, index: int) -> bytes:
        positions.add((level, index))
        return b""

    for seq in wanted:  # which subtrees the paths read does not depend on their hashes
        merkle.inclusion_path(seq - 1, tree_size, note, digest)
    read = _reader_of(_nodes_read(sorted(positions)))
    return {
        seq: [h.hex() for h in merkle.inclusion_path(seq - 1, tree_size, read, digest)]
        for seq in wanted
    }


# --- The key ----------------------------------------------------------------------------------


key_id_of = algorithms.key_id_of


MSG_NO_KEY = (
    "The audit signing key {path} is missing or unreadable ({reason}). Set "
    "PERMITS_AUDIT_KEY_FILE to an Ed25519 or SM2 private key in PEM (PKCS#8), for example made "
    "with `openssl genpkey -algorithm ed25519 -out audit-signing-key.pem` (docs/deployment.md)."
)
MSG_KEY_ALGORITHM = (
    "The audit signing key {path} is an {found} key, but PERMITS_AUDIT_SIGNATURE is {wanted}: "
    "set both together (a change of algorithm is a key rotation, docs/deployment.md)."
)


def key_create(path: Path, algorithm: str = algorithms.ED25519) -> None:
    """A new development key (``make run``, the tests): readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = algorithms.private_key_generate(algorithm)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(pem)


@lru_cache(maxsize=4)
def _key_from(path: str, modified: float) -> algorithms.PrivateKey:
    return algorithms.private_key_load(Path(path).read_bytes())


def signing_key() -> algorithms.PrivateKey:
    """The configured key; created first when ``PERMITS_AUDIT_KEY_AUTOCREATE`` (development).
    ImproperlyConfigured when it is missing, unreadable, or not of ``PERMITS_AUDIT_SIGNATURE``'s
    algorithm: nothing is ever signed silently without it, or with another."""
    path = Path(settings.PERMITS_AUDIT_KEY_FILE)
    wanted = settings.PERMITS_AUDIT_SIGNATURE
    if not path.exists() and settings.PERMITS_AUDIT_KEY_AUTOCREATE:
        with contextlib.suppress(FileExistsError):  # another process made it first
            key_create(path, wanted)
    try:
        key = _key_from(str(path), path.stat().st_mtime)
    except (OSError, ValueError, TypeError) as error:
        raise ImproperlyConfigured(MSG_NO_KEY.format(path=path, reason=error)) from error
    if key.algorithm != wanted:
        raise ImproperlyConfigured(
            MSG_KEY_ALGORITHM.format(path=path, found=key.algorithm, wanted=wanted)
        )
    return key


def key_rotation_statement(
    *, old_key_id: str, old_algorithm: str, new_key_id: str, new_algorithm: str, at: str
) -> bytes:
    """What the new key signs when it replaces the old (api.md): the prefix, the old key's id
    and algorithm, the new key's, and the time of the rotation, one a line, in UTF-8."""
    return (
        f"{ROTATION_PREFIX}\n{old_key_id}\n{old_algorithm}\n{new_key_id}\n{new_algorithm}\n{at}"
    ).encode()


def _key_register(private: algorithms.PrivateKey) -> AuditSigningKey:
    """The signing key's row, registered the first time it signs. A new key (or a retired one
    brought back) retires the one active before it and signs the rotation statement, kept on
    its row; ``audit.jobs`` records the rotation as an audit event at the next tick."""
    public = private.public_bytes
    key_id = key_id_of(public)
    key = AuditSigningKey.objects.filter(key_id=key_id).first()
    if key is not None and key.active:
        return key
    now = timezone.now().replace(microsecond=0)
    previous = AuditSigningKey.objects.filter(active=True).order_by("-first_used").first()
    AuditSigningKey.objects.filter(active=True).update(active=False, retired_at=now)
    if key is None:
        key = AuditSigningKey(key_id=key_id, public_key=public, algorithm=private.algorithm)
    key.active, key.retired_at, key.first_used = True, None, key.first_used or now
    if previous is not None:
        statement = key_rotation_statement(
            old_key_id=previous.key_id,
            old_algorithm=previous.algorithm,
            new_key_id=key_id,
            new_algorithm=private.algorithm,
            at=at_text(now),
        )
        key.replaces = previous.key_id
        key.rotation_signature = base64.b64encode(private.sign(statement)).decode()
        key.rotation_event_seq = None
    key.save()
    return key


def signing_key_published() -> tuple[algorithms.PrivateKey, AuditSigningKey]:
    """The signing key, its public half registered (listed at ``/audit/public-keys/``)."""
    private = signing_key()
    return private, _key_register(private)


# --- Checkpoints ------------------------------------------------------------------------------


def at_text(at: datetime) -> str:
    """How a checkpoint's time is signed and published: UTC, seconds, ``Z``."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def signed_message(
    tree_size: int,
    root_hash: str,
    at: str,
    hash_alg: str = algorithms.DEFAULT_HASH,
    sig_alg: str = algorithms.DEFAULT_SIGNATURE,
) -> bytes:
    """What a checkpoint's signature covers (``algorithms.checkpoint_message``, api.md)."""
    return algorithms.checkpoint_message(tree_size, root_hash, at, hash_alg, sig_alg)


GENESIS_HASH = "0" * 64


def chain_head_lock() -> tuple[int, str]:
    """Create (the first time) or lock the chain head row, in one statement; its (seq, hash).
    The lock (a row update's) is held to the end of the caller's transaction: appends and
    checkpoint signings queue behind it, so sequence numbers are gap-free and linked. The same
    statement reads when the newest checkpoint was signed (an index's last entry), which the
    signing asked for after the commit then needs not ask again (``_pending_after``)."""
    table = connection.ops.quote_name(AuditChainHead._meta.db_table)
    newest = connection.ops.quote_name(AuditCheckpoint._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (id, seq, hash, hash_alg) VALUES (1, 0, %s, %s) "  # noqa: S608
            f"ON CONFLICT (id) DO UPDATE SET seq = {table}.seq RETURNING seq, hash, hash_alg, "
            f"(SELECT at FROM {newest} ORDER BY tree_size DESC, id DESC LIMIT 1)",
            [GENESIS_HASH, settings.PERMITS_AUDIT_HASH],
        )
        row = cursor.fetchone()
    _tree_alg.set(str(row[2]))
    _newest_signed_at.set(_aware(row[3]))
    return int(row[0]), str(row[1])


def _aware(at: datetime | str | None) -> datetime | None:
    """A time as the backend returns it from raw SQL (SQLite: text in UTC), made aware."""
    if isinstance(at, str):
        at = datetime.fromisoformat(at)
    if at is not None and timezone.is_naive(at):
        at = at.replace(tzinfo=UTC)
    return at


def _locked_size() -> int:
    return chain_head_lock()[0]


@transaction.atomic
def checkpoint_sign(*, now: datetime | None = None) -> AuditCheckpoint | None:
    """Sign the current tree head (``audit_checkpoint``); None while there is no event. Holds
    the chain head's lock, so the size signed is the size stored."""
    size = _locked_size()
    if size == 0:
        return None
    return _sign(size, (now or timezone.now()).replace(microsecond=0))


@transaction.atomic
def checkpoint_sign_daily(*, now: datetime) -> AuditCheckpoint | None:
    """At least one checkpoint a day (``permits_tick``): signs when the newest is a day old or
    more, or there is none yet. Decided under the chain head's lock, so overlapping ticks sign
    once."""
    size = _locked_size()
    newest = AuditCheckpoint.objects.order_by("-at", "-pk").first()
    if size == 0 or (newest is not None and newest.at > now - timedelta(days=1)):
        return None
    return _sign(size, now.replace(microsecond=0))


def _sign(size: int, at: datetime) -> AuditCheckpoint:
    private = signing_key()
    key = _key_register(private)
    hash_alg = tree_hash_alg()
    root = tree_root(size, hash_alg)
    signature = private.sign(signed_message(size, root, at_text(at), hash_alg, private.algorithm))
    checkpoint = AuditCheckpoint.objects.create(
        tree_size=size,
        root_hash=root,
        at=at,
        key=key,
        signature=base64.b64encode(signature).decode(),
        hash_alg=hash_alg,
        sig_alg=private.algorithm,
    )
    if settings.PERMITS_AUDIT_CHECKPOINT_DIR:
        # Shipped out of the database once the checkpoint is committed (docs/deployment.md).
        directory = Path(settings.PERMITS_AUDIT_CHECKPOINT_DIR)
        transaction.on_commit(lambda: checkpoint_file_write(checkpoint, directory), robust=True)
    return checkpoint


# --- Copies outside the database (like CloudTrail digest files) ---------------------------------


def checkpoint_document(checkpoint: AuditCheckpoint) -> dict[str, object]:
    """A checkpoint as a self-contained document: what was signed, the signature, and the
    public key (whose ``key_id`` is its SHA-256 prefix)."""
    return {
        "format": algorithms.checkpoint_format(checkpoint.hash_alg, checkpoint.sig_alg),
        "tree_size": checkpoint.tree_size,
        "root_hash": checkpoint.root_hash,
        "at": at_text(checkpoint.at),
        "hash_alg": checkpoint.hash_alg,
        "sig_alg": checkpoint.sig_alg,
        "key_id": checkpoint.key_id,
        "public_key": base64.b64encode(bytes(checkpoint.key.public_key)).decode(),
        "signature": checkpoint.signature,
    }


def checkpoint_file_name(checkpoint: AuditCheckpoint) -> str:
    stamp = checkpoint.at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"checkpoint-{checkpoint.tree_size:012d}-{stamp}.json"


def checkpoint_file_write(checkpoint: AuditCheckpoint, directory: Path) -> Path:
    """Write one checkpoint file (never overwriting one: an existing file is the evidence)."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / checkpoint_file_name(checkpoint)
    with contextlib.suppress(FileExistsError), open(path, "x", encoding="utf-8") as file:
        json.dump(checkpoint_document(checkpoint), file, ensure_ascii=False, indent=2)
    return path


@dataclass(frozen=True)
class ExternalCheckpoint:
    """A checkpoint read back from a file outside the database (``audit_verify --checkpoints``)."""

    name: str
    tree_size: int
    root_hash: str
    at: str
    key_id: str
    public_key: bytes
    signature: str
    hash_alg: str = algorithms.DEFAULT_HASH
    sig_alg: str = algorithms.DEFAULT_SIGNATURE

    @property
    def at_time(self) -> datetime:
        """The signed time (``at_text``'s form; ValueError otherwise)."""
        return datetime.strptime(self.at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)

    def signature_valid(self) -> bool:
        if key_id_of(self.public_key) != self.key_id:
            return False
        message = signed_message(
            self.tree_size, self.root_hash, self.at, self.hash_alg, self.sig_alg
        )
        try:
            signature = base64.b64decode(self.signature, validate=True)
            algorithms.verify(self.sig_alg, self.public_key, signature, message)
        except ValueError:  # SignatureRefused, or not base64
            return False
        return True


MSG_BAD_FILE = "{name}: not a checkpoint file ({reason})"


def checkpoint_files_read(directory: Path) -> list[ExternalCheckpoint]:
    """Every ``checkpoint-*.json`` of ``directory``; ValueError naming a file that is not one."""
    found = []
    for path in sorted(directory.glob("checkpoint-*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            found.append(
                ExternalCheckpoint(
                    name=path.name,
                    tree_size=int(data["tree_size"]),
                    root_hash=str(data["root_hash"]),
                    at=str(data["at"]),
                    key_id=str(data["key_id"]),
                    public_key=base64.b64decode(data["public_key"], validate=True),
                    signature=str(data["signature"]),
                    hash_alg=str(data.get("hash_alg", algorithms.DEFAULT_HASH)),
                    sig_alg=str(data.get("sig_alg", algorithms.DEFAULT_SIGNATURE)),
                )
            )
            found[-1].at_time  # noqa: B018 (a time in another form is not a checkpoint file)
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise ValueError(MSG_BAD_FILE.format(name=path.name, reason=error)) from error
    return found


# --- After every commit that appends events (issue 26 item 15) ---------------------------------

CHECKPOINT_TASK = "audit.checkpoint_sign_pending"
# The advisory lock that queues signers of pending checkpoints (PostgreSQL), from any machine:
# not the chain head's, which no decision then waits for. Any 64-bit number of our own.
SIGNER_LOCK = 0x7065726D_69747331  # "permits1"
# When the newest checkpoint was signed, as the last chain head's lock in this thread read it.
_newest_signed_at: ContextVar[datetime | None] = ContextVar("newest_signed_at", default=None)


def _signing_requested() -> None:
    """The after-commit callback ``checkpoint_after_commit`` registers (its marker)."""
    try:
        if settings.CELERY_BROKER_URL:
            # Batched: commits within the window share the checkpoint the first task signs;
            # the later tasks find their events covered (one query each).
            current_app.send_task(
                CHECKPOINT_TASK, countdown=settings.PERMITS_AUDIT_CHECKPOINT_SECONDS
            )
        else:
            checkpoint_sign_pending(batched=True)
    except Exception:
        # The next permits_tick signs what is pending (checkpoint_sign_due).
        logger.exception("Signing a checkpoint after a commit failed")


def checkpoint_after_commit() -> None:
    """Ask for a checkpoint of the head once the caller's transaction commits (``_append``,
    under the chain head's lock: it only registers the request, so that no decision holds the
    lock while a checkpoint is signed, product.md §14). A transaction that rolls back asks for
    nothing; one that appends twice (a document printing the head) asks twice, and the second
    finds the head covered."""
    transaction.on_commit(_signing_requested, robust=True)


def _pending_after(now: datetime) -> bool:
    """One query, no transaction: whether the head is not covered and the newest checkpoint is
    at least ``PERMITS_AUDIT_CHECKPOINT_SECONDS`` old (or there is none). None when the newest
    checkpoint the committed transaction saw under the chain head's lock is younger than that
    (``chain_head_lock``): a checkpoint is never removed, so the one now newest is too."""
    window = timedelta(seconds=settings.PERMITS_AUDIT_CHECKPOINT_SECONDS)
    seen = _newest_signed_at.get()
    if seen is not None and seen > now - window:
        return False
    newest = AuditCheckpoint.objects.order_by("-tree_size", "-pk")
    head = (
        AuditChainHead.objects.filter(id=1)
        .annotate(
            covered=Subquery(newest.values("tree_size")[:1]),
            signed_at=Subquery(newest.values("at")[:1]),
        )
        .values_list("seq", "covered", "signed_at")
        .first()
    )
    if head is None or head[0] <= (head[1] or 0):
        return False
    return head[2] is None or head[2] <= now - window


def checkpoint_sign_pending(
    *, now: datetime | None = None, batched: bool = False
) -> AuditCheckpoint | None:
    """Sign the chain's head when no checkpoint covers it yet; None otherwise. Takes no lock
    of the chain: the events and Merkle nodes up to a committed head never change, so the head
    read is signed as it was read while decisions append. Signers queue behind one advisory
    lock (PostgreSQL; SQLite serialises writers), so several machines sign each head once: the
    second finds it covered. ``batched`` (after a commit, without Celery): one query first at
    most, and nothing while the newest checkpoint is younger than
    ``PERMITS_AUDIT_CHECKPOINT_SECONDS``: the next commit after that, or the next tick, signs
    these events with theirs."""
    now = now or timezone.now()
    if batched and not _pending_after(now):
        return None
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Its commit waits for no disk flush: a checkpoint lost in a crash is signed
                # again by the next tick (the events it covers were flushed by their own).
                cursor.execute(
                    "SELECT set_config('synchronous_commit', 'off', true), "
                    "pg_advisory_xact_lock(%s)",
                    [SIGNER_LOCK],
                )
        covered = AuditCheckpoint.objects.order_by().values(
            size=Func(F("tree_size"), function="MAX")
        )
        head = (
            AuditChainHead.objects.filter(id=1)
            .annotate(covered=Subquery(covered))
            .values_list("seq", "covered")
            .first()
        )
        size, signed = head or (0, 0)
        if size <= (signed or 0):
            return None
        return _sign(size, now.replace(microsecond=0))


@transaction.atomic
def checkpoint_sign_due(*, now: datetime) -> AuditCheckpoint | None:
    """``permits_tick``: sign when events are not covered yet (a commit's signing was lost:
    the process ended, the queue was down) or the newest checkpoint is a day old or more
    (so that a pinned key is always proven recently, ``audit_verify --max-age``)."""
    signed = checkpoint_sign_pending(now=now)
    return signed if signed is not None else checkpoint_sign_daily(now=now)


def checkpoint_signature_valid(checkpoint: AuditCheckpoint, public_key: bytes) -> bool:
    message = signed_message(
        checkpoint.tree_size,
        checkpoint.root_hash,
        at_text(checkpoint.at),
        checkpoint.hash_alg,
        checkpoint.sig_alg,
    )
    try:
        signature = base64.b64decode(checkpoint.signature, validate=True)
        algorithms.verify(checkpoint.sig_alg, public_key, signature, message)
    except ValueError:  # SignatureRefused, or not base64
        return False
    return True


# --- Reads (the API) --------------------------------------------------------------------------


def public_keys() -> QuerySet[AuditSigningKey]:
    return AuditSigningKey.objects.order_by("first_used", "key_id")


def checkpoints_published() -> QuerySet[AuditCheckpoint]:
    return AuditCheckpoint.objects.select_related("key").order_by("-tree_size", "-pk")


def audit_proof(*, seq: int, tree_size: int) -> dict[str, object]:
    """api.md ``/audit/proof/``: the inclusion proof of event ``seq`` in the tree of the first
    ``tree_size`` events; InvalidInput (400) for a size beyond the trail or a seq beyond it."""
    size = AuditChainHead.objects.filter(id=1).values_list("seq", flat=True).first() or 0
    if tree_size > size:
        message = str(MSG_TREE_TOO_LARGE % {"size": size})
        raise InvalidInput(problems=[Problem("tree_size", "out_of_range", message)])
    if seq > tree_size:
        message = str(MSG_SEQ_OUTSIDE % {"seq": seq, "size": tree_size})
        raise InvalidInput(problems=[Problem("seq", "out_of_range", message)])
    event_hash = AuditEvent.objects.values_list("hash", flat=True).get(seq=seq)
    return {
        "seq": seq,
        "leaf_index": seq - 1,
        "tree_size": tree_size,
        "event_hash": event_hash,
        "audit_path": inclusion_proof(seq=seq, tree_size=tree_size),
    }


def audit_consistency(*, first: int, second: int) -> dict[str, object]:
    """api.md ``/audit/consistency/``: the RFC 6962 §2.1.2 consistency proof that the tree of
    the first ``first`` events is a prefix of the tree of the first ``second``, with both roots:
    an auditor who kept an old checkpoint proves offline that a newer one extends it
    (``python -m audit.offline --consistency``). InvalidInput (400) for a size beyond
    the trail or an older tree larger than the newer."""
    size = AuditChainHead.objects.filter(id=1).values_list("seq", flat=True).first() or 0
    if second > size:
        message = str(MSG_TREE_TOO_LARGE % {"size": size})
        raise InvalidInput(problems=[Problem("second", "out_of_range", message)])
    if first > second:
        message = str(MSG_FIRST_BEYOND_SECOND % {"size": second})
        raise InvalidInput(problems=[Problem("first", "out_of_range", message)])
    read, digest = _node_reader(), _digest()
    return {
        "first": first,
        "second": second,
        "first_root": merkle.root(first, read, digest).hex(),
        "second_root": merkle.root(second, read, digest).hex(),
        "proof": [h.hex() for h in merkle.consistency_path(first, second, read, digest)],
    }
