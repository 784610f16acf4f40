"""An introduction's window closes (product.md §18 B6): the approval allows the species to be
brought in until ``IntroductionApplication.introduction_until`` (the jurisdiction's
``introduction_window_months`` from the approval, never past the monitoring period; printed
among the approval's conditions). The day after, the tick records the close once: an audit
event by ``system`` and the holder told that nothing more may be brought in. The permit stays in
force for what it still allows and owes: its monitoring and control reports run on to the end of
the monitoring period, an escape is reported as before. Nothing is decided, so no document."""

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from audit.choices import AuditAction
from audit.trail import audit_appended_last
from core.messages import MSG_TOLD_CLOSED
from permits.acts import Act
from permits.choices import WINDOW_NEWS_STATUSES, NotificationKind
from permits.models import Application, IntroductionApplication
from permits.services import application_relock
from workflows.services.applicants import tell_applicants


def introduction_windows_close(now: datetime) -> int:
    """Introductions whose window ended before today and is not yet recorded closed: each is
    recorded once (re-checked under the application's row lock, so overlapping ticks on any
    number of machines act once)."""
    today = timezone.localdate(now)
    due = IntroductionApplication.objects.filter(
        status__in=WINDOW_NEWS_STATUSES,
        introduction_until__lt=today,
        introduction_closed_on__isnull=True,
    ).values_list("pk", flat=True)
    return sum(_close_one(pk, today) for pk in list(due))


@transaction.atomic
@audit_appended_last
def _close_one(pk: int, today: date) -> bool:
    detail = application_relock(Application(pk=pk))
    until = getattr(detail, "introduction_until", None)
    if (
        detail.status not in WINDOW_NEWS_STATUSES
        or until is None
        or until >= today
        or getattr(detail, "introduction_closed_on", None) is not None
    ):
        return False
    # The day the window closed (the day after its last), whenever the tick gets to it.
    closed_on = until + timedelta(days=1)
    IntroductionApplication.objects.filter(pk=pk).update(introduction_closed_on=closed_on)
    Act.of_deciding_agency(detail, None).record(
        AuditAction.INTRODUCTION_CLOSED,
        details={
            "introduction_until": until.isoformat(),
            "closed_on": closed_on.isoformat(),
            "valid_until": detail.valid_until.isoformat() if detail.valid_until else None,
        },
    )
    end = detail.valid_until.isoformat() if detail.valid_until else "—"
    tell_applicants(
        detail,
        NotificationKind.INTRODUCTION_CLOSED,
        MSG_TOLD_CLOSED,
        until=until.isoformat(),
        end=end,
    )
    return True
