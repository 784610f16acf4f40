"""Inspections (检查验收, product.md §17 A2, A4) and the rectification a failed one orders (A6).

An accepted completion or restoration filing opens an inspection for the district agency
(``inspection_open``, inside the review's transaction). The agency's head assigns two or more of
its staff and a day (``inspection_assign``); the first assignment draws the 小班 to inspect from
a fresh seed, recorded in the audit event so that anyone can draw them again
(``checks.sample_draw``). An assigned inspector records the result (``inspection_result``): per
小班 the measured area, operation and intensity, held to the thresholds frozen at the opening; a
pass that the figures refute is refused. The result is one transaction with its audit event, a
numbered 检查验收意见书, the application's new status (``accepted`` / ``restored``, or
``non_compliant`` / ``restoration_overdue``), on a fail a rectification with its 责令限期整改通知书,
and the holder told.
"""

import secrets
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from audit.choices import AuditAction
from audit.trail import audit_appended_last, display_name
from core.errors import InvalidInput, Problem, StateConflict
from core.messages import (
    MSG_AREA_SUPERVISION,
    MSG_DONE,
    MSG_FINDINGS_SUPERVISION,
    MSG_INTENSITY,
    MSG_NOT_ASSIGNED,
    MSG_NOT_HEAD_SUPERVISION,
    MSG_NOT_INSPECTOR,
    MSG_NOT_STAFF_SUPERVISION,
    MSG_OFFENCE_ITEM,
    MSG_OFFENCE_NOT_WITH_PASS,
    MSG_OPERATION,
    MSG_OUTCOME_SUPERVISION,
    MSG_PARCEL,
    MSG_PARCELS,
    MSG_PLANNED_ON,
    MSG_REFUTED,
    MSG_SCORE,
    MSG_TOLD_ASSIGNED,
    MSG_TOLD_OPENED,
    MSG_TOLD_RESULT,
    MSG_TOO_LONG_WORKFLOWS,
    MSG_TOO_MANY_SUPERVISION,
    MSG_TWO_INSPECTORS_SUPERVISION,
)
from documents.models import Certificate, DocumentKind
from documents.notices.by_act import act_notice_issue
from enforcement.models import Case, CaseSource
from enforcement.services import case_open
from permits import access
from permits.acts import SYSTEM_ROLE, Act
from permits.choices import (
    ENDED_BY_ACT_STATUSES,
    NotificationKind,
    ObligationKind,
    OperationType,
    Status,
)
from permits.models import Application, Filing, Obligation
from permits.notifications import notify
from permits.obligations import standard_of
from permits.screening import site_parcels
from permits.services import application_row_relock, fsm_apply
from roles.models import Role
from workflows.services import tell_applicants
from workflows.services.sitechecks import staff_named

from .checks import Approved, parcel_problems, sample_draw
from .models import (
    PASSING_OUTCOMES,
    Inspection,
    InspectionKind,
    InspectionOutcome,
    InspectionStatus,
    Rectification,
)
from .rectifications import rectification_order

TEXT_MAX = 4000
PARCELS_MAX = 200
# What an inspection of each filing's kind is, and what its pass and fail make of the permit.
OPENED_BY: dict[str, InspectionKind] = {
    ObligationKind.TENDING_COMPLETION: InspectionKind.COMPLETION,
    ObligationKind.RESTORATION_COMPLETION: InspectionKind.RESTORATION,
}


def inspection_open(
    *, filing: Filing, application: Application, by: User | None, client_ip: str | None = None
) -> Inspection | None:
    """Open the inspection an accepted completion or restoration filing calls for (inside its
    review's transaction); None for a filing of another kind."""
    kind = OPENED_BY.get(filing.obligation.kind)
    if kind is None or application.district_agency_id is None:
        return None
    standard = standard_of(application.jurisdiction_id)
    opening = Act.on(
        application,
        by,
        agency=application.district_agency,
        role=Role.REVIEWER if by else SYSTEM_ROLE,
        client_ip=client_ip,
    )
    inspection = inspection_create(
        opening, kind, standard.as_thresholds(), filing=filing, filing_id=filing.pk
    )
    notify(
        recipients=list(access.heads_of(application.district_agency_id)),
        kind=NotificationKind.TASK_NEW,
        message=str(MSG_TOLD_OPENED).format(reference=application.reference),
        application=application,
    )
    return inspection


def inspection_create(
    opening: Act,
    kind: InspectionKind,
    thresholds: dict[str, Any],
    *,
    filing: Filing | None = None,
    **details: Any,
) -> Inspection:
    """An inspection of ``kind`` of the act's agency on its application, held to
    ``thresholds``, and the event of its opening (``details``: what opened it)."""
    application = opening.application
    # An inspection is of an application, by an agency.
    assert application is not None and opening.agency is not None
    inspection = Inspection.objects.create(
        application_id=application.pk,
        filing=filing,
        kind=kind,
        agency=opening.agency,
        thresholds=thresholds,
    )
    opening.record(
        AuditAction.INSPECTION_OPENED,
        details={
            "inspection_id": inspection.pk,
            "kind": kind,
            "thresholds": inspection.thresholds,
            **details,
        },
    )
    return inspection


def inspections_visible_to(user: Any) -> QuerySet[Inspection]:
    """The inspections of the applications ``user`` sees: the officials' list (the holder
    reads its inspections on its application's page)."""
    if not access.is_official(user):
        return Inspection.objects.none()
    return Inspection.objects.filter(access.application_visible_q(user)).select_related(
        "application", "agency"
    )


def _locked(inspection_id: int | str, user: User) -> tuple[Inspection, Application]:
    """The application's lock, then the inspection's (with its agency); 404 unseen."""
    return application_row_relock(Inspection, inspection_id, user, related=("agency",))


def _day(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _population(application: Application) -> list[str]:
    """The 小班 an inspection draws from: the design's, or the site's (a temporary use)."""
    named = getattr(application, "compartments", None) or []
    if named:
        return [str(code) for code in named]
    return [str(p["compartment"]) for p in site_parcels(application) if p.get("compartment")]


@transaction.atomic
@audit_appended_last
def inspection_assign(
    *,
    inspection_id: int | str,
    by: User,
    inspectors: object,
    planned_on: object,
    client_ip: str | None = None,
    today: date | None = None,
) -> Inspection:
    """The head assigns the inspectors and the day; the first assignment draws the sample.
    404 unseen, 403 not the head, 409 done, 400 every wrong field at once."""
    today = today or timezone.localdate()
    inspection, application = _locked(inspection_id, by)
    access.require(access.is_head(by, inspection.agency_id), MSG_NOT_HEAD_SUPERVISION)
    if inspection.status == InspectionStatus.DONE:
        raise StateConflict.on("inspection_done", MSG_DONE)
    people, day = _assignment_clean(inspection, inspectors, planned_on, today)
    draw = _sample_drawn(inspection, application) if not inspection.sample_seed else None
    inspection.status = InspectionStatus.ASSIGNED
    inspection.planned_on = day
    inspection.assigned_by = by
    inspection.assigned_at = timezone.now()
    inspection.save()
    inspection.inspectors.set(people)
    details: dict[str, Any] = {
        "inspection_id": inspection.pk,
        "inspectors": [u.username for u in people],
        "planned_on": day.isoformat(),
        **({"draw": draw} if draw is not None else {}),
    }
    assigning = Act.on(
        application, by, agency=inspection.agency, role=Role.HEAD, client_ip=client_ip
    )
    assigning.record(AuditAction.INSPECTION_ASSIGNED, details=details)
    notify(
        recipients=people,
        kind=NotificationKind.TASK_NEW,
        message=str(MSG_TOLD_ASSIGNED).format(reference=application.reference, day=day.isoformat()),
        application=application,
    )
    return inspection


def _assignment_clean(
    inspection: Inspection, inspectors: object, planned_on: object, today: date
) -> tuple[list[User], date]:
    """Two or more of the agency's staff and a day from today, or one 400 naming each."""
    people, problems = staff_named(
        inspectors,
        inspection.agency_id,
        too_few=MSG_TWO_INSPECTORS_SUPERVISION,
        not_staff=MSG_NOT_STAFF_SUPERVISION,
    )
    day = _day(planned_on)
    if day is None or day < today:
        problems.append(Problem("planned_on", "invalid", str(MSG_PLANNED_ON)))
    if problems:
        raise InvalidInput(problems=problems)
    assert day is not None
    return people, day


def _sample_drawn(inspection: Inspection, application: Application) -> dict[str, Any]:
    """The first assignment draws the 小班 to inspect from a fresh seed; returns the draw as
    its event records it, reproducible: checks.sample_draw(population, seed, …) gives the
    sample again."""
    inspection.sample_seed = secrets.token_hex(16)
    inspection.sample = sample_draw(
        _population(application),
        inspection.sample_seed,
        all_up_to=int(inspection.thresholds.get("sample_all_up_to", 5)),
        pct=int(inspection.thresholds.get("sample_pct", 30)),
    )
    return {
        "population": sorted(set(_population(application))),
        "seed": inspection.sample_seed,
        "sample": inspection.sample,
        "all_up_to": inspection.thresholds.get("sample_all_up_to"),
        "pct": inspection.thresholds.get("sample_pct"),
    }


def _number(value: object, low: Decimal, high: Decimal | None) -> Decimal | None:
    if isinstance(value, bool) or value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or number < low or (high is not None and number > high):
        return None
    return number


def _parcels_clean(
    value: object, inspection: Inspection, application: Application
) -> tuple[list[dict[str, Any]], list[Problem]]:
    if not isinstance(value, list) or not value:
        missing = "、".join(inspection.sample) or "—"
        return [], [Problem("parcels", "required", str(MSG_PARCELS).format(missing=missing))]
    if len(value) > PARCELS_MAX:
        return [], [
            Problem("parcels", "max_items", str(MSG_TOO_MANY_SUPERVISION % {"max": PARCELS_MAX}))
        ]
    site = Decimal(str(getattr(application, "area_ha", None) or 0)) or None
    problems: list[Problem] = []
    clean: list[dict[str, Any]] = []
    for index, item in enumerate(value):
        at = f"parcels[{index}]"
        code = item.get("compartment") if isinstance(item, Mapping) else None
        if not isinstance(code, str) or not code.strip() or len(code) > 40:
            problems.append(Problem(f"{at}.compartment", "required", str(MSG_PARCEL)))
            continue
        row: dict[str, Any] = {"compartment": code.strip()}
        area = _number(item.get("measured_area_ha"), Decimal(0), site)
        if area is None:
            limit = {"area": site if site is not None else "—"}
            problems.append(
                Problem(f"{at}.measured_area_ha", "invalid", str(MSG_AREA_SUPERVISION % limit))
            )
        else:
            row["measured_area_ha"] = str(area)
        operation = item.get("operation_type")
        if operation not in (None, ""):
            if operation not in OperationType.values:
                problems.append(
                    Problem(f"{at}.operation_type", "invalid_choice", str(MSG_OPERATION))
                )
            else:
                row["operation_type"] = operation
        if item.get("intensity_pct") not in (None, ""):
            intensity = _number(item.get("intensity_pct"), Decimal(0), Decimal(100))
            if intensity is None:
                problems.append(Problem(f"{at}.intensity_pct", "invalid", str(MSG_INTENSITY)))
            else:
                row["intensity_pct"] = str(intensity)
        if item.get("volume_m3") not in (None, ""):
            volume = _number(item.get("volume_m3"), Decimal(0), None)
            if volume is None:
                problems.append(
                    Problem(f"{at}.volume_m3", "invalid", str(MSG_AREA_SUPERVISION % {"area": "—"}))
                )
            else:
                row["volume_m3"] = str(volume)
        clean.append(row)
    measured = {row["compartment"] for row in clean}
    unmeasured = [code for code in inspection.sample if code not in measured]
    if unmeasured and not problems:
        message = str(MSG_PARCELS).format(missing="、".join(unmeasured))
        problems.append(Problem("parcels", "missing", message))
    return clean, problems


def _text(value: object, field: str, required: bool) -> tuple[str, list[Problem]]:
    text = value.strip() if isinstance(value, str) else ""
    if required and not text:
        return text, [Problem(field, "required", str(MSG_FINDINGS_SUPERVISION))]
    if len(text) > TEXT_MAX:
        return text, [Problem(field, "max_length", str(MSG_TOO_LONG_WORKFLOWS))]
    return text, []


def approved_allowance(application: Application) -> Approved:
    """What the approval allowed, per 小班 (the screening's share of the site at the grant)."""
    shares: dict[str, Decimal | None] = {}
    for parcel in site_parcels(application):
        if parcel.get("compartment"):
            shares[str(parcel["compartment"])] = Decimal(str(parcel["overlap_ha"]))
    named = [str(code) for code in getattr(application, "compartments", None) or []]
    areas = {code: shares.get(code) for code in named} if named else shares
    intensity = getattr(application, "thinning_intensity_pct", None)
    felling = Obligation.objects.filter(
        application_id=application.pk, kind=ObligationKind.FELLING_PERMIT, filings__isnull=False
    ).exists()
    return Approved(
        areas=areas,
        operation_type=getattr(application, "operation_type", "") or "",
        intensity_pct=Decimal(str(intensity)) if intensity is not None else None,
        felling_permit_recorded=felling,
    )


@transaction.atomic
@audit_appended_last
def inspection_result(
    *,
    inspection_id: int | str,
    by: User,
    parcels: object,
    score: object,
    outcome: object,
    findings: object = "",
    offence: object = "",
    client_ip: str | None = None,
) -> Inspection:
    """An assigned inspector records the result. 404 unseen, 403 not assigned, 409 not assigned
    yet or done, 400 every wrong field at once (and a pass the figures refute). ``offence``:
    what the inspectors found that is an offence (trees felled beyond the approval without a
    采伐许可证, 森林法 art. 76; land occupied beyond it, art. 73): the enforcement case opens on
    the inspection (``enforcement.services.case_open``), and the rectification ordered lists
    it among what must be corrected (issue 46 item 8)."""
    inspection, application = _result_locked(inspection_id, by)
    rows, points, chosen, text = _result_clean(
        inspection, application, parcels, score, outcome, findings
    )
    offence_text = _offence_clean(offence, chosen)
    refuted = _refuted(rows, chosen, application, inspection)
    recording = Act.on(
        application, by, agency=inspection.agency, role=Role.REVIEWER, client_ip=client_ip
    )
    _result_apply(recording, inspection, rows, points, chosen, text)
    _result_record(recording, inspection, chosen, refuted, offence_text)
    tell_applicants(
        application, NotificationKind.INSPECTION_RESULT, MSG_TOLD_RESULT, outcome=chosen.label
    )
    return inspection


def _result_locked(inspection_id: int | str, by: User) -> tuple[Inspection, Application]:
    """The inspection and its application, locked, if ``by`` is among its inspectors and it
    waits for its result (404, 403, 409)."""
    inspection, application = _locked(inspection_id, by)
    access.require(inspection.inspectors.filter(pk=by.pk).exists(), MSG_NOT_INSPECTOR)
    if inspection.status == InspectionStatus.DONE:
        raise StateConflict.on("inspection_done", MSG_DONE)
    if inspection.status != InspectionStatus.ASSIGNED:
        raise StateConflict.on("not_assigned", MSG_NOT_ASSIGNED)
    return inspection, application


def _result_apply(
    recording: Act,
    inspection: Inspection,
    rows: list[dict[str, Any]],
    points: Decimal,
    chosen: InspectionOutcome,
    text: str,
) -> None:
    """The result on the inspection, the permit after it and the numbered report, saved."""
    application = recording.application
    assert application is not None and recording.by is not None
    inspection.results = rows
    inspection.score = points.quantize(Decimal("0.1"))
    inspection.outcome = chosen
    inspection.findings = text
    inspection.recorded_by = recording.by
    inspection.recorded_at = timezone.now()
    inspection.status = InspectionStatus.DONE
    _permit_after(application, inspection)
    inspection.report = _report_issue(recording, inspection, rows, chosen, text)
    inspection.save()


def _result_record(
    recording: Act,
    inspection: Inspection,
    chosen: InspectionOutcome,
    refuted: list[str],
    offence: str,
) -> None:
    """What the result orders (a rectification, an enforcement case for an offence) and its
    audit event."""
    found = [*refuted, str(MSG_OFFENCE_ITEM).format(offence=offence)] if offence else refuted
    rectification = _rectification_after(recording, inspection, found, inspection.findings)
    case = _offence_case(recording, inspection, offence)
    assert inspection.report is not None
    recording.record(
        AuditAction.INSPECTION_RECORDED,
        opinion=inspection.findings,
        details={
            "inspection_id": inspection.pk,
            "kind": inspection.kind,
            "outcome": chosen.value,
            "score": str(inspection.score),
            "results": inspection.results,
            "thresholds": inspection.thresholds,
            # 行政许可法 art. 61(2): the record names the inspectors who made it (issue 46).
            "inspectors": [u.username for u in inspection.inspectors.order_by("username")],
            "document_number": inspection.report.number,
            "rectification_id": rectification.pk if rectification else None,
            "enforcement_case": {"id": case.pk, "number": case.number} if case else None,
        },
    )


def _offence_clean(offence: object, chosen: InspectionOutcome) -> str:
    """The offence found, if any (400: too long, or beside a pass)."""
    text, problems = _text(offence, "offence", required=False)
    if problems:
        raise InvalidInput(problems=problems)
    if text and chosen in PASSING_OUTCOMES:
        raise InvalidInput.on("offence", "not_allowed", MSG_OFFENCE_NOT_WITH_PASS)
    return text


def _offence_case(recording: Act, inspection: Inspection, offence: str) -> Case | None:
    """The enforcement case an offence found opens, the inspection its source."""
    if not offence:
        return None
    assert recording.by is not None
    case, _ = case_open(
        source=CaseSource.INSPECTION,
        source_id=inspection.pk,
        facts=offence,
        by=recording.by,
        agency=inspection.agency,
        client_ip=recording.client_ip,
    )
    return case


def _result_clean(
    inspection: Inspection,
    application: Application,
    parcels: object,
    score: object,
    outcome: object,
    findings: object,
) -> tuple[list[dict[str, Any]], Decimal, InspectionOutcome, str]:
    """The measured 小班, the score, the outcome and the findings, or one 400 naming each."""
    rows, problems = _parcels_clean(parcels, inspection, application)
    points = _number(score, Decimal(0), Decimal(100))
    if points is None:
        problems.append(Problem("score", "invalid", str(MSG_SCORE)))
    if outcome not in InspectionOutcome.values:
        problems.append(Problem("outcome", "invalid_choice", str(MSG_OUTCOME_SUPERVISION)))
    chosen = InspectionOutcome(outcome) if outcome in InspectionOutcome.values else None
    text, text_problems = _text(
        findings, "findings", required=chosen not in (None, InspectionOutcome.PASS)
    )
    problems += text_problems
    if problems:
        raise InvalidInput(problems=problems)
    assert chosen is not None and points is not None
    return rows, points, chosen, text


def _refuted(
    rows: list[dict[str, Any]],
    chosen: InspectionOutcome,
    application: Application,
    inspection: Inspection,
) -> list[str]:
    """Each 小班's problems against the approval and the thresholds (kept on its row); a pass
    the figures refute is refused (400)."""
    approved = approved_allowance(application)
    for row in rows:
        row["problems"] = parcel_problems(row, approved, inspection.thresholds)
    refuted = [f"{row['compartment']}：{p}" for row in rows for p in row["problems"]]
    if refuted and chosen in PASSING_OUTCOMES:
        message = str(MSG_REFUTED).format(problems="；".join(refuted[:10]))
        raise InvalidInput(problems=[Problem("outcome", "thresholds_failed", message)])
    return refuted


def _report_issue(
    recording: Act,
    inspection: Inspection,
    rows: list[dict[str, Any]],
    chosen: InspectionOutcome,
    text: str,
) -> Certificate:
    """The numbered 检查验收意见书, issued by the inspector who records it, with a line for each
    inspector to sign (art. 61(2)) and the thresholds said to be the bureau's standard."""
    names = [display_name(u) for u in inspection.inspectors.order_by("username")]
    return act_notice_issue(
        recording,
        DocumentKind.INSPECTION_REPORT,
        reason=text,
        items=[_parcel_line(row) for row in rows],
        extra={
            "inspection_kind": inspection.kind,
            "inspected_on": timezone.localdate(inspection.recorded_at),
            "inspectors": names,
            "thresholds": inspection.thresholds,
            "sample": inspection.sample,
            "score": str(inspection.score),
            "outcome": chosen.value,
        },
    )


def _rectification_after(
    recording: Act, inspection: Inspection, refuted: list[str], text: str
) -> Rectification | None:
    """A failed inspection orders the correction of what it found; a permit ended by an act
    orders none: its work may not be resumed (F38)."""
    application = recording.application
    assert application is not None and recording.by is not None
    if inspection.outcome != InspectionOutcome.FAIL or application.status in ENDED_BY_ACT_STATUSES:
        return None
    return rectification_order(
        application=application,
        agency=inspection.agency,
        by=recording.by,
        findings=text,
        items=[{"message": line} for line in refuted],
        status_before=recording.from_status,
        inspection=inspection,
        filing=inspection.filing,
    )


def _parcel_line(row: Mapping[str, Any]) -> str:
    parts = [f"小班{row['compartment']}：实测面积{row.get('measured_area_ha', '—')}公顷"]
    if row.get("operation_type"):
        parts.append(f"作业方式{OperationType(row['operation_type']).label}")
    if row.get("intensity_pct"):
        parts.append(f"强度{row['intensity_pct']}%")
    if row.get("volume_m3"):
        parts.append(f"出材{row['volume_m3']}立方米")
    verdict = "；".join(p.rstrip("。") for p in row.get("problems") or []) or "符合设计"
    return "，".join(parts) + f"（{verdict}）"


def _permit_after(application: Application, inspection: Inspection) -> None:
    """Pass: the work is accepted (a design) or the land restored (a temporary use); fail: the
    permit is not kept, or the land not restored. A spot check that passes changes nothing. A
    permit ended by an act (given up, revoked, withdrawn) stays as it ended: the inspection of
    the work done before is recorded, and supervises, but accepts nothing (F38)."""
    if application.status in ENDED_BY_ACT_STATUSES:
        return
    passed = inspection.outcome in PASSING_OUTCOMES
    if inspection.kind == InspectionKind.RESTORATION:
        method = application.restoration_accept if passed else application.restoration_late
        if passed or application.status != Status.RESTORATION_OVERDUE:
            fsm_apply(application, method)
        return
    if passed and inspection.kind == InspectionKind.COMPLETION:
        fsm_apply(application, application.inspection_accept)
    elif not passed and application.status != Status.NON_COMPLIANT:
        fsm_apply(application, application.find_non_compliant)
