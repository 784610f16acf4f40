"""Statutory time limits in working days on the official Chinese calendar (with 调休).

The chinese-calendar package knows the published years; administrators add what it does not
know yet as ``CalendarDay`` rows, which win over the package.
"""

from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar
from django.conf import settings

# A step's limit in calendar days never exceeds this many times its working days (long holidays
# included), so one query fetches every administrator correction a computation can need.
SPAN_FACTOR = 3


@lru_cache(maxsize=8192)
def _official_working_day(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        # A year the package does not know: Monday to Friday, unless corrected by CalendarDay.
        return day.weekday() < 5


def _corrections(start: date, end: date) -> dict[date, bool]:
    from .models import CalendarDay

    low, high = min(start, end), max(start, end)
    return dict(CalendarDay.objects.filter(day__range=(low, high)).values_list("day", "working"))


def is_working_day(day: date, corrections: dict[date, bool] | None = None) -> bool:
    corrections = _corrections(day, day) if corrections is None else corrections
    return corrections.get(day, _official_working_day(day))


def _walk(start: date, days: int, step: int) -> date:
    horizon = start + timedelta(days=step * (days * SPAN_FACTOR + 30))
    corrections = _corrections(start, horizon)
    current, left = start, days
    while left > 0:
        current += timedelta(days=step)
        if is_working_day(current, corrections):
            left -= 1
    return current


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (the day of receipt does not count)."""
    return _walk(start, days, 1)


def subtract_working_days(end: date, days: int) -> date:
    return _walk(end, days, -1)


def step_due_date(created: date) -> date:
    return add_working_days(created, settings.PERMITS_STEP_WORKING_DAYS)


def overdue_cutoff(today: date) -> date:
    """Tasks created before this date are past their time limit today."""
    return subtract_working_days(today, settings.PERMITS_STEP_WORKING_DAYS)
