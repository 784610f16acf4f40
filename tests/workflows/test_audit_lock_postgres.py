"""No decision holds a lock that other decisions share (the audit chain's head, the number
counter of a jurisdiction's decisions) for longer than it takes to take the number and append
its events (product.md §14, issue 10): while one decision is still working (completing its task,
composing its document), another appends to the trail, or is numbered, and commits.
PostgreSQL only: real row locks and several connections."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from audit.models import AuditEvent
from audit.trail import audit_verify
from documents import issue
from documents.models import Certificate
from permits.models import Application
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
        # The approval: its document is composed (the site map) after the decision's event;
        # meanwhile another approval of the kind is numbered from the same counter.
        ("municipal", (issue, "site_map_section")),
    ],
)
def test_another_append_commits_while_a_decision_is_still_working(
    applicant_my, reviewer_my, approver, monkeypatch, step, paused_in
):
    municipal = step == "municipal"
    slow_application, slow_task = in_review(applicant_my, reviewer_my, municipal=municipal)
    other, other_task = in_review(applicant_my, reviewer_my, municipal=municipal)
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

    def other_decision():
        user = User.objects.get(pk=decider.pk)
        if municipal:
            task_services.task_decide(task_id=other_task.pk, by=user, decision="approve")
        else:
            task_services.task_claim(task_id=other_task.pk, by=user)

    slow_thread = run(outcomes, "decision", decide)
    assert working.wait(60), "the decision never reached its pause"
    meanwhile = run(outcomes, "other", other_decision)
    meanwhile.join(30)
    committed_meanwhile = not meanwhile.is_alive() and not release.is_set()
    release.set()
    slow_thread.join(60)
    meanwhile.join(30)

    assert outcomes == {"decision": "done", "other": "done"}
    assert committed_meanwhile, "the other decision waited for the first one's locks"
    expected = "approved" if municipal else "municipal_review"
    assert Application.objects.get(pk=slow_application.pk).status == expected
    events = AuditEvent.objects.filter(application_id=slow_application.pk)
    assert events.filter(action="approve").count() == (2 if municipal else 1)
    if municipal:  # numbered in the order they took the counter, gap-free
        numbers = [
            Certificate.objects.get(application_id=a.pk, document_kind="approval").number
            for a in (other, slow_application)
        ]
        assert [n.rsplit("〕", 1)[1] for n in numbers] == ["0001号", "0002号"]
    assert audit_verify().ok
