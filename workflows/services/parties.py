"""Interested parties (利害关系人, product.md §16 L14; Administrative Licensing Law art. 36; 35号令
art. 21): an occupation of 小班 whose management agreement another organisation than the
applicant holds directly concerns that holder. The district agency tells each holder with a
利害关系人告知书, records the day it was served on the holder (its period runs from service,
issue 46) and its answer (given on paper or in person); its district step approves once every
holder has answered, let its period lapse, or is named by an attached compensation agreement a
reviewer confirmed as naming it (``compensation_agreement_confirm``: never the file's name;
``workflows.selectors.interested_parties_of``). One transaction each, audited, the applicants
told."""

from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from viewflow.workflow.models import Task

from audit.choices import AuditAction
from audit.trail import audit_appended_last, display_name
from core.errors import InvalidInput, Problem, StateConflict
from core.messages import (
    MSG_AGREEMENT_CONFIRMED,
    MSG_AGREEMENT_REQUIRED,
    MSG_ALREADY_TOLD,
    MSG_ANSWER_DATE,
    MSG_ANSWER_REQUIRED,
    MSG_ANSWERED,
    MSG_HOLDER_REQUIRED,
    MSG_NOT_A_PARTY,
    MSG_NOT_HERE_PARTIES,
    MSG_NOT_YOUR_STEP_PARTIES,
    MSG_SERVED_ALREADY,
    MSG_SERVED_DATE,
    MSG_STATE_AWAITING,
    MSG_STATE_NOT_TOLD,
    MSG_STATE_UNSERVED,
    MSG_TOLD_AGREEMENT,
    MSG_TOLD_ANSWERED,
    MSG_TOLD_NOTIFIED,
    MSG_TOLD_SERVED,
    MSG_UNRESOLVED,
    MSG_UNRESOLVED_ONE,
)
from documents.models import DocumentKind
from documents.notices import notice_issue
from permits.choices import AttachmentKind, Kind, NotificationKind, Step
from permits.models import Application, Attachment

from ..deadlines import add_working_days
from ..engine.reads import task_agency, task_route
from ..models import (
    CompensationAgreementConfirmation,
    InterestedPartyNotice,
    InterestedPartyStatus,
)
from ..selectors import InterestedParty, interested_parties_of
from ._common import _locked_task, day_of, required_text
from ._recording import record_with_task, recorder_require, recorder_role
from .acts import TaskAct
from .applicants import tell_applicants
from .steps import task_step


def _on_district_step(application: Application, task: Task) -> bool:
    return application.kind == Kind.OCCUPATION and task_step(task) == Step.DISTRICT_REVIEW


def _unresolved_line(party: InterestedParty) -> str:
    notice = party.notice
    if party.status == InterestedPartyStatus.AWAITING and notice and notice.answer_due_date:
        state = str(MSG_STATE_AWAITING).format(due=notice.answer_due_date.isoformat())
    elif party.status == InterestedPartyStatus.UNSERVED and notice is not None:
        state = str(MSG_STATE_UNSERVED).format(issued=notice.issued_on.isoformat())
    else:
        state = str(MSG_STATE_NOT_TOLD)
    return str(MSG_UNRESOLVED_ONE).format(
        holder=party.name,
        code=party.credit_code,
        compartments="、".join(party.compartments),
        state=state,
    )


def interested_parties_required(
    application: Application, task: Task, today: date | None = None
) -> None:
    """The district step of an occupation approves only once every interested party is
    resolved (409 ``interested_parties_unresolved``, one problem per holder, otherwise)."""
    if not _on_district_step(application, task):
        return
    unresolved = [p for p in interested_parties_of(application, today) if not p.resolved]
    if unresolved:
        message = str(MSG_UNRESOLVED).format(holders="、".join(p.name for p in unresolved))
        raise StateConflict(
            message,
            [
                Problem(None, "interested_parties_unresolved", _unresolved_line(p))
                for p in unresolved
            ],
        )


def _acting_on_district_task(task: Task, application: Application, by: User) -> None:
    """403 to whoever may see but not act; 409 on a closed task or another step or kind."""
    recorder_require(by, task, MSG_NOT_YOUR_STEP_PARTIES)
    if not _on_district_step(application, task):
        raise StateConflict.on("not_an_interested_party_step", MSG_NOT_HERE_PARTIES)


def _party(application: Application, code: object, today: date) -> InterestedParty:
    text = code.strip().upper() if isinstance(code, str) else ""
    if not text:
        raise InvalidInput(
            problems=[Problem("holder_credit_code", "required", str(MSG_HOLDER_REQUIRED))]
        )
    for party in interested_parties_of(application, today):
        if party.credit_code == text:
            return party
    raise InvalidInput(
        problems=[Problem("holder_credit_code", "not_a_party", str(MSG_NOT_A_PARTY))]
    )


def _already_told_refused(party: InterestedParty) -> None:
    """409 while the holder's last notice still awaits its service or its answer."""
    waiting = (InterestedPartyStatus.AWAITING, InterestedPartyStatus.UNSERVED)
    if party.status in waiting and party.notice is not None:
        message = str(MSG_ALREADY_TOLD).format(issued=party.notice.issued_on.isoformat())
        raise StateConflict.on("interested_party_notified", message)


def _notice_document(
    notice: InterestedPartyNotice,
    party: InterestedParty,
    application: Application,
    by: User,
    working_days: int,
) -> None:
    """The 利害关系人告知书, numbered and signed by the task's agency, kept on the notice: it
    prints its period counted from service, not a date (issue 46)."""
    notice.notice = notice_issue(
        application=application,
        kind=DocumentKind.INTERESTED_PARTY_NOTICE,
        agency=notice.agency,
        signed_by_name=display_name(by),
        addressee=party.name,
        extra={
            "compartments": list(party.compartments),
            "working_days": working_days,
        },
    )
    notice.save(update_fields=["notice"])


def _notice_record(
    notice: InterestedPartyNotice,
    party: InterestedParty,
    task: Task,
    application: Application,
    by: User,
    client_ip: str | None,
) -> None:
    """The notice's event and what the applicants are told."""
    assert notice.notice is not None
    TaskAct.beside(task, application, by, client_ip, role=recorder_role(by, task)).record(
        AuditAction.INTERESTED_PARTY_NOTIFIED,
        details={
            "interested_party_notice_id": notice.pk,
            "holder": {"name": party.name, "credit_code": party.credit_code},
            "compartments": list(party.compartments),
            "issued_on": notice.issued_on.isoformat(),
            "answer_working_days": notice.answer_working_days,
            "notice": notice.notice.number,
        },
    )
    tell_applicants(
        application,
        NotificationKind.INTERESTED_PARTY,
        MSG_TOLD_NOTIFIED,
        holder=party.name,
        issued=notice.issued_on.isoformat(),
        days=notice.answer_working_days,
    )


@transaction.atomic
@audit_appended_last
def interested_party_notify(
    *,
    task_id: int | str,
    by: User,
    holder_credit_code: object,
    client_ip: str | None = None,
    today: date | None = None,
) -> InterestedPartyNotice:
    """Issue a 利害关系人告知书 to one holder of the site's land, from the open district task of an
    occupation: numbered and signed by the task's agency, with the route's answer period, which
    runs from the day it is served (``interested_party_served``)."""
    today = today or timezone.localdate()
    task, application = _locked_task(task_id, by)
    _acting_on_district_task(task, application, by)
    party = _party(application, holder_credit_code, today)
    _already_told_refused(party)
    days = task_route(task).interested_party_working_days
    notice = InterestedPartyNotice.objects.create(
        application_id=application.pk,
        process_id=task.process_id,
        task=task,
        agency=task_agency(task),
        holder_name=party.name,
        holder_credit_code=party.credit_code,
        issued_on=today,
        answer_working_days=days,
        created_by=by,
    )
    _notice_document(notice, party, application, by, days)
    _notice_record(notice, party, task, application, by, client_ip)
    return notice


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _answered_on(
    value: object, notice: InterestedPartyNotice, today: date
) -> tuple[date | None, list[Problem]]:
    day = day_of(value)
    if day is None or day > today or day < notice.issued_on:
        return None, [Problem("answered_on", "invalid", str(MSG_ANSWER_DATE))]
    return day, []


@transaction.atomic
@audit_appended_last
def interested_party_answer(
    *,
    notice_id: int | str,
    by: User,
    answer: object,
    answered_on: object,
    client_ip: str | None = None,
    today: date | None = None,
) -> InterestedPartyNotice:
    """Record what a told holder answered (its 陈述和申辩, received on paper or in person) and
    when, while the district task is open. An answer received after the period is still
    recorded: the agency hears it (art. 36) as long as it has not decided."""
    today = today or timezone.localdate()
    notice, task, application = record_with_task(InterestedPartyNotice, notice_id, by)
    _acting_on_district_task(task, application, by)
    if notice.answered_on is not None:
        raise StateConflict.on("interested_party_answered", MSG_ANSWERED)
    text, problems = required_text(answer, "answer", str(MSG_ANSWER_REQUIRED))
    day, found = _answered_on(answered_on, notice, today)
    if problems := [*problems, *found]:
        raise InvalidInput(problems=problems)
    assert day is not None
    lapsed = notice.status(today) == InterestedPartyStatus.LAPSED
    notice.answer, notice.answered_on, notice.answer_recorded_by = text, day, by
    notice.save(update_fields=["answer", "answered_on", "answer_recorded_by"])
    TaskAct.beside(task, application, by, client_ip, role=recorder_role(by, task)).record(
        AuditAction.INTERESTED_PARTY_ANSWERED,
        opinion=text,
        details={
            "interested_party_notice_id": notice.pk,
            "holder": {"name": notice.holder_name, "credit_code": notice.holder_credit_code},
            "answered_on": day.isoformat(),
            "answer_due_date": _iso(notice.answer_due_date),
            "after_the_period": lapsed
            or (notice.answer_due_date is not None and day > notice.answer_due_date),
        },
    )
    tell_applicants(
        application,
        NotificationKind.INTERESTED_PARTY,
        MSG_TOLD_ANSWERED,
        holder=notice.holder_name,
        answered=day.isoformat(),
    )
    return notice


def _served_on(value: object, notice: InterestedPartyNotice, today: date) -> date:
    day = day_of(value)
    if day is None or day > today or day < notice.issued_on:
        raise InvalidInput(problems=[Problem("served_on", "invalid", str(MSG_SERVED_DATE))])
    return day


@transaction.atomic
@audit_appended_last
def interested_party_served(
    *,
    notice_id: int | str,
    by: User,
    served_on: object,
    client_ip: str | None = None,
    today: date | None = None,
) -> InterestedPartyNotice:
    """Record the day a 利害关系人告知书 was served on its holder (送达, per party): the holder's
    period to state its views runs from it (the notice's working days, counted on the statutory
    calendar), so a notice not served never lapses (issue 46). Once per notice."""
    today = today or timezone.localdate()
    notice, task, application = record_with_task(InterestedPartyNotice, notice_id, by)
    _acting_on_district_task(task, application, by)
    if notice.served_on is not None:
        raise StateConflict.on("interested_party_served", MSG_SERVED_ALREADY)
    day = _served_on(served_on, notice, today)
    notice.served_on, notice.served_recorded_by = day, by
    notice.answer_due_date = add_working_days(day, notice.answer_working_days)
    notice.save(update_fields=["served_on", "served_recorded_by", "answer_due_date"])
    TaskAct.beside(task, application, by, client_ip, role=recorder_role(by, task)).record(
        AuditAction.INTERESTED_PARTY_SERVED,
        details={
            "interested_party_notice_id": notice.pk,
            "holder": {"name": notice.holder_name, "credit_code": notice.holder_credit_code},
            "notice": notice.notice.number if notice.notice else None,
            "served_on": day.isoformat(),
            "answer_working_days": notice.answer_working_days,
            "answer_due_date": notice.answer_due_date.isoformat(),
        },
    )
    tell_applicants(
        application,
        NotificationKind.INTERESTED_PARTY,
        MSG_TOLD_SERVED,
        holder=notice.holder_name,
        served=day.isoformat(),
        due=notice.answer_due_date.isoformat(),
    )
    return notice


def _agreement(application: Application, attachment_id: object) -> Attachment:
    """One of the application's compensation agreements, or a 400 on ``attachment_id``."""
    found = None
    if isinstance(attachment_id, int | str) and str(attachment_id).strip().isdigit():
        found = Attachment.objects.filter(
            pk=int(str(attachment_id).strip()),
            application_id=application.pk,
            kind=AttachmentKind.COMPENSATION_AGREEMENT,
        ).first()
    if found is None:
        raise InvalidInput(
            problems=[Problem("attachment_id", "invalid", str(MSG_AGREEMENT_REQUIRED))]
        )
    return found


@transaction.atomic
@audit_appended_last
def compensation_agreement_confirm(
    *,
    task_id: int | str,
    by: User,
    attachment_id: object,
    holder_credit_code: object,
    client_ip: str | None = None,
    today: date | None = None,
) -> CompensationAgreementConfirmation:
    """A reviewer of the open district task confirms, having read it, that an attached
    compensation agreement (35号令 art. 21) names a holder of the site's land: that party is
    then resolved (issue 46). What the agreement is called resolves nobody."""
    today = today or timezone.localdate()
    task, application = _locked_task(task_id, by)
    _acting_on_district_task(task, application, by)
    party = _party(application, holder_credit_code, today)
    agreement = _agreement(application, attachment_id)
    if CompensationAgreementConfirmation.objects.filter(
        attachment=agreement, holder_credit_code=party.credit_code
    ).exists():
        raise StateConflict.on("compensation_agreement_confirmed", MSG_AGREEMENT_CONFIRMED)
    confirmation = CompensationAgreementConfirmation.objects.create(
        application_id=application.pk,
        attachment=agreement,
        task=task,
        agency=task_agency(task),
        holder_name=party.name,
        holder_credit_code=party.credit_code,
        confirmed_by=by,
    )
    TaskAct.beside(task, application, by, client_ip, role=recorder_role(by, task)).record(
        AuditAction.COMPENSATION_AGREEMENT_CONFIRMED,
        details={
            "confirmation_id": confirmation.pk,
            "holder": {"name": party.name, "credit_code": party.credit_code},
            "attachment": {"id": agreement.pk, "name": agreement.name, "sha256": agreement.sha256},
        },
    )
    tell_applicants(
        application,
        NotificationKind.INTERESTED_PARTY,
        MSG_TOLD_AGREEMENT,
        agreement=agreement.name,
        holder=party.name,
    )
    return confirmation
