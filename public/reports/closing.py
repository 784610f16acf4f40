"""A report's outcome after its site check: unfounded, a permit breach (its correction
ordered), no permit (an enforcement case) or referred to the public security authority."""

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from audit.choices import AuditAction
from audit.trail import audit_appended_last
from core.errors import InvalidInput, NotAllowed, Problem, StateConflict
from core.messages import (
    MSG_CHECK_FIRST,
    MSG_CLOSE_FINDINGS,
    MSG_CLOSED_PUBLIC,
    MSG_ORDER,
    MSG_OUTCOME_PUBLIC,
    MSG_PERMIT_NOT_HERE,
    MSG_PERMIT_ONLY_BREACH,
    MSG_PERMIT_REQUIRED,
    MSG_REFERRAL_BY_HEAD,
    MSG_TOLD_CLOSED_PUBLIC,
)
from enforcement.models import CaseSource
from enforcement.services import case_open
from permits import access
from permits.choices import NotificationKind
from permits.models import Application
from permits.services import application_relock
from roles.models import Agency
from supervision.rectifications import rectification_order
from workflows.services import required_text

from ..models import Report, ReportOutcome, ReportStatus
from ._common import ON_THE_LAND, REVIEW_PERMISSION, ReportAct, _locked, _tell_agencies
from .agencies import acting_agency


def _permit(value: object, report: Report, by: User) -> tuple[Application | None, list[Problem]]:
    """The permit a breach names: one in force that a handling agency issued and ``by`` acts
    for (a reviewer or head of that agency)."""
    if value in (None, ""):
        return None, [Problem("application", "required", str(MSG_PERMIT_REQUIRED))]
    text = str(value).strip()
    lookup = Q(pk=int(text)) if text.isdigit() and len(text) < 12 else Q(reference=text[:20])
    application = Application.objects.filter(lookup).first()
    handling = {report.agency_id, report.also_agency_id} - {None}
    allowed = (
        application is not None
        and application.status in ON_THE_LAND
        and application.district_agency_id in handling
        and application.district_id == report.district_id
        and access.can_see_application(by, application)
        and (
            access.is_head(by, application.district_agency_id)
            or access.holds_agency_permission(by, REVIEW_PERMISSION, application.district_agency_id)
        )
    )
    if not allowed:
        return None, [Problem("application", "invalid", str(MSG_PERMIT_NOT_HERE))]
    return application, []


@transaction.atomic
@audit_appended_last
def report_close(
    *,
    report_id: int | str,
    by: User,
    outcome: object,
    findings: object,
    application: object = None,
    order: object = None,
    client_ip: str | None = None,
) -> Report:
    """The outcome, after the site check: 404 unseen, 409 before the check or once closed, 403
    a referral to the police by anyone but a head of the agency, 400 with every problem of the
    input. A permit breach orders the permit corrected: ``order`` says what the holder must
    correct, printed on the numbered notice, the report's findings never (the holder is not
    told that anyone reported it: 信访工作条例 第三十条第三款). No permit, or a referral, opens
    the enforcement case (``enforcement.services.case_open``, the report its source). The
    event is the report's, not on the permit's history."""
    report = _locked(report_id, by)
    agency = acting_agency(by, report)
    _close_allowed(report, by, agency, outcome)
    text, permit, correction = _close_clean(report, by, outcome, findings, application, order)
    referral = outcome == ReportOutcome.REFERRED
    closing = ReportAct.begin(report, by, agency, client_ip=client_ip, referral=referral)
    details: dict[str, Any] = {"report_id": report.pk, "outcome": outcome}
    if permit is not None:
        details |= _breach_ordered(report, permit, by, correction)
    report.close()
    report.outcome = str(outcome)
    report.findings = text
    report.closed_at = report.updated_at = timezone.now()
    report.closed_by = by
    report.save()
    if outcome in (ReportOutcome.NO_PERMIT, ReportOutcome.REFERRED):
        details |= _case_opened(report, agency, by, text, client_ip)
    closing.record(AuditAction.REPORT_CLOSED, opinion=text, details=details)
    _tell_agencies(
        report,
        MSG_TOLD_CLOSED_PUBLIC,
        NotificationKind.PUBLIC_REPORT,
        number=report.pk,
        outcome=report.get_outcome_display(),
    )
    return report


def _close_allowed(report: Report, by: User, agency: Agency, outcome: object) -> None:
    """409 before the site check or once closed; 403 a referral by anyone but a head."""
    if report.status == ReportStatus.CLOSED:
        raise StateConflict.on("closed", MSG_CLOSED_PUBLIC)
    if report.status != ReportStatus.SITE_CHECKED:
        raise StateConflict.on("site_check_required", MSG_CHECK_FIRST)
    if outcome == ReportOutcome.REFERRED and not access.is_head(by, agency.pk):
        raise NotAllowed(MSG_REFERRAL_BY_HEAD)


def _close_clean(
    report: Report, by: User, outcome: object, findings: object, application: object, order: object
) -> tuple[str, Application | None, str]:
    """The findings, the permit breached and what its holder must correct (a breach only), or
    every problem of the input at once (400)."""
    problems: list[Problem] = []
    if not isinstance(outcome, str) or outcome not in ReportOutcome.values:
        problems.append(Problem("outcome", "invalid", str(MSG_OUTCOME_PUBLIC)))
    text, found = required_text(findings, "findings", MSG_CLOSE_FINDINGS)
    problems += found
    permit = None
    correction = ""
    if outcome == ReportOutcome.PERMIT_BREACH:
        permit, found = _permit(application, report, by)
        problems += found
        correction, found = required_text(order, "order", MSG_ORDER)
        problems += found
    else:
        if application not in (None, ""):
            problems.append(Problem("application", "not_allowed", str(MSG_PERMIT_ONLY_BREACH)))
        if order not in (None, ""):
            problems.append(Problem("order", "not_allowed", str(MSG_PERMIT_ONLY_BREACH)))
    if problems:
        raise InvalidInput(problems=problems)
    return text, permit, correction


def _breach_ordered(
    report: Report, permit: Application, by: User, correction: str
) -> dict[str, Any]:
    """The permit breached, locked again, ordered corrected by its issuing agency; what the
    report's event records of it."""
    permit = application_relock(permit)
    issuing = permit.district_agency
    assert issuing is not None
    report.application = permit
    report.rectification = rectification_order(
        application=permit,
        agency=issuing,
        by=by,
        findings=correction,
    )
    return {"application": permit.reference, "rectification_id": report.rectification.pk}


def _case_opened(
    report: Report, agency: Agency, by: User, text: str, client_ip: str | None
) -> dict[str, Any]:
    """The 林业行政处罚 case of an act without a permit (issue 48), opened on the report now
    closed (its source: opened after the report's outcome is saved, which it checks), marked to
    be referred to the police when the report was; what the report's event records of it."""
    case, _ = case_open(
        source=CaseSource.REPORT,
        source_id=report.pk,
        facts=text,
        by=by,
        agency=agency,
        client_ip=client_ip,
    )
    return {
        "case_id": case.pk,
        "referred_to_police": case.to_refer,
        "enforcement_case": {"id": case.pk, "number": case.number},
    }
