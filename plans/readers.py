"""Plan tables as bureaus keep them: CSV (UTF-8, or GB18030 as Chinese spreadsheets save it) or
XLSX, one task a row under a header row.

The format is told by the content (a ZIP is XLSX), never by the name. The file is hostile until
read: its size, its rows and, for XLSX, what its ZIP may inflate to are bounded, and openpyxl
parses the sheet's XML through defusedxml. Every refusal is a ``TableRefused`` with a machine
code; nothing here knows what a column means (``plans.services`` does).
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from core.errors import Refused
from core.messages import (
    MSG_CELL,
    MSG_DUPLICATE_COLUMN,
    MSG_EMPTY_FILE,
    MSG_ENCODING,
    MSG_FORMAT,
    MSG_NO_HEADER,
    MSG_ROW_CELLS,
    MSG_TOO_LARGE,
    MSG_TOO_MANY_COLUMNS,
    MSG_TOO_MANY_ROWS,
    MSG_XLSX,
)

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
# Blank rows are skipped, but not without end: a sheet may declare millions of them.
MAX_LINES = 2 * MAX_ROWS
MAX_COLUMNS = 60
MAX_CELL = 500
# An XLSX is a ZIP: what it may inflate to, and how many members it may hold.
MAX_INFLATED = 200 * 1024 * 1024
MAX_MEMBERS = 500
ZIP_MAGIC = b"PK\x03\x04"
# The cells one row of a sheet's XML may hold, counted while its XML streams by, before openpyxl
# reads the row (it builds every cell of a row, however many, before handing any over): a row
# of a plan has MAX_COLUMNS, and a spreadsheet may write a few hundred empty styled ones.
MAX_ROW_CELLS = 1_000
SHEET_PREFIX = "xl/worksheets/"
# A row's or a cell's start tag, with or without a namespace prefix (<row …>, <x:c …>).
ROW_OR_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)[\s/>]")
XML_CHUNK = 1024 * 1024


class TableRefused(Refused):
    """Why a table file was refused."""


@dataclass(frozen=True)
class Row:
    """A row under the header: its number in the file (the header is row 1) and its cells by
    the header's names, as text."""

    n: int
    cells: dict[str, str]


def read_table(data: bytes) -> tuple[list[str], list[Row]]:
    """The header and the rows of ``data``; blank rows are left out (their numbers are not)."""
    if not data.strip():
        raise TableRefused("empty", MSG_EMPTY_FILE)
    if len(data) > MAX_BYTES:
        raise TableRefused("too_large", MSG_TOO_LARGE % {"mb": MAX_BYTES // (1024 * 1024)})
    lines: Iterable[Sequence[object]] = (
        _xlsx_lines(data) if data.startswith(ZIP_MAGIC) else _csv_lines(data)
    )
    header: list[str] | None = None
    rows: list[Row] = []
    for n, values in enumerate(lines, 1):
        if n > MAX_LINES:
            raise TableRefused("too_many_rows", MSG_TOO_MANY_ROWS % {"rows": MAX_ROWS})
        if len(values) > MAX_COLUMNS:
            raise TableRefused("too_many_columns", MSG_TOO_MANY_COLUMNS % {"columns": MAX_COLUMNS})
        cells = [_clean(v) for v in values]
        if any(len(c) > MAX_CELL for c in cells):
            raise TableRefused("cell_too_long", MSG_CELL % {"n": n, "chars": MAX_CELL})
        if not any(cells):
            continue
        if header is None:
            named = [c for c in cells if c]
            twice = sorted({c for c in named if named.count(c) > 1})
            if twice:
                raise TableRefused(
                    "duplicate_column", MSG_DUPLICATE_COLUMN % {"names": "、".join(twice[:10])}
                )
            header = cells
            continue
        if len(rows) >= MAX_ROWS:
            raise TableRefused("too_many_rows", MSG_TOO_MANY_ROWS % {"rows": MAX_ROWS})
        rows.append(
            Row(n, {name: value for name, value in zip(header, cells, strict=False) if name})
        )
    if header is None:
        raise TableRefused("no_header", MSG_NO_HEADER)
    return header, rows


def _clean(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        # A spreadsheet's number as people typed it (2026.0 → 2026, 1.5 → 1.5).
        value = Decimal(repr(value)).normalize()
        text = format(value, "f")
    else:
        text = str(value)
    # Control characters (a NUL among them) are never data of a plan.
    return "".join(ch for ch in text if ch.isprintable() or ch == " ").strip()


def _csv_lines(data: bytes) -> Iterator[list[str]]:
    if b"\x00" in data:
        raise TableRefused("invalid_format", MSG_FORMAT)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        break
    else:
        raise TableRefused("invalid_encoding", MSG_ENCODING)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], ",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        yield from reader
    except csv.Error:
        raise TableRefused("invalid_format", MSG_FORMAT) from None


def _row_cells_bounded(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """Refuse a sheet with a row of more than MAX_ROW_CELLS cells, counting start tags as its
    XML inflates, a chunk at a time (a chunk is cut before its last "<", so no tag is split)."""
    rows = cells = 0
    tail = b""
    with archive.open(member) as xml:
        while chunk := xml.read(XML_CHUNK):
            text = tail + chunk
            cut = text.rfind(b"<")
            text, tail = (text[:cut], text[cut:]) if cut > 0 else (text, b"")
            for tag in ROW_OR_CELL.finditer(text):
                if tag.group(1) == b"row":
                    rows, cells = rows + 1, 0
                    continue
                cells += 1
                if cells > MAX_ROW_CELLS:
                    raise TableRefused(
                        "too_many_cells",
                        MSG_ROW_CELLS % {"n": max(rows, 1), "cells": MAX_ROW_CELLS},
                    )


def _xlsx_lines(data: bytes) -> Iterator[list[object]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_INFLATED:
                raise TableRefused("too_large", MSG_TOO_LARGE % {"mb": MAX_BYTES // (1024 * 1024)})
            if "xl/workbook.xml" not in {m.filename for m in members}:
                raise TableRefused("invalid_format", MSG_FORMAT)
            for member in members:
                if member.filename.startswith(SHEET_PREFIX) and member.filename.endswith(".xml"):
                    _row_cells_bounded(archive, member)
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except TableRefused:
        raise
    except Exception:  # noqa: BLE001 - any failure of a hostile workbook is a refusal
        raise TableRefused("invalid_format", MSG_XLSX) from None
    try:
        sheet = book.worksheets[0]
        for values in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1):
            cells = list(values)
            while cells and cells[-1] in (None, ""):
                cells.pop()
            yield cells
    except TableRefused:
        raise
    except Exception:  # noqa: BLE001
        raise TableRefused("invalid_format", MSG_XLSX) from None
    finally:
        book.close()
