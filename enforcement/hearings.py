"""The hearing of an enforcement case (听证, 行政处罚法 2021 arts. 63-65; issue 48 item 5): the
party asked for it within the notice's period (``services.case_statement``); the head schedules
it, told to the party at least the standard's working days before (art. 64(2): 七日前; art. 85),
public unless a secret or privacy is at stake (64(3)), presided by an official of the agency who
did not investigate the case (64(4)); an official records it held, with its 笔录 the participants
check and sign (64(8)), or waived: withdrawn, or the party did not come (64(6): 视为放弃听证权利).
The decision waits for it and rests on its record (art. 65; ``law.hearing_awaited``). Each act is
one transaction through the case's act kernel: its lock, its check, its numbered document, its
audit event and who is told."""

from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from audit.choices import AuditAction
from audit.trail import audit_appended_last, display_name
from core.chinese import display_zh
from core.errors import InvalidInput, Problem, StateConflict
from core.messages import (
    MSG_CASE_HEARING_ANSWER,
    MSG_CASE_HEARING_DAY,
    MSG_CASE_HEARING_DONE,
    MSG_CASE_HEARING_NOT_CHANGEABLE,
    MSG_CASE_HEARING_NOT_REQUESTED,
    MSG_CASE_HEARING_NOT_SCHEDULED,
    MSG_CASE_HEARING_NOT_YET,
    MSG_CASE_HEARING_PLACE,
    MSG_CASE_HEARING_PRIVATE,
    MSG_CASE_HEARING_SCHEDULED_ALREADY,
    MSG_CASE_PRESIDING_INVESTIGATOR,
    MSG_CASE_PRESIDING_UNKNOWN,
    MSG_CASE_RECUSAL_ANSWER,
    MSG_CASE_RECUSAL_SAME,
    MSG_NOTE,
)
from documents import content
from permits import access
from permits.acts import Act
from permits.choices import NotificationKind
from roles.models import Role
from workflows.deadlines import add_working_days

from . import law, papers
from .models import (
    Case,
    CaseDocument,
    CaseDocumentKind,
    CaseHearing,
    CaseHearingChange,
    CaseHearingStatus,
    CaseStatus,
    HearingChangeKind,
    StatementKind,
)
from .selectors import READING_ROLES
from .services import (
    _act,
    _locked,
    _officials,
    _record,
    _require_head,
    _require_official,
    _role_of,
    _status,
    _tell,
    _text,
)

PLACE_MAX = 200
# How far ahead a hearing may be set: a typing slip (2062 for 2026) is refused, not printed.
SCHEDULE_HORIZON_DAYS = 366


def _requested(case: Case) -> CaseHearing | None:
    """409 unless the party asked for a hearing (within the notice's period: the statement
    act refuses it later) and the decision is still to be made; its hearing row, if any."""
    _status(case, CaseStatus.NOTIFIED, CaseStatus.REVIEWED)
    if case.statement_kind != StatementKind.HEARING_REQUESTED:
        raise StateConflict.on("hearing_not_requested", MSG_CASE_HEARING_NOT_REQUESTED)
    hearing = CaseHearing.objects.select_for_update().filter(case=case).first()
    if hearing is not None and hearing.status != CaseHearingStatus.SCHEDULED:
        raise StateConflict.on("hearing_done", MSG_CASE_HEARING_DONE)
    return hearing


def _day(value: object, today: date, notice_days: int) -> date | None:
    """The hearing's day: ``notice_days`` working days after today at the earliest (art. 64(2),
    art. 85), within a year."""
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        return None
    earliest = add_working_days(today, notice_days)
    if not earliest <= day <= today + timedelta(days=SCHEDULE_HORIZON_DAYS):
        return None
    return day


def official_named(case: Case, value: object) -> User | None:
    """The official of the case's agency (reviewer, approver, head, legal reviewer) with the
    user name given, or None."""
    name = value.strip() if isinstance(value, str) else ""
    if not name:
        return None
    return access.people_with_membership(
        username=name,
        memberships__agency_id=case.agency_id,
        memberships__role__in=READING_ROLES,
    ).first()


def _presiding(case: Case, value: object) -> User:
    """An official of the case's agency named by user name (400), not one of its investigators
    (art. 64(4), 400)."""
    person = official_named(case, value)
    if person is None:
        raise InvalidInput.on("presiding", "unknown", MSG_CASE_PRESIDING_UNKNOWN)
    if case.officers.filter(pk=person.pk).exists():
        raise InvalidInput.on("presiding", "investigator", MSG_CASE_PRESIDING_INVESTIGATOR)
    return person


def _schedule_cleaned(
    case: Case, held_on: object, place: object, public: object, private_reason: object
) -> tuple[date, str, bool, str]:
    """The day, the place, open or not and why not: every problem at once (400)."""
    notice_days = law.standard_of(case.agency.jurisdiction_id).hearing_notice_working_days
    problems = []
    day = _day(held_on, timezone.localdate(), notice_days)
    if day is None:
        message = str(MSG_CASE_HEARING_DAY).format(days=notice_days)
        problems.append(Problem("held_on", "invalid", message))
    where = place.strip() if isinstance(place, str) else ""
    if not where or len(where) > PLACE_MAX:
        problems.append(Problem("place", "invalid", str(MSG_CASE_HEARING_PLACE)))
    is_public = public is not False
    reason = private_reason.strip() if isinstance(private_reason, str) else ""
    if not is_public and (not reason or len(reason) > PLACE_MAX):
        problems.append(Problem("private_reason", "required", str(MSG_CASE_HEARING_PRIVATE)))
    if problems:
        raise InvalidInput(problems=problems)
    assert day is not None
    return day, where, is_public, reason if not is_public else ""


@transaction.atomic
@audit_appended_last
def case_hearing_schedule(
    *,
    case_id: object,
    by: User,
    held_on: object,
    place: object,
    presiding: object,
    public: object = True,
    private_reason: object = "",
    client_ip: str | None = None,
) -> Case:
    """The head schedules the hearing asked for: the 听证通知书 served, the presiding officer
    and the investigators told."""
    case = _locked(case_id, by)
    _require_head(by, case)
    if _requested(case) is not None:
        raise StateConflict.on("hearing_scheduled", MSG_CASE_HEARING_SCHEDULED_ALREADY)
    day, where, is_public, reason = _schedule_cleaned(case, held_on, place, public, private_reason)
    person = _presiding(case, presiding)
    hearing = CaseHearing.objects.create(
        case=case,
        held_on=day,
        place=where,
        presiding=person,
        public=is_public,
        private_reason=reason,
        scheduled_by=by,
        scheduled_at=timezone.now(),
    )
    scheduling = _act(case, by, Role.HEAD, client_ip, case.status)
    notice = papers.hearing_notice_issue(case, scheduling, hearing)
    _record(
        scheduling,
        AuditAction.CASE_HEARING_SCHEDULED,
        case,
        where,
        held_on=day.isoformat(),
        presiding=person.username,
        public=is_public,
        document_number=notice.number,
    )
    step = f"{day.isoformat()}在{where}举行听证（{notice.number}）"
    _tell(case, _told(case, person), step, NotificationKind.TASK_NEW)
    return case


def _told(case: Case, presiding: User | None) -> list[User]:
    people = {u.pk: u for u in [*_officials(case), *access.heads_of(case.agency_id)]}
    if presiding is not None:
        people[presiding.pk] = presiding
    return sorted(people.values(), key=lambda u: u.pk)


def _held(hearing: CaseHearing | None) -> CaseHearing:
    """A hearing recorded held was scheduled (409) and its day has come (409)."""
    if hearing is None:
        raise StateConflict.on("hearing_not_scheduled", MSG_CASE_HEARING_NOT_SCHEDULED)
    assert hearing.held_on is not None
    if timezone.localdate() < hearing.held_on:
        message = str(MSG_CASE_HEARING_NOT_YET).format(day=hearing.held_on.isoformat())
        raise StateConflict.on("hearing_not_yet", message)
    return hearing


@transaction.atomic
@audit_appended_last
def case_hearing_record(
    *,
    case_id: object,
    by: User,
    held: object = False,
    waived: object = False,
    record: object = "",
    client_ip: str | None = None,
) -> Case:
    """An official records the hearing held, with its record (art. 64(8)), or waived: the
    request withdrawn, or the party absent without good reason (64(6)); the 听证笔录 issued and
    the head, who decides on it (art. 65), told."""
    case = _locked(case_id, by)
    _require_official(by, case)
    hearing = _requested(case)
    if bool(held) == bool(waived):
        raise InvalidInput.on("held", "one_answer", MSG_CASE_HEARING_ANSWER)
    text = _text(record, "record", MSG_CASE_HEARING_ANSWER, required=bool(held))
    if held:
        hearing = _held(hearing)
    elif hearing is None:
        hearing = CaseHearing(case=case)
    hearing.status = CaseHearingStatus.HELD if held else CaseHearingStatus.WAIVED
    hearing.record, hearing.recorded_by, hearing.recorded_at = text, by, timezone.now()
    hearing.save()
    recording = _act(case, by, _role_of(by, case), client_ip, case.status)
    document = papers.hearing_record_issue(case, recording, hearing)
    action = AuditAction.CASE_HEARING_HELD if held else AuditAction.CASE_HEARING_WAIVED
    _record(recording, action, case, text, document_number=document.number)
    step = f"听证{'已举行' if held else '视为放弃'}（{document.number}），可作出决定"
    _tell(case, _told(case, None), step, NotificationKind.TASK_NEW)
    return case


# ------------------------------------------------------------- postponed, presiding withdrawn


def _scheduled(case: Case) -> CaseHearing:
    """The hearing asked for and scheduled, neither held nor waived (409)."""
    try:
        hearing = _requested(case)
    except StateConflict:
        raise StateConflict.on("hearing_not_changeable", MSG_CASE_HEARING_NOT_CHANGEABLE) from None
    if hearing is None:
        raise StateConflict.on("hearing_not_changeable", MSG_CASE_HEARING_NOT_CHANGEABLE)
    return hearing


def _change_record(
    case: Case,
    act: Act,
    hearing: CaseHearing,
    kind: HearingChangeKind,
    reason: str,
    before: tuple[date, User],
    document: CaseDocument,
) -> CaseHearingChange:
    """The change's row, its audit event and who is told (the presiding officers before and
    after among them)."""
    assert hearing.held_on is not None and hearing.presiding is not None and act.by is not None
    change = CaseHearingChange.objects.create(
        hearing=hearing,
        kind=kind,
        reason=reason,
        held_on_before=before[0],
        held_on=hearing.held_on,
        place=hearing.place,
        presiding_before=before[1],
        presiding=hearing.presiding,
        document=document,
        decided_by=act.by,
    )
    action = (
        AuditAction.CASE_HEARING_POSTPONED
        if kind == HearingChangeKind.POSTPONED
        else AuditAction.CASE_HEARING_RECUSAL
    )
    _record(
        act,
        action,
        case,
        reason,
        change=kind.value,
        held_on_before=before[0].isoformat(),
        held_on=hearing.held_on.isoformat(),
        presiding_before=before[1].username,
        presiding=hearing.presiding.username,
        document_number=document.number,
    )
    told = {u.pk: u for u in [*_told(case, hearing.presiding), before[1]]}
    told_kind = display_zh(change, "kind")
    step = f"听证{told_kind}：{hearing.held_on.isoformat()}在{hearing.place}（{document.number}）"
    _tell(case, sorted(told.values(), key=lambda u: u.pk), step, NotificationKind.TASK_NEW)
    return change


@transaction.atomic
@audit_appended_last
def case_hearing_postpone(
    *,
    case_id: object,
    by: User,
    held_on: object,
    reason: object,
    place: object = "",
    client_ip: str | None = None,
) -> CaseHearingChange:
    """延期举行: the head moves the scheduled hearing to a new day (and place), with its reason;
    the 延期举行听证通知书 tells the party again at least art. 64(2)'s days before the new day."""
    case = _locked(case_id, by)
    _require_head(by, case)
    hearing = _scheduled(case)
    text = _text(reason, "reason", MSG_NOTE)
    where_given = place if isinstance(place, str) and place.strip() else hearing.place
    day, where, _public, _reason = _schedule_cleaned(
        case, held_on, where_given, hearing.public, hearing.private_reason
    )
    assert hearing.held_on is not None and hearing.presiding is not None
    before = (hearing.held_on, hearing.presiding)
    hearing.held_on, hearing.place = day, where
    hearing.save(update_fields=["held_on", "place"])
    act = _act(case, by, Role.HEAD, client_ip, case.status)
    notice = _postponement_issue(case, act, hearing, text, before[0])
    return _change_record(case, act, hearing, HearingChangeKind.POSTPONED, text, before, notice)


@transaction.atomic
@audit_appended_last
def case_hearing_recusal(
    *,
    case_id: object,
    by: User,
    granted: object,
    reason: object,
    presiding: object = "",
    client_ip: str | None = None,
) -> CaseHearingChange:
    """回避 (art. 64(4)): the head decides the party's request that the presiding officer
    withdraw. Granted, another official who did not investigate the case presides on the day
    told; refused, the officer stays. Either way with its reason, in the 回避决定书."""
    case = _locked(case_id, by)
    _require_head(by, case)
    hearing = _scheduled(case)
    if not isinstance(granted, bool):
        raise InvalidInput.on("granted", "required", MSG_CASE_RECUSAL_ANSWER)
    text = _text(reason, "reason", MSG_CASE_RECUSAL_ANSWER)
    assert hearing.held_on is not None and hearing.presiding is not None
    before = (hearing.held_on, hearing.presiding)
    if granted:
        person = _presiding(case, presiding)
        if person.pk == hearing.presiding.pk:
            raise InvalidInput.on("presiding", "same", MSG_CASE_RECUSAL_SAME)
        hearing.presiding = person
        hearing.save(update_fields=["presiding"])
    kind = HearingChangeKind.RECUSAL_GRANTED if granted else HearingChangeKind.RECUSAL_REFUSED
    act = _act(case, by, Role.HEAD, client_ip, case.status)
    decision = _recusal_issue(case, act, hearing, kind, text, before[1])
    return _change_record(case, act, hearing, kind, text, before, decision)


def _postponement_issue(
    case: Case, act: Act, hearing: CaseHearing, reason: str, before: date
) -> CaseDocument:
    """延期举行听证通知书: the day told before, why it moves, the new day and place told again
    at least seven days ahead (art. 64(2))."""
    assert hearing.held_on is not None
    return papers._issue(
        case,
        act,
        CaseDocumentKind.HEARING_POSTPONEMENT,
        paragraphs=[
            f"当事人：{papers.party_line(case)}",
            f"本机关原定于{content.chinese_date(before)}举行的听证，因{reason}，决定延期举行。",
            f"听证改定于{content.chinese_date(hearing.held_on)}在{hearing.place}举行，"
            f"听证{papers._openness(hearing)}；听证主持人：{display_name(hearing.presiding)}。",
            f"{papers.you(case)}认为主持人与本案有直接利害关系的，有权申请回避；无正当理由拒不出席听证的，"
            "视为放弃听证权利。",
        ],
        grounds_heading="依据",
        grounds=[
            f"{papers.LAW}第六十四条第二项：“{papers.ARTICLE_64_2}”",
            f"第四项：“{papers.ARTICLE_64_4}”",
        ],
        legal_basis=f"{papers.LAW}第六十四条",
    )


def _recusal_issue(
    case: Case,
    act: Act,
    hearing: CaseHearing,
    kind: HearingChangeKind,
    reason: str,
    withdrawn: User,
) -> CaseDocument:
    """回避决定书: the party's request about the presiding officer decided (art. 64(4))."""
    assert hearing.held_on is not None
    if kind == HearingChangeKind.RECUSAL_GRANTED:
        answer = (
            f"本机关决定：{display_name(withdrawn)}回避，改由{display_name(hearing.presiding)}"
            "（本机关指定的非本案调查人员）主持听证。"
        )
    else:
        answer = f"本机关决定：驳回回避申请，听证仍由{display_name(hearing.presiding)}主持。"
    return papers._issue(
        case,
        act,
        CaseDocumentKind.HEARING_RECUSAL,
        paragraphs=[
            f"当事人：{papers.party_line(case)}",
            f"{papers.you(case)}申请听证主持人{display_name(withdrawn)}回避。理由及本机关审查意见：{reason}",
            answer,
            f"听证时间、地点不变：{content.chinese_date(hearing.held_on)}，{hearing.place}。",
        ],
        grounds_heading="依据",
        grounds=[f"{papers.LAW}第六十四条第四项：“{papers.ARTICLE_64_4}”"],
        legal_basis=f"{papers.LAW}第六十四条第四项",
    )
