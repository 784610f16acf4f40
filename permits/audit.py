"""The append-only, hash-chained audit trail (PRODUCT §7).

Each event's hash is the SHA-256 of a canonical JSON serialisation of its fields, which include
the previous event's hash; changing or removing any event breaks every hash after it.
"""

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from roles.models import Agency

from .choices import AuditAction
from .models import Application, AuditChainHead, AuditEvent

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


def canonical_json(value: object) -> bytes:
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    ).encode()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def event_hash(event: AuditEvent) -> str:
    values = {name: getattr(event, name) for name in HASHED_FIELDS}
    values["at"] = event.at.astimezone(UTC).isoformat(timespec="microseconds")
    return sha256_hex(canonical_json(values))


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


def audit_verify() -> ChainReport:
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
