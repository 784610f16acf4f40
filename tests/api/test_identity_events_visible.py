"""Identity events are visible to auditors (issue 47 item 4): an official's, scoped to their
agency, to the auditors of its jurisdiction (``?action=login``, the CSV with labels); an
applicant's only to a reader of every identity event (``audit.view_identity_events``, the
audit administrator's); and the case of a person (离任审计): every event where the person is
the actor or the subject, at ``audit/people/{username}/`` and on the workspace's page."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from audit.choices import AuditAction
from audit.identity import identity_record
from roles.models import Agency, Role
from roles.services import role_grant
from tests.factories import UserFactory

from .helpers import API

pytestmark = pytest.mark.django_db


@pytest.fixture
def identity_reader(reference_data):
    reader = UserFactory(username="auditadmin")
    reader.user_permissions.add(Permission.objects.get(codename="view_identity_events"))
    return reader


@pytest.fixture
def signed_in(reviewer_my, reviewer_yq, applicant_my):
    for person in (reviewer_my, reviewer_yq, applicant_my):
        identity_record(
            AuditAction.LOGIN, subject=person, client_ip="10.1.2.3", details={"method": "password"}
        )
    identity_record(AuditAction.LOGIN_FAILED, subject=None, username="ghost")


def logins(client):
    response = client.get(f"{API}/audit/events/", {"action": "login"})
    assert response.status_code == 200, response.json()
    return sorted(e["details"]["subject"]["username"] for e in response.json()["results"])


def test_an_auditor_sees_the_sign_ins_of_the_officials_of_their_jurisdiction(
    client_for, auditor, auditor_tj, signed_in
):
    assert logins(client_for(auditor)) == ["district_my", "district_yq"]
    assert logins(client_for(auditor_tj)) == []


def test_a_reader_of_identity_events_sees_everyones_and_nothing_else(
    client_for, identity_reader, signed_in
):
    assert logins(client_for(identity_reader)) == ["applicant_my", "district_my", "district_yq"]
    every = client_for(identity_reader).get(f"{API}/audit/events/").json()["results"]
    assert {e["action"] for e in every} <= {"login", "login_failed", "role_granted"}


def test_an_official_without_the_permission_is_refused(client_for, reviewer_my, signed_in):
    assert client_for(reviewer_my).get(f"{API}/audit/events/").status_code == 403


def test_the_csv_carries_identity_events_with_their_labels(client_for, auditor, signed_in):
    response = client_for(auditor).get(f"{API}/audit/events/", {"format": "csv", "action": "login"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 3 and all(row[12] == "登录" for row in rows[1:])


def person(client, username, **query):
    return client.get(f"{API}/audit/people/{username}/", query)


def test_the_case_of_a_person_lists_their_sign_ins_and_role_changes(
    client_for, auditor, reviewer_my, signed_in
):
    head = UserFactory(username="the_head")
    role_grant(
        user=reviewer_my,
        role=Role.HEAD,
        agency=Agency.objects.get(code="110118-forestry"),
        by=head,
    )
    response = person(client_for(auditor), "district_my")
    assert response.status_code == 200, response.json()
    events = response.json()["results"]
    assert [e["action"] for e in events] == ["role_granted", "login", "role_granted"]
    assert events[-1]["actor"]["username"] == "the_head"
    assert all(e["details"]["subject"]["username"] == "district_my" for e in events)
    only = person(client_for(auditor), "district_my", action="login").json()["results"]
    assert [e["action"] for e in only] == ["login"]
    csv_response = person(client_for(auditor), "district_my", format="csv")
    text = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    assert "角色已授予" in text and "登录" in text
    assert "audit-person-district_my.csv" in csv_response["Content-Disposition"]


def test_a_person_outside_the_jurisdiction_or_unknown_is_a_404_to_an_auditor(
    client_for, auditor_tj, auditor, applicant_my, signed_in
):
    assert person(client_for(auditor_tj), "district_my").status_code == 404
    assert person(client_for(auditor), "applicant_my").status_code == 404
    assert person(client_for(auditor), "ghost").status_code == 404


def test_a_reader_of_identity_events_opens_anyones_case_an_unknown_name_too(
    client_for, identity_reader, signed_in
):
    ghost = person(client_for(identity_reader), "ghost").json()["results"]
    assert [e["action"] for e in ghost] == ["login_failed"] and ghost[0]["actor"]["id"] is None
    applicant = person(client_for(identity_reader), "applicant_my").json()["results"]
    assert "login" in [e["action"] for e in applicant]


def test_the_workspace_page_of_a_person(auditor, auditor_tj, reviewer_my, signed_in):
    client = Client()
    client.force_login(auditor)
    page = client.get("/audit/people/district_my/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-action="login"' in html and 'data-action="role_granted"' in html
    assert "/api/v1/audit/people/district_my/?format=csv" in html
    client.force_login(auditor_tj)
    assert client.get("/audit/people/district_my/").status_code == 404
    client.force_login(reviewer_my)
    assert client.get("/audit/people/district_my/").status_code == 403
