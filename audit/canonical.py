"""The canonical serialisation the audit trail hashes (pure: the offline verifier imports it
without Django).

``canonical_json`` is the definition. ``canonical_fast`` and ``canonical_of_text`` give the
same bytes at C speed (orjson) for ``audit_verify``, or None where orjson would read or write a
value differently, so that the caller falls back to ``canonical_json``:

- orjson reads an integer beyond 64 bits as a float (``json`` keeps it an int), which it then
  writes with an exponent (``1.8446744073709552e+19``);
- orjson writes some floats below 1e-4 as ``0.00001`` or ``1e-7`` where ``repr`` writes
  ``1e-05`` and ``1e-07``;
- orjson refuses NaN and Infinity, non-string keys, integers beyond 64 bits and anything that
  is not JSON (``canonical_json`` writes ``str()`` of it).

So any output holding ``e+``, ``e-`` or ``0.0000`` is refused (floats of 1e16 and more, or below
1e-4, and strings that happen to hold these: rare, and only slower), as is anything orjson
refuses.
Strings (every code point, escapes), key order, integers, other floats, true, false and null
are written alike (tests/audit/test_audit_verify_fast.py checks it, floats by the million).
False refusals only cost time, and a value orjson writes differently could only make a hash
mismatch, never hide one: ``audit_verify`` checks an event the fast way first and confirms any
mismatch with ``canonical_json``.
"""

import hashlib
import json
from typing import Any

import orjson

# Where orjson and repr may spell a number differently (substring tests: memchr speed).
_DOUBTFUL = (b"e+", b"e-", b"0.0000")


def canonical_json(value: object) -> bytes:
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    ).encode()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def canonical_fast(value: Any) -> bytes | None:
    """``canonical_json(value)`` written by orjson, or None when it might differ. ``value`` may
    hold ``orjson.Fragment``s of canonical JSON (from ``canonical_of_text``)."""
    try:
        data = orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except TypeError:  # orjson.JSONEncodeError: not JSON, or an integer beyond 64 bits
        return None
    if _DOUBTFUL[0] in data or _DOUBTFUL[1] in data or _DOUBTFUL[2] in data:
        return None
    return data


def canonical_flat(value: dict[str, Any]) -> bytes | None:
    """``canonical_json(value)`` for a dict whose values are strings, integers, None and
    Fragments from ``canonical_of_text``: no float, so no number to doubt (None when orjson
    refuses something)."""
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except TypeError:
        return None


def canonical_of_text(text: str) -> bytes | None:
    """``canonical_json(json.loads(text))`` at C speed, or None when it might differ (or
    ``text`` is not JSON orjson reads)."""
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        return None
    return canonical_fast(value)
