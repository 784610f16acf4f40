"""The second factor after the password (issue 47 item 2; GB/T 22239-2019 level 3: two
techniques, one of them cryptographic): a TOTP device (django-otp), one of its recovery codes, or
a passkey (WebAuthn, django-otp-webauthn: a key pair held by the person's device or security key,
which signs the server's challenge; web/passkeys.py runs the ceremonies).

Who must pass one: under ``PERMITS_REQUIRE_2FA``, every official (any agency role) and every
staff account; an applicant who enrolled a device of their own accord is asked for it too.
Passing it is a mark on the session (``mark_verified``), read by every door: the web's
middleware (config.middleware.SecondFactorMiddleware) and the API's token door. A sign-in
through a provider whose ``acr``/``amr`` already says two factors marks the session itself.

A wrong code is a failed login: django-axes counts it against the account from its address
(roles.login_throttling), so guessing codes locks the account as guessing passwords does;
django-otp's own throttle makes each device wait longer after each failure besides. A TOTP code
is accepted once: the device keeps the last time step it accepted (``last_t``). A passkey's
failed assertion counts the same way (``failure_count``); its challenge is used once (the
library pops it from the session before checking)."""

import base64
import binascii
import enum
import re
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_login_failed
from django.db import models, transaction
from django.http import HttpRequest
from django_cas_ng.models import SessionTicket
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from . import login_throttling
from .models import OFFICIAL_ROLES, Membership, Role

# The session's mark: the method the second factor was passed with ("totp", "recovery",
# "webauthn", or a provider's, e.g. "oidc:mfa").
SESSION_KEY = "permits_second_factor"
RECOVERY_CODE_COUNT = 10
# A TOTP code is 6 digits, a recovery code 8 letters or digits; spaces people type are dropped.
CODE_PATTERN = re.compile(r"^[0-9a-z]{6,8}$")
CODE_MAX_LENGTH = 16
# The agency roles whose members must pass a second factor: the officials and the agencies'
# administrators.
SECOND_FACTOR_ROLES = (*OFFICIAL_ROLES, Role.ADMIN)


class Check(enum.Enum):
    """What a second-factor check of a signed-in person concludes."""

    PASSED = "passed"
    NOT_NEEDED = "not_needed"
    REQUIRED = "required"  # no code given
    NOT_ENROLLED = "not_enrolled"  # required, but the person has no device yet
    INVALID = "invalid"  # a wrong, reused or malformed code (counted as a failed login)
    LOCKED = "locked"  # the account is locked from this address (no code is tried)


def confirmed_totp(user: User) -> TOTPDevice | None:
    device: TOTPDevice | None = (
        TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    )
    return device


def passkeys(user: User) -> "models.QuerySet[WebAuthnCredential]":
    """``user``'s passkeys, oldest first."""
    rows: models.QuerySet[WebAuthnCredential] = WebAuthnCredential.objects.filter(
        user=user, confirmed=True
    ).order_by("pk")
    return rows


def enrolled(user: User) -> bool:
    """Whether ``user`` has a second factor to pass: an authenticator app or a passkey."""
    return confirmed_totp(user) is not None or passkeys(user).exists()


def must_pass(user: User) -> bool:
    """Whether ``user`` must pass a second factor after the password."""
    if not settings.PERMITS_REQUIRE_2FA or not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    official = Membership.objects.filter(user=user, role__in=SECOND_FACTOR_ROLES).exists()
    return official or enrolled(user)


def mark_verified(request: HttpRequest, method: str) -> None:
    """Mark the signed-in session as having passed a second factor by ``method``: the seam an
    identity provider's sign-in calls when its ``acr``/``amr`` says two factors were used.
    The session key changes with it (the session before the factor is not the one after); a
    CAS sign-in's ticket follows the session to its new key, so the provider's single sign-out
    still finds it (``web.identity_providers.CasLoginView``)."""
    before = request.session.session_key
    request.session.cycle_key()
    request.session[SESSION_KEY] = method
    if before:
        SessionTicket.objects.filter(session_key=before).update(
            session_key=request.session.session_key
        )


def is_verified(request: HttpRequest) -> bool:
    return bool(request.session.get(SESSION_KEY))


def code_clean(raw: Any) -> str | None:
    """The code as typed (a string, or a number a script sent), or None if it cannot be one."""
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        return None
    text = str(raw)[: CODE_MAX_LENGTH * 4]
    code = "".join(text.split()).lower()
    return code if CODE_PATTERN.match(code) else None


def _device_accepting(user: User, code: str) -> Device | None:
    """The device that accepts ``code`` (each device's throttle and TOTP's last step apply),
    its row locked, so that two requests with one code cannot both be accepted."""
    with transaction.atomic():
        if code.isdigit():
            totp = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True)
            device = totp.order_by("pk").first()
            if device is not None and device.verify_token(code):
                return device
        static = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True)
        for recovery in static:
            if recovery.verify_token(code):
                return recovery
    return None


def _credentials(user: User) -> dict[str, str]:
    return {settings.AXES_USERNAME_FORM_FIELD: user.get_username()}


def is_locked(request: HttpRequest, user: User) -> bool:
    # The attempt's time and address as axes reads them (set by axes on its own doors only).
    AxesProxyHandler.update_request(request)
    return login_throttling.lock_ends_at(request, _credentials(user)) is not None


def failure_count(request: HttpRequest, user: User) -> None:
    """A wrong second factor counts as a failed login of the account from this address."""
    user_login_failed.send(sender=__name__, credentials=_credentials(user), request=request)


def check(request: HttpRequest, user: User, raw_code: Any) -> Check:
    """Check the code ``user`` gave after their password (None: none given). A locked account
    is answered as locked whatever the code; a wrong code is counted."""
    if not must_pass(user):
        return Check.NOT_NEEDED
    if is_locked(request, user):
        return Check.LOCKED
    if not enrolled(user):
        return Check.NOT_ENROLLED
    if raw_code is None or raw_code == "":
        return Check.REQUIRED
    code = code_clean(raw_code)
    if code is not None and _device_accepting(user, code) is not None:
        return Check.PASSED
    failure_count(request, user)
    return Check.LOCKED if is_locked(request, user) else Check.INVALID


def method_of(code: str) -> str:
    return "totp" if code.isdigit() else "recovery"


def totp_pending(user: User) -> TOTPDevice:
    """The device being enrolled (unconfirmed until a code from it is given): the same one on
    every visit, so a reloaded page shows the same secret."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "TOTP"}
    )
    return device


def base32_secret(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode("ascii")


def hex_key(secret: str) -> str:
    """A base32 secret (as authenticator apps and oathtool take it) as TOTPDevice's hex key."""
    try:
        raw = base64.b32decode(secret.replace(" ", "").upper())
    except binascii.Error as error:
        raise ValueError("not a base32 secret") from error
    return raw.hex()


def recovery_codes_issue(user: User) -> list[str]:
    """New recovery codes for ``user``, replacing any earlier ones; shown once, never stored
    in the clear elsewhere."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def devices_delete(user: User) -> int:
    """Delete every second-factor device of ``user`` (authenticator apps, recovery codes,
    passkeys); how many there were."""
    kinds = (TOTPDevice, StaticDevice, WebAuthnCredential)
    count = 0
    for model in kinds:
        rows = model.objects.filter(user=user)
        count += rows.count()
        rows.delete()
    return count


def may_reset(*, by: User, subject: User) -> bool:
    """Whether ``by`` may reset ``subject``'s second factor: a security administrator (the
    ``roles.manage_second_factors`` permission), or a head of an agency ``subject`` belongs to;
    never their own (a lost device is reset by another person)."""
    if not by.is_authenticated or by.pk == subject.pk:
        return False
    if by.has_perm("roles.manage_second_factors"):
        return True
    agencies = Membership.objects.filter(user=subject, agency__isnull=False).values("agency")
    return Membership.objects.filter(user=by, role=Role.HEAD, agency__in=agencies).exists()


def may_reset_any(user: User) -> bool:
    """Whether ``user`` may reset someone's second factor at all (the account menu's link to
    the reset page, issue 47): the security administrator, or a head of an agency. Whom they
    may reset is ``may_reset``'s, asked again by the page."""
    if not user.is_authenticated:
        return False
    if user.has_perm("roles.manage_second_factors"):
        return True
    return Membership.objects.filter(user=user, role=Role.HEAD, agency__isnull=False).exists()
