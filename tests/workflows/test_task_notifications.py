"""``task_new``: every new human task tells each member who may act on it, and nobody else
(product.md §12); a head only through an acting role of their own."""

import pytest
from django.core import mail
from guardian.shortcuts import assign_perm

from permits.choices import NotificationKind
from permits.models import Notification
from roles.models import Agency, Role
from tests.factories import (
    decide,
    member,
    occupation_draft,
    persona,
    submit_accepted,
    tending_draft,
)
from workflows.engine import open_tasks
from workflows.services import application_submit
from workflows.task_notifications import task_new_notify

pytestmark = pytest.mark.django_db


def told(application) -> set[str]:
    return set(
        Notification.objects.filter(
            kind=NotificationKind.TASK_NEW, application_id=application.pk
        ).values_list("recipient__username", flat=True)
    )


@pytest.fixture
def miyun_forestry_staff(reviewer_my, reviewer_yq, approver):
    """Besides district_my: a second reviewer, a head who also reviews, a head who only heads
    (even holding the agency permission some other way), an inactive reviewer."""
    district_my2 = member(role=Role.REVIEWER, agency_code="110118-forestry", username="my2")
    head_reviewing = member(role=Role.HEAD, agency_code="110118-forestry", username="head_rev")
    member(role=Role.REVIEWER, agency_code="110118-forestry", username="head_rev")
    head_only = member(role=Role.HEAD, agency_code="110118-forestry", username="head_only")
    assign_perm("roles.review_for_agency", head_only, Agency.objects.get(code="110118-forestry"))
    gone = member(role=Role.REVIEWER, agency_code="110118-forestry", username="gone")
    gone.is_active = False
    gone.save()
    return district_my2, head_reviewing


def test_a_new_district_task_tells_the_district_agencys_reviewers(
    applicant_my, miyun_forestry_staff
):
    application = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
    assert told(application) == {"district_my", "my2", "head_rev"}
    notification = Notification.objects.filter(application_id=application.pk).first()
    assert application.reference in notification.message


def test_the_municipal_task_tells_the_approvers_only(applicant_my, reviewer_my, approver):
    application = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
    Notification.objects.all().delete()
    decide(application, reviewer_my)
    assert told(application) == {"muni_forest"}


def test_each_countersign_task_tells_its_own_agency(applicant_my, reviewer_my, approver):
    muni_plan = persona("muni_plan")
    other_consultant = persona("muni_eco")
    application = submit_accepted(application=occupation_draft(by=applicant_my), by=applicant_my)
    Notification.objects.all().delete()
    decide(application, reviewer_my)
    assert muni_plan.username in told(application)
    assert other_consultant.username not in told(application)
    assert approver.username not in told(application)


def test_the_mail_leaves_after_the_submission_commits(
    applicant_my, reviewer_my, django_capture_on_commit_callbacks
):
    reviewer_my.email = "district_my@example.org"
    reviewer_my.save()
    with django_capture_on_commit_callbacks() as callbacks:
        # The submission alone (its acceptance task is the district's new task).
        application_submit(application=tending_draft(by=applicant_my), by=applicant_my)
        assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert ["district_my@example.org"] in [m.to for m in mail.outbox]


def test_a_task_created_assigned_tells_its_owner_only(applicant_my, miyun_forestry_staff):
    district_my2, _head = miyun_forestry_staff
    application = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
    Notification.objects.all().delete()
    task = open_tasks(application=application).get()
    task.owner = district_my2  # as a task created with its assignee (.Assign) would be
    task_new_notify(task=task)
    assert told(application) == {"my2"}
