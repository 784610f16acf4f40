"""Celery tasks of the audit trail (run by the worker when ``CELERY_BROKER_URL`` is set)."""

import logging

from celery import shared_task

from core import pii_rotation
from core.pii_rotation import BATCH

from . import checkpoints

logger = logging.getLogger(__name__)


@shared_task(name=checkpoints.CHECKPOINT_TASK)
def checkpoint_sign_pending() -> bool:
    return checkpoints.checkpoint_sign_pending() is not None


@shared_task(name="audit.pii_rotate")
def pii_rotate(batch: int = BATCH) -> int:
    """Personal data re-encrypted under the active key in the background (issue 49): each
    batch's progress logged; the values rewritten answered."""
    rewritten: dict[str, int] = {}
    for step in pii_rotation.pii_rotate(batch=batch):
        logger.info(
            "pii_rotate %s: %s/%s read, %s rewritten",
            step.column,
            step.seen,
            step.total,
            step.rewritten,
        )
        rewritten[step.column] = step.rewritten
    return sum(rewritten.values())
