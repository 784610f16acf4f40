"""The identity seam (issue 47 item 4): one function records each sign-in, second-factor, token
and role event on the chain, scoped to the person's agency, with no credential in it."""

import pytest

from audit.choices import AuditAction
from audit.identity import identity_record
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_an_officials_event_is_scoped_to_their_agency(reviewer_my):
    event = identity_record(
        AuditAction.LOGIN, subject=reviewer_my, client_ip="10.0.0.8", details={"method": "password"}
    )
    stored = AuditEvent.objects.get(seq=event.seq)
    assert stored.action == "login" and stored.actor_id == reviewer_my.pk
    assert stored.agency is not None and stored.agency.code.endswith("forestry")
    assert stored.details["subject"] == {"username": reviewer_my.username}
    assert stored.details["method"] == "password" and stored.client_ip == "10.0.0.8"


def test_a_name_that_matches_no_account_is_recorded_without_an_actor(reference_data):
    event = identity_record(AuditAction.LOGIN_FAILED, subject=None, username="nobody")
    assert event.actor is None and event.agency is None
    assert event.details["subject"] == {"username": "nobody"}


@pytest.mark.parametrize("name", ["password", "otp_code", "token_key", "secret"])
def test_a_detail_that_could_carry_a_credential_is_refused(reviewer_my, name):
    before = AuditEvent.objects.count()
    with pytest.raises(ValueError):
        identity_record(AuditAction.LOGIN, subject=reviewer_my, details={"nested": {name: "x"}})
    assert AuditEvent.objects.count() == before


def test_only_identity_actions_are_recorded_here(reviewer_my):
    with pytest.raises(ValueError):
        identity_record(AuditAction.APPROVE, subject=reviewer_my)
