"""``manage.py permits_tick``: permits whose validity has run out expire, each with one audit event;
the public verification answers "expired"; a second run changes nothing (product.md §4, §7, §8).
Reports due soon and overdue are told once each, however often and concurrently ticks run;
``--now`` runs as of another instant, and refuses what is not ISO-8601 (product.md §12)."""

from datetime import date, datetime
from io import StringIO
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from audit.models import AuditEvent
from audit.trail import audit_verify
from documents.models import Certificate
from licensing.lapses import land_approval_record
from permits import access, services
from permits.choices import Status
from permits.models import Application, Notification, Obligation
from public.standing import standing_of
from tests.factories import (
    decide,
    decision_document,
    introduction_draft,
    occupation_draft,
    persona,
    revoke_heard,
    submit_accepted,
    tending_draft,
    tianjin_tending_data,
)

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
APPROVED_ON = date(2026, 6, 1)
TENDING_ENDS = date(2026, 11, 30)  # tending_data's end_date
OCCUPATION_ENDS = date(2027, 6, 1)  # 12 months
INTRODUCTION_ENDS = date(2028, 6, 1)  # 2 years of monitoring
PERMANENT_ENDS = date(2028, 6, 1)  # two years (建设项目使用林地审核审批管理办法 art. 25)


def at(day: date):
    return datetime(day.year, day.month, day.day, 10, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _approval_day(time_machine):
    time_machine.move_to(at(APPROVED_ON), tick=False)


def tick(*args) -> str:
    out = StringIO()
    call_command("permits_tick", *args, stdout=out)
    return out.getvalue()


def tick_count(output: str, job: str) -> int:
    """What one job did, read from permits_tick's summary line ("expired: 2; ...")."""
    counts = dict(part.split(": ") for part in output.strip().split("; "))
    return int(counts[job])


def submit(draft, by):
    return submit_accepted(application=draft, by=by)


@pytest.fixture
def permits(applicant_my, applicant_jz, reviewer_my, reviewer_jz, approver):
    """One approved permit of each kind, all approved on APPROVED_ON."""
    muni_plan = persona("muni_plan")

    def occupation(**fields):
        application = decide(
            submit(occupation_draft(by=applicant_my, **fields), applicant_my), reviewer_my
        )
        application = decide(application, muni_plan, "agree", "", "bj-planning")
        return decide(application, approver)

    tending = decide(
        decide(submit(tending_draft(by=applicant_my), applicant_my), reviewer_my), approver
    )
    tianjin_tending = decide(
        submit(tending_draft(by=applicant_jz, **tianjin_tending_data()), applicant_jz), reviewer_jz
    )
    introduction = submit(
        introduction_draft(by=applicant_my, habitat_domain="farmland"), applicant_my
    )
    introduction = decide(introduction, persona("district_agri_my"))
    introduction = decide(introduction, persona("muni_eco"), "agree", "", "bj-ecology")
    introduction = decide(introduction, persona("muni_agri"))
    applications = {
        "tending": tending,
        "tianjin_tending": tianjin_tending,
        "temporary": occupation(),
        "permanent": occupation(
            occupation_kind="permanent", duration_months=None, restoration_plan=""
        ),
        "introduction": introduction,
    }
    assert {k: a.status for k, a in applications.items()} == dict.fromkeys(
        applications, Status.APPROVED
    )
    assert {k: a.valid_until for k, a in applications.items()} == {
        "tending": TENDING_ENDS,
        "tianjin_tending": TENDING_ENDS,
        "temporary": OCCUPATION_ENDS,
        "permanent": PERMANENT_ENDS,
        "introduction": INTRODUCTION_ENDS,
    }
    return applications


def statuses(applications) -> dict:
    return {
        key: Application.objects.get(pk=application.pk).status
        for key, application in applications.items()
    }


def expire_events():
    return AuditEvent.objects.filter(action="expire").order_by("seq")


def verify_status(application) -> str:
    number = decision_document(application).number
    response = APIClient().get(f"/api/v1/certificates/{quote(number)}/verify/")
    assert response.status_code == 200
    return response.json()["status"]


def test_a_permit_is_valid_through_its_last_day(permits, time_machine):
    time_machine.move_to(at(TENDING_ENDS))
    assert "expired or use ended: 0" in tick()
    assert set(statuses(permits).values()) == {Status.APPROVED}
    assert not expire_events().exists()


def test_each_kind_ends_its_period_as_the_law_says(permits, time_machine):
    """A tending design awaits its completion and inspection (product.md §17 A1); a temporary
    occupation's use ends and its restoration is owed (A4); an introduction expires."""
    time_machine.move_to(at(date(2026, 12, 1)))
    assert "expired or use ended: 0" in tick()
    assert statuses(permits) == {
        "tending": Status.APPROVED,
        "tianjin_tending": Status.APPROVED,
        "temporary": Status.APPROVED,
        "permanent": Status.APPROVED,
        "introduction": Status.APPROVED,
    }

    time_machine.move_to(at(date(2027, 6, 2)))
    assert "expired or use ended: 1" in tick()
    assert statuses(permits)["temporary"] == Status.USE_ENDED

    time_machine.move_to(at(date(2028, 6, 2)))
    assert "expired or use ended: 1" in tick()
    assert statuses(permits)["introduction"] == Status.EXPIRED
    # No construction-land approval recorded: lapsed and cancelled (licensing.lapses), not
    # expired.
    assert statuses(permits)["permanent"] == Status.CANCELLED


def record_land_approval(application):
    """The holder records the permanent occupation's construction-land approval (§18 B4)."""
    land_approval_record(
        application=application,
        by=access.applicants_of(application.organisation_id).first(),
        number="京规自地字〔2027〕18号",
        approved_on="2027-03-01",
        authority="北京市规划和自然资源委员会",
    )


def test_expiry_is_recorded_once_and_the_certificate_says_expired(permits, time_machine):
    time_machine.move_to(at(date(2027, 3, 2)))
    record_land_approval(permits["permanent"])  # so that it neither expires nor lapses
    time_machine.move_to(at(date(2030, 1, 1)))
    # The first tick also renders the documents the fixture left unrendered and signs the
    # documents it left unsigned (no commit ran, so the work after it never did).
    before = (
        AuditEvent.objects.count()
        + Certificate.objects.filter(rendered_at__isnull=True).count()
        + Certificate.objects.filter(signed_at__isnull=True).count()
    )

    output = tick()

    assert "expired or use ended: 2" in output
    expired = [k for k, status in statuses(permits).items() if status == Status.EXPIRED]
    assert expired == ["introduction"]
    # Its use ended in 2027; its restoration, due in 2028, was never filed.
    assert statuses(permits)["temporary"] == Status.RESTORATION_OVERDUE
    events = list(expire_events())
    # The expiry, the use ended, what fell overdue since (each obligation once), and for each
    # obligation overdue past the standard's 30 days a rectification proposed (§17 A6), once.
    overdue = AuditEvent.objects.filter(action="obligation_overdue").count()
    proposed = AuditEvent.objects.filter(action="rectification_proposed").count()
    assert 0 < proposed <= overdue
    assert AuditEvent.objects.count() == before + 2 + overdue + proposed
    assert sorted(e.application_id for e in events) == sorted(permits[k].pk for k in expired)
    by_application = {e.application_id: e for e in events}
    for key in expired:
        application = permits[key]
        event = by_application[application.pk]
        assert (event.from_status, event.to_status, event.role) == ("approved", "expired", "system")
        assert event.actor_id is None
        assert event.details == {"valid_until": application.valid_until.isoformat()}
        certificate = decision_document(application)
        assert standing_of(certificate).status == "expired"
        assert verify_status(application) == "expired"
    assert by_application[permits["introduction"].pk].agency_code == "bj-agriculture"
    assert verify_status(permits["permanent"]) == "valid"
    assert audit_verify().ok


def test_a_second_run_changes_nothing(permits, time_machine):
    time_machine.move_to(at(date(2030, 1, 1)))
    tick()
    events_after_first = AuditEvent.objects.count()
    statuses_after_first = statuses(permits)

    assert "expired or use ended: 0" in tick()
    assert "expired or use ended: 0" in tick()

    assert AuditEvent.objects.count() == events_after_first
    assert statuses(permits) == statuses_after_first
    assert audit_verify().ok


def test_expiring_one_permit_twice_records_it_once(permits, time_machine):
    time_machine.move_to(at(date(2030, 1, 1)))
    application = permits["temporary"]
    for _ in range(2):
        services.application_expire(application=application, today=date(2030, 1, 1))
    ended = AuditEvent.objects.filter(application_id=application.pk, action="use_ended")
    assert ended.count() == 1


def test_permanent_occupations_with_their_land_approval_never_expire(permits, time_machine):
    time_machine.move_to(at(date(2027, 3, 2)))
    record_land_approval(permits["permanent"])
    time_machine.move_to(at(date(2099, 12, 31)))
    tick()
    assert statuses(permits)["permanent"] == Status.APPROVED
    assert not expire_events().filter(application_id=permits["permanent"].pk).exists()


def test_revoked_permits_stay_revoked(permits, approver, time_machine):
    revoke_heard(application=permits["tending"], by=approver, reason="擅自变更作业方式")
    time_machine.move_to(at(date(2030, 1, 1)))
    tick()
    assert statuses(permits)["tending"] == Status.REVOKED
    assert not expire_events().filter(application_id=permits["tending"].pk).exists()
    approval = Certificate.objects.get(
        application_id=permits["tending"].pk, document_kind="approval"
    )
    assert standing_of(approval).status == "revoked"


def test_the_tick_reports_overdue_reports(permits, time_machine):
    # 1 Dec 2026: the introduction's first monitoring report is due; 2 Dec it is late.
    time_machine.move_to(at(date(2026, 12, 2)))
    # The introduction's control report (30 Nov) and monitoring report (1 Dec), and the two
    # tending designs' completion reports (their work ended on 30 Oct).
    assert "overdue obligations: 4" in tick()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_overlapping_ticks_expire_each_permit_once(permits, time_machine):
    from tests.workflows.test_concurrency_postgres import race

    time_machine.move_to(at(date(2030, 1, 1)))
    outcomes = race([tick, tick, tick])
    assert [o for o in outcomes if not isinstance(o, str)] == []
    assert expire_events().count() == 1
    assert AuditEvent.objects.filter(action="use_ended").count() == 1
    assert audit_verify().ok


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_overlapping_ticks_report_each_expiry_once(permits, time_machine):
    from tests.workflows.test_concurrency_postgres import race

    time_machine.move_to(at(date(2030, 1, 1)))
    outcomes = race([tick, tick, tick])
    assert sum(tick_count(o, "expired or use ended") for o in outcomes) == 2


# ---- --now ---------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["yesterday", "2026-13-01", "2026-12-01T25:00", "", "1e9"])
def test_a_now_that_is_not_iso_8601_is_refused_and_changes_nothing(permits, time_machine, value):
    time_machine.move_to(at(date(2030, 1, 1)))
    events, notifications = AuditEvent.objects.count(), Notification.objects.count()
    with pytest.raises(CommandError, match="ISO-8601"):
        tick("--now", value)
    assert set(statuses(permits).values()) == {Status.APPROVED}
    assert AuditEvent.objects.count() == events
    assert Notification.objects.count() == notifications


@pytest.mark.parametrize(
    ("value", "expired"),
    [
        ("2026-12-01T23:59", 0),  # naive: Asia/Shanghai, the monitoring report's due day
        ("2026-12-02T00:00", 1),
        ("2026-12-01T15:59:00+00:00", 0),  # 23:59 in Shanghai
        ("2026-12-01T16:00:00Z", 1),  # midnight in Shanghai
        ("2026-12-02", 1),
    ],
)
def test_now_runs_as_of_that_instant_in_the_project_time_zone(permits, value, expired):
    # The monitoring report of 1 Dec is late only from 2 Dec in Shanghai.
    Obligation.objects.exclude(kind="monitoring").delete()
    assert f"overdue obligations: {expired};" in tick("--now", value)


# ---- reports due and overdue -----------------------------------------------------------------


def told(kind) -> list[str]:
    return sorted(
        Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True)
    )


def test_the_holder_is_reminded_once_days_before_a_report_is_due(permits):
    # The introduction's control report is due on 30 Nov 2026, its first monitoring report on
    # 1 Dec; each is reminded 7 days before (SupervisionStandard.reminder_days), once.
    Obligation.objects.exclude(kind="monitoring").delete()
    assert "obligations due: 0" in tick("--now", "2026-11-23T10:00")
    assert "obligations due: 1" in tick("--now", "2026-11-24T10:00")
    assert "obligations due: 0" in tick("--now", "2026-11-24T10:00")
    assert "obligations due: 0" in tick("--now", "2026-11-30T10:00")
    assert told("report_due") == ["applicant_my"]
    notification = Notification.objects.get(kind="report_due")
    assert notification.application_id == permits["introduction"].pk
    assert "2026-12-01" in notification.message


def test_an_overdue_report_is_told_once_to_the_holder_and_the_agencies(permits):
    Obligation.objects.exclude(kind="monitoring").delete()
    assert "overdue obligations: 0" in tick("--now", "2026-12-01T10:00")
    assert "overdue obligations: 1" in tick("--now", "2026-12-02T10:00")
    for day in ("2026-12-02T10:00", "2026-12-03T10:00", "2027-01-01T10:00"):
        assert "overdue obligations: 0" in tick("--now", day)
    # muni_agri approved the introduction, the district agency supervises it.
    assert {"applicant_my", "district_agri_my", "muni_agri"} <= set(told("report_overdue"))
    assert "muni_forest" not in told("report_overdue")


def test_a_filed_report_is_neither_reminded_nor_overdue(permits):
    Obligation.objects.exclude(application_id=permits["introduction"].pk).delete()
    Obligation.objects.filter(application_id=permits["introduction"].pk).update(status="filed")
    tick("--now", "2026-11-25T10:00")
    tick("--now", "2026-12-02T10:00")
    assert told("report_due") == [] and told("report_overdue") == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_overlapping_ticks_tell_each_report_once(permits):
    from tests.workflows.test_concurrency_postgres import race

    def tick_on(day):
        return lambda: tick("--now", day)

    Obligation.objects.exclude(kind="monitoring").delete()
    outcomes = race([tick_on("2026-11-25T10:00")] * 4)
    assert [o for o in outcomes if not isinstance(o, str)] == []
    assert told("report_due") == ["applicant_my"]

    outcomes = race([tick_on("2026-12-02T10:00")] * 4)
    assert [o for o in outcomes if not isinstance(o, str)] == []
    assert sum(tick_count(o, "overdue obligations") for o in outcomes) == 1
    assert {"applicant_my", "district_agri_my", "muni_agri"} <= set(told("report_overdue"))
