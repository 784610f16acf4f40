"""The project's middleware: the session's idle timeout, the chosen language, no caching of
what a user is shown, a reading request's memberships read once, our own 404 page under
DEBUG, and the second factor before anything else."""

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import auth, messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from api.errors import error_body
from core.errors import Problem
from core.messages import MSG_OTP_REQUIRED, MSG_PASSWORD_EXPIRED, MSG_SESSION_ENDED
from permits.readmemo import AGENCY_PERMS, read_once
from roles import second_factor
from roles.passwords import password_set_at

from .error_handlers import not_found


class SessionRenewalMiddleware:
    """Activity renews a session, which ends ``SESSION_COOKIE_AGE`` after it was last renewed
    (the idle timeout), but at most once every ``SESSION_RENEW_SECONDS``: a request within that
    time of the renewal writes nothing (Django's ``SESSION_SAVE_EVERY_REQUEST`` writes the
    session's row on every request: three statements). So a session left idle ends between
    ``SESSION_COOKIE_AGE - SESSION_RENEW_SECONDS`` and ``SESSION_COOKIE_AGE`` after the last
    request, never later. Placed right after ``SessionMiddleware``, which then saves what this
    marks; only a logged-in session is renewed, so an unknown or expired session cookie never
    makes a session of its own."""

    KEY = "_permits_renewed"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.session_key is None:
            return response  # no session cookie (an API token, a first visit)
        if auth.SESSION_KEY not in session:
            return response  # anonymous, expired, unknown or flushed by a logout: left alone
        now = int(time.time())
        if now - session.get(self.KEY, 0) >= settings.SESSION_RENEW_SECONDS:
            session[self.KEY] = now  # modified: SessionMiddleware saves it, expiry renewed
        return response


class SessionAbsoluteLifetimeMiddleware:
    """A signed-in session ends ``PERMITS_SESSION_ABSOLUTE_HOURS`` after its sign-in, however
    active it is (the idle timeout, ``SessionRenewalMiddleware``, ends an unused one sooner).
    The sign-in time is stamped on the response that signs in (the first that carries the
    account); a later request past the lifetime is signed out before its view, and the login
    page says why. After ``MessageMiddleware``, which carries that sentence."""

    KEY = "_permits_signed_in"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        session = getattr(request, "session", None)
        if session is None:
            return self.get_response(request)
        if auth.SESSION_KEY in session:
            signed_in = session.get(self.KEY)
            lifetime = settings.PERMITS_SESSION_ABSOLUTE_HOURS * 3600
            if signed_in is not None and time.time() - signed_in >= lifetime:
                auth.logout(request)
                hours = settings.PERMITS_SESSION_ABSOLUTE_HOURS
                messages.warning(request, MSG_SESSION_ENDED % {"hours": hours})
        key_before = session.session_key
        response = self.get_response(request)
        # A sign-in always gives the session a new key (django.contrib.auth.login).
        signed_in_now = session.session_key != key_before or self.KEY not in session
        if auth.SESSION_KEY in session and signed_in_now:
            session[self.KEY] = int(time.time())
        return response


class PasswordAgeMiddleware:
    """With ``PERMITS_PASSWORD_MAX_AGE_DAYS`` set, a person signed in on the web whose password
    is older is sent to change it (any page but the change page itself, signing out and the
    static files); an API request is left alone (a token is issued only against the password
    at sign-in)."""

    OPEN = ("password_change", "password_change_done", "logout", "login")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        days = settings.PERMITS_PASSWORD_MAX_AGE_DAYS
        user = getattr(request, "user", None)
        if days and user is not None and user.is_authenticated and self._guarded(request):
            age = time.time() - password_set_at(user).timestamp()
            if age >= days * 86400:
                messages.warning(request, MSG_PASSWORD_EXPIRED % {"days": days})
                return HttpResponseRedirect(reverse("password_change"))
        return self.get_response(request)

    def _guarded(self, request: HttpRequest) -> bool:
        path = request.path
        if path.startswith((settings.STATIC_URL, "/api/", "/i18n/", "/jsi18n/")):
            return False
        return path not in {reverse(name) for name in self.OPEN}


class ChosenLanguageMiddleware:
    """Simplified Chinese unless the user chose another language.

    Django's LocaleMiddleware follows the browser's Accept-Language, and many officials' machines
    send en-US; the interface of a Chinese authority stays Chinese until the user switches (the
    choice is kept in the cookie set by Django's ``set_language`` view).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        return response


class NoStoreForAuthenticatedMiddleware:
    """Nothing answered to a logged-in user (pages, API records, certificate PDFs, attachments,
    CSV exports) or to a request carrying credentials (the token endpoint) may be kept by a
    browser or a shared cache: ``Cache-Control: no-store, private``. Static assets stay
    cacheable; anonymous public pages keep their own headers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if request.path.startswith(settings.STATIC_URL):
            return response
        user = getattr(request, "user", None)
        carries_credentials = "HTTP_AUTHORIZATION" in request.META or request.method == "POST"
        if carries_credentials or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
        return response


class MembershipsReadOnceMiddleware:
    """A reading request (GET, HEAD) asks what the person's memberships give them once
    (``readmemo.AGENCY_PERMS``: their agency grants, whether they review, audit or apply, the
    agencies they belong to), however often viewflow's app permissions, the page, its menu and
    its lists ask. Writing requests are left alone: a decision asks inside its transaction,
    after its locks, so that a role revoked a moment before is never acted on. Before
    viewflow's ``SiteMiddleware``, which asks first."""

    READING = frozenset({"GET", "HEAD"})

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method not in self.READING:
            return self.get_response(request)
        with read_once((AGENCY_PERMS,)):
            return self.get_response(request)


class NotFoundPageUnderDebugMiddleware:
    """Under DEBUG (``make run``), a page that does not exist is our own 404 page, in the user's
    language, as in production; only staff (the developers' superuser) get Django's technical
    page, with the URL patterns tried. Without DEBUG, Django renders our 404 page already.

    Django converts a 404 into its technical page inside the handler, before any middleware sees
    the response: a view's ``Http404`` is caught here first (``process_exception``), an address
    that resolves to no view is recognised by its missing ``resolver_match``. Other 404 answers a
    view builds itself (the API's JSON) are left alone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        unresolved = getattr(request, "resolver_match", None) is None
        if response.status_code == 404 and unresolved and self._ours(request):
            return not_found(request, Http404())
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, Http404) and self._ours(request):
            return not_found(request, exception)
        return None

    @staticmethod
    def _ours(request: HttpRequest) -> bool:
        user = getattr(request, "user", None)
        return settings.DEBUG and not (user is not None and user.is_staff)


class SecondFactorMiddleware:
    """A signed-in person who must pass a second factor (roles.second_factor.must_pass) and has
    not in this session reaches only its pages, the sign-out and the static files: a page
    sends them to the second factor (then back), the API answers 401 ``otp_required``. Every
    door that signs in (the password form, a provider) is held here, not in its own view. A
    session that has passed carries the mark and costs nothing more; with PERMITS_REQUIRE_2FA
    off nothing is asked."""

    # The reset page is not among them: only a person who has passed resets another's.
    OPEN_PAGES = frozenset({"/accounts/second-factor/", "/accounts/second-factor/enrol/"})
    # A passkey's answer (web/passkeys.py) is a second factor being passed, so it is open too;
    # adding a passkey is not.
    OPEN_PATHS = (
        "/accounts/logout/",
        "/i18n/",
        "/jsi18n/",
        "/accounts/passkeys/authentication/",
        "/accounts/passkeys/jsi18n/",
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if self._held(request):
            return self._refusal(request)
        return self.get_response(request)

    def _held(self, request: HttpRequest) -> bool:
        if not settings.PERMITS_REQUIRE_2FA or not request.user.is_authenticated:
            return False
        path = request.path
        if path in self.OPEN_PAGES or path.startswith((settings.STATIC_URL, *self.OPEN_PATHS)):
            return False
        return not second_factor.is_verified(request) and second_factor.must_pass(request.user)

    def _refusal(self, request: HttpRequest) -> HttpResponseBase:
        if request.path.startswith(("/api/", "/accounts/passkeys/")):
            body = error_body(MSG_OTP_REQUIRED, [Problem(None, "otp_required", MSG_OTP_REQUIRED)])
            return JsonResponse(body, status=401)
        target = reverse("second-factor")
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
