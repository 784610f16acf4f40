"""A superuser configures (the Django admin) and never acts as an applicant or a reviewer
(product.md §1): Django and guardian answer has_perm() with True for superusers, so every door is
tried here, web, API and services, with and without memberships. Each refusal changes nothing
and writes no audit event."""

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from audit.identity import IDENTITY_ACTIONS
from audit.models import AuditEvent
from core.errors import NotAllowed, NotVisible
from licensing.revocation import permit_revoke
from permits import access, filings, services
from permits.choices import Status
from permits.models import Application, Attachment, Filing, Obligation
from roles.models import Agency, Role
from roles.services import role_grant
from tests.api.helpers import beijing_body
from tests.factories import (
    UserFactory,
    member,
    pdf_upload,
    submit_accepted,
    tending_data,
    tending_draft,
)
from tests.web.helpers import decide, submitted_as
from workflows import services as task_services
from workflows.engine import open_tasks
from workflows.selectors import tasks_for_user

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture(params=["plain", "with memberships"])
def superuser(request, reference_data, org_miyun):
    """The IT administrator; in the second case he also holds an applicant membership of the
    owning organisation and agency roles on every step: still configuration only."""
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    if request.param == "with memberships":
        role_grant(user=admin, role=Role.APPLICANT, organisation=org_miyun)
        for role, code in [
            (Role.REVIEWER, "110118-forestry"),
            (Role.REVIEWER, "110118-agriculture"),
            (Role.CONSULTANT, "bj-ecology"),
            (Role.APPROVER, "bj-agriculture"),
            (Role.APPROVER, "bj-forestry"),
            (Role.AUDITOR, "bj-audit"),
        ]:
            role_grant(user=admin, role=role, agency=Agency.objects.get(code=code))
    return admin


@pytest.fixture
def files(applicant_my):
    """A draft, an application under district review, and an approved introduction that owes
    reports."""
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        introduction = submitted_as(kind="introduction", by=applicant_my, habitat_domain="farmland")
        decide(introduction, by=member(role=Role.REVIEWER, agency_code="110118-agriculture"))
        decide(
            introduction,
            by=member(role=Role.CONSULTANT, agency_code="bj-ecology"),
            decision="agree",
        )
        introduction = decide(
            introduction, by=member(role=Role.APPROVER, agency_code="bj-agriculture")
        )
    draft = tending_draft(by=applicant_my)
    under_review = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
    return {"draft": draft, "under_review": under_review, "approved": introduction}


def state() -> tuple:
    """Everything a wrongful action could change."""
    return (
        # A sign-in is on the chain too (issue 47): what is counted is what the acts record.
        AuditEvent.objects.exclude(action__in=IDENTITY_ACTIONS).count(),
        sorted(Application.objects.values_list("pk", "status", "updated", "title")),
        Attachment.objects.count(),
        Filing.objects.count(),
        sorted(
            open_tasks_everywhere().values_list("pk", "owner_id", "status"),
        ),
    )


def open_tasks_everywhere():
    from viewflow.workflow.models import Task

    return Task.objects.filter(flow_task_type="HUMAN")


def test_the_superuser_sees_no_application_and_no_task(superuser, files):
    assert not access.applications_visible_to(superuser).exists()
    for application in files.values():
        assert not access.can_see_application(superuser, application)
        assert not access.can_edit_application(superuser, application)
        assert not access.can_revoke(superuser, application)
    assert access.applicant_organisation(superuser) is None
    assert not access.is_reviewer(superuser)
    assert not access.is_auditor(superuser)
    for queue in ("inbox", "queue", "archive"):
        assert not tasks_for_user(user=superuser, queue=queue).exists()


def test_every_service_refuses_the_superuser(superuser, files):
    before = state()
    draft, under_review, approved = files["draft"], files["under_review"], files["approved"]
    task = open_tasks(application=under_review).get()
    report = Obligation.objects.filter(application_id=approved.pk).first()
    refusals = [
        (
            NotAllowed,
            lambda: services.application_create(by=superuser, kind="tending", data=tending_data()),
        ),
        (
            NotAllowed,
            lambda: services.application_update(
                application=draft, by=superuser, data={"title": "改"}
            ),
        ),
        (
            NotAllowed,
            lambda: services.attachment_add(
                application=draft, by=superuser, kind="other", upload=pdf_upload()
            ),
        ),
        (NotAllowed, lambda: submit_accepted(application=draft, by=superuser)),
        (
            NotAllowed,
            lambda: task_services.application_withdraw(
                application=draft, by=superuser, reason="不再实施"
            ),
        ),
        (
            NotAllowed,
            lambda: task_services.application_withdraw(
                application=under_review, by=superuser, reason="不再实施"
            ),
        ),
        (
            NotVisible,
            lambda: filings.filing_create(
                obligation_id=report.pk, by=superuser, data={"alive_count": 1}
            ),
        ),
        (
            NotAllowed,
            lambda: permit_revoke(
                ground="unqualified_applicant", application=approved, by=superuser, reason="x"
            ),
        ),
        (NotVisible, lambda: task_services.task_claim(task_id=task.pk, by=superuser)),
        (
            NotVisible,
            lambda: task_services.task_decide(task_id=task.pk, by=superuser, decision="approve"),
        ),
        (NotVisible, lambda: task_services.task_unclaim(task_id=task.pk, by=superuser)),
    ]
    for error, call in refusals:
        with pytest.raises(error):
            call()
    assert state() == before


def test_every_web_door_refuses_the_superuser(client, superuser, files):
    before = state()
    draft, under_review, approved = files["draft"], files["under_review"], files["approved"]
    task = open_tasks(application=under_review).get()
    report = Obligation.objects.filter(application_id=approved.pk).first()
    client.force_login(superuser)
    for application in files.values():
        assert client.get(reverse("application-detail", args=[application.pk])).status_code == 404
    posts = [
        ("application-edit", draft, {"title": "改"}),
        ("application-attachment-add", draft, {"kind": "other", "file": pdf_upload()}),
        ("application-submit", draft, {}),
        ("application-withdraw", under_review, {"reason": ""}),
        ("application-revoke", approved, {"reason": "x"}),
    ]
    for name, application, data in posts:
        response = client.post(reverse(name, args=[application.pk]), data)
        assert response.status_code == 404, name
    for name, data in (("obligation-file", {"alive_count": 1, "containment": "contained"}),):
        assert client.post(reverse(name, args=[report.pk]), data).status_code == 404, name
    incident = reverse("application-incident", args=[approved.pk])
    assert client.post(incident, {"escape_count": 1}).status_code == 404
    for name in ("task-claim", "task-unclaim"):
        assert client.post(reverse(name, args=[task.pk])).status_code == 404, name
    decide_page = reverse("task-detail", args=[task.pk])
    assert client.get(decide_page).status_code == 404
    assert client.post(decide_page, {"decision": "approve", "opinion": "同意"}).status_code == 404
    create = reverse("applications:create", args=["tending"])
    assert client.post(create, {"title": "x"}).status_code == 403
    assert state() == before


def test_every_api_door_refuses_the_superuser(superuser, files):
    before = state()
    draft, under_review, approved = files["draft"], files["under_review"], files["approved"]
    task = open_tasks(application=under_review).get()
    report = Obligation.objects.filter(application_id=approved.pk).first()
    api = APIClient()
    api.force_authenticate(superuser)
    assert api.get(f"{API}/applications/").json()["results"] == []
    for application in files.values():
        assert api.get(f"{API}/applications/{application.pk}/").status_code == 404
        assert api.get(f"{API}/applications/{application.pk}/history/").status_code == 404
    requests = [
        ("patch", f"applications/{draft.pk}/", {"title": "改"}),
        ("post", f"applications/{draft.pk}/submit/", {}),
        ("post", f"applications/{under_review.pk}/withdraw/", {}),
        ("post", f"obligations/{report.pk}/filings/", {"data": {"alive_count": 1}}),
        ("post", f"applications/{approved.pk}/incidents/", {"data": {}}),
        ("post", f"applications/{approved.pk}/revoke/", {"reason": "x"}),
        ("post", f"tasks/{task.pk}/claim/", {}),
        ("post", f"tasks/{task.pk}/unclaim/", {}),
        ("post", f"tasks/{task.pk}/decide/", {"decision": "approve"}),
    ]
    for method, path, body in requests:
        response = getattr(api, method)(f"{API}/{path}", body, format="json")
        assert response.status_code == 404, path
    upload = api.post(
        f"{API}/applications/{draft.pk}/attachments/",
        {"kind": "other", "file": pdf_upload()},
        format="multipart",
    )
    assert upload.status_code == 404
    created = api.post(f"{API}/applications/", beijing_body(), format="json")
    assert created.status_code == 403
    assert api.get(f"{API}/tasks/?queue=queue").json()["results"] == []
    assert api.get(f"{API}/audit/events/").status_code == 403
    assert state() == before
    assert files["under_review"].detail.status == Status.DISTRICT_REVIEW
