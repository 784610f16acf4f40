"""The doors of unified sign-in (issue 47 item 1): mozilla-django-oidc's and django-cas-ng's
backends and views, narrowed to hand what the provider asserted to ``roles.sign_in``.

A refused sign-in raises ``PermissionDenied`` inside the backend, so Django's ``authenticate``
sends ``user_login_failed`` (the audit trail hears it; ``request.identity_method`` says which
door); a callback refused before any backend ran (an unknown or replayed ``state``) sends the
signal here. Either way the person gets ``sign_in_refused.html`` with the reason, 403, and no
session."""

from importlib import import_module
from typing import Any
from urllib.parse import urlencode

import jwt
import requests
from defusedxml import ElementTree
from django.conf import settings
from django.contrib.auth import SESSION_KEY, user_logged_out, user_login_failed
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django_cas_ng.backends import CASBackend
from django_cas_ng.models import ProxyGrantingTicket, SessionTicket
from django_cas_ng.utils import get_cas_client
from django_cas_ng.views import LoginView as CasLibraryLoginView
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from core.messages import (
    MSG_SIGN_IN_INACTIVE,
    MSG_SIGN_IN_NOT_PROVISIONED,
    MSG_SIGN_IN_ORGANISATION_MISMATCH,
    MSG_SIGN_IN_ORGANISATION_UNKNOWN,
    MSG_SIGN_IN_REFUSED,
)
from roles import second_factor
from roles.models import IdentityProvider
from roles.sign_in import ProviderClaims, SignInRefusal, claims_from, external_sign_in

REFUSED_TEMPLATE = "registration/sign_in_refused.html"
# Where the login page's "sign in with the unified identity" button starts, per provider.
_START = {IdentityProvider.OIDC: "oidc-start", IdentityProvider.CAS: "cas-login"}
_MESSAGES = {
    SignInRefusal.NOT_PROVISIONED: MSG_SIGN_IN_NOT_PROVISIONED,
    SignInRefusal.ORGANISATION_UNKNOWN: MSG_SIGN_IN_ORGANISATION_UNKNOWN,
    SignInRefusal.ORGANISATION_MISMATCH: MSG_SIGN_IN_ORGANISATION_MISMATCH,
    SignInRefusal.INACTIVE: MSG_SIGN_IN_INACTIVE,
    SignInRefusal.UNVERIFIED: MSG_SIGN_IN_REFUSED,
}
# What a provider's unreadable or unreachable answer raises inside the libraries.
_UNVERIFIED = (SuspiciousOperation, jwt.InvalidTokenError, requests.RequestException, ValueError)


def _sign_in(request: HttpRequest, provider: IdentityProvider, raw: dict[str, Any]) -> User:
    claims: ProviderClaims = claims_from(provider, raw)
    request.identity_subject = claims.subject  # type: ignore[attr-defined]
    user = external_sign_in(claims=claims)
    request.identity_second_factor = claims.second_factor  # type: ignore[attr-defined]
    return user


def _refuse(request: HttpRequest, refusal: SignInRefusal) -> PermissionDenied:
    request.identity_refusal = refusal  # type: ignore[attr-defined]
    return PermissionDenied(refusal.code)


def refusal_page(request: HttpRequest) -> HttpResponse:
    refusal = getattr(request, "identity_refusal", None) or SignInRefusal(SignInRefusal.UNVERIFIED)
    message = _MESSAGES[refusal.code] % {"code": refusal.credit_code}
    return render(request, REFUSED_TEMPLATE, {"message": message, "code": refusal.code}, status=403)


def _failed_before_backend(request: HttpRequest, method: str) -> None:
    """Audit a callback refused before ``authenticate`` ran (which would have sent this)."""
    if not getattr(request, "identity_attempted", False):
        request.identity_method = method  # type: ignore[attr-defined]
        user_login_failed.send(sender=__name__, credentials={}, request=request)


def _only_under(provider: IdentityProvider) -> None:
    """A provider's door is open only when the deployment chose that provider."""
    if provider != settings.PERMITS_IDENTITY_PROVIDER:
        raise Http404


def _second_factor_note(request: HttpRequest) -> None:
    """The provider's own sign-in used two factors (its acr/amr said so): the second factor
    is passed, by that method (roles.second_factor)."""
    if factor := getattr(request, "identity_second_factor", ""):
        second_factor.mark_verified(request, factor)


class OidcBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """The authorization-code flow with PKCE; the ID token's signature, ``iss``, ``aud``,
    ``exp`` and ``nonce`` checked; the account is ``roles.sign_in``'s to choose."""

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        if request is None or request.path != reverse("oidc-callback"):
            return None  # the local login form's credentials: not this door's
        request.identity_method = "oidc"  # type: ignore[attr-defined]
        request.identity_attempted = True  # type: ignore[attr-defined]
        try:
            user: User | None = super().authenticate(request, **kwargs)
        except SignInRefusal as refusal:
            raise _refuse(request, refusal) from refusal
        except _UNVERIFIED as exc:
            raise _refuse(request, SignInRefusal(SignInRefusal.UNVERIFIED)) from exc
        return user

    def _verify_jws(self, payload: bytes, key: Any) -> dict[str, Any]:
        try:
            claims: dict[str, Any] = jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.OIDC_OP_ISSUER,
                leeway=settings.PERMITS_OIDC_CLOCK_SKEW_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.InvalidTokenError as exc:
            raise SignInRefusal(SignInRefusal.UNVERIFIED) from exc
        return claims

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> User:
        userinfo = self.get_userinfo(access_token, id_token, payload)
        # OpenID Connect Core 5.3.2: user info about another subject than the token's is refused.
        if not isinstance(userinfo, dict) or userinfo.get("sub") != payload.get("sub"):
            raise SignInRefusal(SignInRefusal.UNVERIFIED)
        # The signed ID token's claims win over the user info's.
        return _sign_in(self.request, IdentityProvider.OIDC, {**userinfo, **payload})


class OidcStartView(OIDCAuthenticationRequestView):  # type: ignore[misc]
    """Off to the provider's authorization endpoint with a fresh state, nonce and PKCE."""

    def get(self, request: HttpRequest) -> HttpResponse:
        _only_under(IdentityProvider.OIDC)
        response: HttpResponse = super().get(request)
        return response


class OidcCallbackView(OIDCAuthenticationCallbackView):  # type: ignore[misc]
    def get(self, request: HttpRequest) -> HttpResponse:
        _only_under(IdentityProvider.OIDC)
        try:
            response: HttpResponse = super().get(request)
        except SuspiciousOperation:  # a state this session never issued, or used already
            return self.login_failure()
        return response

    def login_failure(self) -> HttpResponse:
        _failed_before_backend(self.request, "oidc")
        return refusal_page(self.request)

    def login_success(self) -> HttpResponse:
        response: HttpResponse = super().login_success()
        _second_factor_note(self.request)
        return response


class CasBackend(CASBackend):
    """django-cas-ng's ticket validation; the account is ``roles.sign_in``'s to choose. The
    subject is the attribute named ``PERMITS_IDENTITY_CLAIM_SUBJECT`` if the server releases
    it, else the CAS user."""

    def authenticate(  # type: ignore[override]
        self, request: HttpRequest | None, ticket: str, service: str
    ) -> User | None:
        if request is None:
            return None
        request.identity_method = "cas"  # type: ignore[attr-defined]
        request.identity_attempted = True  # type: ignore[attr-defined]
        try:
            client = get_cas_client(service_url=service, request=request)
            username, attributes, _pgtiou = client.verify_ticket(ticket)
            if not username:
                raise SignInRefusal(SignInRefusal.UNVERIFIED)
            raw = {settings.PERMITS_IDENTITY_CLAIM_SUBJECT: username, **(attributes or {})}
            return _sign_in(request, IdentityProvider.CAS, raw)
        except SignInRefusal as refusal:
            raise _refuse(request, refusal) from refusal
        except (*_UNVERIFIED, SyntaxError) as exc:  # SyntaxError: ElementTree's ParseError
            raise _refuse(request, SignInRefusal(SignInRefusal.UNVERIFIED)) from exc


# CAS single sign-out (CAS protocol 3.0 §2.3.3): the server posts a SAML ``LogoutRequest``
# naming the service ticket the session signed in with (its ``SessionIndex``).
_SAML_PROTOCOL = "{urn:oasis:names:tc:SAML:2.0:protocol}"
_LOGOUT_REQUEST_MAX = 8000


def _session_indexes(message: str) -> list[str]:
    """The service tickets a CAS ``LogoutRequest`` names; none for anything else (read with
    defusedxml: no entities, no DTD; bounded)."""
    if len(message) > _LOGOUT_REQUEST_MAX:
        return []
    try:
        root = ElementTree.fromstring(message)
    except (ElementTree.ParseError, ValueError):  # defusedxml's refusals are ValueErrors
        return []
    return [
        index.text.strip()
        for index in root.iter(f"{_SAML_PROTOCOL}SessionIndex")
        if index.text and index.text.strip()
    ][:10]


def _cas_sessions_end(request: HttpRequest, tickets: list[str]) -> None:
    """End the sessions that signed in with ``tickets`` (the provider's single sign-out), each
    heard by the trail as its owner's sign-out."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for row in SessionTicket.objects.filter(ticket__in=tickets):
        session = store(session_key=row.session_key)
        user = User.objects.filter(pk=session.get(SESSION_KEY)).first()
        session.delete(row.session_key)
        ProxyGrantingTicket.objects.filter(session_key=row.session_key).delete()
        SessionTicket.objects.filter(session_key=row.session_key).delete()
        if user is not None:
            request.identity_method = "cas"  # type: ignore[attr-defined]
            user_logged_out.send(sender=CasLoginView, request=request, user=user)


class CasLoginView(CasLibraryLoginView):
    def post(self, request: HttpRequest) -> HttpResponse:
        """The CAS server's single sign-out; nothing else is posted here."""
        _only_under(IdentityProvider.CAS)
        _cas_sessions_end(request, _session_indexes(request.POST.get("logoutRequest", "")))
        return HttpResponse("ok", content_type="text/plain")

    def get(self, request: HttpRequest) -> HttpResponse:
        _only_under(IdentityProvider.CAS)
        try:
            response: HttpResponse = super().get(request)
        except PermissionDenied:
            _failed_before_backend(request, "cas")
            return refusal_page(request)
        _second_factor_note(request)
        return response


class LoginView(auth_views.LoginView):
    """The login page; under a provider it offers the provider's sign-in first (the local form
    stays, for the recovery account)."""

    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        start = _START.get(IdentityProvider(settings.PERMITS_IDENTITY_PROVIDER))
        if start is not None:
            after = context.get("next")
            query = f"?{urlencode({'next': after})}" if after else ""
            context["provider_sign_in_url"] = reverse(start) + query
        return context


class LogoutView(auth_views.LogoutView):
    """Signing out here signs out at the provider too (single sign-out): a session that signed
    in through CAS goes on to the CAS server's logout; one that signed in through OpenID Connect
    to the provider's end-session endpoint (``PERMITS_OIDC_END_SESSION_ENDPOINT``, RP-initiated
    logout 1.0) with its ID token as the hint. Then back to the login page."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        onward = _provider_logout_url(request)
        response: HttpResponse = super().post(request, *args, **kwargs)
        return HttpResponseRedirect(onward) if onward else response


def _provider_logout_url(request: HttpRequest) -> str:
    back = request.build_absolute_uri(reverse("login"))
    provider = settings.PERMITS_IDENTITY_PROVIDER
    key = request.session.session_key
    if provider == IdentityProvider.CAS and key and SessionTicket.objects.filter(session_key=key):
        client = get_cas_client(service_url=back, request=request)
        return str(client.get_logout_url(back))
    hint = request.session.get("oidc_id_token")
    endpoint = settings.PERMITS_OIDC_END_SESSION_ENDPOINT
    if provider == IdentityProvider.OIDC and endpoint and hint:
        query = urlencode({"id_token_hint": hint, "post_logout_redirect_uri": back})
        return f"{endpoint}?{query}"
    return ""
