"""Statutory time limits in working days (product.md §5) on the official calendar, with 调休.

2026 National Day: 1–7 October are holidays; Saturday 10 October is a make-up workday (and so is
Sunday 20 September, for the Mid-Autumn holiday of 25–27 September), per chinese_calendar.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest

from tests.factories import submit_accepted, tending_draft
from workflows.deadlines import (
    add_working_days,
    is_working_day,
    overdue_cutoff,
    step_due_date,
    subtract_working_days,
)
from workflows.selectors import tasks_filter, tasks_for_user

SHANGHAI = ZoneInfo("Asia/Shanghai")
NATIONAL_DAY_2026 = [date(2026, 10, d) for d in range(1, 8)]
MAKE_UP_SATURDAY = date(2026, 10, 10)
MAKE_UP_SUNDAY = date(2026, 9, 20)

# Administrators' calendar corrections are rows: every computation reads them.
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _twenty_working_days(settings):
    settings.PERMITS_STEP_WORKING_DAYS = 20


def test_the_package_knows_2026_as_we_assume():
    assert all(chinese_calendar.is_holiday(d) for d in NATIONAL_DAY_2026)
    assert MAKE_UP_SATURDAY.weekday() == 5 and MAKE_UP_SUNDAY.weekday() == 6
    workdays_2026 = {d for d in chinese_calendar.workdays if d.year == 2026}
    assert {MAKE_UP_SATURDAY, MAKE_UP_SUNDAY} <= workdays_2026


@pytest.mark.parametrize("day", NATIONAL_DAY_2026)
def test_national_day_is_not_a_working_day(day):
    assert not is_working_day(day)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 9, 30), True),  # Wednesday before the holiday
        (date(2026, 10, 8), True),  # Thursday after it
        (MAKE_UP_SATURDAY, True),
        (MAKE_UP_SUNDAY, True),
        (date(2026, 10, 11), False),  # an ordinary Sunday
        (date(2026, 10, 17), False),  # an ordinary Saturday
        (date(2026, 9, 25), False),  # Mid-Autumn Festival, a Friday
    ],
)
def test_weekends_holidays_and_make_up_days(day, working):
    assert is_working_day(day) is working


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (1, date(2026, 10, 8)),  # skips the whole National Day week
        (2, date(2026, 10, 9)),
        (3, MAKE_UP_SATURDAY),  # the make-up Saturday counts
        (4, date(2026, 10, 12)),  # the Sunday after it does not
    ],
)
def test_add_working_days_across_national_day(days, expected):
    assert add_working_days(date(2026, 9, 30), days) == expected


def test_add_zero_working_days_is_the_same_day():
    assert add_working_days(date(2026, 10, 3), 0) == date(2026, 10, 3)


def test_the_day_of_receipt_does_not_count():
    # Received on a holiday: the first working day after it is day 1.
    assert add_working_days(date(2026, 10, 1), 1) == date(2026, 10, 8)


def test_twenty_working_days_from_the_monday_before_national_day():
    # 29, 30 Sep; 8, 9, 10 (make-up) Oct; then three full weeks: 12–16, 19–23, 26–30 Oct.
    assert step_due_date(date(2026, 9, 28)) == date(2026, 10, 30)
    # A plain Monday–Friday count would have said 26 October.
    naive, left = date(2026, 9, 28), 20
    while left:
        naive += timedelta(days=1)
        left -= naive.weekday() < 5
    assert naive == date(2026, 10, 26)


def test_subtracting_mirrors_adding():
    assert subtract_working_days(date(2026, 10, 30), 20) == date(2026, 9, 28)
    assert subtract_working_days(date(2026, 10, 8), 1) == date(2026, 9, 30)
    assert subtract_working_days(date(2026, 10, 12), 1) == MAKE_UP_SATURDAY


def test_overdue_cutoff_is_the_creation_day_whose_limit_ended_yesterday():
    assert overdue_cutoff(date(2026, 10, 30)) == date(2026, 9, 28)
    # Saturday 31 October: the 28 September task ran out on Friday, so it is late now.
    assert overdue_cutoff(date(2026, 10, 31)) == date(2026, 9, 29)


def test_the_step_length_is_a_setting(settings):
    settings.PERMITS_STEP_WORKING_DAYS = 3
    assert step_due_date(date(2026, 9, 30)) == MAKE_UP_SATURDAY


# --- Beyond the package's data: Monday to Friday -------------------------------------------------


def test_a_year_beyond_the_calendar_data_falls_back_to_monday_to_friday():
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(2030, 1, 1))
    assert is_working_day(date(2030, 1, 1))  # a Tuesday (New Year, but the data stops before)
    assert not is_working_day(date(2030, 1, 5))  # Saturday
    assert not is_working_day(date(2030, 1, 6))  # Sunday
    assert add_working_days(date(2030, 1, 4), 1) == date(2030, 1, 7)  # Friday → Monday
    assert step_due_date(date(2030, 1, 7)) == date(2030, 2, 4)  # four plain weeks


def test_counting_across_the_end_of_the_data():
    last_known = max(d for d in chinese_calendar.holidays)
    year_after = last_known.year + 1
    start = date(last_known.year, 12, 31)
    expected, left = start, 5
    while left:
        expected += timedelta(days=1)
        if expected.year < year_after:
            left -= chinese_calendar.is_workday(expected)
        else:
            left -= expected.weekday() < 5
    assert add_working_days(start, 5) == expected
    assert expected.year == year_after


# --- The queues' overdue filter uses the same calendar -------------------------------------------


def test_a_task_is_overdue_only_after_its_working_days_ran_out(
    time_machine, applicant_my, reviewer_my
):
    time_machine.move_to(datetime(2026, 9, 28, 10, tzinfo=SHANGHAI), tick=False)
    submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)

    def overdue() -> int:
        return tasks_filter(tasks_for_user(user=reviewer_my, queue="queue"), overdue=True).count()

    for day, late in [
        (datetime(2026, 10, 27, 17, tzinfo=SHANGHAI), 0),  # Mon–Fri counting would say late
        (datetime(2026, 10, 30, 17, tzinfo=SHANGHAI), 0),  # the last day of the limit
        (datetime(2026, 10, 31, 9, tzinfo=SHANGHAI), 1),
    ]:
        time_machine.move_to(day, tick=False)
        assert overdue() == late, day
        queue = tasks_for_user(user=reviewer_my, queue="queue")
        assert tasks_filter(queue, overdue=False).count() == 1 - late


def test_an_administrator_correction_wins_over_the_package():
    from workflows.models import CalendarDay

    # 2030 is beyond the package's data: declare New Year's Day a holiday and a Saturday a
    # make-up workday, as the State Council's schedule would.
    CalendarDay.objects.create(day=date(2030, 1, 1), working=False, note="元旦")
    CalendarDay.objects.create(day=date(2030, 1, 5), working=True, note="调休上班")
    assert not is_working_day(date(2030, 1, 1))
    assert is_working_day(date(2030, 1, 5))
    # Mon 31 Dec 2029 + 1 working day: Tue 1 Jan is a holiday now, so Wed 2 Jan.
    assert add_working_days(date(2029, 12, 31), 1) == date(2030, 1, 2)


def test_an_administrator_edit_takes_effect_at_once_despite_the_cache():
    from workflows.models import CalendarDay

    assert is_working_day(date(2030, 1, 7))  # a Monday; the corrections are now cached
    day = CalendarDay.objects.create(day=date(2030, 1, 7), working=False, note="临时调整")
    assert not is_working_day(date(2030, 1, 7))
    day.delete()
    assert is_working_day(date(2030, 1, 7))
