"""The decider of the review steps (``review_decide``, which ``protocol.task_decide`` hands the
locked task), and the acceptance deemed by law once its time limit has passed
(``acceptance_deem``): the decision checked against the step, the application's legal status
moved along the route frozen for its pass (a countersign at consultation), a grant checked to be
still lawful, the ``ReviewDecision`` recorded. What every decision does once its task is
complete is in ``outcomes``."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from viewflow.workflow.models import Task

from audit.trail import audit_appended_last, display_name
from core.errors import InvalidInput, Problem, RulesViolated
from core.messages import (
    MSG_DECISION_INVALID,
    MSG_DEEMED_ACCEPTED,
    MSG_DEEMED_ACCEPTED_APPROVAL,
    MSG_ITEMS_ONLY_WITH_RETURN,
    MSG_NO_LONGER_LAWFUL,
    MSG_OPINION_REQUIRED,
    MSG_REASON_AGAINST_DISAGREEMENT,
)
from documents import content
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
    APPLICATION_PERMS,
    ATTACHMENTS,
    CLOCKS,
    COUNTERSIGNS,
    DECISION_FORMS,
    OVERLAPS,
    PLANS,
    PROCEDURES,
    SCREENING,
    forget,
    reading_once,
)
from permits.screening import overlaps_now, screening_refresh
from permits.services import application_locked, fsm_apply
from roles.models import AgencyKind, Jurisdiction

from .. import engine, selectors
from ..engine.reads import task_agency, task_route
from ..models import Countersign, ResolvedRoute, ReturnItem, ReviewDecision
from .acts import Asked, Decided, TaskAct
from .fees import fee_required
from .findings import approval_findings_check, overrides_clean, refusal_grounds_complete
from .grounds import _validate_grounds
from .hearings import hearing_request_period_refused
from .national import authority_check
from .outcomes import _after_decision
from .parties import interested_parties_required
from .procedures import refuse_while_running
from .returns import (
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
# decision), its step's special procedures, which its clocks and its record read again, and
# the countersigns a municipal approval checks and its record shows (a countersign forgets them),
# and the decision's legal form its documents print (several times a decision).
# Permissions on the application are asked afresh: the transaction may grant them.
DECISION_READS = (
    ATTACHMENTS,
    SCREENING,
    OVERLAPS,
    AGENCY_PERMS,
    CLOCKS,
    PLANS,
    PROCEDURES,
    COUNTERSIGNS,
    DECISION_FORMS,
)
# A decision on a task, and a submission, also keep the actor's object permissions on the
# application, asked when the task is opened to them (``access.can_see_task``) or the
# application submitted, and again by the record: the one write of them in either, the grant to
# the agencies the application goes to (``outcomes._grant_next_steps``, the submission's
# share), forgets what it may have changed (``access.application_grants_noted``).
TASK_DECISION_READS = (*DECISION_READS, APPLICATION_PERMS)


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
    countersigns = selectors.countersigns_read(application)
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
    forget(COUNTERSIGNS)
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


def _check_still_lawful(application: Application, overridden: frozenset[str]) -> None:
    """At a grant, the site is screened again and the blocking rules run once more: a zone
    imported during the review, or another occupation permit granted on the same land since
    (rule Z3, on the sites as they are, not on what the screenings found), refuses the grant.
    Grants of occupations in one jurisdiction take turns (its row's lock, taken after the
    application's), so two overlapping occupations cannot both pass. ``no_key``: the lock does
    not stop rows that merely refer to the jurisdiction (new applications) from being written.
    ``overridden``: the rules the approval recorded as not holding (``findings``)."""
    if application.kind == Kind.OCCUPATION:
        jurisdictions = Jurisdiction.objects.select_for_update(no_key=True)
        jurisdictions.filter(pk=application.jurisdiction_id).first()
    screening_refresh(application)
    facts = {**rule_facts(application), "overlaps": tuple(overlaps_now(application))}
    of_kind = rules.rules_for(application.kind)
    found = rules.blocking(rules.evaluate(of_kind, facts, application.jurisdiction_id))
    if findings := [f for f in found if f.rule not in overridden]:
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
    overrides: list[dict[str, str]] | None = None,
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
        overrides=overrides or [],
        # The version returned, for the reviewer's diff when the applicant resubmits.
        snapshot=application_snapshot(application) if decision == Decision.RETURN else {},
    )
    ReturnItem.objects.bulk_create(ReturnItem(decision=record, **item) for item in items)
    return record


def _review_checks(
    act: TaskAct,
    decision: Decision,
    items: list[dict[str, Any]] | None,
    overrides: list[dict[str, str]],
) -> list[dict[str, str]]:
    """What the review decision needs besides the reviewer's will; the return's items."""
    application, task = act.application, act.task
    authority_check(application, task, decision)
    if decision == Decision.APPROVE:
        approval_findings_check(application, overrides)
        site_check_required(application, task)
        interested_parties_required(application, task)
    if task_step(task) == Step.ACCEPTANCE and decision == Decision.RETURN:
        _acceptance_return_refused(application)
    elif decision == Decision.RETURN:
        _review_return_refused(application, task_route(task))
    if decision == Decision.RETURN:
        return _validate_return_items(items, kind=application.kind)
    if items not in (None, []):  # never dropped unsaid
        raise _return_items_refused("not_allowed", str(MSG_ITEMS_ONLY_WITH_RETURN))
    return []


def review_decide(act: TaskAct, asked: Asked) -> Decided:
    """The decider of the review steps (acceptance to municipal review): the decision checked
    against the step, the application's legal status moved along the route frozen for its pass
    (a countersign at consultation), a grant checked to be still lawful, the ``ReviewDecision``
    recorded (with its ``ReturnItem`` rows for a return), which documents and pages read; once
    the task is complete, ``outcomes`` does what every decision does. ``grounds``: a
    rejection's rule codes (T1, O2, …), which the refusal decision prints as its clauses, or a
    non-acceptance's grounds of art. 32 (N1–N3), which its decision quotes."""
    application, task, by = act.application, act.task, act.by
    refuse_while_running(application, task)
    hearing_request_period_refused(application, task)
    step = task_step(task)
    chosen, text = _validate_decision(step, asked.decision, asked.opinion)
    overrides = overrides_clean(asked.overrides, application=application, decision=chosen)
    return_items = _review_checks(act, chosen, asked.items, overrides)
    chosen_grounds = _validate_grounds(asked.grounds, application=application, decision=chosen)
    if chosen == Decision.REJECT:  # every blocking finding that stands is a ground (art. 38(2))
        offered = selectors.grounds_offered(application, chosen)
        chosen_grounds = refusal_grounds_complete(application, chosen_grounds, offered)
    details: dict[str, Any] = (
        _check_final_approval(application, task, text)
        if step == Step.MUNICIPAL_REVIEW and chosen == Decision.APPROVE
        else {}
    )
    if chosen_grounds:  # the decision's event proves what the refusal or non-acceptance rests on
        details = {**details, "grounds": chosen_grounds}
    if overrides:  # and why an approval holds a blocking finding not to hold
        details = {**details, "overrides": overrides}
    details = {**details, **act.details}
    snapshot = application_snapshot(application)
    _apply_decision(application, task, by, chosen, text)
    if application.status in GRANTED_STATUSES:
        _check_still_lawful(application, frozenset(o["rule"] for o in overrides))
    record = _decision_record(
        application, task, by, chosen, text, details, return_items, chosen_grounds, overrides
    )

    def then() -> None:
        _after_decision(
            application, task, record, by, act.client_ip, act.from_status, snapshot, details
        )

    return Decided(chosen, text, then, clock_ends=False)


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
    # A licence is accepted by art. 32 itself; a 批复 on the agency's own commitment.
    opinion = str(content.worded(application, MSG_DEEMED_ACCEPTED, MSG_DEEMED_ACCEPTED_APPROVAL))
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
