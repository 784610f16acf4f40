"""Who sees what (product.md §6): districts, organisations, jurisdictions, auditors, drafts, and the
moment the municipal approver comes in. permits.access is the one module asked."""

import pytest

from core.errors import NotAllowed, NotVisible
from licensing.revocation import permit_revoke
from permits import access, services
from permits.choices import Status
from roles.models import Role
from tests.factories import (
    UserFactory,
    member,
    pdf_upload,
    return_items,
    submit_accepted,
    tending_draft,
)
from workflows import services as task_services
from workflows.engine import open_tasks
from workflows.selectors import application_open_tasks_for, tasks_for_user

pytestmark = pytest.mark.django_db

JIZHOU = {"jurisdiction_id": "120000", "district_id": "120119", "township": "下营镇"}


def submitted(by, **overrides):
    return submit_accepted(application=tending_draft(by=by, **overrides), by=by)


def visible(user) -> set[int]:
    return set(access.applications_visible_to(user).values_list("pk", flat=True))


def queue(user, name="queue") -> set[int]:
    return {t.process.permitprocess.application_id for t in tasks_for_user(user=user, queue=name)}


@pytest.fixture
def world(applicant_my, applicant_yq, applicant_jz):
    """One submitted application in 密云, 延庆 and 蓟州, and one draft in 密云."""
    return {
        "my": submitted(applicant_my),
        "yq": submitted(applicant_yq, district_id="110119", township="八达岭镇"),
        "jz": submitted(applicant_jz, **JIZHOU),
        "my_draft": tending_draft(by=applicant_my),
    }


def pks(world, *names) -> set[int]:
    return {world[n].pk for n in names}


# --- District reviewers --------------------------------------------------------------------------


def test_district_reviewers_see_and_queue_their_own_district_only(
    world, reviewer_my, reviewer_yq, reviewer_jz
):
    assert visible(reviewer_my) == pks(world, "my")
    assert visible(reviewer_yq) == pks(world, "yq")
    assert visible(reviewer_jz) == pks(world, "jz")
    assert queue(reviewer_my) == pks(world, "my")
    assert queue(reviewer_yq) == pks(world, "yq")
    assert queue(reviewer_jz) == pks(world, "jz")


def test_a_reviewer_of_another_district_gets_not_visible(world, reviewer_yq):
    with pytest.raises(NotVisible):
        access.application_get_visible(reviewer_yq, world["my"].pk)
    assert not access.can_see_application(reviewer_yq, world["my"])
    assert application_open_tasks_for(application=world["my"], user=reviewer_yq) == []


def test_the_district_agriculture_bureau_does_not_see_tending(world, reference_data):
    agriculture = member(role=Role.REVIEWER, agency_code="110118-agriculture")
    assert visible(agriculture) == set()
    assert queue(agriculture) == set()


def test_reviewers_keep_seeing_what_they_decided(world, reviewer_my):
    task = open_tasks(application=world["my"]).get()
    task_services.task_decide(task_id=task.pk, by=reviewer_my, decision="approve")
    assert visible(reviewer_my) == pks(world, "my")
    assert queue(reviewer_my) == set()
    assert queue(reviewer_my, "archive") == pks(world, "my")


def test_drafts_are_invisible_to_every_reviewer_and_auditor(world, reviewer_my, approver, auditor):
    draft = world["my_draft"]
    for user in (reviewer_my, approver, auditor):
        assert draft.pk not in visible(user)
        with pytest.raises(NotVisible):
            access.application_get_visible(user, draft.pk)


# --- Applicants ----------------------------------------------------------------------------------


def test_applicants_see_their_organisation_only(world, applicant_my, applicant_yq, applicant_jz):
    assert visible(applicant_my) == pks(world, "my", "my_draft")
    assert visible(applicant_yq) == pks(world, "yq")
    assert visible(applicant_jz) == pks(world, "jz")
    with pytest.raises(NotVisible):
        access.application_get_visible(applicant_yq, world["my_draft"].pk)
    assert not access.can_edit_application(applicant_yq, world["my_draft"])
    assert access.can_edit_application(applicant_my, world["my_draft"])


def test_applicants_have_no_review_queue(world, applicant_my):
    assert queue(applicant_my) == set()
    assert application_open_tasks_for(application=world["my"], user=applicant_my) == []


def test_applicant_b_cannot_touch_applicant_as_draft(world, applicant_yq):
    draft = world["my_draft"]
    with pytest.raises(NotAllowed):
        services.application_update(application=draft, by=applicant_yq, data={"title": "x"})
    with pytest.raises(NotAllowed):
        services.attachment_add(
            application=draft, by=applicant_yq, kind="other", upload=pdf_upload()
        )
    with pytest.raises(NotAllowed):
        submit_accepted(application=draft, by=applicant_yq)


def test_an_outsider_sees_nothing(world, outsider):
    assert visible(outsider) == set()
    assert queue(outsider) == set()
    with pytest.raises(NotVisible):
        access.application_get_visible(outsider, world["my"].pk)


def test_unknown_or_malformed_ids_answer_not_visible(world, applicant_my):
    for pk in (999_999, "abc", None):
        with pytest.raises(NotVisible):
            access.application_get_visible(applicant_my, pk)


# --- Auditors ------------------------------------------------------------------------------------


def test_auditors_see_their_jurisdiction_only(world, auditor, auditor_tj):
    assert visible(auditor) == pks(world, "my", "yq")
    assert visible(auditor_tj) == pks(world, "jz")
    assert access.is_auditor(auditor) and access.is_auditor(auditor_tj)
    with pytest.raises(NotVisible):
        access.application_get_visible(auditor, world["jz"].pk)
    with pytest.raises(NotVisible):
        access.application_get_visible(auditor_tj, world["my"].pk)


def test_auditors_keep_seeing_after_the_decision(world, auditor, reviewer_my, approver):
    application = world["my"]
    for user in (reviewer_my, approver):
        task = open_tasks(application=application).get()
        task_services.task_decide(task_id=task.pk, by=user, decision="approve")
    assert application.pk in visible(auditor)


def test_auditors_never_decide(world, auditor, auditor_tj):
    for user, name in ((auditor, "my"), (auditor_tj, "jz")):
        task = open_tasks(application=world[name]).get()
        with pytest.raises(NotAllowed):
            task_services.task_decide(task_id=task.pk, by=user, decision="approve")
        with pytest.raises(NotAllowed):
            task_services.task_claim(task_id=task.pk, by=user)
        assert queue(user) == set()
        assert application_open_tasks_for(application=world[name], user=user) == []
    assert {world[n].detail.status for n in ("my", "jz")} == {Status.DISTRICT_REVIEW}


def test_auditors_never_edit_withdraw_or_revoke(world, auditor):
    application = world["my"]
    assert not access.can_edit_application(auditor, application)
    with pytest.raises(NotAllowed):
        services.application_update(application=application, by=auditor, data={"title": "x"})
    with pytest.raises(NotAllowed):
        services.attachment_add(
            application=application, by=auditor, kind="other", upload=pdf_upload()
        )
    with pytest.raises(NotAllowed):
        task_services.application_withdraw(application=application, by=auditor, reason="不再实施")
    with pytest.raises(NotAllowed):
        permit_revoke(
            ground="unqualified_applicant", application=application, by=auditor, reason="审计"
        )
    assert not access.is_reviewer(auditor)


# --- The municipal approver ----------------------------------------------------------------------


def test_the_approver_sees_an_application_once_it_reaches_municipal_review(
    world, reviewer_my, approver
):
    application = world["my"]
    assert visible(approver) == set()
    assert queue(approver) == set()

    task = open_tasks(application=application).get()
    task_services.task_decide(task_id=task.pk, by=reviewer_my, decision="approve")

    assert visible(approver) == pks(world, "my")
    assert queue(approver) == pks(world, "my")
    assert [
        task_services.task_step(t)
        for t in application_open_tasks_for(application=application, user=approver)
    ] == ["municipal_review"]
    # 延庆 and 蓟州 applications, still at district review, stay out of sight.
    with pytest.raises(NotVisible):
        access.application_get_visible(approver, world["yq"].pk)


def test_a_returned_application_is_not_shown_to_the_approver_before_it_reaches_him(
    world, reviewer_my, approver
):
    application = world["my"]
    task = open_tasks(application=application).get()
    task_services.task_decide(
        task_id=task.pk, by=reviewer_my, decision="return", opinion="补正", items=return_items()
    )
    assert application.pk not in visible(approver)


def test_the_tianjin_route_never_involves_the_beijing_approver(world, reviewer_jz, approver):
    task = open_tasks(application=world["jz"]).get()
    task_services.task_decide(task_id=task.pk, by=reviewer_jz, decision="approve")
    assert world["jz"].pk not in visible(approver)


# --- Administrators ------------------------------------------------------------------------------


def test_a_superuser_does_not_decide_permits(world):
    """IT staff manage configuration (product.md §1); deciding needs an agency membership, and
    user.has_perm() (True for every superuser) must not stand in for one."""
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    task = open_tasks(application=world["my"]).get()
    # Superusers configure; review tasks are not theirs to see (404), let alone decide.
    with pytest.raises(NotVisible):
        task_services.task_decide(task_id=task.pk, by=admin, decision="approve")
    with pytest.raises(NotVisible):
        task_services.task_claim(task_id=task.pk, by=admin)
    assert world["my"].detail.status == Status.DISTRICT_REVIEW
    assert queue(admin) == set()


def test_a_superuser_does_not_revoke_permits(world, reviewer_jz):
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    task = open_tasks(application=world["jz"]).get()
    task_services.task_decide(task_id=task.pk, by=reviewer_jz, decision="approve")
    with pytest.raises(NotAllowed):
        permit_revoke(
            ground="unqualified_applicant", application=world["jz"], by=admin, reason="测试"
        )
    assert world["jz"].detail.status == Status.APPROVED


# --- One query for a person's permissions on an application --------------------------------------


def test_the_permissions_read_in_one_query_are_guardians(
    world, applicant_my, applicant_yq, reviewer_my, reviewer_yq, approver, auditor, head_my
):
    """``access._codenames_on`` (one query) gives what guardian's checker gives (two), for
    permissions held through a group, held by the person directly, and not held at all."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from guardian.core import ObjectPermissionChecker
    from guardian.shortcuts import assign_perm

    from permits.models import Application

    rows = {name: Application.objects.get(pk=a.pk) for name, a in world.items()}
    assign_perm("permits.change_application", reviewer_yq, rows["yq"])  # a person's own
    people = [applicant_my, applicant_yq, reviewer_my, reviewer_yq, approver, auditor, head_my]
    for person in people:
        for application in rows.values():
            expected = frozenset(ObjectPermissionChecker(person).get_perms(application))
            with CaptureQueriesContext(connection) as queries:
                held = access._codenames_on(person, application)
            assert (person.username, application.pk, held) == (
                person.username,
                application.pk,
                expected,
            )
            assert len(queries) == 1
    assert access._codenames_on(reviewer_yq, rows["yq"]) >= {"change_application"}
    assert access._codenames_on(applicant_my, rows["my"]) >= {"view_application"}
    assert not access._codenames_on(reviewer_my, rows["yq"])
