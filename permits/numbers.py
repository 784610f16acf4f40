"""Gap-free numbering: references (TD-2026-000123) and certificate numbers
(京园林抚审〔2026〕0001号)."""

from django.utils import timezone

from .choices import Kind
from .models import NumberSequence

REFERENCE_PREFIX = {Kind.TENDING: "TD", Kind.OCCUPATION: "LO", Kind.INTRODUCTION: "SI"}


def number_next(*, key: str, year: int) -> int:
    """The next number of ``key`` in ``year``; call inside the caller's transaction.

    The row lock makes concurrent callers queue; a rollback returns the number, so the
    sequence has no gaps.
    """
    NumberSequence.objects.bulk_create([NumberSequence(key=key, year=year)], ignore_conflicts=True)
    sequence = NumberSequence.objects.select_for_update().get(key=key, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last


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
