"""``audit_verify(workers=…)`` (issue 10): spans of events verified in forked processes that
share the coordinator's PostgreSQL snapshot give the report one process gives, tampering
included, and do not see events appended while they run.

PostgreSQL only: the workers are other connections, so the events must be committed (and the
tampering too, with the append-only trigger lifted and put back); the flush at the end
truncates the tables.
"""

import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction

from audit import checkpoints
from audit import trail as audit
from audit.choices import AuditAction
from audit.models import AuditChainHead, AuditCheckpoint
from audit.trail import audit_record, audit_verify

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

EVENTS = 23
# An event numbered 0, copied from event 1 under another hash.
COLUMNS = (
    "seq, at, actor_id, actor_username, actor_display_name, agency_id, agency_code, agency_name, "
    "role, application_id, application_reference, action, from_status, to_status, opinion, "
    "details, snapshot, snapshot_sha256, client_ip, prev_hash, hash"
)
COPIED = COLUMNS.replace("seq, ", "").replace(", hash", ", md5(hash) || md5(hash)")
COPIED += " FROM audit_auditevent"
SNAPSHOT = {"title": "不老屯镇油松天然林抚育", "area_ha": "8.5", "nested": {"é": '"\\'}}


@pytest.fixture
def spans_of_four(monkeypatch):
    """Spans of 4 events, so that 23 events make 6 spans for 3 workers; counts the process
    pools started (a report equal to one process's could otherwise come from one process)."""
    monkeypatch.setattr(audit, "SPAN_LEVEL", 2)
    pools = []
    real = vars(audit)["ProcessPoolExecutor"]

    def counted(*args, **kwargs):
        pools.append(kwargs["max_workers"])
        return real(*args, **kwargs)

    monkeypatch.setattr(audit, "ProcessPoolExecutor", counted)
    return pools


def append(count: int) -> None:
    for number in range(count):
        with transaction.atomic():
            audit_record(
                action=AuditAction.RETURN if number % 3 == 0 else AuditAction.CLAIM,
                opinion=f'第{number}条意见\n补充现状照片\t"附件"\\',
                details={"task_id": number, "ratio": number / 7, "big": 2**70},
                snapshot={**SNAPSHOT, "number": number} if number % 3 == 0 else None,
                client_ip="192.0.2.7" if number % 2 else None,
            )


@pytest.fixture
def trail(spans_of_four, monkeypatch):
    """The pools counted; 23 committed events with checkpoints at 6 (inside the second span),
    8 (its end) and 23 (inside the last): none after each commit."""
    monkeypatch.setattr(checkpoints, "_signing_requested", lambda: None)
    append(6)
    checkpoints.checkpoint_sign()
    append(2)
    checkpoints.checkpoint_sign()
    append(EVENTS - 8)
    checkpoints.checkpoint_sign()
    assert sorted(AuditCheckpoint.objects.values_list("tree_size", flat=True)) == [6, 8, 23]
    return spans_of_four


def tampered(statement: str, params: list) -> None:
    """Commit a change the append-only trigger would refuse, then put the trigger back."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        cursor.execute(statement, params)
        cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")


def test_workers_verify_the_trail_and_its_checkpoints_as_one_process_does(trail):
    alone = audit_verify()
    together = audit_verify(workers=3)
    assert trail == [3]
    assert together == alone
    assert (together.ok, together.events, together.checkpoints) == (True, EVENTS, 3)
    assert connection.get_autocommit()  # the coordinator's snapshot transaction ended


@pytest.mark.parametrize(
    ("statement", "params"),
    [
        # inside a span, at a span's first event, at its last, in the last span
        ("UPDATE audit_auditevent SET opinion = %s WHERE seq = %s", ["同意", 6]),
        ("UPDATE audit_auditevent SET opinion = %s WHERE seq = %s", ["同意", 9]),
        ("UPDATE audit_auditevent SET snapshot = %s WHERE seq = %s", ['{"title": "x"}', 16]),
        ("UPDATE audit_auditevent SET details = %s WHERE seq = %s", ['{"task_id": 3}', 22]),
        # a span's first event removed, its last, a whole span, the last event
        ("DELETE FROM audit_auditevent WHERE seq = %s", [5]),
        ("DELETE FROM audit_auditevent WHERE seq = %s", [12]),
        ("DELETE FROM audit_auditevent WHERE seq BETWEEN %s AND 16", [13]),
        ("DELETE FROM audit_auditevent WHERE seq = %s", [EVENTS]),
        # a number that does not follow, an event before the first
        ("UPDATE audit_auditevent SET seq = 100 WHERE seq = %s", [14]),
        # a number that asks for 2.5e14 spans of 4 (the spans follow the count)
        ("UPDATE audit_auditevent SET seq = 10 ^ 15 WHERE seq = %s", [EVENTS]),
        (f"INSERT INTO audit_auditevent ({COLUMNS}) SELECT 0, {COPIED} WHERE seq = %s", [1]),
    ],
)
def test_workers_name_the_first_bad_event_one_process_names(trail, statement, params):
    tampered(statement, params)
    alone = audit_verify()
    assert not alone.ok and alone.first_bad_seq is not None
    assert audit_verify(workers=3) == alone
    assert trail == [3]


def test_a_checkpoint_the_events_no_longer_give_is_named_by_the_workers(trail):
    newest = AuditCheckpoint.objects.get(tree_size=EVENTS)
    tampered("DELETE FROM audit_auditevent WHERE seq > %s", [8])
    AuditChainHead.objects.filter(id=1).update(seq=8)  # the end cut off, the head moved back
    alone = audit_verify()
    # The chain of 8 holds; the checkpoint of 23 counts events that are gone (6 and 8 verify).
    assert (alone.first_bad_seq, alone.first_bad_checkpoint) == (None, newest.pk)
    assert audit_verify(workers=3) == alone
    assert trail == [2]  # two spans left


def append_elsewhere() -> None:
    """One more event, committed by another connection."""
    try:
        append(1)
    finally:
        connections.close_all()


def test_workers_share_the_coordinators_snapshot(trail, monkeypatch):
    counted = vars(audit)["ProcessPoolExecutor"]

    def appending_first(*args, **kwargs):
        """The pool, once another connection has committed one more event: the snapshot is
        exported by then, so the workers must not see it."""
        thread = threading.Thread(target=append_elsewhere)
        thread.start()
        thread.join()
        return counted(*args, **kwargs)

    monkeypatch.setattr(audit, "ProcessPoolExecutor", appending_first)
    report = audit_verify(workers=3)
    assert (report.ok, report.events) == (True, EVENTS)  # the event appended meanwhile unseen
    assert audit_verify(workers=3).events == EVENTS + 1
    assert trail == [3, 3]


def test_the_command_verifies_with_workers(trail):
    out = StringIO()
    call_command("audit_verify", "--workers", "3", stdout=out)
    assert out.getvalue().strip() == f"ok: {EVENTS} events, 3 signed checkpoints"
    assert trail == [3]
