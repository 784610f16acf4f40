"""Sign-ins, their failures and lockouts, sign-outs and role changes on the chain (issue 47
item 4), heard from the signals every door already sends: Django's ``user_logged_in``,
``user_login_failed`` and ``user_logged_out`` (the web and admin login pages, a provider's
sign-in), django-axes' ``user_locked_out``, and ``roles.signals``. The API token door signs no
session in: it calls ``api_sign_in_record`` itself.

**The bound on a flood.** Every append takes the chain head's system-wide lock (product.md
§14; one takes about a millisecond, docs/architecture.md "Identity events"), so an attacker's
failures must not each take it without end. django-axes already bounds the failures it counts
(``roles.login_throttling``): an account from one address, an address, an account from
unfamiliar addresses, each per cool-off. A failure axes counts is recorded; an attempt refused
because a lock holds it is not (axes does not count it either), but the lock itself is, once,
when a failure reaches it (``login_locked``). So the chain takes at most the throttle's limits
plus one lockout per lock, per cool-off, whatever the flood.
"""

from typing import Any

from axes.helpers import get_client_ip_address
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.models import User
from django.http import HttpRequest
from rest_framework.request import Request

from roles import login_throttling
from roles.models import Agency, Membership, Organisation

from .choices import AuditAction
from .identity import identity_record

# How a person signed in, by the authentication backend that let them in (a module path's part):
# a provider's backend (h-oidc) names its protocol; anything else checked a password.
METHOD_BY_BACKEND = (("oidc", "oidc"), ("cas", "cas"))
METHOD_PASSWORD = "password"  # noqa: S105 (a method's name)
METHOD_API_TOKEN = "api_token"  # noqa: S105 (a method's name)


def _address(request: HttpRequest | None) -> str | None:
    """The client's address as login throttling counts it (``config.client_address`` through
    axes' AXES_CLIENT_IP_CALLABLE): the same one the trail records for every act."""
    if request is None:
        return None
    address: str | None = getattr(request, "axes_ip_address", None) or get_client_ip_address(
        request
    )
    return address


def _method_of(request: HttpRequest, user: User) -> str:
    backend = str(getattr(request, "session", {}).get(BACKEND_SESSION_KEY, "")) or str(
        getattr(user, "backend", "")
    )
    for part, method in METHOD_BY_BACKEND:
        if part in backend.lower():
            return method
    return METHOD_PASSWORD


def on_logged_in(sender: object, *, request: HttpRequest, user: User, **kwargs: Any) -> None:
    """``user_logged_in``: a session began (web, admin, a provider's sign-in)."""
    identity_record(
        AuditAction.LOGIN,
        subject=user,
        client_ip=_address(request),
        details={"method": _method_of(request, user)},
    )


def api_sign_in_record(request: HttpRequest, user: User) -> None:
    """A token issued for ``user``'s password at the API token door (``api.views.auth``): DRF
    sends no ``user_logged_in``, so the door calls this."""
    identity_record(
        AuditAction.LOGIN,
        subject=user,
        client_ip=_address(request),
        details={"method": METHOD_API_TOKEN},
    )


def _refused_by_lock(request: HttpRequest | None) -> bool:
    """An attempt a lock refused before checking its password: axes marks it locked out without
    counting it (``axes_failures_since_start`` is set only when it counts a failure), whether its
    receiver ran before this one or after."""
    return bool(
        request is not None
        and getattr(request, "axes_locked_out", False)
        and getattr(request, "axes_failures_since_start", None) is None
    )


def _attempted(request: HttpRequest | None, credentials: dict[str, Any]) -> str:
    if request is None:
        return str(credentials.get("username") or "")[: login_throttling.USERNAME_MAX_LENGTH]
    return login_throttling.attempted_username(request, credentials) or ""


def on_login_failed(
    sender: object,
    *,
    credentials: dict[str, Any],
    request: HttpRequest | None = None,
    **kwargs: Any,
) -> None:
    """``user_login_failed``: the name tried (never the password: Django has already masked it,
    and it is not read); an unknown name has no subject and so no actor."""
    if _refused_by_lock(request):
        return
    username = _attempted(request, credentials)
    subject = User.objects.filter(username=username).first() if username else None
    identity_record(
        AuditAction.LOGIN_FAILED,
        subject=subject,
        username=username,
        client_ip=_address(request),
        details={"method": METHOD_API_TOKEN if isinstance(request, Request) else METHOD_PASSWORD},
    )


def on_locked_out(
    sender: object,
    *,
    request: HttpRequest,
    username: str | None = None,
    ip_address: str | None = None,
    **kwargs: Any,
) -> None:
    """axes' ``user_locked_out``: recorded when a failure reaches a lock, not for each attempt
    the lock then refuses (see the module's bound)."""
    if getattr(request, "axes_failures_since_start", None) is None:
        return
    name = username or ""
    subject = User.objects.filter(username=name).first() if name else None
    identity_record(
        AuditAction.LOGIN_LOCKED,
        subject=subject,
        username=name,
        client_ip=ip_address or _address(request),
    )


def on_logged_out(
    sender: object, *, request: HttpRequest, user: User | None = None, **kwargs: Any
) -> None:
    """``user_logged_out``: a session ended by its owner (not one that expired unseen)."""
    if user is None or user.pk is None:
        return
    identity_record(AuditAction.LOGOUT, subject=user, client_ip=_address(request))


def _where(agency: Agency | None, organisation: Organisation | None) -> dict[str, Any]:
    where: dict[str, Any] = {}
    if agency is not None:
        where["agency"] = {"code": agency.code, "name": agency.name}
    if organisation is not None:
        where["organisation"] = {
            "name": organisation.name,
            "credit_code": organisation.unified_credit_code,
        }
    return where


def _role_record(
    action: AuditAction,
    *,
    user: User,
    role: str,
    agency: Agency | None,
    organisation: Organisation | None,
    by: User | None,
) -> None:
    """A role change, by ``by`` or (None) the system: scoped to the agency the role is in, so
    that the auditors of its jurisdiction see it; an applicant organisation's, to none."""
    identity_record(
        action,
        subject=user,
        by=by,
        agency=agency,
        details={"role": role, **_where(agency, organisation)},
        system=by is None,
    )


def on_role_granted(
    sender: type[Membership],
    *,
    user: User,
    role: str,
    agency: Agency | None = None,
    organisation: Organisation | None = None,
    by: User | None = None,
    **kwargs: Any,
) -> None:
    _role_record(
        AuditAction.ROLE_GRANTED,
        user=user,
        role=role,
        agency=agency,
        organisation=organisation,
        by=by,
    )


def on_role_revoked(
    sender: type[Membership],
    *,
    user: User,
    role: str = "",
    agency: Agency | None = None,
    organisation: Organisation | None = None,
    by: User | None = None,
    **kwargs: Any,
) -> None:
    _role_record(
        AuditAction.ROLE_REVOKED,
        user=user,
        role=role,
        agency=agency,
        organisation=organisation,
        by=by,
    )
