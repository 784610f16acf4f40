"""What the state's papers say, in Chinese whoever acts: a document, a notification and an audit
record are written in the language of the agency (GB/T 9704; docs/architecture.md), not in the
language the acting official's browser asked for. A choice's label read with
``get_FOO_display()`` would otherwise print "Statement" on a 处罚决定书 when a head working in
English decided."""

from django.db import models
from django.utils import translation

LANGUAGE = "zh-hans"


def display_zh(row: models.Model, field: str) -> str:
    """The label of ``row``'s choice ``field``, in Chinese."""
    with translation.override(LANGUAGE):
        return str(getattr(row, f"get_{field}_display")())
