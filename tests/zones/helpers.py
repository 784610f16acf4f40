"""Zone layers and sites for tests: small GeoJSON layers imported through the audited service."""

import io
import json
import zipfile

import shapefile

from roles.models import District, Jurisdiction
from tests.factories import square_site
from zones.imports import ImportFile
from zones.services import layer_import


def box(lon: float, lat: float, dlon: float, dlat: float) -> dict:
    ring = [[lon, lat], [lon + dlon, lat], [lon + dlon, lat + dlat], [lon, lat + dlat], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def collection(*features: tuple[dict, dict]) -> bytes:
    return json.dumps(
        {
            "type": "FeatureCollection",
            "features": [{"type": "Feature", "geometry": g, "properties": p} for g, p in features],
        },
        ensure_ascii=False,
    ).encode()


def zone_layer(kind: str, *zones: tuple[dict, str], jurisdiction="110000", source="测试依据"):
    """A layer of ``kind`` with the zones (geometry, name)."""
    return layer_import(
        kind=kind,
        file=ImportFile(
            jurisdiction=Jurisdiction.objects.get(pk=jurisdiction),
            source=source,
            data=collection(*((g, {"name": n}) for g, n in zones)),
            file_name=f"{kind}.geojson",
        ),
    )


def parcel_layer(district: str, *parcels: tuple[dict, str, str]):
    """The 小班 registry of a district: (geometry, "林班-小班", forest origin)."""
    district_row = District.objects.get(pk=district)
    return layer_import(
        kind="parcels",
        file=ImportFile(
            jurisdiction=district_row.jurisdiction,
            district=district_row,
            source="测试小班数据库",
            data=collection(
                *(
                    (g, {"compartment": code, "forest_origin": origin, "welfare_grade": "national"})
                    for g, code, origin in parcels
                )
            ),
            file_name="parcels.geojson",
        ),
    )


# A test area away from the factories' default sites (117.20–118.4 E, 40.20 N and up).
LON, LAT = 116.50, 40.50


def site_in(geometry_lon: float = LON, geometry_lat: float = LAT, area_ha: float = 10.0) -> dict:
    return square_site(area_ha, lon=geometry_lon, lat=geometry_lat)


WGS84_PRJ = (
    'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],'
    'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]'
)


def site_shapefile(*, prj: str | None, cpg: bytes | None = None, name: str = "site") -> bytes:
    """A zipped shapefile of one 10 ha site (``site_in()``), its record named ``name``; the
    ``.prj`` and ``.cpg`` members only when given."""
    shp, shx, dbf = io.BytesIO(), io.BytesIO(), io.BytesIO()
    with shapefile.Writer(shp=shp, shx=shx, dbf=dbf, shapeType=shapefile.POLYGON) as writer:
        writer.field("name", "C")
        writer.poly(site_in()["coordinates"])
        writer.record(name)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for ext, part in (("shp", shp), ("shx", shx), ("dbf", dbf)):
            archive.writestr(f"site.{ext}", part.getvalue())
        for ext, member in (("prj", prj), ("cpg", cpg)):
            if member is not None:
                archive.writestr(f"site.{ext}", member)
    return out.getvalue()
