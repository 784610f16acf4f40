"""Django's answers for an address no view serves and for a crash: under ``/api/`` they are JSON
in the API's error format (api.md: "Every error is JSON"), elsewhere our pages
(``templates/404.html``, ``templates/500.html``)."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework import exceptions

from api.errors import error_body
from core.errors import Problem

API_PREFIX = "/api/"


def _api_error(status: int, code: str, detail) -> JsonResponse:
    body = error_body(detail, [Problem(None, code, detail)])
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return _api_error(404, "not_found", exceptions.NotFound.default_detail)
    return defaults.page_not_found(request, exception or Exception())


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return _api_error(500, "server_error", exceptions.APIException.default_detail)
    return defaults.server_error(request)
