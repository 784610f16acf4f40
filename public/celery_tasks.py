"""Celery tasks of the public side (run by the worker when ``CELERY_BROKER_URL`` is set; the
photos' time limit is in ``CELERY_TASK_ANNOTATIONS``)."""

from celery import shared_task

from .reports import photos


@shared_task(name=photos.PHOTOS_TASK)
def report_photos_clean(report_id: int) -> int:
    return photos.report_photos_clean(report_id)
