"""Reads of the permit's own life for the doors: the statement notices of a permit and what
the reader may do about them (the services check again when they act)."""

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.utils import timezone
from django_fsm import can_proceed

from permits import access
from permits.models import Application

from .grounds import BASIS
from .models import StatementNotice, StatementStatus


@dataclass
class StatementPanel:
    """The statement notices of a permit as a page shows them, and the reader's acts."""

    notices: list[dict[str, Any]] = field(default_factory=list)
    may_notify: bool = False  # the deciding agency, a permit in force, nothing pending
    may_answer: bool = False  # the holder, an open notice within its period
    may_drop: bool = False  # the deciding agency, a notice pending


def statement_notices_of(application: Application) -> list[StatementNotice]:
    return list(
        StatementNotice.objects.filter(application_id=application.pk).select_related(
            "agency", "notice"
        )
    )


def statement_panel(user: User | AnonymousUser, application: Application) -> StatementPanel:
    """What the application page shows of the statement notices (one query for the notices;
    none for a file that was never a permit)."""
    decides = access.can_revoke(user, application)
    in_force = can_proceed(application.revoke)
    if not in_force and not application.statement_notices.exists():
        return StatementPanel()
    today = timezone.localdate()
    notices = statement_notices_of(application)
    pending = next((n for n in notices if n.is_pending), None)
    return StatementPanel(
        notices=[
            {
                "notice": n,
                "basis": BASIS[n.ground].reference if n.ground in BASIS else "",
                "ground_words": BASIS[n.ground].words if n.ground in BASIS else n.ground,
                "period_over": n.period_over(today),
            }
            for n in notices
        ],
        may_notify=decides and in_force and pending is None,
        may_answer=(
            pending is not None
            and pending.status == StatementStatus.OPEN
            and not pending.period_over(today)
            and access.can_edit_application(user, application)
        ),
        may_drop=decides and pending is not None,
    )
