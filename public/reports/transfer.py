"""A report sent to the wrong district, sent on to the right one's agencies before its
site check."""

import re
from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from audit.choices import AuditAction
from audit.trail import audit_appended_last
from core.errors import InvalidInput, Problem, StateConflict
from core.messages import (
    MSG_ALREADY_CHECKED,
    MSG_DISTRICT_UNKNOWN_PUBLIC,
    MSG_TOLD_TRANSFERRED,
    MSG_TRANSFER_REASON,
    MSG_TRANSFER_SAME,
)
from permits.choices import NotificationKind
from permits.obligations import standard_of
from roles.models import Agency, District
from workflows.deadlines import add_working_days
from workflows.services import required_text

from ..models import Report, ReportStatus
from ._common import ReportAct, _locked, _tell_agencies
from .agencies import acting_agency, agencies_for, report_districts


@transaction.atomic
@audit_appended_last
def report_transfer(
    *,
    report_id: int | str,
    by: User,
    district: object,
    reason: object,
    client_ip: str | None = None,
    today: date | None = None,
) -> Report:
    """A report sent to the wrong district goes on to the right one's agencies (before its site
    check): they have the full working days from today; the agencies it leaves no longer read
    it. 404 unseen, 409 once checked or closed, 400 with every problem of the input."""
    today = today or timezone.localdate()
    report = _locked(report_id, by)
    agency = acting_agency(by, report)
    if report.status != ReportStatus.RECEIVED:
        raise StateConflict.on("already_checked", MSG_ALREADY_CHECKED)
    target, lead, also, text = _transfer_clean(report, district, reason)
    transferring = ReportAct.begin(report, by, agency, client_ip=client_ip)
    previous = report.district_id
    report.district = target
    report.agency = lead
    report.also_agency = also
    report.due_on = add_working_days(today, standard_of(target.jurisdiction_id).report_working_days)
    report.updated_at = timezone.now()
    report.save()
    transferring.record(
        AuditAction.REPORT_TRANSFERRED,
        opinion=text,
        details={
            "report_id": report.pk,
            "from_district": previous,
            "to_district": target.code,
            "agencies": [a.code for a in (lead, also) if a is not None],
            "due_on": report.due_on.isoformat(),
        },
    )
    _tell_agencies(
        report,
        MSG_TOLD_TRANSFERRED,
        NotificationKind.PUBLIC_REPORT,
        kind=report.get_kind_display(),
        agency=agency.name,
        due=report.due_on.isoformat(),
        number=report.pk,
    )
    return report


def _transfer_clean(
    report: Report, district: object, reason: object
) -> tuple[District, Agency, Agency | None, str]:
    """The district the report goes on to, its agencies and the reason, or every problem of
    the input at once (400)."""
    problems: list[Problem] = []
    code = district.strip() if isinstance(district, str) else ""
    target = (
        report_districts().filter(code=code).first() if re.fullmatch(r"[0-9]{6}", code) else None
    )
    lead = also = None
    if target is None:
        problems.append(Problem("district", "invalid", str(MSG_DISTRICT_UNKNOWN_PUBLIC)))
    elif target.pk == report.district_id:
        problems.append(Problem("district", "same", str(MSG_TRANSFER_SAME)))
    else:
        lead, also = agencies_for(target, report.kind)
        if lead is None:
            problems.append(Problem("district", "invalid", str(MSG_DISTRICT_UNKNOWN_PUBLIC)))
    text, found = required_text(reason, "reason", MSG_TRANSFER_REASON)
    problems += found
    if problems:
        raise InvalidInput(problems=problems)
    assert target is not None and lead is not None
    return target, lead, also, text
