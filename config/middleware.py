"""The project's middleware: the session's idle timeout, the chosen language, no caching of
what a user is shown, a reading request's memberships read once, and our own 404 page under
DEBUG."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import auth
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from permits.readmemo import AGENCY_PERMS, read_once

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
