"""A permit request is decided through the one task protocol (workflows.services.task_decide):
the claim of an open task is recorded, a substitute's decision names the absent member, the
task is completed and its clock ended, and a refused decision keeps nothing (issue 44)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from viewflow.workflow.models import Task

from audit.choices import AuditAction
from audit.models import AuditEvent
from core.errors import InvalidInput
from licensing.models import PermitRequest
from licensing.requests import permit_request_submit
from roles.models import Role
from tests.factories import member
from workflows import people
from workflows import services as task_services
from workflows.engine import OPEN_TASK_STATUSES
from workflows.models import StepClock

pytestmark = pytest.mark.django_db
ASKED = datetime(2026, 9, 1, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


def _open_task(application) -> Task:
    return Task.objects.get(
        process__permitprocess__application_id=application.pk,
        process__permitprocess__permit_request__isnull=False,
        flow_task_type="HUMAN",
        status__in=OPEN_TASK_STATUSES,
    )


@pytest.fixture
def asked(introduction, applicant_my):
    with time_machine.travel(ASKED, tick=False):
        request = permit_request_submit(
            application=introduction, by=applicant_my, kind="surrender", reason="不再引入"
        )
    return request


def test_an_open_request_task_is_claimed_on_the_record_then_decided(
    asked, introduction, agriculture_approver
):
    with time_machine.travel(ASKED + timedelta(hours=1), tick=False):
        task = _open_task(introduction)
        task_services.task_decide(task_id=task.pk, by=agriculture_approver, decision="accept")
    claim = AuditEvent.objects.get(action=AuditAction.CLAIM, details__task_id=task.pk)
    assert (claim.actor_username, claim.role) == (agriculture_approver.username, Role.APPROVER)
    accepted = AuditEvent.objects.get(action=AuditAction.REQUEST_ACCEPTED)
    assert accepted.seq > claim.seq and "substitute_for" not in accepted.details
    task.refresh_from_db()
    assert task.status == "DONE" and task.data["decision"] == "accept"
    clock = StepClock.objects.get(task=task)
    assert clock.ended_at is not None
    # The review's task and its clock start after the acceptance (the decider's ``then``).
    review = _open_task(introduction)
    assert StepClock.objects.get(task=review).ended_at is None


def test_a_substitutes_decision_on_a_request_names_the_absent_member(
    asked, introduction, agriculture_approver
):
    colleague = member(role=Role.APPROVER, agency_code="bj-agriculture", username="agri_bj2")
    with time_machine.travel(ASKED + timedelta(hours=1), tick=False):
        task = _open_task(introduction)
        task_services.task_claim(task_id=task.pk, by=agriculture_approver)
        today = timezone.localdate()
        people.absence_declare(
            by=agriculture_approver,
            substitute_username=colleague.username,
            starts=today,
            ends=today + timedelta(days=4),
            reason="年休假",
        )
        task_services.task_decide(task_id=task.pk, by=colleague, decision="accept")
    task.refresh_from_db()
    assert task.owner == colleague
    accepted = AuditEvent.objects.get(action=AuditAction.REQUEST_ACCEPTED)
    assert accepted.actor_username == colleague.username
    assert accepted.details["substitute_for"] == {
        "id": agriculture_approver.pk,
        "username": agriculture_approver.username,
    }


def test_a_refused_decision_on_a_request_keeps_nothing(asked, introduction, agriculture_approver):
    with time_machine.travel(ASKED + timedelta(hours=1), tick=False):
        task = _open_task(introduction)
        events = AuditEvent.objects.count()
        with pytest.raises(InvalidInput) as refused:
            task_services.task_decide(task_id=task.pk, by=agriculture_approver, decision="reject")
    assert [p.field for p in refused.value.problems] == ["decision", "opinion"]
    task.refresh_from_db()
    assert task.owner_id is None and task.status != "DONE"
    assert AuditEvent.objects.count() == events
    assert PermitRequest.objects.get(pk=asked.pk).status == "submitted"
