"""The permit record's time-driven work, run by ``workflows.tick`` (``permits_tick``).

Each job takes the instant it runs as of and returns how many things it did. Each is
idempotent and safe when ticks overlap, on several machines too: a row is claimed under its
lock (``skip_locked``: a row another tick holds is that tick's) and re-checked there, and the
row's marker says it was done. SQLite has no row locks and Django drops ``skip_locked`` there;
its writers are serialised instead (``transaction_mode`` IMMEDIATE), so the re-check suffices.
"""

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .access import applicants_of, deciders_of
from .choices import REPORTABLE_STATUSES, NotificationKind, Status
from .models import Application, ScheduledReport
from .notifications import notify
from .services import application_expire

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MSG_REPORT_DUE = _("{report} of application {reference} is due on {due}.")
MSG_REPORT_OVERDUE = _(
    "{report} of application {reference} was due on {due} and has not been filed."
)
REPORT_NAME = pgettext_lazy("report number", "%(kind)s no. %(number)s")


def permits_expire(now: datetime) -> int:
    """Permits whose validity ended before today (``application_expire`` re-checks each one
    under its row lock, so overlapping ticks expire it once)."""
    today = timezone.localdate(now)
    due = Application.objects.filter(status=Status.APPROVED, valid_until__lt=today)
    return sum(
        application_expire(application=application, today=today) is not None
        for application in due.iterator()
    )


def reports_due_notify(now: datetime) -> int:
    """The holder's applicants are reminded once, a few days before a report is due."""
    today = timezone.localdate(now)
    horizon = today + timedelta(days=settings.PERMITS_REPORT_DUE_NOTICE_DAYS)
    pending = ScheduledReport.objects.filter(
        filed_at__isnull=True,
        due_notified_at__isnull=True,
        due_date__gte=today,
        due_date__lte=horizon,
        application__status__in=REPORTABLE_STATUSES,
    )
    return _each_once(pending, "due_notified_at", now, _tell_due)


def reports_overdue_notify(now: datetime) -> int:
    """Once a report is late, the holder's applicants and the deciding agency are told once."""
    pending = ScheduledReport.objects.filter(
        filed_at__isnull=True,
        overdue_notified_at__isnull=True,
        due_date__lt=timezone.localdate(now),
        application__status__in=REPORTABLE_STATUSES,
    )
    return _each_once(pending, "overdue_notified_at", now, _tell_overdue)


def _each_once(
    pending: QuerySet[ScheduledReport],
    marker: str,
    now: datetime,
    tell: Callable[[ScheduledReport], object],
) -> int:
    done = 0
    for pk in list(pending.values_list("pk", flat=True)):
        with transaction.atomic():
            report = pending.select_for_update(skip_locked=True, of=("self",)).filter(pk=pk).first()
            if report is None:  # another tick holds it or has done it
                continue
            tell(report)
            setattr(report, marker, now)
            report.save(update_fields=[marker])
            done += 1
    return done


def _tell_due(report: ScheduledReport) -> None:
    applicants = applicants_of(report.application.organisation_id)
    _tell(report, NotificationKind.REPORT_DUE, MSG_REPORT_DUE, applicants)


def _tell_overdue(report: ScheduledReport) -> None:
    application = report.application
    recipients = [*applicants_of(application.organisation_id), *deciders_of(application)]
    _tell(report, NotificationKind.REPORT_OVERDUE, MSG_REPORT_OVERDUE, recipients)


def _tell(
    report: ScheduledReport,
    kind: NotificationKind,
    template: "StrOrPromise",
    recipients: Iterable[User],
) -> None:
    application = report.application
    with translation.override(settings.LANGUAGE_CODE):
        name = str(REPORT_NAME) % {"kind": report.get_kind_display(), "number": report.sequence}
        message = str(template).format(
            report=name, reference=application.reference, due=report.due_date.isoformat()
        )
    notify(recipients=recipients, kind=kind, message=message, application=application)
