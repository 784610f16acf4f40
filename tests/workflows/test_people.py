"""People around the review (product.md §11): the head reassigns, members declare absences, and a
substitute acts on the absent member's claimed tasks. Driven through the services."""

from datetime import timedelta

import pytest
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from audit.choices import AuditAction
from audit.models import AuditEvent
from core.errors import InvalidInput, NotAllowed, NotVisible, StateConflict
from core.messages import (
    MSG_ENDS_BEFORE_STARTS,
    MSG_SUBSTITUTE_CANNOT_ACT,
    MSG_SUBSTITUTE_SELF,
    MSG_TARGET_CANNOT_ACT,
)
from permits.choices import Decision, Status, Step
from roles.models import Absence
from tests.factories import open_task_of, submit_accepted, tending_draft
from workflows import people, selectors
from workflows import services as task_services
from workflows.models import ReviewDecision

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def go_ahead(task) -> str:
    """The decision that moves the task's application forward, whichever step it is."""
    return Decision.ACCEPT if task_services.task_step(task) == Step.ACCEPTANCE else Decision.APPROVE


@pytest.fixture
def submitted(applicant_my, reviewer_my):
    return submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)


@pytest.fixture
def task(submitted):
    return open_task_of(submitted)


@pytest.fixture
def municipal_task(submitted, reviewer_my, approver):
    """The Beijing tending design moved on to the municipal approver's step."""
    application = submitted
    while application.status != Status.MUNICIPAL_REVIEW:
        current = open_task_of(application)
        _task, application = task_services.task_decide(
            task_id=current.pk, by=reviewer_my, decision=go_ahead(current), opinion="同意"
        )
    return open_task_of(application)


def reassign(task, by, to="district_my2", reason="张明出差，改由刘洋办理"):
    return people.task_reassign(task_id=task.pk, by=by, to_username=to, reason=reason)


# --- Reassignment ----------------------------------------------------------------------------


def test_the_head_reassigns_an_open_task_into_the_targets_inbox(task, head_my, reviewer_my2):
    task = reassign(task, head_my)
    assert task.owner == reviewer_my2 and task.status == STATUS.ASSIGNED
    assert list(selectors.tasks_for_user(user=reviewer_my2, queue="inbox")) == [task]
    event = AuditEvent.objects.filter(action=AuditAction.REASSIGN).get()
    assert (event.actor_username, event.role, event.agency_code) == (
        "head_my",
        "head",
        "110118-forestry",
    )
    assert event.details["from"] is None and event.details["to"] == "district_my2"
    assert event.opinion == "张明出差，改由刘洋办理"


def test_a_claimed_task_moves_from_one_inbox_to_the_other(task, head_my, reviewer_my, reviewer_my2):
    task_services.task_claim(task_id=task.pk, by=reviewer_my)
    reassign(task, head_my)
    assert not selectors.tasks_for_user(user=reviewer_my, queue="inbox").exists()
    assert selectors.tasks_for_user(user=reviewer_my2, queue="inbox").get().pk == task.pk
    assert AuditEvent.objects.get(action=AuditAction.REASSIGN).details["from"] == "district_my"
    # The new holder decides it; the former one may no longer.
    with pytest.raises(StateConflict):
        task_services.task_claim(task_id=task.pk, by=reviewer_my)
    task_services.task_decide(task_id=task.pk, by=reviewer_my2, decision=go_ahead(task))


def test_only_the_head_of_the_tasks_agency_reassigns(task, reviewer_my, reviewer_my2, head_jz):
    with pytest.raises(NotAllowed):
        reassign(task, reviewer_my)
    with pytest.raises(NotVisible):  # 蓟州's head does not see a 密云 application
        reassign(task, head_jz)
    assert not AuditEvent.objects.filter(action=AuditAction.REASSIGN).exists()


def test_a_head_who_sees_another_agencys_task_may_not_reassign_it(municipal_task, head_my):
    assert task_services.task_agency(municipal_task).code == "bj-forestry"
    with pytest.raises(NotAllowed):
        reassign(municipal_task, head_my, to="muni_forest")


def test_the_target_must_be_able_to_act_on_the_step(
    task, head_my, reviewer_yq, auditor, applicant_my
):
    for target in ("district_yq", "auditor_bj", "applicant_my", "head_my", "nobody", ""):
        with pytest.raises(InvalidInput) as refused:
            reassign(task, head_my, to=target)
        assert refused.value.problems[0].field == "to"
        assert refused.value.problems[0].message == str(MSG_TARGET_CANNOT_ACT) or target == ""


def test_a_reason_is_required(task, head_my, reviewer_my2):
    for reason in ("", "   "):
        with pytest.raises(InvalidInput) as refused:
            reassign(task, head_my, reason=reason)
        assert refused.value.problems[0].field == "reason"
    assert Task.objects.get(pk=task.pk).owner_id is None


def test_a_decided_task_is_not_reassigned(task, head_my, reviewer_my, reviewer_my2):
    task_services.task_decide(task_id=task.pk, by=reviewer_my, decision=go_ahead(task))
    with pytest.raises(StateConflict):
        reassign(task, head_my)


def test_reassign_targets_are_the_members_who_may_act(
    task, head_my, reviewer_my, reviewer_my2, auditor
):
    assert [u.username for u in people.reassign_targets(task)] == ["district_my", "district_my2"]


# --- Absences --------------------------------------------------------------------------------


def declare(by, substitute="district_my2", starts=None, ends=None, reason="年休假"):
    starts = starts or TODAY()
    return people.absence_declare(
        by=by,
        substitute_username=substitute,
        starts=starts,
        ends=ends or starts + timedelta(days=4),
        reason=reason,
    )


def test_a_member_declares_an_absence_audited_for_the_agency(reviewer_my, reviewer_my2):
    absence = declare(reviewer_my)
    assert (absence.user, absence.substitute, absence.agency.code) == (
        reviewer_my,
        reviewer_my2,
        "110118-forestry",
    )
    event = AuditEvent.objects.get(action=AuditAction.ABSENCE)
    assert event.application_id is None
    assert (event.actor_username, event.agency_code, event.role) == (
        "district_my",
        "110118-forestry",
        "reviewer",
    )
    assert event.details["substitute"] == "district_my2" and event.opinion == "年休假"


@pytest.mark.parametrize(
    ("substitute", "offset", "field", "message"),
    [
        ("district_yq", 1, "substitute", MSG_SUBSTITUTE_CANNOT_ACT),
        ("auditor_bj", 1, "substitute", MSG_SUBSTITUTE_CANNOT_ACT),
        ("head_my", 1, "substitute", MSG_SUBSTITUTE_CANNOT_ACT),
        ("nobody", 1, "substitute", MSG_SUBSTITUTE_CANNOT_ACT),
        ("district_my", 1, "substitute", MSG_SUBSTITUTE_SELF),
        ("district_my2", -1, "ends", MSG_ENDS_BEFORE_STARTS),
    ],
)
def test_bad_absences_are_refused(
    reviewer_my, reviewer_my2, reviewer_yq, auditor, head_my, substitute, offset, field, message
):
    with pytest.raises(InvalidInput) as refused:
        declare(reviewer_my, substitute=substitute, ends=TODAY() + timedelta(days=offset))
    assert [(p.field, p.message) for p in refused.value.problems] == [(field, str(message))]
    assert not Absence.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.ABSENCE).exists()


def test_overlapping_absences_are_refused(reviewer_my, reviewer_my2):
    declare(reviewer_my, starts=TODAY(), ends=TODAY() + timedelta(days=4))
    with pytest.raises(InvalidInput) as refused:
        declare(reviewer_my, starts=TODAY() + timedelta(days=4), ends=TODAY() + timedelta(days=6))
    assert refused.value.problems[0].field == "starts"
    declare(reviewer_my, starts=TODAY() + timedelta(days=5), ends=TODAY() + timedelta(days=6))


def test_who_acts_on_no_step_declares_no_absence(applicant_my, head_my, auditor, reviewer_my):
    for user in (applicant_my, head_my, auditor):
        with pytest.raises(NotAllowed):
            declare(user, substitute="district_my")


# --- The substitute at work --------------------------------------------------------------------


@pytest.fixture
def claimed(task, reviewer_my):
    return task_services.task_claim(task_id=task.pk, by=reviewer_my)


def test_the_substitute_sees_and_decides_the_absent_members_claimed_task(
    claimed, reviewer_my, reviewer_my2
):
    declare(reviewer_my)
    assert list(selectors.tasks_for_user(user=reviewer_my2, queue="inbox")) == [claimed]
    task, _application = task_services.task_decide(
        task_id=claimed.pk, by=reviewer_my2, decision=go_ahead(claimed), opinion="代为办理"
    )
    assert task.owner == reviewer_my2
    assert ReviewDecision.objects.get(task_id=task.pk).decided_by == reviewer_my2
    event = AuditEvent.objects.get(action=go_ahead(claimed))
    assert event.actor_username == "district_my2"
    assert event.details["substitute_for"] == {"id": reviewer_my.pk, "username": "district_my"}
    assert selectors.tasks_for_user(user=reviewer_my2, queue="archive").get().pk == task.pk


def test_before_and_after_the_absence_the_task_stays_the_members(
    claimed, reviewer_my, reviewer_my2
):
    declare(reviewer_my, starts=TODAY() + timedelta(days=1))
    declare(reviewer_my, starts=TODAY() - timedelta(days=9), ends=TODAY() - timedelta(days=1))
    assert not selectors.tasks_for_user(user=reviewer_my2, queue="inbox").exists()
    with pytest.raises(StateConflict):
        task_services.task_decide(task_id=claimed.pk, by=reviewer_my2, decision=go_ahead(claimed))


def test_the_substitute_decides_but_does_not_take_or_release(claimed, reviewer_my, reviewer_my2):
    declare(reviewer_my)
    with pytest.raises(StateConflict):
        task_services.task_claim(task_id=claimed.pk, by=reviewer_my2)
    with pytest.raises(StateConflict):
        task_services.task_unclaim(task_id=claimed.pk, by=reviewer_my2)
    # The absent member still may.
    task_services.task_decide(task_id=claimed.pk, by=reviewer_my, decision=go_ahead(claimed))


def test_absences_are_listed_to_the_member_the_substitute_and_the_head(
    reviewer_my, reviewer_my2, head_my, head_jz, reviewer_yq
):
    from permits import access

    absence = declare(reviewer_my)
    for user in (reviewer_my, reviewer_my2, head_my):
        assert list(access.absences_visible_to(user)) == [absence]
    for user in (head_jz, reviewer_yq):
        assert not access.absences_visible_to(user).exists()


def test_a_long_reason_is_refused(reviewer_my, reviewer_my2):
    with pytest.raises(InvalidInput) as refused:
        declare(reviewer_my, reason="假" * 201)
    assert refused.value.problems[0].field == "reason"
