"""The personal-data rotations as events on the trail (issue 49): each run of ``manage.py
pii_rotate`` (re-encrypting under the active key) or ``pii_rotate --index`` (recomputing the blind
indexes under the active index key), from the command or the Celery task ``audit.pii_rotate``, is
recorded when it ends with the key ids, what each column had read and rewritten, and what is left.
Never a key, a value or a hash."""

from collections.abc import Callable

from django.conf import settings
from django.db import transaction

from core.pii import pii_keys
from core.pii_rotation import (
    BATCH,
    RotationProgress,
    pii_index_rotate,
    pii_index_stale_count,
    pii_rotate,
    pii_stale_count,
)

from .choices import AuditAction
from .models import AuditEvent
from .trail import audit_record


def pii_rotation_run(
    *,
    index: bool = False,
    batch: int = BATCH,
    progress: Callable[[RotationProgress], None] = lambda step: None,
) -> AuditEvent:
    """One rotation run to its end, each batch's step handed to ``progress``, then its event."""
    columns: dict[str, dict[str, int]] = {}
    for step in (pii_index_rotate if index else pii_rotate)(batch=batch):
        progress(step)
        columns[step.column] = {"read": step.seen, "rewritten": step.rewritten}
    keys = pii_keys()
    if index:
        details = {
            "index_key_id": keys.index_id,
            "older_index_key_ids": sorted(keys.index_previous),
            "left": pii_index_stale_count(),
        }
    else:
        details = {
            "key_id": keys.active,
            "cipher": settings.PERMITS_PII_CIPHER,
            "left": pii_stale_count(),
        }
    action = AuditAction.PII_INDEX_ROTATED if index else AuditAction.PII_REENCRYPTED
    with transaction.atomic():
        return audit_record(action=action, details={**details, "columns": columns})
