"""JSON that comes from outside (API bodies, GeoJSON uploads): parsed once, here.

``json.loads`` alone lets a client crash the request: deeply nested arrays raise RecursionError
(in the parser or later, in whatever walks the value), ``NaN``/``1e999`` become floats that break
arithmetic, a name given twice in one object is read differently by different readers, a
``\\u0000`` in any string is refused by PostgreSQL, and an escaped lone surrogate
(``"\\ud800"``) gives a string that no UTF-8 encoder takes: not the database's, not the one that
writes the response which quotes it back. ``loads`` refuses all of them with a ``JSONRefused``
that says where.
"""

import json
import math
from typing import TYPE_CHECKING, Any

from core.messages import (
    MSG_DUPLICATE_NAME,
    MSG_NOT_FINITE,
    MSG_NUL,
    MSG_PARSE,
    MSG_SURROGATE,
    MSG_TOO_DEEP,
)

from .errors import Refused

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Deep enough for any body of the API (a MultiPolygon inside a body is 6 levels).
MAX_DEPTH = 32


class JSONRefused(Refused):
    """Why a JSON text was refused; ``path`` names the value (``site_geometry.coordinates.0``)."""

    def __init__(self, code: str, message: "StrOrPromise", path: str | None = None) -> None:
        super().__init__(code, message)
        self.path = path


def _refuse_constant(name: str) -> float:
    raise JSONRefused("not_finite", MSG_NOT_FINITE)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise JSONRefused("not_finite", MSG_NOT_FINITE)
    return value


def _unique_names(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object whose names are unique: with a name twice, readers disagree on which value
    counts (Python's the last, others the first), so neither is taken."""
    data = dict(pairs)
    if len(data) != len(pairs):
        seen: set[str] = set()
        for name, _value in pairs:
            if name in seen:
                quoted = json.dumps(name[:100])  # ASCII: the name may hold anything
                raise JSONRefused("duplicate_name", MSG_DUPLICATE_NAME % {"name": quoted})
            seen.add(name)
    return data


def loads(text: str | bytes, *, max_depth: int = MAX_DEPTH) -> object:
    try:
        data = json.loads(
            text,
            parse_constant=_refuse_constant,
            parse_float=_finite_float,
            object_pairs_hook=_unique_names,
        )
    except JSONRefused:
        raise
    except RecursionError:
        raise JSONRefused("too_deep", MSG_TOO_DEEP % {"depth": max_depth}) from None
    except ValueError:  # JSONDecodeError, UnicodeDecodeError, too many integer digits
        raise JSONRefused("parse_error", MSG_PARSE) from None
    check(data, max_depth=max_depth)
    return data


def _join(path: str | None, key: object) -> str:
    return f"{path}.{key}" if path else str(key)


def _text_refused(text: str) -> "tuple[str, StrOrPromise] | None":
    """(code, message) when ``text`` holds the NUL character or a lone surrogate, else None."""
    if "\x00" in text:
        return "null_characters_not_allowed", MSG_NUL
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return "invalid_unicode", MSG_SURROGATE
    return None


def check(data: object, *, max_depth: int = MAX_DEPTH) -> None:
    """Refuse nesting deeper than ``max_depth``, and NUL or a lone surrogate in any key or
    string, without recursion."""
    stack: list[tuple[object, int, str | None]] = [(data, 1, None)]
    while stack:
        value, depth, path = stack.pop()
        if isinstance(value, dict | list):
            if depth > max_depth:
                raise JSONRefused("too_deep", MSG_TOO_DEEP % {"depth": max_depth}, path)
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                if isinstance(key, str) and (refused := _text_refused(key)):
                    raise JSONRefused(*refused, path)
                stack.append((item, depth + 1, _join(path, key)))
        elif isinstance(value, str) and (refused := _text_refused(value)):
            raise JSONRefused(*refused, path)
        elif isinstance(value, float) and not math.isfinite(value):
            raise JSONRefused("not_finite", MSG_NOT_FINITE, path)
