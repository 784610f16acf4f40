"""Work that follows a decision once its transaction has committed (product.md §12, §14): a
rolled-back decision sends no mail and signs nothing, and the deciding transaction never waits
for it.

With ``CELERY_BROKER_URL`` the work is queued for the Celery worker (the task of that name in a
``celery_tasks`` module); otherwise it runs in this process right after the commit. Either way a
failure is logged, never raised into the request that decided: ``permits_tick`` retries what can
be retried (unsigned documents), the in-app notification stays for mail that could not be sent.
"""

import logging
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any, TypeVar

from celery import current_app
from django.conf import settings
from django.db import connection, transaction

logger = logging.getLogger(__name__)


def after_commit(task: str, function: Callable[..., Any], *args: Any) -> None:
    """Run ``function(*args)``, or queue the Celery task ``task`` with ``args``, after commit."""
    transaction.on_commit(partial(_run, task, function, args), robust=True)


def _run(task: str, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        if settings.CELERY_BROKER_URL:
            current_app.send_task(task, args=list(args))
        else:
            function(*args)
    except Exception:
        logger.exception("Background work %s%r failed", task, args)


T = TypeVar("T")
SavepointMarker = Callable[[], None]


def savepoint_marker() -> SavepointMarker:
    """A callback that does nothing, registered to run at commit: Django forgets it when the
    savepoint it was registered in rolls back (``savepoint_rollback`` drops the callbacks of
    that savepoint), so a write deferred with a marker still registered was not rolled back."""

    def marker() -> None:
        return None

    transaction.on_commit(marker)
    return marker


def not_rolled_back(pending: Iterable[tuple[T, SavepointMarker]]) -> list[T]:
    """Of the writes deferred with their markers, those no savepoint rollback undid."""
    kept = {id(entry[1]) for entry in connection.run_on_commit}  # (savepoints, func, robust)
    return [write for write, marker in pending if id(marker) in kept]
