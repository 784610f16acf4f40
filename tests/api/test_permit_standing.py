"""Where a permit stands, as the public is told (``public.standing``; product.md §18 B10,
api.md "Certificates and documents (public)"): one status, with the day it began, read by the
verification page, its API, the published decisions (page and API) and the record.

Issue 45 item 1: a design accepted on inspection within its validity is not "expired"; one that
failed its inspection is not plainly "valid"; a change supersedes the document before it from
the day of its decision."""

from datetime import date, datetime, timedelta
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.messages import (
    MSG_STANDING_ACCEPTED,
    MSG_STANDING_EXPIRED,
    MSG_STANDING_UNDER_RECTIFICATION,
    MSG_STANDING_VALID,
)
from documents.models import Certificate, CertificateStatus, DocumentKind
from licensing.models import PermitVersion
from permits.choices import Status
from permits.models import Application
from public.standing import standing_of, standings
from supervision.inspections import inspection_assign, inspection_result
from supervision.models import Rectification
from supervision.rectifications import rectification_answer, rectification_close
from tests.factories import decide, decision_document, submit_accepted, tending_draft

from .helpers import API

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
PARCELS = [
    {"compartment": "12-3", "measured_area_ha": "6.1", "operation_type": "young_forest_tending"},
    {"compartment": "12-4", "measured_area_ha": "6.4", "operation_type": "young_forest_tending"},
]


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def _inspected(inspection, head, inspector, *, passed: bool, on: date):
    """The completion inspection assigned on 25 November 2026 and recorded on ``on``."""
    with time_machine.travel(at(date(2026, 11, 25), 9), tick=False):
        inspection_assign(
            inspection_id=inspection.pk,
            by=head,
            inspectors=["district_my", "district_my2"],
            planned_on="2026-11-25",
        )
    parcels = PARCELS if passed else [{**PARCELS[0], "operation_type": "thinning"}, PARCELS[1]]
    with time_machine.travel(at(on, 15), tick=False):
        inspection_result(
            inspection_id=inspection.pk,
            by=inspector,
            parcels=parcels,
            score="92" if passed else "55",
            outcome="pass" if passed else "fail",
            findings="与设计相符。" if passed else "12-3小班实施了间伐，与设计不符",
        )
    return Application.objects.get(pk=inspection.application_id)


def _approval(application) -> Certificate:
    return Certificate.objects.get(application=application, document_kind=DocumentKind.APPROVAL)


def _verify(client, certificate, code=True):
    query = {"code": certificate.check_code} if code else {}
    return client.get(f"{API}/certificates/{quote(certificate.number)}/verify/", query).json()


# ---- The two cases of the issue, at every door ---------------------------------------------------


def test_a_design_accepted_on_inspection_within_its_validity_is_accepted_not_expired(
    client_for, client, head_my, reviewer_my, reviewer_my2, inspection
):
    application = _inspected(inspection, head_my, reviewer_my, passed=True, on=date(2026, 11, 26))
    approval = _approval(application)
    assert application.status == Status.ACCEPTED and approval.valid_until == date(2026, 11, 30)
    with time_machine.travel(at(date(2026, 11, 28)), tick=False):  # within its validity
        standing = standing_of(approval)
        assert (standing.status, standing.since) == ("accepted", date(2026, 11, 26))
        verified = _verify(client_for(None), approval)
        assert (verified["status"], verified["status_on"]) == ("accepted", "2026-11-26")
        assert _verify(client_for(None), approval, code=False)["status"] == "accepted"
        page = client.get(reverse("verify", args=[approval.number]), {"code": approval.check_code})
        html = page.content.decode()
        assert 'data-status="accepted"' in html and 'data-status-on="2026-11-26"' in html
        assert str(MSG_STANDING_ACCEPTED) in html
        assert str(MSG_STANDING_EXPIRED) not in html and "已过期" not in html
        assert "已验收" in html


def test_a_design_that_failed_its_inspection_is_under_rectification_not_valid(
    client_for, client, head_my, reviewer_my, reviewer_my2, inspection
):
    application = _inspected(inspection, head_my, reviewer_my, passed=False, on=date(2026, 11, 27))
    approval = _approval(application)
    assert application.status == Status.NON_COMPLIANT
    rectification = Rectification.objects.get(application=application)
    with time_machine.travel(at(date(2026, 11, 28)), tick=False):
        standing = standing_of(approval)
        assert standing.status == CertificateStatus.UNDER_RECTIFICATION
        assert (standing.since, standing.deadline) == (date(2026, 11, 27), rectification.deadline)
        verified = _verify(client_for(None), approval)
        assert (verified["status"], verified["status_on"]) == ("under_rectification", "2026-11-27")
        page = client.get(reverse("verify", args=[approval.number]), {"code": approval.check_code})
        html = page.content.decode()
        assert 'data-status="under_rectification"' in html
        assert str(MSG_STANDING_UNDER_RECTIFICATION) in html and "整改中" in html
        assert str(MSG_STANDING_VALID) not in html
        assert rectification.deadline.isoformat() in html


def test_a_rectification_closed_puts_the_permit_back_in_force_from_that_day(
    applicant_my, head_my, reviewer_my, reviewer_my2, inspection
):
    application = _inspected(inspection, head_my, reviewer_my, passed=False, on=date(2026, 11, 27))
    rectification = Rectification.objects.get(application=application)
    with time_machine.travel(at(date(2026, 11, 28)), tick=False):
        rectification_answer(rectification_id=rectification.pk, by=applicant_my, answer="已补植。")
    with time_machine.travel(at(date(2026, 11, 29)), tick=False):
        rectification_close(rectification_id=rectification.pk, by=reviewer_my, note="已整改。")
        standing = standing_of(_approval(application))
    assert (standing.status, standing.since) == ("valid", date(2026, 11, 29))


# ---- A change supersedes from the day of its decision ----------------------------------------


def _change_decided(client_for, applicant, approver, application, changes, day):
    from viewflow.workflow.models import Task

    from workflows.engine import OPEN_TASK_STATUSES

    def decide_request(decision):
        task = Task.objects.get(
            process__permitprocess__application_id=application.pk,
            process__permitprocess__permit_request__isnull=False,
            flow_task_type="HUMAN",
            status__in=OPEN_TASK_STATUSES,
        )
        body = {"decision": decision, "opinion": "同意"}
        return client_for(approver).post(f"{API}/tasks/{task.pk}/decide/", body, format="json")

    with time_machine.travel(at(day), tick=False):
        url = f"{API}/applications/{application.pk}/change-requests/"
        asked = client_for(applicant).post(
            url, {"changes": changes, "reason": "调整"}, format="json"
        )
        assert asked.status_code == 201, asked.json()
        assert decide_request("accept").status_code == 200
        assert decide_request("approve").status_code == 200
    return PermitVersion.objects.get(application=application).document


def test_a_change_supersedes_the_approval_from_the_day_of_its_decision(
    client_for, client, applicant_my, reviewer_my, approver
):
    """A design whose work starts next spring: its change decided today supersedes its approval
    today, not on the first day of the work period."""
    with time_machine.travel(at(date(2026, 11, 2)), tick=False):
        draft = tending_draft(
            by=applicant_my, start_date=date(2027, 3, 1), end_date=date(2027, 11, 30)
        )
        application = decide(submit_accepted(application=draft, by=applicant_my), reviewer_my)
        application = decide(application, approver)
    approval = _approval(application)
    assert approval.valid_from == date(2027, 3, 1)
    change = _change_decided(
        client_for,
        applicant_my,
        approver,
        application,
        {"start_date": "2027-04-01"},
        date(2026, 11, 20),
    )
    assert change.valid_from == date(2027, 4, 1)
    with time_machine.travel(at(date(2026, 11, 20), 16), tick=False):
        assert _approval(application).superseded_on == date(2026, 11, 20)
        verified = _verify(client_for(None), approval)
        assert (verified["status"], verified["status_on"]) == ("superseded", "2026-11-20")
        assert _verify(client_for(None), change)["status"] == "valid"
        page = client.get(reverse("verify", args=[approval.number]))
        assert 'data-status="superseded"' in page.content.decode()


# ---- Each status, derived ------------------------------------------------------------------------


@pytest.fixture
def approved(applicant_my, reviewer_my, approver):
    """A 密云 design approved on 2 March 2026, its work from 1 March to 30 November 2026."""
    with time_machine.travel(at(date(2026, 3, 2)), tick=False):
        application = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
        return decide(decide(application, reviewer_my), approver)


def _status_set(application, status):
    Application.objects.filter(pk=application.pk).update(status=status)


@pytest.mark.parametrize(
    ("status", "expected", "since"),
    [
        (Status.APPROVED, "valid", date(2026, 3, 2)),
        (Status.REVOKED, "revoked", None),
        (Status.WITHDRAWN_BY_AGENCY, "withdrawn", None),
        (Status.LAPSED, "lapsed", date(2026, 12, 1)),
        (Status.CANCELLED, "cancelled", date(2026, 12, 1)),
        (Status.SURRENDERED, "cancelled", None),
        (Status.EXPIRED, "expired", date(2026, 12, 1)),
        (Status.USE_ENDED, "expired", date(2026, 12, 1)),
        (Status.ACCEPTED, "accepted", None),
        (Status.RESTORED, "accepted", None),
        (Status.NON_COMPLIANT, "under_rectification", None),
        (Status.RESTORATION_OVERDUE, "under_rectification", None),
    ],
)
def test_each_status_of_the_permit_is_derived_from_the_applications(
    approved, status, expected, since
):
    """With no supervision record and no mark, the day is the issue (in force) or the day
    after the period (a permit ended without a marked act); an accepted or rectified permit's
    day is its record's (the other tests)."""
    _status_set(approved, status)
    with time_machine.travel(at(date(2026, 12, 5)), tick=False):
        standing = standing_of(_approval(approved))
    assert (standing.status, standing.since) == (expected, since)


def test_a_revocation_is_dated_by_its_mark(client_for, approved, approver):
    from tests.factories import revoke_heard

    with time_machine.travel(at(date(2026, 6, 12)), tick=False):
        revoke_heard(approved, approver)
    with time_machine.travel(at(date(2026, 6, 20)), tick=False):
        standing = standing_of(_approval(approved))
    assert (standing.status, standing.since) == ("revoked", date(2026, 6, 12))


def test_a_refusal_is_refused_and_a_notice_authentic(applicant_my, reviewer_my):
    with time_machine.travel(at(date(2026, 3, 2)), tick=False):
        application = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
        decide(application, reviewer_my, decision="reject", opinion="位于核心区")
    refusal = decision_document(application)
    notice = Certificate.objects.get(
        application=application, document_kind=DocumentKind.ACCEPTANCE_NOTICE
    )
    found = standings([refusal, notice])
    assert (found[refusal.pk].status, found[refusal.pk].since) == ("refused", date(2026, 3, 2))
    assert found[notice.pk].status == "valid"


def test_an_open_rectification_puts_a_permit_in_force_under_rectification(
    client_for, approved, applicant_my, reviewer_my
):
    """An order not tied to a status (an obligation overdue, a report's breach) counts too, in
    the record's permit state as on verification."""
    from roles.models import Agency
    from supervision.rectifications import rectification_order

    with time_machine.travel(at(date(2026, 6, 3)), tick=False):
        rectification_order(
            application=approved,
            agency=Agency.objects.get(code="110118-forestry"),
            by=reviewer_my,
            findings="未按期报送监测报告",
        )
        standing = standing_of(_approval(approved))
        record = client_for(applicant_my).get(f"{API}/applications/{approved.pk}/").json()
    assert (standing.status, standing.since) == ("under_rectification", date(2026, 6, 3))
    assert standing.deadline is not None and standing.deadline > date(2026, 6, 3)
    assert record["permit"]["state"] == "under_rectification"


# ---- The public list: the same status, in bounded queries ------------------------------------


def test_the_public_list_says_what_the_verification_says_in_bounded_queries(
    client_for, client, applicant_my, reviewer_my, reviewer_my2, approver, head_my, inspection
):
    _inspected(inspection, head_my, reviewer_my, passed=True, on=date(2026, 11, 26))
    call_command("permits_tick", "--now", "2026-11-26T16:00:00+08:00")
    with time_machine.travel(at(date(2026, 11, 28)), tick=False):
        (entry,) = client_for(None).get(f"{API}/public/decisions/").json()["results"]
        assert (entry["status"], entry["status_on"]) == ("accepted", "2026-11-26")
        page = client.get(reverse("public-decisions")).content.decode()
        assert 'data-status="accepted"' in page and "已验收" in page
        assert 'data-status-on="2026-11-26"' in page

        def counted():
            with CaptureQueriesContext(connection) as queries:
                assert client_for(None).get(f"{API}/public/decisions/").status_code == 200
                assert client.get(reverse("public-decisions")).status_code == 200
            return len(queries)

        one = counted()
        for _ in range(4):  # more decisions, of other states
            draft = tending_draft(by=applicant_my)
            more = decide(
                decide(submit_accepted(application=draft, by=applicant_my), reviewer_my), approver
            )
        _status_set(more, Status.REVOKED)
        call_command(
            "permits_tick", "--now", (at(date(2026, 11, 28)) + timedelta(hours=1)).isoformat()
        )
        assert len(client_for(None).get(f"{API}/public/decisions/").json()["results"]) == 5
        assert counted() <= one


# ---- The record's permit state: the same standing, in the record's words -------------------


@pytest.mark.parametrize(
    ("status", "state"),
    [
        (Status.APPROVED, "in_force"),
        (Status.REVOKED, "revoked"),
        (Status.WITHDRAWN_BY_AGENCY, "withdrawn_by_agency"),
        (Status.LAPSED, "lapsed"),
        (Status.CANCELLED, "cancelled"),
        (Status.SURRENDERED, "surrendered"),
        (Status.EXPIRED, "expired"),
        (Status.USE_ENDED, "expired"),
        (Status.ACCEPTED, "accepted"),
        (Status.RESTORED, "accepted"),
        (Status.NON_COMPLIANT, "under_rectification"),
        (Status.RESTORATION_OVERDUE, "under_rectification"),
    ],
)
def test_the_records_permit_state_agrees_with_the_verification(
    client_for, approved, applicant_my, status, state
):
    """``permit.state`` of the record is derived from ``public.standing``: for each status of a
    permit it says what verifying its current document says (valid: in force; withdrawn: by
    the agency; a cancellation on the holder's request: surrendered)."""
    _status_set(approved, status)
    with time_machine.travel(at(date(2026, 12, 5)), tick=False):
        record = client_for(applicant_my).get(f"{API}/applications/{approved.pk}/").json()
        verified = _verify(client_for(None), _approval(approved))
    assert record["permit"]["state"] == state
    words = {"in_force": "valid", "withdrawn_by_agency": "withdrawn", "surrendered": "cancelled"}
    assert words.get(state, state) == verified["status"]
