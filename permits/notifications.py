"""Telling people what concerns them (product.md §12): one in-app row per recipient, and an e-mail
sent only once the deciding transaction has committed.

``notify`` is the one entry point every service and job calls. Mail leaves after commit (a
rolled-back decision tells nobody): through the Celery worker when ``CELERY_BROKER_URL`` is set,
otherwise in-process. A failed send is logged and retried by nobody; the in-app row stays.
"""

import functools
import logging
from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar
from typing import ParamSpec, TypeVar

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.background import SavepointMarker, after_commit, not_rolled_back, savepoint_marker
from core.errors import NotVisible

from .access import AnyUser, notifications_visible_to
from .choices import NotificationKind
from .models import Application, Notification

logger = logging.getLogger(__name__)

# The Celery task (permits/celery_tasks.py) that sends the mail, named so this module need not
# import it.
EMAIL_TASK = "permits.notifications_email"
MAIL_SUBJECT = _("[Forestry permits] {kind}")


P = ParamSpec("P")
T = TypeVar("T")
# The notifications a service holds back (``notifications_written_last``), each with its
# savepoint marker: written together when it returns.
_held: ContextVar[list[tuple[Notification, SavepointMarker]] | None] = ContextVar(
    "permits_notifications_held", default=None
)


def notify(
    *,
    recipients: Iterable[User],
    kind: NotificationKind,
    message: str,
    application: Application | None = None,
) -> list[Notification]:
    """One notification per distinct active recipient (configuration accounts are told nothing),
    written in the caller's transaction (when the service around holds them back, at its end);
    their e-mail is scheduled for after its commit."""
    people = _distinct_people(recipients)
    if not people:
        return []
    with translation.override(settings.LANGUAGE_CODE):
        text = str(message)
    made = [
        Notification(recipient=person, kind=kind, message=text, application=application)
        for person in people
    ]
    held = _held.get()
    if held is None:
        _written(made)
    else:
        held.extend((notification, savepoint_marker()) for notification in made)
    return made


def notifications_written_last(service: Callable[P, T]) -> Callable[P, T]:
    """Decorates a service, inside its ``transaction.atomic``: the notifications it makes (a
    submission's or a decision's, to the next step's people and to the applicants) are written
    in one INSERT when it returns, still inside its transaction. One made in a savepoint rolled
    back meanwhile is not written; none is when it raises. A service it calls joins its block."""

    @functools.wraps(service)
    def writing_last(*args: P.args, **kwargs: P.kwargs) -> T:
        if _held.get() is not None:  # an outer service writes them
            return service(*args, **kwargs)
        held: list[tuple[Notification, SavepointMarker]] = []
        token = _held.set(held)
        try:
            result = service(*args, **kwargs)
        finally:
            _held.reset(token)
        _written(not_rolled_back(held))
        return result

    return writing_last


def _written(notifications: list[Notification]) -> None:
    """Write ``notifications`` in one INSERT and schedule their e-mail for after the commit
    (nothing when the transaction already rolls back)."""
    if not notifications or connection.needs_rollback:
        return
    Notification.objects.bulk_create(notifications)
    to_mail = [n.pk for n in notifications if n.recipient.email]
    if to_mail:
        after_commit(EMAIL_TASK, notifications_email, to_mail)


def _distinct_people(recipients: Iterable[User]) -> list[User]:
    seen: dict[int, User] = {}
    for user in recipients:
        if user.is_active and not user.is_superuser and user.pk not in seen:
            seen[user.pk] = user
    return list(seen.values())


def notifications_email(notification_ids: Sequence[int]) -> int:
    """Send the e-mail of these notifications (those not sent yet, to recipients with an
    address); mark each one sent. Returns how many were sent. Never raises for a failed send."""
    pending = Notification.objects.filter(
        pk__in=notification_ids, emailed_at__isnull=True
    ).select_related("recipient", "application")
    sent = 0
    for notification in pending:
        if notification.recipient.email and _send(notification):
            Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
            sent += 1
    return sent


def _send(notification: Notification) -> bool:
    with translation.override(settings.LANGUAGE_CODE):
        subject = str(MAIL_SUBJECT).format(kind=notification.get_kind_display())
        body = notification.message
        if notification.application is not None:
            body += f"\n\n{notification.application.reference}\n{settings.SITE_URL}/"
    try:
        send_mail(subject, body, None, [notification.recipient.email])
    except Exception:
        logger.exception("E-mail of notification %s failed", notification.pk)
        return False
    return True


# ---- reading and marking ---------------------------------------------------------------------


def notifications_for(user: AnyUser, *, unread: bool = False) -> QuerySet[Notification]:
    notifications = notifications_visible_to(user).select_related("application")
    return notifications.filter(read_at__isnull=True) if unread else notifications


def notifications_unread_count(user: AnyUser) -> int:
    return notifications_visible_to(user).filter(read_at__isnull=True).count()


def notification_mark_read(*, user: AnyUser, notification_id: int) -> Notification:
    """Mark one of the user's notifications read (another user's: NotVisible, 404)."""
    try:
        notification = notifications_for(user).get(pk=notification_id)
    except (Notification.DoesNotExist, ValueError, TypeError):
        raise NotVisible() from None
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: AnyUser) -> int:
    """Mark every unread notification of the user read; returns how many."""
    return notifications_for(user, unread=True).update(read_at=timezone.now())
