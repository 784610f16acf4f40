"""The yearly control report of introductions (年度防控报告, product.md §17 A5; 004 二4
"强化引入后使用管控……完成年度防控报告"). Each December the tick drafts, per deciding agency
(the lead agency of each introduction it decided) and year, the figures of the year from the
records: each introduction in force or since ended, its last accepted monitoring (individuals
alive, escapes), its escape incidents with their containment, and the yearly filing's state. A
draft is assembled again at each tick until the agency's approver or head finalises it (audited
with its figures); a final report never changes."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from audit.choices import AuditAction
from audit.trail import audit_appended_last
from core.errors import InvalidInput, NotVisible, Problem, StateConflict
from core.messages import MSG_FINAL, MSG_TOO_LONG_WORKFLOWS
from core.messages import MSG_NOT_DECIDING_AGENCY as MSG_NOT_AGENCY
from permits import access
from permits.acts import SYSTEM_ROLE, Act
from permits.choices import INCIDENT_STATUSES, Decision, Kind, ObligationKind
from permits.models import Application, Filing
from roles.models import Agency, Role

from .models import ControlReport, ControlReportStatus

DRAFT_MONTH = 12


def _figures(applications: Iterable[Application], year: int) -> dict[str, Any]:
    ids = [a.pk for a in applications]
    filings = (
        Filing.objects.filter(obligation__application_id__in=ids, filed_at__year=year)
        .select_related("obligation")
        .order_by("filed_at", "pk")
    )
    by_application: dict[int, dict[str, Any]] = {}
    for application in applications:
        detail = application.detail
        by_application[application.pk] = {
            "reference": application.reference,
            "species": getattr(detail, "chinese_name", "")
            or getattr(detail, "scientific_name", ""),
            "holder": application.organisation.name if application.organisation_id else "",
            "status": application.status,
            "alive_count": None,
            "escaped": 0,
            "incidents": [],
            "annual_control": "",
        }
    for filing in filings:
        row = by_application[filing.obligation.application_id]
        kind = filing.obligation.kind
        data = filing.data or {}
        if kind == ObligationKind.ESCAPE_INCIDENT:
            row["incidents"].append(
                {
                    "occurred_on": data.get("occurred_on"),
                    "count": data.get("escape_count"),
                    "place": data.get("escape_place"),
                    "containment": data.get("containment"),
                }
            )
            row["escaped"] += int(data.get("escape_count") or 0)
        elif kind == ObligationKind.MONITORING and filing.review_decision == Decision.ACCEPT:
            row["alive_count"] = data.get("alive_count")
            row["escaped"] += int(data.get("escape_count") or 0)
        elif kind == ObligationKind.ANNUAL_CONTROL:
            row["annual_control"] = filing.review_decision or "filed"
    rows = [by_application[pk] for pk in ids]
    return {
        "year": year,
        "introductions": rows,
        "totals": {
            "introductions": len(rows),
            "incidents": sum(len(r["incidents"]) for r in rows),
            "escaped": sum(r["escaped"] for r in rows),
        },
    }


def control_reports_draft(now: datetime) -> int:
    """In December: assemble (again) the draft of each deciding agency with introductions in
    force or ended; a final report is left as it is. Returns the drafts written."""
    today = timezone.localdate(now)
    if today.month != DRAFT_MONTH:
        return 0
    introductions = Application.objects.filter(
        kind=Kind.INTRODUCTION, status__in=INCIDENT_STATUSES, lead_agency__isnull=False
    )
    done = 0
    for agency_id in sorted(set(introductions.values_list("lead_agency_id", flat=True))):
        done += _draft_one(agency_id, today.year, introductions, now)
    return done


@transaction.atomic
@audit_appended_last
def _draft_one(
    agency_id: int, year: int, introductions: QuerySet[Application], now: datetime
) -> int:
    agency = Agency.objects.get(pk=agency_id)
    report = (
        # Only this row (its default ordering joins the agency, which FOR UPDATE may not lock).
        ControlReport.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(agency_id=agency_id, year=year)
        .order_by()
        .first()
    )
    if report is not None and report.status == ControlReportStatus.FINAL:
        return 0
    applications = list(
        introductions.filter(lead_agency_id=agency_id).select_related("organisation").order_by("pk")
    )
    figures = _figures(applications, year)
    if report is None:
        try:
            with transaction.atomic():
                report = ControlReport.objects.create(
                    jurisdiction_id=agency.jurisdiction_id,
                    agency=agency,
                    year=year,
                    figures=figures,
                    assembled_at=now,
                )
        except IntegrityError:  # another tick drafted it meanwhile
            return 0
        Act(None, agency, SYSTEM_ROLE).record(
            AuditAction.CONTROL_REPORT_DRAFTED,
            details={"report_id": report.pk, "year": year, "totals": figures["totals"]},
        )
        return 1
    if report.figures == figures:
        return 0
    report.figures = figures
    report.assembled_at = now
    report.save(update_fields=["figures", "assembled_at"])
    return 1


def control_reports_visible_to(user: Any) -> QuerySet[ControlReport]:
    """The reports of the agencies the user belongs to (and the audit bureaus of their
    jurisdiction)."""
    agencies = access.agencies_of(user)
    if not agencies:
        return ControlReport.objects.none()
    own = [a.pk for a in agencies]
    audited = [a.jurisdiction_id for a in agencies if a.kind == "audit"]
    return (
        ControlReport.objects.filter(agency_id__in=own)
        | ControlReport.objects.filter(jurisdiction_id__in=audited)
    ).select_related("agency", "finalised_by")


def may_finalise(user: Any, report: ControlReport) -> bool:
    """An approver or head of the report's agency (the service and the page ask the same)."""
    return access.is_head(user, report.agency_id) or access.holds_agency_permission(
        user, "roles.approve_for_agency", report.agency_id
    )


@transaction.atomic
@audit_appended_last
def control_report_finalise(
    *, report_id: int | str, by: User, note: object = "", client_ip: str | None = None
) -> ControlReport:
    """The deciding agency's approver or head finalises the draft (404 unseen, 403 not of the
    agency's approvers or heads, 409 final already)."""
    try:
        report = (
            control_reports_visible_to(by)
            .select_for_update(of=("self",))
            .filter(pk=report_id)
            .first()
        )
    except (ValueError, TypeError):
        report = None
    if report is None:
        raise NotVisible()
    access.require(may_finalise(by, report), MSG_NOT_AGENCY)
    if report.status == ControlReportStatus.FINAL:
        raise StateConflict.on("final", MSG_FINAL)
    text = note.strip() if isinstance(note, str) else ""
    if len(text) > 4000:
        raise InvalidInput(problems=[Problem("note", "max_length", str(MSG_TOO_LONG_WORKFLOWS))])
    report.status = ControlReportStatus.FINAL
    report.note = text
    report.finalised_at = timezone.now()
    report.finalised_by = by
    report.save()
    role = Role.HEAD if access.is_head(by, report.agency_id) else Role.APPROVER
    finalising = Act(by, report.agency, role, client_ip=client_ip)  # on no one application
    finalising.record(
        AuditAction.CONTROL_REPORT_FINALISED,
        opinion=text,
        details={"report_id": report.pk, "year": report.year, "figures": report.figures},
    )
    return report
