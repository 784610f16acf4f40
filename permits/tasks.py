"""Celery tasks of permits (run by the worker when ``CELERY_BROKER_URL`` is set)."""

from celery import shared_task

from . import checkpoints, notifications
from .certificates import rendering, signing


@shared_task(name=notifications.EMAIL_TASK)
def notifications_email(notification_ids: list[int]) -> int:
    return notifications.notifications_email(notification_ids)


@shared_task(name=rendering.RENDER_TASK)
def document_render(certificate_id: int) -> bool:
    return rendering.document_render_and_sign(certificate_id)


@shared_task(name=signing.SIGN_TASK)
def certificate_sign(certificate_id: int) -> bool:
    return signing.certificate_sign(certificate_id)


@shared_task(name=checkpoints.CHECKPOINT_TASK)
def checkpoint_sign_pending() -> bool:
    return checkpoints.checkpoint_sign_pending() is not None
