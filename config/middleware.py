"""The project's middleware: the chosen language, and no caching of what a user is shown."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import translation
from django.utils.cache import add_never_cache_headers


class ChosenLanguageMiddleware:
    """Simplified Chinese unless the user chose another language.

    Django's LocaleMiddleware follows the browser's Accept-Language, and many officials' machines
    send en-US; the interface of a Chinese authority stays Chinese until the user switches (the
    choice is kept in the cookie set by Django's ``set_language`` view).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
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
