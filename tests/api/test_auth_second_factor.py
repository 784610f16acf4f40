"""The token door's second factor (issue 47 contract; api.md "Authentication"): an official
under PERMITS_REQUIRE_2FA gives ``otp`` beside the password; ``otp_required`` without it,
``otp_invalid`` for a wrong or reused code, locked after as many failures as passwords."""

from datetime import UTC, datetime

import pytest
import time_machine
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from roles import second_factor
from tests.factories import PASSWORD

from .helpers import API

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture(autouse=True)
def _required(settings):
    settings.PERMITS_REQUIRE_2FA = True


@pytest.fixture
def clock():
    with time_machine.travel(datetime(2026, 11, 2, 9, 0, 1, tzinfo=UTC), tick=False) as traveller:
        yield traveller


@pytest.fixture
def device(reviewer_my):
    key = second_factor.hex_key(SECRET)
    return TOTPDevice.objects.create(user=reviewer_my, name="phone", key=key, confirmed=True)


def code_of(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0):06d}"


def token(username, **extra):
    body = {"username": username, "password": PASSWORD, **extra}
    return APIClient(REMOTE_ADDR="192.0.2.30").post(f"{API}/auth/token/", body, format="json")


def code(response) -> str:
    return response.json()["errors"][0]["code"]


def test_an_official_needs_the_current_code_once(device, clock):
    response = token("district_my")
    assert response.status_code == 401 and code(response) == "otp_required"
    response = token("district_my", otp=code_of(device))
    assert response.status_code == 200 and response.json()["token"]
    # The same code again, within its window.
    response = token("district_my", otp=code_of(device))
    assert response.status_code == 401 and code(response) == "otp_invalid"
    # The next step's code (past django-otp's wait after the failure).
    clock.shift(30)
    assert token("district_my", otp=code_of(device)).status_code == 200


def test_a_wrong_password_is_refused_before_any_code(device):
    response = APIClient().post(
        f"{API}/auth/token/",
        {"username": "district_my", "password": "wrong", "otp": code_of(device)},
        format="json",
    )
    assert response.status_code == 400


def test_an_official_without_a_device_is_told_to_enrol(reviewer_my):
    response = token("district_my", otp="123456")
    assert response.status_code == 401 and code(response) == "otp_required"


def test_wrong_codes_lock_the_account_as_passwords_do(device, settings, clock):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        clock.shift(20)
        response = token("district_my", otp="000000")
    assert response.status_code == 429
    clock.shift(20)
    locked = token("district_my", otp=code_of(device))
    assert locked.status_code == 429 and code(locked) == "throttled"
    assert int(locked["Retry-After"]) > 0


@pytest.mark.parametrize(
    "otp", ["abc", "１２３４５６", "1" * 1_000_000, 12, [], {}, None, True, "12 34 56 78 90"]
)
def test_garbage_codes_never_give_a_server_error(device, otp):
    """A code that is not text (a list, an object, null, a boolean) is the field's error (400);
    text that is no valid code is refused as a code (401), an oversized body as such (413)."""
    response = token("district_my", otp=otp)
    if isinstance(otp, str | int) and not isinstance(otp, bool):
        assert response.status_code in (401, 413)
    else:
        assert response.status_code == 400 and "otp" in response.content.decode()


def test_missing_fields_are_400(device):
    client = APIClient()
    assert client.post(f"{API}/auth/token/", {}, format="json").status_code == 400
    body = {"otp": "123456"}
    assert client.post(f"{API}/auth/token/", body, format="json").status_code == 400


def test_applicants_and_everyone_when_off_sign_in_with_the_password(applicant_my, device, settings):
    assert token("applicant_my").status_code == 200
    settings.PERMITS_REQUIRE_2FA = False
    assert token("district_my").status_code == 200
