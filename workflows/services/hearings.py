"""The hearing (听证, product.md §16 L16; Administrative Licensing Law arts. 46–48): the
reviewing agency offers it on an open review task with a 听证权利告知书 to the applicant and to
each interested party (art. 47, the 重大利益 the engine finds itself: the holders of the site's
land, ``selectors.interested_parties_of``; or art. 46, a hearing the agency finds needed, with
its reason); the applicant, or an interested party through the agency that receives its
request, asks for it within the route's period; from the first request the decision period
does not run (art. 45: a special procedure of kind ``hearing``, ``procedures.procedure_open``);
the hearing is recorded as held, presided by an official who did not review the file, with its
笔录 signed by the participants, and the period runs again. The decision then says it rests on
the record (``documents.content.hearing_cited``). One transaction each, audited, documents
numbered, the applicants told."""

from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from viewflow.workflow.models import Task

from audit.choices import AuditAction
from audit.trail import act_record, audit_appended_last, display_name
from core.errors import InvalidInput, NotVisible, Problem, StateConflict
from core.messages import (
    MSG_HEARING_LATE_REASON,
    MSG_HEARING_LATE_REASON_APPROVAL,
    MSG_HEARING_NOT_REQUESTED,
    MSG_HEARING_OPEN,
    MSG_HEARING_PARTY,
    MSG_HEARING_PARTY_NOT_APPLICANT,
    MSG_HEARING_REASON_REQUIRED,
    MSG_HEARING_REASON_REQUIRED_APPROVAL,
    MSG_HEARING_RECORD_FILE,
    MSG_HEARING_RECORD_FILE_APPROVAL,
    MSG_HEARING_RECORD_REQUIRED,
    MSG_HEARING_REQUEST_LATE,
    MSG_HEARING_REQUEST_LATE_APPROVAL,
    MSG_HEARING_REQUEST_PERIOD,
    MSG_HEARING_REQUEST_PERIOD_APPROVAL,
    MSG_HEARING_REQUESTED_ALREADY,
    MSG_HEARING_REQUESTED_ON,
    MSG_HELD_ON,
    MSG_NO_HEARING_OFFERED,
    MSG_NO_HEARING_OPEN,
    MSG_NOT_YOUR_STEP_HEARINGS,
    MSG_NOT_YOURS_HEARING_REQUEST,
    MSG_PRESIDING_NOT_STAFF,
    MSG_PRESIDING_REQUIRED,
    MSG_PRESIDING_REVIEWED,
    MSG_PRESIDING_REVIEWED_APPROVAL,
    MSG_TOLD_HEAD_HEARING_OVERDUE,
    MSG_TOLD_HEAD_HEARING_OVERDUE_APPROVAL,
    MSG_TOLD_HEARING_HELD,
    MSG_TOLD_HEARING_OFFERED,
    MSG_TOLD_HEARING_OFFERED_APPROVAL,
    MSG_TOLD_HEARING_REQUESTED,
    MSG_TOLD_HEARING_REQUESTED_APPROVAL,
)
from documents.content import worded
from documents.models import Certificate, DocumentKind
from documents.notices import notice_issue
from documents.notices._common import by_analogy
from documents.notices.hearings import SUBSTANTIAL_INTERESTS
from permits import access
from permits.acts import Act
from permits.choices import AttachmentKind, NotificationKind
from permits.models import Application, Attachment
from permits.notifications import notify
from permits.services import application_locked, attachments_cited, attachments_store
from permits.uploads import Upload
from roles.models import Role

from ..clock import special_procedure_refusal
from ..deadlines import add_working_days
from ..engine import WAITING_TASK_STATUSES
from ..engine.reads import task_agency, task_route
from ..models import Hearing, HearingNotice, SpecialProcedureKind
from ..selectors import (
    InterestedParty,
    decisions_of_current_pass,
    interested_parties_of,
    site_check_inspectors,
)
from ._common import _locked_task, _task_closed, day_of, required_text
from ._recording import heads_told_by_system, recorder_require, recorder_role
from .acts import TaskAct
from .applicants import tell_applicants
from .procedures import procedure_close, procedure_open
from .steps import task_step

# ---- offered ----------------------------------------------------------------------------------


def hearing_open(application: Application, today: date) -> Hearing | None:
    """The hearing offered and not held, unless nobody asked for it within its period."""
    hearing = (
        Hearing.objects.select_for_update()
        .filter(application_id=application.pk, held_on__isnull=True)
        .order_by("-pk")
        .first()
    )
    if hearing is None or hearing.requested_on is not None:
        return hearing
    return hearing if hearing.notices.filter(request_due_date__gte=today).exists() else None


def _offer_refused(task: Task, application: Application, by: User, today: date) -> None:
    """403 to whoever may not record on the task; 409 on a closed task, at acceptance, or while
    another hearing is open."""
    recorder_require(by, task, MSG_NOT_YOUR_STEP_HEARINGS)
    if refusal := special_procedure_refusal(task_step(task), application):
        raise StateConflict.on("not_in_review", refusal)
    if (open_one := hearing_open(application, today)) is not None:
        message = str(MSG_HEARING_OPEN).format(offered=open_one.offered_on.isoformat())
        raise StateConflict.on("hearing_open", message)


def _basis(application: Application, parties: list[InterestedParty], reason: object) -> str:
    """Why the hearing is offered: the parties' 重大利益 the engine found (art. 47), with the
    reviewer's words if any; else the reviewer's reason, required (art. 46)."""
    required = worded(
        application, MSG_HEARING_REASON_REQUIRED, MSG_HEARING_REASON_REQUIRED_APPROVAL
    )
    text, problems = required_text(reason, "reason", None if parties else str(required))
    if problems:
        raise InvalidInput(problems=problems)
    if not parties:
        return text
    found = f"{SUBSTANTIAL_INTERESTS}（涉及{'、'.join(p.name for p in parties)}管护的林地）"
    return f"{found}；{text}" if text else found


def _notice_issue(
    hearing: Hearing,
    application: Application,
    by: User,
    party: InterestedParty | None,
    substantial: bool,
) -> HearingNotice:
    """One 听证权利告知书, numbered and signed by the task's agency, kept on its notice row."""
    route = task_route(hearing.task)
    due = add_working_days(hearing.offered_on, route.hearing_request_working_days)
    notice = HearingNotice.objects.create(
        hearing=hearing,
        addressee_name=party.name if party else application.organisation.name,
        holder_credit_code=party.credit_code if party else "",
        issued_on=hearing.offered_on,
        request_due_date=due,
    )
    notice.notice = notice_issue(
        application=application,
        kind=DocumentKind.HEARING_NOTICE,
        agency=hearing.agency,
        signed_by_name=display_name(by),
        reason=hearing.basis,
        addressee=notice.addressee_name,
        extra={
            "working_days": route.hearing_request_working_days,
            "due_date": due,
            "held_working_days": route.hearing_held_working_days,
            "substantial_interests": substantial,
            "holder_credit_code": notice.holder_credit_code,
            "compartments": list(party.compartments) if party else [],
        },
    )
    notice.save(update_fields=["notice"])
    return notice


@transaction.atomic
@audit_appended_last
def hearing_offer(
    *,
    task_id: int | str,
    by: User,
    reason: object = "",
    client_ip: str | None = None,
    today: date | None = None,
) -> Hearing:
    """Offer a hearing from an open review task: a 听证权利告知书 to the applicant and to each
    interested party (art. 47), or, where the engine finds none, on the reason given (art. 46)."""
    today = today or timezone.localdate()
    task, application = _locked_task(task_id, by)
    _offer_refused(task, application, by, today)
    parties = interested_parties_of(application, today)
    hearing = Hearing.objects.create(
        application_id=application.pk,
        process_id=task.process_id,
        task=task,
        agency=task_agency(task),
        basis=_basis(application, parties, reason),
        offered_on=today,
        offered_by=by,
    )
    substantial = bool(parties)
    notices = [_notice_issue(hearing, application, by, None, substantial)]
    notices += [_notice_issue(hearing, application, by, p, substantial) for p in parties]
    TaskAct.beside(task, application, by, client_ip, role=recorder_role(by, task)).record(
        AuditAction.HEARING_OFFERED,
        opinion=hearing.basis,
        details={
            "hearing_id": hearing.pk,
            "article": 47 if substantial else 46,
            "notices": [_notice_cited(n) for n in notices],
        },
    )
    applicants = notices[0]
    assert applicants.notice is not None
    tell_applicants(
        application,
        NotificationKind.HEARING,
        worded(application, MSG_TOLD_HEARING_OFFERED, MSG_TOLD_HEARING_OFFERED_APPROVAL),
        number=applicants.notice.number,
        due=applicants.request_due_date.isoformat(),
    )
    return hearing


def _notice_cited(notice: HearingNotice) -> dict[str, Any]:
    return {
        "addressee": notice.addressee_name,
        "credit_code": notice.holder_credit_code,
        "request_due_date": notice.request_due_date.isoformat(),
        "number": notice.notice.number if notice.notice else "",
    }


def hearing_request_period_refused(application: Application, task: Task) -> None:
    """A decision on the task that offered a hearing while it may still be asked for and nobody
    has: 409 (art. 47 gives the days before the decision)."""
    today = timezone.localdate()
    due = (
        HearingNotice.objects.filter(
            hearing__application_id=application.pk,
            hearing__task_id=task.pk,
            hearing__held_on__isnull=True,
            hearing__requested_on__isnull=True,
            request_due_date__gte=today,
        )
        .order_by("-request_due_date")
        .values_list("request_due_date", flat=True)
        .first()
    )
    if due is not None:
        period = worded(
            application, MSG_HEARING_REQUEST_PERIOD, MSG_HEARING_REQUEST_PERIOD_APPROVAL
        )
        message = str(period).format(due=due.isoformat())
        raise StateConflict.on("hearing_request_period", message)


# ---- asked for --------------------------------------------------------------------------------


def _requesting_notice(hearing: Hearing, applicant: bool, code: object) -> HearingNotice:
    """The notice whose addressee asks: the applicant's own, or the party's the agency names."""
    text = code.strip().upper() if isinstance(code, str) else ""
    if applicant and text:
        problem = Problem("holder_credit_code", "not_allowed", str(MSG_HEARING_PARTY_NOT_APPLICANT))
        raise InvalidInput(problems=[problem])
    notice = None
    if applicant or text:
        notice = (
            HearingNotice.objects.select_for_update()
            .filter(hearing=hearing, holder_credit_code=text)
            .first()
        )
    if notice is None:
        raise InvalidInput(
            problems=[Problem("holder_credit_code", "not_a_party", str(MSG_HEARING_PARTY))]
        )
    return notice


def _requested_day(value: object, notice: HearingNotice, applicant: bool, today: date) -> date:
    """The applicant asks today; the agency records the day a party's request was received."""
    if applicant or value in (None, ""):
        return today
    day = day_of(value)
    if day is None or day > today or day < notice.issued_on:
        raise InvalidInput(
            problems=[Problem("requested_on", "invalid", str(MSG_HEARING_REQUESTED_ON))]
        )
    return day


def _request_refused(application: Application, notice: HearingNotice, day: date) -> None:
    if notice.requested_on is not None:
        message = str(MSG_HEARING_REQUESTED_ALREADY).format(
            requested=notice.requested_on.isoformat()
        )
        raise StateConflict.on("hearing_requested", message)
    if day > notice.request_due_date:
        late = worded(application, MSG_HEARING_REQUEST_LATE, MSG_HEARING_REQUEST_LATE_APPROVAL)
        message = str(late).format(due=notice.request_due_date.isoformat())
        raise StateConflict.on("hearing_request_late", message)


def _hearing_task_locked(application: Application, by: User) -> tuple[Hearing, Task, bool]:
    """The open hearing and its task, locked after the application; whether ``by`` asks as the
    applicant (else as the agency recording a party's request: 403 to anyone else)."""
    hearing = hearing_open(application, timezone.localdate())
    if hearing is None:
        hearing = (
            Hearing.objects.filter(application_id=application.pk, held_on__isnull=True)
            .order_by("-pk")
            .first()
        )
    if hearing is None:
        raise StateConflict.on("no_hearing_offered", MSG_NO_HEARING_OFFERED)
    task = (
        Task.objects.select_for_update(of=("self", "process"))
        .select_related("process")
        .get(pk=hearing.task_id)
    )
    if access.can_edit_application(by, application):
        return hearing, task, True
    access.require(access.may_record_special_procedure(by, task), MSG_NOT_YOURS_HEARING_REQUEST)
    return hearing, task, False


def _hearing_begins(
    hearing: Hearing, task: Task, application: Application, by: User, day: date, today: date
) -> None:
    """The first request: the hearing is due within the route's days (art. 47) and, from today,
    the step's clock and the decision period pause (art. 45)."""
    route = task_route(task)
    hearing.requested_on = day
    hearing.hold_by = add_working_days(day, route.hearing_held_working_days)
    hearing.procedure = procedure_open(
        task,
        application,
        by,
        kind=SpecialProcedureKind.HEARING,
        # A 批复's hearing follows the Licensing Law by analogy only (issue 46 item 3).
        reason=f"{hearing.basis}。申请人或者利害关系人申请听证"
        f"（{by_analogy(application.detail)}《中华人民共和国行政许可法》第四十七条）",
        days=route.hearing_held_working_days,
        today=today,
    )
    hearing.save(update_fields=["requested_on", "hold_by", "procedure"])


@transaction.atomic
@audit_appended_last
def hearing_request(
    *,
    application: Application,
    by: User,
    holder_credit_code: object = "",
    requested_on: object = None,
    client_ip: str | None = None,
    today: date | None = None,
) -> Hearing:
    """The applicant asks for the hearing offered to it, or the offering agency records an
    interested party's request (``holder_credit_code``, received on ``requested_on``), within
    the notice's period; the first request pauses the decision period until it is held."""
    today = today or timezone.localdate()
    locked = application_locked(application.pk)
    if locked is None or not access.can_see_application(by, locked):
        raise NotVisible()
    hearing, task, applicant = _hearing_task_locked(locked, by)
    notice = _requesting_notice(hearing, applicant, holder_credit_code)
    day = _requested_day(requested_on, notice, applicant, today)
    _request_refused(locked, notice, day)
    if task.status not in WAITING_TASK_STATUSES:
        raise _task_closed()
    notice.requested_on, notice.request_recorded_by = day, by
    notice.save(update_fields=["requested_on", "request_recorded_by"])
    if hearing.requested_on is None:
        _hearing_begins(hearing, task, locked, by, day, today)
    _request_record(hearing, notice, task, locked, by, applicant, client_ip)
    return hearing


def _request_record(
    hearing: Hearing,
    notice: HearingNotice,
    task: Task,
    application: Application,
    by: User,
    applicant: bool,
    client_ip: str | None,
) -> None:
    """The request's event (the applicant's, naming its organisation; or the agency's record of
    a party's) and whom it tells: the applicants, and the task's holder."""
    assert notice.requested_on is not None and hearing.hold_by is not None
    details = {
        "task_id": task.pk,
        "step": task_step(task).value,
        "hearing_id": hearing.pk,
        "by": _notice_cited(notice),
        "requested_on": notice.requested_on.isoformat(),
        "hold_by": hearing.hold_by.isoformat(),
    }
    if applicant:  # the holder's own act, naming its organisation
        act = Act.on(
            application, by, agency=task_agency(task), role=Role.APPLICANT, client_ip=client_ip
        )
        act_record(act, AuditAction.HEARING_REQUESTED, details=details)
    else:
        beside = TaskAct.beside(task, application, by, client_ip, role=recorder_role(by, task))
        beside.record(AuditAction.HEARING_REQUESTED, details=details)
    values = {
        "who": notice.addressee_name,
        "requested": notice.requested_on.isoformat(),
        "hold_by": hearing.hold_by.isoformat(),
    }
    told = worded(application, MSG_TOLD_HEARING_REQUESTED, MSG_TOLD_HEARING_REQUESTED_APPROVAL)
    tell_applicants(application, NotificationKind.HEARING, told, **values)
    if task.owner_id is not None and task.owner_id != by.pk:
        message = str(told).format(reference=application.reference, **values)
        notify(
            recipients=[task.owner],
            kind=NotificationKind.HEARING,
            message=message,
            application=application,
        )


# ---- held -------------------------------------------------------------------------------------


def _reviewers(task: Task, application: Application, hearing: Hearing) -> set[int]:
    """Who reviewed the file (art. 48(1)(3)): the task's holder, whoever offered the hearing,
    and whoever decided a step of the current review."""
    ids = {hearing.offered_by_id}
    if task.owner_id is not None:
        ids.add(task.owner_id)
    ids |= {d.decided_by_id for d in decisions_of_current_pass(application) if d.decided_by_id}
    return ids


def _presiding(value: object, task: Task, application: Application, hearing: Hearing) -> User:
    name = value.strip() if isinstance(value, str) else ""
    if not name:
        raise InvalidInput(problems=[Problem("presiding", "required", str(MSG_PRESIDING_REQUIRED))])
    person = site_check_inspectors(task.owner_permission_obj_pk).filter(username=name).first()
    if person is None:
        raise InvalidInput(
            problems=[Problem("presiding", "not_agency_staff", str(MSG_PRESIDING_NOT_STAFF))]
        )
    if person.pk in _reviewers(task, application, hearing):
        reviewed = worded(application, MSG_PRESIDING_REVIEWED, MSG_PRESIDING_REVIEWED_APPROVAL)
        raise InvalidInput(problems=[Problem("presiding", "presiding_reviewed", str(reviewed))])
    return person


def _late_reason(
    application: Application, hearing: Hearing, day: date | None, late_reason: object
) -> tuple[str, list[Problem]]:
    """Why a hearing held after ``hold_by`` (art. 47's 二十日) was late: required then (the
    lateness is the agency's breach: recorded, with its reason, never refused), kept empty
    otherwise."""
    late = day is not None and hearing.hold_by is not None and day > hearing.hold_by
    if not late:
        return "", []
    required = worded(application, MSG_HEARING_LATE_REASON, MSG_HEARING_LATE_REASON_APPROVAL)
    return required_text(late_reason, "late_reason", required)


def _held_cleaned(
    hearing: Hearing,
    task: Task,
    application: Application,
    values: dict[str, object],
    uploads: list[Upload],
    today: date,
) -> tuple[date, User, str, str]:
    """The day, the presiding officer, the record's text and why it was late (``values``: the
    posted ``held_on``, ``presiding``, ``record``, ``late_reason``); every problem of the values
    at once (400), then the presiding officer's."""
    assert hearing.requested_on is not None
    problems = []
    day = day_of(values["held_on"])
    if day is None or day > today or day < hearing.requested_on:
        problems.append(Problem("held_on", "invalid", str(MSG_HELD_ON)))
        day = None
    text, found = required_text(values["record"], "record", str(MSG_HEARING_RECORD_REQUIRED))
    problems += found
    late, found = _late_reason(application, hearing, day, values["late_reason"])
    problems += found
    if not uploads:
        signed = worded(application, MSG_HEARING_RECORD_FILE, MSG_HEARING_RECORD_FILE_APPROVAL)
        problems.append(Problem("files", "required", str(signed)))
    if problems:
        raise InvalidInput(problems=problems)
    assert day is not None
    return day, _presiding(values["presiding"], task, application, hearing), text, late


def _hearing_of_task(task: Task, application: Application, today: date) -> Hearing:
    hearing = hearing_open(application, today)
    if hearing is None or hearing.task_id != task.pk:
        raise StateConflict.on("no_hearing_open", MSG_NO_HEARING_OPEN)
    if hearing.requested_on is None or hearing.procedure is None:
        raise StateConflict.on("hearing_not_requested", MSG_HEARING_NOT_REQUESTED)
    return hearing


def _record_issue(hearing: Hearing, application: Application, day: date, text: str) -> Certificate:
    """The numbered 听证笔录: the day, the presiding officer, who asked, the record's text and,
    held after the day it was due, that day and why."""
    requesters = list(
        hearing.notices.filter(requested_on__isnull=False)
        .order_by("requested_on", "pk")
        .values_list("addressee_name", flat=True)
    )
    return notice_issue(
        application=application,
        kind=DocumentKind.HEARING_RECORD,
        agency=hearing.agency,
        signed_by_name=hearing.presiding_name,
        reason=text,
        extra={
            "held_on": day,
            "presiding_name": hearing.presiding_name,
            "requesters": requesters,
            "hold_by": hearing.hold_by if hearing.late_reason else None,
            "late_reason": hearing.late_reason,
        },
    )


def _held_details(
    hearing: Hearing, person: User, stored: list[Attachment], due: date | None
) -> dict[str, Any]:
    """The ``hearing_held`` event's details; held late, the day it was due by and why."""
    assert hearing.held_on is not None and hearing.record_document is not None
    late = {"hold_by": str(hearing.hold_by), "late_reason": hearing.late_reason}
    return {
        "hearing_id": hearing.pk,
        "held_on": hearing.held_on.isoformat(),
        **(late if hearing.late_reason else {}),
        "presiding": {"username": person.username, "name": hearing.presiding_name},
        "record": hearing.record_document.number,
        "attachments": attachments_cited(stored),
        "decision_due_date": due.isoformat() if due else None,
    }


@transaction.atomic
@audit_appended_last
def hearing_hold(
    *,
    task_id: int | str,
    by: User,
    held_on: object,
    presiding: object,
    record: object,
    late_reason: object = "",
    uploads: Any = (),
    client_ip: str | None = None,
    today: date | None = None,
) -> Hearing:
    """Record the hearing asked for as held: its day, its presiding officer (a member of the
    task's agency who did not review the file: 400 otherwise), its 笔录 as signed (the text,
    printed as the numbered 听证笔录, and the signed file); the decision period runs again.
    Held after ``hold_by`` it is recorded all the same, with the reason for the delay
    (``late_reason``, 400 without it), which the 笔录 and the audit event carry."""
    today = today or timezone.localdate()
    uploads = list(uploads)
    task, application = _locked_task(task_id, by)
    recorder_require(by, task, MSG_NOT_YOUR_STEP_HEARINGS)
    hearing = _hearing_of_task(task, application, today)
    values = {"held_on": held_on, "presiding": presiding, "record": record}
    values["late_reason"] = late_reason
    day, person, text, late = _held_cleaned(hearing, task, application, values, uploads, today)
    stored = attachments_store(
        application=application, by=by, kind=AttachmentKind.HEARING_RECORD, uploads=uploads
    )
    hearing.held_on, hearing.presiding, hearing.presiding_name = day, person, display_name(person)
    hearing.record, hearing.recorded_by, hearing.late_reason = text, by, late
    hearing.attachments.add(*stored)
    assert hearing.procedure is not None
    due = procedure_close(
        hearing.procedure,
        task,
        application,
        by,
        result=f"听证已于{day.isoformat()}举行，主持人{hearing.presiding_name}。",
        today=today,
    )
    hearing.record_document = _record_issue(hearing, application, day, text)
    hearing.save()
    TaskAct.beside(task, application, by, client_ip, role=recorder_role(by, task)).record(
        AuditAction.HEARING_HELD,
        opinion=text,
        details=_held_details(hearing, person, stored, due),
    )
    tell_applicants(
        application,
        NotificationKind.HEARING,
        MSG_TOLD_HEARING_HELD,
        held=day.isoformat(),
        number=hearing.record_document.number,
        due=due.isoformat() if due else "—",
    )
    return hearing


def _awaited(today: date) -> QuerySet[Hearing]:
    """Hearings asked for, not held, their pause still running, past the day to hold them by."""
    return Hearing.objects.filter(
        held_on__isnull=True,
        hold_by__lt=today,
        procedure__ended_on__isnull=True,
        overdue_told_on__isnull=True,
    )


def hearings_overdue(today: date) -> list[int]:
    """The hearings past their day unheld whose agency's heads have not been told (the tick's
    candidates), the oldest day first."""
    return list(_awaited(today).order_by("hold_by", "pk").values_list("pk", flat=True))


@transaction.atomic
@audit_appended_last
def hearing_overdue_tell(*, hearing_id: int, today: date | None = None) -> bool:
    """Tell the agency's heads, once, that a hearing asked for was not held by the day art. 47
    sets (二十日): the lateness is the agency's breach, for its heads to act on (``permits_tick``;
    re-checked under the locks, so overlapping ticks tell once)."""
    today = today or timezone.localdate()
    row = Hearing.objects.filter(pk=hearing_id).values_list("application_id", flat=True).first()
    detail = application_locked(row) if row is not None else None
    # Only the hearing row: its pause (a nullable join) cannot be locked on PostgreSQL.
    hearing = _awaited(today).select_for_update(of=("self",)).filter(pk=hearing_id).first()
    if detail is None or hearing is None:
        return False
    assert hearing.hold_by is not None and hearing.requested_on is not None
    hearing.overdue_told_on = today
    hearing.save(update_fields=["overdue_told_on"])
    heads_told_by_system(
        detail,
        hearing.agency,
        kind=NotificationKind.HEARING,
        message=str(
            worded(detail, MSG_TOLD_HEAD_HEARING_OVERDUE, MSG_TOLD_HEAD_HEARING_OVERDUE_APPROVAL)
        ).format(
            reference=detail.reference,
            requested=hearing.requested_on.isoformat(),
            hold_by=hearing.hold_by.isoformat(),
        ),
        action=AuditAction.HEARING_OVERDUE,
        details={"hearing_id": hearing.pk, "hold_by": hearing.hold_by.isoformat()},
    )
    return True
