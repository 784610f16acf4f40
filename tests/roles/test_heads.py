"""The head (负责人) of an agency (product.md §11): sees what the agency's officials see, its
applications and their tasks, and decides nothing without a reviewer or approver role."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from permits import access
from roles.models import Agency, Role
from roles.services import role_grant, role_revoke
from tests.factories import (
    member,
    open_task_of,
    submit_accepted,
    tending_draft,
    tianjin_occupation_draft,
)
from workflows import people, selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def miyun_task(applicant_my, reviewer_my):
    application = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
    return application, open_task_of(application)


@pytest.fixture
def jizhou_task(applicant_jz, reviewer_jz):
    application = submit_accepted(
        application=tianjin_occupation_draft(by=applicant_jz), by=applicant_jz
    )
    return application, open_task_of(application)


def test_is_head_names_the_agency_and_nobody_else(head_my, reviewer_my, auditor):
    miyun = Agency.objects.get(code="110118-forestry")
    assert access.is_head(head_my, miyun)
    assert access.is_head(head_my, miyun.pk)
    assert not access.is_head(head_my, Agency.objects.get(code="110119-forestry"))
    assert not access.is_head(head_my, None)
    assert [a.code for a in access.head_agencies(head_my)] == ["110118-forestry"]
    for other in (reviewer_my, auditor):
        assert not access.is_head(other, miyun)
        assert access.head_agencies(other) == []


def test_the_head_sees_the_agencys_application_and_task_but_may_not_act(head_my, miyun_task):
    application, task = miyun_task
    assert access.can_see_application(head_my, application)
    assert access.can_see_task(head_my, task, application)
    assert access.can_see_countersigns(head_my, application)
    assert access.is_head_of_task_agency(head_my, task)
    assert not access.may_act_on_step(head_my, task)
    assert not access.can_act_on_task(head_my, task)
    assert application.pk in access.applications_seen_as_official(head_my).values_list(
        "pk", flat=True
    )
    for queue in ("inbox", "queue", "archive"):
        assert not selectors.tasks_for_user(user=head_my, queue=queue).exists()
    assert list(selectors.tasks_for_user(user=head_my, queue="agency")) == [task]


def test_a_head_sees_nothing_of_another_agency(head_my, head_jz, miyun_task, jizhou_task):
    application, task = jizhou_task
    assert not access.can_see_application(head_my, application)
    assert not access.can_see_task(head_my, task, application)
    assert not access.is_head_of_task_agency(head_my, task)
    miyun_application, miyun = miyun_task
    assert not access.can_see_application(head_jz, miyun_application)
    assert access.can_see_task(head_jz, task, application)


def test_a_head_cannot_claim_or_decide(head_my, miyun_task):
    _application, task = miyun_task
    client = APIClient()
    client.force_authenticate(head_my)
    assert client.post(f"/api/v1/tasks/{task.pk}/claim/").status_code == 403
    response = client.post(
        f"/api/v1/tasks/{task.pk}/decide/", {"decision": "approve", "opinion": "同意"}
    )
    assert response.status_code == 403


def test_a_head_who_also_reviews_decides_as_a_reviewer(reference_data, miyun_task):
    _application, task = miyun_task
    user = member(role=Role.HEAD, agency_code="110118-forestry")
    role_grant(user=user, role=Role.REVIEWER, agency=Agency.objects.get(code="110118-forestry"))
    assert access.can_act_on_task(user, task)


def test_revoking_the_head_role_ends_what_it_gave(head_my, miyun_task):
    application, task = miyun_task
    role_revoke(membership=head_my.memberships.get())
    assert not access.is_head(head_my, Agency.objects.get(code="110118-forestry"))
    assert not access.can_see_application(head_my, application)
    assert not access.can_see_task(head_my, task, application)


def test_the_head_lands_on_the_work_desk_and_opens_the_task_page(client, head_my, miyun_task):
    _application, task = miyun_task
    client.force_login(head_my)
    assert client.get("/").url == reverse("work:index")
    assert client.get(reverse("work:index")).status_code == 200
    assert client.get(reverse("tasks:index")).status_code == 200
    assert client.get(reverse("task-detail", args=[task.pk])).status_code == 200


def test_heads_of_and_reassign_targets(head_my, head_jz, reviewer_my, reviewer_my2, miyun_task):
    miyun = Agency.objects.get(code="110118-forestry")
    assert list(access.heads_of(miyun)) == [head_my]
    assert list(access.heads_of(miyun.pk)) == [head_my]
    _application, task = miyun_task
    assert people.reassign_targets(task) == [reviewer_my, reviewer_my2]
