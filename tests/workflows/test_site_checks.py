"""Site checks (现场查验, product.md §16 L12; Administrative Licensing Law art. 34 para. 3): two
or more of the district agency's staff check an occupation before its district step approves."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from audit.choices import AuditAction
from audit.models import AuditEvent
from core.errors import InvalidInput, NotAllowed, NotVisible, StateConflict
from permits.choices import Status
from permits.models import Attachment
from roles.models import Role
from tests.factories import (
    accept,
    member,
    occupation_draft,
    open_task_of,
    pdf_upload,
    tending_draft,
    tianjin_occupation_draft,
)
from workflows import services
from workflows.models import SiteCheck

pytestmark = pytest.mark.django_db


@pytest.fixture
def occupation(applicant_my, reviewer_my):
    application = services.application_submit(
        application=occupation_draft(by=applicant_my), by=applicant_my
    )
    return accept(application, reviewer_my)


def record(task, by, **overrides):
    values = {
        "checked_on": timezone.localdate(),
        "inspectors": ["district_my", "district_my2"],
        "findings": "用地范围与图件一致。",
        "measured_area_ha": "1.79",
    }
    return services.site_check_record(task_id=task.pk, by=by, **(values | overrides))


def approve(application, by):
    return services.task_decide(
        task_id=open_task_of(application).pk, by=by, decision="approve", opinion="同意上报"
    )[1]


def test_the_district_approves_an_occupation_only_after_a_site_check(
    occupation, reviewer_my, reviewer_my2
):
    with pytest.raises(StateConflict) as refused:
        approve(occupation, reviewer_my)
    assert refused.value.problems[0].code == "site_check_required"
    assert Status(occupation.status) == Status.DISTRICT_REVIEW
    check = record(open_task_of(occupation), reviewer_my, uploads=[pdf_upload()])
    assert check.inspector_names and check.inspectors.count() == 2
    assert check.measured_area_ha == Decimal("1.79")
    assert check.agency.code == "110118-forestry"
    (photo,) = check.attachments.all()
    assert photo.kind == "site_check"
    event = AuditEvent.objects.get(action=AuditAction.SITE_CHECK)
    assert event.details["inspectors"] == ["district_my", "district_my2"]
    assert event.details["attachments"][0]["sha256"] == photo.sha256
    assert approve(occupation, reviewer_my).status == Status.CONSULTATION


def test_every_problem_at_once_and_nothing_stored(occupation, reviewer_my, reviewer_my2):
    task = open_task_of(occupation)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(InvalidInput) as refused:
        record(task, reviewer_my, checked_on=tomorrow, inspectors=["district_my"],
               findings=" ", measured_area_ha="0")  # fmt: skip
    assert {p.field for p in refused.value.problems} == {
        "checked_on",
        "inspectors",
        "findings",
        "measured_area_ha",
    }
    for inspectors in (
        ["district_my", "district_my"],
        ["district_my", "district_yq"],
        ["district_my", "nobody"],
        "district_my,district_my2",
        ["district_my", 7],
    ):
        with pytest.raises(InvalidInput) as refused:
            record(task, reviewer_my, inspectors=inspectors)
        assert [p.field for p in refused.value.problems] == ["inspectors"], inspectors
    for area in ("-1", "abc", "1e9", "NaN", True, None):
        with pytest.raises(InvalidInput):
            record(task, reviewer_my, measured_area_ha=area)
    for day in ("2026-13-01", "yesterday", date(2000, 1, 1), None):
        with pytest.raises(InvalidInput):
            record(task, reviewer_my, checked_on=day)
    assert not SiteCheck.objects.exists()
    assert not Attachment.objects.filter(kind="site_check").exists()


def test_only_the_district_step_of_an_occupation_and_only_its_people(
    occupation, applicant_my, reviewer_my, reviewer_my2, reviewer_yq, head_my, approver
):
    task = open_task_of(occupation)
    with pytest.raises(NotVisible):
        record(task, reviewer_yq)
    with pytest.raises(NotVisible):
        record(task, applicant_my)
    auditor = member(role=Role.AUDITOR, agency_code="bj-audit")
    with pytest.raises((NotAllowed, NotVisible)):
        record(task, auditor)
    # The head of the agency may record one, and may be one of the inspectors.
    check = record(task, head_my, inspectors=["head_my", "district_my"])
    assert check.recorded_by == head_my
    tending = accept(
        services.application_submit(application=tending_draft(by=applicant_my), by=applicant_my),
        reviewer_my,
    )
    with pytest.raises(StateConflict) as refused:
        record(open_task_of(tending), reviewer_my)
    assert refused.value.problems[0].code == "not_a_site_check_step"
    approved = approve(occupation, reviewer_my)
    with pytest.raises(StateConflict):  # the district task is closed
        record(task, reviewer_my)
    assert approved.site_checks.count() == 1


def test_tianjin_occupations_are_checked_by_jizhou_staff(applicant_jz, reviewer_jz, head_jz):
    application = accept(
        services.application_submit(
            application=tianjin_occupation_draft(by=applicant_jz), by=applicant_jz
        ),
        reviewer_jz,
    )
    task = open_task_of(application)
    with pytest.raises(InvalidInput):
        record(task, reviewer_jz)  # 密云 staff
    record(task, reviewer_jz, inspectors=["district_jz", "head_jz"])
    assert approve(application, reviewer_jz).status == Status.CONSULTATION
