"""The referral's other ends (issue 48 items 4, 5; 行政执法机关移送涉嫌犯罪案件的规定, "移送规定"):
the head's finding that a case marked ``to_refer`` reaches no referral threshold (art. 5(2): 不批准
移送, its reasons recorded), without which no decision may take the referral's place (art. 11(1));
the close of a case the police opened (arts. 8, 12); and its return by a judicial authority for a
penalty (行政处罚法 art. 27(1), second sentence; 移送规定 art. 13). Each act passes through the
case acts' kernel (``enforcement.services``): the case's lock, the check, the change, its
document, its audit event, who is told. The approval and the police's answer are
``services.case_refer`` and ``services.case_referral_answer``."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from audit.choices import AuditAction
from audit.trail import audit_appended_last
from core.chinese import display_zh
from core.errors import InvalidInput, NotAllowed, Problem, StateConflict
from core.messages import (
    MSG_CASE_DECLINE_REASONS,
    MSG_CASE_HANDED_OVER_DAY,
    MSG_CASE_NOT_ACCEPTED_BY_POLICE,
    MSG_CASE_NOT_AWAITING_RECEIPT,
    MSG_CASE_NOT_HEAD_DECLINE,
    MSG_CASE_NOT_TO_REFER,
    MSG_CASE_REASONS,
    MSG_CASE_RECEIVED_DAY,
    MSG_CASE_REFERRAL_REPORT,
    MSG_CASE_REFERRED_ONCE,
    MSG_CASE_REPORT_PENDING,
    MSG_CASE_RETURN_AUTHORITY,
    MSG_CASE_RETURN_DAY,
    MSG_CASE_RETURN_GROUND,
    MSG_CASE_THRESHOLDS_REACHED,
    MSG_CASE_TOO_LONG,
)
from permits import access
from permits.choices import NotificationKind
from roles.models import Role

from . import law, papers
from .models import (
    REFERABLE,
    Case,
    CaseOutcome,
    CaseStatus,
    PoliceAnswer,
    ReferralThreshold,
    ReturnGround,
)
from .services import (
    _act,
    _locked,
    _move,
    _officials,
    _record,
    _require_head,
    _require_official,
    _role_of,
    _status,
    _tell,
    _text,
)
from .sources import source_told


def _day_after(value: object, field: str, earliest: date | None, message: Any) -> date:
    """A day given as YYYY-MM-DD, not before ``earliest`` and not in the future (400)."""
    if isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value or ""))
        except ValueError:
            raise InvalidInput.on(field, "invalid", message) from None
    if day > timezone.localdate() or (earliest is not None and day < earliest):
        raise InvalidInput.on(field, "out_of_range", message)
    return day


# ------------------------------------------------------ reported to the head (art. 5(1))


@transaction.atomic
@audit_appended_last
def case_referral_report(
    *, case_id: object, by: User, report: object = "", client_ip: str | None = None
) -> Case:
    """The officers report a suspected crime to the head (移送规定 art. 5(1): 书面报告, 报经…
    负责人审批): the case marked ``to_refer`` (no decision in its place, art. 11(1)) and the
    head's decision due within the standard's days of the report (art. 5(2): 自接到报告之日起
    ３日内), which the overdue tick tells the heads of once it has passed."""
    case = _locked(case_id, by)
    _require_official(by, case)
    if case.referred_at is not None:
        raise StateConflict.on("referred_once", MSG_CASE_REFERRED_ONCE)
    _status(case, *REFERABLE)
    if case.to_refer and case.referral_approval_due is not None:
        raise StateConflict.on("report_pending", MSG_CASE_REPORT_PENDING)
    text = _text(report, "report", MSG_CASE_REFERRAL_REPORT)
    standard = law.standard_of(case.agency.jurisdiction_id)
    case.to_refer = True
    case.referral_reported_at, case.referral_reported_by = timezone.now(), by
    case.referral_report_summary = text
    case.referral_approval_due = timezone.localdate() + timedelta(
        days=standard.referral_approval_days
    )
    case.save()
    reporting = _act(case, by, _role_of(by, case), client_ip, case.status)
    due = case.referral_approval_due.isoformat()
    _record(reporting, AuditAction.CASE_REFERRAL_REPORTED, case, text, approval_due=due)
    step = f"涉嫌犯罪案件报请批准移送，请于{due}前作出批准或者不批准移送的决定"
    _tell(case, list(access.heads_of(case.agency_id)), step, NotificationKind.DECIDED)
    return case


# ------------------------------------------------------------- not referred (art. 5(2))


def _none_reached(
    thresholds: list[ReferralThreshold],
    found: dict[str, Decimal],
    combined: list[law.Combination],
) -> None:
    """400 beside each quantity that reaches its threshold, alone or in its group's sum."""
    reached = list(law.thresholds_met(thresholds, found))
    reached += [row for c in combined if c.met for row in c.rows]
    if reached:
        named = "、".join(
            dict.fromkeys(
                f"{t.offence}{t.quantity.normalize():f}{display_zh(t, 'unit')}" for t in reached
            )
        )
        message = str(MSG_CASE_THRESHOLDS_REACHED).format(thresholds=named)
        problems = [Problem(f"quantities.{t.code}", "thresholds_reached", message) for t in reached]
        raise InvalidInput(problems=problems)


@transaction.atomic
@audit_appended_last
def case_referral_decline(
    *,
    case_id: object,
    by: User,
    reasons: object,
    quantities: object = None,
    client_ip: str | None = None,
) -> Case:
    """The head finds that a case marked to be referred reaches no referral threshold, alone or
    combined in proportion, with the same party's earlier cases not dealt with added and the
    thresholds lowered for a party penalised before (法释〔2023〕8号 arts. 1(2), 9), and records
    why (移送规定 art. 5(2)): the 不予移送 record issued, ``to_refer`` cleared, the
    administrative case goes on. Quantities that reach a threshold are refused (400): such a
    case is referred, not punished (art. 11(1))."""
    case = _locked(case_id, by)
    if not access.is_principal_head(by, case.agency_id):
        raise NotAllowed(MSG_CASE_NOT_HEAD_DECLINE)
    if not case.to_refer or case.referred_at is not None:
        raise StateConflict.on("not_to_refer", MSG_CASE_NOT_TO_REFER)
    _status(case, *REFERABLE)
    text = _text(reasons, "reasons", MSG_CASE_DECLINE_REASONS)
    reckoning = law.reckon(case, quantities, timezone.localdate())
    combined = law.combinations(reckoning.thresholds, reckoning.total)
    _none_reached(reckoning.thresholds, reckoning.total, combined)
    case.to_refer = False
    case.referral_declined_at, case.referral_declined_by = timezone.now(), by
    case.referral_declined_reasons = text
    case.referral_declined_quantities = {c: str(amount) for c, amount in reckoning.own.items()}
    case.referral_cumulation = reckoning.as_json()
    case.save()
    declining = _act(case, by, Role.HEAD, client_ip, case.status)
    record = papers.referral_declined_issue(case, declining, reckoning, combined)
    _record(
        declining,
        AuditAction.CASE_REFERRAL_DECLINED,
        case,
        text,
        quantities=case.referral_declined_quantities,
        combined={c.group: f"{c.share:.4f}" for c in combined},
        cumulation=case.referral_cumulation,
        document_number=record.number,
    )
    _tell(
        case, _officials(case), f"不予移送，继续办理（{record.number}）", NotificationKind.DECIDED
    )
    return case


# ------------------------------------------------------ received by the police (art. 8)


@transaction.atomic
@audit_appended_last
def case_referral_received(
    *, case_id: object, by: User, received_on: object = None, client_ip: str | None = None
) -> Case:
    """An official records the day the police received the referral (移送规定 art. 8: 自接受
    …之日起), which ends the clock of art. 5(2)'s hours (``transfer_by``)."""
    case = _locked(case_id, by)
    _require_official(by, case)
    if case.status != CaseStatus.REFERRED or case.police_answer or case.police_received_on:
        raise StateConflict.on("not_awaiting_receipt", MSG_CASE_NOT_AWAITING_RECEIPT)
    assert case.referred_at is not None
    approved = timezone.localtime(case.referred_at).date()
    day = _day_after(received_on, "received_on", approved, MSG_CASE_RECEIVED_DAY)
    case.police_received_on = day
    case.save()
    receiving = _act(case, by, _role_of(by, case), client_ip, case.status)
    late = case.transfer_by is not None and day > timezone.localtime(case.transfer_by).date()
    _record(
        receiving,
        AuditAction.CASE_REFERRAL_RECEIVED,
        case,
        received_on=day.isoformat(),
        after_transfer_by=late,
    )
    return case


# ------------------------------------------------------------ closed by the transfer


def _accepted_by_police(case: Case) -> None:
    if case.status != CaseStatus.REFERRED or case.police_answer != PoliceAnswer.ACCEPTED:
        raise StateConflict.on("not_accepted_by_police", MSG_CASE_NOT_ACCEPTED_BY_POLICE)


@transaction.atomic
@audit_appended_last
def case_transfer_close(
    *,
    case_id: object,
    by: User,
    handed_over_on: object,
    note: object = "",
    client_ip: str | None = None,
) -> Case:
    """结案 by the transfer, by the head: the police opened a criminal case (移送规定 art. 8) and
    received the materials on ``handed_over_on`` (art. 12); closed with the outcome
    ``transferred`` and its 移送案件结案报告; no penalty decided (行政处罚法 art. 57(1)(4))."""
    case = _locked(case_id, by)
    _require_head(by, case)
    _accepted_by_police(case)
    day = _day_after(
        handed_over_on, "handed_over_on", case.police_answered_on, MSG_CASE_HANDED_OVER_DAY
    )
    text = _text(note, "note", MSG_CASE_REASONS, required=False)
    before = case.status
    case.handed_over_on = day
    case.outcome = CaseOutcome.TRANSFERRED
    case.closed_at, case.closed_by = timezone.now(), by
    _move(case, case.close_transferred)
    case.save()
    closing = _act(case, by, Role.HEAD, client_ip, before)
    report = papers.transfer_close_issue(case, closing, text)
    _record(
        closing,
        AuditAction.CASE_TRANSFER_CLOSED,
        case,
        text,
        police_agency=case.police_agency,
        handed_over_on=day.isoformat(),
        document_number=report.number,
        **source_told(case),
    )
    _tell(
        case,
        _officials(case),
        f"已移送公安机关立案，结案（{report.number}）",
        NotificationKind.DECIDED,
    )
    return case


# ------------------------------------------------- sent back for a penalty (art. 27(1))


def _return_fields(authority: object, ground: object) -> tuple[str, str]:
    problems = []
    name = authority.strip() if isinstance(authority, str) else ""
    if not name:
        problems.append(Problem("authority", "required", str(MSG_CASE_RETURN_AUTHORITY)))
    elif len(name) > 120:
        problems.append(Problem("authority", "max_length", str(MSG_CASE_TOO_LONG)))
    if ground not in ReturnGround.values:
        problems.append(Problem("ground", "invalid", str(MSG_CASE_RETURN_GROUND)))
    if problems:
        raise InvalidInput(problems=problems)
    return name, str(ground)


@transaction.atomic
@audit_appended_last
def case_referral_return(
    *,
    case_id: object,
    by: User,
    authority: object,
    ground: object,
    returned_on: object,
    note: object = "",
    client_ip: str | None = None,
) -> Case:
    """An official records that a judicial authority sent back a case the police had opened,
    as needing no criminal liability or exempted from criminal punishment but calling for a
    penalty (行政处罚法 art. 27(1), second sentence; 移送规定 art. 13): the case goes back to the
    step it was referred from and continues administratively, as one not accepted (art. 10)."""
    case = _locked(case_id, by)
    _require_official(by, case)
    _accepted_by_police(case)
    name, why = _return_fields(authority, ground)
    day = _day_after(returned_on, "returned_on", case.police_answered_on, MSG_CASE_RETURN_DAY)
    text = _text(note, "note", MSG_CASE_REASONS, required=False)
    before = case.status
    case.returned_on, case.returned_by_authority = day, name
    case.return_ground, case.return_note = why, text
    _move(case, case.take_back)
    case.save()
    returning = _act(case, by, _role_of(by, case), client_ip, before)
    _record(
        returning,
        AuditAction.CASE_RETURNED,
        case,
        text,
        authority=name,
        ground=why,
        returned_on=day.isoformat(),
    )
    step = f"{name}移回案件（{display_zh(case, 'return_ground')}），继续办理行政处罚"
    _tell(case, list(access.heads_of(case.agency_id)), step, NotificationKind.DECIDED)
    return case
