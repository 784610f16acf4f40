"""``manage.py zones_import FILE --kind K --source "…"``: import a zone layer or the 小班 registry
(product.md §15) from GeoJSON, KML or a zipped shapefile with its ``.prj``, as a new version."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date

from zones.management.files import file_arguments, file_handed, refusals_reported
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
        file_arguments(parser, formats="GeoJSON, KML or .zip of a shapefile", what="layer")
        parser.add_argument("--kind", required=True, choices=LayerKind.values)
        parser.add_argument("--effective-from", default=None, help="YYYY-MM-DD")
        parser.add_argument("--effective-until", default=None, help="YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        file = file_handed(options)
        with refusals_reported():
            layer = layer_import(
                kind=options["kind"],
                file=file,
                effective_from=_date(options["effective_from"], "--effective-from"),
                effective_until=_date(options["effective_until"], "--effective-until"),
            )
        self.stdout.write(
            f"{layer}: {layer.feature_count} features imported (layer {layer.pk}, "
            f"sha256 {layer.file_sha256})"
        )
