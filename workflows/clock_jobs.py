"""The clock's time-driven work, run by ``workflows.tick`` (product.md §11, §12).

Deemed acceptance, reminders before a due date and escalation to the head after it. Each is
idempotent and safe when ticks overlap: a clock is taken under its row lock (``skip_locked``:
one another tick holds is that tick's), re-checked there, and marked with the due date it
handled, so an extension (a new due date) reminds and escalates again, and nothing else does.
"""

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone, translation

from core.messages import MSG_OVERDUE, MSG_REMINDER
from permits import access
from permits.choices import NotificationKind, Step
from permits.notifications import notify

from .deadlines import add_working_days
from .models import StepClock
from .services import (
    acceptance_deem,
    fee_remind,
    fees_unpaid,
    hearing_overdue_tell,
    hearings_overdue,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _running() -> QuerySet[StepClock]:
    return StepClock.objects.filter(ended_at__isnull=True, running_since__isnull=False)


def acceptances_deem(now: datetime) -> int:
    """Acceptances undecided past their time limit are accepted by the system (art. 32)."""
    today = timezone.localdate(now)
    due = _running().filter(step=Step.ACCEPTANCE, due_date__lt=today)
    application_ids = list(due.values_list("application_id", flat=True).distinct())
    return sum(acceptance_deem(application_id=pk, today=today) for pk in application_ids)


def fees_unpaid_report(now: datetime) -> int:
    """A restoration fee unpaid the route's days after its notice: the collecting agency's
    heads are told, once (product.md §16 L7; ``fee_remind`` checks the days under its locks)."""
    today = timezone.localdate(now)
    return sum(fee_remind(fee_id=pk, today=today) for pk in fees_unpaid(today))


def hearings_overdue_report(now: datetime) -> int:
    """A hearing asked for and not held by the day art. 47 sets: the agency's heads are told,
    once (``hearing_overdue_tell`` checks it again under its locks)."""
    today = timezone.localdate(now)
    return sum(hearing_overdue_tell(hearing_id=pk, today=today) for pk in hearings_overdue(today))


def reminders_send(now: datetime) -> int:
    """A few working days before a step is due, whoever may decide it is reminded once."""
    today = timezone.localdate(now)
    horizon = add_working_days(today, settings.PERMITS_REMINDER_WORKING_DAYS)
    pending = _running().filter(
        Q(reminded_for__isnull=True) | ~Q(reminded_for=F("due_date")),
        due_date__gte=today,
        due_date__lte=horizon,
    )
    return _each_once(pending, "reminded_for", _remind)


def escalations_send(now: datetime) -> int:
    """Once a step is overdue, the heads of its agency (and whoever holds it) are told once.
    An acceptance is never overdue: past its limit it is accepted by law (``acceptances_deem``,
    which an overlapping tick may be running on the same clock)."""
    today = timezone.localdate(now)
    pending = (
        _running()
        .filter(
            Q(escalated_for__isnull=True) | ~Q(escalated_for=F("due_date")),
            due_date__lt=today,
        )
        .exclude(step=Step.ACCEPTANCE)
    )
    return _each_once(pending, "escalated_for", _escalate)


def _each_once(
    pending: QuerySet[StepClock], marker: str, tell: Callable[[StepClock], object]
) -> int:
    done = 0
    for pk in list(pending.values_list("pk", flat=True)):
        with transaction.atomic():
            clock = (
                pending.select_for_update(skip_locked=True, of=("self",))
                .select_related("application", "task")
                .filter(pk=pk)
                .first()
            )
            if clock is None:  # another tick holds it or has done it
                continue
            tell(clock)
            setattr(clock, marker, clock.due_date)
            clock.save(update_fields=[marker])
            done += 1
    return done


def _deciders(clock: StepClock) -> list[User]:
    """Who decides the step: the member holding its task, else everyone who may take it."""
    task = clock.task
    if task is None:
        return []
    if task.owner_id:
        return [task.owner]
    return list(
        access.members_who_may_act(
            agency_id=task.owner_permission_obj_pk, permission=task.owner_permission
        )
    )


def _message(clock: StepClock, template: "StrOrPromise") -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(template).format(
            reference=clock.application.reference,
            step=clock.get_step_display(),
            due=clock.due_date.isoformat() if clock.due_date else "—",
        )


def _remind(clock: StepClock) -> None:
    notify(
        recipients=_deciders(clock),
        kind=NotificationKind.REMINDER,
        message=_message(clock, MSG_REMINDER),
        application=clock.application,
    )


def _escalate(clock: StepClock) -> None:
    recipients = [*access.heads_of(clock.agency_id), *_deciders(clock)]
    notify(
        recipients=recipients,
        kind=NotificationKind.OVERDUE,
        message=_message(clock, MSG_OVERDUE),
        application=clock.application,
    )
