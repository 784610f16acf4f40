"""Django's answers for an address no view serves and for a crash: under ``/api/`` they are JSON
in the API's error format (api.md: "Every error is JSON"), elsewhere our pages
(``templates/404.html``, ``templates/500.html``)."""

from typing import TYPE_CHECKING, cast

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework import exceptions

from api.errors import error_body
from core.errors import Problem
from core.messages import MSG_UNREADABLE

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

API_PREFIX = "/api/"


def _api_error(status: int, code: str, detail: "StrOrPromise") -> JsonResponse:
    body = error_body(detail, [Problem(None, code, detail)])
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        # DRF's default_detail is one lazy message here (typed as any exception detail).
        detail = cast("StrOrPromise", exceptions.NotFound.default_detail)
        return _api_error(404, "not_found", detail)
    return defaults.page_not_found(request, exception or Exception())


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A request Django refused while reading it (a SuspiciousOperation past the middleware)."""
    if request.path.startswith(API_PREFIX):
        return _api_error(400, "bad_request", MSG_UNREADABLE)
    return defaults.bad_request(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        detail = cast("StrOrPromise", exceptions.APIException.default_detail)  # as above
        return _api_error(500, "server_error", detail)
    return defaults.server_error(request)
