"""POST /api/v1/applications/{id}/withdraw/ needs a reason (400 ``reason``), like revoke."""

import pytest

from audit.models import AuditEvent
from permits.choices import Status
from permits.models import Application
from tests.web.helpers import submitted

from .helpers import API

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "   "}])
def test_withdraw_without_a_reason_is_400_and_changes_nothing(client_for, applicant_my, body):
    application = submitted(by=applicant_my)
    events = AuditEvent.objects.count()
    response = client_for(applicant_my).post(
        f"{API}/applications/{application.pk}/withdraw/", body, format="json"
    )
    assert response.status_code == 400
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [("reason", "required")]
    assert Application.objects.get(pk=application.pk).status == Status.DISTRICT_REVIEW
    assert AuditEvent.objects.count() == events


def test_withdraw_with_a_reason(client_for, applicant_my):
    application = submitted(by=applicant_my)
    response = client_for(applicant_my).post(
        f"{API}/applications/{application.pk}/withdraw/", {"reason": "项目取消"}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
