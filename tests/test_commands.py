"""Management commands: ``audit_verify`` (seed_demo has its own file, test_seed_demo.py)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from audit.models import AuditCheckpoint, AuditEvent
from tests.factories import submit_accepted
from workflows import services as task_services
from workflows.engine import open_tasks

from .factories import return_items, tending_draft

# The database refuses UPDATE on audit events (migration audit 0001). To fake an attacker with
# direct database access, the test switches the trigger off inside its own transaction, which
# the test's rollback switches back on (DDL is transactional on SQLite and PostgreSQL).
ALLOW_AUDIT_UPDATES = {
    "sqlite": "DROP TRIGGER audit_auditevent_no_update",
    "postgresql": "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only",
}


def audit_verify() -> str:
    out = StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def returned_application(applicant_my, reviewer_my):
    application = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
    task = open_tasks(application=application).get()
    task_services.task_decide(
        task_id=task.pk,
        by=reviewer_my,
        decision="return",
        opinion="请补充小班调查表。",
        items=return_items(),
    )
    return application


def test_an_empty_trail_verifies(db):
    assert audit_verify() == "ok: 0 events, 0 signed checkpoints"


def test_an_intact_chain_prints_the_number_of_events(returned_application):
    signed = AuditCheckpoint.objects.count()  # one after each commit the factories made
    assert audit_verify() == f"ok: {AuditEvent.objects.count()} events, {signed} signed checkpoints"


def test_a_tampered_opinion_is_named_and_exits_1(returned_application):
    event = AuditEvent.objects.get(action="return")
    with connection.cursor() as cursor:
        cursor.execute(ALLOW_AUDIT_UPDATES[connection.vendor])
        cursor.execute(
            "UPDATE audit_auditevent SET opinion = %s WHERE seq = %s", ["同意", event.seq]
        )

    with pytest.raises(CommandError) as refused:
        audit_verify()

    assert refused.value.returncode == 1
    named = f"event #{event.seq} (退回补正 return {event.application_reference}"
    assert named in str(refused.value)


@pytest.mark.parametrize("workers", ["0", "-2"])
def test_workers_below_one_are_refused(db, workers):
    with pytest.raises(CommandError, match=f"--workers {workers}: at least 1"):
        call_command("audit_verify", "--workers", workers)
