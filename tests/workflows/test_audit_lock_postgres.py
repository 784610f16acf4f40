"""No decision holds the audit chain's system-wide lock for longer than it takes to append its
events (PRODUCT §14, issue 10): while one decision is still working (completing its task,
composing its document), another transaction appends to the trail and commits. PostgreSQL
only: real row locks and several connections."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from permits.audit import audit_verify
from permits.certificates import issue
from permits.models import Application, AuditEvent
from tests.factories import submit_accepted, tending_draft
from workflows import engine
from workflows import services as task_services
from workflows.engine import open_tasks

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

User = get_user_model()


def in_review(applicant, reviewer, *, municipal: bool):
    application = submit_accepted(application=tending_draft(by=applicant), by=applicant)
    if municipal:
        task = open_tasks(application=application).get()
        task_services.task_decide(task_id=task.pk, by=reviewer, decision="approve", opinion="同意")
    return application, open_tasks(application=application).get()


def run(outcomes: dict, name: str, work) -> threading.Thread:
    def target():
        try:
            work()
            outcomes[name] = "done"
        except Exception as error:  # noqa: BLE001 - the outcome is what the test inspects
            outcomes[name] = error
        finally:
            connection.close()

    thread = threading.Thread(target=target)
    thread.start()
    return thread


@pytest.mark.parametrize(
    ("step", "paused_in"),
    [
        # An unclaimed task: its claim event is recorded first, before the task is completed.
        ("district", (engine, "task_complete")),
        # The approval: its document is composed (the site map) after the decision's event.
        ("municipal", (issue, "site_map_section")),
    ],
)
def test_another_append_commits_while_a_decision_is_still_working(
    applicant_my, reviewer_my, approver, monkeypatch, step, paused_in
):
    municipal = step == "municipal"
    slow_application, slow_task = in_review(applicant_my, reviewer_my, municipal=municipal)
    _other, other_task = in_review(applicant_my, reviewer_my, municipal=False)
    decider = approver if municipal else reviewer_my
    working, release = threading.Event(), threading.Event()
    module, name = paused_in
    original = getattr(module, name)

    def paused(*args, **kwargs):
        if threading.current_thread() is slow_thread:
            working.set()
            assert release.wait(60), "never released"
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, paused)
    outcomes: dict[str, object] = {}

    def decide():
        user = User.objects.get(pk=decider.pk)
        task_services.task_decide(task_id=slow_task.pk, by=user, decision="approve")

    def claim():
        user = User.objects.get(pk=reviewer_my.pk)
        task_services.task_claim(task_id=other_task.pk, by=user)

    slow_thread = run(outcomes, "decision", decide)
    assert working.wait(60), "the decision never reached its pause"
    claimed = run(outcomes, "claim", claim)
    claimed.join(30)
    appended_meanwhile = not claimed.is_alive() and not release.is_set()
    release.set()
    slow_thread.join(60)
    claimed.join(30)

    assert outcomes == {"decision": "done", "claim": "done"}
    assert appended_meanwhile, "the claim waited for the decision's lock on the chain head"
    expected = "approved" if municipal else "municipal_review"
    assert Application.objects.get(pk=slow_application.pk).status == expected
    events = AuditEvent.objects.filter(application_id=slow_application.pk)
    assert events.filter(action="approve").count() == (2 if municipal else 1)
    assert audit_verify().ok
