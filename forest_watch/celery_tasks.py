"""Celery tasks of the 森林督查 (run by the worker when ``CELERY_BROKER_URL`` is set)."""

from celery import shared_task

from . import matching


@shared_task(name=matching.MATCH_TASK)
def patch_layer_match(layer_id: int) -> int:
    return matching.patch_layer_match(layer_id)
