"""The decider of a filing's review task (``filing_review_decide``, named by
``PERMITS_STEP_DECIDERS``; ``workflows.services.task_decide`` hands it the task under the locks
it took): what the task's agency may decide, the decision cleaned, and its event. The issuing
district agency accepts, returns (items; the obligation is owed again) or finds the filing not
compliant; a consulted agency accepts or finds it not compliant, its word recorded beside the
district agency's."""

from typing import Any

from viewflow.workflow.models import Task

from audit.choices import AuditAction
from audit.trail import display_name
from core.errors import InvalidInput
from core.messages import MSG_ITEMS_ONLY_WITH_RETURN, MSG_NO_GROUNDS_SUPERVISION
from permits.choices import (
    DECISIONS_NEEDING_OPINION,
    OBLIGATION_REVIEW_DECISIONS,
    Decision,
)
from permits.filings import FIELDS
from permits.models import Application, Filing, Obligation
from workflows.services import (
    MSG_DECISION_INVALID,
    MSG_OPINION_REQUIRED,
    MSG_TOO_LONG,
    TEXT_MAX,
    Asked,
    Decided,
    TaskAct,
    return_items_validate,
)

from ..rectifications import rectification_order
from .outcomes import _found_non_compliant, _issuing_decided, _tell_holder

# A filing's fields a return may name besides its data.
FILING_EXTRA_FIELDS = ("note", "photos")
# A consulted agency's word on an escape incident (the filing is the district agency's).
CONSULTED_DECISIONS = (Decision.ACCEPT, Decision.NON_COMPLIANT)


def decisions_offered(task: Task, application: Application) -> tuple[Decision, ...]:
    """What the agency of ``task`` may decide on the filing: the issuing district agency
    accepts, returns or finds it not compliant; a consulted agency gives its word only."""
    if str(task.owner_permission_obj_pk) == str(application.district_agency_id):
        return OBLIGATION_REVIEW_DECISIONS
    return CONSULTED_DECISIONS


def _decision_clean(
    decision: str, opinion: str, offered: tuple[Decision, ...]
) -> tuple[Decision, str]:
    if decision not in offered:
        raise InvalidInput.on("decision", "invalid_choice", MSG_DECISION_INVALID)
    chosen = Decision(decision)
    text = opinion.strip() if isinstance(opinion, str) else ""
    if chosen in DECISIONS_NEEDING_OPINION and not text:
        raise InvalidInput.on("opinion", "required", MSG_OPINION_REQUIRED)
    if len(text) > TEXT_MAX:
        raise InvalidInput.on("opinion", "max_length", MSG_TOO_LONG)
    return chosen, text


def _filing_locked(act: TaskAct) -> tuple[Filing, Obligation]:
    filing = (
        Filing.objects.select_for_update(of=("self",))
        .select_related("obligation")
        .get(pk=act.task.process.permitprocess.filing_id)
    )
    return filing, Obligation.objects.select_for_update().get(pk=filing.obligation_id)


def _items_clean(
    chosen: Decision, items: list[dict[str, Any]] | None, obligation: Obligation, kind: str
) -> list[dict[str, str]]:
    if chosen == Decision.RETURN:
        fields = [*FIELDS[obligation.kind], *FILING_EXTRA_FIELDS]
        return return_items_validate(items, kind=kind, fields=fields)
    if items not in (None, []):
        raise InvalidInput.on("items", "not_allowed", MSG_ITEMS_ONLY_WITH_RETURN)
    return []


def filing_review_decide(act: TaskAct, asked: Asked) -> Decided:
    """The decider of a filing's review task (``workflows.services.task_decide`` hands it the
    task it locked and checked open to the decider); nothing changes when it refuses."""
    task, application, by = act.task, act.application, act.by
    offered = decisions_offered(task, application)
    issuing = offered == OBLIGATION_REVIEW_DECISIONS
    chosen, text = _decision_clean(asked.decision, asked.opinion, offered)
    if asked.grounds:
        raise InvalidInput.on("grounds", "not_allowed", MSG_NO_GROUNDS_SUPERVISION)
    filing, obligation = _filing_locked(act)
    return_items = _items_clean(chosen, asked.items, obligation, application.kind)
    details: dict[str, Any] = {}
    due_before = obligation.due_date
    if issuing:
        details.update(_issuing_decided(act, filing, obligation, chosen, text, return_items))
    if chosen == Decision.NON_COMPLIANT:
        _found_non_compliant(application, obligation)
        if issuing:  # the district agency orders the correction (A6)
            rectification = rectification_order(
                application=application,
                agency=act.agency,
                by=by,
                findings=text,
                status_before=act.from_status,
                filing=filing,
                obligation=obligation,
            )
            details["rectification_id"] = rectification.pk
    details.update(
        decision=chosen.value,
        filing_id=filing.pk,
        obligation_id=obligation.pk,
        kind=obligation.kind,
        sequence=obligation.sequence,
        issuing_agency=issuing,
        obligation_status=obligation.status,
        due_date={"before": due_before.isoformat(), "after": obligation.due_date.isoformat()},
        items=return_items,
        decided_by_name=display_name(by),
    )

    def then() -> None:
        act.record(AuditAction.FILING_REVIEWED, opinion=text, details=details)
        if issuing:
            _tell_holder(application, obligation, chosen, text, len(return_items))

    return Decided(chosen, text, then)
