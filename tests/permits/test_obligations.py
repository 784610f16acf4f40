"""What a permit holder owes after approval (product.md §17): the schedule of each type, filing
with its structured data and photos, overdue obligations, use ended, restoration overdue, the
tick across the year boundary, revocation."""

from datetime import date, datetime, timedelta
from io import StringIO
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from core.errors import InvalidInput, NotAllowed, NotVisible, StateConflict
from licensing.revocation import permit_revoke
from permits.choices import ObligationKind, Status
from permits.filings import filing_create, incident_report
from permits.models import Application, Filing, Obligation
from permits.obligations import (
    Standard,
    add_months,
    obligations_overdue,
    report_due_dates,
    validity,
)
from permits.selectors import obligations_of, obligations_overdue_for
from public.standing import standing_of
from tests.factories import (
    decide,
    decision_document,
    introduction_data,
    introduction_draft,
    occupation_data,
    occupation_draft,
    pdf_upload,
    persona,
    revoke_heard,
    submit_accepted,
    tending_draft,
)

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
        (ObligationKind.ANNUAL_CONTROL, date(2026, 11, 30)),
        (ObligationKind.MONITORING, date(2026, 12, 1)),
        (ObligationKind.MONITORING, date(2027, 6, 1)),
        (ObligationKind.ANNUAL_CONTROL, date(2027, 11, 30)),
        (ObligationKind.MONITORING, date(2027, 12, 1)),
        (ObligationKind.MONITORING, date(2028, 6, 1)),
    ]


def test_due_dates_count_from_the_approval_and_do_not_drift():
    """31 Aug + 6 months is 28 Feb; the next is 31 Aug again, not 28 Aug."""
    detail = introduction(monitoring_interval_months=6, monitoring_years=2)
    dues = report_due_dates(detail, date(2026, 8, 31))
    assert [due for kind, due in dues if kind == ObligationKind.MONITORING] == [
        date(2027, 2, 28),
        date(2027, 8, 31),
        date(2028, 2, 29),
        date(2028, 8, 31),
    ]


def test_an_interval_that_does_not_divide_the_period_stays_within_it():
    detail = introduction(monitoring_interval_months=5, monitoring_years=1)
    dues = [
        due
        for kind, due in report_due_dates(detail, date(2026, 1, 31))
        if kind == ObligationKind.MONITORING
    ]
    assert dues[:2] == [date(2026, 6, 30), date(2026, 11, 30)]
    assert all(due <= date(2027, 1, 31) for due in dues)


def test_an_interval_longer_than_the_period_still_owes_a_report():
    detail = introduction(monitoring_interval_months=24, monitoring_years=1)
    assert report_due_dates(detail, APPROVED_ON) != []


def test_a_temporary_occupation_owes_its_restoration_a_year_after_the_use_ends():
    """森林法 art. 38: "临时使用林地期满后一年内" restore the vegetation."""
    detail = occupation(occupation_kind="temporary", duration_months=12)
    assert validity(detail, APPROVED_ON) == (APPROVED_ON, date(2027, 6, 1))
    assert report_due_dates(detail, APPROVED_ON) == [
        (ObligationKind.RESTORATION_COMPLETION, date(2028, 6, 1))
    ]


def test_a_tending_design_owes_its_completion_and_where_timber_is_removed_a_felling_permit():
    detail = SimpleNamespace(
        kind="tending",
        start_date=date(2026, 7, 1),
        end_date=date(2026, 10, 31),
        removal_volume_m3=12,
    )
    assert report_due_dates(detail, APPROVED_ON) == [
        (ObligationKind.FELLING_PERMIT, date(2026, 7, 1)),
        (ObligationKind.TENDING_COMPLETION, date(2026, 11, 30)),
    ]
    detail.removal_volume_m3 = None
    assert report_due_dates(detail, APPROVED_ON) == [
        (ObligationKind.TENDING_COMPLETION, date(2026, 11, 30))
    ]


def test_a_permanent_occupation_owes_nothing_and_is_valid_two_years():
    detail = occupation(occupation_kind="permanent", duration_months=None, restoration_plan="")
    # 建设项目使用林地审核审批管理办法 art. 25 (product.md §18 B4), the standard's default.
    two_years = add_months(APPROVED_ON, 24)
    assert validity(detail, APPROVED_ON, Standard()) == (APPROVED_ON, two_years)
    assert validity(detail, APPROVED_ON, Standard(permanent_validity_months=36))[1] == (
        add_months(APPROVED_ON, 36)
    )
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
    rows = [(r.kind, r.sequence, r.due_date, r.status) for r in obligations_of(application)]
    assert rows == [
        ("annual_control", 1, date(2026, 11, 30), "open"),
        ("monitoring", 1, date(2026, 12, 1), "open"),
        ("monitoring", 2, date(2027, 6, 1), "open"),
        ("annual_control", 2, date(2027, 11, 30), "open"),
        ("monitoring", 3, date(2027, 12, 1), "open"),
        ("monitoring", 4, date(2028, 6, 1), "open"),
    ]
    # Beijing's own seed and the national law: the clause each rests on is on the row, the seed
    # named by its title, never its file code (issue 45 item 12).
    basis = obligations_of(application)[1].basis
    assert "（《北京市生态保护2023年行动计划》二4）" in basis and "004" not in basis


def test_a_temporary_occupation_carries_its_restoration_deadline(
    applicant_my, reviewer_my, approver
):
    application = approved_occupation(applicant_my, reviewer_my, approver)
    assert application.valid_until == date(2027, 6, 1)
    assert decision_document(application).valid_until == date(2027, 6, 1)
    (report,) = obligations_of(application)
    assert (report.kind, report.sequence, report.due_date) == (
        "restoration_completion",
        1,
        date(2028, 6, 1),
    )
    assert "第三十八条" in report.basis


def test_a_permanent_occupation_ends_in_two_years_and_owes_no_reports(
    applicant_my, reviewer_my, approver
):
    application = approved_occupation(
        applicant_my,
        reviewer_my,
        approver,
        occupation_kind="permanent",
        duration_months=None,
        restoration_plan="",
    )
    assert application.status == Status.APPROVED
    assert application.valid_until == add_months(timezone.localdate(application.decided_at), 24)
    assert decision_document(application).valid_until == application.valid_until
    assert not obligations_of(application).exists()


def test_a_tending_approval_owes_its_completion(applicant_my, reviewer_my, approver):
    application = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
    application = decide(decide(application, reviewer_my), approver)
    assert application.status == Status.APPROVED
    kinds = [o.kind for o in obligations_of(application)]
    assert kinds[-1] == "tending_completion"
    completion = obligations_of(application).get(kind="tending_completion")
    assert completion.due_date == application.detail.end_date + timedelta(days=30)
    assert "（《北京市天然林保护修复制度实施方案》二（八））" in completion.basis
    assert "蓟州区" not in completion.basis and "000" not in completion.basis


def test_a_rejection_schedules_nothing(applicant_my, muni_agri):
    draft = introduction_draft(by=applicant_my, habitat_domain="farmland")
    application = submit_accepted(application=draft, by=applicant_my)
    decide(application, persona("district_agri_my"), "reject", "隔离措施不足")
    assert not Obligation.objects.exists()


# --- Filing -------------------------------------------------------------------------------------

MONITORING = {"alive_count": 480, "escaped": False, "containment": "contained"}


def first_report(application, kind="monitoring") -> Obligation:
    return obligations_of(application).filter(kind=kind).first()


def file(application, by, report=None, data=None, **kwargs):
    report = report or first_report(application)
    data = MONITORING if data is None else data
    return filing_create(obligation_id=report.pk, by=by, data=data, **kwargs)


def test_the_applicant_files_a_monitoring_report(approved_introduction, applicant_my, time_machine):
    time_machine.move_to(at(date(2026, 11, 20), 15))
    filing = file(approved_introduction, applicant_my, note="  植株生长正常。 ")
    report = first_report(approved_introduction)
    assert report.status == "filed"
    assert (filing.filed_at, filing.filed_by, filing.note) == (
        at(date(2026, 11, 20), 15),
        applicant_my,
        "植株生长正常。",
    )
    assert filing.data == {
        "alive_count": 480,
        "escaped": False,
        "containment": "contained",
        "disposal": "",
    }
    event = AuditEvent.objects.get(application_id=approved_introduction.pk, action="report_filed")
    assert (event.actor_id, event.from_status, event.to_status) == (
        applicant_my.pk,
        "approved",
        "approved",
    )
    assert event.details["obligation_id"] == report.pk
    assert event.details["data"] == filing.data
    assert Application.objects.get(pk=approved_introduction.pk).status == Status.APPROVED


def test_a_filing_may_carry_photos_checked_like_every_upload(approved_introduction, applicant_my):
    filing = file(approved_introduction, applicant_my, uploads=[pdf_upload("监测记录.pdf")])
    (photo,) = filing.attachments.all()
    assert (photo.name, photo.kind, photo.application_id) == (
        "监测记录.pdf",
        "photo",
        approved_introduction.pk,
    )
    event = AuditEvent.objects.get(application_id=approved_introduction.pk, action="report_filed")
    assert event.details["attachments"][0]["sha256"] == photo.sha256


def test_a_refused_photo_leaves_nothing(approved_introduction, applicant_my):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.errors import UploadTypeRefused

    bad = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not an image", "image/jpeg")
    with pytest.raises(UploadTypeRefused):
        file(approved_introduction, applicant_my, uploads=[bad])
    assert not Filing.objects.exists()
    assert first_report(approved_introduction).status == "open"


def test_a_report_is_filed_once(approved_introduction, applicant_my):
    """Two tabs, one filing: the second finds the obligation filed (409) and creates nothing."""
    file(approved_introduction, applicant_my)
    with pytest.raises(StateConflict):
        file(approved_introduction, applicant_my)
    assert Filing.objects.count() == 1
    assert (
        AuditEvent.objects.filter(
            application_id=approved_introduction.pk, action="report_filed"
        ).count()
        == 1
    )


def test_another_organisation_cannot_file(approved_introduction, applicant_yq, muni_agri):
    with pytest.raises(NotVisible):
        file(approved_introduction, applicant_yq)
    with pytest.raises(NotAllowed):
        file(approved_introduction, muni_agri)
    assert first_report(approved_introduction).status == "open"


@pytest.mark.parametrize(
    ("data", "fields"),
    [
        ({}, ["data.alive_count", "data.containment"]),
        ({"alive_count": -1, "containment": "contained"}, ["data.alive_count"]),
        ({"alive_count": "many", "containment": "x"}, ["data.alive_count", "data.containment"]),
        (
            {"alive_count": 3, "containment": "contained", "escaped": True},
            ["data.escape_count"],
        ),
        ({**MONITORING, "secret": 1}, ["data.secret"]),
    ],
)
def test_a_filing_names_each_wrong_field(approved_introduction, applicant_my, data, fields):
    with pytest.raises(InvalidInput) as error:
        file(approved_introduction, applicant_my, data=data)
    assert sorted(p.field for p in error.value.problems) == sorted(fields)
    assert not Filing.objects.exists()


def test_a_tending_completion_is_checked_per_compartment(applicant_my, reviewer_my, approver):
    application = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
    application = decide(decide(application, reviewer_my), approver)
    completion = first_report(application, "tending_completion")
    compartment = application.detail.compartments[0]
    area = application.detail.area_ha
    wrong = {
        "completed_on": "2026-05-01",
        "parcels": [
            {"compartment": compartment, "area_ha": -1, "operation_type": "thinning"},
            {"compartment": "999-99", "area_ha": 1, "operation_type": "thinning"},
            {"compartment": compartment, "area_ha": float(area) + 1, "operation_type": "x"},
        ],
    }
    with pytest.raises(InvalidInput) as error:
        file(application, applicant_my, report=completion, data=wrong)
    assert {(p.field, p.code) for p in error.value.problems} == {
        ("data.parcels[0].area_ha", "negative"),
        ("data.parcels[1].compartment", "not_approved"),
        ("data.parcels[2].compartment", "duplicate"),
        ("data.parcels[2].area_ha", "over_site"),
        ("data.parcels[2].operation_type", "invalid_choice"),
    }
    good = {
        "completed_on": "2026-05-01",
        "parcels": [{"compartment": compartment, "area_ha": "2.5", "operation_type": "thinning"}],
    }
    filing = file(application, applicant_my, report=completion, data=good)
    assert filing.data["parcels"][0]["area_ha"] == "2.5000"


def test_an_escape_is_reported_at_any_time(approved_introduction, applicant_my, muni_agri):
    from permits.models import Notification

    revoke_heard(
        application=approved_introduction, by=muni_agri, reason="违反法定程序作出准予行政许可决定"
    )
    data = {
        "occurred_on": "2026-06-01",
        "escape_count": 3,
        "escape_place": "鱼池东侧排水口",
        "containment": "partly_contained",
        "measures": "已加装拦网并组织捕回",
    }
    filing = incident_report(application=approved_introduction, by=applicant_my, data=data)
    assert (filing.obligation.kind, filing.obligation.status) == ("escape_incident", "filed")
    told = set(
        Notification.objects.filter(kind="filing").values_list("recipient__username", flat=True)
    )
    assert {"muni_agri", "district_agri_my"} <= told


# --- Overdue -------------------------------------------------------------------------------------


def test_overdue_obligations_show_to_the_supervising_agencies(
    approved_introduction, applicant_my, muni_agri, approver, time_machine
):
    first = first_report(approved_introduction)
    # Due on 1 Dec 2026: not overdue that day, overdue the next.
    assert first not in obligations_overdue(date(2026, 12, 1))
    assert not first.is_overdue(date(2026, 12, 1))
    time_machine.move_to(at(date(2026, 12, 2)))
    today = date(2026, 12, 2)
    assert first.is_overdue(today)
    assert first in obligations_overdue(today)
    assert first in obligations_overdue_for(muni_agri, today)
    assert first in obligations_overdue_for(persona("district_agri_my"), today)
    for other in (approver, persona("muni_eco"), applicant_my):
        assert not obligations_overdue_for(other, today).exists(), other.username
    file(approved_introduction, applicant_my)
    assert first not in obligations_overdue(today)


def test_a_revoked_introduction_still_owes_its_monitoring(
    approved_introduction, applicant_my, muni_agri
):
    """The organisms brought in are still there: late is still late after the revocation, and
    the holder still files (docs/legal-basis.md F38)."""
    today = date(2027, 1, 1)
    assert obligations_overdue(today).count() == 2  # the control report and a monitoring one
    revoke_heard(
        application=approved_introduction, by=muni_agri, reason="违反法定程序作出准予行政许可决定"
    )
    assert obligations_overdue(today).count() == 2
    assert obligations_overdue_for(muni_agri, today).count() == 2
    file(approved_introduction, applicant_my)
    assert obligations_overdue(today).count() == 1


# --- The tick: use ended, reminders, overdue, across the year boundary --------------------------


def tick(day: date) -> None:
    from django.core.management import call_command

    call_command("permits_tick", "--now", at(day).isoformat(), stdout=StringIO())


def test_a_temporary_occupation_ends_its_use_then_owes_its_restoration(
    applicant_my, reviewer_my, approver, time_machine
):
    from permits.models import Notification

    application = approved_occupation(applicant_my, reviewer_my, approver)
    restoration = first_report(application, "restoration_completion")
    tick(date(2027, 6, 2))
    assert Application.objects.get(pk=application.pk).status == Status.USE_ENDED
    assert AuditEvent.objects.filter(application_id=application.pk, action="use_ended").count() == 1
    # Reminded three months and one month before the due date (2028-06-01), once each.
    tick(date(2028, 3, 3))
    tick(date(2028, 3, 4))
    tick(date(2028, 5, 2))
    restoration.refresh_from_db()
    assert restoration.reminders_sent == 2
    assert Notification.objects.filter(kind="report_due", recipient=applicant_my).count() == 2
    # Across the year's end and past the due date: overdue, the occupation's restoration late.
    tick(date(2028, 6, 2))
    tick(date(2028, 6, 3))
    restoration.refresh_from_db()
    assert restoration.status == "overdue"
    assert Application.objects.get(pk=application.pk).status == Status.RESTORATION_OVERDUE
    events = AuditEvent.objects.filter(application_id=application.pk, action="obligation_overdue")
    assert events.count() == 1
    assert events.get().to_status == "restoration_overdue"
    # Lateness revokes nothing; the restoration can still be filed.
    time_machine.move_to(at(date(2028, 6, 3)))
    filing = file(
        application,
        applicant_my,
        report=restoration,
        data={
            "completed_on": "2028-06-03",
            "measures": "回填表土，播撒草籽，栽植油松",
            "area_ha": "0.5",
            "species": "油松、荆条",
            "survival_pct": "92",
        },
    )
    assert filing.obligation.status == "filed"


def test_a_tending_design_does_not_expire_at_its_end(applicant_my, reviewer_my, approver):
    application = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
    application = decide(decide(application, reviewer_my), approver)
    end = application.detail.end_date
    tick(end + timedelta(days=1))
    assert Application.objects.get(pk=application.pk).status == Status.APPROVED
    tick(end + timedelta(days=31))
    completion = first_report(application, "tending_completion")
    assert completion.status == "overdue"
    assert Application.objects.get(pk=application.pk).status == Status.APPROVED


def test_the_tick_marks_an_obligation_overdue_once(approved_introduction):
    tick(date(2026, 12, 2))
    tick(date(2026, 12, 3))
    assert (
        AuditEvent.objects.filter(
            application_id=approved_introduction.pk, action="obligation_overdue"
        ).count()
        == 2  # the control report of 30 Nov and the monitoring report of 1 Dec, once each
    )


# --- Revocation ----------------------------------------------------------------------------------


def test_the_lead_agency_approver_revokes_an_introduction(
    approved_introduction, muni_agri, approver
):
    with pytest.raises(NotAllowed):
        permit_revoke(
            ground="unqualified_applicant",
            application=approved_introduction,
            by=approver,
            reason="x",
        )
    with pytest.raises(InvalidInput):
        permit_revoke(
            ground="unqualified_applicant",
            application=approved_introduction,
            by=muni_agri,
            reason=" ",
        )
    revoke_heard(
        application=approved_introduction, by=muni_agri, reason="发现逸生扩散，防控措施不落实"
    )
    application = Application.objects.get(pk=approved_introduction.pk)
    assert application.status == Status.REVOKED
    assert standing_of(application.certificates.get(document_kind="approval")).status == "revoked"


def test_obligations_schedule_numbers_each_kind_from_one(approved_introduction):
    rows = Obligation.objects.filter(application_id=approved_introduction.pk)
    assert list(rows.filter(kind="monitoring").values_list("sequence", flat=True)) == [1, 2, 3, 4]
    assert list(rows.filter(kind="annual_control").values_list("sequence", flat=True)) == [1, 2]


# --- What the review of issue 29's first part found -------------------------------------------


def test_a_year_is_reported_once_it_held_two_months_of_the_permit():
    detail = introduction(monitoring_interval_months=6, monitoring_years=1)

    def controls(approved_on):
        dues = report_due_dates(detail, approved_on)
        return [due for kind, due in dues if kind == ObligationKind.ANNUAL_CONTROL]

    # Approved on 15 Oct 2026: 30 Nov is six weeks on, and the permit ends before the next.
    assert controls(date(2026, 10, 15)) == []
    assert controls(date(2026, 9, 30)) == [date(2026, 11, 30)]


def test_the_parcels_together_may_not_exceed_the_approved_area(applicant_my, reviewer_my, approver):
    application = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
    application = decide(decide(application, reviewer_my), approver)
    completion = first_report(application, "tending_completion")
    compartments = application.detail.compartments
    area = application.detail.area_ha
    assert len(compartments) >= 2
    half_and_more = str(area / 2 + 1)
    parcels = [
        {"compartment": c, "area_ha": half_and_more, "operation_type": "thinning"}
        for c in compartments[:2]
    ]
    with pytest.raises(InvalidInput) as error:
        file(
            application,
            applicant_my,
            report=completion,
            data={"completed_on": "2026-05-01", "parcels": parcels},
        )
    assert ("data.parcels", "over_site") in {(p.field, p.code) for p in error.value.problems}


@pytest.mark.parametrize("text", ["a\x00b", "\ud800"])
def test_text_no_database_keeps_is_refused(approved_introduction, applicant_my, text):
    with pytest.raises(InvalidInput) as error:
        file(approved_introduction, applicant_my, data={**MONITORING, "disposal": text})
    assert [p.field for p in error.value.problems] == ["data.disposal"]


def test_a_use_ended_keeps_its_approval_tells_the_holder_and_holds_the_land(
    applicant_my, reviewer_my, approver
):
    from documents.selectors import application_document
    from permits.models import Notification
    from permits.rules.zones import occupations_in_force

    application = approved_occupation(applicant_my, reviewer_my, approver)
    tick(date(2027, 6, 2))
    ended = Application.objects.get(pk=application.pk).detail
    assert ended.status == Status.USE_ENDED
    certificate = application_document(ended)
    assert certificate is not None and certificate.document_kind == "approval"
    assert standing_of(certificate).status == "expired"
    told = Notification.objects.get(kind="use_ended")
    assert told.recipient == applicant_my and "2028-06-01" in told.message
    overlap = {"kind": "occupation", "status": "use_ended"}
    assert occupations_in_force({"overlaps": [overlap]}) == [overlap]
