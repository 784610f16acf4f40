"""The decision on a review task (``task_decide``), and the acceptance deemed by law once its
time limit has passed (``acceptance_deem``): the decision checked against the step, the
application's legal status moved along the route frozen for its pass (a countersign at
consultation), a grant checked to be still lawful, the ``ReviewDecision`` recorded. What every
decision does once its task is complete is in ``outcomes``."""

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Task

from audit.choices import AuditAction
from audit.trail import audit_appended_last, display_name
from core.errors import InvalidInput, Problem, RulesViolated
from permits import rules
from permits.choices import (
    DECISIONS_NEEDING_OPINION,
    GRANTED_STATUSES,
    Decision,
    Kind,
    Status,
    Step,
    step_decisions,
)
from permits.facts import application_snapshot, rule_facts
from permits.models import Application
from permits.readmemo import (
    AGENCY_PERMS,
    ATTACHMENTS,
    CLOCKS,
    OVERLAPS,
    PLANS,
    SCREENING,
    reading_once,
)
from permits.screening import overlaps_now, screening_refresh
from permits.services import application_locked, fsm_apply
from roles.models import AgencyKind, Jurisdiction

from .. import engine, selectors
from ..engine.reads import route_agencies_share, task_agency, task_route
from ..models import Countersign, ResolvedRoute, ReturnItem, ReviewDecision
from ._common import _audit, _locked_task, _require_open
from .fees import fee_required
from .grounds import _validate_grounds
from .national import authority_check
from .outcomes import _after_decision
from .parties import interested_parties_required
from .procedures import refuse_while_running
from .returns import (
    MSG_ITEMS_ONLY_WITH_RETURN,
    _acceptance_return_refused,
    _return_items_refused,
    _review_return_refused,
    _validate_return_items,
)
from .sitechecks import site_check_required
from .steps import task_step

# A decision's transaction reads the attachments and the site's screening for the rules, the
# snapshot and the documents, and the decider's permission on the task's agency: once
# (``screening_refresh`` forgets what it replaces; memberships are never changed by a
# decision). Permissions on the application are asked afresh: the transaction grants them.
DECISION_READS = (ATTACHMENTS, SCREENING, OVERLAPS, AGENCY_PERMS, CLOCKS, PLANS)

# The steps an app above this one decides (``supervision``: a filing's review, product.md §17),
# registered by its ``AppConfig.ready``. Called under the locks ``task_decide`` took, after it
# checked that the task is open to the decider, with the arguments ``task_decide`` received.
StepDecider = Callable[..., None]
STEP_DECIDERS: dict[Step, StepDecider] = {}

MSG_DECISION_INVALID = _("This decision is not possible at this step.")
MSG_OPINION_REQUIRED = _("An opinion is required for this decision.")
MSG_REASON_AGAINST_DISAGREEMENT = _(
    "A consulted agency disagreed: approving requires a written reason."
)
MSG_DEEMED_ACCEPTED = _(
    "Not decided within the time limit for acceptance: accepted by law "
    "(Administrative Licensing Law art. 32)."
)


def _validate_decision(step: Step, decision: str, opinion: str) -> tuple[Decision, str]:
    if decision not in step_decisions(step):
        raise InvalidInput(
            problems=[Problem("decision", "invalid_choice", str(MSG_DECISION_INVALID))]
        )
    decision, opinion = Decision(decision), (opinion or "").strip()
    if decision in DECISIONS_NEEDING_OPINION and not opinion:
        raise InvalidInput(problems=[Problem("opinion", "required", str(MSG_OPINION_REQUIRED))])
    return decision, opinion


def _countersigns(task: Task) -> QuerySet[Countersign]:
    return Countersign.objects.filter(process_id=task.process_id).select_related("agency")


def _check_final_approval(
    application: Application, task: Task, opinion: str
) -> dict[str, list[str]]:
    """What a municipal approval needs besides the approver's will (product.md §5, rule O3): the
    latest consultation round's opinions (``selectors.countersigns_of_current_pass``)."""
    countersigns = list(selectors.countersigns_of_current_pass(application))
    disagreements = [c for c in countersigns if c.decision == Decision.DISAGREE]
    if disagreements and not opinion:
        raise InvalidInput(
            problems=[Problem("opinion", "reason_required", str(MSG_REASON_AGAINST_DISAGREEMENT))]
        )
    facts = rule_facts(application)
    if rules.final_approval_requires_planning_agreement(facts):
        planning_agreed = any(
            c.agency.kind == AgencyKind.PLANNING and c.decision == Decision.AGREE
            for c in countersigns
        )
        if not planning_agreed:
            problem = rules.planning_agreement_problem(facts, application.jurisdiction_id)
            raise RulesViolated(problems=[problem])
    return {"against_disagreement": [c.agency.code for c in disagreements]} if disagreements else {}


def _countersign_record(
    application: Application,
    task: Task,
    route: ResolvedRoute,
    by: User,
    decision: Decision,
    opinion: str,
) -> None:
    Countersign.objects.create(
        process_id=task.process_id,
        application_id=application.pk,
        agency=task_agency(task),
        task_id=task.pk,
        decision=decision,
        opinion=opinion,
        decided_by=by,
    )
    countersigned = _countersigns(task).values_list("agency_id", flat=True)
    if route.consultation_complete(countersigned):
        # The last countersign: the municipal step may begin (the flow's join agrees: it waits
        # for the one task per consulted agency that the split created from the same route).
        fsm_apply(application, application.consultation_complete)


def _apply_decision(
    application: Application, task: Task, by: User, decision: Decision, opinion: str
) -> None:
    """Move the application's legal status; the frozen route says where an approval leads."""
    step = task_step(task)
    route = task_route(task)
    # A final approval of an occupation waits for its restoration fee (product.md §16 L7).
    granted = Status.AWAITING_FEE if fee_required(application) else Status.APPROVED
    if step == Step.CONSULTATION:
        _countersign_record(application, task, route, by, decision, opinion)
    elif decision == Decision.FORWARD:
        fsm_apply(application, application.forward)
    elif decision == Decision.ACCEPT:
        fsm_apply(application, application.accept)
    elif decision == Decision.NOT_ACCEPT:
        fsm_apply(application, application.not_accept)
    elif decision == Decision.RETURN:
        fsm_apply(application, application.return_for_revision)
    elif decision == Decision.REJECT:
        fsm_apply(application, application.reject)
    elif step == Step.DISTRICT_REVIEW:
        after = route.after_district_approval()
        to = granted if after == Status.APPROVED else after
        fsm_apply(application, application.district_approve, to=to)
    else:
        fsm_apply(application, application.municipal_approve, to=granted)


MSG_NO_LONGER_LAWFUL = _(
    "The map or the land has changed since submission: the application can no longer be "
    "approved as it stands (return it for revision or reject it)."
)


def _check_still_lawful(application: Application) -> None:
    """At a grant, the site is screened again and the blocking rules run once more: a zone
    imported during the review, or another occupation permit granted on the same land since
    (rule Z3, on the sites as they are, not on what the screenings found), refuses the grant.
    Grants of occupations in one jurisdiction take turns (its row's lock, taken after the
    application's), so two overlapping occupations cannot both pass. ``no_key``: the lock does
    not stop rows that merely refer to the jurisdiction (new applications) from being written."""
    if application.kind == Kind.OCCUPATION:
        jurisdictions = Jurisdiction.objects.select_for_update(no_key=True)
        jurisdictions.filter(pk=application.jurisdiction_id).first()
    screening_refresh(application)
    facts = {**rule_facts(application), "overlaps": tuple(overlaps_now(application))}
    of_kind = rules.rules_for(application.kind)
    if findings := rules.blocking(rules.evaluate(of_kind, facts, application.jurisdiction_id)):
        raise RulesViolated(
            MSG_NO_LONGER_LAWFUL,
            [Problem(f.field, "rule_violation", f.message, f.rule, f.source) for f in findings],
        )


def _decision_record(
    application: Application,
    task: Task,
    by: User | None,
    decision: Decision,
    opinion: str,
    details: Mapping[str, Any],
    items: list[dict[str, str]],
    grounds: list[dict[str, str]] | None = None,
) -> ReviewDecision:
    agency = task_agency(task)
    record = ReviewDecision.objects.create(
        process_id=task.process_id,
        application_id=application.pk,
        task_id=task.pk,
        step=task_step(task),
        agency=agency,
        agency_name=agency.name,
        decided_by=by,
        decided_by_name=display_name(by) if by is not None else "system",
        decision=decision,
        opinion=opinion,
        against_disagreement=details.get("against_disagreement", []),
        grounds=grounds or [],
        # The version returned, for the reviewer's diff when the applicant resubmits.
        snapshot=application_snapshot(application) if decision == Decision.RETURN else {},
    )
    ReturnItem.objects.bulk_create(ReturnItem(decision=record, **item) for item in items)
    return record


@transaction.atomic
@audit_appended_last
@reading_once(DECISION_READS)
def task_decide(
    *,
    task_id: int | str,
    by: User,
    decision: str,
    opinion: str = "",
    items: list[dict[str, Any]] | None = None,
    grounds: list[str] | None = None,
    client_ip: str | None = None,
) -> tuple[Task, Application]:
    """Claim (if open) and decide a review task; returns (task, application).

    The decision is kept as a ``ReviewDecision`` row (with its ``ReturnItem`` rows for a
    return), which documents and pages read; the audit event records it as evidence.
    ``grounds``: a rejection's rule codes (T4, O2, …) of the application's type, which the
    refusal decision prints as its clauses; or a non-acceptance's grounds of art. 32 (N1–N3),
    which the decision of non-acceptance quotes."""
    task, application = _locked_task(task_id, by)
    _require_open(task, by)
    if (decider := STEP_DECIDERS.get(task_step(task))) is not None:
        decider(
            task=task,
            application=application,
            by=by,
            decision=decision,
            opinion=opinion,
            items=items,
            grounds=grounds,
            client_ip=client_ip,
        )
        return task, application
    route_agencies_share(task, application)
    refuse_while_running(application, task)
    step = task_step(task)
    decision, opinion = _validate_decision(step, decision, opinion)
    authority_check(application, task, decision)
    if decision == Decision.APPROVE:
        site_check_required(application, task)
        interested_parties_required(application, task)
    if step == Step.ACCEPTANCE and decision == Decision.RETURN:
        _acceptance_return_refused(application)
    elif decision == Decision.RETURN:
        _review_return_refused(application, task_route(task))
    if decision == Decision.RETURN:
        return_items = _validate_return_items(items, kind=application.kind)
    elif items not in (None, []):  # never dropped unsaid
        raise _return_items_refused("not_allowed", str(MSG_ITEMS_ONLY_WITH_RETURN))
    else:
        return_items = []
    chosen_grounds = _validate_grounds(grounds, application=application, decision=decision)
    details: dict[str, Any] = (
        _check_final_approval(application, task, opinion)
        if step == Step.MUNICIPAL_REVIEW and decision == Decision.APPROVE
        else {}
    )
    if chosen_grounds:  # the decision's event proves what the refusal or non-acceptance rests on
        details = {**details, "grounds": chosen_grounds}
    if task.owner_id not in (None, by.pk):
        # A substitute decides for the absent member (checked above): the task becomes theirs,
        # the absent member is named in the decision's event.
        absent = task.owner
        details = {**details, "substitute_for": {"id": absent.pk, "username": absent.username}}
        engine.task_reassign(task=task, to=by)
    snapshot = application_snapshot(application)
    from_status = application.status
    if task.owner_id is None:
        _audit(AuditAction.CLAIM, task, application, by, client_ip)
    _apply_decision(application, task, by, decision, opinion)
    if application.status in GRANTED_STATUSES:
        _check_still_lawful(application)
    record = _decision_record(
        application, task, by, decision, opinion, details, return_items, chosen_grounds
    )
    engine.task_complete(task=task, by=by, data={"decision": decision.value, "opinion": opinion})
    _after_decision(application, task, record, by, client_ip, from_status, snapshot, details)
    return task, application


@transaction.atomic
@audit_appended_last
@reading_once(DECISION_READS)
def acceptance_deem(*, application_id: int, today: date | None = None) -> bool:
    """Art. 32: an acceptance not decided within its time limit is accepted as of law, by
    ``system`` (audited, notices issued, applicants told). Re-checked under the row lock, so
    overlapping ticks accept once; returns whether it accepted."""
    today = today or timezone.localdate()
    application = application_locked(application_id)
    if application is None or application.status != Status.SUBMITTED:
        return False
    task = (
        engine.open_tasks(application=application)
        .select_for_update(of=("self",))
        .filter(clocks__ended_at__isnull=True, clocks__due_date__lt=today)
        .first()
    )
    if task is None or task_step(task) != Step.ACCEPTANCE:
        return False
    snapshot = application_snapshot(application)
    from_status = application.status
    opinion = str(MSG_DEEMED_ACCEPTED)
    fsm_apply(application, application.accept)
    record = _decision_record(application, task, None, Decision.ACCEPT, opinion, {}, [])
    task.data = {**task.data, "decision": Decision.ACCEPT.value, "opinion": opinion}
    task.save(update_fields=["data"])
    engine.task_complete_by_system(task=task)
    # "逾期不告知的，自收到申请材料之日起即为受理" (art. 32): accepted as of the day the materials
    # were (last) received, so the review's clock runs from that day.
    received = timezone.localdate(application.submitted_at) if application.submitted_at else today
    deemed = {"deemed": True, "accepted_as_of": received.isoformat()}
    _after_decision(application, task, record, None, None, from_status, snapshot, deemed, received)
    return True
