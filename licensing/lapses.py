"""A permanent occupation's approval lapses and is cancelled (product.md §18 B4): its
准予行政许可决定书 is valid two years (建设项目使用林地审核审批管理办法 art. 25, the jurisdiction's
``permanent_validity_months``) unless the holder records the construction-land approval
(建设用地批准文件); without it, the day after its last day the tick marks it ``lapsed`` and, in the
same transaction, cancels it (注销, Administrative Licensing Law art. 70(1)) with a numbered,
signed 注销行政许可通知书. The holder records the approval here too."""

from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from audit.choices import AuditAction
from audit.trail import audit_appended_last
from core.errors import InvalidInput, Problem, StateConflict
from core.messages import (
    MSG_BEFORE_GRANT,
    MSG_DATE_LICENSING,
    MSG_NOT_PERMANENT,
    MSG_RECORDED,
    MSG_TOLD_CANCELLED,
    MSG_TOLD_RECORDED,
)
from core.messages import MSG_NOT_LAND_HOLDER as MSG_NOT_HOLDER
from documents.models import Certificate, DocumentKind
from documents.notices.by_act import act_notice_issue
from permits import access
from permits.acts import Act
from permits.choices import Kind, NotificationKind, OccupationKind, Status
from permits.models import Application
from permits.notifications import notify
from permits.services import application_relock, fsm_apply
from roles.models import Role
from workflows.models import Forwarding
from workflows.services import day_of
from workflows.services.applicants import tell_applicants

from .models import PENDING_STATUSES, LandApproval, StatementNotice, StatementStatus
from .requests import requests_close
from .selectors import is_permanent_occupation
from .services import approval_marked, fields_clean, text_clean

NUMBER_MAX, AUTHORITY_MAX = 100, 200
LAPSE_BASIS = "《建设项目使用林地审核审批管理办法》第二十五条"
CANCEL_BASIS = "《中华人民共和国行政许可法》第七十条第（一）项"


def _day(value: Any, today: date) -> date:
    day = day_of(value)
    if day is None or day > today:
        raise InvalidInput(problems=[Problem("approved_on", "invalid", str(MSG_DATE_LICENSING))])
    return day


@transaction.atomic
@audit_appended_last
def land_approval_record(
    *,
    application: Application,
    by: User,
    number: Any,
    approved_on: Any,
    authority: Any,
    client_ip: str | None = None,
) -> LandApproval:
    """The holder records the 建设用地批准文件 its permanent occupation obtained, once, while the
    approval is in force; the deciding agency is told. 400 naming each wrong field; 409 when the
    permit is not a permanent occupation in force or the approval is already recorded."""
    detail = application_relock(application)
    access.require(access.can_edit_application(by, detail), MSG_NOT_HOLDER)
    now = timezone.now()
    today = timezone.localdate(now)
    number, on, authority = fields_clean(
        lambda: text_clean(number, "number", NUMBER_MAX),
        lambda: _day(approved_on, today),
        lambda: text_clean(authority, "authority", AUTHORITY_MAX),
    )
    _land_approval_refused(detail, on, today)
    record = LandApproval.objects.create(
        application_id=detail.pk,
        number=number,
        approved_on=on,
        authority=authority,
        recorded_by=by,
        recorded_at=now,
    )
    # The holder's act, addressed to the agency that decided the permit.
    act = Act.on(
        detail, by, agency=detail.deciding_agency, role=Role.APPLICANT, client_ip=client_ip
    )
    act.record(
        AuditAction.LAND_APPROVAL_RECORDED,
        details={"number": number, "approved_on": on.isoformat(), "authority": authority},
    )
    notify(
        recipients=access.deciders_of(detail),
        kind=NotificationKind.LAND_APPROVAL,
        message=str(MSG_TOLD_RECORDED).format(reference=detail.reference, number=number),
        application=detail,
    )
    return record


def _land_approval_refused(detail: Application, on: date, today: date) -> None:
    """409 unless a permanent occupation in force takes its first approval; 400 for an
    approval dated before the permit."""
    if (
        not is_permanent_occupation(detail)
        or detail.status != Status.APPROVED
        or (detail.valid_until is not None and detail.valid_until < today)
    ):
        # Not a permanent occupation, or its validity ran out (the tick lapses it, whether or
        # not it has run yet today).
        raise StateConflict.on("not_permanent_in_force", MSG_NOT_PERMANENT)
    granted = timezone.localdate(detail.decided_at) if detail.decided_at else None
    if granted is not None and on < granted:
        # The construction-land approval follows the forest-land approval (森林法实施条例
        # art. 16(1): 凭使用林地审核同意书依法办理建设用地审批手续).
        message = str(MSG_BEFORE_GRANT % {"date": granted.isoformat()})
        raise InvalidInput(problems=[Problem("approved_on", "before_grant", message)])
    if LandApproval.objects.filter(application_id=detail.pk).exists():
        raise StateConflict.on("recorded", MSG_RECORDED)


def permits_lapse(now: datetime) -> int:
    """Permanent occupations whose approval ran its validity before today without a
    construction-land approval recorded: each lapses and is cancelled, once (each re-checked
    under its row lock, so overlapping ticks on any number of machines act once). A grant of
    the national authority is its to cancel (product.md §16 L6): left alone."""
    today = timezone.localdate(now)
    due = (
        Application.objects.filter(
            kind=Kind.OCCUPATION,
            occupationrequest__occupation_kind=OccupationKind.PERMANENT,
            status=Status.APPROVED,
            valid_until__lt=today,
            land_approval__isnull=True,
        )
        .exclude(pk__in=Forwarding.objects.values("application_id"))
        .values_list("pk", flat=True)
    )
    return sum(_lapse_one(pk, today) for pk in list(due))


@transaction.atomic
@audit_appended_last
def _lapse_one(pk: int, today: date) -> bool:
    detail = application_relock(Application(pk=pk))
    if (
        detail.status != Status.APPROVED
        or not is_permanent_occupation(detail)
        or detail.valid_until is None
        or detail.valid_until >= today
        or LandApproval.objects.filter(application_id=pk).exists()
    ):
        return False
    until = detail.valid_until
    lapsing = Act.of_deciding_agency(detail, None)  # the law's act, from approved
    fsm_apply(detail, detail.lapse)
    lapsing.record(
        AuditAction.LAPSE,
        details={
            "valid_until": until.isoformat(),
            "basis": "建设项目使用林地审核审批管理办法第二十五条",
        },
    )
    notice = _lapsed_cancel(Act.of_deciding_agency(detail, None), until, today)
    tell_applicants(
        detail,
        NotificationKind.PERMIT_CANCELLED,
        MSG_TOLD_CANCELLED,
        until=until.isoformat(),
        number=notice.number,
    )
    return True


def _lapsed_cancel(cancelling: Act, until: date, today: date) -> Certificate:
    """注销 of the lapsed approval (the law's act, from lapsed): the notice, the approval's
    mark, what was pending on the permit closed, the event."""
    detail = cancelling.application
    assert detail is not None
    approval = detail.certificates.filter(document_kind=DocumentKind.APPROVAL).first()
    notice = act_notice_issue(
        cancelling,
        DocumentKind.CANCELLATION_NOTICE,
        extra={
            "valid_from": approval.valid_from if approval else None,
            "valid_until": until,
        },
    )
    approval_marked(
        detail,
        on=today,
        reason=f"有效期届满未登记建设用地批准文件，依据{CANCEL_BASIS}，见{notice.number}",
        mark="注销",
    )
    fsm_apply(detail, detail.cancel)
    requests_close(detail, f"该行政许可已注销（{notice.number}），申请不再办理。")
    # A statement notice still pending has nothing left to decide (product.md §18 B7, B8).
    StatementNotice.objects.filter(application_id=detail.pk, status__in=PENDING_STATUSES).update(
        status=StatementStatus.DROPPED,
        closed_at=timezone.now(),
        closing_reason=f"该行政许可已注销（{notice.number}）。",
    )
    cancelling.record(
        AuditAction.CANCEL,
        details={
            "number": notice.number,
            "basis": "《中华人民共和国行政许可法》第七十条第（一）项",
        },
    )
    return notice
