"""Refuse what costs too much or breaks later before it reaches a view.

``RequestBodyCapMiddleware``: a body longer than its door allows is refused by its
Content-Length, before a byte of it is read (Django reads a multipart body's files whole, to
disk, whatever their size). Without a Content-Length (chunked), Django reads no body at all.

``RefuseNulMiddleware``: PostgreSQL refuses NUL in text, so a ``%00`` in a path, a query-string
filter or a form field would otherwise end as a database error (500) in whatever query uses it.
Path, query string and POST form bodies (url-encoded and multipart) are checked here for every
request; the API's parsers (``api.parsers``) check the bodies Django does not parse (JSON,
PATCH). Django's own bounds of a form body (``DATA_UPLOAD_MAX_NUMBER_FIELDS``,
``DATA_UPLOAD_MAX_NUMBER_FILES``, ``DATA_UPLOAD_MAX_MEMORY_SIZE``), met while reading it here,
answer in the API's error format under /api/ and with our 400 page elsewhere.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.datastructures import MultiValueDict

from core.messages import MSG_BODY_TOO_LARGE, MSG_NUL, MSG_TOO_MANY_PARTS, MSG_UNREADABLE

from .errors import Problem

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile
    from django_stubs_ext import StrOrPromise

API_PREFIX = "/api/"


class Refused(Exception):
    def __init__(
        self, field: str | None, code: str, message: "StrOrPromise", status: int = 400
    ) -> None:
        self.problem = Problem(field, code, str(message))
        self.status = status


def _answer(request: HttpRequest, refused: Refused) -> HttpResponse:
    problem = refused.problem
    if request.path.startswith(API_PREFIX):
        body = {"detail": problem.message, "errors": [problem.as_dict()]}
        return JsonResponse(body, status=refused.status, json_dumps_params={"ensure_ascii": False})
    return render(request, "400.html", {"message": problem.message}, status=refused.status)


def body_cap(path: str, content_type: str) -> int:
    """The most bytes a request's body may hold at ``path``: its door's cap
    (``PERMITS_REQUEST_DOORS``, multipart or not), else ``PERMITS_REQUEST_MAX_BYTES``."""
    multipart = content_type.startswith("multipart/")
    for prefix, with_files, without in settings.PERMITS_REQUEST_DOORS:
        if path.startswith(prefix):
            return int(with_files if multipart else without)
    return int(settings.PERMITS_REQUEST_MAX_BYTES)


class RequestBodyCapMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body of an unreadable length either
        if length > body_cap(request.path, request.content_type or ""):
            return _answer(request, Refused(None, "too_large", MSG_BODY_TOO_LARGE, status=413))
        return self.get_response(request)


def _check(data: MultiValueDict[str, str]) -> None:
    for key, values in data.lists():
        if "\x00" in key or any(isinstance(v, str) and "\x00" in v for v in values):
            raise Refused(key.replace("\x00", "") or None, "null_characters_not_allowed", MSG_NUL)


def _check_files(files: "MultiValueDict[str, UploadedFile[Any]]") -> None:
    for key, uploads in files.lists():
        if "\x00" in key or any("\x00" in (upload.name or "") for upload in uploads):
            raise Refused(key.replace("\x00", "") or None, "null_characters_not_allowed", MSG_NUL)


def _check_request(request: HttpRequest) -> None:
    if "\x00" in request.path:
        raise Refused(None, "null_characters_not_allowed", MSG_NUL)
    try:
        _check(request.GET)
        if request.method == "POST":
            _check(request.POST)
            _check_files(request.FILES)
    except (MultiPartParserError, UnreadablePostError):
        raise Refused(None, "parse_error", MSG_UNREADABLE) from None
    except RequestDataTooBig:
        raise Refused(None, "too_large", MSG_BODY_TOO_LARGE, status=413) from None
    except (TooManyFieldsSent, TooManyFilesSent):
        raise Refused(None, "too_many_parts", MSG_TOO_MANY_PARTS) from None


class RefuseNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        try:
            _check_request(request)
        except Refused as refused:
            return _answer(request, refused)
        return self.get_response(request)
