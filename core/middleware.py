"""Refuse the NUL character before it reaches a view.

PostgreSQL refuses NUL in text, so a ``%00`` in a path, a query-string filter or a form field
would otherwise end as a database error (500) in whatever query uses it. Path, query string and
POST form bodies (url-encoded and multipart) are checked here for every request; the API's
parsers (``api.parsers``) check the bodies Django does not parse (JSON, PATCH).
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse, JsonResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.datastructures import MultiValueDict

from core.messages import MSG_NUL, MSG_UNREADABLE

from .errors import Problem

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile
    from django_stubs_ext import StrOrPromise

API_PREFIX = "/api/"


class Refused(Exception):
    def __init__(self, field: str | None, code: str, message: "StrOrPromise") -> None:
        self.problem = Problem(field, code, str(message))


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
    _check(request.GET)
    if request.method == "POST":
        try:
            _check(request.POST)
            _check_files(request.FILES)
        except (MultiPartParserError, UnreadablePostError):
            raise Refused(None, "parse_error", MSG_UNREADABLE) from None


class RefuseNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        try:
            _check_request(request)
        except Refused as refused:
            return self._answer(request, refused.problem)
        return self.get_response(request)

    def _answer(self, request: HttpRequest, problem: Problem) -> HttpResponse:
        if request.path.startswith(API_PREFIX):
            body = {"detail": problem.message, "errors": [problem.as_dict()]}
            return JsonResponse(body, status=400)
        return render(request, "400.html", {"message": problem.message}, status=400)
