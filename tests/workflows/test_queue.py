"""The reviewer's queue at scale (issue 10, bench/queue_bench.py): its order, its deadlines
counted with one walk of the calendar per page, and on PostgreSQL the plans that keep it fast
at a million applications (the partial indexes of workflows migration 0001)."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import submit_accepted, tending_draft
from workflows.clock import clock_deadline, clocks_of_tasks
from workflows.deadlines import working_days_between, working_days_since
from workflows.models import CalendarDay
from workflows.selectors import tasks_deadlines, tasks_for_user

pytestmark = pytest.mark.django_db

# Around the 2026 National Day holiday (1–7 October) and its make-up Saturday (10 October).
END = date(2026, 10, 12)
STARTS = [END + timedelta(days=1), END, *(END - timedelta(days=n) for n in (1, 2, 5, 9, 12, 40))]


def test_working_days_since_counts_as_working_days_between_for_every_start():
    CalendarDay.objects.create(day=date(2026, 9, 15), working=False)  # an administrator's closure
    found = working_days_since([*STARTS, END - timedelta(days=5)], END)
    assert found == {start: working_days_between(start, END) for start in STARTS}


def test_working_days_since_of_nothing_is_empty():
    assert working_days_since([], END) == {}


def submitted(applicant):
    return submit_accepted(application=tending_draft(by=applicant), by=applicant)


def test_a_page_of_deadlines_agrees_with_each_clock(applicant_my, reviewer_my):
    """tasks_deadlines counts the calendar once for the page: the figures are each clock's."""
    for day in (date(2026, 9, 21), date(2026, 9, 29), date(2026, 10, 9)):
        with time_machine.travel(day, tick=False):
            submitted(applicant_my)
    page = list(tasks_for_user(user=reviewer_my, queue="queue"))
    clocks = clocks_of_tasks(page)
    deadlines = tasks_deadlines(page, today=END)
    assert len(page) == 3 and len({c.running_since for c in clocks.values()}) == 3
    for task in page:
        expected = clock_deadline(clocks[task.pk], END)
        assert deadlines[task.pk]["working_days_left"] == expected.working_days_left
        assert deadlines[task.pk]["due_date"] == expected.due_date
        assert deadlines[task.pk]["overdue"] == expected.overdue


def test_the_queue_is_oldest_first_then_by_task(applicant_my, reviewer_my):
    """Tasks created in the same instant keep one order, so pages never repeat or skip one."""
    with time_machine.travel(date(2026, 10, 9), tick=False):
        submitted(applicant_my)
        submitted(applicant_my)
    submitted(applicant_my)
    queue = list(tasks_for_user(user=reviewer_my, queue="queue"))
    assert [(t.created, t.pk) for t in queue] == sorted((t.created, t.pk) for t in queue)
    assert queue[0].created == queue[1].created


def executed(run) -> str:
    """The SQL of the one query ``run`` executes."""
    with CaptureQueriesContext(connection) as captured:
        run()
    [query] = captured.captured_queries
    return query["sql"]


def plan(sql: str, *disabled: str) -> str:
    """PostgreSQL's plan for ``sql`` with some plan types switched off for this transaction:
    a test database is too small for the planner to choose as it does at scale."""
    with connection.cursor() as cursor:
        for setting in disabled:
            cursor.execute(f"SET LOCAL enable_{setting} = off")
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.postgres
def test_the_queue_can_be_read_from_its_partial_indexes(applicant_my, reviewer_my):
    """The queue's filter implies the indexes' condition: if it stops doing so (a new filter,
    another way of writing it), a million applications mean reading the table again."""
    submitted(applicant_my)
    queue = tasks_for_user(user=reviewer_my, queue="queue")
    page = plan(executed(lambda: list(queue[:50])), "seqscan", "bitmapscan", "sort")
    assert "Index Scan using workflows_task_claimable_idx" in page, page
    # Plain index scans off too: among scans of similar cost on a small table the planner's
    # choice follows the statistics the test database happens to hold (another index's scan
    # was chosen after other modules ran first on a pytest-xdist worker); whether the count
    # can be answered from the partial index alone is what is asked.
    count = plan(executed(queue.count), "seqscan", "bitmapscan", "indexscan")
    assert "Index Only Scan using workflows_task_claimable_count_idx" in count, count


@pytest.mark.django_db
def test_the_migration_makes_the_queue_indexes_on_viewflows_table():
    """workflows 0001 adds them by hand at its end (the table is viewflow's): on SQLite and
    PostgreSQL alike, the three are there."""
    with connection.cursor() as cursor:
        names = set(connection.introspection.get_constraints(cursor, "viewflow_task"))
    assert {
        "workflows_task_queue_idx",
        "workflows_task_claimable_idx",
        "workflows_task_claimable_count_idx",
    } <= names
