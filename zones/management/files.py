"""What the import commands (``zones_import``, ``plans_import``) share: the arguments naming
the file handed in, the ``ImportFile`` they make, and a refusal as the command's error."""

from argparse import ArgumentParser
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from core.errors import ServiceError
from roles.models import District, Jurisdiction
from zones.imports import ImportFile


def file_arguments(
    parser: ArgumentParser, *, formats: str, what: str, source_required: bool = True
) -> None:
    """FILE (in ``formats``), ``--source``, ``--jurisdiction``, ``--district`` and ``--demo``
    of an import of a ``what`` (a layer, a plan); ``--source`` optional where the import
    names its own by default (a year's change patches)."""
    parser.add_argument("file", help=formats)
    parser.add_argument(
        "--source",
        required=source_required,
        default="",
        help="the source document (title, number)",
    )
    parser.add_argument(
        "--jurisdiction", default="", help="110000 or 120000 (from --district if omitted)"
    )
    parser.add_argument("--district", default="", help=f"GB/T 2260 code of a district {what}")
    parser.add_argument("--demo", action="store_true", help=f"mark the {what} as demo data")


def file_handed(options: dict[str, Any]) -> ImportFile:
    """The file the options of ``file_arguments`` name, imported by the system (no user)."""
    path = Path(options["file"])
    if not path.is_file():
        raise CommandError(f"{path}: no such file")
    district = _district(options["district"])
    return ImportFile(
        jurisdiction=_jurisdiction(options["jurisdiction"], district),
        district=district,
        source=options["source"],
        data=path.read_bytes(),
        file_name=path.name,
        demo=options["demo"],
    )


@contextmanager
def refusals_reported() -> Iterator[None]:
    """A service's refusal as the command's error, a line per problem."""
    try:
        yield
    except ServiceError as error:
        lines = [f"{p.field}: {p.message}" for p in error.problems] or [str(error.detail)]
        raise CommandError("\n".join(lines)) from None


def _district(code: str) -> District | None:
    if not code:
        return None
    district = District.objects.filter(pk=code).first()
    if district is None:
        raise CommandError(f"--district: unknown district {code!r}")
    return district


def _jurisdiction(code: str, district: District | None) -> Jurisdiction:
    if not code and district is not None:
        return district.jurisdiction
    jurisdiction = Jurisdiction.objects.filter(pk=code).first()
    if jurisdiction is None:
        raise CommandError("--jurisdiction: expected 110000 or 120000 (or give --district)")
    return jurisdiction
