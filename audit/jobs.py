"""The audit trail's time-driven work, run by ``workflows.tick`` (``permits_tick``)."""

import base64
from datetime import datetime

from django.db import transaction

from .checkpoints import at_text, checkpoint_sign_due
from .choices import AuditAction
from .models import AuditSigningKey
from .trail import audit_record


def audit_checkpoints_due(now: datetime) -> int:
    """A checkpoint of events no checkpoint covers yet (their commit's signing was lost), and at
    least one a day (product.md §13); overlapping ticks sign once. A key rotation the signing
    registered is recorded first, so that the checkpoint covers its event."""
    audit_key_rotations_record()
    return int(checkpoint_sign_due(now=now) is not None)


@transaction.atomic
def audit_key_rotations_record() -> int:
    """Record each key rotation not recorded yet as a ``key_rotated`` event (issue 49): the old
    and new keys with their algorithms, the new public key, and the new key's signature over
    ``checkpoints.key_rotation_statement`` (which anyone holding the new key verifies). The
    number recorded."""
    pending = (
        AuditSigningKey.objects.select_for_update()
        .filter(rotation_event_seq__isnull=True)
        .exclude(replaces="")
    )
    recorded = 0
    for key in pending:
        old = AuditSigningKey.objects.get(key_id=key.replaces)
        event = audit_record(
            action=AuditAction.KEY_ROTATED,
            details={
                "old_key_id": old.key_id,
                "old_algorithm": old.algorithm,
                "new_key_id": key.key_id,
                "new_algorithm": key.algorithm,
                "new_public_key": base64.b64encode(bytes(key.public_key)).decode(),
                "at": at_text(old.retired_at) if old.retired_at else "",
                "signature": key.rotation_signature,
            },
        )
        AuditSigningKey.objects.filter(key_id=key.key_id).update(rotation_event_seq=event.seq)
        recorded += 1
    return recorded
