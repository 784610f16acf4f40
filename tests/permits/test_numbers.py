"""Gap-free numbering (product.md §3, §8): references TD-YYYY-NNNNNN and certificate numbers
京园林抚审〔YYYY〕NNNN号, per prefix and year; a rolled-back transaction gives its number back."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from audit.models import AuditEvent
from audit.trail import audit_verify
from core.errors import InvalidInput
from documents.models import Certificate
from permits import services
from permits.choices import Status
from permits.models import Application, NumberSequence
from permits.numbers import certificate_number_allocate, number_next, reference_allocate
from tests.factories import submit_accepted, tending_data, tending_draft
from workflows import services as task_services
from workflows.engine import open_tasks

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def in_2026(time_machine):
    time_machine.move_to(datetime(2026, 6, 1, 9, tzinfo=SHANGHAI), tick=True)
    return time_machine


class Boom(Exception):
    pass


# --- References ----------------------------------------------------------------------------------


def test_reference_format_and_sequence(in_2026):
    first, second, third = (reference_allocate(kind="tending") for _ in range(3))
    assert (first, second, third) == ("TD-2026-000001", "TD-2026-000002", "TD-2026-000003")
    assert re.fullmatch(r"TD-\d{4}-\d{6}", first)


def test_references_per_kind_do_not_share_a_counter(in_2026):
    assert reference_allocate(kind="tending") == "TD-2026-000001"
    assert reference_allocate(kind="occupation") == "LO-2026-000001"
    assert reference_allocate(kind="introduction") == "SI-2026-000001"
    assert reference_allocate(kind="tending") == "TD-2026-000002"


def test_created_applications_get_consecutive_references(in_2026, applicant_my):
    references = [
        services.application_create(by=applicant_my, kind="tending", data=tending_data()).reference
        for _ in range(3)
    ]
    assert references == ["TD-2026-000001", "TD-2026-000002", "TD-2026-000003"]


def test_a_refused_create_gives_its_reference_back(in_2026, applicant_my):
    services.application_create(by=applicant_my, kind="tending", data=tending_data())
    with pytest.raises(InvalidInput):
        services.application_create(
            by=applicant_my, kind="tending", data=tending_data(district_id="120119")
        )
    third = services.application_create(by=applicant_my, kind="tending", data=tending_data())
    assert third.reference == "TD-2026-000002"


def test_the_sequence_restarts_each_year(time_machine):
    time_machine.move_to(datetime(2026, 12, 31, 23, 50, tzinfo=SHANGHAI), tick=False)
    assert reference_allocate(kind="tending") == "TD-2026-000001"
    assert reference_allocate(kind="tending") == "TD-2026-000002"
    # The year is the local (Beijing) year: 2027-01-01 00:10 in Shanghai is still 2026 in UTC.
    time_machine.move_to(datetime(2027, 1, 1, 0, 10, tzinfo=SHANGHAI), tick=False)
    assert reference_allocate(kind="tending") == "TD-2027-000001"
    assert certificate_number_allocate(prefix="京园林抚审") == "京园林抚审〔2027〕0001号"


# --- Certificate numbers -------------------------------------------------------------------------


def test_certificate_numbers_are_consecutive_per_prefix(in_2026):
    numbers = [certificate_number_allocate(prefix="京园林抚审") for _ in range(3)]
    assert numbers == [
        "京园林抚审〔2026〕0001号",
        "京园林抚审〔2026〕0002号",
        "京园林抚审〔2026〕0003号",
    ]


def test_prefixes_have_separate_sequences(in_2026):
    assert certificate_number_allocate(prefix="京园林抚审") == "京园林抚审〔2026〕0001号"
    assert certificate_number_allocate(prefix="津蓟林抚审") == "津蓟林抚审〔2026〕0001号"
    assert certificate_number_allocate(prefix="京园林抚不许") == "京园林抚不许〔2026〕0001号"
    assert certificate_number_allocate(prefix="京园林抚审") == "京园林抚审〔2026〕0002号"
    assert NumberSequence.objects.filter(year=2026).count() == 3


def test_more_than_9999_certificates_keep_counting(in_2026):
    NumberSequence.objects.create(key="京园林抚审", year=2026, last=9999)
    assert certificate_number_allocate(prefix="京园林抚审") == "京园林抚审〔2026〕10000号"


# --- Gap-free: a rollback returns the number -----------------------------------------------------


def test_a_rolled_back_transaction_gives_the_number_back(in_2026):
    assert number_next(key="k", year=2026) == 1
    with pytest.raises(Boom), transaction.atomic():
        assert number_next(key="k", year=2026) == 2
        assert certificate_number_allocate(prefix="京园林抚审") == "京园林抚审〔2026〕0001号"
        raise Boom
    assert number_next(key="k", year=2026) == 2
    assert certificate_number_allocate(prefix="京园林抚审") == "京园林抚审〔2026〕0001号"


def test_a_failed_approval_gives_its_certificate_number_back(
    in_2026, monkeypatch, applicant_my, reviewer_my, approver
):
    """The number, the status, the task and the audit events are one transaction (product.md §4)."""
    application = tending_draft(by=applicant_my)
    submit_accepted(application=application, by=applicant_my)
    task = open_tasks(application=application).get()
    task_services.task_decide(task_id=task.pk, by=reviewer_my, decision="approve")
    municipal = open_tasks(application=application).get()
    events_before = AuditEvent.objects.count()

    def broken_content(document):
        raise Boom("the document's content could not be stored")

    monkeypatch.setattr("documents.issue.decision_content", broken_content)
    with pytest.raises(Boom):
        task_services.task_decide(task_id=municipal.pk, by=approver, decision="approve")

    assert Application.objects.get(pk=application.pk).status == Status.MUNICIPAL_REVIEW
    assert not Certificate.objects.exclude(document_kind="acceptance_notice").exists()
    assert AuditEvent.objects.count() == events_before
    assert audit_verify().ok
    assert list(open_tasks(application=application)) == [municipal]
    assert not NumberSequence.objects.filter(key="京园林抚审", last__gt=0).exists()

    monkeypatch.undo()
    task_services.task_decide(task_id=municipal.pk, by=approver, decision="approve")
    certificate = Certificate.objects.get(document_kind="approval")
    assert certificate.number == "京园林抚审〔2026〕0001号"
    assert audit_verify().ok
