"""An introduction's window (product.md §18 B6): the approval sets the last day the species may be
brought in from the jurisdiction's standard (data), never past the monitoring period, and
prints it among its conditions; the day after, the tick records the close once (audited by
``system``, the holder told) while the permit stays in force and its monitoring stays owed."""

from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from audit.models import AuditEvent
from audit.trail import audit_verify
from documents.models import DocumentKind
from permits.choices import NotificationKind, ObligationKind, Status
from permits.models import Application, Notification, Obligation, SupervisionStandard

from .helpers import API

pytestmark = pytest.mark.django_db


def _tick(now: str) -> str:
    out = StringIO()
    call_command("permits_tick", "--now", now, stdout=out)
    return out.getvalue()


@pytest.fixture
def six_months(request):
    """Beijing's legal office sets a six-month window, then the introduction is approved (2 March
    2026, monitored a year)."""
    SupervisionStandard.objects.create(jurisdiction_id="110000", introduction_window_months=6)
    return request.getfixturevalue("introduction")


def test_the_approval_sets_and_prints_the_window_from_the_standard(
    client_for, applicant_my, six_months
):
    detail = Application.objects.get(pk=six_months.pk).detail
    assert str(detail.introduction_until) == "2026-09-02"
    assert str(detail.valid_until) == "2027-03-02"  # monitoring runs on past the window
    approval = six_months.certificates.get(document_kind=DocumentKind.APPROVAL)
    conditions = approval.content["document"]["conditions"]
    assert conditions[0].startswith("准予引入的期限至2026年9月2日止")
    assert "监测、防控义务照常履行至监测期届满" in conditions[0]
    record = client_for(applicant_my).get(f"{API}/applications/{six_months.pk}/").json()
    assert record["introduction_until"] == "2026-09-02"
    assert record["introduction_closed_on"] is None


def test_the_window_never_runs_past_the_monitoring_period(introduction):
    # The default 12 months from 2 March 2026 and a year's monitoring end on the same day.
    detail = Application.objects.get(pk=introduction.pk).detail
    assert detail.introduction_until == detail.valid_until


def test_the_tick_closes_the_window_once_and_monitoring_stays_owed(
    client_for, applicant_my, six_months
):
    assert "introduction windows closed: 0" in _tick("2026-09-02T23:00:00+08:00")  # its last day
    assert "introduction windows closed: 1" in _tick("2026-09-03T01:00:00+08:00")
    assert "introduction windows closed: 0" in _tick("2026-09-03T02:00:00+08:00")
    detail = Application.objects.get(pk=six_months.pk).detail
    assert str(detail.introduction_closed_on) == "2026-09-03"
    assert detail.status == Status.APPROVED  # the permit stays in force for what it owes
    (event,) = AuditEvent.objects.filter(application=six_months, action="introduction_closed")
    assert event.role == "system" and event.actor is None
    assert event.details["introduction_until"] == "2026-09-02"
    (told,) = Notification.objects.filter(
        application=six_months, kind=NotificationKind.INTRODUCTION_CLOSED
    )
    assert "2026-09-02" in told.message and "2027-03-02" in told.message
    assert audit_verify().ok
    # The monitoring reports after the window are still owed and may be filed.
    later = Obligation.objects.filter(
        application=six_months,
        kind=ObligationKind.MONITORING,
        due_date__gt=detail.introduction_until,
    )
    assert later.exists()
    holder = client_for(applicant_my)
    with time_machine.travel("2026-09-04 10:00 +0800", tick=False):
        record = holder.get(f"{API}/applications/{six_months.pk}/").json()
        assert record["introduction_closed_on"] == "2026-09-03"
        assert "report" in record["actions"]
        browser = Client()
        browser.force_login(applicant_my)
        page = browser.get(f"/applications/{six_months.pk}/").content.decode()
    assert 'id="introduction-window" data-closed="true"' in page


def test_a_permit_no_longer_in_force_has_no_window_closed(six_months):
    Application.objects.filter(pk=six_months.pk).update(status=Status.REVOKED)
    assert "introduction windows closed: 0" in _tick("2026-09-03T01:00:00+08:00")
    assert not AuditEvent.objects.filter(action="introduction_closed").exists()


def test_the_window_is_not_a_field_the_applicant_sets(client_for, applicant_my):
    response = client_for(applicant_my).post(
        f"{API}/applications/",
        {"kind": "introduction", "introduction_until": "2099-01-01", "title": "引种"},
        format="json",
    )
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["introduction_until"]
    assert not Application.objects.filter(title="引种").exists()
