"""JSON that comes from outside (API bodies, GeoJSON uploads): parsed once, here.

``json.loads`` alone lets a client crash the request: deeply nested arrays raise RecursionError
(in the parser or later, in whatever walks the value), ``NaN``/``1e999`` become floats that break
arithmetic, and a ``\\u0000`` in any string is refused by PostgreSQL. ``loads`` refuses all of
them with a ``JSONRefused`` that says where.
"""

import json
import math

from django.utils.translation import gettext_lazy as _

# Deep enough for any body of the API (a MultiPolygon inside a body is 6 levels).
MAX_DEPTH = 32

MSG_PARSE = _("The body is not valid JSON.")
MSG_TOO_DEEP = _("The JSON value is nested more than %(depth)s levels deep.")
MSG_NOT_FINITE = _("Numbers must be finite (no NaN or Infinity).")
MSG_NUL = _("Text must not contain the NUL character.")


class JSONRefused(ValueError):
    """Why a JSON text was refused; ``path`` names the value (``site_geometry.coordinates.0``)."""

    def __init__(self, code: str, message, path: str | None = None) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.path = path


def _refuse_constant(name: str) -> float:
    raise JSONRefused("not_finite", MSG_NOT_FINITE)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise JSONRefused("not_finite", MSG_NOT_FINITE)
    return value


def loads(text: str | bytes, *, max_depth: int = MAX_DEPTH) -> object:
    try:
        data = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
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


def check(data: object, *, max_depth: int = MAX_DEPTH) -> None:
    """Refuse nesting deeper than ``max_depth`` and NUL in any key or string, without recursion."""
    stack: list[tuple[object, int, str | None]] = [(data, 1, None)]
    while stack:
        value, depth, path = stack.pop()
        if isinstance(value, dict | list):
            if depth > max_depth:
                raise JSONRefused("too_deep", MSG_TOO_DEEP % {"depth": max_depth}, path)
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                if isinstance(key, str) and "\x00" in key:
                    raise JSONRefused("null_characters_not_allowed", MSG_NUL, path)
                stack.append((item, depth + 1, _join(path, key)))
        elif isinstance(value, str) and "\x00" in value:
            raise JSONRefused("null_characters_not_allowed", MSG_NUL, path)
        elif isinstance(value, float) and not math.isfinite(value):
            raise JSONRefused("not_finite", MSG_NOT_FINITE, path)
