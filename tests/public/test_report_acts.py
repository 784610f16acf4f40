"""The acts on a report from the public, at the service level (issue 44: public's acts are
modules per act; the HTTP doors are tests/api/test_public_reports.py): each act is one
transaction with its audit event and its notices, refuses with every problem at once, and a
refused act changes nothing."""

from datetime import date

import pytest
import time_machine

from audit.identity import IDENTITY_ACTIONS
from audit.models import AuditEvent
from core.errors import InvalidInput, NotAllowed, NotVisible, StateConflict
from core.messages import (
    MSG_ALREADY_CHECKED,
    MSG_CHECK_FIRST,
    MSG_DESCRIPTION,
    MSG_KIND_PUBLIC,
    MSG_REFERRAL_BY_HEAD,
    MSG_SITE,
    MSG_TRANSFER_REASON,
)
from enforcement.models import Case
from permits.models import Notification
from public.models import Report, ReportStatus
from public.reports import (
    report_close,
    report_file,
    report_public_status,
    report_site_check,
    report_transfer,
    tracking_code_normal,
)

pytestmark = pytest.mark.django_db

MIYUN_POINT = {"type": "Point", "coordinates": [116.85, 40.40]}
YANQING_POINT = {"type": "Point", "coordinates": [115.98, 40.46]}
FRIDAY = "2026-11-27 09:00 +0800"


@pytest.fixture(autouse=True)
def _agencies(reference_data):
    """The districts' agencies that receive reports."""


def _filed(**overrides: object) -> Report:
    fields: dict[str, object] = {
        "kind": "illegal_felling",
        "description": "石城镇后山有人砍伐油松，约二十棵。",
        "site_geometry": MIYUN_POINT,
        "district": "110118",
        "contact": "王先生 13800000000",
        **overrides,
    }
    with time_machine.travel(FRIDAY, tick=False):
        return report_file(**fields)  # type: ignore[arg-type]


def _checked(report: Report, by, colleague) -> Report:
    with time_machine.travel(FRIDAY, tick=False):
        return report_site_check(
            report_id=report.pk,
            by=by,
            checked_on="2026-11-27",
            inspectors=[by.username, colleague.username],
            findings="伐桩二十个，新鲜。",
        )


def _events() -> list[str]:
    # The personas' roles granted are on the chain too (issue 47): the acts are read here.
    acts = AuditEvent.objects.exclude(action__in=IDENTITY_ACTIONS)
    return list(acts.order_by("seq").values_list("action", flat=True))


def test_a_report_is_filed_with_its_due_day_event_and_the_agencys_notices(reviewer_my, head_my):
    report = _filed()
    assert report.status == ReportStatus.RECEIVED
    assert report.agency.code == "110118-forestry"
    assert report.due_on == date(2026, 12, 18)  # fifteen working days from Friday 27 November
    assert _events() == ["report_received"]
    told = Notification.objects.filter(kind="public_report")
    assert {n.recipient.username for n in told} == {"district_my", "head_my"}


def test_a_refused_filing_names_every_field_and_stores_nothing(reviewer_my):
    with pytest.raises(InvalidInput) as refused:
        report_file(kind="arson", description=" ", site_geometry=None)
    problems = {p.field: p.message for p in refused.value.problems}
    assert problems["kind"] == str(MSG_KIND_PUBLIC)
    assert problems["description"] == str(MSG_DESCRIPTION)
    assert problems["site_geometry"] == str(MSG_SITE)
    assert not Report.objects.exists()
    assert not AuditEvent.objects.exclude(action__in=IDENTITY_ACTIONS).exists()
    assert not Notification.objects.exists()


def test_the_tracking_code_shows_the_status_only_and_is_read_as_typed(reviewer_my):
    report = _filed()
    typed = report.tracking_code.replace("-", "").lower().replace("0", "o")
    assert tracking_code_normal(typed) == report.tracking_code
    shown = report_public_status(typed)
    assert shown is not None
    assert set(shown) == {
        "tracking_code",
        "status",
        "outcome",
        "updated",
        "photos_rejected",
        "case",
    }
    assert shown["status"] == "received" and shown["outcome"] is None and shown["case"] is None
    assert report_public_status("not-a-code") is None
    assert report_public_status("ABCD-EFGH-JKMN") is None


def test_a_site_check_is_recorded_once_by_a_handling_agency(reviewer_my, reviewer_my2, reviewer_yq):
    report = _filed()
    with pytest.raises(NotVisible):
        _checked(report, reviewer_yq, reviewer_my)
    checked = _checked(report, reviewer_my, reviewer_my2)
    assert checked.status == ReportStatus.SITE_CHECKED
    with pytest.raises(StateConflict) as twice:
        _checked(report, reviewer_my, reviewer_my2)
    assert twice.value.problems[0].message == str(MSG_ALREADY_CHECKED)
    assert _events() == ["report_received", "report_site_checked"]


def test_a_report_closes_only_after_its_check_and_a_referral_is_the_heads(
    reviewer_my, reviewer_my2, head_my
):
    report = _filed()
    with pytest.raises(StateConflict) as early:
        report_close(report_id=report.pk, by=reviewer_my, outcome="unfounded", findings="无")
    assert early.value.problems[0].message == str(MSG_CHECK_FIRST)
    _checked(report, reviewer_my, reviewer_my2)
    with pytest.raises(NotAllowed) as not_head:
        report_close(report_id=report.pk, by=reviewer_my, outcome="referred", findings="疑似犯罪")
    assert str(not_head.value.detail) == str(MSG_REFERRAL_BY_HEAD)
    assert Report.objects.get(pk=report.pk).status == ReportStatus.SITE_CHECKED
    assert not Case.objects.exists()

    closed = report_close(report_id=report.pk, by=head_my, outcome="referred", findings="疑似犯罪")
    assert closed.status == ReportStatus.CLOSED and closed.outcome == "referred"
    # One case record, the enforcement app's, marked to be referred (the report was).
    case = Case.objects.get()
    assert (case.source, case.source_id, case.to_refer) == ("report", str(closed.pk), True)
    assert _events()[-2:] == ["case_opened", "report_closed"]
    event = AuditEvent.objects.order_by("seq").last()
    assert event is not None and event.actor == head_my


def test_a_report_goes_on_to_the_right_district_with_new_days(reviewer_my, reviewer_yq):
    report = _filed(site_geometry=YANQING_POINT, district="110118")
    with pytest.raises(InvalidInput) as no_reason:
        report_transfer(report_id=report.pk, by=reviewer_my, district="110119", reason="")
    assert {p.field: p.message for p in no_reason.value.problems}["reason"] == str(
        MSG_TRANSFER_REASON
    )
    assert Report.objects.get(pk=report.pk).district.code == "110118"

    with time_machine.travel("2026-11-30 09:00 +0800", tick=False):
        moved = report_transfer(
            report_id=report.pk, by=reviewer_my, district="110119", reason="地点在延庆区境内。"
        )
    assert moved.district.code == "110119" and moved.agency.code == "110119-forestry"
    assert moved.due_on == date(2026, 12, 21)  # fifteen working days from Monday 30 November
    with pytest.raises(NotVisible):  # the agency it left no longer reads it
        _checked(report, reviewer_my, reviewer_yq)
    assert _events()[-1] == "report_transferred"
