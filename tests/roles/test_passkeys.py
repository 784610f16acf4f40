"""Passkeys as a second factor (issue 47 item 2; web/passkeys.py, roles/second_factor.py): the
ceremonies with the Django test client and a software authenticator that signs for real
(tests/webauthn_authenticator.py). Adding one after passing the second factor, on the chain
without key material; signing in with it; a forged, replayed or another's assertion refused
without a 5xx and counted like a wrong code, until the lock; removing one's own and only one's
own; a head's reset removing them; applicants, anonymous callers. The browser's own ceremony,
with Chrome's virtual authenticator: tests/browser/test_passkeys.py."""

import json
from datetime import UTC, datetime

import pytest
import time_machine
from cryptography.hazmat.primitives.asymmetric import ec
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from audit.choices import AuditAction
from audit.models import AuditEvent
from core.messages import MSG_PASSKEY_FAILED, MSG_PASSKEY_LOCKED
from roles import second_factor
from tests.factories import PASSWORD
from tests.webauthn_authenticator import SoftAuthenticator, b64url

DEMO_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
BASE = "/accounts/passkeys/"


@pytest.fixture(autouse=True)
def _required(settings):
    settings.PERMITS_REQUIRE_2FA = True
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = ["http://localhost:8000"]


@pytest.fixture
def clock():
    with time_machine.travel(datetime(2026, 11, 2, 9, 0, 1, tzinfo=UTC), tick=False) as traveller:
        yield traveller


def enrolled(user) -> TOTPDevice:
    key = second_factor.hex_key(DEMO_SECRET)
    return TOTPDevice.objects.create(user=user, name="phone", key=key, confirmed=True)


def code_of(device: TOTPDevice) -> str:
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{value:0{device.digits}d}"


def signed_in(user, ip="192.0.2.30") -> Client:
    client = Client(REMOTE_ADDR=ip)
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:300]
    return client


def signed_in_anyway(user, ip="192.0.2.30") -> Client:
    """A session past the password although the address is locked (one that signed in before
    the lock)."""
    client = Client(REMOTE_ADDR=ip)
    client.force_login(user)
    return client


def held(client: Client) -> bool:
    response = client.get("/")
    return response.status_code == 302 and response["Location"].startswith(
        "/accounts/second-factor/"
    )


def post_json(client: Client, path: str, body=None, **extra):
    data = "" if body is None else json.dumps(body)
    return client.post(BASE + path, data=data, content_type="application/json", **extra)


def add_passkey(client: Client, authenticator: SoftAuthenticator):
    options = post_json(client, "registration/begin/")
    assert options.status_code == 200, options.content
    return post_json(client, "registration/complete/", authenticator.create(options.json()))


def with_passkey(user, clock) -> tuple[SoftAuthenticator, TOTPDevice]:
    """``user`` with an app and a passkey added through the ceremony (after passing TOTP)."""
    device = enrolled(user)
    client = signed_in(user)
    assert client.post("/accounts/second-factor/", {"code": code_of(device)}).status_code == 302
    authenticator = SoftAuthenticator()
    assert add_passkey(client, authenticator).status_code == 200
    clock.shift(30)  # the TOTP code above is spent; later tests use the next one
    return authenticator, device


def assert_no_key_material(event: AuditEvent, authenticator: SoftAuthenticator) -> None:
    text = json.dumps(event.details)
    credential = WebAuthnCredential.objects.filter(
        user__username=event.details["subject"]["username"]
    )
    assert b64url(authenticator.credential_id) not in text
    assert authenticator.credential_id.hex() not in text
    for row in credential:
        assert bytes(row.public_key).hex() not in text


def test_an_official_adds_a_passkey_after_the_app_and_signs_in_with_it(reviewer_my, clock):
    device = enrolled(reviewer_my)
    client = signed_in(reviewer_my)
    # Not before passing the second factor: the middleware holds the ceremony (JSON 401).
    refused = post_json(client, "registration/begin/")
    assert refused.status_code == 401 and refused.json()["errors"][0]["code"] == "otp_required"
    assert client.post("/accounts/second-factor/", {"code": code_of(device)}).status_code == 302

    page = client.get("/accounts/second-factor/devices/")
    assert page.status_code == 200
    assert "passkey-registration-placeholder" in page.content.decode()
    authenticator = SoftAuthenticator()
    done = add_passkey(client, authenticator)
    assert done.status_code == 200, done.content
    passkey = WebAuthnCredential.objects.get(user=reviewer_my)
    assert done.json() == {"id": passkey.pk}
    assert passkey.name == "通行密钥 1"
    event = AuditEvent.objects.get(action=AuditAction.OTP_ENROLLED)
    assert event.details["method"] == "webauthn" and event.details["device"] == "passkey"
    assert event.details["subject"] == {"username": "district_my"}
    assert_no_key_material(event, authenticator)
    listed = client.get("/accounts/second-factor/devices/").content.decode()
    assert "通行密钥 1" in listed

    # The next sign-in: the second-factor page offers it, and its answer passes.
    again = signed_in(reviewer_my)
    offered = again.get("/accounts/second-factor/?next=/x/").content.decode()
    assert "passkey-verification-placeholder" in offered and 'name="code"' in offered
    options = post_json(again, "authentication/begin/").json()
    assert [c["id"] for c in options["allowCredentials"]] == [b64url(authenticator.credential_id)]
    response = post_json(again, "authentication/complete/?next=/x/", authenticator.get(options))
    assert response.status_code == 200, response.content
    assert response.json()["redirect_url"] == "/x/"
    assert again.session[second_factor.SESSION_KEY] == "webauthn"
    assert not held(again)
    passkey.refresh_from_db()
    assert passkey.last_used_at is not None and passkey.sign_count == 1


def test_a_forged_a_replayed_and_anothers_assertion_are_refused(reviewer_my, reviewer_my2, clock):
    authenticator, _device = with_passkey(reviewer_my, clock)
    client = signed_in(reviewer_my)
    failures = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED)

    # Signed by another key: refused, counted as a failed login, still held.
    options = post_json(client, "authentication/begin/").json()
    forged = authenticator.get(options, key=ec.generate_private_key(ec.SECP256R1()))
    response = post_json(client, "authentication/complete/", forged)
    assert response.status_code == 400
    assert response.json()["detail"] == str(MSG_PASSKEY_FAILED)
    assert failures.count() == 1 and held(client)

    # A good answer passes once; replayed (its challenge spent), it is refused.
    options = post_json(client, "authentication/begin/").json()
    good = authenticator.get(options)
    assert post_json(client, "authentication/complete/", good).status_code == 200
    other = signed_in(reviewer_my)
    replayed = post_json(other, "authentication/complete/", good)
    assert replayed.status_code == 400 and held(other)
    # Replayed against a fresh challenge: the challenge signed is not the one asked.
    post_json(other, "authentication/begin/")
    assert post_json(other, "authentication/complete/", good).status_code == 400
    assert failures.count() == 3

    # A colleague's session answered with this person's passkey: refused.
    enrolled(reviewer_my2)
    colleague = signed_in(reviewer_my2)
    assert post_json(colleague, "authentication/begin/").status_code == 404  # no passkey
    WebAuthnCredential.objects.filter(user=reviewer_my2).delete()
    second = SoftAuthenticator()
    WebAuthnCredential.objects.create(
        user=reviewer_my2,
        name="x",
        credential_id=second.credential_id,
        public_key=second._cose_public_key(),
        sign_count=0,
    )
    options = post_json(colleague, "authentication/begin/").json()
    stolen = authenticator.get(options)
    assert post_json(colleague, "authentication/complete/", stolen).status_code == 400
    assert held(colleague)


@pytest.mark.parametrize(
    "body",
    [
        None,
        "not json",
        {"id": "x"},
        {"id": "AAAA", "rawId": "AAAA", "type": "public-key", "response": {}},
        {"response": {"clientDataJSON": "!!!", "authenticatorData": 5, "signature": []}},
        [1, 2, 3],
    ],
)
def test_garbage_answers_are_refused_without_a_server_error(reviewer_my, clock, body):
    with_passkey(reviewer_my, clock)
    client = signed_in(reviewer_my)
    post_json(client, "authentication/begin/")
    if body == "not json":
        response = client.post(
            BASE + "authentication/complete/", data="{", content_type="application/json"
        )
    else:
        response = post_json(client, "authentication/complete/", body)
    assert 400 <= response.status_code < 500, response.content
    assert held(client)
    # The registration door too, for a person who has passed.
    device = TOTPDevice.objects.get(user=reviewer_my)
    clock.shift(30)
    assert client.post("/accounts/second-factor/", {"code": code_of(device)}).status_code == 302
    post_json(client, "registration/begin/")
    response = post_json(client, "registration/complete/", body if body != "not json" else None)
    assert 400 <= response.status_code < 500, response.content
    assert WebAuthnCredential.objects.filter(user=reviewer_my).count() == 1


def test_wrong_assertions_lock_the_account_like_wrong_codes(reviewer_my, settings, clock):
    authenticator, _device = with_passkey(reviewer_my, clock)
    client = signed_in(reviewer_my)
    forger = ec.generate_private_key(ec.SECP256R1())
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        options = post_json(client, "authentication/begin/").json()
        response = post_json(
            client, "authentication/complete/", authenticator.get(options, key=forger)
        )
    assert response.status_code == 429
    assert response.json()["code"] == "locked" and "登录失败次数过多" in response.json()["detail"]
    # Asked again while locked (another session from this address): refused before checking.
    late = signed_in_anyway(reviewer_my)
    refused = post_json(late, "authentication/begin/")
    assert refused.status_code == 429 and refused.json()["detail"] == str(MSG_PASSKEY_LOCKED)
    # Signed out; the password again is refused by the lock from this address.
    assert "/accounts/login/" in client.get("/")["Location"]
    again = Client(REMOTE_ADDR="192.0.2.30").post(
        "/accounts/login/", {"username": "district_my", "password": PASSWORD}
    )
    assert again.status_code == 429
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_LOCKED).exists()


def test_a_person_removes_and_renames_only_their_own_passkeys(reviewer_my, reviewer_my2, clock):
    authenticator, device = with_passkey(reviewer_my, clock)
    passkey = WebAuthnCredential.objects.get(user=reviewer_my)
    client = signed_in(reviewer_my)
    client.post("/accounts/second-factor/", {"code": code_of(device)})
    path = f"/accounts/second-factor/passkeys/{passkey.pk}/"

    renamed = client.post(path, {"action": "rename", "name": "  办公室 安全密钥 "})
    assert renamed.status_code == 302
    passkey.refresh_from_db()
    assert passkey.name == "办公室 安全密钥"
    bad = client.post(path, {"action": "rename", "name": "x" * 65})
    assert bad.status_code == 400 and 'aria-invalid="true"' in bad.content.decode()
    assert client.post(path, {"action": "rename", "name": "   "}).status_code == 400

    # A colleague cannot see, rename or remove it.
    other_device = enrolled(reviewer_my2)
    colleague = signed_in(reviewer_my2)
    colleague.post("/accounts/second-factor/", {"code": code_of(other_device)})
    assert colleague.post(path, {"action": "remove"}).status_code == 404
    assert colleague.post(path, {"action": "rename", "name": "mine"}).status_code == 404
    assert "办公室" not in colleague.get("/accounts/second-factor/devices/").content.decode()

    removed = client.post(path, {"action": "remove"})
    assert removed.status_code == 302
    assert not WebAuthnCredential.objects.filter(pk=passkey.pk).exists()
    event = AuditEvent.objects.get(action=AuditAction.OTP_RESET)
    assert event.actor_id == reviewer_my.pk
    assert event.details["method"] == "webauthn" and event.details["devices"] == 1
    assert_no_key_material(event, authenticator)
    # It no longer answers: the next sign-in has no passkey to offer.
    again = signed_in(reviewer_my)
    assert "passkey-verification" not in again.get("/accounts/second-factor/").content.decode()
    assert post_json(again, "authentication/begin/").status_code == 404


def test_a_heads_reset_removes_passkeys_too(reviewer_my, head_my, clock):
    with_passkey(reviewer_my, clock)
    head_device = enrolled(head_my)
    client = signed_in(head_my)
    client.post("/accounts/second-factor/", {"code": code_of(head_device)})
    response = client.post("/accounts/second-factor/reset/", {"username": "district_my"})
    assert response.status_code == 200
    assert "其通行密钥也一并删除" in response.content.decode()
    assert not WebAuthnCredential.objects.filter(user=reviewer_my).exists()
    assert not second_factor.enrolled(reviewer_my)
    event = AuditEvent.objects.get(action=AuditAction.OTP_RESET)
    assert event.actor_id == head_my.pk
    assert event.details["devices"] == 2  # the app and the passkey
    # The member enrols again at the next sign-in.
    again = signed_in(reviewer_my)
    assert again.get("/accounts/second-factor/")["Location"].startswith(
        "/accounts/second-factor/enrol/"
    )


def test_an_applicant_may_add_a_first_passkey_and_is_asked_for_it(applicant_my, clock):
    client = signed_in(applicant_my)
    assert not held(client)  # an applicant with no device is never asked
    assert add_passkey(client, SoftAuthenticator()).status_code == 200
    assert client.session[second_factor.SESSION_KEY] == "webauthn"
    assert not held(client)
    assert second_factor.must_pass(applicant_my)
    # Their next sign-in asks for it.
    assert held(signed_in(applicant_my))


def test_anonymous_callers_get_no_ceremony(db):
    client = Client()
    for path in ("registration/begin/", "authentication/begin/", "authentication/complete/"):
        response = post_json(client, path)
        assert response.status_code == 403, (path, response.status_code)
        assert response.json()["code"] in ("not_authenticated", "passwordless_login_disabled")
    assert client.get("/accounts/second-factor/devices/").status_code == 302
