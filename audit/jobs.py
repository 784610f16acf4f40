"""The audit trail's time-driven work, run by ``workflows.tick`` (``permits_tick``)."""

from datetime import datetime

from .checkpoints import checkpoint_sign_due


def audit_checkpoints_due(now: datetime) -> int:
    """A checkpoint of events no checkpoint covers yet (their commit's signing was lost), and at
    least one a day (product.md §13); overlapping ticks sign once."""
    return int(checkpoint_sign_due(now=now) is not None)
