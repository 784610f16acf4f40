"""What the applicants are told of each outcome (product.md §12): the messages, and
``tell_applicants``, which notifies the applicant organisation's members in the site's
language."""

from typing import Any

from django.conf import settings
from django.utils import translation

from core.messages import (
    MSG_TOLD_ACCEPTED,
    MSG_TOLD_APPROVED,
    MSG_TOLD_NOT_ACCEPTED,
    MSG_TOLD_REJECTED,
    MSG_TOLD_RETURNED,
)
from permits import access
from permits.choices import Decision, NotificationKind, Status
from permits.models import Application
from permits.notifications import notify

from .. import clock
from ..models import ReviewDecision


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
        legal = deadline.decision_due_date if deadline else None
        agency = deadline.deciding_agency["name"] if deadline and deadline.deciding_agency else "—"
        due = legal.isoformat() if legal else "—"
        tell_applicants(
            application, NotificationKind.ACCEPTED, MSG_TOLD_ACCEPTED, due=due, agency=agency
        )
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
