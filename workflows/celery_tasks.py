"""Celery tasks of workflows (run by the worker when ``CELERY_BROKER_URL`` is set; beat sends
``workflows.tick`` on the schedule of settings.CELERY_BEAT_SCHEDULE)."""

from datetime import datetime

from celery import shared_task

from .tick import tick


@shared_task(name="workflows.tick")
def tick_task(now: str | None = None) -> dict[str, int]:
    return tick(datetime.fromisoformat(now) if now else None)
