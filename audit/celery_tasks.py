"""Celery tasks of the audit trail (run by the worker when ``CELERY_BROKER_URL`` is set)."""

from celery import shared_task

from . import checkpoints


@shared_task(name=checkpoints.CHECKPOINT_TASK)
def checkpoint_sign_pending() -> bool:
    return checkpoints.checkpoint_sign_pending() is not None
