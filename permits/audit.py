"""The append-only, hash-chained audit trail (PRODUCT §7).

Each event's hash is the SHA-256 of a canonical JSON serialisation of its fields, which include
the previous event's hash; changing or removing any event breaks every hash after it.
"""

import json
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from roles.models import Agency

from . import checkpoints, merkle
from .canonical import canonical_json, sha256_hex
from .choices import AuditAction
from .models import (
    Application,
    AuditChainHead,
    AuditCheckpoint,
    AuditEvent,
    AuditSigningKey,
)

GENESIS_HASH = "0" * 64

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
    values["at"] = event.at.astimezone(UTC).isoformat(timespec="microseconds")
    hashed: dict[str, Any] = json.loads(canonical_json(values))
    return hashed


def event_hash(event: AuditEvent) -> str:
    return sha256_hex(canonical_json(event_hashed_values(event)))


def display_name(user: User | None) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def audit_record(
    *,
    action: AuditAction,
    application: Application | None = None,
    actor: User | None = None,
    agency: Agency | None = None,
    role: str = "",
    from_status: str = "",
    to_status: str = "",
    opinion: str = "",
    details: Mapping[str, Any] | None = None,
    snapshot: Mapping[str, Any] | None = None,
    client_ip: str | None = None,
) -> AuditEvent:
    """Append one event; must run inside the caller's transaction (the change it records).

    ``action`` must be an ``AuditAction``: an unknown action raises ValueError, changing nothing.
    """
    action = AuditAction(action)
    head = _chain_head_for_update()
    event = AuditEvent(
        seq=head.seq + 1,
        at=timezone.now(),
        actor=actor,
        actor_username=actor.get_username() if actor else "",
        actor_display_name=display_name(actor),
        agency=agency,
        agency_code=agency.code if agency else "",
        agency_name=agency.name if agency else "",
        role=role,
        application=application,
        application_reference=application.reference if application else "",
        action=action.value,
        from_status=from_status,
        to_status=to_status,
        opinion=opinion,
        details=json.loads(canonical_json(details or {})),
        snapshot=snapshot,
        snapshot_sha256=sha256_hex(canonical_json(snapshot)) if snapshot is not None else "",
        client_ip=client_ip or None,
        prev_hash=head.hash,
    )
    event.hash = event_hash(event)
    event.save(force_insert=True)
    head.seq, head.hash = event.seq, event.hash
    head.save(update_fields=["seq", "hash"])
    checkpoints.tree_append(seq=event.seq, event_hash=event.hash)
    checkpoints.checkpoint_after_append(event.seq)
    return event


def _chain_head_for_update() -> AuditChainHead:
    AuditChainHead.objects.bulk_create(
        [AuditChainHead(id=1, seq=0, hash=GENESIS_HASH)], ignore_conflicts=True
    )
    return AuditChainHead.objects.select_for_update().get(id=1)


def audit_chain_head_hash() -> str:
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


@dataclass(frozen=True)
class _SignedHead:
    """A checkpoint to check: from the database (``ident`` its id) or a file (its name)."""

    ident: int | str
    tree_size: int
    root_hash: str
    signature_valid: Callable[[], bool]
    public_key: bytes | None  # the key it claims to be signed with (None: unknown)


def audit_verify(
    external: Sequence[checkpoints.ExternalCheckpoint] | None = None,
    trusted_keys: Collection[bytes] | None = None,
) -> ChainReport:
    """Recompute the whole chain and every signed checkpoint's root from the events themselves.

    Names the first event whose hash, link or number is wrong, and the first checkpoint (by
    tree size) whose signature fails, whose root the events do not give, or which counts more
    events than there are (the newest ones removed). ``external``: check these copies kept
    outside the database instead of the database's own checkpoints. ``trusted_keys``: the raw
    Ed25519 public keys the auditor holds; a checkpoint signed with any other key is bad, so
    that whoever owns the database cannot register a key of their own and re-sign every
    checkpoint. Without it, the keys the database lists are trusted."""
    chain = _chain_verify()
    if chain.first_bad_seq is not None:
        return chain
    heads = _stored_heads() if external is None else [_external_head(c) for c in external]
    bad = _heads_verify(heads, trusted_keys)
    return ChainReport(
        ok=bad is None,
        events=chain.events,
        first_bad_seq=None,
        checkpoints=len(heads),
        first_bad_checkpoint=bad if isinstance(bad, int) else None,
        first_bad_checkpoint_file=bad if isinstance(bad, str) else None,
    )


def _stored_heads() -> list[_SignedHead]:
    keys = {
        key_id: bytes(public)
        for key_id, public in AuditSigningKey.objects.values_list("key_id", "public_key")
    }

    def head(checkpoint: AuditCheckpoint) -> _SignedHead:
        public = keys.get(checkpoint.key_id)
        return _SignedHead(
            checkpoint.pk,
            checkpoint.tree_size,
            checkpoint.root_hash,
            lambda: (
                public is not None and checkpoints.checkpoint_signature_valid(checkpoint, public)
            ),
            public,
        )

    return [head(c) for c in AuditCheckpoint.objects.order_by("tree_size", "pk")]


def _external_head(copy: checkpoints.ExternalCheckpoint) -> _SignedHead:
    return _SignedHead(
        copy.name, copy.tree_size, copy.root_hash, copy.signature_valid, copy.public_key
    )


def _heads_verify(
    heads: Sequence[_SignedHead], trusted_keys: Collection[bytes] | None
) -> int | str | None:
    """The first bad head, by tree size: one pass over the events' hashes with an ``O(log n)``
    frontier, each head checked at its size."""
    frontier = merkle.Frontier()
    hashes = AuditEvent.objects.order_by("seq").values_list("hash", flat=True).iterator(5000)
    for head in sorted(heads, key=lambda h: h.tree_size):
        while frontier.size < head.tree_size:
            event_hash_hex = next(hashes, None)
            if event_hash_hex is None:
                return head.ident  # it counts events that are gone
            frontier.append(bytes.fromhex(event_hash_hex))
        untrusted = trusted_keys is not None and head.public_key not in trusted_keys
        if untrusted or not head.signature_valid() or head.root_hash != frontier.root().hex():
            return head.ident
    return None


def _chain_verify() -> ChainReport:
    """Recompute the whole chain; name the first event whose hash, link or number is wrong."""
    total = AuditEvent.objects.count()
    expected_prev, expected_seq = GENESIS_HASH, 1
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        broken = (
            event.seq != expected_seq
            or event.prev_hash != expected_prev
            or event.hash != event_hash(event)
            or (
                event.snapshot is not None
                and event.snapshot_sha256 != sha256_hex(canonical_json(event.snapshot))
            )
        )
        if broken:
            return ChainReport(ok=False, events=total, first_bad_seq=event.seq)
        expected_prev, expected_seq = event.hash, event.seq + 1
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and head.seq != expected_seq - 1:
        # Events were removed from the end of the chain.
        return ChainReport(ok=False, events=total, first_bad_seq=expected_seq)
    return ChainReport(ok=True, events=total, first_bad_seq=None)
