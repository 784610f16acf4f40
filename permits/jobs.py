"""The permit record's time-driven work, run by ``workflows.tick`` (``permits_tick``).

Each job takes the instant it runs as of and returns how many things it did. Each is
idempotent and safe when ticks overlap, on several machines too: a row is claimed under its
lock (``skip_locked``: a row another tick holds is that tick's) and re-checked there, and the
row's marker says it was done. SQLite has no row locks and Django drops ``skip_locked`` there;
its writers are serialised instead (``transaction_mode`` IMMEDIATE), so the re-check suffices.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import pgettext_lazy

from audit.choices import AuditAction
from audit.trail import audit_appended_last
from core.messages import MSG_REPORT_DUE, MSG_REPORT_OVERDUE

from .access import applicants_of, deciders_of, supervising_reviewers
from .acts import SYSTEM_ROLE, Act
from .choices import (
    OWED_OBLIGATION_STATUSES,
    REPORTABLE_STATUSES,
    Kind,
    NotificationKind,
    ObligationKind,
    ObligationStatus,
    OccupationKind,
    Status,
)
from .models import Application, Obligation, SupervisionStandard
from .notifications import notify
from .obligations import Standard, standard_of
from .services import application_expire, application_locked, fsm_apply

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

REPORT_NAME = pgettext_lazy("report number", "%(kind)s no. %(number)s")


def permits_expire(now: datetime) -> int:
    """Permits whose period ended before today: a temporary occupation's use ends, an
    introduction expires (``application_expire`` re-checks each one under its row lock, so
    overlapping ticks act once). A tending design waits for its completion and inspection; a
    permanent occupation lapses unless its construction-land approval was recorded
    (``licensing.lapses``)."""
    today = timezone.localdate(now)
    due = (
        Application.objects.filter(status=Status.APPROVED, valid_until__lt=today)
        .exclude(kind=Kind.TENDING)
        .exclude(occupationrequest__occupation_kind=OccupationKind.PERMANENT)
    )
    return sum(
        application_expire(application=application, today=today) is not None
        for application in due.iterator()
    )


def obligations_remind(now: datetime) -> int:
    """The holder's applicants are reminded before an obligation is due, once per threshold of
    its kind (a restoration three months and one month before, the others a few days before;
    ``SupervisionStandard``). Only what has reached its next reminder is read: per
    jurisdiction, kind and reminders already sent, the due dates that reach the next threshold
    (index ``obligation_reminder``)."""
    today = timezone.localdate(now)
    standards = _standards()
    pending = Obligation.objects.filter(
        _reminder_reached(standards, today),
        status__in=OWED_OBLIGATION_STATUSES,
        due_date__gte=today,
        application__status__in=REPORTABLE_STATUSES,
    )
    done = 0
    # A list, not a server-side cursor: a cursor's plan is made for its first rows and reads
    # the whole window (bench/supervision_bench.py); what has reached a reminder is few.
    for obligation in list(pending.select_related("application").order_by()):
        standard = standards.get(obligation.application.jurisdiction_id, Standard())
        reached = sum(
            1
            for days in standard.reminders_for(obligation.kind)
            if obligation.due_date - timedelta(days=days) <= today
        )
        if reached <= obligation.reminders_sent:
            continue
        with transaction.atomic():
            # The reminder counter is the marker: one tick moves it, the others find it moved.
            moved = Obligation.objects.filter(
                pk=obligation.pk,
                reminders_sent=obligation.reminders_sent,
                status__in=OWED_OBLIGATION_STATUSES,  # filed meanwhile: no reminder
            ).update(reminders_sent=reached)
            if not moved:
                continue
            applicants = applicants_of(obligation.application.organisation_id)
            _tell(obligation, NotificationKind.REPORT_DUE, MSG_REPORT_DUE, applicants)
            done += 1
    return done


def obligations_overdue(now: datetime) -> int:
    """Past its due date and still owed: the obligation becomes ``overdue`` (audited, by
    ``system``); the holder's applicants and the agencies are told once. A restoration not
    filed in time puts the occupation in ``restoration_overdue`` (product.md §17 A4). Lateness
    revokes nothing."""
    today = timezone.localdate(now)
    pending = Obligation.objects.filter(
        status__in=(ObligationStatus.OPEN, ObligationStatus.RETURNED),
        due_date__lt=today,
        application__status__in=REPORTABLE_STATUSES,
    )
    done = 0
    for pk in list(pending.values_list("pk", flat=True)):
        if _overdue_one(pk, pending, now):
            done += 1
    return done


@transaction.atomic
@audit_appended_last
def _overdue_one(pk: int, pending: QuerySet[Obligation], now: datetime) -> bool:
    # The application's row first, as every writer locks (a filing locks it, then the
    # obligation): then the obligation, re-checked under its lock.
    found = pending.filter(pk=pk).values_list("application_id", flat=True).first()
    if found is None:  # done meanwhile
        return False
    detail = application_locked(found)
    obligation = pending.select_for_update(skip_locked=True, of=("self",)).filter(pk=pk).first()
    if detail is None or obligation is None:  # another tick holds it or has done it
        return False
    act = Act.on(detail, None, agency=detail.district_agency, role=SYSTEM_ROLE)
    obligation.status = ObligationStatus.OVERDUE
    obligation.overdue_notified_at = now
    obligation.save(update_fields=["status", "overdue_notified_at"])
    if obligation.kind == ObligationKind.RESTORATION_COMPLETION and detail.status in (
        Status.USE_ENDED,
        Status.EXPIRED,  # a temporary use that ended before issue 29
    ):
        fsm_apply(detail, detail.restoration_late)
    act.record(
        AuditAction.OBLIGATION_OVERDUE,
        details={
            "obligation_id": obligation.pk,
            "kind": obligation.kind,
            "sequence": obligation.sequence,
            "due_date": obligation.due_date.isoformat(),
        },
    )
    obligation.application = detail
    recipients = [
        *applicants_of(detail.organisation_id),
        *supervising_reviewers(detail),
        *deciders_of(detail),
    ]
    _tell(obligation, NotificationKind.REPORT_OVERDUE, MSG_REPORT_OVERDUE, recipients)
    return True


def _reminder_reached(standards: dict[object, Standard], today: date) -> Q:
    """Obligations whose next reminder is reached: with ``n`` reminders sent, due on or before
    today plus the kind's ``n + 1``-th threshold (farthest first), under their jurisdiction's
    standard (the default where it has none)."""
    reached = Q(pk__in=[])
    jurisdictions: list[tuple[Q, Standard]] = [
        (Q(application__jurisdiction_id=code), standard) for code, standard in standards.items()
    ]
    jurisdictions.append((~Q(application__jurisdiction_id__in=list(standards)), Standard()))
    for where, standard in jurisdictions:
        for kind in ObligationKind:
            for sent, days in enumerate(standard.reminders_for(kind)):
                reached |= where & Q(
                    kind=kind, reminders_sent=sent, due_date__lte=today + timedelta(days=days)
                )
    return reached


def _standards() -> dict[object, Standard]:
    return {
        row.jurisdiction_id: standard_of(row.jurisdiction_id)
        for row in SupervisionStandard.objects.all()
    }


def _tell(
    obligation: Obligation,
    kind: NotificationKind,
    template: "StrOrPromise",
    recipients: Iterable[User],
) -> None:
    application = obligation.application
    with translation.override(settings.LANGUAGE_CODE):
        name = str(REPORT_NAME) % {
            "kind": obligation.get_kind_display(),
            "number": obligation.sequence,
        }
        message = str(template).format(
            report=name, reference=application.reference, due=obligation.due_date.isoformat()
        )
    notify(recipients=recipients, kind=kind, message=message, application=application)
