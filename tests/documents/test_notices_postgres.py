"""Notice numbers under concurrency (PostgreSQL only: SQLite's select_for_update is a no-op)."""

import pytest
from django.db import transaction
from django.utils import timezone

from audit.trail import audit_verify
from documents.models import Certificate, DocumentKind
from documents.notices import notice_issue
from permits.models import Application
from roles.models import Agency
from tests.factories import tending_draft
from tests.workflows.test_concurrency_postgres import race
from workflows.services import application_submit

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def issue_for(application_pk):
    def call():
        with transaction.atomic():  # as the deciding service: the row lock, then the notice
            application = Application.objects.select_for_update().get(pk=application_pk)
            return notice_issue(
                application=application.detail,
                kind=DocumentKind.ACCEPTANCE_NOTICE,
                agency=Agency.objects.get(code="110118-forestry"),
                signed_by_name="王审核",
            ).number

    return call


def test_concurrent_notices_get_distinct_consecutive_numbers(applicant_my):
    # Submitted, not accepted: the notices are the ones the race issues.
    applications = [
        application_submit(application=tending_draft(by=applicant_my), by=applicant_my)
        for _ in range(8)
    ]

    outcomes = race([issue_for(a.pk) for a in applications])

    assert [o for o in outcomes if not isinstance(o, str)] == []
    year = timezone.localdate().year
    numbers = sorted(Certificate.objects.values_list("number", flat=True))
    assert numbers == [f"密园林受〔{year}〕{n:04d}号" for n in range(1, 9)]
    assert audit_verify().ok
