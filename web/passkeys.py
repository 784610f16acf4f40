"""Passkeys (WebAuthn) as a second factor (issue 47 item 2), through django-otp-webauthn: the
page where a person lists, names and removes their passkeys and adds one, and the library's
four ceremonies (registration and authentication, each begun and completed), held to our
rules:

- a passkey is a second factor only, after the password (``OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN``
  is off, and the authentication ceremony answers only a signed-in person, with their own
  passkeys);
- adding one needs the second factor already passed in this session when the person has one
  (roles.second_factor's mark; the library's own check asks django-otp's middleware, which this
  project does not use);
- a passkey added is recorded (``otp_enrolled``) in the transaction that saves it
  (audit.second_factors.passkey_enrol); a failed assertion (forged, replayed, another's) counts
  as a failed login, as a wrong TOTP code does, and locks the account alike;
- every answer is JSON the library's script shows, in Chinese; nothing a browser sends gives a
  5xx.

The library's scripts are its static files (templates/django_otp_webauthn/), under the CSP's
script-src 'self'; the challenge of each ceremony is kept in the session and used once."""

import binascii
from typing import Any

from django.contrib import auth, messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django_otp_webauthn import exceptions
from django_otp_webauthn import views as library
from django_otp_webauthn.utils import rewrite_exceptions

from audit import second_factors
from core.messages import (
    MSG_PASSKEY_DEFAULT_NAME,
    MSG_PASSKEY_FAILED,
    MSG_PASSKEY_LOCKED,
    MSG_PASSKEY_MALFORMED,
    MSG_PASSKEY_NAME_INVALID,
    MSG_PASSKEY_NONE,
    MSG_PASSKEY_REFUSED,
    MSG_PASSKEY_REMOVED,
    MSG_PASSKEY_RENAMED,
    MSG_PASSKEY_VERIFY_FIRST,
)
from permits.selectors import client_ip
from roles import second_factor as factor

from .common import AuthenticatedHttpRequest
from .second_factor import _next

DEVICES_TEMPLATE = "registration/second_factor_devices.html"
NAME_MAX_LENGTH = 64  # django-otp's Device.name
# What a malformed answer raises inside py_webauthn's parsing before its own errors.
MALFORMED = (ValueError, TypeError, KeyError, AttributeError, binascii.Error)


class Locked(exceptions.OTPWebAuthnApiError):
    status_code = 429
    default_code = "locked"


def _answer(detail: Any, code: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": str(detail), "code": code}, status=status)


class _OurAnswers:
    """The library's errors answered in our words (its own are English), a malformed body as
    a 400, never a 500."""

    request: HttpRequest

    def handle_exception(self, exc: Exception) -> HttpResponse:
        if isinstance(exc, Locked):
            return _answer(MSG_PASSKEY_LOCKED, exc.code, exc.status_code)
        if isinstance(exc, exceptions.NotVerified):
            return _answer(MSG_PASSKEY_VERIFY_FIRST, exc.code, exc.status_code)
        if isinstance(exc, exceptions.CredentialNotFound):
            return _answer(MSG_PASSKEY_NONE, exc.code, exc.status_code)
        if isinstance(exc, exceptions.OTPWebAuthnApiError):
            status = exc.status_code if 400 <= exc.status_code < 500 else 400
            return _answer(MSG_PASSKEY_REFUSED, exc.code, status)
        if isinstance(exc, MALFORMED):
            return _answer(MSG_PASSKEY_MALFORMED, "malformed_request", 400)
        raise exc


class _Registration(_OurAnswers):
    def _check_user_verified(self, user: Any) -> None:
        """A person who has a second factor passes it in this session before adding a
        passkey (an attacker who has only the password cannot add one of theirs)."""
        if factor.enrolled(user) and not factor.is_verified(self.request):
            raise exceptions.NotVerified


class RegistrationBegin(_Registration, library.BeginCredentialRegistrationView):
    pass


class RegistrationComplete(_Registration, library.CompleteCredentialRegistrationView):
    def post(self, *args: Any, **kwargs: Any) -> HttpResponse:
        request = self.request
        user = self.get_user()  # signed in: the ceremony refuses anyone else first
        state = self.get_state()
        count = factor.passkeys(user).count()
        name = MSG_PASSKEY_DEFAULT_NAME.format(number=count + 1)
        with rewrite_exceptions(logger=library._get_pywebauthn_logger()):
            device = second_factors.passkey_enrol(
                user=user,
                helper=self.get_helper(),
                state=state,
                data=request.data,  # type: ignore[attr-defined]
                name=name[:NAME_MAX_LENGTH],
                client_ip=client_ip(request),
            )
        if not factor.is_verified(request):
            # Their first device, just proven by its signature, as enrolling an app does.
            factor.mark_verified(request, "webauthn")
        return JsonResponse({"id": device.pk})


class _Authentication(_OurAnswers):
    def check_can_authenticate(self) -> None:
        """After the password only, by a person who has a passkey and is not locked out."""
        user = self.request.user
        if not user.is_authenticated or not user.is_active:
            raise exceptions.PasswordlessLoginDisabled
        if factor.is_locked(self.request, user):
            raise Locked
        if not factor.passkeys(user).exists():
            raise exceptions.CredentialNotFound


class AuthenticationBegin(_Authentication, library.BeginCredentialAuthenticationView):
    pass


class AuthenticationComplete(_Authentication, library.CompleteCredentialAuthenticationView):
    def post(self, *args: Any, **kwargs: Any) -> HttpResponse:
        request = self.request
        user = request.user
        try:
            # The challenge leaves the session before anything is checked: an answer is
            # accepted once, and a replayed one finds none.
            state = self.get_state()
            with rewrite_exceptions(logger=library._get_pywebauthn_logger()):
                device = self.get_helper().authenticate_complete(
                    user=user,
                    state=state,
                    data=request.data,  # type: ignore[attr-defined]
                )
            self.check_device_usable(device)
        except (exceptions.OTPWebAuthnApiError, *MALFORMED):
            return self._failed(request)
        factor.mark_verified(request, "webauthn")
        return JsonResponse({"id": device.pk, "redirect_url": _next(request)})

    def _failed(self, request: HttpRequest) -> JsonResponse:
        """A wrong passkey answer is a failed login of the account from this address; the
        lock it reaches ends the half-signed-in session."""
        user = request.user
        factor.failure_count(request, user)  # type: ignore[arg-type]
        if factor.is_locked(request, user):  # type: ignore[arg-type]
            auth.logout(request)
            return _answer(MSG_PASSKEY_LOCKED, Locked.default_code, Locked.status_code)
        return _answer(MSG_PASSKEY_FAILED, "passkey_invalid", 400)


def _devices_context(request: AuthenticatedHttpRequest, **extra: Any) -> dict[str, Any]:
    user = request.user
    return {
        "has_app": factor.confirmed_totp(user) is not None,
        "passkeys": list(factor.passkeys(user)),
        **extra,
    }


@login_required
@require_http_methods(["GET"])
def second_factor_devices(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The account's second factor: the authenticator app, the passkeys (named, listed,
    removed) and adding one. A person who must pass a second factor reaches it after passing
    (config.middleware holds them before)."""
    return render(request, DEVICES_TEMPLATE, _devices_context(request))


@login_required
@require_POST
def second_factor_passkey(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Rename (``action=rename``, ``name``) or remove (``action=remove``) one's own passkey;
    another's is not found."""
    user = request.user
    device = factor.passkeys(user).filter(pk=pk).first()
    if device is None:
        raise Http404
    if request.POST.get("action") == "remove":
        second_factors.passkey_remove(user=user, pk=device.pk, client_ip=client_ip(request))
        messages.success(request, MSG_PASSKEY_REMOVED)
        return redirect(reverse("second-factor-devices"))
    name = " ".join(str(request.POST.get("name", ""))[: NAME_MAX_LENGTH * 4].split())
    if not name or len(name) > NAME_MAX_LENGTH or "\x00" in name:
        context = _devices_context(request, name_error=MSG_PASSKEY_NAME_INVALID, error_pk=pk)
        return render(request, DEVICES_TEMPLATE, context, status=400)
    device.name = name
    device.save(update_fields=["name"])
    messages.success(request, MSG_PASSKEY_RENAMED)
    return redirect(reverse("second-factor-devices"))
