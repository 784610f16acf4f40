"""Every API error has one shape (api.md, Errors):

    {"detail": "<human message>",
     "errors": [{"field", "code", "message", "rule", "source"}, ...]}

DRF's own exceptions and the services' ``ServiceError`` are both translated here, nowhere else.
"""

from typing import TYPE_CHECKING, Any

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from core import errors
from core.errors import Problem, ServiceError
from core.messages import MSG_INVALID, MSG_TOO_MANY_PARTS

from .parsers import BodyTooLarge

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


# The machine code of an error that carries no problem list of its own.
SERVICE_ERROR_CODES = {
    errors.InvalidInput: "invalid",
    errors.RulesViolated: "rule_violation",
    errors.NotAllowed: "permission_denied",
    errors.NotVisible: "not_found",
    errors.StateConflict: "conflict",
    errors.UploadTooLarge: "too_large",
    errors.UploadTypeRefused: "unsupported_type",
    errors.TooManyRequests: "throttled",
}


def error_body(detail: "StrOrPromise", problems: list[Problem]) -> dict[str, Any]:
    return {"detail": str(detail), "errors": [p.as_dict() for p in problems]}


def _service_error_response(exc: ServiceError) -> Response:
    problems = exc.problems or [
        Problem(None, SERVICE_ERROR_CODES.get(type(exc), "error"), str(exc.detail))
    ]
    set_rollback()
    return Response(error_body(exc.detail, problems), status=exc.status_code)


def validation_problems(detail: object, field: str | None = None) -> list[Problem]:
    """Flatten DRF's nested error structure; nested fields are named ``parent.child`` or
    ``list.0``, and ``non_field_errors`` belong to the enclosing object (null at the top)."""
    if isinstance(detail, dict):
        problems = []
        for key, value in detail.items():
            if key == api_settings.NON_FIELD_ERRORS_KEY:
                name = field
            else:
                name = f"{field}.{key}" if field else str(key)
            problems += validation_problems(value, name)
        return problems
    if isinstance(detail, list):
        problems = []
        for index, item in enumerate(detail):
            nested = isinstance(item, dict | list)
            name = (f"{field}.{index}" if field else str(index)) if nested else field
            problems += validation_problems(item, name)
        return problems
    return [Problem(field, getattr(detail, "code", None) or "invalid", str(detail))]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ServiceError):
        return _service_error_response(exc)
    if isinstance(exc, RequestDataTooBig):  # Django refused to read the body
        exc = BodyTooLarge()
    if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):  # Django's bounds of a form body
        exc = exceptions.ParseError(str(MSG_TOO_MANY_PARTS))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a programming error: Django's 500 handling takes over
    if isinstance(exc, exceptions.ValidationError):
        response.data = error_body(MSG_INVALID, validation_problems(exc.detail))
    else:
        # drf_exception_handler turned Http404 / Django's PermissionDenied into DRF exceptions.
        code = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        response.data = error_body(
            detail, [Problem(None, code if isinstance(code, str) else _code_for(response), detail)]
        )
    return response


def _code_for(response: Response) -> str:
    return {401: "not_authenticated", 403: "permission_denied", 404: "not_found"}.get(
        response.status_code, "error"
    )
