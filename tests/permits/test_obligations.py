"""What a permit holder owes after approval (product.md §3.3 S3 引入后使用管控, and the
restoration of temporarily occupied forest land): the schedule, filing a report, overdue reports,
revocation."""

from datetime import date, datetime
from io import StringIO
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from audit.models import AuditEvent
from core.errors import InvalidInput, NotAllowed, StateConflict
from permits import obligations, services
from permits.choices import Status
from permits.models import Application, ObligationKind, ScheduledReport
from permits.obligations import add_months, report_due_dates, reports_overdue, validity
from permits.selectors import reports_of, reports_overdue_for
from tests.factories import (
    decide,
    decision_document,
    introduction_data,
    introduction_draft,
    occupation_data,
    occupation_draft,
    pdf_upload,
    persona,
    submit_accepted,
    tending_draft,
)
from workflows import services as task_services

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
APPROVED_ON = date(2026, 6, 1)


def at(day: date, hour=10):
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _approval_day(time_machine):
    time_machine.move_to(at(APPROVED_ON), tick=False)


# --- add_months, validity and due dates (pure) ---------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 11, 30), 14, date(2028, 1, 30)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2026, 6, 1), 0, date(2026, 6, 1)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(day, months, expected):
    assert add_months(day, months) == expected


def introduction(**fields):
    return SimpleNamespace(kind="introduction", **{**introduction_data(), **fields})


def occupation(**fields):
    return SimpleNamespace(kind="occupation", **{**occupation_data(), **fields})


def test_six_monthly_reports_for_two_years_are_four():
    detail = introduction(monitoring_interval_months=6, monitoring_years=2)
    assert validity(detail, APPROVED_ON) == (APPROVED_ON, date(2028, 6, 1))
    assert report_due_dates(detail, APPROVED_ON) == [
        (ObligationKind.MONITORING, date(2026, 12, 1)),
        (ObligationKind.MONITORING, date(2027, 6, 1)),
        (ObligationKind.MONITORING, date(2027, 12, 1)),
        (ObligationKind.MONITORING, date(2028, 6, 1)),
    ]


def test_due_dates_count_from_the_approval_and_do_not_drift():
    """31 Aug + 6 months is 28 Feb; the next is 31 Aug again, not 28 Aug."""
    detail = introduction(monitoring_interval_months=6, monitoring_years=2)
    assert [due for _kind, due in report_due_dates(detail, date(2026, 8, 31))] == [
        date(2027, 2, 28),
        date(2027, 8, 31),
        date(2028, 2, 29),
        date(2028, 8, 31),
    ]


def test_an_interval_that_does_not_divide_the_period_stays_within_it():
    detail = introduction(monitoring_interval_months=5, monitoring_years=1)
    dues = [due for _kind, due in report_due_dates(detail, date(2026, 1, 31))]
    assert dues[:2] == [date(2026, 6, 30), date(2026, 11, 30)]
    assert all(due <= date(2027, 1, 31) for due in dues)


def test_an_interval_longer_than_the_period_still_owes_a_report():
    detail = introduction(monitoring_interval_months=24, monitoring_years=1)
    assert report_due_dates(detail, APPROVED_ON) != []


def test_a_temporary_occupation_owes_one_restoration_report_at_its_end():
    detail = occupation(occupation_kind="temporary", duration_months=12)
    assert validity(detail, APPROVED_ON) == (APPROVED_ON, date(2027, 6, 1))
    assert report_due_dates(detail, APPROVED_ON) == [(ObligationKind.RESTORATION, date(2027, 6, 1))]


def test_a_permanent_occupation_owes_nothing_and_does_not_end():
    detail = occupation(occupation_kind="permanent", duration_months=None, restoration_plan="")
    assert validity(detail, APPROVED_ON) == (APPROVED_ON, None)
    assert report_due_dates(detail, APPROVED_ON) == []


# --- The schedule made at approval ---------------------------------------------------------------


@pytest.fixture
def muni_agri(reference_data):
    return persona("muni_agri")


@pytest.fixture
def approved_introduction(applicant_my, muni_agri):
    """A Beijing farmland introduction (consulted: 市生态环境局 only), approved on APPROVED_ON."""
    draft = introduction_draft(by=applicant_my, habitat_domain="farmland")
    application = submit_accepted(application=draft, by=applicant_my)
    application = decide(application, persona("district_agri_my"))
    application = decide(application, persona("muni_eco"), "agree", "", "bj-ecology")
    return decide(application, muni_agri, "approve", "准予引入")


def approved_occupation(applicant, reviewer, approver, **fields):
    application = submit_accepted(
        application=occupation_draft(by=applicant, **fields), by=applicant
    )
    application = decide(application, reviewer)
    application = decide(application, persona("muni_plan"), "agree", "", "bj-planning")
    return decide(application, approver)


def test_an_approved_introduction_gets_its_monitoring_schedule(approved_introduction):
    application = approved_introduction
    assert application.status == Status.APPROVED
    assert application.valid_until == date(2028, 6, 1)
    certificate = decision_document(application)
    assert (certificate.valid_from, certificate.valid_until) == (APPROVED_ON, date(2028, 6, 1))
    assert [(r.kind, r.sequence, r.due_date, r.filed_at) for r in reports_of(application)] == [
        ("monitoring", 1, date(2026, 12, 1), None),
        ("monitoring", 2, date(2027, 6, 1), None),
        ("monitoring", 3, date(2027, 12, 1), None),
        ("monitoring", 4, date(2028, 6, 1), None),
    ]


def test_a_temporary_occupation_carries_its_restoration_deadline(
    applicant_my, reviewer_my, approver
):
    application = approved_occupation(applicant_my, reviewer_my, approver)
    assert application.valid_until == date(2027, 6, 1)
    assert decision_document(application).valid_until == date(2027, 6, 1)
    (report,) = reports_of(application)
    assert (report.kind, report.sequence, report.due_date) == ("restoration", 1, date(2027, 6, 1))


def test_a_permanent_occupation_has_no_end_and_no_reports(applicant_my, reviewer_my, approver):
    application = approved_occupation(
        applicant_my,
        reviewer_my,
        approver,
        occupation_kind="permanent",
        duration_months=None,
        restoration_plan="",
    )
    assert application.status == Status.APPROVED
    assert application.valid_until is None
    assert decision_document(application).valid_until is None
    assert not reports_of(application).exists()


def test_a_tending_approval_owes_no_reports(applicant_my, reviewer_my, approver):
    application = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
    application = decide(decide(application, reviewer_my), approver)
    assert application.status == Status.APPROVED
    assert not reports_of(application).exists()


def test_a_rejection_schedules_nothing(applicant_my, muni_agri):
    draft = introduction_draft(by=applicant_my, habitat_domain="farmland")
    application = submit_accepted(application=draft, by=applicant_my)
    decide(application, persona("district_agri_my"), "reject", "隔离措施不足")
    assert not ScheduledReport.objects.exists()


# --- Filing a report -----------------------------------------------------------------------------


def first_report(application) -> ScheduledReport:
    return reports_of(application).first()


def file(application, by, report=None, text="植株生长正常，未发现逸生扩散。", **kwargs):
    report = report or first_report(application)
    return services.report_file(
        application=application, by=by, report_id=report.pk, text=text, **kwargs
    )


def test_the_applicant_files_a_report(approved_introduction, applicant_my, time_machine):
    time_machine.move_to(at(date(2026, 11, 20), 15))
    report = file(approved_introduction, applicant_my, text="  植株生长正常，未发现逸生扩散。 ")
    report.refresh_from_db()
    assert report.filed_at == at(date(2026, 11, 20), 15)
    assert report.filed_by == applicant_my
    assert report.text == "植株生长正常，未发现逸生扩散。"
    event = AuditEvent.objects.get(application_id=approved_introduction.pk, action="report_filed")
    assert (event.actor_id, event.opinion, event.from_status, event.to_status) == (
        applicant_my.pk,
        "植株生长正常，未发现逸生扩散。",
        "approved",
        "approved",
    )
    assert event.details == {
        "report_id": report.pk,
        "kind": "monitoring",
        "sequence": 1,
        "due_date": "2026-12-01",
        "attachment_sha256": None,
    }
    assert Application.objects.get(pk=approved_introduction.pk).status == Status.APPROVED


def test_a_report_may_carry_a_file(approved_introduction, applicant_my):
    report = file(approved_introduction, applicant_my, upload=pdf_upload("监测报告.pdf"))
    assert report.attachment.name == "监测报告.pdf"
    assert report.attachment.application_id == approved_introduction.pk
    event = AuditEvent.objects.get(application_id=approved_introduction.pk, action="report_filed")
    assert event.details["attachment_sha256"] == report.attachment.sha256


def test_a_report_is_filed_once(approved_introduction, applicant_my):
    file(approved_introduction, applicant_my)
    with pytest.raises(StateConflict) as error:
        file(approved_introduction, applicant_my, text="再次报送")
    assert error.value.detail == services.MSG_REPORT_FILED
    assert first_report(approved_introduction).text == "植株生长正常，未发现逸生扩散。"
    assert (
        AuditEvent.objects.filter(
            application_id=approved_introduction.pk, action="report_filed"
        ).count()
        == 1
    )


def test_another_organisation_cannot_file(approved_introduction, applicant_yq, muni_agri):
    for user in (applicant_yq, muni_agri):
        with pytest.raises(NotAllowed):
            file(approved_introduction, user)
    assert first_report(approved_introduction).filed_at is None


def test_a_report_needs_text(approved_introduction, applicant_my):
    with pytest.raises(InvalidInput) as error:
        file(approved_introduction, applicant_my, text="   ")
    assert [(p.field, p.code) for p in error.value.problems] == [("text", "required")]


def test_a_report_of_another_permit_is_not_due(
    approved_introduction, applicant_my, reviewer_my, approver
):
    other = approved_occupation(applicant_my, reviewer_my, approver)
    with pytest.raises(InvalidInput) as error:
        file(approved_introduction, applicant_my, report=first_report(other))
    assert [(p.field, p.code) for p in error.value.problems] == [("report", "not_due")]


# --- Overdue -------------------------------------------------------------------------------------


def test_overdue_reports_show_to_the_lead_agency_only(
    approved_introduction, applicant_my, muni_agri, approver, time_machine
):
    first = first_report(approved_introduction)
    # Due on 1 Dec 2026: not overdue that day, overdue the next.
    assert not reports_overdue(date(2026, 12, 1)).exists()
    assert not first.is_overdue(date(2026, 12, 1))
    time_machine.move_to(at(date(2026, 12, 2)))
    today = date(2026, 12, 2)
    assert first.is_overdue(today)
    assert list(reports_overdue(today)) == [first]
    assert list(reports_overdue_for(muni_agri, today)) == [first]
    for other in (
        approver,  # 北京市园林绿化局: not the lead agency of introductions
        persona("muni_eco"),  # consulted, not leading
        persona("district_agri_my"),  # the district step of a route with a municipal lead
        applicant_my,
    ):
        assert not reports_overdue_for(other, today).exists(), other.username

    file(approved_introduction, applicant_my)
    assert not reports_overdue(today).exists()
    assert not reports_overdue_for(muni_agri, today).exists()

    # A year later two more are late.
    later = date(2027, 12, 2)
    assert [r.sequence for r in reports_overdue_for(muni_agri, later)] == [2, 3]


def test_a_revoked_permit_owes_nothing_more(approved_introduction, applicant_my, muni_agri):
    today = date(2027, 1, 1)
    assert reports_overdue(today).count() == 1
    task_services.application_revoke(
        application=approved_introduction, by=muni_agri, reason="未按期报送监测报告"
    )
    assert not reports_overdue(today).exists()
    assert not reports_overdue_for(muni_agri, today).exists()
    with pytest.raises(StateConflict):
        file(approved_introduction, applicant_my)


def test_tianjin_tending_reports_would_show_to_the_district_agency(applicant_jz, reviewer_jz):
    """Where the district step is final there is no lead agency: the district agency watches."""
    application = submit_accepted(
        application=tending_draft(
            by=applicant_jz, jurisdiction_id="120000", district_id="120119", township="下营镇"
        ),
        by=applicant_jz,
    )
    application = decide(application, reviewer_jz)
    # Tending owes no reports; put one there as an approval of another type would.
    report = ScheduledReport.objects.create(
        application_id=application.pk, kind="monitoring", sequence=1, due_date=date(2026, 7, 1)
    )
    assert list(reports_overdue_for(reviewer_jz, date(2026, 7, 2))) == [report]


# --- Reports outlive the permit's validity -------------------------------------------------------


def test_a_missing_restoration_report_shows_as_overdue_after_the_occupation_ended(
    applicant_my, reviewer_my, approver, time_machine
):
    from django.core.management import call_command

    application = approved_occupation(applicant_my, reviewer_my, approver)
    time_machine.move_to(at(date(2027, 6, 2)))
    call_command("permits_tick", stdout=StringIO())
    assert Application.objects.get(pk=application.pk).status == Status.EXPIRED
    today = date(2027, 6, 2)
    assert [r.kind for r in reports_overdue(today)] == ["restoration"]
    assert [r.kind for r in reports_overdue_for(approver, today)] == ["restoration"]


def test_the_restoration_report_can_be_filed_late_after_expiry(
    applicant_my, reviewer_my, approver, time_machine
):
    from django.core.management import call_command

    application = approved_occupation(applicant_my, reviewer_my, approver)
    time_machine.move_to(at(date(2027, 6, 10)))
    call_command("permits_tick", stdout=StringIO())
    report = file(application, applicant_my, text="植被恢复已完成，成活率92%。")
    assert report.filed_at is not None


# --- Revocation ----------------------------------------------------------------------------------


def test_the_lead_agency_approver_revokes_an_introduction(
    approved_introduction, muni_agri, approver
):
    with pytest.raises(NotAllowed):
        task_services.application_revoke(application=approved_introduction, by=approver, reason="x")
    with pytest.raises(InvalidInput):
        task_services.application_revoke(
            application=approved_introduction, by=muni_agri, reason=" "
        )
    task_services.application_revoke(
        application=approved_introduction, by=muni_agri, reason="发现逸生扩散，防控措施不落实"
    )
    application = Application.objects.get(pk=approved_introduction.pk)
    assert application.status == Status.REVOKED
    assert application.certificates.get(document_kind="approval").status == "revoked"
    event = AuditEvent.objects.get(application_id=application.pk, action="revoke")
    assert (event.actor_id, event.agency_code, event.opinion) == (
        muni_agri.pk,
        "bj-agriculture",
        "发现逸生扩散，防控措施不落实",
    )


def test_obligations_schedule_numbers_each_kind_from_one(approved_introduction):
    assert list(
        ScheduledReport.objects.filter(application_id=approved_introduction.pk).values_list(
            "sequence", flat=True
        )
    ) == [1, 2, 3, 4]
    assert obligations.reports_overdue(date(2030, 1, 1)).count() == 4
