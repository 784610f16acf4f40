"""Celery tasks of the audit trail (run by the worker when ``CELERY_BROKER_URL`` is set)."""

import logging

from celery import shared_task

from core.pii_rotation import BATCH, RotationProgress

from . import checkpoints
from .pii_rotations import pii_rotation_run

logger = logging.getLogger(__name__)


@shared_task(name=checkpoints.CHECKPOINT_TASK)
def checkpoint_sign_pending() -> bool:
    return checkpoints.checkpoint_sign_pending() is not None


@shared_task(name="audit.pii_rotate")
def pii_rotate(batch: int = BATCH, index: bool = False) -> int:
    """Personal data re-encrypted under the active key (``index``: the blind indexes recomputed
    under the active index key) in the background (issue 49): each batch's progress logged, the
    run recorded on the trail; the values rewritten answered."""
    event = pii_rotation_run(index=index, batch=batch, progress=_logged)
    return sum(column["rewritten"] for column in event.details["columns"].values())


def _logged(step: RotationProgress) -> None:
    logger.info(
        "pii_rotate %s: %s/%s read, %s rewritten",
        step.column,
        step.seen,
        step.total,
        step.rewritten,
    )
