"""Every sign-in on the chain (issue 47 item 4): the web and admin login pages and the API
token door record a sign-in, a failure (the name tried, never the password), a lockout (once,
not each refused attempt) and a sign-out, with the address and the method; the chain verifies."""

import json

import pytest
from django.conf import settings
from django.test import Client
from rest_framework.test import APIClient

from audit.models import AuditEvent
from audit.trail import audit_verify

from ..factories import PASSWORD

pytestmark = pytest.mark.django_db
ADDRESS = "192.0.2.44"


def web_login(username, password):
    client = Client(REMOTE_ADDR=ADDRESS)
    return client, client.post("/accounts/login/", {"username": username, "password": password})


def admin_login(username, password):
    client = Client(REMOTE_ADDR=ADDRESS)
    response = client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}
    )
    return client, response


def token_login(username, password):
    client = APIClient(REMOTE_ADDR=ADDRESS)
    response = client.post(
        "/api/v1/auth/token/", {"username": username, "password": password}, format="json"
    )
    return client, response


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def no_credential_anywhere(*secrets):
    for event in AuditEvent.objects.all():
        text = json.dumps(event.details, ensure_ascii=False) + event.opinion
        for secret in secrets:
            assert secret not in text, (event.action, text)


@pytest.mark.parametrize(
    ("door", "method"),
    [(web_login, "password"), (admin_login, "password"), (token_login, "api_token")],
)
def test_a_sign_in_names_the_official_their_agency_address_and_method(door, method, reviewer_my):
    reviewer_my.is_staff = door is admin_login
    reviewer_my.save()
    _client, response = door("district_my", PASSWORD)
    assert response.status_code in (200, 302)
    [event] = events("login")
    assert event.actor_id == reviewer_my.pk and event.actor_username == "district_my"
    assert event.agency is not None and event.agency.code == "110118-forestry"
    assert event.client_ip == ADDRESS
    assert event.details == {"method": method, "subject": {"username": "district_my"}}
    no_credential_anywhere(PASSWORD)
    assert audit_verify().ok


def test_a_sign_out_is_recorded_and_an_anonymous_one_is_not(reviewer_my):
    client, _response = web_login("district_my", PASSWORD)
    client.post("/accounts/logout/")
    Client().post("/accounts/logout/")
    [event] = events("logout")
    assert event.actor_id == reviewer_my.pk and event.client_ip == ADDRESS
    assert event.agency is not None and event.agency.code == "110118-forestry"


@pytest.mark.parametrize(("door", "method"), [(web_login, "password"), (token_login, "api_token")])
def test_a_failure_names_the_account_tried_and_never_the_password(door, method, reviewer_my):
    door("district_my", "Wrong-Secret-42")
    [event] = events("login_failed")
    assert event.actor_id == reviewer_my.pk and event.client_ip == ADDRESS
    assert event.agency is not None and event.agency.code == "110118-forestry"
    assert event.details == {"method": method, "subject": {"username": "district_my"}}
    no_credential_anywhere("Wrong-Secret-42", "********")
    assert not events("login")


def test_a_failure_for_an_unknown_name_has_no_actor_and_no_agency(reference_data):
    web_login("nobody-here", "guess")
    [event] = events("login_failed")
    assert event.actor_id is None and event.actor_username == ""
    assert event.agency_id is None
    assert event.details["subject"] == {"username": "nobody-here"}
    no_credential_anywhere("guess")


@pytest.mark.parametrize("door", [web_login, token_login])
def test_a_lockout_is_recorded_once_and_refused_attempts_are_not_each_recorded(door, reviewer_my):
    limit = settings.AXES_FAILURE_LIMIT
    for _attempt in range(limit + 20):
        door("district_my", "wrong")
    _client, response = door("district_my", PASSWORD)
    assert response.status_code == 429
    assert len(events("login_failed")) == limit
    [locked] = events("login_locked")
    assert locked.actor_id == reviewer_my.pk and locked.client_ip == ADDRESS
    assert locked.agency is not None and locked.agency.code == "110118-forestry"
    assert not events("login")
    no_credential_anywhere("wrong")
    assert audit_verify().ok
