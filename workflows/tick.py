"""Everything time-driven, as one idempotent tick (product.md §12).

``permits_tick`` (cron or an operator, ``--now`` for another instant), the in-process schedule of
``make run`` (workflows.schedule) and Celery beat (workflows.celery_tasks) all call ``tick``. A
job is ``(name, callable(now) -> int)``: it does what is due at ``now`` and returns how many
things it did; it must be idempotent and safe when ticks overlap (lock the rows it works on with
``select_for_update(skip_locked=True)`` and keep a marker on each, as permits.jobs does).
The jobs and their order are declared once, in settings (``PERMITS_TICK_JOBS``, dotted paths
read as MIDDLEWARE is): adding one is one line there, where every job's place is seen.
"""

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import cache

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

Job = Callable[[datetime], int]


@cache
def _resolved(declared: tuple[tuple[str, str], ...]) -> tuple[tuple[str, Job], ...]:
    return tuple((name, import_string(path)) for name, path in declared)


def jobs() -> tuple[tuple[str, Job], ...]:
    """The tick's jobs in order, as ``PERMITS_TICK_JOBS`` declares them."""
    declared: Sequence[tuple[str, str]] = settings.PERMITS_TICK_JOBS
    return _resolved(tuple((name, path) for name, path in declared))


class TickFailed(Exception):
    """Some jobs failed (each logged); the others ran. ``done`` holds what they did."""

    def __init__(self, done: dict[str, int], failed: list[str]) -> None:
        super().__init__(f"permits_tick jobs failed: {', '.join(failed)}")
        self.done = done
        self.failed = failed


def tick(now: datetime | None = None) -> dict[str, int]:
    """Run every job as of ``now`` (default: this instant); returns what each did. A failing
    job does not stop the others; TickFailed is raised after they all ran."""
    now = now or timezone.now()
    done: dict[str, int] = {}
    failed: list[str] = []
    for name, job in jobs():
        try:
            done[name] = job(now)
        except Exception:
            logger.exception("permits_tick job %r failed", name)
            failed.append(name)
    if failed:
        raise TickFailed(done, failed)
    return done


def tick_summary(done: dict[str, int]) -> str:
    return "; ".join(f"{name}: {count}" for name, count in done.items())
