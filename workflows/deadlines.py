"""Statutory time limits in working days on the official Chinese calendar (with 调休).

The chinese-calendar package knows the published years; administrators add what it does not
know yet as ``CalendarDay`` rows, which win over the package.
"""

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar
from django.conf import settings
from django.core.cache import cache

# Administrators' corrections are a few dozen rows read on every due date of every queue row:
# kept whole in the cache, dropped when one is saved or deleted (workflows.apps). With a local
# memory cache, other worker processes see an edit within CORRECTIONS_TTL seconds.
CORRECTIONS_KEY = "workflows:calendar-corrections"
CORRECTIONS_TTL = 300


@lru_cache(maxsize=8192)
def _official_working_day(day: date) -> bool:
    try:
        working: bool = chinese_calendar.is_workday(day)  # chinese_calendar ships no types
        return working
    except NotImplementedError:
        # A year the package does not know: Monday to Friday, unless corrected by CalendarDay.
        return day.weekday() < 5


def corrections() -> dict[date, bool]:
    from .models import CalendarDay

    found: dict[date, bool] | None = cache.get(CORRECTIONS_KEY)
    if found is None:
        found = dict(CalendarDay.objects.values_list("day", "working"))
        cache.set(CORRECTIONS_KEY, found, CORRECTIONS_TTL)
    return found


def corrections_changed(**kwargs: object) -> None:
    cache.delete(CORRECTIONS_KEY)


def is_working_day(day: date, known: dict[date, bool] | None = None) -> bool:
    known = corrections() if known is None else known
    return known.get(day, _official_working_day(day))


def _walk(start: date, days: int, step: int) -> date:
    known = corrections()
    current, left = start, days
    while left > 0:
        current += timedelta(days=step)
        if is_working_day(current, known):
            left -= 1
    return current


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (the day of receipt does not count)."""
    return _walk(start, days, 1)


def subtract_working_days(end: date, days: int) -> date:
    return _walk(end, days, -1)


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (the day of receipt does not
    count, as for time limits); 0 when ``end`` is not after ``start``."""
    known = corrections()
    days, current = 0, start
    while current < end:
        current += timedelta(days=1)
        days += is_working_day(current, known)
    return days


def working_days_since(starts: Iterable[date], end: date) -> dict[date, int]:
    """``working_days_between(start, end)`` for each of ``starts``, in one walk back from
    ``end`` to the earliest start (a page of tasks counts the calendar once, not once a row)."""
    known = corrections()
    found: dict[date, int] = {}
    days, current = 0, end
    for start in sorted(set(starts), reverse=True):
        while current > start:
            days += is_working_day(current, known)
            current -= timedelta(days=1)
        found[start] = days
    return found


def step_due_date(created: date) -> date:
    return add_working_days(created, settings.PERMITS_STEP_WORKING_DAYS)


def overdue_cutoff(today: date) -> date:
    """Tasks created before this date are past their time limit today."""
    return subtract_working_days(today, settings.PERMITS_STEP_WORKING_DAYS)
