"""What every decision does once its task is complete (``_after_decision``): the next step's
agencies see the application, the clocks follow the tasks, the decision's event is recorded,
the applicants are told, and the notices, the approval or the refusal are issued."""

from collections.abc import Mapping
from datetime import date
from functools import partial
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone
from viewflow.workflow.models import Task

from documents.issue import certificate_issue
from documents.models import DocumentKind
from documents.notices import notice_issue
from permits import access
from permits.choices import DECISION_ACTION, Decision, Status
from permits.models import Application
from roles.services import permission_grant_for_steps

from .. import clock, selectors
from ..engine.reads import task_route
from ..models import DecisionClock, ResolvedRoute, ReviewDecision
from ._common import _audit, _next_step_agencies
from .applicants import _tell_applicants_of_decision
from .fees import fee_demand
from .national import forwarding_open


def _grant_next_steps(application: Application, route: ResolvedRoute) -> None:
    """Agencies see an application once a step is sent to them."""
    agencies = _next_step_agencies(application, route)
    permission_grant_for_steps(application=access.base_application(application), agencies=agencies)
    if agencies:  # what the decision's block kept of the permissions on it may be stale
        access.application_grants_noted(access.VIEW_APPLICATION)


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
        _certificate_issue(application, task_route(task), record.step)
    elif application.status == Status.FORWARDED:
        forwarding_open(application, task, record)
    elif application.status == Status.AWAITING_FEE and record.agency is not None:
        fee_demand(
            application=application,
            agency=record.agency,
            signed_by_name=record.decided_by_name,
            today=today,
        )
    _decision_documents(application, record, started, task_route(task))


def _period_promised(legal: DecisionClock | None, route: ResolvedRoute) -> dict[str, Any]:
    """What the acceptance notice prints of the legal period (documents.notices)."""
    if legal is None:
        return {}
    joint = [route.district_agency, *route.consulted_agencies]
    if route.final_agency is not None:
        joint.append(route.final_agency)
    return {
        "procedure": legal.procedure,
        "deciding_agency": legal.deciding_agency.name,
        "forwards": route.forwards,
        "forward_working_days": route.forward_working_days,
        "forward_due_date": legal.forward_due_date,
        "decision_working_days": legal.decision_working_days,
        "decision_due_date": legal.due_date,
        "extension_working_days": legal.extension_allowed_working_days,
        "joint_agencies": list(dict.fromkeys(agency.name for agency in joint)),
        "correction_basis": route.review_correction_basis,
        "joint_basis": route.joint_handling_basis,
    }


def _decision_documents(
    application: Application,
    record: ReviewDecision,
    deadline: clock.Deadline | None,
    route: ResolvedRoute,
) -> None:
    """The notices of the acceptance step and of returns (product.md §11), issued by the
    deciding agency and signed by the decider."""
    if record.agency is None:  # every decision is an agency's (nullable for the backfill)
        return
    issue = partial(
        notice_issue,
        application=application,
        agency=record.agency,
        signed_by_name=record.decided_by_name,
    )
    if record.decision == Decision.ACCEPT:
        issue(
            kind=DocumentKind.ACCEPTANCE_NOTICE,
            extra={
                # The review clock starts on the day of acceptance (for a deemed acceptance the
                # day the materials were received).
                "accepted_on": deadline.started_on
                if deadline
                else timezone.localdate(record.decided_at),
                "deemed": record.decided_by_id is None,
                **_period_promised(clock.decision_clock_of(application), route),
            },
        )
    elif record.decision == Decision.NOT_ACCEPT:
        issue(kind=DocumentKind.NON_ACCEPTANCE, reason=record.opinion, grounds=record.grounds)
    elif record.decision == Decision.RETURN:
        issue(
            kind=DocumentKind.CORRECTION_NOTICE,
            reason=record.opinion,
            items=list(record.return_items.all()),
        )


def _certificate_issue(application: Application, route: ResolvedRoute, step: str) -> None:
    """Issue the approval or refusal of a final decision, decided at ``step``: the number's
    prefix comes from the route frozen for this pass (the decided task's), the review lines and
    the issuing agency from its decisions."""
    approval = application.status == Status.APPROVED
    certificate_issue(
        application=application,
        decisions=list(selectors.decisions_of_current_pass(application)),
        prefix=route.certificate_prefix if approval else route.refusal_prefix_at(step),
        hearings=selectors.hearings_cited(application),
    )
