"""Change patch layers for tests: GeoJSON, zipped shapefile and GeoPackage files of patches."""

import io
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import shapefile
import shapely

from forest_watch.imports import patch_layer_import
from roles.models import Jurisdiction
from tests.factories import square_site
from tests.zones.helpers import WGS84_PRJ, box, collection
from zones.imports import ImportFile


def props(number: str, **overrides) -> dict:
    """A patch's properties as the national table writes them, 密云 by default."""
    return {
        "number": number,
        "county": "110118",
        "before_date": "2025-10-01",
        "after_date": "2026-04-01",
        "change_type": "felling",
        "area_ha": "1.5",
        "land_class": "乔木林地",
        **overrides,
    }


def patch_file(*patches: tuple[dict, dict]) -> bytes:
    return collection(*patches)


def import_patches(*patches: tuple[dict, dict], year=2026, jurisdiction="110000", by=None):
    return patch_layer_import(
        file=ImportFile(
            jurisdiction=Jurisdiction.objects.get(pk=jurisdiction),
            source="2026年森林督查图斑",
            data=patch_file(*patches),
            file_name="patches.geojson",
            by=by,
        ),
        year=year,
    )


def patch_shapefile(*patches: tuple[dict, dict]) -> bytes:
    shp, shx, dbf = io.BytesIO(), io.BytesIO(), io.BytesIO()
    names = list(patches[0][1])
    with shapefile.Writer(shp=shp, shx=shx, dbf=dbf, shapeType=shapefile.POLYGON) as writer:
        for name in names:
            writer.field(name, "C", size=40)
        for geometry, properties in patches:
            writer.poly(geometry["coordinates"])
            writer.record(*(properties[n] for n in names))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for ext, part in (("shp", shp), ("shx", shx), ("dbf", dbf)):
            archive.writestr(f"patches.{ext}", part.getvalue())
        archive.writestr("patches.prj", WGS84_PRJ)
    return out.getvalue()


def patch_geopackage(*patches: tuple[dict, dict], srs_id: int = 4326) -> bytes:
    """A GeoPackage of one feature table ``patches`` (OGC 12-128: the three required tables and
    the geometry blobs, a ``GP`` header without envelope before the WKB)."""
    names = list(patches[0][1])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "patches.gpkg"
        database = sqlite3.connect(path)
        database.executescript(
            "CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT, srs_id INTEGER PRIMARY KEY, "
            "organization TEXT, organization_coordsys_id INTEGER, definition TEXT, "
            "description TEXT);"
            "CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT, "
            "identifier TEXT, srs_id INTEGER);"
            "CREATE TABLE gpkg_geometry_columns (table_name TEXT, column_name TEXT, "
            "geometry_type_name TEXT, srs_id INTEGER, z INTEGER, m INTEGER);"
        )
        database.execute(
            "INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84', ?, 'EPSG', ?, ?, '')",
            (srs_id, srs_id, WGS84_PRJ),
        )
        database.execute(
            "INSERT INTO gpkg_contents VALUES ('patches', 'features', 'p', ?)", (srs_id,)
        )
        database.execute(
            "INSERT INTO gpkg_geometry_columns VALUES ('patches', 'geom', 'POLYGON', ?, 0, 0)",
            (srs_id,),
        )
        columns = ", ".join(f'"{n}" TEXT' for n in names)
        database.execute(f"CREATE TABLE patches (fid INTEGER PRIMARY KEY, geom BLOB, {columns})")
        for geometry, properties in patches:
            wkb = shapely.to_wkb(shapely.geometry.shape(geometry))
            blob = b"GP\x00\x01" + srs_id.to_bytes(4, "little") + wkb
            marks = ", ".join("?" for _ in names)
            database.execute(
                f"INSERT INTO patches (geom, {', '.join(names)}) VALUES (?, {marks})",  # noqa: S608
                (blob, *(properties[n] for n in names)),
            )
        database.commit()
        database.close()
        return path.read_bytes()


__all__ = ["box", "square_site"]
