"""A service's audit events are appended when it ends (``audit_appended_last``), so that it holds
the chain head's system-wide lock only from then to its commit (product.md §14, issue 10)."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from audit import checkpoints, merkle
from audit.choices import AuditAction
from audit.models import AuditChainHead, AuditCheckpoint, AuditEvent
from audit.trail import (
    MSG_LAST_OUTSIDE_TRANSACTION,
    audit_appended_last,
    audit_chain_head_hash,
    audit_record,
    audit_verify,
)

pytestmark = pytest.mark.django_db


def record(opinion: str) -> AuditEvent:
    return audit_record(action=AuditAction.CREATE, opinion=opinion)


def opinions() -> list[str]:
    return list(AuditEvent.objects.order_by("seq").values_list("opinion", flat=True))


def head_locks(captured: CaptureQueriesContext) -> int:
    return sum('INTO "audit_auditchainhead"' in q["sql"] for q in captured.captured_queries)


@transaction.atomic
@audit_appended_last
def service(*opinions: str, then=None) -> list[AuditEvent]:
    recorded = [record(opinion) for opinion in opinions]
    if then is not None:
        then()
    return recorded


def test_the_events_are_appended_when_the_service_returns_under_one_lock():
    record("before")
    seen_inside: list[int] = []

    def count_inside():
        seen_inside.append(AuditEvent.objects.count())

    with CaptureQueriesContext(connection) as captured:
        appended = service("one", "two", "three", then=count_inside)

    assert seen_inside == [1]  # nothing appended while the service worked
    assert head_locks(captured) == 1
    assert [event.seq for event in appended] == [2, 3, 4]
    assert opinions() == ["before", "one", "two", "three"]
    stored = list(AuditEvent.objects.order_by("seq"))
    assert all(b.prev_hash == a.hash for a, b in zip(stored, stored[1:], strict=False))
    assert AuditChainHead.objects.get().hash == stored[-1].hash == appended[-1].hash
    assert audit_verify().ok


def test_an_event_of_a_rolled_back_savepoint_is_not_appended():
    def rolled_back_inside():
        try:
            with transaction.atomic():
                record("undone")
                raise DatabaseError("the inner step fails")
        except DatabaseError:
            pass
        with transaction.atomic():
            record("kept inside a savepoint")

    service("first", then=rolled_back_inside)

    assert opinions() == ["first", "kept inside a savepoint"]
    assert audit_verify().ok


def test_a_service_that_raises_appends_nothing():
    def fail():
        raise ValueError("refused")

    with pytest.raises(ValueError):
        service("never", then=fail)

    assert opinions() == []
    assert not AuditChainHead.objects.exists()


def test_a_service_called_by_another_joins_its_block():
    with CaptureQueriesContext(connection) as captured:
        service("outer", then=lambda: service("inner"))

    assert head_locks(captured) == 1
    assert opinions() == ["outer", "inner"]


def test_the_head_read_inside_the_block_appends_what_was_recorded_first():
    printed: list[str] = []

    def document():
        with CaptureQueriesContext(connection) as captured:
            printed.append(audit_chain_head_hash())
        assert head_locks(captured) == 1
        record("after the document")

    appended = service("decision", then=document)

    assert printed == [appended[0].hash]
    assert opinions() == ["decision", "after the document"]
    assert audit_verify().ok


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_decorator_refuses():
    @audit_appended_last
    def not_atomic():
        record("nowhere")

    with pytest.raises(TransactionManagementError, match=MSG_LAST_OUTSIDE_TRANSACTION):
        not_atomic()
    assert opinions() == []


@pytest.mark.parametrize("before", [0, 1, 2, 3, 5, 7, 8, 13])
def test_appended_together_the_tree_and_checkpoints_are_those_of_one_by_one(
    before, django_capture_on_commit_callbacks
):
    """Any batch, after any trail: the Merkle nodes stored are those of appending one by one
    (the root of every size matches the events' hashes), and the commit is followed by one
    checkpoint of the whole batch."""
    for i in range(before):
        record(f"alone {i}")
    with django_capture_on_commit_callbacks(execute=True):
        service(*(f"together {i}" for i in range(11)))

    leaves = [
        bytes.fromhex(h) for h in AuditEvent.objects.order_by("seq").values_list("hash", flat=True)
    ]
    assert len(leaves) == before + 11
    for size in range(1, len(leaves) + 1):
        assert checkpoints.tree_root(size) == merkle.root_of(leaves[:size]).hex()
    signed = list(AuditCheckpoint.objects.order_by("tree_size").values_list("tree_size", flat=True))
    assert signed == [before + 11]
    report = audit_verify()
    assert (report.ok, report.events, report.checkpoints) == (True, before + 11, len(signed))
