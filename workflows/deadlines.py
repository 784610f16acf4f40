"""Statutory time limits in working days on the official Chinese calendar (with 调休)."""

from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar
from django.conf import settings


@lru_cache(maxsize=4096)
def is_working_day(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        # Beyond the years the calendar package knows: fall back to Monday–Friday.
        return day.weekday() < 5


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (the day of receipt does not count)."""
    current, left = start, days
    while left > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            left -= 1
    return current


def subtract_working_days(end: date, days: int) -> date:
    current, left = end, days
    while left > 0:
        current -= timedelta(days=1)
        if is_working_day(current):
            left -= 1
    return current


def step_due_date(created: date) -> date:
    return add_working_days(created, settings.PERMITS_STEP_WORKING_DAYS)


def overdue_cutoff(today: date) -> date:
    """Tasks created before this date are past their time limit today."""
    return subtract_working_days(today, settings.PERMITS_STEP_WORKING_DAYS)
