"""The in-process schedule: ``make run`` ticks on a daemon thread, needing no other service.

Started by WorkflowsConfig.ready only when ``PERMITS_INPROCESS_TICK`` is on (the Makefile's run
target), no Celery broker is configured (then beat owns the schedule), and in the process that
serves requests (the autoreloader's child, ``RUN_MAIN``; its watcher parent never ticks).
"""

import logging
import os
import threading

from django.conf import settings
from django.db import close_old_connections

from .tick import tick, tick_summary

logger = logging.getLogger(__name__)

_started = threading.Event()


def inprocess_schedule_wanted() -> bool:
    return (
        settings.PERMITS_INPROCESS_TICK
        and not settings.CELERY_BROKER_URL
        and os.environ.get("RUN_MAIN") == "true"
    )


def inprocess_schedule_start(interval_seconds: float) -> threading.Thread | None:
    """Start the ticking thread once per process; returns it (None if already running)."""
    if _started.is_set():
        return None
    _started.set()
    # The stop event is never set: the daemon thread ends with the process.
    thread = threading.Thread(
        target=run_every,
        args=(interval_seconds, threading.Event()),
        name="permits-tick",
        daemon=True,
    )
    thread.start()
    return thread


def run_every(interval_seconds: float, stop: threading.Event) -> None:
    while not stop.wait(interval_seconds):
        tick_once()


def tick_once() -> None:
    """One scheduled tick: logged, never raising (the schedule goes on)."""
    try:
        logger.info("permits_tick: %s", tick_summary(tick()))
    except Exception:
        logger.exception("permits_tick failed")
    finally:
        close_old_connections()
