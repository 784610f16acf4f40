"""Gap-free numbering: references (TD-2026-000123) and certificate numbers
(京园林抚审〔2026〕0001号)."""

from django.db import connection
from django.utils import timezone

from .choices import Kind
from .models import NumberSequence

KEY_YEAR_LAST = ("key", "year", "last")
REFERENCE_PREFIX = {Kind.TENDING: "TD", Kind.OCCUPATION: "LO", Kind.INTRODUCTION: "SI"}


def number_next(*, key: str, year: int) -> int:
    """The next number of ``key`` in ``year``; call inside the caller's transaction.

    One statement: the first number creates the counter, the next ones increment it under its
    row lock, which concurrent callers queue behind to the end of the caller's transaction; a
    rollback returns the number, so the sequence has no gaps.
    """
    quote = connection.ops.quote_name
    table = quote(NumberSequence._meta.db_table)
    columns = {f.name: quote(str(f.column)) for f in NumberSequence._meta.concrete_fields}
    key_, year_, last = (columns[name] for name in KEY_YEAR_LAST)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({key_}, {year_}, {last}) VALUES (%s, %s, 1) "  # noqa: S608 (_meta)
            f"ON CONFLICT ({key_}, {year_}) DO UPDATE SET {last} = {table}.{last} + 1 "
            f"RETURNING {last}",
            [key, year],
        )
        row = cursor.fetchone()
    return int(row[0])


def reference_allocate(*, kind: str) -> str:
    year = timezone.localdate().year
    prefix = REFERENCE_PREFIX[Kind(kind)]
    return f"{prefix}-{year}-{number_next(key=f'ref:{prefix}', year=year):06d}"


def certificate_number_allocate(*, prefix: str) -> str:
    year = timezone.localdate().year
    return f"{prefix}〔{year}〕{number_next(key=prefix, year=year):04d}号"


def document_number_allocate(*, prefix: str) -> str:
    """A notice's number (密园林受〔2026〕0001号): gap-free per ``prefix`` (the issuing agency's
    abbreviation and the kind's character) and year. Keyed by the prefix itself, so two agencies
    that share an abbreviation share a sequence rather than a number."""
    year = timezone.localdate().year
    return f"{prefix}〔{year}〕{number_next(key=f'doc:{prefix}', year=year):04d}号"
