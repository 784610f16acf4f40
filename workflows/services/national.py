"""Authority by area (product.md §16 L6; 森林法实施条例 art. 16(2)): at the final step a permanent
occupation at or above its land's threshold is forwarded (``forward``: the first-instance opinion
and the 转报函 to the national forestry authority, status ``forwarded``), never approved or
refused here; below it, it is decided here and never forwarded. The national decision is
recorded later by the forwarding agency (number, day, outcome, its document), audited; an
approval then waits for the restoration fee (``fees``)."""

from collections.abc import Iterable
from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from viewflow.workflow.models import Task

from audit.choices import AuditAction
from audit.trail import audit_appended_last
from core.errors import InvalidInput, Problem, StateConflict
from core.messages import (
    MSG_BEYOND_AUTHORITY,
    MSG_DECIDED_BEFORE,
    MSG_DECIDED_ON,
    MSG_DOCUMENT,
    MSG_FORWARD_NOT_FINAL,
    MSG_NOT_FORWARDED,
    MSG_NOT_YOURS_NATIONAL,
    MSG_NUMBER_WORKFLOWS,
    MSG_OUTCOME,
    MSG_TOLD_FORWARDED,
    MSG_TOLD_NATIONAL_APPROVED,
    MSG_TOLD_NATIONAL_REFUSED,
    MSG_WITHIN_AUTHORITY,
)
from documents.models import DocumentKind
from documents.notices import notice_issue
from permits.acts import Act
from permits.choices import AttachmentKind, Decision, NotificationKind, Status
from permits.facts import rule_facts
from permits.models import Application
from permits.rules import authority
from permits.services import attachments_cited, attachments_store, fsm_apply
from permits.uploads import Upload

from ..engine.reads import task_agency, task_route
from ..models import Forwarding, NationalOutcome, ReviewDecision
from ._common import day_of
from ._recording import deciding_agency_locked
from .applicants import tell_applicants
from .fees import fee_demand
from .steps import task_step

NATIONAL_AUTHORITY = "国家林业和草原局"

NUMBER_MAX = 60


def authority_of(application: Application, task: Task) -> authority.Authority | None:
    """Whether art. 16(2) applies to the application at the task's final step, and how."""
    route = task_route(task)
    if task_step(task) != route.final_step():
        return None
    return authority.authority_by_area(rule_facts(application), route.national_thresholds())


def _authority_problem(code: str, template: object, found: authority.Authority) -> Problem:
    message = str(template).format(
        area=found.area_ha, group=found.group_name, threshold=found.threshold_ha
    )
    return Problem("decision", code, message, None, authority.SOURCE_REGULATION_16_2)


def authority_check(application: Application, task: Task, decision: Decision) -> None:
    """400 for a forward below the threshold or at another step, and for an approval or a
    refusal at or above it (naming art. 16(2))."""
    if decision not in (Decision.FORWARD, Decision.APPROVE, Decision.REJECT):
        return
    found = authority_of(application, task)
    if decision == Decision.FORWARD:
        if found is None:
            raise InvalidInput(
                problems=[Problem("decision", "not_forwardable", str(MSG_FORWARD_NOT_FINAL))]
            )
        if not found.national:
            raise InvalidInput(
                problems=[_authority_problem("within_authority", MSG_WITHIN_AUTHORITY, found)]
            )
    elif found is not None and found.national:
        raise InvalidInput(
            problems=[_authority_problem("beyond_authority", MSG_BEYOND_AUTHORITY, found)]
        )


def forwarding_open(application: Application, task: Task, record: ReviewDecision) -> Forwarding:
    """The forward's record and its 转报函 (with the first-instance opinion), inside the deciding
    transaction; the applicants are told."""
    agency = task_agency(task)
    found = authority_of(application, task)
    forwarding = Forwarding.objects.create(
        application_id=application.pk,
        task=task,
        agency=agency,
        forwarded_on=timezone.localdate(record.decided_at),
        opinion=record.opinion,
    )
    forwarding.letter = notice_issue(
        application=application,
        kind=DocumentKind.FORWARDING_LETTER,
        agency=agency,
        signed_by_name=record.decided_by_name,
        reason=record.opinion,
        addressee=NATIONAL_AUTHORITY,
        extra={
            "area_ha": found.area_ha if found else None,
            "group": found.group_name if found else "",
            "category": found.category_name if found else "",
            "threshold_ha": found.threshold_ha if found else None,
        },
    )
    forwarding.save(update_fields=["letter"])
    tell_applicants(
        application, NotificationKind.FORWARDED, MSG_TOLD_FORWARDED, number=forwarding.letter.number
    )
    return forwarding


def _text(value: object, field: str, message: object, limit: int) -> tuple[str, list[Problem]]:
    text = value.strip() if isinstance(value, str) else ""
    if not text or len(text) > limit or "\x00" in text:
        return "", [Problem(field, "invalid", str(message))]
    return text, []


def _decided_on(
    value: object, forwarding: Forwarding, today: date
) -> tuple[date | None, list[Problem]]:
    day = day_of(value)
    if day is None or day > today:
        return None, [Problem("decided_on", "invalid", str(MSG_DECIDED_ON))]
    if day < forwarding.forwarded_on:
        message = str(MSG_DECIDED_BEFORE).format(day=forwarding.forwarded_on.isoformat())
        return None, [Problem("decided_on", "before_forwarding", message)]
    return day, []


def _forwarding_awaited(detail: Application) -> Forwarding:
    """The forwarding locked; 409 unless the application awaits the national decision."""
    forwarding = Forwarding.objects.select_for_update().filter(application_id=detail.pk).first()
    if detail.status != Status.FORWARDED or forwarding is None or forwarding.outcome:
        raise StateConflict.on("not_forwarded", MSG_NOT_FORWARDED)
    return forwarding


def _national_cleaned(
    forwarding: Forwarding,
    number: object,
    decided_on: object,
    outcome: object,
    uploads: list[Upload],
    today: date,
) -> tuple[str, date, NationalOutcome]:
    """The number, the day and the outcome, with the document; every problem at once (400)."""
    text, problems = _text(number, "number", MSG_NUMBER_WORKFLOWS, NUMBER_MAX)
    day, found_day = _decided_on(decided_on, forwarding, today)
    found_outcome = (
        []
        if outcome in NationalOutcome.values
        else [Problem("outcome", "invalid_choice", str(MSG_OUTCOME))]
    )
    found_file = [] if uploads else [Problem("files", "required", str(MSG_DOCUMENT))]
    if problems := [*problems, *found_day, *found_outcome, *found_file]:
        raise InvalidInput(problems=problems)
    assert day is not None
    return text, day, NationalOutcome(str(outcome))


@transaction.atomic
@audit_appended_last
def national_decision_record(
    *,
    application_id: int,
    by: User,
    number: object,
    decided_on: object,
    outcome: object,
    uploads: Iterable[Upload] = (),
    client_ip: str | None = None,
    today: date | None = None,
) -> Application:
    """The forwarding agency records the national authority's decision with its document: an
    approval waits for the restoration fee (a 缴费通知书 is issued), a refusal ends the
    application as refused (the national document is the refusal; none is printed here)."""
    today = today or timezone.localdate()
    uploads = list(uploads)
    detail = deciding_agency_locked(application_id, by, MSG_NOT_YOURS_NATIONAL)
    forwarding = _forwarding_awaited(detail)
    text, day, decided = _national_cleaned(forwarding, number, decided_on, outcome, uploads, today)
    act = Act.on(
        detail, by, agency=forwarding.agency, role=detail.deciding_role, client_ip=client_ip
    )
    stored = attachments_store(
        application=detail, by=by, kind=AttachmentKind.NATIONAL_DECISION, uploads=uploads
    )
    forwarding.national_number, forwarding.decided_on, forwarding.outcome = text, day, decided
    forwarding.recorded_by, forwarding.recorded_at = by, timezone.now()
    forwarding.save()
    forwarding.attachments.set(stored)
    approved = forwarding.outcome == NationalOutcome.APPROVED
    fsm_apply(
        detail,
        detail.national_decide,
        to=Status.AWAITING_FEE if approved else Status.REJECTED,
    )
    act.record(
        AuditAction.NATIONAL_DECISION,
        details={
            "forwarding_id": forwarding.pk,
            "number": text,
            "decided_on": day.isoformat(),
            "outcome": forwarding.outcome,
            "attachments": attachments_cited(stored),
        },
    )
    template = MSG_TOLD_NATIONAL_APPROVED if approved else MSG_TOLD_NATIONAL_REFUSED
    tell_applicants(detail, NotificationKind.DECIDED, template, number=text)
    if approved:
        # Last: the fee notice prints the chain head (audit_appended_last).
        fee_demand(
            application=detail,
            agency=forwarding.agency,
            signed_by_name=act.signed_by_name,
            today=today,
        )
    return detail
