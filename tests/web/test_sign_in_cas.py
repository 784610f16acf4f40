"""Unified sign-in through CAS (issue 47 item 1), end to end: a real CAS server
(django-cas-server, tests/cas_provider/) in its own process, our django-cas-ng client driven
by the test client, the person's browser at the server by ``requests``. Nothing is mocked."""

import json
import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from django.contrib.auth import SESSION_KEY, user_login_failed
from django.contrib.auth.models import User
from django.test import Client
from django_cas_ng.models import SessionTicket

from audit.choices import AuditAction
from audit.models import AuditEvent
from core.messages import (
    MSG_SIGN_IN_NOT_PROVISIONED,
    MSG_SIGN_IN_ORGANISATION_UNKNOWN,
    MSG_SIGN_IN_REFUSED,
)
from roles.models import ExternalIdentity, IdentityProvider, Membership, Role
from roles.second_factor import SESSION_KEY as SECOND_FACTOR_SESSION_KEY
from tests.factories import FARM_CODE, credit_code
from tests.oidc_provider.process import serving

PASSWORD = "cas-password-1"  # noqa: S105
SERVICE = "http://testserver/accounts/cas/login/"
PEOPLE = {
    "cas-farm": {
        "password": PASSWORD,
        "claims": {"unified_social_credit_code": FARM_CODE, "real_name_level": "2"},
    },
    "cas-unknown-farm": {
        "password": PASSWORD,
        "claims": {"unified_social_credit_code": credit_code("91110000MA0000001")},
    },
    "cas-official": {"password": PASSWORD, "claims": {"acr": "two-factor"}},
    "cas-stranger": {"password": PASSWORD, "claims": {}},
}
HIDDEN = re.compile(r'<input[^>]*type="hidden"[^>]*>')


@pytest.fixture(scope="module")
def cas_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cas-server")
    (folder / "people.json").write_text(json.dumps(PEOPLE))
    environment = {
        "DJANGO_SETTINGS_MODULE": "tests.cas_provider.settings",
        "OP_DATABASE": str(folder / "server.sqlite3"),
        "OP_PEOPLE": str(folder / "people.json"),
        "OP_SERVICE_PATTERN": "^" + re.escape(SERVICE),
    }
    with serving("tests.cas_provider.serve", folder, environment, "/cas/login") as base:
        yield f"{base}/cas/"


@pytest.fixture
def relying_party(settings, cas_server, org_miyun):
    settings.PERMITS_IDENTITY_PROVIDER = "cas"
    settings.CAS_SERVER_URL = cas_server
    settings.PERMITS_IDENTITY_TWO_FACTOR_ACR = ["two-factor"]
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "web.identity_providers.CasBackend",
        "django.contrib.auth.backends.ModelBackend",
        "guardian.backends.ObjectPermissionBackend",
    ]
    org_miyun.unified_credit_code = FARM_CODE
    org_miyun.save(update_fields=["unified_credit_code"])


@pytest.fixture
def failures():
    heard: list[object] = []

    def hear(sender, credentials, request=None, **kwargs):
        heard.append(getattr(request, "identity_method", None))

    user_login_failed.connect(hear)
    yield heard
    user_login_failed.disconnect(hear)


def _ticket_url(client: Client, username: str, login_url: str = "") -> str:
    """Through our door (or straight to ``login_url``) to the CAS server's form, signed in
    there; where it sends the browser back."""
    if not login_url:
        start = client.get("/accounts/cas/login/")
        assert start.status_code == 302
        login_url = start["Location"]
    browser = requests.Session()
    form = browser.get(login_url, timeout=10)
    assert form.status_code == 200
    fields = {
        re.search(r'name="([^"]+)"', tag)[1]: (re.search(r'value="([^"]*)"', tag) or ["", ""])[1]
        for tag in HIDDEN.findall(form.text)
    }
    answer = browser.post(
        form.url,
        data={**fields, "username": username, "password": PASSWORD},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text[:2000]
    assert answer.headers["Location"].startswith(SERVICE)
    return str(answer.headers["Location"])


def _refused(response, message) -> None:
    assert response.status_code == 403
    assert str(message)[:30].split("%")[0] in response.content.decode()
    assert SESSION_KEY not in response.wsgi_request.session


def test_a_legal_person_signs_in_as_an_applicant_of_its_organisation(relying_party, org_miyun):
    client = Client()
    response = client.get(_ticket_url(client, "cas-farm"))
    assert response.status_code == 302
    identity = ExternalIdentity.objects.get(provider=IdentityProvider.CAS, subject="cas-farm")
    assert identity.assurance_level == 2
    assert Membership.objects.filter(
        user=identity.user, role=Role.APPLICANT, organisation=org_miyun
    ).exists()
    assert int(client.session[SESSION_KEY]) == identity.user.pk


def test_a_provisioned_official_with_two_factors(relying_party, reviewer_my):
    ExternalIdentity.objects.create(
        provider=IdentityProvider.CAS, subject="cas-official", user=reviewer_my
    )
    client = Client()
    assert client.get(_ticket_url(client, "cas-official")).status_code == 302
    assert int(client.session[SESSION_KEY]) == reviewer_my.pk
    assert client.session[SECOND_FACTOR_SESSION_KEY] == "acr:two-factor"


def test_no_account_for_the_unprovisioned_or_an_unknown_organisation(relying_party, failures):
    users = User.objects.count()
    client = Client()
    _refused(client.get(_ticket_url(client, "cas-stranger")), MSG_SIGN_IN_NOT_PROVISIONED)
    client = Client()
    _refused(client.get(_ticket_url(client, "cas-unknown-farm")), MSG_SIGN_IN_ORGANISATION_UNKNOWN)
    assert User.objects.count() == users
    assert failures == ["cas", "cas"]


def test_a_replayed_ticket_is_refused(relying_party, failures):
    client = Client()
    ticket_url = _ticket_url(client, "cas-farm")
    assert client.get(ticket_url).status_code == 302
    _refused(Client().get(ticket_url), MSG_SIGN_IN_REFUSED)
    assert failures == ["cas"]


def test_a_ticket_for_another_service_is_refused(relying_party, cas_server, failures):
    client = Client()
    other = urlencode({"service": f"{SERVICE}elsewhere"})
    ticket_url = _ticket_url(client, "cas-farm", f"{cas_server}login?{other}")
    # The ticket the server issued for another service, presented to ours.
    _refused(client.get(f"/accounts/cas/login/?{urlsplit(ticket_url).query}"), MSG_SIGN_IN_REFUSED)
    assert not ExternalIdentity.objects.exists()
    assert failures == ["cas"]


def _logout_request(ticket: str) -> str:
    """A CAS server's single sign-out message (CAS protocol 3.0 §2.3.3) naming ``ticket``."""
    return (
        '<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
        'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="LR-1" Version="2.0" '
        'IssueInstant="2026-11-28T10:00:00Z"><saml:NameID>@NOT_USED@</saml:NameID>'
        f"<samlp:SessionIndex>{ticket}</samlp:SessionIndex></samlp:LogoutRequest>"
    )


def test_the_servers_single_sign_out_ends_the_session_and_is_on_the_chain(
    relying_party, reviewer_my
):
    ExternalIdentity.objects.create(
        provider=IdentityProvider.CAS, subject="cas-official", user=reviewer_my
    )
    client = Client()
    ticket = parse_qs(urlsplit(_ticket_url(client, "cas-official")).query)["ticket"][0]
    client.get(f"/accounts/cas/login/?ticket={ticket}")
    # The two-factor sign-in changed the session's key; the ticket followed it.
    assert SessionTicket.objects.get(ticket=ticket).session_key == client.session.session_key

    slo = Client().post("/accounts/cas/login/", {"logoutRequest": _logout_request(ticket)})

    assert slo.status_code == 200
    assert SESSION_KEY not in client.session
    assert not SessionTicket.objects.exists()
    event = AuditEvent.objects.filter(action=AuditAction.LOGOUT).get()
    assert event.details["subject"] == {"username": reviewer_my.username}
    assert event.actor_id == reviewer_my.pk


@pytest.mark.parametrize(
    "message",
    [
        "",
        "<not xml",
        _logout_request("ST-unknown"),
        '<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
        "<x>" + "a" * 20000 + "</x>",
    ],
)
def test_a_logout_request_naming_no_session_of_ours_ends_nothing(relying_party, message):
    client = Client()
    client.get(_ticket_url(client, "cas-farm"))
    response = Client().post("/accounts/cas/login/", {"logoutRequest": message})
    assert response.status_code == 200
    assert SESSION_KEY in client.session
    assert not AuditEvent.objects.filter(action=AuditAction.LOGOUT).exists()


def test_the_cas_door_takes_no_post_unless_cas_is_the_provider(db):
    response = Client().post("/accounts/cas/login/", {"logoutRequest": "<not xml"})
    assert response.status_code == 404


def test_signing_out_here_signs_out_at_the_cas_server(relying_party, cas_server):
    client = Client()
    client.get(_ticket_url(client, "cas-farm"))
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{cas_server}logout?")
    assert SESSION_KEY not in client.session
    assert requests.get(response["Location"], timeout=10, allow_redirects=False).status_code in (
        200,
        302,
    )
