"""``manage.py patches_import FILE --year Y --jurisdiction J``: import a year's layer of change
patches (issue 48) from GeoJSON, a zipped shapefile with its ``.prj`` or a GeoPackage, as a new
version; the matching against the permits runs after it (in this process without a broker)."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from core.messages import MSG_PATCH_SOURCE
from forest_watch.imports import patch_layer_import
from zones.management.files import file_arguments, file_handed, refusals_reported


class Command(BaseCommand):
    help = (
        "Import a year's layer of change patches (GeoJSON, zipped shapefile with .prj, or "
        "GeoPackage; WGS 84 or CGCS2000), with the properties number, county, before_date, "
        "after_date, change_type, area_ha, land_class. The new version replaces the current one, "
        "which is kept; the patches are then matched against the permits."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        file_arguments(
            parser,
            formats="GeoJSON, .zip of a shapefile or GeoPackage",
            what="layer",
            source_required=False,
        )
        parser.add_argument("--year", type=int, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        options["source"] = options["source"] or str(MSG_PATCH_SOURCE % {"year": options["year"]})
        file = file_handed(options)
        with refusals_reported():
            layer = patch_layer_import(file=file, year=options["year"])
        layer.refresh_from_db()
        self.stdout.write(
            f"{layer}: {layer.patch_count} patches imported (layer {layer.pk}, "
            f"sha256 {layer.file_sha256}); matching {layer.match_status}, "
            f"{layer.matched} matched"
        )
