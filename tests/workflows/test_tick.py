"""workflows.tick: the registry of time-driven jobs, and the in-process schedule of `make run`."""

import threading
from datetime import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from workflows import schedule, tick

pytestmark = pytest.mark.django_db


SEEN: list[datetime] = []


def count_sheep(now: datetime) -> int:
    SEEN.append(now)
    return 3


def first(now: datetime) -> int:
    return 1


def last(now: datetime) -> int:
    return 2


def broken(now: datetime) -> int:
    raise RuntimeError("boom")


def test_a_job_is_one_line_of_settings(settings):
    SEEN.clear()
    here = __name__
    settings.PERMITS_TICK_JOBS = [
        *settings.PERMITS_TICK_JOBS,
        ("sheep counted", f"{here}.count_sheep"),
    ]
    out = StringIO()
    call_command("permits_tick", "--now", "2026-12-01T09:00:00+08:00", stdout=out)
    assert out.getvalue().strip().endswith("sheep counted: 3")
    assert out.getvalue().startswith(
        "deemed acceptances: 0; filing reviews started: 0; reminders: 0; escalations: 0; "
        "unpaid fees: 0; hearings overdue: 0; renewals granted by law: 0; expired or use ended: 0; "
        "permit requests closed: 0; obligations due: 0; "
        "overdue obligations: 0;"
    )
    assert [datetime.fromisoformat("2026-12-01T09:00:00+08:00")] == SEEN


def test_jobs_run_as_of_now_by_default(settings):
    SEEN.clear()
    settings.PERMITS_TICK_JOBS = [("sheep", f"{__name__}.count_sheep")]
    before = timezone.now()
    assert tick.tick() == {"sheep": 3}
    assert before <= SEEN[0] <= timezone.now()


def test_every_job_is_declared_once_in_order_and_resolves():
    """The declared order is the order run (no app inserts its own): names and callables are
    unique, each path imports."""
    declared = tick.jobs()
    names = [name for name, _job in declared]
    assert len(names) == len(set(names)) == len({job for _name, job in declared})
    assert names[0] == "deemed acceptances" and names[-1] == "appraisals computed"
    # The documents a job issues are rendered in the same tick: every job that issues them runs
    # before the rendering.
    assert names.index("permits lapsed and cancelled") < names.index("rendered documents")
    assert names.index("renewals granted by law") < names.index("expired or use ended")


def test_a_failing_job_does_not_stop_the_others(settings):
    settings.PERMITS_TICK_JOBS = [
        ("first", f"{__name__}.first"),
        ("broken", f"{__name__}.broken"),
        ("last", f"{__name__}.last"),
    ]
    with pytest.raises(tick.TickFailed) as failure:
        tick.tick()
    assert failure.value.done == {"first": 1, "last": 2}
    assert failure.value.failed == ["broken"]

    out = StringIO()
    with pytest.raises(CommandError, match="broken"):
        call_command("permits_tick", stdout=out)
    assert "first: 1; last: 2" in out.getvalue()


@pytest.mark.parametrize(
    ("inprocess", "broker", "run_main", "wanted"),
    [
        (True, "", "true", True),
        (False, "", "true", False),  # not `make run`
        (True, "redis://127.0.0.1:6379/0", "true", False),  # beat owns the schedule
        (True, "", None, False),  # the autoreloader's watcher process
    ],
)
def test_the_inprocess_schedule_runs_only_under_make_run_without_a_broker(
    settings, monkeypatch, inprocess, broker, run_main, wanted
):
    settings.PERMITS_INPROCESS_TICK = inprocess
    settings.CELERY_BROKER_URL = broker
    if run_main is None:
        monkeypatch.delenv("RUN_MAIN", raising=False)
    else:
        monkeypatch.setenv("RUN_MAIN", run_main)
    assert schedule.inprocess_schedule_wanted() is wanted


def test_the_suite_never_ticks_in_process(settings):
    assert settings.PERMITS_INPROCESS_TICK is False


def test_the_schedule_ticks_every_interval_and_survives_a_failure(monkeypatch):
    calls = []

    def fake_tick():
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database away")
        return {"expired": 0}

    monkeypatch.setattr(schedule, "tick", fake_tick)
    monkeypatch.setattr(schedule, "close_old_connections", lambda: None)
    stop = threading.Event()
    thread = threading.Thread(target=schedule.run_every, args=(0.01, stop), daemon=True)
    thread.start()
    try:
        for _ in range(500):
            if len(calls) >= 3:
                break
            stop.wait(0.01)
    finally:
        stop.set()
        thread.join(timeout=5)
    assert len(calls) >= 3
    assert not thread.is_alive()
