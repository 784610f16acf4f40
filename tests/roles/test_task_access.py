"""Who may open a review task (permits.access.can_see_task): the agency that acts on the step, the
officials of the other agencies that see the application, the audit bureau of its jurisdiction.
The applicant and everyone else get 404 at every task door, web and API: a task carries the
agencies' deliberation (会签意见), which stays closed to the applicant everywhere else too."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from api.serializers.applications import application_serializer_for
from audit.identity import IDENTITY_ACTIONS
from audit.models import AuditEvent
from core.errors import NotAllowed, NotVisible
from permits import access
from roles.models import Agency, Role
from roles.services import role_grant
from tests.factories import (
    consultant,
    decide,
    member,
    occupation_draft,
    open_task_of,
    submit_accepted,
)
from workflows import selectors
from workflows import services as task_services

pytestmark = pytest.mark.django_db

API = "/api/v1"
OPINION = "规划部门内部意见：用地指标偏紧，建议压缩面积"


@pytest.fixture
def muni_plan(reference_data):
    return consultant("bj-planning", username="muni_plan")


@pytest.fixture
def countersigned(applicant_my, reviewer_my, muni_plan):
    """A Beijing occupation the planning agency countersigned with a written opinion."""

    application = submit_accepted(application=occupation_draft(by=applicant_my), by=applicant_my)
    application = decide(application, reviewer_my)
    task = open_task_of(application, "bj-planning")
    application = decide(application, muni_plan, "disagree", OPINION, "bj-planning")
    return application, task


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_applicant_gets_404_at_every_door_of_the_countersign_task(
    client, countersigned, applicant_my
):
    application, task = countersigned
    acts = AuditEvent.objects.exclude(action__in=IDENTITY_ACTIONS)  # a sign-in is recorded
    events = acts.count()
    assert not access.can_see_task(applicant_my, task, application)
    with pytest.raises(NotVisible):
        selectors.task_get_visible(user=applicant_my, task_id=task.pk)
    client.force_login(applicant_my)
    assert client.get(reverse("task-detail", args=[task.pk])).status_code == 404
    for door in ("task-claim", "task-unclaim"):
        assert client.post(reverse(door, args=[task.pk])).status_code == 404
    assert (
        client.post(
            reverse("task-detail", args=[task.pk]), {"decision": "agree", "opinion": ""}
        ).status_code
        == 404
    )
    for door in ("claim", "unclaim", "decide"):
        response = api(applicant_my).post(
            f"{API}/tasks/{task.pk}/{door}/", {"decision": "agree"}, format="json"
        )
        assert response.status_code == 404, door
    assert acts.count() == events


def test_the_applicant_gets_404_for_every_task_of_their_application(
    client, countersigned, applicant_my
):
    application, _task = countersigned
    client.force_login(applicant_my)
    for task in selectors.Task.objects.filter(
        process__permitprocess__application_id=application.pk, flow_task_type="HUMAN"
    ):
        assert client.get(reverse("task-detail", args=[task.pk])).status_code == 404


def test_the_opinion_stays_out_of_everything_the_applicant_reads(
    client, countersigned, applicant_my
):
    application, _task = countersigned
    client.force_login(applicant_my)
    page = client.get(reverse("application-detail", args=[application.pk]))
    assert page.status_code == 200
    assert OPINION not in page.content.decode()
    detail = api(applicant_my).get(f"{API}/applications/{application.pk}/")
    assert detail.status_code == 200
    assert detail.json()["countersigns"] == []
    history = api(applicant_my).get(f"{API}/applications/{application.pk}/history/").json()
    assert "disagree" in [event["action"] for event in history]
    assert OPINION not in str(history)


def test_the_serializer_shows_no_opinion_without_a_reader(countersigned, approver, rf):
    """Fail closed: a serializer used without a request (a script, a future caller) has nobody
    to show the deliberation to."""
    application, _task = countersigned
    serializer_class = application_serializer_for(application.kind)
    assert serializer_class(application).data["countersigns"] == []
    assert serializer_class(application, context={"request": None}).data["countersigns"] == []
    request = rf.get("/")
    request.user = approver
    [countersign] = serializer_class(application, context={"request": request}).data["countersigns"]
    assert countersign["opinion"] == OPINION


def test_officials_of_the_seeing_agencies_open_the_task(
    client, countersigned, muni_plan, reviewer_my, approver, auditor
):
    application, task = countersigned
    for official in (muni_plan, reviewer_my, approver, auditor):
        assert access.can_see_task(official, task, application), official
        client.force_login(official)
        response = client.get(reverse("task-detail", args=[task.pk]))
        assert response.status_code == 200, official
    # The municipal approver reads the opinion on his own task.
    municipal = open_task_of(application)
    client.force_login(approver)
    assert OPINION in client.get(reverse("task-detail", args=[municipal.pk])).content.decode()


def test_seeing_a_task_is_not_acting_on_it(countersigned, auditor):
    """An auditor opens the municipal task (403 for acting, not 404) and changes nothing."""
    application, _task = countersigned
    municipal = open_task_of(application)
    with pytest.raises(NotAllowed):
        task_services.task_claim(task_id=municipal.pk, by=auditor)
    assert api(auditor).post(f"{API}/tasks/{municipal.pk}/claim/").status_code == 403


def test_officials_elsewhere_and_outsiders_get_404(
    client, countersigned, reviewer_yq, outsider, auditor_tj
):
    application, task = countersigned
    for person in (reviewer_yq, outsider, auditor_tj):
        assert not access.can_see_task(person, task, application)
        client.force_login(person)
        assert client.get(reverse("task-detail", args=[task.pk])).status_code == 404


def test_an_applicant_who_is_an_official_elsewhere_reads_their_file_as_an_applicant(
    client, countersigned, applicant_my
):
    """Being a consultant of an agency that does not see the application gives no opinions."""
    application, task = countersigned
    role_grant(user=applicant_my, role=Role.CONSULTANT, agency=Agency.objects.get(code="bj-water"))
    assert access.can_see_application(applicant_my, application)
    assert not access.can_see_countersigns(applicant_my, application)
    assert not access.can_see_task(applicant_my, task, application)
    assert (
        api(applicant_my).get(f"{API}/applications/{application.pk}/").json()["countersigns"] == []
    )
    client.force_login(applicant_my)
    assert client.get(reverse("task-detail", args=[task.pk])).status_code == 404


def test_an_agency_administrator_does_not_read_the_agency_files(countersigned):
    """The agency ``admin`` role configures; it joins no group that sees applications."""
    application, task = countersigned
    it_staff = member(role=Role.ADMIN, agency_code="bj-planning")
    assert not access.can_see_application(it_staff, application)
    assert not access.can_see_task(it_staff, task, application)
