"""The site check of a report by two or more of the handling agencies' staff."""

from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from audit.choices import AuditAction
from audit.trail import audit_appended_last, display_name
from core.errors import InvalidInput, Problem, StateConflict
from core.messages import (
    MSG_ALREADY_CHECKED,
    MSG_CHECKED_BEFORE,
    MSG_CHECKED_ON,
    MSG_CLOSED_PUBLIC,
    MSG_FINDINGS,
)
from workflows.services import day_of, required_text
from workflows.services.sitechecks import staff_named

from ..models import Report, ReportStatus
from ._common import ReportAct, _locked
from .agencies import acting_agency


@transaction.atomic
@audit_appended_last
def report_site_check(
    *,
    report_id: int | str,
    by: User,
    checked_on: object,
    inspectors: object,
    findings: object,
    client_ip: str | None = None,
    today: date | None = None,
) -> Report:
    """Two or more of the acting agency's staff checked the site: 404 unseen, 409 once recorded
    or closed, 400 with every problem of the input."""
    today = today or timezone.localdate()
    report = _locked(report_id, by)
    agency = acting_agency(by, report)
    if report.status == ReportStatus.CLOSED:
        raise StateConflict.on("closed", MSG_CLOSED_PUBLIC)
    if report.status != ReportStatus.RECEIVED:
        raise StateConflict.on("already_checked", MSG_ALREADY_CHECKED)
    problems: list[Problem] = []
    day = day_of(checked_on)
    if day is None or day > today:
        problems.append(Problem("checked_on", "invalid", str(MSG_CHECKED_ON)))
    elif day < timezone.localdate(report.received_at):
        problems.append(Problem("checked_on", "before_received", str(MSG_CHECKED_BEFORE)))
    handling = [a for a in (report.agency_id, report.also_agency_id) if a is not None]
    people, found = staff_named(inspectors, handling)
    problems += found
    text, found = required_text(findings, "findings", MSG_FINDINGS)
    problems += found
    if problems:
        raise InvalidInput(problems=problems)
    assert day is not None
    checking = ReportAct.begin(report, by, agency, client_ip=client_ip)
    report.check_site()
    report.checked_on = day
    report.inspector_names = [{"username": p.username, "name": display_name(p)} for p in people]
    report.site_findings = text
    report.site_checked_by = by
    report.updated_at = timezone.now()
    report.save()
    report.inspectors.set(people)
    checking.record(
        AuditAction.REPORT_SITE_CHECKED,
        opinion=text,
        details={
            "report_id": report.pk,
            "checked_on": day.isoformat(),
            "inspectors": [p.username for p in people],
        },
    )
    return report
