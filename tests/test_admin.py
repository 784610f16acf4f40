"""The admin is a door too: it must work for administrators and go through the services."""

import pytest
from django.urls import reverse

from permits.models import InvasiveSpecies
from roles.models import Agency, Membership, Role
from tests.factories import submit_accepted

from .factories import UserFactory


@pytest.fixture
def admin_client(client, reference_data):
    client.force_login(UserFactory(username="it_admin", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    "model",
    [
        "roles/agency",
        "roles/membership",
        "roles/absence",
        "workflows/route",
        "workflows/calendarday",
        "workflows/reviewdecision",
        "permits/invasivespecies",
        "permits/application",
        "audit/auditevent",
        "documents/certificate",
        "permits/obligation",
        "permits/filing",
        "permits/supervisionstandard",
    ],
)
def test_admin_lists_open(admin_client, model):
    assert admin_client.get(f"/admin/{model}/").status_code == 200


def test_an_administrator_adds_an_invasive_species(admin_client):
    response = admin_client.post(
        reverse("admin:permits_invasivespecies_add"),
        {
            "scientific_name": "Solidago canadensis",
            "chinese_name": "加拿大一枝黄花",
            "synonyms": '["Solidago altissima"]',
            "taxon_group": "plant",
            "source": "",
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert InvasiveSpecies.objects.get(chinese_name="加拿大一枝黄花").synonyms == [
        "Solidago altissima"
    ]


def test_a_membership_added_in_the_admin_grants_the_agency_permission(admin_client):
    user = UserFactory(username="new_reviewer")
    agency = Agency.objects.get(code="110118-forestry")
    response = admin_client.post(
        reverse("admin:roles_membership_add"),
        {"user": user.pk, "role": Role.REVIEWER, "agency": agency.pk, "organisation": ""},
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=user, agency=agency).exists()
    assert user.has_perm("roles.review_for_agency", agency)
    assert user.groups.filter(pk=agency.group_id).exists()


def test_a_head_is_made_in_the_admin_and_sees_what_the_agency_sees(admin_client):
    user = UserFactory(username="new_head")
    agency = Agency.objects.get(code="110118-forestry")
    response = admin_client.post(
        reverse("admin:roles_membership_add"),
        {"user": user.pk, "role": Role.HEAD, "agency": agency.pk, "organisation": ""},
    )
    assert response.status_code == 302
    assert user.has_perm("roles.head_of_agency", agency)
    assert user.groups.filter(pk=agency.group_id).exists()
    assert not user.has_perm("roles.review_for_agency", agency)


def test_absences_are_read_in_the_admin_never_written(admin_client):
    assert admin_client.get(reverse("admin:roles_absence_add")).status_code == 403


# --- Review records are evidence: read-only, whoever is logged in ----------------------------


@pytest.fixture
def under_review(applicant_my, reviewer_my, muni_plan_consultant):
    """A Beijing occupation past the district step and one countersign: a process, done and
    open tasks, a countersign, audit events."""
    from tests.factories import decide, occupation_draft

    application = submit_accepted(application=occupation_draft(by=applicant_my), by=applicant_my)
    application = decide(application, reviewer_my)
    return decide(application, muni_plan_consultant, "agree", "同意", "bj-planning")


@pytest.fixture
def muni_plan_consultant(reference_data):
    from tests.factories import consultant

    return consultant("bj-planning")


def _records(application) -> dict:
    from viewflow.workflow.models import Process, Task

    from audit.models import AuditEvent
    from documents.models import Certificate
    from permits.models import Obligation
    from workflows.models import Countersign, ReviewDecision

    return {
        "workflows/reviewdecision": ReviewDecision.objects.filter(
            application_id=application.pk
        ).first(),
        "viewflow/process": Process.objects.filter(
            permitprocess__application_id=application.pk
        ).first(),
        "viewflow/task": Task.objects.filter(
            process__permitprocess__application_id=application.pk
        ).first(),
        "workflows/countersign": Countersign.objects.filter(application_id=application.pk).first(),
        "audit/auditevent": AuditEvent.objects.filter(application_id=application.pk).first(),
        "permits/application": application.application_ptr,
        "_counts": lambda: (
            Process.objects.count(),
            Task.objects.count(),
            Countersign.objects.count(),
            ReviewDecision.objects.count(),
            AuditEvent.objects.count(),
            Certificate.objects.count(),
            Obligation.objects.count(),
        ),
    }


def test_review_records_cannot_be_deleted_or_changed_in_the_admin(admin_client, under_review):
    records = _records(under_review)
    counts = records.pop("_counts")
    before = counts()
    task_status = records["viewflow/task"].status
    for model, obj in records.items():
        url = f"/admin/{model}/{obj.pk}"
        assert admin_client.post(f"{url}/delete/", {"post": "yes"}).status_code == 403, model
        assert admin_client.get(f"{url}/change/").status_code == 200, model  # view only
        assert admin_client.post(f"{url}/change/", {"status": "DONE"}).status_code == 403, model
        assert admin_client.get(f"/admin/{model}/add/").status_code == 403, model
        bulk = admin_client.post(
            f"/admin/{model}/",
            {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
        )
        assert bulk.status_code in (200, 302), model
    assert counts() == before
    records["viewflow/task"].refresh_from_db()
    assert records["viewflow/task"].status == task_status


def test_people_are_deactivated_not_deleted(admin_client):
    person = UserFactory(username="someone")
    url = f"/admin/auth/user/{person.pk}"
    assert admin_client.post(f"{url}/delete/", {"post": "yes"}).status_code == 403
    form = admin_client.get(f"{url}/change/").context["adminform"].form
    assert "groups" not in form.fields and "user_permissions" not in form.fields


def test_a_locked_out_person_is_unlocked_in_the_admin_and_the_unlocking_is_logged(
    admin_client, settings
):
    from axes.models import AccessAttempt, AccessLog
    from django.contrib.admin.models import DELETION, LogEntry
    from django.test import Client

    person = UserFactory(username="locked_person")
    person.set_password("right-password-1")
    person.save()
    door = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        door.post(reverse("login"), {"username": "locked_person", "password": "wrong"})
    attempt = AccessAttempt.objects.get(username="locked_person")
    refused = door.post(
        reverse("login"), {"username": "locked_person", "password": "right-password-1"}
    )
    assert "_auth_user_id" not in door.session and refused.status_code != 302

    # Logs are evidence: no change or delete page for them.
    log = AccessLog.objects.first()
    if log is not None:
        assert (
            admin_client.post(
                reverse("admin:axes_accesslog_delete", args=[log.pk]), {"post": "yes"}
            ).status_code
            == 403
        )

    response = admin_client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "unlock", "_selected_action": [attempt.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert not AccessAttempt.objects.filter(username="locked_person").exists()
    entry = LogEntry.objects.get(action_flag=DELETION, object_id=str(attempt.pk))
    assert entry.user.username == "it_admin"
    door.post(reverse("login"), {"username": "locked_person", "password": "right-password-1"})
    assert door.session.get("_auth_user_id") == str(person.pk)
