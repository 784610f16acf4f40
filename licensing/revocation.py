"""The deciding agency ends a permit it granted (product.md §18 B7, B8): revocation (撤销,
Administrative Licensing Law art. 69) on a ground of the article's list, or withdrawal (撤回,
art. 8(2)) because the law or the circumstances changed, only after the holder was told the
intent by a 陈述申辩告知书 and answered, or let its period run (art. 7). The
approval is re-rendered with its mark, the decision issued (numbered and signed), the notice
marked decided, the event recorded and the holder told, in one transaction."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed

from audit.choices import AuditAction
from audit.trail import audit_appended_last
from core.errors import Problem, StateConflict
from core.messages import (
    MSG_HEARING,
    MSG_NO_REVOKE,
    MSG_NOT_HEARD,
    MSG_NOT_HEARD_APPROVAL,
    MSG_TOLD_REVOKED,
    MSG_TOLD_WITHDRAWN,
)
from documents import content
from documents.models import Certificate, DocumentKind
from documents.notices.by_act import act_notice_issue
from permits import access, acts
from permits.choices import NotificationKind
from permits.models import Application
from permits.obligations import obligations_at_end, still_owed_extra
from permits.services import application_relock, fsm_apply, transition_refused
from workflows.services.applicants import tell_applicants

from .grounds import BASIS, Act, cited, consequence
from .models import PENDING_STATUSES, StatementNotice, StatementStatus
from .requests import requests_close
from .services import (
    approval_marked,
    fields_clean,
    ground_clean,
    national_grant_refused,
    text_clean,
)

CANCEL_AFTER_ENDING = "《中华人民共和国行政许可法》第七十条第（四）项"


def heard_notice(detail: Application, act: Act, ground: str | None = None) -> StatementNotice:
    """The pending statement notice of this act (and ground, when given), locked, once the
    holder has been heard (answered, or its period ran); 409 otherwise."""
    pending = StatementNotice.objects.filter(
        application_id=detail.pk, status__in=PENDING_STATUSES, act=act
    )
    if ground is not None:
        pending = pending.filter(ground=ground)
    notice = pending.select_for_update(of=("self",)).select_related("notice").first()
    if notice is None:
        unheard = str(content.worded(detail, MSG_NOT_HEARD, MSG_NOT_HEARD_APPROVAL))
        raise StateConflict(unheard, [Problem("ground", "not_heard", unheard)])
    if not notice.may_decide(timezone.localdate()):
        message = MSG_HEARING % {"date": notice.answer_due.isoformat()}
        raise StateConflict.on("statement_period_running", message)
    return notice


def _heard(notice: StatementNotice) -> dict[str, Any]:
    """What the decision prints of the hearing: the notice, and the holder's answer if any."""
    return {
        "facts": notice.facts,
        "statement_number": notice.notice.number,
        "statement_date": timezone.localdate(notice.issued_at),
        "answer": notice.answer if notice.status == StatementStatus.ANSWERED else "",
        "answered_on": timezone.localdate(notice.answered_at) if notice.answered_at else None,
    }


def _decided(notice: StatementNotice, decision: Certificate) -> None:
    notice.status, notice.closed_at = StatementStatus.DECIDED, timezone.now()
    notice.decision = decision
    notice.save(update_fields=["status", "closed_at", "decision"])


@dataclass(frozen=True)
class _Ending:
    """How a permit ends on the agency's act: its transition, document, mark and message."""

    act: Act
    document_kind: DocumentKind
    audit_action: AuditAction
    notification: NotificationKind
    told: Any
    mark: str  # 撤销 | 撤回, as the approval's mark reads (已撤销, 已撤回)
    transition: str  # the Application's transition that ends it


REVOCATION = _Ending(
    Act.REVOKE,
    DocumentKind.REVOCATION,
    AuditAction.REVOKE,
    NotificationKind.REVOKED,
    MSG_TOLD_REVOKED,
    "撤销",
    "revoke",
)
WITHDRAWAL = _Ending(
    Act.WITHDRAW,
    DocumentKind.WITHDRAWAL_DECISION,
    AuditAction.WITHDRAW_PERMIT,
    NotificationKind.PERMIT_WITHDRAWN,
    MSG_TOLD_WITHDRAWN,
    "撤回",
    "withdraw_permit",
)


def _end(
    detail: Application,
    *,
    ending: _Ending,
    notice: StatementNotice,
    by: User,
    text: str,
    client_ip: str | None,
) -> Application:
    """The permit ends on the notice's ground: the transition, the decision (numbered, signed),
    the approval re-rendered with its mark, the notice decided, the event, the holder told."""
    ending_act = acts.Act.of_deciding_agency(detail, by, client_ip)
    fsm_apply(detail, getattr(detail, ending.transition))
    requests_close(detail, "该行政许可已被撤销或者撤回，申请不再办理。")
    # What the work already done left owed stays owed; the rest ends (F38).
    still_owed = still_owed_extra(detail, obligations_at_end(detail, ended_on=timezone.localdate()))
    licence = content.is_licence(detail)
    basis = cited(notice.ground, licence=licence)
    decision, certificate = _ending_decision_issue(ending_act, ending, notice, text, still_owed)
    _decided(notice, decision)
    ending_act.record(
        ending.audit_action,
        opinion=text,
        # The re-rendered file's hash is recorded by its certificate_issued event after commit.
        details={
            "ground": notice.ground,
            "basis": basis,
            "statement_notice_id": notice.pk,
            "decision_number": decision.number,
            **({"number": certificate.number} if certificate else {}),
            "still_owed": still_owed,
        },
    )
    # 注销 follows 撤销 and 撤回 (art. 70(4)); the decision says it is done with it. The
    # permit's status stays revoked or withdrawn: that is what its verification answers.
    cancelling = acts.Act.of_deciding_agency(detail, by, client_ip)
    cancelling.record(
        AuditAction.CANCEL,
        # A 批复 is not cancelled under art. 70: its decision says it no longer stands.
        details={
            **({"basis": CANCEL_AFTER_ENDING} if licence else {}),
            "decision_number": decision.number,
        },
    )
    tell_applicants(detail, ending.notification, ending.told, reason=f"{basis}。{text}")
    return detail


def _ending_decision_issue(
    ending_act: acts.Act,
    ending: _Ending,
    notice: StatementNotice,
    text: str,
    still_owed: Any,
) -> tuple[Certificate, Certificate | None]:
    """The 撤销/撤回 decision (numbered, signed) and the approval re-rendered with its mark."""
    detail = ending_act.application
    assert detail is not None
    basis, licence = BASIS[notice.ground], content.is_licence(detail)
    ground_cited = cited(notice.ground, licence=licence)
    decision = act_notice_issue(
        ending_act,
        ending.document_kind,
        reason=text,
        extra={
            "ground_reference": basis.reference,
            "ground_words": basis.words,
            "consequence": consequence(ending.act, notice.ground, licence=licence),
            "still_owed": still_owed,
            **_heard(notice),
        },
    )
    certificate = approval_marked(
        detail,
        on=timezone.localdate(),
        # The mark a 批复 prints cites the ground by analogy, as its decision does.
        reason=f"{'依据' if licence else ''}{ground_cited}，见{decision.number}",
        mark=ending.mark,
    )
    return decision, certificate


@transaction.atomic
@audit_appended_last
def permit_revoke(
    *,
    application: Application,
    by: User,
    ground: Any,
    reason: Any,
    client_ip: str | None = None,
) -> Application:
    """Revoke a permit on a ground of art. 69 the holder was heard on. ``reason``: the agency's
    findings after hearing the holder (经复核), printed in the decision. 400 without a listed
    ground or a reason; 409 when the holder has not been heard on this ground, while its period
    runs, on a national grant or a permit not in force."""
    detail = application_relock(application)
    access.require(access.can_revoke(by, detail), MSG_NO_REVOKE)
    ground, text = fields_clean(
        lambda: ground_clean(Act.REVOKE, ground)[1], lambda: text_clean(reason, "reason")
    )
    national_grant_refused(detail)
    if not can_proceed(detail.revoke):
        raise transition_refused(detail)
    notice = heard_notice(detail, Act.REVOKE, ground)
    return _end(detail, ending=REVOCATION, notice=notice, by=by, text=text, client_ip=client_ip)


@transaction.atomic
@audit_appended_last
def permit_withdraw(
    *, application: Application, by: User, reason: Any, client_ip: str | None = None
) -> Application:
    """Withdraw a permit (撤回, art. 8(2)) on the ground of the withdrawal notice the holder was
    heard on; the decision states the right to compensation. 400 without a reason; 409 when no
    withdrawal notice was answered or ran its period, on a national grant or a permit not in
    force."""
    detail = application_relock(application)
    access.require(access.can_revoke(by, detail), MSG_NO_REVOKE)
    text = text_clean(reason, "reason")
    national_grant_refused(detail)
    if not can_proceed(detail.withdraw_permit):
        raise transition_refused(detail)
    notice = heard_notice(detail, Act.WITHDRAW)
    return _end(detail, ending=WITHDRAWAL, notice=notice, by=by, text=text, client_ip=client_ip)
