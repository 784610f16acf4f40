"""Unified sign-in through OpenID Connect (issue 47 item 1), end to end: a real provider
(django-oauth-toolkit, tests/oidc_provider/) in its own process, our mozilla-django-oidc client
driven by the test client, the person's browser at the provider by ``requests``. No HTTP
exchange is mocked; the provider's misbehaving people issue the bad tokens."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import SESSION_KEY, user_login_failed
from django.contrib.auth.models import User
from django.test import Client

from core.messages import (
    MSG_SIGN_IN_NOT_PROVISIONED,
    MSG_SIGN_IN_ORGANISATION_MISMATCH,
    MSG_SIGN_IN_ORGANISATION_UNKNOWN,
    MSG_SIGN_IN_REFUSED,
)
from roles.models import ExternalIdentity, IdentityProvider, Membership, Role
from roles.second_factor import SESSION_KEY as SECOND_FACTOR_SESSION_KEY
from roles.sign_in import SignInRefusal
from tests.factories import FARM_CODE, credit_code
from tests.oidc_provider.process import running_provider

PASSWORD = "provider-password-1"  # noqa: S105
UNKNOWN_CODE = credit_code("91110000MA0000001")


def _person(sub: str, attack: str = "", **claims: object) -> dict[str, object]:
    return {"password": PASSWORD, "attack": attack, "claims": {"sub": sub, **claims}}


PEOPLE = {
    "farm": _person(
        "op-farm", name="张三", unified_social_credit_code=FARM_CODE, real_name_level="L3"
    ),
    "unknown-farm": _person("op-unknown-farm", unified_social_credit_code=UNKNOWN_CODE),
    "official": _person("op-official", amr=["pwd", "otp", "mfa"], real_name_level="4"),
    "stranger": _person("op-stranger", name="路人"),
    "forged": _person("op-forged", "signature", unified_social_credit_code=FARM_CODE),
    "wrong-aud": _person("op-aud", "aud", unified_social_credit_code=FARM_CODE),
    "wrong-iss": _person("op-iss", "iss", unified_social_credit_code=FARM_CODE),
    "expired": _person("op-expired", "exp", unified_social_credit_code=FARM_CODE),
    "wrong-nonce": _person("op-nonce", "nonce", unified_social_credit_code=FARM_CODE),
}


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    with running_provider(tmp_path_factory.mktemp("oidc-provider"), PEOPLE) as running:
        yield running


@pytest.fixture
def relying_party(settings, provider, org_miyun):
    for name, value in provider.relying_party_settings().items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "web.identity_providers.OidcBackend",
        "django.contrib.auth.backends.ModelBackend",
        "guardian.backends.ObjectPermissionBackend",
    ]
    org_miyun.unified_credit_code = FARM_CODE
    org_miyun.save(update_fields=["unified_credit_code"])
    return provider


@pytest.fixture
def failures():
    """What Django's user_login_failed carried (the audit trail's receiver hears the same)."""
    heard: list[dict[str, object]] = []

    def hear(sender, credentials, request=None, **kwargs):
        heard.append({"method": getattr(request, "identity_method", None)})

    user_login_failed.connect(hear)
    yield heard
    user_login_failed.disconnect(hear)


def _at_provider(start_location: str, username: str) -> str:
    """The person's browser at the provider: sign in there; returns where it sends them back."""
    return _at_provider_as(requests.Session(), start_location, username)


def _at_provider_as(browser: requests.Session, start_location: str, username: str) -> str:
    login = browser.get(start_location, timeout=10)
    assert urlsplit(login.url).path == "/login/"
    signed_in = browser.post(
        login.url,
        data={
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": browser.cookies["op_csrf"],
            "next": parse_qs(urlsplit(login.url).query)["next"][0],
        },
        allow_redirects=False,
        timeout=10,
    )
    assert signed_in.status_code == 302, signed_in.text
    authorize = browser.get(
        requests.compat.urljoin(login.url, signed_in.headers["Location"]),
        allow_redirects=False,
        timeout=10,
    )
    assert authorize.status_code == 302, authorize.text
    return authorize.headers["Location"]


def _callback_for(client: Client, username: str) -> str:
    start = client.get("/accounts/oidc/start/")
    assert start.status_code == 302
    callback = _at_provider(start["Location"], username)
    assert callback.startswith("http://testserver/accounts/oidc/callback/?")
    return callback


def sign_in(client: Client, username: str):
    return client.get(_callback_for(client, username))


def _refused(response, message) -> None:
    assert response.status_code == 403
    assert str(message).split("%")[0][:30] in response.content.decode()
    assert SESSION_KEY not in response.wsgi_request.session


def test_a_legal_person_becomes_an_applicant_of_its_organisation(relying_party, org_miyun):
    client = Client()
    response = sign_in(client, "farm")
    assert response.status_code == 302
    identity = ExternalIdentity.objects.get(provider=IdentityProvider.OIDC, subject="op-farm")
    assert identity.assurance_level == 3
    assert identity.last_seen is not None
    assert not identity.user.has_usable_password()
    assert Membership.objects.filter(
        user=identity.user, role=Role.APPLICANT, organisation=org_miyun
    ).exists()
    assert int(client.session[SESSION_KEY]) == identity.user.pk
    # The second time: the same account, no other.
    client.logout()
    assert sign_in(client, "farm").status_code == 302
    assert ExternalIdentity.objects.filter(subject="op-farm").count() == 1
    assert int(client.session[SESSION_KEY]) == identity.user.pk


def test_a_provisioned_official_signs_in_and_two_factors_are_honoured(
    relying_party, reviewer_my, settings
):
    settings.PERMITS_REQUIRE_2FA = True
    ExternalIdentity.objects.create(
        provider=IdentityProvider.OIDC, subject="op-official", user=reviewer_my
    )
    client = Client()
    assert sign_in(client, "official").status_code == 302
    assert int(client.session[SESSION_KEY]) == reviewer_my.pk
    assert client.session[SECOND_FACTOR_SESSION_KEY] == "amr:mfa"
    # The provider's two factors are the second factor: no code is asked here.
    assert client.get("/tasks/").status_code == 200
    assert ExternalIdentity.objects.get(subject="op-official").assurance_level == 4


def test_without_the_configured_value_the_provider_sign_in_is_one_factor(
    relying_party, reviewer_my, settings
):
    settings.PERMITS_IDENTITY_TWO_FACTOR_AMR = ["hwk"]
    ExternalIdentity.objects.create(
        provider=IdentityProvider.OIDC, subject="op-official", user=reviewer_my
    )
    client = Client()
    assert sign_in(client, "official").status_code == 302
    assert SECOND_FACTOR_SESSION_KEY not in client.session


def test_no_account_is_made_for_an_unprovisioned_person(relying_party, failures):
    users = User.objects.count()
    response = sign_in(Client(), "stranger")
    _refused(response, MSG_SIGN_IN_NOT_PROVISIONED)
    assert response.content.decode().count(SignInRefusal.NOT_PROVISIONED) == 1
    assert User.objects.count() == users
    assert failures == [{"method": "oidc"}]


def test_an_unknown_credit_code_makes_no_account(relying_party, failures):
    users = User.objects.count()
    _refused(sign_in(Client(), "unknown-farm"), MSG_SIGN_IN_ORGANISATION_UNKNOWN)
    assert User.objects.count() == users
    assert failures == [{"method": "oidc"}]


def test_a_credit_code_of_another_organisation_gives_no_access(
    relying_party, applicant_yq, failures
):
    # The subject is linked to an applicant of 延庆; the provider names the 密云 farm.
    ExternalIdentity.objects.create(
        provider=IdentityProvider.OIDC, subject="op-farm", user=applicant_yq
    )
    _refused(sign_in(Client(), "farm"), MSG_SIGN_IN_ORGANISATION_MISMATCH)
    assert not applicant_yq.memberships.filter(organisation__unified_credit_code=FARM_CODE)
    assert ExternalIdentity.objects.get(subject="op-farm").last_seen is None
    assert failures == [{"method": "oidc"}]


@pytest.mark.parametrize("person", ["forged", "wrong-aud", "wrong-iss", "expired", "wrong-nonce"])
def test_a_bad_id_token_is_refused(relying_party, failures, person):
    users = User.objects.count()
    _refused(sign_in(Client(), person), MSG_SIGN_IN_REFUSED)
    assert User.objects.count() == users
    assert not ExternalIdentity.objects.exists()
    assert failures == [{"method": "oidc"}]


def test_a_replayed_callback_is_refused(relying_party, failures):
    client = Client()
    callback = _callback_for(client, "farm")
    assert client.get(callback).status_code == 302
    # The same answer again: in the browser that used it, and in another one.
    client.logout()
    _refused(client.get(callback), MSG_SIGN_IN_REFUSED)
    _refused(Client().get(callback), MSG_SIGN_IN_REFUSED)
    assert failures == [{"method": "oidc"}, {"method": "oidc"}]


def test_a_state_this_browser_was_never_given_is_refused(relying_party, failures):
    client = Client()
    callback = _callback_for(client, "farm")
    _refused(client.get(callback.replace("state=", "state=x")), MSG_SIGN_IN_REFUSED)
    assert not ExternalIdentity.objects.exists()
    assert failures == [{"method": "oidc"}]


def test_an_unreachable_provider_is_a_refusal_not_a_crash(relying_party, settings, failures):
    client = Client()
    callback = _callback_for(client, "farm")
    settings.OIDC_OP_TOKEN_ENDPOINT = "http://127.0.0.1:9/token/"
    _refused(client.get(callback), MSG_SIGN_IN_REFUSED)
    assert failures == [{"method": "oidc"}]


def test_the_provider_doors_are_closed_under_local_accounts(client, settings):
    settings.PERMITS_IDENTITY_PROVIDER = "local"
    assert client.get("/accounts/oidc/start/").status_code == 404
    assert client.get("/accounts/oidc/callback/?code=x&state=y").status_code == 404
    assert client.get("/accounts/cas/login/?ticket=ST-1").status_code == 404


def test_the_login_page_offers_the_provider(client, settings):
    settings.PERMITS_IDENTITY_PROVIDER = "oidc"
    page = client.get("/accounts/login/?next=/desk/").content.decode()
    assert 'href="/accounts/oidc/start/?next=%2Fdesk%2F"' in page
    settings.PERMITS_IDENTITY_PROVIDER = "cas"
    assert 'href="/accounts/cas/login/"' in client.get("/accounts/login/").content.decode()
    settings.PERMITS_IDENTITY_PROVIDER = "local"
    assert "/accounts/oidc/start/" not in client.get("/accounts/login/").content.decode()


def test_the_provider_settings_are_read_from_the_environment_and_required():
    from tests.test_settings_env import _settings_json

    missing = _settings_json("s.OIDC_RP_CLIENT_ID", PERMITS_IDENTITY_PROVIDER="oidc")
    assert missing.returncode != 0
    assert "PERMITS_OIDC_ISSUER" in missing.stderr
    environment = {
        "PERMITS_IDENTITY_PROVIDER": "oidc",
        "PERMITS_OIDC_ISSUER": "https://id.example.gov.cn",
        "PERMITS_OIDC_AUTHORIZATION_ENDPOINT": "https://id.example.gov.cn/authorize",
        "PERMITS_OIDC_TOKEN_ENDPOINT": "https://id.example.gov.cn/token",
        "PERMITS_OIDC_USERINFO_ENDPOINT": "https://id.example.gov.cn/userinfo",
        "PERMITS_OIDC_JWKS_ENDPOINT": "https://id.example.gov.cn/jwks",
        "PERMITS_OIDC_CLIENT_ID": "permits",
        "PERMITS_OIDC_CLIENT_SECRET": "s",
        "PERMITS_IDENTITY_TWO_FACTOR_AMR": "mfa,hwk",
    }
    loaded = _settings_json(
        "[s.OIDC_RP_CLIENT_ID, s.PERMITS_IDENTITY_TWO_FACTOR_AMR, s.AUTHENTICATION_BACKENDS[1]]",
        **environment,
    )
    assert loaded.returncode == 0, loaded.stderr
    assert json.loads(loaded.stdout) == [
        "permits",
        ["mfa", "hwk"],
        "web.identity_providers.OidcBackend",
    ]
    wrong = _settings_json("1", PERMITS_IDENTITY_PROVIDER="saml")
    assert "PERMITS_IDENTITY_PROVIDER" in wrong.stderr


def test_local_accounts_still_sign_in_beside_the_provider(relying_party, reviewer_my):
    reviewer_my.set_password(PASSWORD)
    reviewer_my.save()
    client = Client()
    answer = client.post(
        "/accounts/login/?code=x&state=y", {"username": "district_my", "password": PASSWORD}
    )
    assert answer.status_code == 302
    assert int(client.session[SESSION_KEY]) == reviewer_my.pk


def test_signing_out_here_ends_the_providers_session(relying_party):
    """RP-initiated logout: our sign-out sends the browser to the provider's end-session
    endpoint with the ID token as its hint; the provider ends its session and sends it back."""
    client = Client()
    start = client.get("/accounts/oidc/start/")
    browser = requests.Session()
    callback = _at_provider_as(browser, start["Location"], "farm")
    client.get(callback)
    hint = client.session["oidc_id_token"]

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    onward = urlsplit(response["Location"])
    assert f"{onward.scheme}://{onward.netloc}{onward.path}" == f"{relying_party.issuer}/logout/"
    assert parse_qs(onward.query)["id_token_hint"] == [hint]
    assert SESSION_KEY not in client.session
    at_provider = browser.get(response["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302
    assert at_provider.headers["Location"] == "http://testserver/accounts/login/"
    # The provider's session is over: starting again asks for the password.
    again = browser.get(client.get("/accounts/oidc/start/")["Location"], timeout=10)
    assert urlsplit(again.url).path == "/login/"


def test_signing_out_a_password_session_stays_here(db, reviewer_my, client):
    client.force_login(reviewer_my)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
