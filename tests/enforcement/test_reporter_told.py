"""The reporter of a public report is told the outcome of the case it opened (issue 48 item 6):
when the case is decided and when it is closed, the report's page by its tracking code (and the
API's) shows the case's number, its decision and its close, and when the report last changed,
in the act's transaction; never the party."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from audit.models import AuditEvent
from core.errors import StateConflict
from enforcement import services
from enforcement.models import Case
from public.models import Report
from public.reports import (
    report_close,
    report_contacts_erase,
    report_file,
    report_public_status,
    report_site_check,
)

MINOR = {"no_penalty_ground": "minor_corrected"}
pytestmark = pytest.mark.django_db

POINT = {"type": "Point", "coordinates": [116.85, 40.40]}
PARTY = {"name": "张三丰", "id_number": "11010519491231002X", "address": "北京市密云区溪翁庄镇"}
EVIDENCE = [{"kind": "photo", "description": "现场照片3张，伐桩12个"}]
OFFICERS = ["district_my", "district_my2"]
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def reported_case(articles, head_my, reviewer_my, reviewer_my2):
    """A report closed as done without a permit on 2 March 2026: its case opened."""
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        report = report_file(
            kind="illegal_felling",
            description="有人砍树。",
            site_geometry=POINT,
            district="110118",
            contact="13800000000",
        )
        report_site_check(
            report_id=report.pk,
            by=reviewer_my,
            checked_on=date(2026, 3, 2),
            inspectors=OFFICERS,
            findings="属实，伐桩12个。",
        )
        report_close(report_id=report.pk, by=reviewer_my, outcome="no_permit", findings="立案。")
    case = Case.objects.get(source="report", source_id=str(report.pk))
    return Report.objects.get(pk=report.pk), case


def _notified(case, head_my, reviewer_my, *, fine="6000"):
    with time_machine.travel("2026-03-03 10:00 +0800", tick=False):
        services.case_register(case_id=case.pk, by=head_my, party=PARTY)
        services.case_evidence(
            case_id=case.pk, by=reviewer_my, officers=OFFICERS, evidence=EVIDENCE
        )
        services.case_prior_notice(
            case_id=case.pk, by=reviewer_my, article="forest-76-2", fine=fine, base_value="1500"
        )
        services.case_statement(case_id=case.pk, by=reviewer_my, waived=True)


def _page(code: str) -> str:
    return APIClient().post(reverse("public-report-track"), {"code": code}).content.decode()


def test_the_reporter_reads_the_penalty_then_the_close(reported_case, head_my, reviewer_my):
    report, case = reported_case
    shown = report_public_status(report.tracking_code)
    assert shown["case"] == {
        "number": case.number,
        "outcome": None,
        "closed": False,
        "decided_on": None,
        "closed_on": None,
    }
    _notified(case, head_my, reviewer_my)
    with time_machine.travel("2026-03-20 10:00 +0800", tick=False):
        services.case_decide(
            case_id=case.pk,
            by=head_my,
            outcome="penalty",
            article="forest-76-2",
            fine="6000",
            base_value="1500",
            reasons="滥伐事实清楚",
        )
    shown = report_public_status(report.tracking_code)
    assert shown["case"]["outcome"] == "penalty"
    assert shown["case"]["decided_on"] == date(2026, 3, 20)
    assert shown["case"]["closed"] is False
    assert shown["updated"].date() == date(2026, 3, 20)
    decided = AuditEvent.objects.get(action="case_decided", details__case_id=case.pk)
    assert decided.details["report_id"] == report.pk
    with time_machine.travel("2026-04-01 10:00 +0800", tick=False):
        services.case_execute(case_id=case.pk, by=reviewer_my, fine_paid_on="2026-04-01")
        services.case_close(case_id=case.pk, by=head_my, note="罚款已缴")
    shown = report_public_status(report.tracking_code)
    assert shown["case"]["closed"] is True and shown["case"]["closed_on"] == date(2026, 4, 1)
    assert shown["updated"].date() == date(2026, 4, 1)
    closed = AuditEvent.objects.get(action="case_closed", details__case_id=case.pk)
    assert closed.details["report_id"] == report.pk


def test_the_page_and_the_api_show_the_case_and_never_the_party(
    reported_case, head_my, reviewer_my
):
    report, case = reported_case
    _notified(case, head_my, reviewer_my, fine="0")
    with time_machine.travel("2026-03-20 10:00 +0800", tick=False):
        services.case_decide(
            case_id=case.pk, by=head_my, outcome="no_penalty", reasons="轻微", **MINOR
        )
        services.case_close(case_id=case.pk, by=head_my)
    body = APIClient().get(f"/api/v1/public/reports/{report.tracking_code}/").json()
    assert body["case"] == {
        "number": case.number,
        "outcome": "no_penalty",
        "closed": True,
        "decided_on": "2026-03-20",
        "closed_on": "2026-03-20",
    }
    page = _page(report.tracking_code)
    assert case.number in page and 'data-case-outcome="no_penalty"' in page
    assert 'data-case-closed="true"' in page and "不予行政处罚" in page
    for private in (PARTY["name"], PARTY["id_number"], "13800000000", "轻微"):
        assert private not in page and private not in str(body)


def test_a_refused_act_tells_nobody(reported_case, head_my, reviewer_my):
    """The report changes in the act's transaction: an act refused leaves it as it was."""
    report, case = reported_case
    _notified(case, head_my, reviewer_my)
    before = Report.objects.get(pk=report.pk).updated_at
    with (
        time_machine.travel("2026-03-20 10:00 +0800", tick=False),
        pytest.raises(StateConflict),
    ):
        services.case_close(case_id=case.pk, by=head_my)
    assert Report.objects.get(pk=report.pk).updated_at == before
    assert report_public_status(report.tracking_code)["case"]["outcome"] is None


def test_a_report_without_a_case_shows_none(reference_data):
    report = report_file(
        kind="illegal_felling", description="有人砍树。", site_geometry=POINT, district="110118"
    )
    assert report_public_status(report.tracking_code)["case"] is None
    assert 'id="report-case"' not in _page(report.tracking_code)


def test_the_contact_is_erased_the_standards_days_after_the_case_closed(
    reported_case, head_my, reviewer_my
):
    """F37, F39: the contact kept to tell the reporter how the case ends has served once the
    case is closed; it is erased the jurisdiction's days (30 by default) after that close."""
    report, case = reported_case
    _notified(case, head_my, reviewer_my, fine="0")
    assert report_contacts_erase(datetime(2026, 5, 1, 9, tzinfo=SHANGHAI)) == 0  # case open
    with time_machine.travel("2026-03-20 10:00 +0800", tick=False):
        services.case_decide(
            case_id=case.pk, by=head_my, outcome="no_penalty", reasons="轻微", **MINOR
        )
        services.case_close(case_id=case.pk, by=head_my)
    assert report_contacts_erase(datetime(2026, 4, 18, 9, tzinfo=SHANGHAI)) == 0
    assert Report.objects.get(pk=report.pk).contact == "13800000000"
    assert report_contacts_erase(datetime(2026, 4, 20, 10, tzinfo=SHANGHAI)) == 1
    erased = Report.objects.get(pk=report.pk)
    assert erased.contact == "" and erased.contact_erased_at is not None
    # What the reporter reads with the code stays.
    assert report_public_status(report.tracking_code)["case"]["closed"] is True
