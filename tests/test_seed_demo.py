"""``manage.py seed_demo``: the demo users of API.md, applications in every state, idempotent."""

from collections import Counter
from io import StringIO
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from guardian.models import UserObjectPermission
from viewflow.workflow.models import Task

from permits import services
from permits.audit import audit_verify
from permits.demo import DEMO_PASSWORD
from permits.models import (
    Application,
    ApplicationGroupObjectPermission,
    Attachment,
    AuditEvent,
    Certificate,
)
from roles.access import applications_visible_to
from roles.models import Agency, Membership, Organisation, Role
from workflows.engine import open_tasks

pytestmark = pytest.mark.django_db

User = get_user_model()

# API.md, "Demo users": who holds which role in which agency.
AGENCY_MEMBERS = {
    "district_my": (Role.REVIEWER, "110118-forestry"),
    "district_yq": (Role.REVIEWER, "110119-forestry"),
    "district_agri_my": (Role.REVIEWER, "110118-agriculture"),
    "district_jz": (Role.REVIEWER, "120119-forestry"),
    "district_agri_jz": (Role.REVIEWER, "120119-agriculture"),
    "muni_forest": (Role.APPROVER, "bj-forestry"),
    "muni_agri": (Role.APPROVER, "bj-agriculture"),
    "muni_plan": (Role.CONSULTANT, "bj-planning"),
    "muni_eco": (Role.CONSULTANT, "bj-ecology"),
    "muni_water": (Role.CONSULTANT, "bj-water"),
    "tj_forest": (Role.APPROVER, "tj-forestry"),
    "tj_agri": (Role.APPROVER, "tj-agriculture"),
    "jz_plan": (Role.CONSULTANT, "120119-planning"),
    "jz_gov": (Role.CONSULTANT, "120119-government-service"),
    "auditor_bj": (Role.AUDITOR, "bj-audit"),
    "auditor_tj": (Role.AUDITOR, "120119-audit"),
}
AGENCY_PERMISSION = {
    Role.REVIEWER: "review_for_agency",
    Role.APPROVER: "approve_for_agency",
    Role.CONSULTANT: "countersign_for_agency",
    Role.AUDITOR: "audit_for_agency",
}
# username: (jurisdiction, district) of the applicant organisation
APPLICANTS = {
    "applicant_my": ("110000", "110118"),
    "applicant_yq": ("110000", "110119"),
    "applicant_corp": ("110000", "110118"),
    "applicant_jz": ("120000", "120119"),
}
# (district, status): how many demo applications
STATES = Counter(
    {
        ("110118", "draft"): 1,
        ("110118", "district_review"): 1,
        ("110118", "municipal_review"): 1,
        ("110118", "approved"): 1,
        ("110118", "returned"): 1,
        ("110118", "rejected"): 1,
        ("110119", "district_review"): 1,
        ("110119", "approved"): 1,
        ("120119", "district_review"): 1,
        ("120119", "approved"): 1,
    }
)


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """Seed once for the module (~2 s a run) inside a transaction rolled back at its end; each
    test still runs in its own savepoint (the ``db`` fixture), so none sees another's changes."""
    media = tmp_path_factory.mktemp("seed-demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        yield SimpleNamespace(output=seed(), media=media)
        transaction.set_rollback(True)


@pytest.fixture
def seeded(seeded_once, db):
    return seeded_once


def row_counts() -> dict:
    models = (
        User,
        Membership,
        Organisation,
        Agency,
        Application,
        Attachment,
        Certificate,
        AuditEvent,
        Task,
        ApplicationGroupObjectPermission,
        UserObjectPermission,
    )
    return {model.__name__: model.objects.count() for model in models}


def test_a_second_run_changes_nothing(seeded):
    before = row_counts()
    passwords = dict(User.objects.values_list("username", "password"))

    output = seed()

    assert row_counts() == before
    assert dict(User.objects.values_list("username", "password")) == passwords
    assert "0 created" in output


def test_the_summary_names_users_and_statuses(seeded):
    assert "21 demo users" in seeded.output
    assert "10 created" in seeded.output
    assert "district_review: 3" in seeded.output


def test_agency_users_hold_the_role_of_the_table(seeded):
    for username, (role, agency_code) in AGENCY_MEMBERS.items():
        user = User.objects.get(username=username)
        membership = user.memberships.get()
        assert (membership.role, membership.agency.code) == (role, agency_code), username
        assert user.has_perm(f"roles.{AGENCY_PERMISSION[role]}", membership.agency), username
        assert user.groups.filter(pk=membership.agency.group_id).exists(), username


def test_applicants_belong_to_an_organisation_of_their_district(seeded):
    for username, (jurisdiction, district) in APPLICANTS.items():
        membership = User.objects.get(username=username).memberships.get()
        assert membership.role == Role.APPLICANT
        organisation = membership.organisation
        assert (organisation.jurisdiction_id, organisation.district_id) == (
            jurisdiction,
            district,
        ), username


def test_every_demo_user_logs_in_with_the_published_password(seeded):
    usernames = [*AGENCY_MEMBERS, *APPLICANTS, "admin"]
    users = User.objects.filter(username__in=usernames)
    assert users.count() == len(usernames)
    assert all(user.check_password(DEMO_PASSWORD) for user in users)
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="applicant_my").get_full_name() == "王林"


def test_applications_are_in_every_listed_state(seeded):
    assert Counter(Application.objects.values_list("district_id", "status")) == STATES


def test_reviews_left_their_traces(seeded):
    for application in Application.objects.filter(status="district_review"):
        assert open_tasks(application=application).count() == 1
    for application in Application.objects.filter(status="approved"):
        assert application.certificates.get().document_kind == "approval"
    assert Application.objects.get(status="rejected").certificates.get().document_kind == "refusal"
    returned = Application.objects.get(status="returned")
    assert AuditEvent.objects.get(application=returned, action="return").opinion
    draft = Application.objects.get(status="draft")
    assert not open_tasks(application=draft).exists()


def test_submitted_applications_carry_a_real_pdf_design_document(seeded):
    submitted = Application.objects.exclude(status="draft")
    attachments = Attachment.objects.filter(application__in=submitted, kind="design_document")
    assert attachments.count() == submitted.count()
    attachment = attachments.first()
    assert attachment.content_type == "application/pdf"
    assert (seeded.media / attachment.file.name).read_bytes().startswith(b"%PDF-")


def test_one_application_shows_the_beijing_key_zone_warning(seeded):
    warned = [
        application
        for application in Application.objects.exclude(status="draft")
        if any(f.rule == "T3" for f in services.application_warnings(application))
    ]
    assert [(a.district_id, a.status) for a in warned] == [("110118", "district_review")]


def test_the_miyun_reviewer_sees_miyun_not_yanqing(seeded):
    reviewer = User.objects.get(username="district_my")
    visible = applications_visible_to(reviewer)
    miyun = Application.objects.get(district_id="110118", status="district_review")
    yanqing = Application.objects.get(district_id="110119", status="district_review")
    assert visible.filter(pk=miyun.pk).exists()
    assert not visible.filter(pk=yanqing.pk).exists()
    assert not visible.filter(district_id="120119").exists()


def test_the_audit_chain_verifies(seeded):
    report = audit_verify()
    assert report.ok
    assert report.events == AuditEvent.objects.count() > 0
