"""The holder heard before its permit is revoked or withdrawn (product.md §18 B7, B8;
Administrative Licensing Law art. 7): the deciding agency's 陈述申辩告知书, the holder's answer
in the system, and the agency's dropping of an intent it no longer pursues. Each act is one
transaction with its audit event, its document where it tells the holder, and who is told."""

from collections.abc import Callable, Collection, Sequence
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed

from audit.choices import AuditAction
from audit.trail import audit_appended_last
from core.errors import InvalidInput, Problem, StateConflict
from core.messages import (
    MSG_ACT,
    MSG_GROUND,
    MSG_NATIONAL_GRANT,
    MSG_NO_REVOKE,
    MSG_NONE_OPEN,
    MSG_NONE_PENDING,
    MSG_NOT_HOLDER_LICENSING,
    MSG_PENDING,
    MSG_PERIOD_OVER,
    MSG_REQUIRED_FILINGS,
    MSG_TOLD_ANSWERED_LICENSING,
    MSG_TOLD_DROPPED,
    MSG_TOLD_NOTICE,
    MSG_TOO_LONG,
    MSG_TOO_MANY_FILES_LICENSING,
)
from documents import content
from documents.issue import certificate_rerender_revoked
from documents.models import Certificate, DocumentKind
from documents.notices.by_act import act_notice_issue
from permits import access, acts
from permits.choices import AttachmentKind, NotificationKind
from permits.models import Application
from permits.notifications import notify
from permits.obligations import standard_of
from permits.services import application_relock, attachment_store, transition_refused
from permits.uploads import Upload
from roles.models import Role
from workflows import selectors as task_selectors
from workflows.deadlines import add_working_days
from workflows.services.applicants import tell_applicants

from .grounds import BASIS, GROUNDS, Act, cited, consequence
from .models import PENDING_STATUSES, StatementNotice, StatementStatus

TEXT_MAX = 4000
# The files a holder may give with its statement and defence.
STATEMENT_FILES_MAX = 10


def text_clean(value: Any, field: str, limit: int = TEXT_MAX) -> str:
    """A required text of at most ``limit`` characters, stripped, or 400 naming the field."""
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise InvalidInput.on(field, "required", MSG_REQUIRED_FILINGS)
    if len(text) > limit:
        raise InvalidInput.on(field, "max_length", MSG_TOO_LONG % {"max": limit})
    return text


def fields_clean(*checks: Callable[[], Any]) -> list[Any]:
    """Each field's clean value, or one 400 naming every field that failed."""
    values, problems = [], []
    for check in checks:
        try:
            values.append(check())
        except InvalidInput as refused:
            problems += refused.problems
    if problems:
        raise InvalidInput(problems=problems)
    return values


def ground_clean(act: Any, ground: Any) -> tuple[Act, str]:
    """The act and its ground as the law lists them, or 400 naming the field."""
    if act not in Act.values:
        raise InvalidInput.on("act", "invalid_choice", MSG_ACT)
    chosen = Act(act)
    if ground not in GROUNDS[chosen].values:
        raise InvalidInput.on("ground", "invalid_choice" if ground else "required", MSG_GROUND)
    return chosen, str(ground)


def approval_marked(detail: Application, *, on: date, reason: str, mark: str) -> Certificate | None:
    """The permit's approval re-rendered with its ``mark`` (撤销, 撤回, 注销) dated ``on``, the
    decisions of its current pass printed as before (its verification answers so since)."""
    return certificate_rerender_revoked(
        application=detail,
        decisions=list(task_selectors.decisions_of_current_pass(detail)),
        revoked_on=on,
        reason=reason,
        act=mark,
    )


def _notice_locked(detail: Application, statuses: Collection[str], missing: Any) -> StatementNotice:
    """The permit's statement notice in one of ``statuses``, locked; 409 ``missing`` if none."""
    notice = (
        StatementNotice.objects.select_for_update(of=("self",))
        .filter(application_id=detail.pk, status__in=statuses)
        .first()
    )
    if notice is None:
        raise StateConflict.on("no_statement_notice", missing)
    return notice


def national_grant_refused(detail: Application) -> None:
    """The national authority granted it (product.md §16 L6): only it may revoke its grant."""
    if task_selectors.is_national_grant(detail):
        raise StateConflict.on("national_decision", MSG_NATIONAL_GRANT)


def pending_notice(application: Application) -> StatementNotice | None:
    return (
        StatementNotice.objects.filter(application_id=application.pk, status__in=PENDING_STATUSES)
        .select_related("notice")
        .first()
    )


@transaction.atomic
@audit_appended_last
def statement_notice_issue(
    *,
    application: Application,
    by: User,
    act: Any,
    ground: Any,
    facts: Any,
    client_ip: str | None = None,
) -> StatementNotice:
    """The deciding agency tells the holder the act it intends, on a ground of the law and the
    facts it found, and until when the holder may state and defend itself (the jurisdiction's
    ``statement_working_days``, 5 working days by default). Nothing is revoked or withdrawn."""
    detail = application_relock(application)
    access.require(access.can_revoke(by, detail), MSG_NO_REVOKE)
    chosen, ground = ground_clean(act, ground)
    text = text_clean(facts, "facts")
    if not can_proceed(detail.revoke):
        raise transition_refused(detail)
    national_grant_refused(detail)
    if pending_notice(detail) is not None:
        raise StateConflict.on("statement_pending", MSG_PENDING)
    telling = acts.Act.of_deciding_agency(detail, by, client_ip)
    notice = _statement_notice_keep(telling, chosen, ground, text)
    basis = cited(ground, licence=content.is_licence(detail))
    telling.record(
        AuditAction.STATEMENT_NOTICE,
        opinion=text,
        details={
            "statement_notice_id": notice.pk,
            "act": chosen.value,
            "ground": ground,
            "basis": basis,
            "answer_due": notice.answer_due.isoformat(),
            "number": notice.notice.number,
        },
    )
    tell_applicants(
        detail,
        NotificationKind.STATEMENT,
        MSG_TOLD_NOTICE,
        act=chosen.label,
        ground=basis,
        due=notice.answer_due.isoformat(),
    )
    return notice


def _statement_notice_keep(
    telling: acts.Act, chosen: Act, ground: str, text: str
) -> StatementNotice:
    """The 陈述申辩告知书 issued and the notice kept, answerable for the standard's working
    days."""
    detail = telling.application
    # An act of an official on a permit its agency decided.
    assert detail is not None and telling.agency is not None and telling.by is not None
    days = standard_of(detail.jurisdiction_id).statement_working_days
    now = timezone.now()
    due = add_working_days(timezone.localdate(now), days)
    basis = BASIS[ground]
    document = act_notice_issue(
        telling,
        DocumentKind.STATEMENT_NOTICE,
        reason=text,
        extra={
            "act": chosen.value,
            "ground_reference": basis.reference,
            "ground_words": basis.words,
            "consequence": consequence(chosen, ground, licence=content.is_licence(detail)),
            "working_days": days,
            "due_date": due,
        },
    )
    return StatementNotice.objects.create(
        application_id=detail.pk,
        act=chosen,
        ground=ground,
        facts=text,
        agency=telling.agency,
        issued_by=telling.by,
        issued_at=now,
        working_days=days,
        answer_due=due,
        notice=document,
    )


@transaction.atomic
@audit_appended_last
def statement_answer(
    *,
    application: Application,
    by: User,
    answer: Any,
    uploads: Sequence[Upload] = (),
    client_ip: str | None = None,
) -> StatementNotice:
    """The holder states and defends itself, once, within the period, with the files that
    bear it out (each checked as any upload, at most ``STATEMENT_FILES_MAX``); the deciding
    agency is told. After the period the notice no longer takes an answer (409)."""
    detail = application_relock(application)
    access.require(access.can_edit_application(by, detail), MSG_NOT_HOLDER_LICENSING)
    text = text_clean(answer, "answer")
    if len(uploads) > STATEMENT_FILES_MAX:
        message = str(MSG_TOO_MANY_FILES_LICENSING % {"max": STATEMENT_FILES_MAX})
        raise InvalidInput(problems=[Problem("attachments", "too_many", message)])
    if not can_proceed(detail.revoke):  # the permit is no longer in force
        raise transition_refused(detail)
    notice = _notice_locked(detail, [StatementStatus.OPEN], MSG_NONE_OPEN)
    now = timezone.now()
    if notice.period_over(timezone.localdate(now)):
        message = MSG_PERIOD_OVER % {"date": notice.answer_due.isoformat()}
        raise StateConflict.on("statement_period_over", message)
    stored = [
        attachment_store(application=detail, by=by, kind=AttachmentKind.OTHER, upload=upload)
        for upload in uploads
    ]
    notice.answer, notice.answered_at, notice.answered_by = text, now, by
    notice.status = StatementStatus.ANSWERED
    notice.save(update_fields=["answer", "answered_at", "answered_by", "status"])
    notice.answer_attachments.set(stored)
    # The holder's act, addressed to the agency that told it.
    answering = acts.Act.on(
        detail, by, agency=notice.agency, role=Role.APPLICANT, client_ip=client_ip
    )
    files = [{"attachment_id": a.pk, "name": a.name, "sha256": a.sha256} for a in stored]
    answering.record(
        AuditAction.STATEMENT_ANSWERED,
        opinion=text,
        details={"statement_notice_id": notice.pk, "attachments": files},
    )
    notify(
        recipients=access.deciders_of(detail),
        kind=NotificationKind.STATEMENT,
        message=str(MSG_TOLD_ANSWERED_LICENSING).format(reference=detail.reference),
        application=detail,
    )
    return notice


@transaction.atomic
@audit_appended_last
def statement_drop(
    *, application: Application, by: User, reason: Any, client_ip: str | None = None
) -> StatementNotice:
    """The deciding agency does not pursue the act it told (the holder's answer convinced it,
    or the facts fell away): the notice is closed with the reason and the holder told."""
    detail = application_relock(application)
    access.require(access.can_revoke(by, detail), MSG_NO_REVOKE)
    text = text_clean(reason, "reason")
    if not can_proceed(detail.revoke):  # the permit is no longer in force
        raise transition_refused(detail)
    notice = _notice_locked(detail, PENDING_STATUSES, MSG_NONE_PENDING)
    notice.status, notice.closed_at, notice.closing_reason = (
        StatementStatus.DROPPED,
        timezone.now(),
        text,
    )
    notice.save(update_fields=["status", "closed_at", "closing_reason"])
    dropping = acts.Act.on(
        detail, by, agency=notice.agency, role=detail.deciding_role, client_ip=client_ip
    )
    dropping.record(
        AuditAction.STATEMENT_DROPPED, opinion=text, details={"statement_notice_id": notice.pk}
    )
    tell_applicants(detail, NotificationKind.STATEMENT, MSG_TOLD_DROPPED, act=Act(notice.act).label)
    return notice
