"""The API's parsers (the defaults of every endpoint, settings.REST_FRAMEWORK).

DRF's own JSON parser reads the whole stream whatever its size and lets nesting depth reach
Python's recursion limit; this one bounds both and answers 400 (413 for size) in api.md's error
format. All three refuse the NUL character in any name, value or file name, which PostgreSQL
refuses in text: a related field looking up ``"\x00"`` would otherwise end in a 500.
"""

from collections.abc import Mapping
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import APIException, ParseError, ValidationError

from core import jsonsafe
from core.messages import MSG_BODY_TOO_LARGE, MSG_NUL, MSG_PARSE

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile
    from django.http.request import _ImmutableQueryDict
    from django.utils.datastructures import MultiValueDict


class BodyTooLarge(APIException):
    status_code = 413
    default_detail = MSG_BODY_TOO_LARGE
    default_code = "too_large"


class JSONParser(parsers.JSONParser):
    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:  # any JSON value (the stubs say a dict; a body may be a list)
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read(limit + 1) if limit is not None else stream.read()
        if limit is not None and len(raw) > limit:
            raise BodyTooLarge()
        try:
            text = raw.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            raise ParseError(MSG_PARSE, code="parse_error") from None
        try:
            return jsonsafe.loads(text)
        except jsonsafe.JSONRefused as error:
            if error.path is None:
                raise ParseError(error.message, code=error.code) from None
            raise ValidationError({error.path: [error.message]}, code=error.code) from None


def _refuse_nul(
    data: "MultiValueDict[str, str]", files: "MultiValueDict[str, UploadedFile[Any]] | None" = None
) -> None:
    for key, values in data.lists():
        if "\x00" in key or any(isinstance(v, str) and "\x00" in v for v in values):
            raise ValidationError({key: [MSG_NUL]}, code="null_characters_not_allowed")
    for key, uploads in files.lists() if files is not None else ():
        if "\x00" in key or any("\x00" in (u.name or "") for u in uploads):
            raise ValidationError({key: [MSG_NUL]}, code="null_characters_not_allowed")


class FormParser(parsers.FormParser):
    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> "_ImmutableQueryDict":
        data = super().parse(stream, media_type, parser_context)
        _refuse_nul(data)
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> "parsers.DataAndFiles[_ImmutableQueryDict, MultiValueDict[Any, Any]]":
        result = super().parse(stream, media_type, parser_context)
        _refuse_nul(result.data, result.files)
        return result
