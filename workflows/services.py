"""The review: the applicant's submit and withdraw, reviewers' claim, unclaim and decide, the
deciding agency's revoke, route edits. One transaction each; the application row is locked
first, then the task: two reviewers deciding one task queue; the second gets 409."""

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from permits import access, policies
from permits.audit import audit_record, display_name
from permits.certificates.issue import certificate_issue, certificate_rerender_revoked
from permits.choices import (
    CONSULTATION_DECISIONS,
    DECISION_ACTION,
    DECISIONS_NEEDING_OPINION,
    EDITABLE_STATUSES,
    REVIEW_DECISIONS,
    AttachmentKind,
    AuditAction,
    Decision,
    Status,
    Step,
)
from permits.errors import InvalidInput, NotVisible, Problem, RulesViolated, StateConflict
from permits.facts import application_facts, application_snapshot
from permits.models import Application, AuditEvent
from permits.services import (
    MSG_NO_REVOKE,
    MSG_NOT_YOURS,
    application_locked,
    application_relock,
    fsm_apply,
    reason_required,
    submission_problems,
    transition_refused,
)
from roles.models import Agency, AgencyKind, Membership, Role
from roles.services import application_share_with_auditors, permission_grant_for_step

from . import engine, selectors
from .models import (
    Countersign,
    PermitProcess,
    ResolvedRoute,
    ReturnItem,
    ReviewDecision,
    Route,
    RouteMissing,
    route_resolve,
)

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

STEP_ROLE = {
    Step.DISTRICT_REVIEW: Role.REVIEWER,
    Step.CONSULTATION: Role.CONSULTANT,
    Step.MUNICIPAL_REVIEW: Role.APPROVER,
}


def task_step(task: Task) -> Step:
    from .flows import NODE_STEP

    return NODE_STEP[task.flow_task.name]


def task_route(task: Task) -> ResolvedRoute:
    """The route frozen on the task's review pass at submission."""
    process: PermitProcess = PermitProcess.objects.get(pk=task.process_id)
    return process.frozen_route


def task_agency(task: Task) -> Agency:
    """The agency the task is for (its step's agency, or the consulted agency)."""
    return Agency.objects.get(pk=task.owner_permission_obj_pk)


def _locked_task(task_id: int | str, user: User) -> tuple[Task, Application]:
    """Lock the application, then the task; 404 for what the user may not see."""
    try:
        task = Task.objects.select_related("process").get(pk=task_id, flow_task_type="HUMAN")
        application_id = task.process.permitprocess.application_id
    except (Task.DoesNotExist, ValueError, TypeError):
        raise NotVisible() from None
    application = application_locked(application_id)
    if application is None or not access.can_see_task(user, task, application):
        raise NotVisible()
    return Task.objects.select_for_update().get(pk=task_id), application


def _require_open(task: Task, user: User) -> None:
    access.require(access.may_act_on_step(user, task), MSG_NOT_YOUR_AGENCY)
    if task.status not in (STATUS.NEW, STATUS.ASSIGNED):
        raise StateConflict(MSG_TASK_DONE, [Problem(None, "task_closed", str(MSG_TASK_DONE))])
    if task.owner_id and task.owner_id != user.pk:
        raise StateConflict(MSG_TASK_TAKEN, [Problem(None, "task_taken", str(MSG_TASK_TAKEN))])


def _audit(
    action: AuditAction,
    task: Task,
    application: Application,
    by: User,
    client_ip: str | None,
    extra: Mapping[str, Any] | None = None,
    **kwargs: Any,
) -> AuditEvent:
    return audit_record(
        action=action,
        application=application,
        actor=by,
        agency=task_agency(task),
        role=STEP_ROLE.get(task_step(task), ""),
        client_ip=client_ip,
        details={"task_id": task.pk, "step": task_step(task).value, **(extra or {})},
        **kwargs,
    )


@transaction.atomic
def task_claim(*, task_id: int | str, by: User, client_ip: str | None = None) -> Task:
    task, application = _locked_task(task_id, by)
    _require_open(task, by)
    if task.owner_id == by.pk:
        return task
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
    allowed = CONSULTATION_DECISIONS if step == Step.CONSULTATION else REVIEW_DECISIONS
    if decision not in allowed:
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
    """What a municipal approval needs besides the approver's will (PRODUCT §5, rule O3)."""
    countersigns = list(_countersigns(task))
    disagreements = [c for c in countersigns if c.decision == Decision.DISAGREE]
    if disagreements and not opinion:
        raise InvalidInput(
            problems=[Problem("opinion", "reason_required", str(MSG_REASON_AGAINST_DISAGREEMENT))]
        )
    if policies.final_approval_requires_planning_agreement(application_facts(application)):
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
    elif decision == Decision.RETURN:
        fsm_apply(application, application.return_for_revision)
    elif decision == Decision.REJECT:
        fsm_apply(application, application.reject)
    elif step == Step.DISTRICT_REVIEW:
        fsm_apply(application, application.district_approve, to=route.after_district_approval())
    else:
        fsm_apply(application, application.municipal_approve)


def _grant_next_steps(application: Application, task: Task) -> None:
    """Agencies see an application once a step is sent to them."""
    base = access.base_application(application)
    if application.status == Status.CONSULTATION:
        for agency in task_route(task).consulted_agencies:
            permission_grant_for_step(application=base, agency=agency)
    elif application.status == Status.MUNICIPAL_REVIEW and application.lead_agency is not None:
        permission_grant_for_step(application=base, agency=application.lead_agency)


MSG_RETURN_ITEM = _("Each item needs a message, and at most a field and an attachment kind.")


def _validate_return_items(items: object) -> list[dict[str, str]]:
    """``[{"field", "attachment_kind", "message"}]`` as API.md writes them (optional for now)."""
    if items is None:
        return []
    problem = Problem("items", "invalid", str(MSG_RETURN_ITEM))
    if not isinstance(items, list):
        raise InvalidInput(problems=[problem])
    clean: list[dict[str, str]] = []
    for item in items:
        if not isinstance(item, dict) or set(item) - {"field", "attachment_kind", "message"}:
            raise InvalidInput(problems=[problem])
        field, kind, message = item.get("field"), item.get("attachment_kind"), item.get("message")
        if not (
            isinstance(message, str)
            and message.strip()
            and (field is None or isinstance(field, str))
            and (kind is None or kind in AttachmentKind.values)
        ):
            raise InvalidInput(problems=[problem])
        clean.append({"field": field or "", "attachment_kind": kind or "", "message": message})
    return clean


def _decision_record(
    application: Application,
    task: Task,
    by: User,
    decision: Decision,
    opinion: str,
    details: Mapping[str, Any],
    items: list[dict[str, str]],
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
        decided_by_name=display_name(by),
        decision=decision,
        opinion=opinion,
        against_disagreement=details.get("against_disagreement", []),
    )
    ReturnItem.objects.bulk_create(ReturnItem(decision=record, **item) for item in items)
    return record


@transaction.atomic
def task_decide(
    *,
    task_id: int | str,
    by: User,
    decision: str,
    opinion: str = "",
    items: list[dict[str, Any]] | None = None,
    client_ip: str | None = None,
) -> tuple[Task, Application]:
    """Claim (if open) and decide a review task; returns (task, application).

    The decision is kept as a ``ReviewDecision`` row (with its ``ReturnItem`` rows for a
    return), which documents and pages read; the audit event records it as evidence."""
    task, application = _locked_task(task_id, by)
    _require_open(task, by)
    step = task_step(task)
    decision, opinion = _validate_decision(step, decision, opinion)
    return_items = _validate_return_items(items) if decision == Decision.RETURN else []
    details = (
        _check_final_approval(application, task, opinion)
        if step == Step.MUNICIPAL_REVIEW and decision == Decision.APPROVE
        else {}
    )
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
    _decision_record(application, task, by, decision, opinion, details, return_items)
    task.data = {**task.data, "decision": decision.value, "opinion": opinion}
    task.save(update_fields=["data"])
    engine.task_complete(task=task, by=by)
    _grant_next_steps(application, task)
    _audit(
        DECISION_ACTION[decision],
        task,
        application,
        by,
        client_ip,
        from_status=from_status,
        to_status=application.status,
        opinion=opinion,
        snapshot=snapshot,
        extra=details,
    )
    if application.status in (Status.APPROVED, Status.REJECTED):
        _certificate_issue(application)
    task.refresh_from_db()
    return task, application


def _certificate_issue(application: Application) -> None:
    """Issue the approval or refusal of a final decision: the number's prefix comes from the
    route frozen for this pass, the review lines and the issuing agency from its decisions."""
    route = selectors.current_route(application)
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
        "consultations": [
            {"agency": c.agency.code, "habitat_domain": c.habitat_domain}
            for c in route.consultations.select_related("agency").order_by("pk")
        ],
    }


def _stored_route(pk: int | None) -> Route | None:
    return Route.objects.select_for_update().filter(pk=pk).first() if pk else None


@transaction.atomic
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


@transaction.atomic
def application_submit(
    *, application: Application, by: User, client_ip: str | None = None
) -> Application:
    access.require(access.can_edit_application(by, application), MSG_NOT_YOURS)
    detail = application_relock(application)
    if detail.status not in EDITABLE_STATUSES:
        raise transition_refused(detail)
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
    fsm_apply(detail, detail.submit)
    base = access.base_application(detail)
    permission_grant_for_step(application=base, agency=route.district_agency)
    application_share_with_auditors(application=base)
    audit_record(
        action=AuditAction.SUBMIT,
        application=detail,
        actor=by,
        role=Role.APPLICANT,
        from_status=from_status,
        to_status=detail.status,
        client_ip=client_ip,
        snapshot=application_snapshot(detail),
    )
    engine.review_start(application=detail, route=route)
    return detail


@transaction.atomic
def application_withdraw(
    *, application: Application, by: User, reason: str = "", client_ip: str | None = None
) -> Application:
    access.require(access.can_edit_application(by, application), MSG_NOT_YOURS)
    detail = application_relock(application)
    from_status = detail.status
    fsm_apply(detail, detail.withdraw)
    engine.review_cancel(application=detail)
    audit_record(
        action=AuditAction.WITHDRAW,
        application=detail,
        actor=by,
        role=Role.APPLICANT,
        from_status=from_status,
        to_status=detail.status,
        opinion=(reason or "").strip(),
        client_ip=client_ip,
    )
    return detail


@transaction.atomic
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
        details={"number": certificate.number, "pdf_sha256": certificate.pdf_sha256}
        if certificate
        else {},
    )
    return detail
