"""The application record's repeated reads are made once per response (permits.readmemo)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import submit, tending_draft

pytestmark = pytest.mark.django_db


def test_the_api_record_reads_screening_and_permissions_once(client_for, applicant_my, reviewer_my):
    application = submit(tending_draft(by=applicant_my), applicant_my)
    with CaptureQueriesContext(connection) as captured:
        response = client_for(reviewer_my).get(f"/api/v1/applications/{application.pk}/")
    assert response.status_code == 200
    assert response.json()["screening"] is not None
    sql = [q["sql"] for q in captured.captured_queries]
    screenings = [s for s in sql if s.startswith('SELECT "permits_sitescreening"')]
    own_perms = [s for s in sql if s.lstrip("(").startswith('SELECT "auth_permission"."codename"')]
    assert len(screenings) == 1, screenings
    assert len(own_perms) == 1, own_perms  # the user's rows and their groups' rows, one UNION
    assert "UNION" in own_perms[0] and "applicationgroupobjectperm" in own_perms[0]
