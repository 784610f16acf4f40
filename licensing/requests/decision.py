"""The deciding agency accepts a request (受理通知书 or 不予受理决定书), then decides it: the
decider of both tasks (``permit_request_decide``, named by ``PERMITS_STEP_DECIDERS``), what it
may decide, the acceptance and the refusal; a grant is ``grants``."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Task

from audit.choices import AuditAction
from core.errors import InvalidInput, Problem, StateConflict
from core.messages import (
    MSG_CLOSED,
    MSG_DECISION,
    MSG_NO_GROUNDS,
    MSG_NO_ITEMS_LICENSING,
    MSG_OPINION,
    MSG_SURRENDER_WHILE_HEARD,
    MSG_TOLD_ACCEPTED_LICENSING,
    MSG_TOLD_NOT_ACCEPTED_LICENSING,
    MSG_TOLD_REFUSED,
)
from documents.models import DocumentKind
from documents.notices.by_act import act_notice_issue
from permits.acts import Act
from permits.choices import (
    Decision,
    Step,
)
from permits.obligations import (
    standard_of,
)
from workflows.clock import process_clocks_start
from workflows.deadlines import add_working_days
from workflows.services import Asked, Decided, TaskAct
from workflows.services.steps import task_step

from ..models import (
    PENDING_STATUSES,
    PermitRequest,
    RequestKind,
    RequestStatus,
    StatementNotice,
)
from ._common import RequestAct, _in_force_refused, _request_extra
from .grants import _grant


def decisions_offered(task: Task, request: PermitRequest) -> tuple[Decision, ...]:
    """Acceptance: accept or not; the decision: grant or refuse (a surrender is granted: the
    holder gives the permit up, what it owes stays owed)."""
    if task_step(task) == Step.REQUEST_ACCEPTANCE:
        return (Decision.ACCEPT, Decision.NOT_ACCEPT)
    if request.kind == RequestKind.SURRENDER:
        return (Decision.APPROVE,)
    return (Decision.APPROVE, Decision.REJECT)


def request_of_task(task: Task) -> PermitRequest:
    return PermitRequest.objects.select_for_update(of=("self",)).get(
        pk=task.process.permitprocess.permit_request_id
    )


def _request_decision_clean(offered: tuple[Decision, ...], asked: Asked) -> tuple[Decision, str]:
    decision, opinion = asked.decision, asked.opinion
    problems = []
    if decision not in offered:
        problems.append(Problem("decision", "invalid_choice", str(MSG_DECISION)))
    text = opinion.strip() if isinstance(opinion, str) else ""
    needs_reason = decision in (Decision.NOT_ACCEPT, Decision.REJECT)
    if needs_reason and not text:
        problems.append(Problem("opinion", "required", str(MSG_OPINION)))
    if len(text) > 4000:
        problems.append(Problem("opinion", "max_length", str(_("At most 4000 characters."))))
    if asked.grounds:
        problems.append(Problem("grounds", "not_allowed", str(MSG_NO_GROUNDS)))
    if asked.items:
        problems.append(Problem("items", "not_allowed", str(MSG_NO_ITEMS_LICENSING)))
    if problems:
        raise InvalidInput(problems=problems)
    return Decision(decision), text


def permit_request_decide(act: TaskAct, asked: Asked) -> Decided:
    """The decider of a request's acceptance and review tasks (``workflows.services.task_decide``
    hands it the task it locked and checked open to the decider); nothing changes when it
    refuses."""
    task, application = act.task, act.application
    request = request_of_task(task)
    offered = decisions_offered(task, request)
    chosen, text = _request_decision_clean(offered, asked)
    # The permit ended meanwhile (revoked, lapsed), or the law decided the renewal first: the
    # act that did closed the request and its tasks.
    _in_force_refused(application)
    if not request.is_open:
        raise StateConflict.on("request_closed", MSG_CLOSED)
    # The request is decided in the name of the agency that decided the permit, in its role
    # (``steps.task_role``); the event names the task's substitute as the task's act does.
    on_permit = Act.of_deciding_agency(application, act.by, act.client_ip)
    deciding = RequestAct(on_permit, request, text, act.details)
    now = timezone.now()
    # The request's state first: the flow reads it to go on (``flows.was_accepted``).
    if task_step(task) == Step.REQUEST_ACCEPTANCE:
        _accept_or_not(deciding, chosen, now)
        if chosen != Decision.ACCEPT:
            return Decided(chosen, text)
        limit = standard_of(application.jurisdiction_id).request_review_working_days

        def review_clock() -> None:
            process_clocks_start(process_pk=task.process_id, limit=limit)

        return Decided(chosen, text, review_clock)
    request.decided_at, request.decided_by, request.opinion = now, act.by, text
    if chosen == Decision.REJECT:
        _refuse(deciding)
    else:
        _surrender_not_while_heard(request)
        _grant(deciding)
    return Decided(chosen, text)


def _surrender_not_while_heard(request: PermitRequest) -> None:
    """A surrender does not cut short a revocation or withdrawal being heard (its 陈述申辩告知书
    pending): a 注销 on request would leave the 撤销 undecided and its ground unstated. The
    surrender stays filed and accepted; it is decided once that procedure has ended (a revocation
    or withdrawal decided closes it, as any request on a permit that ended)."""
    if request.kind != RequestKind.SURRENDER:
        return
    heard = (
        StatementNotice.objects.filter(
            application_id=request.application_id, status__in=PENDING_STATUSES
        )
        .select_related("notice")
        .first()
    )
    if heard is not None:
        number = heard.notice.number if heard.notice_id else ""
        raise StateConflict.on(
            "revocation_pending", str(MSG_SURRENDER_WHILE_HEARD) % {"number": number}
        )


def _accept_or_not(deciding: RequestAct, chosen: Decision, now: datetime) -> None:
    detail, request, by, text = deciding.detail, deciding.request, deciding.by, deciding.text
    today = timezone.localdate(now)
    extra = _request_extra(detail, request)
    if chosen == Decision.ACCEPT:
        standard = standard_of(detail.jurisdiction_id)
        due = add_working_days(today, standard.request_review_working_days)
        if request.kind == RequestKind.RENEWAL and request.valid_until_then:
            due = min(due, request.valid_until_then)  # art. 50(2): before the permit ends
        request.status, request.accepted_at = RequestStatus.ACCEPTED, now
        request.save(update_fields=["status", "accepted_at"])
        document = act_notice_issue(
            deciding.act,
            DocumentKind.ACCEPTANCE_NOTICE,
            extra={**extra, "accepted_on": today, "decision_due_date": due},
        )
        action, message, told_due = AuditAction.REQUEST_ACCEPTED, MSG_TOLD_ACCEPTED_LICENSING, due
    else:
        request.status, request.decided_at, request.decided_by = (
            RequestStatus.NOT_ACCEPTED,
            now,
            by,
        )
        request.opinion = text
        document = act_notice_issue(
            deciding.act,
            DocumentKind.NON_ACCEPTANCE,
            reason=text,
            extra=extra,
        )
        request.decision = document
        request.save(update_fields=["status", "decided_at", "decided_by", "opinion", "decision"])
        action, message, told_due = (
            AuditAction.REQUEST_NOT_ACCEPTED,
            MSG_TOLD_NOT_ACCEPTED_LICENSING,
            None,
        )
    deciding.done(action, document, message, due=told_due.isoformat() if told_due else "")


def _refuse(deciding: RequestAct) -> None:
    detail, request, text = deciding.detail, deciding.request, deciding.text
    kind = (
        DocumentKind.CHANGE_DECISION
        if request.kind == RequestKind.CHANGE
        else DocumentKind.RENEWAL_DECISION
    )
    document = act_notice_issue(
        deciding.act,
        kind,
        reason=text,
        extra={**_request_extra(detail, request), "outcome": "refused"},
    )
    deciding.done(
        AuditAction.REQUEST_REFUSED, document, MSG_TOLD_REFUSED, status=RequestStatus.REFUSED
    )
