"""A filing's review is decided through the one task protocol (workflows.services.task_decide;
issue 44): the claim and the decision are the task's events in the reviewer's role, a
substitute's decision names the absent member, the task completes and its clock ends, and a
refused decision keeps nothing."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from audit.choices import AuditAction
from audit.models import AuditEvent
from core.errors import InvalidInput
from permits.models import Obligation
from roles.models import Role
from supervision.services import filing_submit
from tests.conftest import COMPLETION
from tests.factories import decide, submit_accepted, tending_draft
from workflows import people
from workflows import services as task_services
from workflows.models import PermitProcess, StepClock

pytestmark = pytest.mark.django_db
FILED = "2026-11-20 09:00 +0800"


@pytest.fixture
def review_task(applicant_my, reviewer_my, approver):
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        application = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
        application = decide(decide(application, reviewer_my), approver)
    completion = Obligation.objects.get(application=application, kind="tending_completion")
    with time_machine.travel(FILED, tick=False):
        filing = filing_submit(obligation_id=completion.pk, by=applicant_my, data=COMPLETION)
    return PermitProcess.objects.get(filing=filing).task_set.get(flow_task_type="HUMAN")


def test_the_claim_and_the_review_are_the_tasks_events_in_the_reviewers_role(
    review_task, reviewer_my
):
    with time_machine.travel(FILED, tick=False):
        task_services.task_decide(task_id=review_task.pk, by=reviewer_my, decision="accept")
    claim = AuditEvent.objects.get(action=AuditAction.CLAIM, details__task_id=review_task.pk)
    reviewed = AuditEvent.objects.get(action=AuditAction.FILING_REVIEWED)
    assert claim.seq < reviewed.seq
    for event in (claim, reviewed):
        assert (event.role, event.actor_username) == (Role.REVIEWER, reviewer_my.username)
        assert event.details["step"] == "obligation_review"
        assert event.details["task_id"] == review_task.pk
    assert reviewed.details["decision"] == "accept" and "substitute_for" not in reviewed.details
    review_task.refresh_from_db()
    assert review_task.status == "DONE" and review_task.data["decision"] == "accept"
    assert StepClock.objects.get(task=review_task).ended_at is not None


def test_a_substitutes_review_names_the_absent_member(review_task, reviewer_my, reviewer_my2):
    with time_machine.travel(FILED, tick=False):
        task_services.task_claim(task_id=review_task.pk, by=reviewer_my)
        today = timezone.localdate()
        people.absence_declare(
            by=reviewer_my,
            substitute_username=reviewer_my2.username,
            starts=today,
            ends=today + timedelta(days=4),
            reason="年休假",
        )
        task_services.task_decide(task_id=review_task.pk, by=reviewer_my2, decision="accept")
    reviewed = AuditEvent.objects.get(action=AuditAction.FILING_REVIEWED)
    assert reviewed.actor_username == reviewer_my2.username
    assert reviewed.details["substitute_for"] == {
        "id": reviewer_my.pk,
        "username": reviewer_my.username,
    }


def test_a_refused_review_keeps_nothing(review_task, reviewer_my):
    with time_machine.travel(FILED, tick=False):
        events = AuditEvent.objects.count()
        with pytest.raises(InvalidInput) as refused:
            task_services.task_decide(
                task_id=review_task.pk, by=reviewer_my, decision="accept", grounds=["T4"]
            )
    assert [p.field for p in refused.value.problems] == ["grounds"]
    review_task.refresh_from_db()
    assert review_task.owner_id is None and review_task.status != "DONE"
    assert AuditEvent.objects.count() == events
