"""One spelling of a 小班 number (林班-小班, "12-3"), whoever wrote it: a plan's table, a design,
the registry. Full-width digits and dashes (１２－３), spaces around the dash and leading zeros
(012-3) name the same 小班; comparing the spellings as written would not."""

import re
import unicodedata

_DASHES = re.compile(r"\s*[-‐‑‒–—−－]\s*")
_LEADING_ZEROS = re.compile(r"(?<![0-9])0+(?=[0-9])")


def compartment_key(code: object) -> str:
    """``code`` as the one spelling: NFKC (full width to ASCII), one ASCII dash without spaces,
    no leading zeros in a number."""
    text = unicodedata.normalize("NFKC", str(code)).strip()
    return _LEADING_ZEROS.sub("", _DASHES.sub("-", text))
