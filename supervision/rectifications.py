"""Rectification to 销号 (product.md §17 A6; Administrative Licensing Law art. 66): the holder
answers what it corrected, with photos; the agency that ordered it closes it (销号) or
escalates it. Closing the rectification of a failed inspection puts the permit back as it was
before the finding and opens a re-inspection, whose pass accepts the work (or the restored
land); lateness or escalation never revokes anything by itself (§18 decides suspension).

Each act is one transaction: the application's lock, then the rectification's, the change, its
audit event and who is told."""

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from audit.choices import AuditAction
from audit.trail import audit_appended_last
from core.errors import InvalidInput, Problem, StateConflict
from core.messages import (
    MSG_ALREADY_ORDERED,
    MSG_ANSWER,
    MSG_CLOSED_SUPERVISION,
    MSG_NOT_ANSWERED,
    MSG_NOT_HOLDER_SUPERVISION,
    MSG_NOT_OPEN,
    MSG_NOT_OVERDUE,
    MSG_NOTE,
    MSG_ORDER_REASON,
    MSG_TOLD_ANSWERED_SUPERVISION,
    MSG_TOLD_CLOSED_SUPERVISION,
    MSG_TOLD_ESCALATED,
    MSG_TOLD_ORDERED,
    MSG_TOO_LONG_WORKFLOWS,
    MSG_TOO_MANY_PHOTOS_SUPERVISION,
)
from core.messages import MSG_NOT_ORDERING_AGENCY as MSG_NOT_AGENCY
from documents.models import DocumentKind
from documents.notices.by_act import act_notice_issue
from permits import access
from permits.acts import Act
from permits.choices import (
    PERMIT_BACK,
    AttachmentKind,
    NotificationKind,
    ObligationStatus,
    Status,
)
from permits.models import Application, Filing, Obligation
from permits.notifications import notify
from permits.obligations import standard_of
from permits.services import application_row_relock, attachment_store, fsm_apply
from permits.uploads import Upload
from roles.models import Agency, Role

from .models import Inspection, Rectification, RectificationStatus

TEXT_MAX = 4000
PHOTOS_MAX = 10


def rectifications_visible_to(user: Any) -> QuerySet[Rectification]:
    """The rectifications of the applications ``user`` sees (holders and officials)."""
    return Rectification.objects.filter(access.application_visible_q(user)).select_related(
        "application", "agency", "notice"
    )


def _locked(rectification_id: int | str, user: User) -> tuple[Rectification, Application]:
    """The application's lock, then the rectification's (with its agency); 404 unseen."""
    return application_row_relock(Rectification, rectification_id, user, related=("agency",))


def _text(value: object, field: str, message: Any) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise InvalidInput(problems=[Problem(field, "required", str(message))])
    if len(text) > TEXT_MAX:
        raise InvalidInput(problems=[Problem(field, "max_length", str(MSG_TOO_LONG_WORKFLOWS))])
    return text


def _act(
    rectification: Rectification,
    application: Application,
    by: User,
    role: str,
    client_ip: str | None,
) -> Act:
    """An act on ``rectification``: the holder's (of no agency), or the ordering agency's."""
    agency = rectification.agency if role != Role.APPLICANT else None
    return Act.on(application, by, agency=agency, role=role, client_ip=client_ip)


def _record(
    act: Act, action: AuditAction, rectification: Rectification, text: str, **details: Any
) -> None:
    act.record(
        action,
        opinion=text,
        details={"rectification_id": rectification.pk, "status": rectification.status, **details},
    )


def _deciding_role(by: User, rectification: Rectification) -> str:
    return Role.HEAD if access.is_head(by, rectification.agency_id) else Role.REVIEWER


@transaction.atomic
@audit_appended_last
def rectification_answer(
    *,
    rectification_id: int | str,
    by: User,
    answer: object,
    uploads: Sequence[Upload] = (),
    client_ip: str | None = None,
) -> Rectification:
    """The holder says what it corrected (404 unseen, 403 not the holder, 409 not open)."""
    rectification, application = _locked(rectification_id, by)
    access.require(access.can_edit_application(by, application), MSG_NOT_HOLDER_SUPERVISION)
    if rectification.status != RectificationStatus.OPEN:
        raise StateConflict.on("not_open", MSG_NOT_OPEN)
    text = _text(answer, "answer", MSG_ANSWER)
    if len(uploads) > PHOTOS_MAX:
        message = str(MSG_TOO_MANY_PHOTOS_SUPERVISION % {"max": PHOTOS_MAX})
        raise InvalidInput(problems=[Problem("photos", "too_many", message)])
    stored = [
        attachment_store(application=application, by=by, kind=AttachmentKind.PHOTO, upload=upload)
        for upload in uploads
    ]
    rectification.answer = text
    rectification.answered_at = timezone.now()
    rectification.answered_by = by
    rectification.status = RectificationStatus.ANSWERED
    rectification.save()
    rectification.answer_attachments.set(stored)
    _record(
        _act(rectification, application, by, Role.APPLICANT, client_ip),
        AuditAction.RECTIFICATION_ANSWERED,
        rectification,
        text,
        attachments=[{"attachment_id": a.pk, "name": a.name, "sha256": a.sha256} for a in stored],
    )
    notify(
        recipients=[
            *access.members_who_may_act(
                agency_id=rectification.agency_id, permission="roles.review_for_agency"
            )
        ],
        kind=NotificationKind.RECTIFICATION,
        message=str(MSG_TOLD_ANSWERED_SUPERVISION).format(reference=application.reference),
        application=application,
    )
    return rectification


def may_decide(user: Any, rectification: Rectification) -> bool:
    """A reviewer or head of the ordering agency: closes or escalates (services and pages)."""
    agency = rectification.agency_id
    return access.is_head(user, agency) or access.holds_agency_permission(
        user, "roles.review_for_agency", agency
    )


@transaction.atomic
@audit_appended_last
def rectification_close(
    *, rectification_id: int | str, by: User, note: object, client_ip: str | None = None
) -> Rectification:
    """销号 after the holder's answer (409 before it or once closed or escalated). The permit is
    as before the finding; a failed inspection is inspected again."""
    rectification, application = _locked(rectification_id, by)
    access.require(may_decide(by, rectification), MSG_NOT_AGENCY)
    if rectification.status in (RectificationStatus.CLOSED, RectificationStatus.ESCALATED):
        raise StateConflict.on("closed", MSG_CLOSED_SUPERVISION)
    if rectification.status != RectificationStatus.ANSWERED:
        raise StateConflict.on("not_answered", MSG_NOT_ANSWERED)
    text = _text(note, "note", MSG_NOTE)
    closing = _act(rectification, application, by, _deciding_role(by, rectification), client_ip)
    if application.status == Status.NON_COMPLIANT:
        before = rectification.status_before
        fsm_apply(
            application,
            application.compliance_restore,
            to=before if before in PERMIT_BACK else Status.APPROVED,
        )
    rectification.status = RectificationStatus.CLOSED
    rectification.closed_at = timezone.now()
    rectification.closed_by = by
    rectification.closing_note = text
    rectification.save()
    again = _reinspection(rectification)
    _record(
        closing,
        AuditAction.RECTIFICATION_CLOSED,
        rectification,
        text,
        reinspection_id=again.pk if again else None,
    )
    _tell_holder(application, MSG_TOLD_CLOSED_SUPERVISION)
    return rectification


def _reinspection(rectification: Rectification) -> Inspection | None:
    """A rectification of a failed inspection is verified by another inspection of its kind."""
    failed = rectification.inspection
    if failed is None:
        return None
    return Inspection.objects.create(
        application_id=rectification.application_id,
        filing=failed.filing,
        kind=failed.kind,
        agency_id=failed.agency_id,
        thresholds=failed.thresholds,
    )


@transaction.atomic
@audit_appended_last
def rectification_escalate(
    *, rectification_id: int | str, by: User, note: object, client_ip: str | None = None
) -> Rectification:
    """Not corrected: escalated to the agency's heads (§18 suspension and §19's enforcement
    list act on it); the permit stays as it is."""
    rectification, application = _locked(rectification_id, by)
    access.require(may_decide(by, rectification), MSG_NOT_AGENCY)
    if rectification.status in (RectificationStatus.CLOSED, RectificationStatus.ESCALATED):
        raise StateConflict.on("closed", MSG_CLOSED_SUPERVISION)
    text = _text(note, "note", MSG_NOTE)
    rectification.status = RectificationStatus.ESCALATED
    rectification.closed_at = timezone.now()
    rectification.closed_by = by
    rectification.closing_note = text
    rectification.save()
    escalating = _act(rectification, application, by, _deciding_role(by, rectification), client_ip)
    _record(escalating, AuditAction.RECTIFICATION_ESCALATED, rectification, text)
    notify(
        recipients=list(access.heads_of(rectification.agency_id)),
        kind=NotificationKind.OVERDUE,
        message=str(MSG_TOLD_ESCALATED).format(reference=application.reference, note=text),
        application=application,
    )
    _tell_holder(application, MSG_TOLD_ESCALATED, note=text)
    return rectification


def rectification_order(
    *,
    application: Application,
    agency: Agency,
    by: User,
    findings: str,
    items: list[dict[str, str]] | None = None,
    status_before: str | None = None,
    inspection: Inspection | None = None,
    filing: Filing | None = None,
    obligation: Obligation | None = None,
) -> Rectification:
    """Order the holder to correct ``items`` (else the one item ``findings``) by the standard's
    deadline (责令限期改正), with its numbered notice: inside the act that found the permit not
    kept (a failed inspection, a filing found not compliant), which began from ``status_before``
    (the permit's status now unless named)."""
    items = items or [{"message": findings}]
    standard = standard_of(application.jurisdiction_id)
    deadline = timezone.localdate() + timedelta(days=standard.rectification_days)
    rectification = Rectification.objects.create(
        application_id=application.pk,
        inspection=inspection,
        filing=filing,
        obligation=obligation,
        agency=agency,
        items=items,
        deadline=deadline,
        opened_by=by,
        status_before=application.status if status_before is None else status_before,
    )
    # The order is the act of the agency that found the permit not kept, in its reviewer's role.
    ordering = Act.on(application, by, agency=agency, role=Role.REVIEWER)
    rectification.notice = act_notice_issue(
        ordering,
        DocumentKind.RECTIFICATION_NOTICE,
        reason=findings or "检查验收不合格",
        items=items,
        extra={"deadline": deadline},
    )
    rectification.save(update_fields=["notice"])
    ordering.record(
        AuditAction.RECTIFICATION_ORDERED,
        details={
            "rectification_id": rectification.pk,
            "inspection_id": inspection.pk if inspection else None,
            "filing_id": filing.pk if filing else None,
            "obligation_id": obligation.pk if obligation else None,
            "items": items,
            "deadline": deadline.isoformat(),
            "document_number": rectification.notice.number,
        },
    )
    number = rectification.notice.number
    _tell_holder(application, MSG_TOLD_ORDERED, deadline=deadline.isoformat(), number=number)
    return rectification


@transaction.atomic
@audit_appended_last
def rectification_order_for_obligation(
    *, obligation_id: int | str, by: User, opinion: object, client_ip: str | None = None
) -> Rectification:
    """The district agency orders an overdue obligation corrected (责令限期改正, A6), usually
    after the tick proposed it: 404 unseen, 403 not its reviewer or head, 409 not overdue or
    one already open, 400 without the reason. The permit's status stays as it is."""
    obligation, application = application_row_relock(Obligation, obligation_id, by)
    agency = application.district_agency
    allowed = agency is not None and (
        access.is_head(by, agency.pk)
        or access.holds_agency_permission(by, "roles.review_for_agency", agency.pk)
    )
    access.require(allowed, MSG_NOT_AGENCY)
    assert agency is not None
    if obligation.status != ObligationStatus.OVERDUE:
        raise StateConflict.on("not_overdue", MSG_NOT_OVERDUE)
    still_open = (RectificationStatus.OPEN, RectificationStatus.ANSWERED)
    if obligation.rectifications.filter(status__in=still_open).exists():
        raise StateConflict.on("already_ordered", MSG_ALREADY_ORDERED)
    text = _text(opinion, "opinion", MSG_ORDER_REASON)
    return rectification_order(
        application=application,
        agency=agency,
        by=by,
        findings=text,
        obligation=obligation,
    )


def _tell_holder(application: Application, template: Any, **values: object) -> None:
    notify(
        recipients=list(access.applicants_of(application.organisation_id)),
        kind=NotificationKind.RECTIFICATION,
        message=str(template).format(reference=application.reference, **values),
        application=application,
    )
