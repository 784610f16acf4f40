"""``manage.py zones_import FILE --kind K --source "…"``: import a zone layer or the 小班 registry
(product.md §15) from GeoJSON, KML or a zipped shapefile with its ``.prj``, as a new version."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date

from core.errors import ServiceError
from roles.models import District, Jurisdiction
from zones.models import LayerKind
from zones.services import layer_import


def _date(value: str | None, option: str) -> Any:
    if not value:
        return None
    parsed = parse_date(value)
    if parsed is None:
        raise CommandError(f"{option}: expected a date YYYY-MM-DD, got {value!r}")
    return parsed


class Command(BaseCommand):
    help = (
        "Import a zone layer (reserve_core, red_line, key_zone, basic_farmland, water_source, "
        "eco_control) or the 小班 registry (parcels) from a GeoJSON, KML or zipped shapefile "
        "(with .prj, WGS 84 or CGCS2000). The new version replaces the current one, which is kept."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="GeoJSON, KML or .zip of a shapefile")
        parser.add_argument("--kind", required=True, choices=LayerKind.values)
        parser.add_argument("--source", required=True, help="the source document (title, number)")
        parser.add_argument(
            "--jurisdiction", default="", help="110000 or 120000 (from --district if omitted)"
        )
        parser.add_argument("--district", default="", help="GB/T 2260 code of a district layer")
        parser.add_argument("--effective-from", default=None, help="YYYY-MM-DD")
        parser.add_argument("--effective-until", default=None, help="YYYY-MM-DD")
        parser.add_argument("--demo", action="store_true", help="mark the layer as demo data")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        district = self._district(options["district"])
        jurisdiction = self._jurisdiction(options["jurisdiction"], district)
        try:
            layer = layer_import(
                kind=options["kind"],
                jurisdiction=jurisdiction,
                district=district,
                source=options["source"],
                data=path.read_bytes(),
                file_name=path.name,
                demo=options["demo"],
                effective_from=_date(options["effective_from"], "--effective-from"),
                effective_until=_date(options["effective_until"], "--effective-until"),
            )
        except ServiceError as error:
            lines = [f"{p.field}: {p.message}" for p in error.problems] or [str(error.detail)]
            raise CommandError("\n".join(lines)) from None
        self.stdout.write(
            f"{layer}: {layer.feature_count} features imported (layer {layer.pk}, "
            f"sha256 {layer.file_sha256})"
        )

    def _district(self, code: str) -> District | None:
        if not code:
            return None
        district = District.objects.filter(pk=code).first()
        if district is None:
            raise CommandError(f"--district: unknown district {code!r}")
        return district

    def _jurisdiction(self, code: str, district: District | None) -> Jurisdiction:
        if not code and district is not None:
            return district.jurisdiction
        jurisdiction = Jurisdiction.objects.filter(pk=code).first()
        if jurisdiction is None:
            raise CommandError("--jurisdiction: expected 110000 or 120000 (or give --district)")
        return jurisdiction
