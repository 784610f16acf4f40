"""The second factor after the password (issue 47 item 2; roles/second_factor.py, the web's
pages in web/second_factor.py, the API's door in tests/api/test_auth_second_factor.py): the whole
web sign-in with the Django test client, a code used once, guessing locked as passwords are,
recovery codes, a head's reset on the chain, applicants never forced, nothing asked when off."""

import re
import time
from datetime import UTC, datetime

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.choices import AuditAction
from audit.models import AuditEvent
from audit.second_factors import second_factor_reset
from core.messages import MSG_OTP_INVALID, MSG_OTP_RESET_REFUSED
from roles import second_factor
from roles.models import Role
from tests.factories import PASSWORD, member

DEMO_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture(autouse=True)
def _required(settings):
    settings.PERMITS_REQUIRE_2FA = True


@pytest.fixture
def clock():
    """Time stopped at the start of a TOTP step (30 s), moved only by the test."""
    with time_machine.travel(datetime(2026, 11, 2, 9, 0, 1, tzinfo=UTC), tick=False) as traveller:
        yield traveller


def code_of(device: TOTPDevice) -> str:
    """The device's code now."""
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{value:0{device.digits}d}"


def enrolled(user) -> TOTPDevice:
    key = second_factor.hex_key(DEMO_SECRET)
    return TOTPDevice.objects.create(user=user, name="phone", key=key, confirmed=True)


def held(client: Client) -> bool:
    """Whether the client's session is held at the second factor."""
    response = client.get("/")
    return response.status_code == 302 and response["Location"].startswith(
        "/accounts/second-factor/"
    )


def signed_in(user, ip="192.0.2.20") -> Client:
    """A client past the password step only."""
    client = Client(REMOTE_ADDR=ip)
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:300]
    return client


def test_an_official_enrols_at_first_sign_in_then_signs_in_with_codes(reviewer_my, clock):
    client = signed_in(reviewer_my)
    # Held at the second factor, then sent to enrol: no device yet.
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/second-factor/?next=")
    assert client.get("/accounts/second-factor/?next=/")["Location"].startswith(
        "/accounts/second-factor/enrol/"
    )
    page = client.get("/accounts/second-factor/enrol/?next=/")
    assert page.status_code == 200
    secret = page.context["secret"]
    assert 'src="data:image/svg+xml' in page.content.decode()
    assert secret in page.content.decode()
    device = TOTPDevice.objects.get(user=reviewer_my, confirmed=False)
    assert second_factor.base32_secret(device) == secret

    wrong = client.post("/accounts/second-factor/enrol/", {"code": "000000"})
    assert wrong.status_code == 400 and str(MSG_OTP_INVALID) in wrong.content.decode()
    clock.shift(2)
    done = client.post("/accounts/second-factor/enrol/", {"code": code_of(device), "next": "/"})
    assert done.status_code == 200
    codes = done.context["recovery_codes"]
    assert len(codes) == second_factor.RECOVERY_CODE_COUNT
    assert all(code in done.content.decode() for code in codes)
    assert not held(client)

    event = AuditEvent.objects.get(action=AuditAction.OTP_ENROLLED)
    assert event.details["subject"] == {"username": "district_my"}
    assert secret not in str(event.details) and codes[0] not in str(event.details)

    # The next sign-in, in the same 30 s: the code used at enrolment is refused.
    again = signed_in(reviewer_my)
    reused = again.post("/accounts/second-factor/", {"code": code_of(device), "next": "/x/"})
    assert reused.status_code == 400
    assert str(MSG_OTP_INVALID) in reused.content.decode()
    assert held(again)

    # A recovery code signs in, once (past django-otp's wait after the failure above).
    clock.shift(5)
    response = again.post("/accounts/second-factor/", {"code": codes[0], "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert not held(again)
    third = signed_in(reviewer_my)
    assert third.post("/accounts/second-factor/", {"code": codes[0]}).status_code == 400
    # The next step's code does.
    clock.shift(60)
    response = third.post("/accounts/second-factor/", {"code": code_of(device), "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_the_next_code_of_the_device_signs_in(reviewer_my):
    device = enrolled(reviewer_my)
    client = signed_in(reviewer_my)
    response = client.post("/accounts/second-factor/", {"code": code_of(device), "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.session[second_factor.SESSION_KEY] == "totp"
    assert not held(client)
    # The API under the same session is open too.
    assert client.get("/api/v1/me/").status_code == 200


def test_an_unverified_session_gets_401_otp_required_from_the_api(reviewer_my):
    enrolled(reviewer_my)
    response = signed_in(reviewer_my).get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "otp_required"


def test_wrong_codes_lock_the_account_as_wrong_passwords_do(reviewer_my, settings, clock):
    device = enrolled(reviewer_my)
    client = signed_in(reviewer_my)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        # Past django-otp's own growing wait, so that each failure is axes' to count.
        clock.shift(20)
        response = client.post("/accounts/second-factor/", {"code": "123456"})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    # Signed out: the password again, which the lock refuses.
    clock.shift(60)
    assert "/accounts/login/" in client.get("/")["Location"]
    again = Client(REMOTE_ADDR="192.0.2.20").post(
        "/accounts/login/", {"username": "district_my", "password": PASSWORD}
    )
    assert again.status_code == 429
    # From elsewhere the password passes, and the right code still signs in there.
    elsewhere = signed_in(reviewer_my, ip="198.51.100.7")
    response = elsewhere.post("/accounts/second-factor/", {"code": code_of(device), "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_garbage_codes_are_refused_without_a_server_error(reviewer_my, clock):
    enrolled(reviewer_my)
    client = signed_in(reviewer_my)
    for code in ["abc!!", "12 34 5", "１２３４５６", "x" * 1_000_000]:
        clock.shift(20)
        response = client.post("/accounts/second-factor/", {"code": code})
        assert response.status_code in (400, 413), response.status_code
    assert client.post("/accounts/second-factor/", {}).status_code in (400, 429)
    assert client.post("/accounts/second-factor/enrol/", {}).status_code in (302, 400, 429)


def test_an_applicant_is_never_forced_but_may_enrol(applicant_my, clock):
    client = signed_in(applicant_my)
    assert not held(client)
    page = client.get("/accounts/second-factor/enrol/")
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=applicant_my, confirmed=False)
    response = client.post("/accounts/second-factor/enrol/", {"code": code_of(device)})
    assert response.status_code == 200 and response.context["recovery_codes"]
    # Having chosen one, they are asked for it at their next sign-in.
    assert held(signed_in(applicant_my))


def test_off_the_sign_in_is_unchanged(reviewer_my, settings):
    settings.PERMITS_REQUIRE_2FA = False
    enrolled(reviewer_my)
    client = signed_in(reviewer_my)
    assert not held(client)
    assert not second_factor.must_pass(reviewer_my)


def test_staff_must_pass_it_too(db):
    from tests.factories import UserFactory

    staff = UserFactory(username="ops", is_staff=True)
    assert second_factor.must_pass(staff)
    assert signed_in(staff).get("/admin/")["Location"].startswith("/accounts/second-factor/")


def test_a_head_resets_a_members_lost_device_on_the_chain(reviewer_my, head_my, reviewer_my2):
    enrolled(reviewer_my)
    second_factor.recovery_codes_issue(reviewer_my)
    client = signed_in(head_my)
    # The head passes their own second factor first.
    head_device = enrolled(head_my)
    client.post("/accounts/second-factor/", {"code": code_of(head_device)})
    response = client.post("/accounts/second-factor/reset/", {"username": "district_my"})
    assert response.status_code == 200, response.content[:300]
    assert not TOTPDevice.objects.filter(user=reviewer_my).exists()
    assert not StaticDevice.objects.filter(user=reviewer_my).exists()
    event = AuditEvent.objects.get(action=AuditAction.OTP_RESET)
    assert event.actor_id == head_my.pk
    assert event.details["subject"] == {"username": "district_my"}
    assert event.details["devices"] == 2
    # The member enrols again at the next sign-in.
    again = signed_in(reviewer_my)
    assert again.get("/accounts/second-factor/")["Location"].startswith(
        "/accounts/second-factor/enrol/"
    )
    # A colleague who is no head, a head of another agency, oneself: refused, nothing recorded.
    with pytest.raises(PermissionDenied):
        second_factor_reset(subject=reviewer_my, by=reviewer_my2, client_ip=None)
    head_other = member(role=Role.HEAD, agency_code="110119-forestry", username="head_yq")
    assert not second_factor.may_reset(by=head_other, subject=reviewer_my)
    assert not second_factor.may_reset(by=head_my, subject=head_my)
    assert AuditEvent.objects.filter(action=AuditAction.OTP_RESET).count() == 1


def test_the_reset_page_refuses_who_may_not(reviewer_my, reviewer_my2):
    device = enrolled(reviewer_my2)
    client = signed_in(reviewer_my2)
    client.post("/accounts/second-factor/", {"code": code_of(device)})
    response = client.post("/accounts/second-factor/reset/", {"username": "district_my"})
    assert response.status_code == 403
    assert str(MSG_OTP_RESET_REFUSED) in response.content.decode()
    assert client.post("/accounts/second-factor/reset/", {"username": "nobody"}).status_code == 400


def test_an_unverified_head_cannot_reach_the_reset_page(head_my):
    enrolled(head_my)
    response = signed_in(head_my).post(
        "/accounts/second-factor/reset/", {"username": "district_my"}
    )
    assert response.status_code == 302


def test_the_security_administrators_permission_resets_anyone(reviewer_my):
    from tests.factories import UserFactory

    secadmin = UserFactory(username="secadmin")
    secadmin.user_permissions.add(Permission.objects.get(codename="manage_second_factors"))
    enrolled(reviewer_my)
    assert second_factor_reset(subject=reviewer_my, by=secadmin, client_ip="192.0.2.1") == 1


def test_mark_verified_is_the_providers_seam(reviewer_my, rf):
    from django.contrib.sessions.backends.db import SessionStore

    request = rf.get("/")
    request.session = SessionStore()
    assert not second_factor.is_verified(request)
    second_factor.mark_verified(request, "oidc:mfa")
    assert second_factor.is_verified(request)


def test_a_sign_in_with_the_second_factor_takes_under_a_second(reviewer_my, reviewer_my2, settings):
    """Issue 47 "Speed", with the production hasher (Argon2id, rounds unchanged), measured warm
    (a first sign-in loads the URLs and compiles the templates, as a server's first request)."""
    settings.PASSWORD_HASHERS = ["roles.hashers.Argon2idHasher"]
    timings = []
    for user in (reviewer_my2, reviewer_my):
        user.set_password(PASSWORD)
        user.save()
        device = enrolled(user)
        started = time.perf_counter()
        client = signed_in(user)
        response = client.post("/accounts/second-factor/", {"code": code_of(device), "next": "/"})
        timings.append(time.perf_counter() - started)
        assert response.status_code == 302 and response["Location"] == "/"
    print(f"sign-in with the second factor: cold {timings[0]:.3f} s, warm {timings[1]:.3f} s")
    assert timings[1] < 1.0


def test_codes_are_read_as_typed():
    assert second_factor.code_clean(" 123 456 ") == "123456"
    assert second_factor.code_clean(123456) == "123456"
    assert second_factor.code_clean("ABCD2345") == "abcd2345"
    for bad in (None, True, [], {}, "12345", "1" * 20, "12345!", "x" * 10_000):
        assert second_factor.code_clean(bad) is None
    assert re.fullmatch(r"[0-9a-f]+", second_factor.hex_key(DEMO_SECRET))
    with pytest.raises(ValueError):
        second_factor.hex_key("not base32!")
