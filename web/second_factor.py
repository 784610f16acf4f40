"""The second factor's pages (issue 47 item 2): the code after the password, enrolling an
authenticator app (its QR code, its secret, then recovery codes shown once), and a head's or
the security administrator's reset of a lost device. The checks and devices are
roles.second_factor's, the recorded acts audit.second_factors'; config.middleware holds a
person here until they have passed."""

from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import auth
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from audit import second_factors
from core.messages import (
    MSG_OTP_INVALID,
    MSG_OTP_NO_SUCH_PERSON,
    MSG_OTP_REQUIRED,
    MSG_OTP_RESET_DONE,
    MSG_OTP_RESET_REFUSED,
)
from permits.selectors import client_ip
from roles import login_throttling
from roles import second_factor as factor

from .common import AuthenticatedHttpRequest

VERIFY_TEMPLATE = "registration/second_factor.html"
ENROL_TEMPLATE = "registration/second_factor_enrol.html"
RESET_TEMPLATE = "registration/second_factor_reset.html"


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe and target.startswith("/") else settings.LOGIN_REDIRECT_URL


def _with_next(url: str, request: HttpRequest) -> str:
    return f"{url}?{urlencode({'next': _next(request)})}"


def _locked(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The password lockout's page, and the half-signed-in session ends."""
    credentials = {settings.AXES_USERNAME_FORM_FIELD: request.user.get_username()}
    response = login_throttling.lockout_response(request, credentials=credentials)
    auth.logout(request)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if factor.is_verified(request) or not factor.must_pass(user):
        return redirect(_next(request))
    error = None
    if request.method == "POST":
        raw = request.POST.get("code", "")
        outcome = factor.check(request, user, raw)
        if outcome is factor.Check.PASSED:
            factor.mark_verified(request, factor.method_of(factor.code_clean(raw) or ""))
            return redirect(_next(request))
        if outcome is factor.Check.LOCKED:
            return _locked(request)
        if outcome is not factor.Check.NOT_ENROLLED:
            error = MSG_OTP_INVALID if outcome is factor.Check.INVALID else MSG_OTP_REQUIRED
    elif factor.is_locked(request, user):
        return _locked(request)
    if not factor.enrolled(user):
        return redirect(_with_next(reverse("second-factor-enrol"), request))
    context = {
        "error": error,
        "next": _next(request),
        "has_passkey": factor.passkeys(user).exists(),
        "has_app": factor.confirmed_totp(user) is not None,
    }
    return render(request, VERIFY_TEMPLATE, context, status=400 if error else 200)


def _qr_data_uri(uri: str) -> str:
    qr = segno.make(uri, error="m")
    data_uri: str = qr.svg_data_uri(scale=5, border=2)
    return data_uri


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_enrol(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Enrol an authenticator app: required of officials at their first sign-in, open to
    applicants. A person who has a device proves it before replacing it."""
    user = request.user
    has_device = factor.confirmed_totp(user) is not None
    if factor.enrolled(user) and factor.must_pass(user) and not factor.is_verified(request):
        return redirect(_with_next(reverse("second-factor"), request))
    if factor.is_locked(request, user):
        return _locked(request)
    device = factor.totp_pending(user)
    error = None
    if request.method == "POST":
        codes = second_factors.second_factor_enrol(
            device=device, raw_code=request.POST.get("code", ""), client_ip=client_ip(request)
        )
        if codes is not None:
            factor.mark_verified(request, "totp")
            shown = {"recovery_codes": codes, "next": _next(request)}
            return render(request, ENROL_TEMPLATE, shown)
        factor.failure_count(request, user)
        if factor.is_locked(request, user):
            return _locked(request)
        error = MSG_OTP_INVALID
    context: dict[str, object] = {
        "error": error,
        "next": _next(request),
        "secret": factor.base32_secret(device),
        "qr": _qr_data_uri(device.config_url),
        "replacing": has_device,
    }
    return render(request, ENROL_TEMPLATE, context, status=400 if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_reset_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A head (for their agency's members) or the security administrator resets a lost
    device: the person enrols again at their next sign-in."""
    error = done = None
    status = 200
    if request.method == "POST":
        username = request.POST.get("username", "")[:150].strip()
        subject = _person(username)
        if subject is None:
            error, status = MSG_OTP_NO_SUCH_PERSON, 400
        elif not factor.may_reset(by=request.user, subject=subject):
            error, status = MSG_OTP_RESET_REFUSED, 403
        else:
            second_factors.second_factor_reset(
                subject=subject, by=request.user, client_ip=client_ip(request)
            )
            done = MSG_OTP_RESET_DONE.format(person=subject.get_full_name() or username)
    return render(request, RESET_TEMPLATE, {"error": error, "done": done}, status=status)


def _person(username: str) -> User | None:
    person: User | None = get_user_model().objects.filter(username=username).first()
    return person
