"""A real Celery worker against the Redis server of the machine (product.md §12): the tick and the
mail task travel through the broker, not eager mode.

The worker runs in a thread of this process (celery.contrib.testing): it reads the test
database through its own connection, so the test commits (transaction=True). Without Redis the
test skips, unless PERMITS_REQUIRE_REDIS=1 (CI) makes that a failure.
"""

import os
import time
import uuid
from datetime import date

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.core import mail

# Defined at collection, before any test finalizes the app: a test that calls a task object
# (tests/audit/test_checkpoints.py) finalizes it, and the worker then never knew
# ``workflows.tick`` (unregistered task) when the suite ran both. Every app's celery_tasks
# module, as the worker's autodiscovery finds them (config.celery).
import audit.celery_tasks  # noqa: F401
import documents.celery_tasks  # noqa: F401
import permits.celery_tasks  # noqa: F401
import public.celery_tasks  # noqa: F401
import workflows.celery_tasks  # noqa: F401
from config.celery import app
from config.env import env_bool
from permits.choices import NotificationKind, Status
from permits.models import Notification, Obligation
from permits.notifications import notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

REDIS_URL = os.environ.get("PERMITS_TEST_REDIS_URL", "redis://127.0.0.1:6379/1")


def redis_or_skip(url: str = REDIS_URL) -> redis.Redis:
    """A client of the Redis at ``url``; skip when it is not reachable (fail where CI says
    ``PERMITS_REQUIRE_REDIS``)."""
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        message = f"Redis is not reachable at {url}: {error}"
        if env_bool("PERMITS_REQUIRE_REDIS"):
            pytest.fail(message)
        pytest.skip(message)
    return client


@pytest.fixture
def worker(settings):
    """A worker consuming a queue of its own (other runs may share the Redis database)."""
    client = redis_or_skip()
    queue = f"permits-test-{uuid.uuid4().hex}"
    saved = {key: app.conf[key] for key in ("broker_url", "task_default_queue")}
    settings.CELERY_BROKER_URL = REDIS_URL
    app.conf.update(broker_url=REDIS_URL, task_default_queue=queue)
    app.close()  # drop a connection pool made for another broker
    app.loader.import_default_modules()  # as `celery worker` does: autodiscovers the tasks
    try:
        with start_worker(app, perform_ping_check=False, queues=[queue], shutdown_timeout=30):
            yield app
    finally:
        app.conf.update(saved)
        app.close()
        client.delete(queue)


def wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_the_worker_sends_the_mail_after_commit(worker):
    alice = UserFactory(username="alice", email="alice@example.org")
    [notification] = notify(
        recipients=[alice], kind=NotificationKind.DECIDED, message="已作出决定"
    )  # autocommit: committed at once, so the mail task is queued now

    assert wait_for(lambda: len(mail.outbox) == 1)
    assert mail.outbox[0].to == ["alice@example.org"]
    assert wait_for(lambda: Notification.objects.get(pk=notification.pk).emailed_at is not None)


@pytest.mark.postgres  # the lateness is audited, and SQLite's triggers refuse to flush events
def test_the_worker_runs_the_tick(worker, applicant_my, reference_data):
    from permits.models import IntroductionApplication

    application = IntroductionApplication.objects.create(
        kind="introduction",
        reference="AI-2026-999999",
        jurisdiction_id="110000",
        district_id="110118",
        organisation=applicant_my.memberships.get().organisation,
        created_by=applicant_my,
        status=Status.APPROVED,
    )
    report = Obligation.objects.create(
        application=application, kind="monitoring", sequence=1, due_date=date(2026, 12, 1)
    )

    worker.send_task("workflows.tick", kwargs={"now": "2026-12-02T10:00:00+08:00"})

    assert wait_for(lambda: Obligation.objects.get(pk=report.pk).overdue_notified_at is not None)
    assert Notification.objects.filter(
        kind=NotificationKind.REPORT_OVERDUE, recipient=applicant_my
    ).exists()


@pytest.mark.postgres  # decisions write audit events, which SQLite's triggers refuse to flush
def test_the_worker_signs_an_approval_after_its_decision_commits(
    worker, applicant_my, reviewer_my, approver
):
    from audit.models import AuditEvent
    from documents.models import DocumentKind
    from tests.web.helpers import approved

    application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    certificate = application.certificates.get(document_kind=DocumentKind.APPROVAL)

    # Every document is signed (the acceptance notice too): wait for the approval's own.
    signed = type(certificate).objects.filter(pk=certificate.pk, signed_at__isnull=False)
    assert wait_for(signed.exists)
    assert AuditEvent.objects.filter(
        action="certificate_signed", details__number=certificate.number
    ).exists()
    certificate.refresh_from_db()
    assert certificate.signed_by_id == application.lead_agency_id
