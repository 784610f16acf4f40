"""Races between real database connections (STACK-NOTES, Concurrency). PostgreSQL only: on SQLite
select_for_update() is a no-op and the test database is one in-memory connection.

Each thread has its own connection (Django opens one per thread) and closes it when done; a
Barrier releases all threads at once. transaction=True: the threads must see committed data.
"""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from audit.models import AuditEvent
from audit.trail import audit_verify
from core.errors import StateConflict
from documents.models import Certificate
from permits.choices import Status, Step
from permits.models import Application
from roles.models import Role
from tests.factories import member, submit_accepted, tending_draft
from workflows import services as task_services
from workflows.engine import open_tasks

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

User = get_user_model()


def race(callables) -> list:
    """Run each callable in its own thread, all released together; return result or exception."""
    barrier = threading.Barrier(len(callables), timeout=30)
    outcomes = [None] * len(callables)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as error:  # noqa: BLE001 - the outcome is what the test inspects
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(callables)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck (deadlock?)"
    return outcomes


def decide_as(user_pk, task_pk, decision="approve"):
    def call():
        user = User.objects.get(pk=user_pk)  # one user object per thread: no shared caches
        return task_services.task_decide(
            task_id=task_pk, by=user, decision=decision, opinion="同意"
        )

    return call


def test_ten_reviewers_deciding_one_task_make_one_decision(applicant_my):
    reviewers = [
        member(role=Role.REVIEWER, agency_code="110118-forestry", username=f"district_my_{i}")
        for i in range(10)
    ]
    application = tending_draft(by=applicant_my)
    submit_accepted(application=application, by=applicant_my)
    task = open_tasks(application=application).get()

    outcomes = race([decide_as(r.pk, task.pk) for r in reviewers])

    winners = [o for o in outcomes if isinstance(o, tuple)]
    conflicts = [o for o in outcomes if isinstance(o, StateConflict)]
    others = [o for o in outcomes if not isinstance(o, tuple | StateConflict)]
    assert others == []
    assert (len(winners), len(conflicts)) == (1, 9)
    assert {str(c.detail) for c in conflicts} == {str(task_services.MSG_TASK_DONE)}
    assert Application.objects.get(pk=application.pk).status == Status.MUNICIPAL_REVIEW
    (municipal,) = open_tasks(application=application)
    assert task_services.task_step(municipal) == Step.MUNICIPAL_REVIEW
    assert AuditEvent.objects.filter(application_id=application.pk, action="approve").count() == 1
    claims = AuditEvent.objects.filter(application_id=application.pk, action="claim")
    assert claims.filter(details__step="district_review").count() == 1
    winner_task, _ = winners[0]
    decided = AuditEvent.objects.get(application_id=application.pk, action="approve")
    assert decided.actor_id == winner_task.owner_id
    report = audit_verify()
    assert report.ok, report


def test_concurrent_final_approvals_get_distinct_consecutive_numbers(
    applicant_my, reviewer_my, approver
):
    municipal_tasks = []
    for _ in range(8):
        application = tending_draft(by=applicant_my)
        submit_accepted(application=application, by=applicant_my)
        task = open_tasks(application=application).get()
        task_services.task_decide(task_id=task.pk, by=reviewer_my, decision="approve")
        municipal_tasks.append(open_tasks(application=application).get())

    outcomes = race([decide_as(approver.pk, t.pk) for t in municipal_tasks])

    assert [o for o in outcomes if not isinstance(o, tuple)] == []
    year = timezone.localdate().year
    approvals = Certificate.objects.filter(document_kind="approval")
    numbers = sorted(approvals.values_list("number", flat=True))
    assert numbers == [f"京园林抚审〔{year}〕{n:04d}号" for n in range(1, 9)]
    assert Application.objects.filter(status=Status.APPROVED).count() == 8
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    report = audit_verify()
    assert report.ok, report


def test_ten_http_decisions_on_one_task_answer_one_200_and_nine_409(applicant_my):
    from rest_framework.test import APIClient

    reviewers = [
        member(role=Role.REVIEWER, agency_code="110118-forestry", username=f"district_http_{i}")
        for i in range(10)
    ]
    application = tending_draft(by=applicant_my)
    submit_accepted(application=application, by=applicant_my)
    task = open_tasks(application=application).get()

    def post_as(user_pk):
        def call():
            client = APIClient()
            client.force_authenticate(User.objects.get(pk=user_pk))
            response = client.post(
                f"/api/v1/tasks/{task.pk}/decide/",
                {"decision": "approve", "opinion": "同意"},
                format="json",
            )
            return response.status_code, response.json()

        return call

    outcomes = race([post_as(r.pk) for r in reviewers])

    codes = sorted(code for code, _body in outcomes)
    assert codes == [200] + [409] * 9
    conflict_bodies = [body for code, body in outcomes if code == 409]
    assert all(body["errors"][0]["code"] == "task_closed" for body in conflict_bodies)
    assert len(open_tasks(application=application)) == 1
    assert audit_verify().ok
