"""Checkpoints signed after each commit (issue 26 item 15) on PostgreSQL: the signer takes no
lock a decision waits for, and signers on several machines sign each head once."""

import threading

import pytest
from django.db import connection, transaction

from audit import checkpoints
from audit.choices import AuditAction
from audit.models import AuditCheckpoint
from audit.trail import audit_record, audit_verify

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def committed_events(n: int) -> None:
    with transaction.atomic():
        for i in range(n):
            audit_record(action=AuditAction.CREATE, opinion=f"event {i}")


def test_each_commit_is_followed_by_its_checkpoint(settings):
    settings.PERMITS_AUDIT_CHECKPOINT_SECONDS = 0  # no batching: one a commit
    committed_events(2)
    committed_events(3)
    signed = AuditCheckpoint.objects.order_by("tree_size").values_list("tree_size", flat=True)
    assert list(signed) == [2, 5]
    assert audit_verify().ok


def test_signing_waits_for_no_decision_and_no_decision_waits_for_it():
    """A decision holds the chain head (appending) while a checkpoint is signed: the signer
    does not queue behind it, so it cannot make the decisions after it queue either."""
    committed_events(1)
    AuditCheckpoint.objects.all().delete()  # the head not covered yet
    holding, release = threading.Event(), threading.Event()

    def appending() -> None:
        try:
            with transaction.atomic():
                checkpoints.chain_head_lock()
                holding.set()
                assert release.wait(30)
        finally:
            connection.close()

    holder = threading.Thread(target=appending)
    holder.start()
    try:
        assert holding.wait(30)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")  # waiting for the head would fail
        signed = checkpoints.checkpoint_sign_pending()
        assert signed is not None and signed.tree_size == 1
    finally:
        release.set()
        holder.join(30)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = 0")


def test_several_signers_at_once_sign_the_head_once():
    committed_events(3)
    AuditCheckpoint.objects.all().delete()  # as if the commit's own signing was lost
    start = threading.Barrier(4)
    errors: list[BaseException] = []

    def sign() -> None:
        try:
            start.wait(30)
            checkpoints.checkpoint_sign_pending()
        except BaseException as error:  # noqa: BLE001 - the test inspects it
            errors.append(error)
        finally:
            connection.close()

    signers = [threading.Thread(target=sign) for _ in range(4)]
    for signer in signers:
        signer.start()
    for signer in signers:
        signer.join(60)
    assert errors == []
    assert list(AuditCheckpoint.objects.values_list("tree_size", flat=True)) == [3]
