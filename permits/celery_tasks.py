"""Celery tasks of permits (run by the worker when ``CELERY_BROKER_URL`` is set)."""

from celery import shared_task

from . import notifications


@shared_task(name=notifications.EMAIL_TASK)
def notifications_email(notification_ids: list[int]) -> int:
    return notifications.notifications_email(notification_ids)
