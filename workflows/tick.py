"""Everything time-driven, as one idempotent tick (product.md §12).

``permits_tick`` (cron or an operator, ``--now`` for another instant), the in-process schedule of
``make run`` (workflows.schedule) and Celery beat (workflows.celery_tasks) all call ``tick``. A
job is ``(name, callable(now) -> int)``: it does what is due at ``now`` and returns how many
things it did; it must be idempotent and safe when ticks overlap (lock the rows it works on with
``select_for_update(skip_locked=True)`` and keep a marker on each, as permits.jobs does).
Adding one is one line in ``JOBS``. Workflows sits above permits: its jobs may use both; an app
above workflows registers its own (``job_register``).
"""

import logging
from collections.abc import Callable
from datetime import datetime

from django.utils import timezone

from audit import jobs as audit_jobs
from documents import jobs as document_jobs
from permits import jobs as permit_jobs

from . import clock_jobs

logger = logging.getLogger(__name__)

Job = Callable[[datetime], int]

# In order: a deemed acceptance starts its review clock before reminders look at clocks;
# a permit expires before its reports are looked at.
JOBS: list[tuple[str, Job]] = [
    ("deemed acceptances", clock_jobs.acceptances_deem),
    ("reminders", clock_jobs.reminders_send),
    ("escalations", clock_jobs.escalations_send),
    ("unpaid fees", clock_jobs.fees_unpaid_report),
    ("expired or use ended", permit_jobs.permits_expire),
    ("obligations due", permit_jobs.obligations_remind),
    ("overdue obligations", permit_jobs.obligations_overdue),
    ("rendered documents", document_jobs.documents_render),
    ("signed documents", document_jobs.documents_sign),
    ("audit checkpoints", audit_jobs.audit_checkpoints_due),
]


def job_register(name: str, job: Job, *, before: str | None = "rendered documents") -> None:
    """A job of an app above this one (``supervision``), registered by its ``AppConfig.ready``,
    runs before ``before`` (the documents it issues are then rendered in the same tick), or
    last when ``before`` is None (a long job nothing else waits for)."""
    if any(existing == name for existing, _job in JOBS):
        return
    at = next((i for i, (existing, _job) in enumerate(JOBS) if existing == before), len(JOBS))
    JOBS.insert(at, (name, job))


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
    for name, job in JOBS:
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
