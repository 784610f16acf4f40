"""What the holder files after the approval and its review (product.md §17 A1, A4, A5).

A filing (``permits.filings``: its data checked per kind, its photos stored) starts a review
(``flows.FilingReviewFlow``) in the same transaction: a task of the issuing district agency,
and for an escape incident of each agency consulted on the habitat, each on a working-day clock
of the jurisdiction's supervision standard (reminded and escalated by the tick like every
step's, ``workflows.clock_jobs``). The district agency decides the filing: ``accept``,
``return`` (items; the obligation is owed again, with days to correct) or ``non_compliant``
(the permit is found not kept). A consulted agency accepts or finds it not compliant; its word
is recorded beside the district agency's. ``workflows.services.task_decide`` hands this step's
task to ``filing_review_decide`` (``PERMITS_STEP_DECIDERS``) under the locks it took.
"""

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import can_proceed
from viewflow.workflow.models import Task

from audit.choices import AuditAction
from audit.trail import audit_appended_last, display_name
from core.errors import InvalidInput
from permits.choices import (
    DECISIONS_NEEDING_OPINION,
    OBLIGATION_REVIEW_DECISIONS,
    Decision,
    NotificationKind,
    ObligationKind,
    ObligationStatus,
    Status,
)
from permits.filings import FIELDS, filing_create, incident_report
from permits.models import Application, Filing, Obligation
from permits.obligations import standard_of
from permits.services import fsm_apply
from permits.uploads import Upload
from workflows.clock import process_clocks_start
from workflows.engine.reads import task_agency
from workflows.selectors import current_route
from workflows.services import (
    MSG_DECISION_INVALID,
    MSG_OPINION_REQUIRED,
    MSG_TOO_LONG,
    TEXT_MAX,
    Decided,
    TaskAct,
    return_items_validate,
    tell_applicants,
)

from .flows import FilingReviewFlow
from .inspections import inspection_open
from .rectifications import rectification_order

MSG_NO_GROUNDS = _("A filing's review names no grounds of refusal.")
MSG_ITEMS_ONLY_WITH_RETURN = _("Items to correct go only with a return.")
MSG_TOLD_ACCEPTED = _("{filing} of application {reference} was accepted.")
MSG_TOLD_RETURNED = _(
    "{filing} of application {reference} was returned for correction: {count} item(s), "
    "to file again by {due}."
)
MSG_TOLD_NON_COMPLIANT = _(
    "{filing} of application {reference} shows the permit is not kept: {opinion}"
)
# A filing's fields a return may name besides its data.
FILING_EXTRA_FIELDS = ("note", "photos")
# What the district agency's decision makes of the obligation.
OBLIGATION_AFTER = {
    Decision.ACCEPT: ObligationStatus.ACCEPTED,
    Decision.RETURN: ObligationStatus.RETURNED,
    Decision.NON_COMPLIANT: ObligationStatus.NON_COMPLIANT,
}
# A consulted agency's word on an escape incident (the filing is the district agency's).
CONSULTED_DECISIONS = (Decision.ACCEPT, Decision.NON_COMPLIANT)


@transaction.atomic
@audit_appended_last
def filing_submit(
    *,
    obligation_id: int | str,
    by: User,
    data: Any,
    note: str = "",
    uploads: Sequence[Upload] = (),
    client_ip: str | None = None,
) -> Filing:
    """The holder files against an owed obligation; its review starts (``filing_create``
    refuses what may not be filed: nothing is kept then)."""
    filing = filing_create(
        obligation_id=obligation_id,
        by=by,
        data=data,
        note=note,
        uploads=uploads,
        client_ip=client_ip,
    )
    review_start(filing)
    return filing


@transaction.atomic
@audit_appended_last
def incident_submit(
    *,
    application: Application,
    by: User,
    data: Any,
    note: str = "",
    uploads: Sequence[Upload] = (),
    client_ip: str | None = None,
) -> Filing:
    """An escape reported by the holder at any time; its urgent review starts."""
    filing = incident_report(
        application=application,
        by=by,
        data=data,
        note=note,
        uploads=uploads,
        client_ip=client_ip,
    )
    review_start(filing)
    return filing


def review_start(filing: Filing) -> list[Task]:
    """Start the review of ``filing`` (inside the filing's transaction): its tasks, each on a
    clock of the standard's working days for the filing's kind."""
    application = filing.obligation.application
    process = FilingReviewFlow.start.run(filing=filing, route=current_route(application))
    limit = standard_of(application.jurisdiction_id).review_limit(filing.obligation.kind)
    return process_clocks_start(process_pk=process.pk, limit=limit)


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


def filing_review_decide(
    act: TaskAct,
    *,
    decision: str,
    opinion: str,
    items: list[dict[str, Any]] | None,
    grounds: list[str] | None,
) -> Decided:
    """The decider of a filing's review task (``workflows.services.task_decide`` hands it the
    task it locked and checked open to the decider); nothing changes when it refuses."""
    task, application, by = act.task, act.application, act.by
    offered = decisions_offered(task, application)
    issuing = offered == OBLIGATION_REVIEW_DECISIONS
    chosen, text = _decision_clean(decision, opinion, offered)
    if grounds:
        raise InvalidInput.on("grounds", "not_allowed", MSG_NO_GROUNDS)
    filing, obligation = _filing_locked(act)
    return_items = _items_clean(chosen, items, obligation, application.kind)
    details: dict[str, Any] = {}
    due_before = obligation.due_date
    if issuing:
        details.update(_issuing_decided(act, filing, obligation, chosen, text, return_items))
    if chosen == Decision.NON_COMPLIANT:
        _found_non_compliant(application, obligation)
        if issuing:  # the district agency orders the correction (A6)
            rectification = rectification_order(
                application=application,
                agency=task_agency(task),
                by=by,
                items=[{"message": text}],
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


def _issuing_decided(
    act: TaskAct,
    filing: Filing,
    obligation: Obligation,
    chosen: Decision,
    text: str,
    return_items: list[dict[str, str]],
) -> dict[str, Any]:
    """The issuing district agency's decision on the filing and its obligation; an accepted
    completion or restoration is inspected next (A2, A4)."""
    now = timezone.now()
    filing.review_decision = chosen.value
    filing.review_opinion = text
    filing.review_items = return_items
    filing.reviewed_at = now
    filing.reviewed_by = act.by
    fields = ["review_decision", "review_opinion", "review_items", "reviewed_at", "reviewed_by"]
    filing.save(update_fields=fields)
    _obligation_decided(obligation, act.application, chosen, now)
    if chosen != Decision.ACCEPT:
        return {}
    inspection = inspection_open(
        filing=filing, application=act.application, by=act.by, client_ip=act.client_ip
    )
    return {"inspection_id": inspection.pk} if inspection is not None else {}


def _obligation_decided(
    obligation: Obligation, application: Application, decision: Decision, now: Any
) -> None:
    obligation.status = OBLIGATION_AFTER[decision]
    fields = ["status"]
    if decision == Decision.RETURN:
        # Owed again: the holder has the standard's days to correct it, never less than the
        # first due date allowed; the tick's reminders and lateness start afresh.
        days = standard_of(application.jurisdiction_id).correction_days
        obligation.due_date = max(obligation.due_date, timezone.localdate(now) + timedelta(days))
        obligation.reminders_sent = 0
        obligation.overdue_notified_at = None
        fields += ["due_date", "reminders_sent", "overdue_notified_at"]
    else:
        obligation.closed_at = now
        fields.append("closed_at")
    obligation.save(update_fields=fields)


def _found_non_compliant(application: Application, obligation: Obligation) -> None:
    """The permit is found not kept: a temporary use's land not restored is
    ``restoration_overdue`` (A4), anything else ``non_compliant``; a permit already found so
    stays as it is (a rectification follows, A6)."""
    if obligation.kind == ObligationKind.RESTORATION_COMPLETION:
        if can_proceed(application.restoration_late):
            fsm_apply(application, application.restoration_late)
        return
    if application.status != Status.NON_COMPLIANT and can_proceed(application.find_non_compliant):
        fsm_apply(application, application.find_non_compliant)


def _tell_holder(
    application: Application, obligation: Obligation, decision: Decision, opinion: str, count: int
) -> None:
    kind = obligation.get_kind_display()
    if decision == Decision.ACCEPT:
        tell_applicants(application, NotificationKind.FILING, MSG_TOLD_ACCEPTED, filing=kind)
    elif decision == Decision.RETURN:
        tell_applicants(
            application,
            NotificationKind.FILING,
            MSG_TOLD_RETURNED,
            filing=kind,
            count=count,
            due=obligation.due_date.isoformat(),
        )
    else:
        tell_applicants(
            application,
            NotificationKind.FILING,
            MSG_TOLD_NON_COMPLIANT,
            filing=kind,
            opinion=opinion,
        )
