"""Every CSV this system writes goes through here (api.md, Audit: CSV).

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
spreadsheet programs as a formula (CSV injection: an opinion ``=HYPERLINK(…)`` in an audit
export). Such a cell is prefixed with ``'``, which the spreadsheet shows as text.
"""

import csv
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse

from .files import as_download

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


class _Lines(list[str]):
    """A file-like object collecting what csv.writer writes, handed on a batch at a time."""

    write = list.append

    def take(self) -> str:
        text = "".join(self)
        self.clear()
        return text


BATCH = 500  # rows per chunk handed to the response: fewer, larger writes, same bytes


def csv_lines(rows: Iterable[Iterable[object]]) -> Iterator[str]:
    """The CSV text of ``rows``, every cell made safe, in chunks of ``BATCH`` lines; starts with
    a byte-order mark, without which spreadsheet programs do not read the Chinese text as
    UTF-8."""
    lines = _Lines()
    writer = csv.writer(lines)
    yield "\ufeff"
    for count, row in enumerate(rows, 1):
        # safe_cell, inlined: a call per cell cost a fifth of a million-row export.
        texts = ["" if cell is None else str(cell) for cell in row]
        writer.writerow(["'" + t if t.startswith(FORMULA_PREFIXES) else t for t in texts])
        if count % BATCH == 0:
            yield lines.take()
    if lines:
        yield lines.take()


def csv_download(rows: Iterable[Iterable[object]], filename: str) -> StreamingHttpResponse:
    """The CSV of ``rows`` (``csv_lines``) streamed as a download named ``filename``."""
    lines = csv_lines(rows)
    return as_download(
        StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8"), filename
    )
