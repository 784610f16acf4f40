"""The acts of an enforcement case (林业行政处罚, issue 48 item 5), each one transaction: the
case's row lock, the check of who acts and of the case's status, the change, its numbered
document where the act issues one, its audit event (the act kernel's ``Act``) and who is told.

``case_open`` is the one door every source uses: the API and the pages by hand or from a report
or inspection, and the patch close act of the remote-sensing app (``forest_watch``), which calls
``case_open(source="patch", source_id=patch.pk, facts=..., by=...)``."""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from audit.choices import AuditAction
from audit.trail import audit_appended_last, display_name
from core.chinese import display_zh
from core.credit_codes import credit_code_valid
from core.errors import InvalidInput, NotAllowed, Problem, StateConflict
from core.messages import (
    MSG_CASE_AGENCY_AMBIGUOUS,
    MSG_CASE_EVIDENCE,
    MSG_CASE_EXECUTION_DAY,
    MSG_CASE_EXECUTION_NOTHING,
    MSG_CASE_FACTS,
    MSG_CASE_GROUND_NATURAL_ONLY,
    MSG_CASE_HEARING_AWAITED,
    MSG_CASE_HEARING_REQUEST_LATE,
    MSG_CASE_HEARING_REVIEW_AFTER,
    MSG_CASE_ID_NUMBER,
    MSG_CASE_LEGAL_REVIEW_FAILED,
    MSG_CASE_LEGAL_REVIEW_FIRST,
    MSG_CASE_NO_AGENCY,
    MSG_CASE_NO_HEARING_RIGHT,
    MSG_CASE_NO_PENALTY_GROUND,
    MSG_CASE_NO_REPLANTING,
    MSG_CASE_NOT_EXECUTED,
    MSG_CASE_NOT_HEAD,
    MSG_CASE_NOT_HEAD_REFER,
    MSG_CASE_NOT_LEGAL_REVIEWER,
    MSG_CASE_NOT_OFFICIAL,
    MSG_CASE_NOT_REFERRED,
    MSG_CASE_NOTICE_NOT_SERVED,
    MSG_CASE_OFFICER_UNKNOWN,
    MSG_CASE_OPINION,
    MSG_CASE_OUTCOME,
    MSG_CASE_PARTY_ADDRESS,
    MSG_CASE_PARTY_IDENTITY,
    MSG_CASE_PARTY_NAME,
    MSG_CASE_POLICE_ACCEPTED,
    MSG_CASE_POLICE_AGENCY,
    MSG_CASE_POLICE_DAY,
    MSG_CASE_POLICE_NOTE,
    MSG_CASE_PROPOSED_DIFFERENT,
    MSG_CASE_REASONS,
    MSG_CASE_REFERRAL_PENDING,
    MSG_CASE_REFERRAL_REASONS,
    MSG_CASE_REFERRED_ONCE,
    MSG_CASE_REPLANT_ACCEPTED,
    MSG_CASE_REPLANT_CHECKED_ON,
    MSG_CASE_REPLANT_NOT_ACCEPTED,
    MSG_CASE_REPLANT_NOTES,
    MSG_CASE_REPLANT_PASSED,
    MSG_CASE_REPLANT_POSITION,
    MSG_CASE_REPLANT_SHORT,
    MSG_CASE_STATEMENT_ONE,
    MSG_CASE_STATEMENT_PERIOD,
    MSG_CASE_SURCHARGE_PAID,
    MSG_CASE_SURCHARGE_RELIEF,
    MSG_CASE_TOLD_OPENED,
    MSG_CASE_TOLD_OVERDUE,
    MSG_CASE_TOLD_STEP,
    MSG_CASE_TOLD_SURCHARGE,
    MSG_CASE_TOO_LONG,
    MSG_CASE_TREES_ALIVE,
    MSG_CASE_TWO_OFFICERS,
    MSG_CASE_WRONG_STATUS,
    MSG_CREDIT_CODE,
)
from core.pii import pii_index
from permits import access
from permits.acts import SYSTEM_ROLE, Act
from permits.choices import NotificationKind
from permits.notifications import notify
from permits.uploads import Upload, inspect_upload, stored_name
from roles.models import Agency, Role
from workflows.deadlines import add_working_days
from workflows.services import day_of
from zones.geo import GeometryRefused, point_from_geojson

from . import grounds, law, papers
from .models import (
    PARTY_ID_INDEX_PURPOSE,
    REFERABLE,
    Case,
    CaseFile,
    CaseOutcome,
    CaseStatus,
    NoPenaltyGround,
    PoliceAnswer,
    ReplantingInspection,
    StatementKind,
)
from .selectors import (
    ENFORCEMENT_ROLES,
    OVERDUE_PERIODS,
    case_agency_ids,
    case_get_visible,
    is_natural_person,
    may_act,
    overdue_untold,
)
from .sources import Source, source_resolve, source_told

TEXT_MAX = 4000
EVIDENCE_MAX = 50
# The case's whole list, over its records: repeated posts grow neither the row nor every
# document that prints it without end.
EVIDENCE_CASE_MAX = 200
FILES_MAX = 10
EVIDENCE_KINDS = {
    "photo": "照片",
    "file": "书证",
    "measurement": "勘验测量",
    "statement": "询问笔录",
}
ID_NUMBER = re.compile(r"^\d{17}[\dX]$")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
PARTY_ADDRESS_MAX = 200


# ------------------------------------------------------------------------------- helpers


def _text(value: object, field: str, message: Any, *, required: bool = True) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if required and not text:
        raise InvalidInput.on(field, "required", message)
    if len(text) > TEXT_MAX:
        raise InvalidInput.on(field, "max_length", MSG_CASE_TOO_LONG)
    return text


def _locked(case_id: object, by: User) -> Case:
    """The case's row under its lock; 404 when ``by`` does not see it."""
    seen = case_get_visible(by, case_id)
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("agency__jurisdiction", "agency__district")
        .get(pk=seen.pk)
    )


def _status(case: Case, *allowed: str) -> None:
    if case.status not in allowed:
        message = str(MSG_CASE_WRONG_STATUS).format(status=case.get_status_display())
        raise StateConflict.on("wrong_status", message)


def _move(case: Case, transition: Callable[[], None]) -> None:
    try:
        transition()
    except TransitionNotAllowed:
        _status(case)


def _act(case: Case, by: User | None, role: str, client_ip: str | None, before: str) -> Act:
    return Act(by, case.agency, role, None, client_ip, before)


def _record(act: Act, action: AuditAction, case: Case, opinion: str = "", **details: Any) -> None:
    act.record(
        action,
        to_status=case.status,
        opinion=opinion,
        details={"case_id": case.pk, "case_number": case.number, **details},
    )


def _role_of(by: User, case: Case) -> str:
    return Role.HEAD if access.is_head(by, case.agency_id) else Role.REVIEWER


def _require_official(by: User, case: Case) -> None:
    if not may_act(by, case):
        raise NotAllowed(MSG_CASE_NOT_OFFICIAL)


def _require_head(by: User, case: Case) -> None:
    if not access.is_head(by, case.agency_id):
        raise NotAllowed(MSG_CASE_NOT_HEAD)


def _tell(case: Case, recipients: Sequence[User], step: str, kind: NotificationKind) -> None:
    notify(
        recipients=recipients,
        kind=kind,
        message=str(MSG_CASE_TOLD_STEP).format(number=case.number, step=step),
    )


def _officials(case: Case) -> list[User]:
    return list(
        access.people_with_membership(
            memberships__agency_id=case.agency_id, memberships__role__in=ENFORCEMENT_ROLES
        ).order_by("pk")
    )


def _legal_reviewers(case: Case) -> list[User]:
    return list(
        access.people_with_membership(
            memberships__agency_id=case.agency_id, memberships__role=Role.LEGAL_REVIEWER
        ).order_by("pk")
    )


def _money(value: object, field: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise InvalidInput.on(field, "invalid", MSG_CASE_OUTCOME) from None
    if not amount.is_finite() or amount < 0 or amount >= Decimal(10) ** 12:
        raise InvalidInput.on(field, "invalid", MSG_CASE_OUTCOME)
    return amount.quantize(Decimal("0.01"))


# ---------------------------------------------------------------------------------- open


def _opening_agency(by: User, source: Source, agency: Agency | None) -> Agency:
    """The agency of the case: the one the opener names if the source names it too (a report's
    second handling agency closing it), else the source's (its lead), else the one the opener
    names or acts for; the opener must be one of its officials (403)."""
    named = {a.pk for a in source.agencies}
    chosen = agency if agency is not None and agency.pk in named else None
    chosen = chosen or (source.agencies[0] if source.agencies else agency)
    ids = case_agency_ids(by, ENFORCEMENT_ROLES)
    if chosen is None:
        if not ids:
            raise NotAllowed(MSG_CASE_NO_AGENCY)
        if len(set(ids)) > 1:
            raise InvalidInput.on("agency", "ambiguous", MSG_CASE_AGENCY_AMBIGUOUS)
        chosen = Agency.objects.get(pk=ids[0])
    if chosen.pk not in ids:
        raise NotAllowed(MSG_CASE_NO_AGENCY)
    return Agency.objects.select_related("jurisdiction", "district").get(pk=chosen.pk)


@transaction.atomic
@audit_appended_last
def case_open(
    *,
    source: object,
    source_id: object = "",
    facts: object,
    by: User,
    agency: Agency | None = None,
    client_ip: str | None = None,
) -> tuple[Case, bool]:
    """Open a case on ``source`` (patch | report | inspection | manual): ``(case, True)``; a
    source that already has its case answers ``(that case, False)``, so that two officials
    opening one at once make one case (the unique constraint decides under the race)."""
    resolved = source_resolve(source, source_id, case_agency_ids(by, ENFORCEMENT_ROLES))
    text = _text(facts, "facts", MSG_CASE_FACTS)
    opening = _opening_agency(by, resolved, agency)
    if resolved.kind != "manual":
        existing = Case.objects.filter(source=resolved.kind, source_id=resolved.source_id).first()
        if existing is not None:
            return existing, False
    standard = law.standard_of(opening.jurisdiction_id)
    try:
        with transaction.atomic():
            case = Case.objects.create(
                number=papers.case_number_allocate(opening.document_prefix),
                agency=opening,
                source=resolved.kind,
                source_id=resolved.source_id,
                facts=text,
                opened_by=by,
                to_refer=resolved.refer,
                register_due=add_working_days(timezone.localdate(), standard.register_working_days),
            )
    except IntegrityError:
        # Another official opened it meanwhile: theirs is the case (the number rolled back).
        return Case.objects.get(source=resolved.kind, source_id=resolved.source_id), False
    opened = _act(case, by, _role_of(by, case), client_ip, "")
    _record(
        opened, AuditAction.CASE_OPENED, case, text, source=case.source, source_id=case.source_id
    )
    notify(
        recipients=list(access.heads_of(opening.pk)),
        kind=NotificationKind.TASK_NEW,
        message=str(MSG_CASE_TOLD_OPENED).format(
            number=case.number, day=case.register_due.isoformat()
        ),
    )
    return case, True


# ------------------------------------------------------------------------------ register


def id_number_valid(value: str) -> bool:
    if not ID_NUMBER.match(value):
        return False
    total = sum(int(d) * w for d, w in zip(value[:17], ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11] == value[17]


def party_address_clean(value: object, field: str, *, required: bool) -> str:
    """The party's 地址 (art. 59(1)): one line of at most 200 characters (400 on ``field``)."""
    text = value.strip() if isinstance(value, str) else ""
    if value not in (None, "") and not isinstance(value, str):
        raise InvalidInput.on(field, "invalid", MSG_CASE_PARTY_ADDRESS)
    if required and not text:
        raise InvalidInput.on(field, "required", MSG_CASE_PARTY_ADDRESS)
    if len(text) > PARTY_ADDRESS_MAX or "\n" in text:
        raise InvalidInput.on(field, "invalid", MSG_CASE_PARTY_ADDRESS)
    return text


def _party(party: object) -> tuple[str, str, str, str]:
    data = party if isinstance(party, dict) else {}
    name = _text(data.get("name"), "party.name", MSG_CASE_PARTY_NAME)
    if len(name) > 120:
        raise InvalidInput.on("party.name", "max_length", MSG_CASE_TOO_LONG)
    address = party_address_clean(data.get("address"), "party.address", required=False)
    credit = str(data.get("credit_code") or "").strip().upper()
    id_number = str(data.get("id_number") or "").strip().upper()
    problems = []
    if credit and not credit_code_valid(credit):
        problems.append(
            Problem("party.credit_code", "invalid", str(MSG_CREDIT_CODE % {"value": credit}))
        )
    if id_number and not id_number_valid(id_number):
        message = str(MSG_CASE_ID_NUMBER).format(value=id_number[:18])
        problems.append(Problem("party.id_number", "invalid", message))
    if not credit and not id_number:
        problems.append(Problem("party", "required", str(MSG_CASE_PARTY_IDENTITY)))
    if problems:
        raise InvalidInput(problems=problems)
    return name, credit, id_number, address


@transaction.atomic
@audit_appended_last
def case_register(
    *, case_id: object, by: User, party: object, facts: object = None, client_ip: str | None = None
) -> Case:
    """立案 by the head (行政处罚法 art. 54(2)): the party named (its address may wait for the
    decision, art. 59(1)), the case numbered on its registration form; decided within the
    standard's days (art. 60)."""
    case = _locked(case_id, by)
    _require_head(by, case)
    _status(case, CaseStatus.OPENED)
    name, credit, id_number, address = _party(party)
    if facts not in (None, ""):
        case.facts = _text(facts, "facts", MSG_CASE_FACTS)
    before = case.status
    case.party_name, case.party_credit_code, case.party_id_number = name, credit, id_number
    case.party_id_index = pii_index(id_number, PARTY_ID_INDEX_PURPOSE)
    case.party_address = address
    case.registered_at, case.registered_by = timezone.now(), by
    standard = law.standard_of(case.agency.jurisdiction_id)
    case.decide_due = timezone.localdate() + timedelta(days=standard.decision_days)
    _move(case, case.register)
    case.save()
    registering = _act(case, by, Role.HEAD, client_ip, before)
    form = papers.registration_issue(case, registering)
    _record(registering, AuditAction.CASE_REGISTERED, case, case.facts, document_number=form.number)
    _tell(case, _officials(case), "已立案，请调查取证", NotificationKind.TASK_NEW)
    return case


# ------------------------------------------------------------------------------ evidence


def _officers(case: Case, names: object) -> list[User]:
    listed = names if isinstance(names, list) else []
    unique = list(dict.fromkeys(str(n).strip() for n in listed if str(n).strip()))
    if len(unique) < 2:
        raise InvalidInput.on("officers", "too_few", MSG_CASE_TWO_OFFICERS)
    people = {
        u.username: u
        for u in access.people_with_membership(
            username__in=unique,
            memberships__agency_id=case.agency_id,
            memberships__role__in=ENFORCEMENT_ROLES,
        )
    }
    missing = [n for n in unique if n not in people]
    if missing:
        message = str(MSG_CASE_OFFICER_UNKNOWN).format(name=missing[0][:40])
        raise InvalidInput.on("officers", "unknown", message)
    return [people[n] for n in unique]


def _evidence_items(evidence: object, stored: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    listed = evidence if isinstance(evidence, list) else []
    if not listed and not stored:
        raise InvalidInput.on("evidence", "required", MSG_CASE_EVIDENCE)
    if len(listed) + len(stored) > EVIDENCE_MAX:
        raise InvalidInput.on("evidence", "too_many", MSG_CASE_EVIDENCE)
    items = []
    for index, item in enumerate(listed):
        data = item if isinstance(item, dict) else {}
        kind = data.get("kind")
        description = data.get("description")
        if (
            kind not in EVIDENCE_KINDS
            or not isinstance(description, str)
            or not description.strip()
        ):
            raise InvalidInput.on(f"evidence[{index}]", "invalid", MSG_CASE_EVIDENCE)
        items.append(
            {
                "kind": kind,
                "kind_label": EVIDENCE_KINDS[str(kind)],
                "description": _text(description, f"evidence[{index}]", MSG_CASE_EVIDENCE),
            }
        )
    return [*items, *stored]


def _files_store(case: Case, by: User, uploads: Sequence[Upload]) -> list[dict[str, Any]]:
    """Each upload checked (413/415), hashed and kept; the evidence items that cite them."""
    if len(uploads) > FILES_MAX:
        raise InvalidInput.on("files", "too_many", MSG_CASE_EVIDENCE)
    items = []
    for upload in uploads:
        inspected = inspect_upload(upload)
        row = CaseFile(
            case=case,
            name=stored_name(upload.name or "upload", inspected.content_type, upload),
            content_type=inspected.content_type,
            size=inspected.size,
            sha256=inspected.sha256,
            uploaded_by=by,
        )
        row.file.save("upload", upload, save=False)
        row.save()
        kind = "photo" if inspected.content_type.startswith("image/") else "file"
        items.append(
            {
                "kind": kind,
                "kind_label": EVIDENCE_KINDS[kind],
                "description": row.name,
                "file_id": row.pk,
                "sha256": row.sha256,
            }
        )
    return items


@transaction.atomic
@audit_appended_last
def case_evidence(
    *,
    case_id: object,
    by: User,
    officers: object,
    evidence: object = None,
    uploads: Sequence[Upload] = (),
    client_ip: str | None = None,
) -> Case:
    """调查取证 by two or more officers of the agency (arts. 42, 55): photos, files,
    measurements and statements, each on the audit chain; may be recorded more than once
    until the prior notice."""
    case = _locked(case_id, by)
    _require_official(by, case)
    _status(case, CaseStatus.REGISTERED, CaseStatus.INVESTIGATED)
    people = _officers(case, officers)
    recorded_on = timezone.localdate().isoformat()
    listed = _evidence_items(evidence, [{}] if uploads else [])
    if len(case.evidence) + len([i for i in listed if i]) + len(uploads) > EVIDENCE_CASE_MAX:
        raise InvalidInput.on("evidence", "too_many", MSG_CASE_EVIDENCE)
    stored = _files_store(case, by, uploads)
    items = [
        {**item, "officers": [p.username for p in people], "recorded_on": recorded_on}
        for item in [*(i for i in listed if i), *stored]
    ]
    before = case.status
    case.evidence = [*case.evidence, *items]
    _move(case, case.investigate)
    case.save()
    case.officers.add(*people)
    investigating = _act(case, by, _role_of(by, case), client_ip, before)
    _record(investigating, AuditAction.CASE_EVIDENCE, case, evidence=items)
    return case


# -------------------------------------------------------------------------- prior notice


def _proposal(
    case: Case, article: object, fine: object, base_value: object, trees: object, measures: object
) -> dict[str, Any]:
    chosen = law.article_of(article, case.agency.jurisdiction_id)
    amount = _money(fine if fine not in (None, "") else 0, "fine")
    base = None if base_value in (None, "") else _money(base_value, "base_value")
    law.fine_check(chosen, amount, base)
    try:
        replant = int(str(trees or 0))
    except ValueError:
        raise InvalidInput.on("replant_trees", "invalid", MSG_CASE_OUTCOME) from None
    if replant < 0 or replant > 10_000_000:
        raise InvalidInput.on("replant_trees", "invalid", MSG_CASE_OUTCOME)
    return {
        "article": chosen.code,
        "citation": chosen.citation,
        "source": chosen.source,
        "fine": str(amount),
        "base_value": None if base is None else str(base),
        "replant_trees": replant,
        "measures": _text(measures, "measures", MSG_CASE_OUTCOME, required=False),
    }


@transaction.atomic
@audit_appended_last
def case_prior_notice(
    *,
    case_id: object,
    by: User,
    article: object,
    fine: object = None,
    base_value: object = None,
    replant_trees: object = 0,
    measures: object = "",
    complex_case: bool = False,
    client_ip: str | None = None,
) -> Case:
    """The 行政处罚事先告知书 (arts. 44, 45): the penalty proposed, the right to state and defend
    within the standard's working days and, for a large fine (art. 63), to a hearing. The
    period runs from the notice's service (``serving.case_serve``), not from its issue."""
    case = _locked(case_id, by)
    _require_official(by, case)
    _status(case, CaseStatus.INVESTIGATED)
    proposed = _proposal(case, article, fine, base_value, replant_trees, measures)
    standard = law.standard_of(case.agency.jurisdiction_id)
    amount = Decimal(proposed["fine"])
    case.hearing_right = law.hearing_applies(
        standard, amount, natural_person=is_natural_person(case)
    )
    case.legal_review_required = law.legal_review_required(
        hearing_right=case.hearing_right, complex_case=bool(complex_case)
    )
    text_parts = [f"罚款{amount:,.2f}元"] if amount else []
    if proposed["replant_trees"]:
        text_parts.append(f"责令限期补种树木{proposed['replant_trees']}株")
    if proposed["measures"]:
        text_parts.append(proposed["measures"])
    proposed["penalty_text"] = "；".join(text_parts) or "—"
    before = case.status
    case.proposed = proposed
    case.notified_at = timezone.now()
    case.statement_due = None
    _move(case, case.serve_notice)
    case.save()
    notifying = _act(case, by, _role_of(by, case), client_ip, before)
    notice = papers.prior_notice_issue(case, notifying, standard.statement_working_days)
    _record(
        notifying,
        AuditAction.CASE_NOTIFIED,
        case,
        proposed["penalty_text"],
        document_number=notice.number,
        hearing_right=case.hearing_right,
        legal_review_required=case.legal_review_required,
    )
    if case.legal_review_required:
        _tell(case, _legal_reviewers(case), "待法制审核", NotificationKind.TASK_NEW)
    return case


# ----------------------------------------------------------------------------- statement


@transaction.atomic
@audit_appended_last
def case_statement(
    *,
    case_id: object,
    by: User,
    waived: bool = False,
    statement: object = "",
    hearing_requested: bool = False,
    client_ip: str | None = None,
) -> Case:
    """An officer records the party's answer to the notice: waived, a written statement, or a
    hearing requested (only where the notice told that right)."""
    case = _locked(case_id, by)
    _require_official(by, case)
    _status(case, CaseStatus.NOTIFIED, CaseStatus.REVIEWED)
    text = statement.strip() if isinstance(statement, str) else ""
    answers = [bool(waived), bool(text), bool(hearing_requested)]
    if sum(answers) != 1 or case.statement_kind:
        raise InvalidInput.on("statement", "one_answer", MSG_CASE_STATEMENT_ONE)
    if hearing_requested and not case.hearing_right:
        raise StateConflict.on("no_hearing_right", MSG_CASE_NO_HEARING_RIGHT)
    if hearing_requested and case.statement_due and timezone.localdate() > case.statement_due:
        message = str(MSG_CASE_HEARING_REQUEST_LATE).format(day=case.statement_due.isoformat())
        raise StateConflict.on("hearing_request_late", message)
    kind = (StatementKind.WAIVED, StatementKind.STATEMENT, StatementKind.HEARING_REQUESTED)[
        answers.index(True)
    ]
    case.statement_kind = kind
    case.statement = _text(text, "statement", MSG_CASE_STATEMENT_ONE, required=False)
    case.statement_at = timezone.now()
    if kind == StatementKind.HEARING_REQUESTED:
        # 经过听证程序 (art. 58(2)): the decision is reviewed first.
        case.legal_review_required = True
    case.save()
    recording = _act(case, by, _role_of(by, case), client_ip, case.status)
    _record(recording, AuditAction.CASE_STATEMENT, case, case.statement, answer=kind)
    _tell(
        case,
        list(access.heads_of(case.agency_id)),
        f"当事人：{display_zh(case, 'statement_kind')}",
        NotificationKind.TASK_NEW,
    )
    return case


# -------------------------------------------------------------------------- legal review


@transaction.atomic
@audit_appended_last
def case_legal_review(
    *, case_id: object, by: User, passed: bool, opinion: object, client_ip: str | None = None
) -> Case:
    """法制审核 (art. 58) by the agency's legal reviewer, a role of its own; where a hearing was
    asked for, after it is held or waived (58(2): 经过听证程序的, the record reviewed)."""
    case = _locked(case_id, by)
    if not may_act(by, case, (Role.LEGAL_REVIEWER,)):
        raise NotAllowed(MSG_CASE_NOT_LEGAL_REVIEWER)
    _status(case, CaseStatus.NOTIFIED)
    if law.hearing_awaited(case):
        raise StateConflict.on("hearing_awaited", MSG_CASE_HEARING_REVIEW_AFTER)
    text = _text(opinion, "opinion", MSG_CASE_OPINION)
    before = case.status
    case.legal_review_opinion = text
    case.legal_review_passed = bool(passed)
    case.legal_reviewed_by, case.legal_reviewed_at = by, timezone.now()
    if passed:
        _move(case, case.review)
    case.save()
    reviewing = _act(case, by, Role.LEGAL_REVIEWER, client_ip, before)
    _record(reviewing, AuditAction.CASE_REVIEWED, case, text, passed=bool(passed))
    step = "法制审核通过" if passed else "法制审核未通过"
    _tell(case, list(access.heads_of(case.agency_id)), step, NotificationKind.TASK_NEW)
    return case


# ------------------------------------------------------------------------------ decision


def decision_wait(case: Case) -> StateConflict | None:
    """Why the decision must wait, or None: the statement period running without an answer
    (arts. 45, 62), a hearing asked for not yet held or waived (art. 65), a referral pending
    (移送规定 art. 11(1)), the legal review missing or failed where art. 58 requires it. The
    case page reads it to offer the decision only when ``case_decide`` would take it."""
    if not case.statement_kind and case.statement_due is None:
        # The period runs from the notice's receipt (art. 64(1)): not served, not begun.
        return StateConflict.on("notice_not_served", MSG_CASE_NOTICE_NOT_SERVED)
    if (
        not case.statement_kind
        and case.statement_due
        and timezone.localdate() <= case.statement_due
    ):
        message = str(MSG_CASE_STATEMENT_PERIOD).format(day=case.statement_due.isoformat())
        return StateConflict.on("statement_period", message)
    if law.hearing_awaited(case):
        return StateConflict.on("hearing_awaited", MSG_CASE_HEARING_AWAITED)
    if case.to_refer and case.referred_at is None:
        # 移送规定 art. 11(1): 不得以行政处罚代替移送; the head refers, or finds the thresholds
        # not met (``referrals.case_referral_decline``), first.
        return StateConflict.on("referral_pending", MSG_CASE_REFERRAL_PENDING)
    if case.legal_review_required and case.legal_review_passed is False:
        return StateConflict.on("legal_review_failed", MSG_CASE_LEGAL_REVIEW_FAILED)
    if case.legal_review_required and case.status != CaseStatus.REVIEWED:
        return StateConflict.on("legal_review_first", MSG_CASE_LEGAL_REVIEW_FIRST)
    return None


def _decision_ready(case: Case) -> None:
    wait = decision_wait(case)
    if wait is not None:
        raise wait


def _not_heavier(case: Case, fine: Decimal, trees: int) -> None:
    """Art. 45(2): never heavier than the penalty the party was told and answered."""
    told = case.proposed
    if fine > Decimal(told.get("fine") or 0) or trees > int(told.get("replant_trees") or 0):
        raise StateConflict.on("heavier_than_notice", MSG_CASE_PROPOSED_DIFFERENT)


@transaction.atomic
@audit_appended_last
def case_decide(
    *,
    case_id: object,
    by: User,
    outcome: object,
    reasons: object,
    article: object = None,
    fine: object = None,
    base_value: object = None,
    replant_trees: object = 0,
    measures: object = "",
    party_address: object = None,
    no_penalty_ground: object = "",
    client_ip: str | None = None,
) -> Case:
    """The head decides (art. 57): a penalty within the article's range (400 naming it), or
    none on the one ground found (``no_penalty_ground``, ``enforcement.grounds``); the decision
    numbered and published (双公示) within the standard's working days. It names the party's
    address (art. 59(1)): the one recorded, or ``party_address`` given now (400 on it when
    neither). The fine's day waits for the decision's service (art. 67(3))."""
    case = _locked(case_id, by)
    _require_head(by, case)
    _status(case, CaseStatus.NOTIFIED, CaseStatus.REVIEWED)
    decision = _decision_clean(case, outcome, reasons, party_address, no_penalty_ground)
    _decision_ready(case)
    if decision.outcome == CaseOutcome.PENALTY:
        chosen = _proposal(case, article, fine, base_value, replant_trees, measures)
        _penalty_set(case, chosen)
    before = case.status
    case.party_address = decision.address or case.party_address
    case.outcome, case.reasons = decision.outcome, decision.reasons
    case.no_penalty_ground = decision.ground
    case.decision_serve_by = add_working_days(
        timezone.localdate(),
        law.standard_of(case.agency.jurisdiction_id).decision_service_working_days,
    )
    case.decided_at, case.decided_by = timezone.now(), by
    _move(case, case.decide)
    case.save()
    deciding = _act(case, by, Role.HEAD, client_ip, before)
    document = papers.decision_issue(case, deciding)
    _record(
        deciding,
        AuditAction.CASE_DECIDED,
        case,
        decision.reasons,
        outcome=case.outcome,
        article=case.article.code if case.article else None,
        fine=str(case.fine) if case.fine is not None else None,
        replant_trees=case.replant_trees,
        no_penalty_ground=case.no_penalty_ground or None,
        document_number=document.number,
        party_address_given=bool(decision.address),
        **source_told(case),
    )
    _tell(case, _officials(case), f"已作出决定（{document.number}）", NotificationKind.DECIDED)
    return case


@dataclass(frozen=True)
class _Decision:
    """What the head sends, checked: the outcome, its reasons, the address given now (or
    empty: the one recorded stands) and, for no penalty, its ground."""

    outcome: str
    reasons: str
    address: str
    ground: str


def _decision_clean(
    case: Case, outcome: object, reasons: object, party_address: object, ground: object
) -> _Decision:
    if outcome not in CaseOutcome.values:
        raise InvalidInput.on("outcome", "invalid", MSG_CASE_OUTCOME)
    text = _text(reasons, "reasons", MSG_CASE_REASONS)
    address = party_address_clean(party_address, "party_address", required=not case.party_address)
    found = ""
    if outcome == CaseOutcome.NO_PENALTY:
        if ground not in NoPenaltyGround.values:
            listed = ", ".join(NoPenaltyGround.values)
            raise InvalidInput.on(
                "no_penalty_ground", "invalid", MSG_CASE_NO_PENALTY_GROUND.format(grounds=listed)
            )
        if grounds.basis_of(str(ground)).natural_person_only and not is_natural_person(case):
            raise InvalidInput.on("no_penalty_ground", "invalid", MSG_CASE_GROUND_NATURAL_ONLY)
        found = str(ground)
    return _Decision(str(outcome), text, address, found)


def _penalty_set(case: Case, chosen: dict[str, Any]) -> None:
    """The penalty chosen, on the case: the article, the fine and the trees, the replanting's
    day, the publication's (双公示). The fine's day is set on the decision's service."""
    standard = law.standard_of(case.agency.jurisdiction_id)
    today = timezone.localdate()
    amount, trees = Decimal(chosen["fine"]), chosen["replant_trees"]
    _not_heavier(case, amount, trees)
    case.article = law.article_of(chosen["article"], case.agency.jurisdiction_id)
    case.fine, case.replant_trees, case.measures = amount, trees, chosen["measures"]
    case.base_value = None if chosen["base_value"] is None else Decimal(chosen["base_value"])
    case.fine_due = None  # 自收到行政处罚决定书之日起 (art. 67(3)): set on its service
    case.replant_due = today + timedelta(days=standard.replanting_days) if trees else None
    case.publish_by = add_working_days(today, standard.publication_working_days)
    case.published_at = timezone.now()


# ----------------------------------------------------------------------- execution, close


@transaction.atomic
@audit_appended_last
def case_execute(
    *,
    case_id: object,
    by: User,
    fine_paid_on: object = None,
    replanted_on: object = None,
    replanted_trees: object = 0,
    note: object = "",
    surcharge_paid: object = None,
    surcharge_relief_reason: object = "",
    client_ip: str | None = None,
) -> Case:
    """执行: the fine paid (art. 67) with the 加处罚款 owed on that day (art. 72(1)) paid or
    relieved with its reason, and the trees replanted (补种, inspected on the ground by the
    officers who record it). Recorded as each happens; the case is executed when every
    obligation of the decision is met."""
    case = _locked(case_id, by)
    _require_official(by, case)
    _status(case, CaseStatus.DECIDED)
    if case.outcome != CaseOutcome.PENALTY:
        _status(case)
    decided = timezone.localdate(case.decided_at) if case.decided_at else None
    paid = _day(fine_paid_on, "fine_paid_on", decided)
    planted = _day(replanted_on, "replanted_on", decided)
    if paid is None and planted is None:
        raise InvalidInput.on("fine_paid_on", "required", MSG_CASE_EXECUTION_NOTHING)
    if paid is not None:
        case.fine_paid_on = paid
        _surcharge_settle(case, paid, surcharge_paid, surcharge_relief_reason)
    if planted is not None:
        try:
            case.replanted_trees = max(int(str(replanted_trees or 0)), 0)
        except ValueError:
            raise InvalidInput.on(
                "replanted_trees", "invalid", MSG_CASE_EXECUTION_NOTHING
            ) from None
        case.replanted_on = planted
    case.execution_note = _text(note, "note", MSG_CASE_EXECUTION_NOTHING, required=False)
    before = case.status
    fine_done = not case.fine or case.fine_paid_on is not None
    trees_done = not case.replant_trees or (
        case.replanted_on is not None and case.replanted_trees >= case.replant_trees
    )
    if fine_done and trees_done:
        _move(case, case.execute)
    case.save()
    executing = _act(case, by, _role_of(by, case), client_ip, before)
    _record(
        executing,
        AuditAction.CASE_EXECUTED,
        case,
        case.execution_note,
        fine_paid_on=case.fine_paid_on.isoformat() if case.fine_paid_on else None,
        replanted_on=case.replanted_on.isoformat() if case.replanted_on else None,
        replanted_trees=case.replanted_trees,
        surcharge_paid=str(case.surcharge_paid) if case.surcharge_paid is not None else None,
        surcharge_relieved=str(case.surcharge_relieved or 0),
    )
    return case


def _surcharge_settle(case: Case, paid_on: date, paid: object, reason: object) -> None:
    """The 加处罚款 owed when the fine was paid (art. 72(1)): paid in full unless an amount is
    given; less is relieved only with its reason (行政强制法 art. 42: an execution agreement,
    the party's remedial measures); more than owed is refused (400)."""
    standard = law.standard_of(case.agency.jurisdiction_id)
    owed = law.surcharge_owed(
        standard, case.fine, case.fine_due, paid_on, law.surcharge_pauses(case)
    )
    amount = owed if paid in (None, "") else _money(paid, "surcharge_paid")
    if amount > owed:
        message = str(MSG_CASE_SURCHARGE_PAID).format(owed=f"{owed:,.2f}")
        raise InvalidInput.on("surcharge_paid", "above_owed", message)
    text = _text(reason, "surcharge_relief_reason", MSG_CASE_SURCHARGE_RELIEF, required=False)
    if amount < owed and not text:
        raise InvalidInput.on("surcharge_relief_reason", "required", MSG_CASE_SURCHARGE_RELIEF)
    case.surcharge_paid, case.surcharge_relieved = amount, owed - amount
    case.surcharge_relief_reason = text if amount < owed else ""


def _day(value: object, field: str, decided: date | None = None) -> Any:
    """A day of the execution: not after today, nor before the decision (a payment dated year
    1 is a typing slip, refused on its field)."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value))
        except ValueError:
            raise InvalidInput.on(field, "invalid", MSG_CASE_EXECUTION_DAY) from None
    if day > timezone.localdate():
        raise InvalidInput.on(field, "future", MSG_CASE_EXECUTION_DAY)
    if decided is not None and day < decided:
        raise InvalidInput.on(field, "before_decision", MSG_CASE_EXECUTION_DAY)
    return day


def close_wait(case: Case) -> StateConflict | None:
    """Why a decided case may not be closed yet, or None: a penalty not executed, a
    replanting not accepted."""
    if case.outcome == CaseOutcome.PENALTY and case.status != CaseStatus.EXECUTED:
        return StateConflict.on("not_executed", MSG_CASE_NOT_EXECUTED)
    if case.replant_trees and case.replant_accepted_on is None:
        return StateConflict.on("replanting_not_accepted", MSG_CASE_REPLANT_NOT_ACCEPTED)
    return None


@transaction.atomic
@audit_appended_last
def case_close(
    *, case_id: object, by: User, note: object = "", client_ip: str | None = None
) -> Case:
    """结案 by the head: a penalty once executed, a decision not to penalise at once."""
    case = _locked(case_id, by)
    _require_head(by, case)
    _status(case, CaseStatus.DECIDED, CaseStatus.EXECUTED)
    wait = close_wait(case)
    if wait is not None:
        raise wait
    text = _text(note, "note", MSG_CASE_REASONS, required=False)
    before = case.status
    case.closed_at, case.closed_by = timezone.now(), by
    _move(case, case.close)
    case.save()
    closing = _act(case, by, Role.HEAD, client_ip, before)
    _record(closing, AuditAction.CASE_CLOSED, case, text, **source_told(case))
    return case


# ----------------------------------------------------------------- replanting inspection


def _inspection_clean(
    case: Case,
    checked_on: object,
    officers: object,
    trees_alive: object,
    passed: object,
    notes: object,
    position: object,
) -> dict[str, Any]:
    """The inspection's values, or 400 with every problem found."""
    problems: list[Problem] = []
    day = day_of(checked_on)
    decided = timezone.localdate(case.decided_at) if case.decided_at else None
    if day is None or day > timezone.localdate() or (decided is not None and day < decided):
        problems.append(Problem("checked_on", "invalid", str(MSG_CASE_REPLANT_CHECKED_ON)))
    people: list[User] = []
    try:
        people = _officers(case, officers)
    except InvalidInput as refused:
        problems += refused.problems
    alive = _count(trees_alive)
    if alive is None:
        problems.append(Problem("trees_alive", "invalid", str(MSG_CASE_TREES_ALIVE)))
    if not isinstance(passed, bool):
        problems.append(Problem("passed", "required", str(MSG_CASE_REPLANT_PASSED)))
    elif passed and alive is not None and alive < case.replant_trees:
        message = str(MSG_CASE_REPLANT_SHORT).format(alive=alive, trees=case.replant_trees)
        problems.append(Problem("trees_alive", "too_few", message))
    text = notes.strip() if isinstance(notes, str) else ""
    if passed is False and not text:
        problems.append(Problem("notes", "required", str(MSG_CASE_REPLANT_NOTES)))
    elif len(text) > TEXT_MAX:
        problems.append(Problem("notes", "max_length", str(MSG_CASE_TOO_LONG)))
    point = None
    try:
        point = point_from_geojson(position)
    except (GeometryRefused, ValueError, RecursionError):
        problems.append(Problem("position", "invalid", str(MSG_CASE_REPLANT_POSITION)))
    if problems:
        raise InvalidInput(problems=problems)
    assert day is not None and alive is not None
    return {
        "checked_on": day,
        "people": people,
        "trees_alive": alive,
        "passed": passed,
        "notes": text,
        "position": point,
    }


def _count(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        return None
    return number if 0 <= number <= 10_000_000 else None


def _replanting_open(case: Case) -> None:
    """409 unless the decision ordered replanting not yet accepted."""
    _status(case, CaseStatus.DECIDED, CaseStatus.EXECUTED)
    if case.outcome != CaseOutcome.PENALTY or not case.replant_trees:
        raise StateConflict.on("no_replanting", MSG_CASE_NO_REPLANTING)
    if case.replant_accepted_on is not None:
        raise StateConflict.on("replanting_accepted", MSG_CASE_REPLANT_ACCEPTED)


def _replanting_apply(case: Case, clean: dict[str, Any]) -> date | None:
    """The case after the check: passed, the obligation met (and, with the fine, the penalty
    executed); failed, a new day counted from the check by the standard. The new day or None."""
    day: date = clean["checked_on"]
    if clean["passed"]:
        case.replant_accepted_on = day
        if case.replanted_on is None:
            case.replanted_on, case.replanted_trees = day, clean["trees_alive"]
        if case.status == CaseStatus.DECIDED and (not case.fine or case.fine_paid_on):
            _move(case, case.execute)
        case.save()
        return None
    standard = law.standard_of(case.agency.jurisdiction_id)
    case.replant_due = day + timedelta(days=standard.replant_recheck_days)
    case.save()
    return case.replant_due


@transaction.atomic
@audit_appended_last
def case_replanting_inspect(
    *,
    case_id: object,
    by: User,
    checked_on: object,
    officers: object,
    trees_alive: object,
    passed: object,
    notes: object = "",
    position: object = None,
    uploads: Sequence[Upload] = (),
    client_ip: str | None = None,
) -> ReplantingInspection:
    """补种验收 on the ground by two or more officers of the case's agency (行政处罚法 art. 42;
    森林法 arts. 74, 76): the trees found alive, where, the photos (kept as the case's evidence
    files), passed or failed. A failed check keeps the obligation open with a new day; the case
    is not closed until a check passes. Its 补种验收记录 is numbered; the heads are told."""
    case = _locked(case_id, by)
    _require_official(by, case)
    _replanting_open(case)
    clean = _inspection_clean(case, checked_on, officers, trees_alive, passed, notes, position)
    stored = _files_store(case, by, uploads)
    photos = list(CaseFile.objects.filter(pk__in=[item["file_id"] for item in stored]))
    before, due_before = case.status, case.replant_due
    next_due = _replanting_apply(case, clean)
    inspecting = _act(case, by, _role_of(by, case), client_ip, before)
    people = clean.pop("people")
    record = papers.replanting_inspection_issue(
        case,
        inspecting,
        officers=[display_name(p) for p in people],
        photos=photos,
        next_due=next_due,
        **clean,
    )
    inspection = ReplantingInspection.objects.create(
        case=case,
        due_before=due_before,
        next_due=next_due,
        document=record,
        recorded_by=by,
        **clean,
    )
    inspection.officers.set(people)
    inspection.photos.set(photos)
    _inspection_record(inspecting, case, inspection, [p.username for p in people])
    return inspection


def _inspection_record(
    act: Act, case: Case, inspection: ReplantingInspection, officers: list[str]
) -> None:
    """The inspection's audit event and the heads told."""
    next_due = inspection.next_due
    _record(
        act,
        AuditAction.CASE_REPLANTING_INSPECTED,
        case,
        inspection.notes,
        inspection_id=inspection.pk,
        checked_on=inspection.checked_on.isoformat(),
        officers=officers,
        trees_alive=inspection.trees_alive,
        passed=inspection.passed,
        position=inspection.position,
        photos=[p.sha256 for p in inspection.photos.all()],
        next_due=next_due.isoformat() if next_due else None,
        document_number=inspection.document.number,
    )
    step = "补种验收合格" if inspection.passed else f"补种验收不合格，限{next_due}前重新补种"
    _tell(case, list(access.heads_of(case.agency_id)), step, NotificationKind.INSPECTION_RESULT)


# ------------------------------------------------------------------------- periods passed


@transaction.atomic
@audit_appended_last
def case_overdue_tell(*, case_id: int, today: date | None = None) -> int:
    """Tell the agency's heads, once for each period and its day, that a period of the case
    passed (not registered, not decided within art. 60's days, the fine unpaid, the replanting
    not accepted): the system's act (``permits_tick``; re-checked under the case's lock, so
    overlapping ticks tell once). How many periods were told."""
    today = today or timezone.localdate()
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("agency")
        .filter(pk=case_id)
        .first()
    )
    untold = overdue_untold(case, today) if case is not None else {}
    if case is None or not untold:
        return 0
    heads = list(access.heads_of(case.agency_id))
    telling = _act(case, None, SYSTEM_ROLE, None, case.status)
    for period, day in untold.items():
        case.overdue_told = {**case.overdue_told, period: day.isoformat()}
        surcharge = _surcharge_told(case, today) if period == "fine" else {}
        _record(
            telling,
            AuditAction.CASE_OVERDUE,
            case,
            period=period,
            due=day.isoformat(),
            **surcharge,
        )
        message = str(MSG_CASE_TOLD_OVERDUE).format(
            number=case.number, period=OVERDUE_PERIODS[period], day=day.isoformat()
        )
        if surcharge:
            message += str(MSG_CASE_TOLD_SURCHARGE).format(owed=surcharge["surcharge_owed"])
        notify(recipients=heads, kind=NotificationKind.OVERDUE, message=message)
    case.save(update_fields=["overdue_told"])
    return len(untold)


def _surcharge_told(case: Case, today: date) -> dict[str, str]:
    """The 加处罚款 owed today on the fine unpaid (art. 72(1)), as the heads are told it."""
    standard = law.standard_of(case.agency.jurisdiction_id)
    owed = law.surcharge_owed(standard, case.fine, case.fine_due, today, law.surcharge_pauses(case))
    return {"surcharge_owed": f"{owed:,.2f}"}


# ---------------------------------------------------------------- referral to the police


def _referral_fields(police_agency: object, reasons: object) -> tuple[str, str]:
    """The police authority named and the reasons given, both checked at once (400)."""
    problems = []
    police = police_agency.strip() if isinstance(police_agency, str) else ""
    text = reasons.strip() if isinstance(reasons, str) else ""
    if not police:
        problems.append(Problem("police_agency", "required", str(MSG_CASE_POLICE_AGENCY)))
    elif len(police) > 120:
        problems.append(Problem("police_agency", "max_length", str(MSG_CASE_TOO_LONG)))
    if not text:
        problems.append(Problem("reasons", "required", str(MSG_CASE_REFERRAL_REASONS)))
    elif len(text) > TEXT_MAX:
        problems.append(Problem("reasons", "max_length", str(MSG_CASE_TOO_LONG)))
    if problems:
        raise InvalidInput(problems=problems)
    return police, text


@transaction.atomic
@audit_appended_last
def case_refer(
    *,
    case_id: object,
    by: User,
    police_agency: object = "",
    reasons: object = "",
    quantities: object = None,
    client_ip: str | None = None,
) -> Case:
    """The head approves the referral of a suspected crime (移送规定 arts. 3, 5; 行政处罚法
    art. 27): the 移送书 and the investigation report with its evidence list (art. 6) issued,
    the case ``referred`` and carried within the standard's hours (24); once a case."""
    case = _locked(case_id, by)
    if not access.is_principal_head(by, case.agency_id):
        raise NotAllowed(MSG_CASE_NOT_HEAD_REFER)
    if case.referred_at is not None:
        raise StateConflict.on("referred_once", MSG_CASE_REFERRED_ONCE)
    _status(case, *REFERABLE)
    police, text = _referral_fields(police_agency, reasons)
    reckoning = law.reckon(case, quantities, timezone.localdate())
    met = law.thresholds_met(reckoning.thresholds, reckoning.total)
    combined = law.combinations(reckoning.thresholds, reckoning.total)
    standard = law.standard_of(case.agency.jurisdiction_id)
    before = case.status
    case.referred_from, case.police_agency, case.referral_reasons = before, police, text
    case.referral_quantities = {code: str(amount) for code, amount in reckoning.own.items()}
    case.referral_cumulation = reckoning.as_json()
    case.referred_at, case.referred_by = timezone.now(), by
    case.transfer_by = case.referred_at + timedelta(hours=standard.referral_hours)
    _move(case, case.refer)
    case.save()
    referring = _act(case, by, Role.HEAD, client_ip, before)
    report = papers.referral_report_issue(case, referring, met, combined, reckoning)
    letter = papers.referral_issue(case, referring, report)
    _record(
        referring,
        AuditAction.CASE_REFERRED,
        case,
        text,
        police_agency=police,
        quantities=case.referral_quantities,
        thresholds_met=[t.code for t in met],
        combined_met=[c.group for c in combined if c.met],
        cumulation=case.referral_cumulation,
        document_number=letter.number,
        report_number=report.number,
    )
    _tell(
        case, _officials(case), f"已批准移送{police}（{letter.number}）", NotificationKind.DECIDED
    )
    return case


def _answered_on(case: Case, value: object) -> Any:
    if value in (None, ""):
        raise InvalidInput.on("answered_on", "required", MSG_CASE_POLICE_DAY)
    try:
        day = _day(value, "answered_on")
    except InvalidInput:
        raise InvalidInput.on("answered_on", "invalid", MSG_CASE_POLICE_DAY) from None
    assert case.referred_at is not None
    if day < timezone.localtime(case.referred_at).date():
        raise InvalidInput.on("answered_on", "before_referral", MSG_CASE_POLICE_DAY)
    return day


@transaction.atomic
@audit_appended_last
def case_referral_answer(
    *,
    case_id: object,
    by: User,
    accepted: object,
    answered_on: object,
    note: object = "",
    client_ip: str | None = None,
) -> Case:
    """An official records the police's written answer (移送规定 art. 8): accepted (立案), the
    case stays with the police (art. 12: the materials handed over); not accepted, with the
    reasons stated, the case goes back to the step it was referred from and continues
    administratively (art. 10; art. 9's 复议 is asked outside the engine)."""
    case = _locked(case_id, by)
    _require_official(by, case)
    if case.status != CaseStatus.REFERRED or case.police_answer:
        raise StateConflict.on("not_referred", MSG_CASE_NOT_REFERRED)
    if not isinstance(accepted, bool):
        raise InvalidInput.on("accepted", "invalid", MSG_CASE_POLICE_ACCEPTED)
    day = _answered_on(case, answered_on)
    text = _text(note, "note", MSG_CASE_POLICE_NOTE, required=not accepted)
    before = case.status
    case.police_answer = PoliceAnswer.ACCEPTED if accepted else PoliceAnswer.NOT_ACCEPTED
    case.police_answered_on, case.police_note = day, text
    if not accepted:
        _move(case, case.take_back)
    case.save()
    answering = _act(case, by, _role_of(by, case), client_ip, before)
    _record(
        answering,
        AuditAction.CASE_REFERRAL_ANSWERED,
        case,
        text,
        answer=case.police_answer,
        answered_on=day.isoformat(),
    )
    step = "公安机关已立案" if accepted else "公安机关不予立案，案件继续办理"
    _tell(case, list(access.heads_of(case.agency_id)), step, NotificationKind.DECIDED)
    return case
