"""What a filing's review decides (A2, A4, A6): the filing and its obligation as the issuing
agency decided them, an accepted completion inspected next, the permit found not kept, the
holder told."""

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django_fsm import can_proceed

from core.messages import (
    MSG_TOLD_ACCEPTED_SUPERVISION,
    MSG_TOLD_NON_COMPLIANT,
    MSG_TOLD_RETURNED_SUPERVISION,
)
from permits.choices import (
    Decision,
    NotificationKind,
    ObligationKind,
    ObligationStatus,
    Status,
)
from permits.models import Application, Filing, Obligation
from permits.obligations import standard_of
from permits.services import fsm_apply
from workflows.services import (
    TaskAct,
    tell_applicants,
)

from ..inspections import inspection_open

# What the district agency's decision makes of the obligation.
OBLIGATION_AFTER = {
    Decision.ACCEPT: ObligationStatus.ACCEPTED,
    Decision.RETURN: ObligationStatus.RETURNED,
    Decision.NON_COMPLIANT: ObligationStatus.NON_COMPLIANT,
}


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
        tell_applicants(
            application,
            NotificationKind.FILING_REVIEWED,
            MSG_TOLD_ACCEPTED_SUPERVISION,
            filing=kind,
        )
    elif decision == Decision.RETURN:
        tell_applicants(
            application,
            NotificationKind.FILING_REVIEWED,
            MSG_TOLD_RETURNED_SUPERVISION,
            filing=kind,
            count=count,
            due=obligation.due_date.isoformat(),
        )
    else:
        tell_applicants(
            application,
            NotificationKind.FILING_REVIEWED,
            MSG_TOLD_NON_COMPLIANT,
            filing=kind,
            opinion=opinion,
        )
