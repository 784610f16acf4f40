"""permits.notifications: one row per person, e-mail only after the deciding transaction commits
(never on rollback), failed sends harmless, reading and marking one's own only (product.md §12)."""

import logging

import pytest
from django.core import mail
from django.db import transaction

from core import background
from core.errors import NotVisible
from permits import notifications
from permits.choices import NotificationKind
from permits.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return UserFactory(username="alice", email="alice@example.org")


@pytest.fixture
def bob():
    """Has no e-mail address: told in-app only."""
    return UserFactory(username="bob", email="")


def tell(*recipients, kind=NotificationKind.DECIDED, message="已作出决定"):
    return notifications.notify(recipients=recipients, kind=kind, message=message)


def test_one_row_per_distinct_active_person(alice, bob):
    inactive = UserFactory(username="gone", is_active=False, email="gone@example.org")
    admin = UserFactory(username="root", is_superuser=True, email="root@example.org")

    created = tell(alice, bob, alice, inactive, admin)

    assert sorted(n.recipient.username for n in created) == ["alice", "bob"]
    assert Notification.objects.count() == 2
    assert {n.kind for n in Notification.objects.all()} == {NotificationKind.DECIDED}


def test_nobody_to_tell_creates_nothing():
    assert notifications.notify(recipients=[], kind=NotificationKind.DECIDED, message="x") == []


def test_mail_leaves_only_after_commit(alice, bob, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        tell(alice, bob)
        assert mail.outbox == []
    assert mail.outbox == []  # still inside the test's transaction: nothing sent yet

    for callback in callbacks:
        callback()

    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    assert "已作出决定" in mail.outbox[0].body
    assert Notification.objects.get(recipient=alice).emailed_at is not None
    assert Notification.objects.get(recipient=bob).emailed_at is None


def test_a_rolled_back_decision_tells_nobody(alice, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        tell(alice)
        raise RuntimeError("the decision failed")
    assert callbacks == []
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_a_failed_send_is_logged_and_breaks_nothing(
    alice, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def refuse(*args, **kwargs):
        raise OSError("SMTP server unreachable")

    monkeypatch.setattr(notifications, "send_mail", refuse)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        [notification] = tell(alice)

    notification.refresh_from_db()
    assert notification.emailed_at is None
    assert "failed" in caplog.text
    assert notifications.notifications_unread_count(alice) == 1


def test_with_a_broker_the_worker_sends_the_mail(
    alice, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/1"
    queued = []
    monkeypatch.setattr(
        background.current_app, "send_task", lambda name, args: queued.append((name, args))
    )
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = tell(alice)

    assert queued == [(notifications.EMAIL_TASK, [[notification.pk]])]
    assert mail.outbox == []


def test_sending_twice_sends_once(alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = tell(alice)
    assert notifications.notifications_email([notification.pk]) == 0
    assert len(mail.outbox) == 1


def test_reading_and_marking_ones_own(alice, bob):
    mine = tell(alice, message="一")[0]
    tell(alice, message="二")
    theirs = tell(bob)[0]

    assert notifications.notifications_unread_count(alice) == 2
    notifications.notification_mark_read(user=alice, notification_id=mine.pk)
    assert notifications.notifications_unread_count(alice) == 1
    assert [n.message for n in notifications.notifications_for(alice, unread=True)] == ["二"]

    with pytest.raises(NotVisible):
        notifications.notification_mark_read(user=alice, notification_id=theirs.pk)
    assert notifications.notifications_unread_count(bob) == 1

    assert notifications.notifications_mark_all_read(user=alice) == 1
    assert notifications.notifications_unread_count(alice) == 0
    assert notifications.notifications_unread_count(bob) == 1


def test_a_service_writes_its_notifications_last_in_one_insert(
    alice, bob, django_capture_on_commit_callbacks
):
    """A submission's or a decision's notifications are written when it returns, together;
    one made in a savepoint rolled back meanwhile is not, and mail leaves after commit."""

    @transaction.atomic
    @notifications.notifications_written_last
    def service():
        tell(alice, kind=NotificationKind.TASK_NEW, message="新任务")
        try:
            with transaction.atomic():
                tell(bob, message="撤回的")
                raise ValueError
        except ValueError:
            pass
        tell(bob, alice, message="已决定")
        assert not Notification.objects.exists()  # nothing written before the end

    with django_capture_on_commit_callbacks(execute=True):
        service()
    rows = list(Notification.objects.order_by("pk").values_list("recipient__username", "message"))
    assert rows == [("alice", "新任务"), ("bob", "已决定"), ("alice", "已决定")]
    assert len(mail.outbox) == 2 and {m.to[0] for m in mail.outbox} == {"alice@example.org"}


def test_a_service_that_raises_writes_no_notification(alice):
    @transaction.atomic
    @notifications.notifications_written_last
    def service():
        tell(alice)
        raise ValueError

    with pytest.raises(ValueError):
        service()
    assert not Notification.objects.exists()
