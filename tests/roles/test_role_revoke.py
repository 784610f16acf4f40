"""Revoking a role (roles.services.role_revoke, the admin) ends everything it gave: the tasks the
person held go back to the agency's queue (an ``unclaim`` event by the revoking administrator or
the system), their task lists show nothing of that agency, and the agency's applications are no
longer theirs to see."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient
from viewflow.workflow.status import STATUS

from audit.models import AuditEvent
from permits import access
from roles.models import Agency, Membership, Role
from roles.services import role_grant, role_revoke
from tests.factories import UserFactory, member, submit_accepted, tending_draft
from workflows import services as task_services
from workflows.engine import open_tasks
from workflows.selectors import tasks_for_user

pytestmark = pytest.mark.django_db

API = "/api/v1"
QUEUES = ("inbox", "queue", "archive")


@pytest.fixture
def colleague(reference_data):
    return member(role=Role.REVIEWER, agency_code="110118-forestry", username="district_my_2")


@pytest.fixture
def it_admin(reference_data):
    return UserFactory(username="it_admin", is_staff=True, is_superuser=True)


@pytest.fixture
def claimed(applicant_my, reviewer_my):
    """Two 密云 applications: one the reviewer decided, one he claimed and left open."""
    decided = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
    task_services.task_decide(
        task_id=open_tasks(application=decided).get().pk, by=reviewer_my, decision="approve"
    )
    application = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
    task = open_tasks(application=application).get()
    task_services.task_claim(task_id=task.pk, by=reviewer_my)
    assert tasks_for_user(user=reviewer_my, queue="inbox").get() == task
    return application, task, decided


def reviewer_membership(user) -> Membership:
    return user.memberships.get(role=Role.REVIEWER, agency__code="110118-forestry")


def assert_revoked(user, application, task, decided, colleague):
    task.refresh_from_db()
    assert task.owner_id is None and task.status == STATUS.NEW
    assert list(tasks_for_user(user=colleague, queue="queue")) == [task]
    for queue in QUEUES:
        assert not tasks_for_user(user=user, queue=queue).exists(), queue
    assert not access.applications_visible_to(user).exists()
    for visible in (application, decided):
        assert not access.can_see_application(user, visible)


def test_revoking_a_role_returns_the_task_to_the_agency_queue(
    client, claimed, reviewer_my, colleague, it_admin
):
    application, task, decided = claimed
    role_revoke(membership=reviewer_membership(reviewer_my), by=it_admin)

    assert_revoked(reviewer_my, application, task, decided, colleague)
    event = AuditEvent.objects.filter(application_id=application.pk).latest("seq")
    assert (event.action, event.actor_id, event.role) == ("unclaim", it_admin.pk, Role.ADMIN)
    assert event.opinion == str(task_services.MSG_ROLE_REVOKED)
    assert event.details["reason"] == "role_revoked"
    assert event.details["released_from"] == reviewer_my.username
    assert event.agency_code == "110118-forestry"

    # Every door agrees: 404 for the application and the task, empty lists.
    client.force_login(reviewer_my)
    for pk in (application.pk, decided.pk):
        assert client.get(reverse("application-detail", args=[pk])).status_code == 404
    assert client.get(reverse("task-detail", args=[task.pk])).status_code == 404
    api = APIClient()
    api.force_authenticate(reviewer_my)
    assert api.get(f"{API}/applications/{application.pk}/").status_code == 404
    for queue in QUEUES:
        assert api.get(f"{API}/tasks/?queue={queue}").json()["results"] == [], queue
    assert api.post(f"{API}/tasks/{task.pk}/decide/", {"decision": "approve"}).status_code == 404

    # The colleague takes it over.
    task_services.task_decide(task_id=task.pk, by=colleague, decision="approve")


def test_revoking_without_an_administrator_records_the_system(claimed, reviewer_my, colleague):
    application, task, decided = claimed
    role_revoke(membership=reviewer_membership(reviewer_my))
    assert_revoked(reviewer_my, application, task, decided, colleague)
    event = AuditEvent.objects.filter(application_id=application.pk).latest("seq")
    assert (event.action, event.actor_id, event.role) == ("unclaim", None, "system")


def test_revoking_in_the_admin_releases_the_tasks(
    client, claimed, reviewer_my, colleague, it_admin
):
    application, task, decided = claimed
    membership = reviewer_membership(reviewer_my)
    client.force_login(it_admin)
    response = client.post(
        reverse("admin:roles_membership_delete", args=[membership.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert_revoked(reviewer_my, application, task, decided, colleague)
    event = AuditEvent.objects.filter(application_id=application.pk).latest("seq")
    assert (event.action, event.actor_id) == ("unclaim", it_admin.pk)


def test_deactivating_a_person_in_the_admin_ends_their_roles(
    client, claimed, reviewer_my, colleague, it_admin
):
    application, task, decided = claimed
    client.force_login(it_admin)
    url = reverse("admin:auth_user_change", args=[reviewer_my.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None and name != "is_active"
    }
    data.update({"last_login_0": "", "last_login_1": "", "date_joined_0": "2026-01-01"})
    data["date_joined_1"] = "00:00:00"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    reviewer_my.refresh_from_db()
    assert not reviewer_my.is_active
    assert not reviewer_my.memberships.exists()
    assert_revoked(reviewer_my, application, task, decided, colleague)


def test_revoking_one_role_keeps_the_tasks_of_another(claimed, reviewer_my, colleague):
    """A reviewer who also countersigns for the planning agency loses only that role's steps."""
    application, task, _decided = claimed
    planning = Agency.objects.get(code="bj-planning")
    membership = role_grant(user=reviewer_my, role=Role.CONSULTANT, agency=planning)
    role_revoke(membership=membership)
    task.refresh_from_db()
    assert task.owner_id == reviewer_my.pk
    assert list(tasks_for_user(user=reviewer_my, queue="inbox")) == [task]
    assert access.can_see_application(reviewer_my, application)
