"""The service (送达) of a case's documents on the party (行政处罚法 art. 61: 依照《民事诉讼法》
的有关规定; 民事诉讼法 arts. 87-95), recorded as its 送达回证 records it: the day the party
received the document, how, to whom, where. The periods the law counts from receipt run from
this day: the prior notice's statement and hearing period (art. 64(1): 告知后五日内, art. 85:
working days), the fine's fifteen days (art. 67(3): 自收到行政处罚决定书之日起十五日内) and the
days the court may be applied to after the 催告书 (行政强制法 art. 54: 催告书送达十日后当事人仍
未履行义务的，行政机关可以向所在地有管辖权的人民法院申请强制执行). Until the decision is served
its fine has no day and no 加处罚款 runs (待送达); until the 催告书 is, the court is not applied
to. A public notice records its ground and its course (民事诉讼法 art. 95). One act through the
case's act kernel: its lock, its check, its numbered receipt, its audit event, who is told."""

from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from audit.choices import AuditAction
from audit.trail import audit_appended_last
from core.errors import InvalidInput, Problem, StateConflict
from core.messages import (
    MSG_CASE_SERVED_ALREADY,
    MSG_CASE_SERVICE_CONSENT,
    MSG_CASE_SERVICE_DAY,
    MSG_CASE_SERVICE_DOCUMENT,
    MSG_CASE_SERVICE_GROUND,
    MSG_CASE_SERVICE_GROUND_OTHER,
    MSG_CASE_SERVICE_METHOD,
    MSG_CASE_SERVICE_NOTE,
    MSG_CASE_SERVICE_NOTICE_LATE,
    MSG_CASE_SERVICE_PLACE,
    MSG_CASE_SERVICE_RECIPIENT,
    MSG_CASE_SERVICE_REFERENCE,
    MSG_CASE_SERVICE_WITNESS,
    MSG_CASE_TOO_LONG,
)
from permits.acts import Act
from permits.choices import NotificationKind
from workflows.deadlines import add_working_days
from workflows.services import day_of

from . import law, papers
from .collection import court_period
from .models import (
    Case,
    CaseDocument,
    CaseDocumentKind,
    CaseService,
    CaseStatus,
    CourtEnforcement,
    PublicNoticeGround,
    ServiceMethod,
)
from .selectors import DECISION_KINDS
from .services import (
    TEXT_MAX,
    _act,
    _locked,
    _officials,
    _record,
    _require_official,
    _role_of,
    _tell,
)

# The documents addressed to the party, which are served on it (the others are the case's own
# records: the registration form, a hearing's record, the referral's papers, the receipts).
SERVED_KINDS = (
    CaseDocumentKind.PENALTY_PRIOR_NOTICE,
    CaseDocumentKind.PENALTY_DECISION,
    CaseDocumentKind.NO_PENALTY_DECISION,
    CaseDocumentKind.HEARING_NOTICE,
    CaseDocumentKind.HEARING_POSTPONEMENT,
    CaseDocumentKind.HEARING_RECUSAL,
    CaseDocumentKind.PERFORMANCE_DEMAND,
    CaseDocumentKind.SUBSTITUTE_DECISION,
    CaseDocumentKind.COURT_DEMAND,
)
# Where the prior notice may still be served: its period matters only before the decision.
NOTICE_SERVABLE = (CaseStatus.NOTIFIED, CaseStatus.REVIEWED)


@dataclass(frozen=True)
class ServiceFacts:
    """What the 送达回证 records, checked."""

    method: str
    served_on: date
    recipient: str
    place: str
    witness: str
    reference: str
    consent_signed: bool
    note: str
    ground: str


def servable_documents(case: Case) -> list[CaseDocument]:
    """The case's documents addressed to the party whose service is not recorded yet."""
    found = case.documents.filter(kind__in=SERVED_KINDS, service__isnull=True)
    if case.status not in NOTICE_SERVABLE:
        found = found.exclude(kind=CaseDocumentKind.PENALTY_PRIOR_NOTICE)
    return list(found.order_by("issued_at", "pk"))


def _document(case: Case, document: object) -> CaseDocument:
    text = str(document).strip() if isinstance(document, int | str) else ""
    row = None
    if text.isdigit() and len(text) < 12:
        row = CaseDocument.objects.filter(case=case, pk=int(text), kind__in=SERVED_KINDS).first()
    if row is None:
        raise InvalidInput.on("document", "invalid", MSG_CASE_SERVICE_DOCUMENT)
    if CaseService.objects.filter(document=row).exists():
        raise StateConflict.on("served_already", MSG_CASE_SERVED_ALREADY)
    if row.kind == CaseDocumentKind.PENALTY_PRIOR_NOTICE and case.status not in NOTICE_SERVABLE:
        raise StateConflict.on("wrong_status", MSG_CASE_SERVICE_NOTICE_LATE)
    return row


def _line(value: object, field: str, limit: int, message: object, problems: list[Problem]) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if value not in (None, "") and not isinstance(value, str) or len(text) > limit or "\n" in text:
        problems.append(Problem(field, "invalid", str(message)))
    return text


def _facts_clean(
    document: CaseDocument,
    *,
    method: object,
    served_on: object,
    recipient: object,
    place: object,
    witness: object,
    reference: object,
    consent_signed: object,
    note: object,
    ground: object,
) -> ServiceFacts:
    """The receipt's facts, or 400 with every problem found: what each way of service needs
    (民事诉讼法 arts. 87-91, 95; 行政处罚法 art. 61(2)); a public notice its ground and, in the
    note, its course (art. 95(2): 应当在案卷中记明原因和经过)."""
    problems: list[Problem] = []
    if method not in ServiceMethod.values:
        problems.append(Problem("method", "invalid", str(MSG_CASE_SERVICE_METHOD)))
    day = day_of(served_on)
    issued = timezone.localdate(document.issued_at)
    if day is None or day > timezone.localdate() or day < issued:
        problems.append(Problem("served_on", "invalid", str(MSG_CASE_SERVICE_DAY)))
    who = _line(recipient, "recipient", 120, MSG_CASE_SERVICE_RECIPIENT, problems)
    where = _line(place, "place", 200, MSG_CASE_SERVICE_PLACE, problems)
    seen_by = _line(witness, "witness", 120, MSG_CASE_SERVICE_WITNESS, problems)
    ref = _line(reference, "reference", 120, MSG_CASE_SERVICE_REFERENCE, problems)
    text = note.strip() if isinstance(note, str) else ""
    if len(text) > TEXT_MAX:
        problems.append(Problem("note", "max_length", str(MSG_CASE_TOO_LONG)))
    needs = {
        "recipient": method != ServiceMethod.PUBLIC_NOTICE and not who,
        "place": method in (ServiceMethod.LEFT, ServiceMethod.POST) and not where,
        "witness": method == ServiceMethod.LEFT and not seen_by and not text,
        "reference": method in (ServiceMethod.POST, ServiceMethod.ELECTRONIC) and not ref,
        "consent_signed": method == ServiceMethod.ELECTRONIC and consent_signed is not True,
        "note": method == ServiceMethod.PUBLIC_NOTICE and not text,
    }
    messages = {
        "recipient": MSG_CASE_SERVICE_RECIPIENT,
        "place": MSG_CASE_SERVICE_PLACE,
        "witness": MSG_CASE_SERVICE_WITNESS,
        "reference": MSG_CASE_SERVICE_REFERENCE,
        "consent_signed": MSG_CASE_SERVICE_CONSENT,
        "note": MSG_CASE_SERVICE_NOTE,
    }
    why = _ground(method, ground, problems)
    known = {p.field for p in problems}
    problems += [
        Problem(field, "required", str(messages[field]))
        for field, missing in needs.items()
        if missing and field not in known and method in ServiceMethod.values
    ]
    if problems:
        raise InvalidInput(problems=problems)
    assert day is not None
    signed = consent_signed is True
    return ServiceFacts(str(method), day, who, where, seen_by, ref, signed, text, why)


def _ground(method: object, ground: object, problems: list[Problem]) -> str:
    """A public notice's ground, one of the two art. 95(1) allows (400 ``required`` or
    ``invalid``); another way of service given one is refused (400 ``invalid``), not silently
    dropped: the official meant one of the two, and the way chosen may be the mistake."""
    given = ground if isinstance(ground, str) else ""
    if ground not in (None, "") and given not in PublicNoticeGround.values:
        problems.append(Problem("ground", "invalid", str(MSG_CASE_SERVICE_GROUND)))
    elif method == ServiceMethod.PUBLIC_NOTICE and not given:
        problems.append(Problem("ground", "required", str(MSG_CASE_SERVICE_GROUND)))
    elif method in ServiceMethod.values and method != ServiceMethod.PUBLIC_NOTICE and given:
        problems.append(Problem("ground", "invalid", str(MSG_CASE_SERVICE_GROUND_OTHER)))
    return given


def _deemed(case: Case, facts: ServiceFacts) -> tuple[date | None, ServiceFacts]:
    """A public notice's day given is the day it was published; it is served only thirty days
    later (民事诉讼法 art. 95: 自发出公告之日起，经过三十日，即视为送达), and the periods the
    document opens run from then. Returns the publication day (None for the other ways)."""
    if facts.method != ServiceMethod.PUBLIC_NOTICE:
        return None, facts
    days = law.standard_of(case.agency.jurisdiction_id).public_notice_days
    return facts.served_on, replace(facts, served_on=facts.served_on + timedelta(days=days))


def _court_period_apply(case: Case, document: CaseDocument, day: date) -> dict[str, str]:
    """The 催告书 served: the days the court may be applied to counted again from ``day``
    (行政强制法 art. 54: 催告书送达十日后); an application made already keeps its days."""
    court = CourtEnforcement.objects.select_for_update().filter(case=case, demand=document).first()
    if court is None or court.applied_on is not None:
        return {}
    court.apply_from, court.apply_by = court_period(case, day)
    court.save(update_fields=["apply_from", "apply_by"])
    return {"apply_from": court.apply_from.isoformat(), "apply_by": court.apply_by.isoformat()}


def _periods_apply(case: Case, document: CaseDocument, day: date) -> dict[str, str]:
    """The periods the document opens, counted from its receipt; what was set, for the audit."""
    if document.kind == CaseDocumentKind.COURT_DEMAND:
        return _court_period_apply(case, document, day)
    standard = law.standard_of(case.agency.jurisdiction_id)
    if document.kind == CaseDocumentKind.PENALTY_PRIOR_NOTICE:
        case.statement_due = add_working_days(day, standard.statement_working_days)
        case.save(update_fields=["statement_due"])
        return {"statement_due": case.statement_due.isoformat()}
    if document.kind not in DECISION_KINDS:
        return {}
    case.decision_served_on = day  # art. 61's seven days met
    if document.kind != CaseDocumentKind.PENALTY_DECISION or not case.fine:
        case.save(update_fields=["decision_served_on"])
        return {}
    case.fine_due = day + timedelta(days=standard.fine_payment_days)
    case.save(update_fields=["decision_served_on", "fine_due"])
    return {"fine_due": case.fine_due.isoformat()}


@transaction.atomic
@audit_appended_last
def case_serve(
    *,
    case_id: object,
    by: User,
    document: object,
    method: object,
    served_on: object,
    recipient: object = "",
    place: object = "",
    witness: object = "",
    reference: object = "",
    consent_signed: object = False,
    note: object = "",
    ground: object = "",
    client_ip: str | None = None,
) -> CaseService:
    """An official of the case's agency records that one of its documents reached the party
    (送达回证, 民事诉讼法 art. 87: 受送达人在送达回证上的签收日期为送达日期), once a document;
    the periods it opens are counted from that day (a public notice's: thirty days after the
    day it was published, art. 95, its ``ground`` required). Its 送达回证 is numbered."""
    case = _locked(case_id, by)
    _require_official(by, case)
    row = _document(case, document)
    facts = _facts_clean(
        row,
        method=method,
        served_on=served_on,
        recipient=recipient,
        place=place,
        witness=witness,
        reference=reference,
        consent_signed=consent_signed,
        note=note,
        ground=ground,
    )
    published_on, facts = _deemed(case, facts)
    periods = _periods_apply(case, row, facts.served_on)
    serving = _act(case, by, _role_of(by, case), client_ip, case.status)
    service = CaseService(case=case, document=row, recorded_by=by, **facts.__dict__)
    service.receipt = papers.service_receipt_issue(case, serving, service, published_on)
    service.save()
    _served_record(serving, service, published_on, periods)
    _tell(
        case,
        _officials(case),
        _served_step(row, facts.served_on, published_on, periods),
        NotificationKind.DECIDED,
    )
    return service


def _served_record(
    act: Act, service: CaseService, published_on: date | None, periods: dict[str, str]
) -> None:
    """The audit event of a service: the receipt's facts and the periods set; a public notice's
    day of publication and ground beside its course, the note (art. 95(2): 原因和经过)."""
    notice = {}
    if published_on is not None:
        notice = {"published_on": published_on.isoformat(), "ground": service.ground}
    _record(
        act,
        AuditAction.CASE_SERVED,
        service.case,
        service.note,
        document_number=service.document.number,
        document_kind=service.document.kind,
        method=service.method,
        served_on=service.served_on.isoformat(),
        receipt_number=service.receipt.number,
        **notice,
        **periods,
    )


def _served_step(
    row: CaseDocument, served_on: date, published_on: date | None, periods: dict[str, str]
) -> str:
    """The officials' notice of a service: the day served (or published and deemed served) and
    the periods it opened."""
    step = f"{row.number}已于{served_on.isoformat()}送达"
    if published_on:
        step = f"{row.number}已于{published_on.isoformat()}公告，{served_on.isoformat()}视为送达"
    if "fine_due" in periods:
        step += f"，罚款缴纳期限至{periods['fine_due']}"
    if "statement_due" in periods:
        step += f"，陈述申辩期限至{periods['statement_due']}"
    if "apply_from" in periods and periods["apply_from"] <= periods["apply_by"]:
        step += f"，{periods['apply_from']}至{periods['apply_by']}可申请人民法院强制执行"
    elif "apply_from" in periods:
        step += f"，申请人民法院强制执行的期限已于{periods['apply_by']}届满"
    return step
