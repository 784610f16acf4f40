"""The permit's own acts raced on real connections (issue 30, "Bad input and attacks"): two
revocations of one permit, a revocation and a withdrawal, two ticks lapsing one permanent
occupation: exactly one outcome, one decision, an intact audit chain. PostgreSQL only (SQLite
serialises writers and ignores row locks)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from audit.models import AuditEvent
from audit.trail import audit_verify
from core.errors import StateConflict
from documents.models import Certificate, DocumentKind
from licensing.lapses import permits_lapse
from licensing.revocation import permit_revoke
from licensing.services import statement_answer, statement_notice_issue
from permits import access
from permits.choices import Status
from permits.models import Application
from roles.models import Role
from tests.factories import decide, member, occupation_draft, persona, submit_accepted
from tests.workflows.test_concurrency_postgres import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

User = get_user_model()
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _heard(application, by, act="revoke", ground="unqualified_applicant"):
    statement_notice_issue(application=application, by=by, act=act, ground=ground, facts="事实。")
    holder = access.applicants_of(application.organisation_id).first()
    statement_answer(application=application, by=holder, answer="申辩。")


def test_two_approvers_revoking_at_once_revoke_once(introduction, agriculture_approver):
    second = member(role=Role.APPROVER, agency_code="bj-agriculture", username="muni_agri_2")
    _heard(introduction, agriculture_approver)

    def revoke(user_pk):
        def call():
            return permit_revoke(
                application=Application.objects.get(pk=introduction.pk),
                by=User.objects.get(pk=user_pk),
                ground="unqualified_applicant",
                reason="经复核，申辩理由不成立。",
            )

        return call

    outcomes = race([revoke(agriculture_approver.pk), revoke(second.pk)])
    assert sum(isinstance(o, Application) for o in outcomes) == 1
    assert sum(isinstance(o, StateConflict) for o in outcomes) == 1
    assert Application.objects.get(pk=introduction.pk).status == Status.REVOKED
    assert AuditEvent.objects.filter(application_id=introduction.pk, action="revoke").count() == 1
    assert (
        Certificate.objects.filter(
            application_id=introduction.pk, document_kind=DocumentKind.REVOCATION
        ).count()
        == 1
    )
    assert audit_verify().ok


def test_two_ticks_lapse_a_permanent_occupation_once(applicant_my, reviewer_my, approver):
    draft = occupation_draft(
        by=applicant_my, occupation_kind="permanent", duration_months=None, restoration_plan=""
    )
    application = decide(submit_accepted(application=draft, by=applicant_my), reviewer_my)
    application = decide(application, persona("muni_plan"), "agree", "", "bj-planning")
    application = decide(application, approver)
    after = application.valid_until + timedelta(days=1)
    now = datetime(after.year, after.month, after.day, 10, tzinfo=SHANGHAI)

    outcomes = race([lambda: permits_lapse(now), lambda: permits_lapse(now)])
    assert sorted(outcomes) == [0, 1], outcomes
    assert Application.objects.get(pk=application.pk).status == Status.CANCELLED
    assert AuditEvent.objects.filter(application_id=application.pk, action="cancel").count() == 1
    assert (
        Certificate.objects.filter(
            application_id=application.pk, document_kind=DocumentKind.CANCELLATION_NOTICE
        ).count()
        == 1
    )
    assert audit_verify().ok


def test_a_revocation_racing_the_holders_answer_prints_the_answer_or_waits(
    introduction, agriculture_approver
):
    """Both lock the permit's row: either the answer comes first and the decision prints it,
    or the revocation comes first and is refused (the period still runs) while the answer is
    taken. Never a revocation that misses an answer given before it."""
    statement_notice_issue(
        application=introduction,
        by=agriculture_approver,
        act="revoke",
        ground="fraud",
        facts="证明系伪造。",
    )
    holder = access.applicants_of(introduction.organisation_id).first()

    def answer():
        return statement_answer(
            application=Application.objects.get(pk=introduction.pk),
            by=User.objects.get(pk=holder.pk),
            answer="证明真实有效。",
        )

    def revoke():
        return permit_revoke(
            application=Application.objects.get(pk=introduction.pk),
            by=User.objects.get(pk=agriculture_approver.pk),
            ground="fraud",
            reason="经复核，申辩理由不成立。",
        )

    answered, revoked = race([answer, revoke])
    assert not isinstance(answered, Exception), answered
    status = Application.objects.get(pk=introduction.pk).status
    if isinstance(revoked, Application):
        assert status == Status.REVOKED
        decision = Certificate.objects.get(
            application_id=introduction.pk, document_kind=DocumentKind.REVOCATION
        )
        assert "证明真实有效" in str(decision.content)
    else:
        assert isinstance(revoked, StateConflict) and status == Status.APPROVED
    assert audit_verify().ok


def _renewal_accepted(introduction, agriculture_approver):
    """A renewal asked in time and accepted: its decision task open (introduction: to 2 March
    2027)."""
    from licensing.requests import permit_request_submit
    from workflows.services import task_decide

    holder = access.applicants_of(introduction.organisation_id).first()
    request = permit_request_submit(
        application=introduction,
        by=holder,
        kind="renewal",
        until="2028-03-02",
        reason="继续监测。",
    )
    task_decide(task_id=_request_task(introduction).pk, by=agriculture_approver, decision="accept")
    return request


def _request_task(application):
    from viewflow.workflow.models import Task

    from workflows.engine import OPEN_TASK_STATUSES

    return Task.objects.get(
        process__permitprocess__application_id=application.pk,
        process__permitprocess__permit_request__isnull=False,
        flow_task_type="HUMAN",
        status__in=OPEN_TASK_STATUSES,
    )


def test_a_renewal_decided_while_the_tick_grants_it_by_law_has_one_outcome(
    introduction, agriculture_approver
):
    """Art. 50(2) and the agency's own decision on one request: whichever holds the lock first
    decides it; the other changes nothing."""
    from licensing.models import PermitRequest, PermitVersion
    from licensing.requests import renewals_deem
    from workflows.services import task_decide

    request = _renewal_accepted(introduction, agriculture_approver)
    task_pk = _request_task(introduction).pk
    now = datetime(2027, 3, 3, 10, tzinfo=SHANGHAI)

    def decide_it():
        return task_decide(
            task_id=task_pk,
            by=User.objects.get(pk=agriculture_approver.pk),
            decision="reject",
            opinion="监测结果不佳。",
        )

    outcomes = race([decide_it, lambda: renewals_deem(now)])
    won = [isinstance(outcomes[0], tuple), outcomes[1] == 1]
    assert sum(won) == 1, outcomes
    request.refresh_from_db()
    assert request.status in ("refused", "granted_by_law")
    versions = PermitVersion.objects.filter(application_id=introduction.pk).count()
    assert versions == (1 if request.status == "granted_by_law" else 0)
    renewed = AuditEvent.objects.filter(
        application_id=introduction.pk, action__in=["renew_by_law", "request_refused"]
    )
    assert renewed.count() == 1
    assert PermitRequest.objects.filter(application_id=introduction.pk).count() == 1
    assert audit_verify().ok


def test_two_renewal_requests_at_once_keep_one(introduction):
    from licensing.models import PermitRequest
    from licensing.requests import permit_request_submit

    holder = access.applicants_of(introduction.organisation_id).first()

    def ask():
        return permit_request_submit(
            application=Application.objects.get(pk=introduction.pk),
            by=User.objects.get(pk=holder.pk),
            kind="renewal",
            until="2028-03-02",
            reason="继续监测。",
        )

    outcomes = race([ask, ask])
    assert sum(isinstance(o, StateConflict) for o in outcomes) == 1, outcomes
    assert PermitRequest.objects.filter(application_id=introduction.pk).count() == 1
    assert audit_verify().ok


def test_two_ticks_close_an_introduction_window_once(introduction):
    """product.md §18 B6: the window's close is recorded once, whatever the ticks."""
    from licensing.windows import introduction_windows_close
    from permits.choices import NotificationKind
    from permits.models import IntroductionApplication, Notification

    until = IntroductionApplication.objects.get(pk=introduction.pk).introduction_until
    after = until + timedelta(days=1)
    now = datetime(after.year, after.month, after.day, 10, tzinfo=SHANGHAI)

    outcomes = race(
        [lambda: introduction_windows_close(now), lambda: introduction_windows_close(now)]
    )
    assert sorted(outcomes) == [0, 1], outcomes
    events = AuditEvent.objects.filter(application_id=introduction.pk, action="introduction_closed")
    assert events.count() == 1
    told = Notification.objects.filter(
        application_id=introduction.pk, kind=NotificationKind.INTRODUCTION_CLOSED
    )
    assert told.count() == told.values("recipient").distinct().count() >= 1
    assert audit_verify().ok


def test_two_ticks_publish_a_decision_once(introduction):
    """product.md §19 P1: an entry per document, whatever the ticks (keyed by the document)."""
    from public.models import Publication
    from public.publication import decisions_publish

    first = datetime(2026, 3, 3, 10, tzinfo=SHANGHAI)
    second = first + timedelta(seconds=1)
    outcomes = race([lambda: decisions_publish(first), lambda: decisions_publish(second)])
    published = Publication.objects.filter(application_id=introduction.pk)
    assert published.count() == sum(outcomes) == 1, outcomes
    assert published.get().document.document_kind == DocumentKind.APPROVAL


def test_two_officials_closing_a_report_at_once_close_it_once(reviewer_my, reviewer_my2):
    """Reports from the public (product.md §19 P2): two tabs or two colleagues, one outcome."""
    from enforcement.models import Case
    from public.models import Report
    from public.reports import report_close, report_file, report_site_check

    with transaction.atomic():
        report = report_file(
            kind="illegal_felling",
            description="后山有人砍树。",
            site_geometry={"type": "Point", "coordinates": [116.85, 40.40]},
            district="110118",
        )
    report_site_check(
        report_id=report.pk,
        by=reviewer_my,
        checked_on=timezone.localdate(report.received_at),
        inspectors=["district_my", "district_my2"],
        findings="现场发现伐桩。",
    )

    def close(user_pk, outcome):
        def call():
            return report_close(
                report_id=report.pk,
                by=User.objects.get(pk=user_pk),
                outcome=outcome,
                findings="查明属实。",
            )

        return call

    outcomes = race([close(reviewer_my.pk, "no_permit"), close(reviewer_my2.pk, "unfounded")])
    assert sum(isinstance(o, Report) for o in outcomes) == 1
    assert sum(isinstance(o, StateConflict) for o in outcomes) == 1
    closed = Report.objects.get(pk=report.pk)
    assert closed.status == "closed"
    assert Case.objects.filter(source="report", source_id=str(closed.pk)).count() == (
        1 if closed.outcome == "no_permit" else 0
    )
    assert AuditEvent.objects.filter(action="report_closed").count() == 1
    assert audit_verify().ok


def test_two_ticks_tell_a_late_report_once(reviewer_my, head_my):
    from permits.models import Notification
    from public.reports import report_file, reports_late

    with transaction.atomic():
        report = report_file(
            kind="fire_hazard",
            description="林下堆放大量易燃物。",
            site_geometry={"type": "Point", "coordinates": [116.85, 40.40]},
            district="110118",
        )
    late = report.due_on + timedelta(days=1)
    now = datetime(late.year, late.month, late.day, 1, tzinfo=SHANGHAI)
    outcomes = race([lambda: reports_late(now), lambda: reports_late(now)])
    assert sorted(outcomes) == [0, 1], outcomes
    assert Notification.objects.filter(kind="public_report_late").count() == 1
    assert AuditEvent.objects.filter(action="report_late").count() == 1
