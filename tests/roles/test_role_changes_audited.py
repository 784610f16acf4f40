"""Every change of a person's roles is on the audit chain (issue 47 item 4): who, which role,
in which agency or organisation, by whom (None: the system), whether made by a service call,
the admin, or the demo seed; granting an existing membership again records nothing."""

import pytest
from django.test import Client

from audit.models import AuditEvent
from audit.trail import audit_verify
from roles.models import Agency, Membership, Role
from roles.services import role_grant, role_revoke
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def role_events():
    return list(AuditEvent.objects.filter(action__in=["role_granted", "role_revoked"]))


def test_a_grant_and_a_revoke_name_the_person_the_role_the_agency_and_who(reference_data):
    person = UserFactory(username="newcomer")
    head = UserFactory(username="the_head")
    agency = Agency.objects.get(code="110118-forestry")
    membership = role_grant(user=person, role=Role.REVIEWER, agency=agency, by=head)
    role_grant(user=person, role=Role.REVIEWER, agency=agency, by=head)  # already: nothing new
    role_revoke(membership=membership, by=head)
    granted, revoked = role_events()
    for event, action in ((granted, "role_granted"), (revoked, "role_revoked")):
        assert event.action == action and event.actor_id == head.pk
        assert event.agency_id == agency.pk
        assert event.details["subject"] == {"username": "newcomer"}
        assert event.details["role"] == "reviewer"
        assert event.details["agency"] == {"code": agency.code, "name": agency.name}
    assert audit_verify().ok


def test_a_grant_by_the_system_has_no_actor(org_miyun):
    person = UserFactory(username="new_applicant")
    role_grant(user=person, role=Role.APPLICANT, organisation=org_miyun)
    [event] = role_events()
    assert event.actor_id is None and event.agency_id is None
    assert event.details["organisation"]["credit_code"] == org_miyun.unified_credit_code
    assert event.details["subject"] == {"username": "new_applicant"}


def test_a_grant_and_a_revoke_in_the_admin_name_the_administrator(reference_data):
    admin = UserFactory(username="it_admin", is_staff=True, is_superuser=True)
    person = UserFactory(username="newcomer")
    agency = Agency.objects.get(code="110119-forestry")
    client = Client()
    client.force_login(admin)
    response = client.post(
        "/admin/roles/membership/add/",
        {"user": person.pk, "role": Role.REVIEWER, "agency": agency.pk, "organisation": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    membership = Membership.objects.get(user=person)
    client.post(f"/admin/roles/membership/{membership.pk}/delete/", {"post": "yes"})
    granted, revoked = role_events()
    assert (granted.action, revoked.action) == ("role_granted", "role_revoked")
    assert granted.actor_id == revoked.actor_id == admin.pk
    assert granted.agency_id == revoked.agency_id == agency.pk
