"""The review: the applicant's submit and withdraw, reviewers' claim, unclaim and decide, the
deciding agency's revoke, route edits. One transaction each; the application row is locked
first, then the task: two reviewers deciding one task queue; the second gets 409."""

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from audit.choices import AuditAction
from audit.models import AuditEvent
from audit.trail import audit_appended_last, audit_record, display_name
from core.errors import InvalidInput, NotVisible, Problem, RulesViolated, StateConflict
from documents.issue import certificate_issue, certificate_rerender_revoked
from documents.models import DocumentKind
from documents.notices import notice_issue
from permits import access
from permits import rules as policies
from permits.choices import (
    DECISION_ACTION,
    DECISIONS_NEEDING_OPINION,
    DECISIONS_WITH_GROUNDS,
    EDITABLE_STATUSES,
    AttachmentKind,
    Decision,
    Kind,
    NotificationKind,
    Status,
    Step,
    step_decisions,
)
from permits.facts import application_snapshot, rule_facts
from permits.models import Application
from permits.notifications import notify
from permits.readmemo import AGENCY_PERMS, ATTACHMENTS, CLOCKS, OVERLAPS, SCREENING, reading_once
from permits.screening import overlaps_now, screening_refresh
from permits.services import (
    MSG_NO_REVOKE,
    MSG_NOT_YOURS,
    application_field_names,
    application_locked,
    application_relock,
    fsm_apply,
    reason_required,
    submission_problems,
    transition_refused,
)
from roles.models import Agency, AgencyKind, Jurisdiction, Membership, Role
from roles.services import application_share_on_submission, permission_grant_for_steps

from . import clock, engine, selectors
from .engine import WAITING_TASK_STATUSES
from .models import (
    Countersign,
    PermitProcess,
    ResolvedRoute,
    Resubmission,
    ReturnItem,
    ReviewDecision,
    Route,
    RouteMissing,
    route_resolve,
)

# A decision's transaction reads the attachments and the site's screening for the rules, the
# snapshot and the documents, and the decider's permission on the task's agency: once
# (``screening_refresh`` forgets what it replaces; memberships are never changed by a
# decision). Permissions on the application are asked afresh: the transaction grants them.
DECISION_READS = (ATTACHMENTS, SCREENING, OVERLAPS, AGENCY_PERMS, CLOCKS)

MSG_TASK_DONE = _("This task has already been decided.")
MSG_TASK_TAKEN = _("This task has been claimed by another reviewer.")
MSG_NOT_YOUR_AGENCY = _("This task belongs to another agency or role.")
MSG_DECISION_INVALID = _("This decision is not possible at this step.")
MSG_OPINION_REQUIRED = _("An opinion is required for this decision.")
MSG_NOT_CLAIMED = _("The task is not claimed by you.")
MSG_REASON_AGAINST_DISAGREEMENT = _(
    "A consulted agency disagreed: approving requires a written reason."
)
MSG_ROLE_REVOKED = _("Role revoked: the task went back to the agency's queue.")
MSG_ACCEPTANCE_RETURNED_ONCE = _(
    "The application was already returned once at acceptance: everything to correct had to be "
    "listed then (一次性告知). Accept it or do not accept it."
)
MSG_DEEMED_ACCEPTED = _(
    "Not decided within the time limit for acceptance: accepted by law "
    "(Administrative Licensing Law art. 32)."
)

# What the applicants are told of each outcome (product.md §12).
MSG_TOLD_SUBMITTED = _("Application {reference} was submitted and awaits acceptance.")
MSG_TOLD_RESUBMITTED = _("Application {reference} was resubmitted and is under review again.")
MSG_TOLD_ACCEPTED = _("Application {reference} was accepted; the decision is due by {due}.")
MSG_TOLD_NOT_ACCEPTED = _("Application {reference} was not accepted: {reason}")
MSG_TOLD_RETURNED = _("Application {reference} was returned for correction: {count} item(s).")
MSG_TOLD_APPROVED = _("Application {reference} was approved.")
MSG_TOLD_REJECTED = _("Application {reference} was refused: {reason}")
MSG_TOLD_REVOKED = _("The permit of application {reference} was revoked: {reason}")

STEP_ROLE = {
    Step.ACCEPTANCE: Role.REVIEWER,
    Step.DISTRICT_REVIEW: Role.REVIEWER,
    Step.CONSULTATION: Role.CONSULTANT,
    Step.MUNICIPAL_REVIEW: Role.APPROVER,
}


def task_step(task: Task) -> Step:
    return node_step(task.flow_task)


def node_step(node: Any) -> Step:
    """The step a flow node (a task's ``flow_task``) stands for."""
    from .flows import NODE_STEP

    return NODE_STEP[node.name]


def task_route(task: Task) -> ResolvedRoute:
    """The route frozen on the task's review pass at submission; it never changes, so it is
    read once per task object."""
    cached = task.__dict__.get("_permits_route")
    if cached is None or cached[0] != task.process_id:
        process = engine.loaded_process(task) or PermitProcess.objects.get(pk=task.process_id)
        cached = task.__dict__["_permits_route"] = (task.process_id, process.frozen_route)
    route: ResolvedRoute = cached[1]
    return route


def task_agency(task: Task) -> Agency:
    """The agency the task is for (its step's agency, or the consulted agency), read once per
    task object."""
    cached = task.__dict__.get("_permits_agency")
    if cached is None or str(cached.pk) != str(task.owner_permission_obj_pk):
        cached = task.__dict__["_permits_agency"] = Agency.objects.get(
            pk=task.owner_permission_obj_pk
        )
    agency: Agency = cached
    return agency


def _locked_task(task_id: int | str, user: User) -> tuple[Task, Application]:
    """Lock the application, then the task; 404 for what the user may not see.

    The application is locked by the task it holds (a subquery in the locking statement), the
    task then read under that lock, with its process (which only a transaction holding that
    lock changes), both rows locked: the completion reuses both and needs no lock of
    viewflow's (engine.task_complete)."""
    try:
        holder = Task.objects.filter(pk=task_id, flow_task_type="HUMAN").values(
            "process__permitprocess__application_id"
        )
    except (ValueError, TypeError):  # not a task's number
        raise NotVisible() from None
    application = application_locked(Subquery(holder[:1]))
    if application is None:
        raise NotVisible()
    task = (
        Task.objects.select_for_update(of=("self", "process"))
        .select_related("process__permitprocess")
        .get(pk=task_id)
    )
    if not access.can_see_task(user, task, application):
        raise NotVisible()
    task.process.permitprocess.application = application
    return task, application


def _route_agencies_share(task: Task, application: Application) -> None:
    """Give the task and the application the agencies of the task's frozen route, read with
    it: the task's agency, the application's district and lead agencies are among them (the
    same rows, read in the same transaction), so a decision reads each agency once."""
    route = task_route(task)
    agencies = {
        agency.pk: agency
        for agency in (route.district_agency, route.final_agency, *route.consulted_agencies)
        if agency is not None
    }
    for name in ("district_agency", "lead_agency"):
        field = Application._meta.get_field(name)
        agency = agencies.get(getattr(application, field.attname))
        if agency is not None and not field.is_cached(application):
            field.set_cached_value(application, agency)
    own = next((a for pk, a in agencies.items() if str(pk) == task.owner_permission_obj_pk), None)
    if own is not None and "_permits_agency" not in task.__dict__:
        task.__dict__["_permits_agency"] = own


def _require_open(task: Task, user: User) -> None:
    access.require(access.may_act_on_step(user, task), MSG_NOT_YOUR_AGENCY)
    if task.status not in WAITING_TASK_STATUSES:
        raise StateConflict(MSG_TASK_DONE, [Problem(None, "task_closed", str(MSG_TASK_DONE))])
    # A substitute acts on the task of a member absent today (workflows.people).
    if task.owner_id not in (None, user.pk) and not access.covers_for(user, task.owner_id):
        raise StateConflict(MSG_TASK_TAKEN, [Problem(None, "task_taken", str(MSG_TASK_TAKEN))])


def _audit(
    action: AuditAction,
    task: Task,
    application: Application,
    by: User | None,
    client_ip: str | None,
    extra: Mapping[str, Any] | None = None,
    **kwargs: Any,
) -> AuditEvent:
    return audit_record(
        action=action,
        application=application,
        actor=by,
        agency=task_agency(task),
        role=STEP_ROLE.get(task_step(task), "") if by is not None else "system",
        client_ip=client_ip,
        details={"task_id": task.pk, "step": task_step(task).value, **(extra or {})},
        **kwargs,
    )


@transaction.atomic
@audit_appended_last
def task_claim(*, task_id: int | str, by: User, client_ip: str | None = None) -> Task:
    task, application = _locked_task(task_id, by)
    _require_open(task, by)
    if task.owner_id == by.pk:
        return task
    if task.owner_id is not None:  # an absent member's: their substitute decides it, no claim
        raise StateConflict(MSG_TASK_TAKEN, [Problem(None, "task_taken", str(MSG_TASK_TAKEN))])
    engine.task_assign(task=task, by=by)
    _audit(
        AuditAction.CLAIM,
        task,
        application,
        by,
        client_ip,
        from_status=application.status,
        to_status=application.status,
    )
    return task


@transaction.atomic
@audit_appended_last
def task_unclaim(*, task_id: int | str, by: User, client_ip: str | None = None) -> Task:
    task, application = _locked_task(task_id, by)
    _require_open(task, by)
    if task.owner_id != by.pk:
        raise StateConflict(MSG_NOT_CLAIMED, [Problem(None, "not_claimed", str(MSG_NOT_CLAIMED))])
    engine.task_unassign(task=task)
    _audit(
        AuditAction.UNCLAIM,
        task,
        application,
        by,
        client_ip,
        from_status=application.status,
        to_status=application.status,
    )
    return task


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
    if policies.final_approval_requires_planning_agreement(rule_facts(application)):
        planning_agreed = any(
            c.agency.kind == AgencyKind.PLANNING and c.decision == Decision.AGREE
            for c in countersigns
        )
        if not planning_agreed:
            raise RulesViolated(problems=[policies.planning_agreement_problem()])
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
    if step == Step.CONSULTATION:
        _countersign_record(application, task, route, by, decision, opinion)
    elif decision == Decision.ACCEPT:
        fsm_apply(application, application.accept)
    elif decision == Decision.NOT_ACCEPT:
        fsm_apply(application, application.not_accept)
    elif decision == Decision.RETURN:
        fsm_apply(application, application.return_for_revision)
    elif decision == Decision.REJECT:
        fsm_apply(application, application.reject)
    elif step == Step.DISTRICT_REVIEW:
        fsm_apply(application, application.district_approve, to=route.after_district_approval())
    else:
        fsm_apply(application, application.municipal_approve)


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
    rules = policies.rules_for(application.kind)
    if findings := policies.blocking(policies.evaluate(rules, facts, application.jurisdiction_id)):
        raise RulesViolated(
            MSG_NO_LONGER_LAWFUL,
            [Problem(f.field, "rule_violation", f.message, f.rule, f.source) for f in findings],
        )


def _grant_next_steps(application: Application, route: ResolvedRoute) -> None:
    """Agencies see an application once a step is sent to them."""
    agencies = _next_step_agencies(application, route)
    permission_grant_for_steps(application=access.base_application(application), agencies=agencies)


def _next_step_agencies(application: Application, route: ResolvedRoute) -> list[Agency]:
    """The agencies the application's status sends it to after the district step."""
    if application.status == Status.CONSULTATION:
        return list(route.consulted_agencies)
    if application.status == Status.MUNICIPAL_REVIEW and application.lead_agency is not None:
        return [application.lead_agency]
    return []


MSG_RETURN_ITEMS_REQUIRED = _("A return must list at least one item to correct.")
MSG_RETURN_ITEM = _(
    "Item %(number)s: each item needs a message, and at most a field and an attachment kind."
)
MSG_RETURN_ITEM_FIELD = _("Item %(number)s: “%(field)s” is not a field of this application.")
MSG_RETURN_ITEM_KIND = _("Item %(number)s: “%(kind)s” is not an attachment kind.")
MSG_RETURN_ITEMS_TOO_MANY = _("A return may list at most %(max)s items.")
MSG_RETURN_ITEM_TOO_LONG = _("Item %(number)s: the message may have at most %(max)s characters.")
MSG_ITEMS_ONLY_WITH_RETURN = _("Items to correct go only with a return.")
MSG_GROUNDS_NOT_ALLOWED = _("Grounds go only with a rejection or a non-acceptance.")
MSG_GROUNDS_INVALID = _("Give the grounds as a list of rule codes.")
MSG_GROUND_UNKNOWN = _("“%(code)s” is not a rule of this application type.")
MSG_NON_ACCEPTANCE_GROUND_UNKNOWN = _(
    "“%(code)s” is not a ground of non-acceptance the law allows for this application."
)
# How a code is refused that the decision's grounds do not include.
MSG_GROUND_UNKNOWN_FOR = {
    Decision.REJECT: MSG_GROUND_UNKNOWN,
    Decision.NOT_ACCEPT: MSG_NON_ACCEPTANCE_GROUND_UNKNOWN,
}
RETURN_ITEMS_MAX = 50
RETURN_ITEM_MESSAGE_MAX = 2000
RETURN_ITEM_KEYS = {"field", "attachment_kind", "message"}


def _return_items_refused(code: str, message: str) -> InvalidInput:
    return InvalidInput(problems=[Problem("items", code, message)])


def _validate_return_item(item: object, number: int, fields: list[str]) -> dict[str, str]:
    if not isinstance(item, dict) or set(item) - RETURN_ITEM_KEYS:
        raise _return_items_refused("invalid", MSG_RETURN_ITEM % {"number": number})
    field, kind, message = item.get("field"), item.get("attachment_kind"), item.get("message")
    if not (isinstance(message, str) and message.strip()):
        raise _return_items_refused("invalid", MSG_RETURN_ITEM % {"number": number})
    if len(message) > RETURN_ITEM_MESSAGE_MAX:
        limits = {"number": number, "max": RETURN_ITEM_MESSAGE_MAX}
        raise _return_items_refused("max_length", MSG_RETURN_ITEM_TOO_LONG % limits)
    if field not in (None, "") and field not in fields:
        shown = field if isinstance(field, str) else repr(field)
        refusal = MSG_RETURN_ITEM_FIELD % {"number": number, "field": shown}
        raise _return_items_refused("unknown_field", refusal)
    if kind not in (None, "") and kind not in AttachmentKind.values:
        shown = kind if isinstance(kind, str) else repr(kind)
        refusal = MSG_RETURN_ITEM_KIND % {"number": number, "kind": shown}
        raise _return_items_refused("invalid_choice", refusal)
    return {"field": field or "", "attachment_kind": kind or "", "message": message.strip()}


def _validate_return_items(items: object, *, kind: str) -> list[dict[str, str]]:
    """``[{"field", "attachment_kind", "message"}]`` as api.md writes them: at least one (the
    one-time notice names what to fix), each field one the applicant fills in for ``kind``
    (``permits.services.application_field_names``), each attachment kind a known one."""
    if items is None or items == []:
        raise _return_items_refused("required", str(MSG_RETURN_ITEMS_REQUIRED))
    if not isinstance(items, list):
        raise _return_items_refused("invalid", MSG_RETURN_ITEM % {"number": 1})
    if len(items) > RETURN_ITEMS_MAX:
        raise _return_items_refused(
            "max_items", MSG_RETURN_ITEMS_TOO_MANY % {"max": RETURN_ITEMS_MAX}
        )
    fields = application_field_names(kind)
    return [_validate_return_item(item, n, fields) for n, item in enumerate(items, start=1)]


def _acceptance_return_refused(application: Application) -> None:
    """One return at acceptance (一次性告知, product.md §11): a second one there is a conflict."""
    if selectors.returned_at_acceptance(application):
        raise StateConflict(
            MSG_ACCEPTANCE_RETURNED_ONCE,
            [Problem("decision", "returned_once", str(MSG_ACCEPTANCE_RETURNED_ONCE))],
        )


def _grounds_refused(code: str, message: str) -> InvalidInput:
    return InvalidInput(problems=[Problem("grounds", code, message)])


def _validate_grounds(
    grounds: object, *, application: Application, decision: Decision
) -> list[dict[str, str]]:
    """The grounds a refusal or a non-acceptance names, each with the clause it cites for this
    application: only those ``selectors.grounds_offered`` offers for the decision (a refusal:
    the rules of its type and jurisdiction; a non-acceptance: art. 32's)."""
    if grounds in (None, []):
        return []
    if decision not in DECISIONS_WITH_GROUNDS:
        raise _grounds_refused("not_allowed", str(MSG_GROUNDS_NOT_ALLOWED))
    if not isinstance(grounds, list | tuple) or not all(isinstance(g, str) for g in grounds):
        raise _grounds_refused("invalid", str(MSG_GROUNDS_INVALID))
    offered = {g.code: g for g in selectors.grounds_offered(application, decision)}
    chosen: list[dict[str, str]] = []
    for code in grounds:
        if code not in offered:
            refusal = MSG_GROUND_UNKNOWN_FOR[decision] % {"code": code[:20]}
            raise _grounds_refused("invalid_choice", str(refusal))
        if all(c["code"] != code for c in chosen):
            chosen.append({"code": code, "source": offered[code].source})
    return chosen


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
    _route_agencies_share(task, application)
    step = task_step(task)
    decision, opinion = _validate_decision(step, decision, opinion)
    if step == Step.ACCEPTANCE and decision == Decision.RETURN:
        _acceptance_return_refused(application)
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
        _audit(
            AuditAction.CLAIM,
            task,
            application,
            by,
            client_ip,
            from_status=from_status,
            to_status=from_status,
        )
    _apply_decision(application, task, by, decision, opinion)
    if application.status == Status.APPROVED:
        _check_still_lawful(application)
    record = _decision_record(
        application, task, by, decision, opinion, details, return_items, chosen_grounds
    )
    engine.task_complete(task=task, by=by, data={"decision": decision.value, "opinion": opinion})
    # The completion saved this very row (finished, the decider its owner): it is what the
    # response shows, with the application as the decision left it.
    if task.owner_id == by.pk:
        Task.owner.field.set_cached_value(task, by)
    _after_decision(application, task, record, by, client_ip, from_status, snapshot, details)
    return task, application


def _after_decision(
    application: Application,
    task: Task,
    record: ReviewDecision,
    by: User | None,
    client_ip: str | None,
    from_status: str,
    snapshot: dict[str, Any],
    details: Mapping[str, Any],
    today: date | None = None,
) -> None:
    """What every decision does once the task is complete: the next agencies see the
    application, the clocks follow the tasks, the event is recorded, the applicants told and
    the documents issued."""
    _grant_next_steps(application, task_route(task))
    clock.clocks_sync(application=application, route=task_route(task), today=today)
    _audit(
        DECISION_ACTION[Decision(record.decision)],
        task,
        application,
        by,
        client_ip,
        from_status=from_status,
        to_status=application.status,
        opinion=record.opinion,
        snapshot=snapshot,
        extra=details,
    )
    # The review clock an acceptance started: its notice and the applicants' message name it.
    # (the clocks clocks_sync just left in the decision's read-once block)
    started = clock.deadline_of(application) if record.decision == Decision.ACCEPT else None
    _tell_applicants_of_decision(application, record, started)
    # Last: a document prints the chain head, so the events are appended when it is issued
    # (audit_appended_last), and the chain's lock is held from then to the commit.
    if application.status in (Status.APPROVED, Status.REJECTED):
        # The decided task was open, so its pass is the application's latest one.
        _certificate_issue(application, task_route(task))
    _decision_documents(application, record, started)


def _decision_documents(
    application: Application, record: ReviewDecision, deadline: clock.Deadline | None
) -> None:
    """The notices of the acceptance step and of returns (product.md §11)."""
    signer = record.decided_by_name
    if record.agency is None:  # every decision is an agency's (nullable for the backfill)
        return
    if record.decision == Decision.ACCEPT:
        notice_issue(
            application=application,
            kind=DocumentKind.ACCEPTANCE_NOTICE,
            agency=record.agency,
            signed_by_name=signer,
            extra={
                # The review clock starts on the day of acceptance (for a deemed acceptance the
                # day the materials were received).
                "accepted_on": deadline.started_on
                if deadline
                else timezone.localdate(record.decided_at),
                "limit_working_days": deadline.limit_working_days if deadline else None,
                "due_date": deadline.due_date if deadline else None,
                "deemed": record.decided_by_id is None,
            },
        )
    elif record.decision == Decision.NOT_ACCEPT:
        notice_issue(
            application=application,
            kind=DocumentKind.NON_ACCEPTANCE,
            agency=record.agency,
            signed_by_name=signer,
            reason=record.opinion,
            grounds=record.grounds,
        )
    elif record.decision == Decision.RETURN:
        notice_issue(
            application=application,
            kind=DocumentKind.CORRECTION_NOTICE,
            agency=record.agency,
            signed_by_name=signer,
            reason=record.opinion,
            items=list(record.return_items.all()),
        )


def tell_applicants(
    application: Application, kind: NotificationKind, template: Any, **values: object
) -> None:
    """Tell the applicant organisation's members, in the site's language (product.md §12)."""
    with translation.override(settings.LANGUAGE_CODE):
        message = str(template).format(reference=application.reference, **values)
    notify(
        recipients=access.applicants_of(application.organisation_id),
        kind=kind,
        message=message,
        application=application,
    )


def _tell_applicants_of_decision(
    application: Application, record: ReviewDecision, deadline: clock.Deadline | None
) -> None:
    reason = record.opinion
    if record.decision == Decision.ACCEPT:
        due = deadline.due_date.isoformat() if deadline and deadline.due_date else "—"
        tell_applicants(application, NotificationKind.ACCEPTED, MSG_TOLD_ACCEPTED, due=due)
    elif record.decision == Decision.NOT_ACCEPT:
        tell_applicants(
            application, NotificationKind.NOT_ACCEPTED, MSG_TOLD_NOT_ACCEPTED, reason=reason
        )
    elif record.decision == Decision.RETURN:
        count = record.return_items.count()
        tell_applicants(application, NotificationKind.RETURNED, MSG_TOLD_RETURNED, count=count)
    elif application.status == Status.APPROVED:
        tell_applicants(application, NotificationKind.DECIDED, MSG_TOLD_APPROVED)
    elif application.status == Status.REJECTED:
        tell_applicants(application, NotificationKind.DECIDED, MSG_TOLD_REJECTED, reason=reason)


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


def _certificate_issue(application: Application, route: ResolvedRoute) -> None:
    """Issue the approval or refusal of a final decision: the number's prefix comes from the
    route frozen for this pass (the decided task's), the review lines and the issuing agency
    from its decisions."""
    approval = application.status == Status.APPROVED
    certificate_issue(
        application=application,
        decisions=list(selectors.decisions_of_current_pass(application)),
        prefix=route.certificate_prefix if approval else route.refusal_prefix,
    )


# --- Route edits (the admin) -----------------------------------------------------------------


def route_describe(route: Route | None) -> dict[str, Any] | None:
    """What a route says, as stored now: the before/after of its audit event."""
    if route is None or route.pk is None:
        return None
    return {
        "jurisdiction": route.jurisdiction_id,
        "kind": route.kind,
        "district_agency_kind": route.district_agency_kind,
        "final_agency": route.final_agency.code if route.final_agency is not None else None,
        "certificate_prefix": route.certificate_prefix,
        "refusal_prefix": route.refusal_prefix,
        "working_days": {str(step): days for step, days in route.step_limits().items()},
        "consultations": [
            {"agency": c.agency.code, "habitat_domain": c.habitat_domain}
            for c in route.consultations.select_related("agency").order_by("pk")
        ],
    }


def _stored_route(pk: int | None) -> Route | None:
    return Route.objects.select_for_update().filter(pk=pk).first() if pk else None


@transaction.atomic
@audit_appended_last
def route_save(
    *, route: Route, by: User, save_related: Callable[[Route], None], client_ip: str | None = None
) -> Route:
    """Save an edited route and its consulted agencies (``save_related``), and audit both states.

    Running applications keep the route frozen at their submission; new submissions use this.
    """
    before = route_describe(_stored_route(route.pk))
    route.save()
    save_related(route)
    after = route_describe(Route.objects.get(pk=route.pk))
    audit_record(
        action=AuditAction.ROUTE_CHANGED,
        actor=by,
        role="admin",
        client_ip=client_ip,
        details={"route_id": route.pk, "before": before, "after": after},
    )
    return route


@transaction.atomic
@audit_appended_last
def route_delete(*, route: Route, by: User, client_ip: str | None = None) -> None:
    before = route_describe(_stored_route(route.pk))
    route_id = route.pk
    route.delete()
    audit_record(
        action=AuditAction.ROUTE_DELETED,
        actor=by,
        role="admin",
        client_ip=client_ip,
        details={"route_id": route_id, "before": before, "after": None},
    )


# --- Revoked roles ---------------------------------------------------------------------------


@transaction.atomic
@audit_appended_last
def tasks_release_unheld(*, user: User, by: User | None = None) -> list[int]:
    """Open tasks ``user`` holds on steps they may no longer act on (a role revoked) go back to
    their agency's queue, each with an ``unclaim`` event by ``by`` (or the system).

    Locks each application, then its task, in application order, like every other writer.
    Returns the released task ids.
    """
    held = (
        Task.objects.filter(owner=user, flow_task_type="HUMAN", status=STATUS.ASSIGNED)
        .exclude(access.agency_grants(user))
        .values_list("pk", "process__permitprocess__application_id")
        .order_by("process__permitprocess__application_id", "pk")
    )
    released: list[int] = []
    for task_id, application_id in list(held):
        application = application_locked(application_id)
        task = Task.objects.select_for_update().get(pk=task_id)
        if application is None or task.owner_id != user.pk or task.status != STATUS.ASSIGNED:
            continue
        engine.task_unassign(task=task)
        audit_record(
            action=AuditAction.UNCLAIM,
            application=application,
            actor=by,
            agency=task_agency(task),
            role=Role.ADMIN if by is not None else "system",
            from_status=application.status,
            to_status=application.status,
            opinion=str(MSG_ROLE_REVOKED),
            details={
                "task_id": task.pk,
                "step": task_step(task).value,
                "reason": "role_revoked",
                "released_from": user.get_username(),
            },
        )
        released.append(task.pk)
    return released


def on_role_revoked(
    sender: type[Membership], *, user: User, by: User | None = None, **kwargs: Any
) -> None:
    """roles.signals.role_revoked: release what the person can no longer act on."""
    tasks_release_unheld(user=user, by=by)


# --- Starting, ending and closing a review pass ---------------------------------------------
# The applicant's submit and withdraw and the deciding agency's revoke start or end viewflow
# processes or re-issue a decision document from the pass's decisions: they live here, above
# ``permits`` (which keeps the record-level services), so nothing in ``permits`` imports
# ``workflows``.


MSG_NOTE_INVALID = _("The correction note must be text.")
MSG_NOTE_TOO_LONG = _("The correction note may have at most %(max)s characters.")
NOTE_MAX = 2000


def _note_clean(note: object) -> str:
    if not isinstance(note, str):
        raise InvalidInput(problems=[Problem("note", "invalid", str(MSG_NOTE_INVALID))])
    if len(note) > NOTE_MAX:
        message = MSG_NOTE_TOO_LONG % {"max": NOTE_MAX}
        raise InvalidInput(problems=[Problem("note", "max_length", message)])
    return note.strip()


def _resubmission_record(
    detail: Application, by: User, note: str, snapshot: dict[str, Any]
) -> None:
    """A resubmission answers the application's latest return (whichever step returned it)."""
    returned = selectors.latest_decision(detail, Decision.RETURN)
    if returned is not None and not Resubmission.objects.filter(decision=returned).exists():
        Resubmission.objects.create(
            decision=returned,
            application_id=detail.pk,
            note=note,
            snapshot=snapshot,
            submitted_by=by,
        )


@transaction.atomic
@audit_appended_last
@reading_once(DECISION_READS)
def application_submit(
    *, application: Application, by: User, note: object = "", client_ip: str | None = None
) -> Application:
    """Submit a draft, or resubmit a returned application with the applicant's answer to the
    return (``note``, 补正说明), kept on a ``Resubmission`` beside the version resubmitted."""
    access.require(access.can_edit_application(by, application), MSG_NOT_YOURS)
    note = _note_clean(note)
    detail = application_relock(application)
    if detail.status not in EDITABLE_STATUSES:
        raise transition_refused(detail)
    # Authoritative: the layers, the registry and the other applications as they are now.
    screening_refresh(detail)
    if problems := submission_problems(detail):
        raise RulesViolated(problems=problems)
    try:
        route = route_resolve(detail)
    except RouteMissing as missing:
        raise InvalidInput(
            problems=[Problem("district", "no_route", _("No review route is configured here."))]
        ) from missing
    from_status = detail.status
    detail.district_agency, detail.lead_agency = route.district_agency, route.final_agency
    fsm_apply(detail, detail.submit, to=_resumes_at(detail, route))
    # The district agency sees it from now on, and so do the later steps' agencies where a
    # resubmission resumes past the district step.
    application_share_on_submission(
        application=access.base_application(detail),
        agencies=[route.district_agency, *_next_step_agencies(detail, route)],
    )
    snapshot = application_snapshot(detail)
    if from_status == Status.RETURNED:
        _resubmission_record(detail, by, note, snapshot)
    audit_record(
        action=AuditAction.SUBMIT,
        application=detail,
        actor=by,
        role=Role.APPLICANT,
        from_status=from_status,
        to_status=detail.status,
        client_ip=client_ip,
        snapshot=snapshot,
        details={"note": note} if note else None,
    )
    engine.review_start(application=detail, route=route)
    clock.clocks_sync(application=detail, route=route)
    told = MSG_TOLD_SUBMITTED if detail.status == Status.SUBMITTED else MSG_TOLD_RESUBMITTED
    tell_applicants(detail, NotificationKind.SUBMITTED, told)
    return detail


# The status a resubmission resumes at, by the step that returned the application.
RESUMES_AT = {
    Step.ACCEPTANCE: Status.SUBMITTED,
    Step.DISTRICT_REVIEW: Status.DISTRICT_REVIEW,
    Step.MUNICIPAL_REVIEW: Status.MUNICIPAL_REVIEW,
}


def _resumes_at(detail: Application, route: ResolvedRoute) -> Status:
    """A draft goes to acceptance; a returned application back to the step that returned it,
    whose clock resumes there (product.md §11). One exception: when the corrected application is
    consulted by other agencies than the latest countersign round (a habitat domain changed),
    it is consulted again before the municipal step."""
    if detail.status != Status.RETURNED:
        return Status.SUBMITTED
    returned = selectors.latest_decision(detail, Decision.RETURN)
    step = Step(returned.step) if returned is not None else Step.ACCEPTANCE
    status = RESUMES_AT.get(step, Status.SUBMITTED)
    if status == Status.MUNICIPAL_REVIEW and route.consulted_agencies:
        countersigned = {c.agency_id for c in selectors.countersigns_of_current_pass(detail)}
        if countersigned != {agency.pk for agency in route.consulted_agencies}:
            return Status.CONSULTATION
    return status


@transaction.atomic
@audit_appended_last
def application_withdraw(
    *, application: Application, by: User, reason: str, client_ip: str | None = None
) -> Application:
    access.require(access.can_edit_application(by, application), MSG_NOT_YOURS)
    reason = reason_required(reason)
    detail = application_relock(application)
    from_status = detail.status
    fsm_apply(detail, detail.withdraw)
    engine.review_cancel(application=detail)
    clock.clocks_sync(application=detail, route=selectors.current_route(detail))
    audit_record(
        action=AuditAction.WITHDRAW,
        application=detail,
        actor=by,
        role=Role.APPLICANT,
        from_status=from_status,
        to_status=detail.status,
        opinion=reason,
        client_ip=client_ip,
    )
    return detail


@transaction.atomic
@audit_appended_last
def application_revoke(
    *, application: Application, by: User, reason: str, client_ip: str | None = None
) -> Application:
    reason = reason_required(reason)
    detail = application_relock(application)
    access.require(access.can_revoke(by, detail), MSG_NO_REVOKE)
    from_status = detail.status
    fsm_apply(detail, detail.revoke)
    agency = detail.lead_agency or detail.district_agency
    certificate = certificate_rerender_revoked(
        application=detail,
        decisions=list(selectors.decisions_of_current_pass(detail)),
        revoked_on=timezone.localdate(),
        reason=reason,
    )
    if agency is not None:  # always: an agency decided the permit
        notice_issue(
            application=detail,
            kind=DocumentKind.REVOCATION,
            agency=agency,
            signed_by_name=display_name(by),
            reason=reason,
        )
    audit_record(
        action=AuditAction.REVOKE,
        application=detail,
        actor=by,
        agency=agency,
        role=Role.APPROVER if detail.lead_agency_id else Role.REVIEWER,
        from_status=from_status,
        to_status=detail.status,
        opinion=reason,
        client_ip=client_ip,
        # The re-rendered file's hash is recorded by its certificate_issued event after commit.
        details={"number": certificate.number} if certificate else {},
    )
    tell_applicants(detail, NotificationKind.REVOKED, MSG_TOLD_REVOKED, reason=reason)
    return detail
