"""Uploaded geometry files: GeoJSON, KML and zipped shapefiles read into WGS 84, or refused.

Every fixture is built here, in memory: shapefiles with pyshp's writer, coordinate systems with
pyproj, so the cases say exactly what they contain.
"""

import io
import json
import zipfile
from datetime import date

import pytest
import shapefile
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import Point, Polygon

from core.messages import (
    MSG_BARE_SHAPEFILE,
    MSG_FEATURE,
    MSG_JSON_CONSTANT,
    MSG_MISSING_PRJ,
    MSG_NO_POLYGON,
    MSG_NO_POLYGON_OR_POINT,
    MSG_NO_SHAPEFILE,
    MSG_OUTSIDE_CHINA,
    MSG_RING_OPEN,
    MSG_SHAPEFILE_INCOMPLETE,
    MSG_TOO_MANY_POSITIONS,
    MSG_UNKNOWN_CRS,
    MSG_UNREADABLE_PRJ,
    MSG_UNREADABLE_VALUE,
    MSG_XML_FORBIDDEN,
)
from zones import geo, readers
from zones.geo import GeometryRefused
from zones.readers import Feature, read_features, site_geometry_from_file

# 密云 (Miyun), north-east of Beijing.
LON, LAT = 116.85, 40.38
KML_NS = "http://www.opengis.net/kml/2.2"
# Two triangles crossing at their tip: self-intersecting.
BOW_TIE = [(LON, LAT), (LON + 0.01, LAT + 0.01), (LON, LAT + 0.01), (LON + 0.01, LAT), (LON, LAT)]


def square(lon=LON, lat=LAT, size=0.01):
    """A closed ring, clockwise as the shapefile format wants outer rings."""
    return [(lon, lat), (lon, lat + size), (lon + size, lat + size), (lon + size, lat), (lon, lat)]


def polygon_json(ring):
    return {"type": "Polygon", "coordinates": [[list(p) for p in ring]]}


def feature_json(geometry, **properties):
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def collection(*features, **members):
    return json.dumps({"type": "FeatureCollection", "features": list(features), **members}).encode()


def wkt(epsg):
    return CRS.from_epsg(epsg).to_wkt("WKT1_ESRI")


def zipped(members, *, folder=""):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for filename, content in members.items():
            archive.writestr(folder + filename, content)
    return buffer.getvalue()


def shapefile_members(
    shapes,
    *,
    prj=None,
    epsg=4326,
    encoding="utf-8",
    cpg=None,
    shape_type=shapefile.POLYGON,
    fields=(("NAME", "C", 50),),
):
    """The files of a shapefile as {filename: bytes}; ``shapes`` are (rings or point, record)."""
    shp, shx, dbf = io.BytesIO(), io.BytesIO(), io.BytesIO()
    writer = shapefile.Writer(shp=shp, shx=shx, dbf=dbf, shapeType=shape_type, encoding=encoding)
    for field in fields:
        writer.field(*field)
    for geometry, record in shapes:
        if geometry is None:
            writer.null()
        elif shape_type == shapefile.POINT:
            writer.point(*geometry)
        elif shape_type == shapefile.POLYLINE:
            writer.line(geometry)
        else:
            writer.poly(geometry)
        writer.record(*record)
    writer.close()
    members = {"site.shp": shp.getvalue(), "site.shx": shx.getvalue(), "site.dbf": dbf.getvalue()}
    members["site.prj"] = (prj if prj is not None else wkt(epsg)).encode()
    if cpg is not None:
        members["site.cpg"] = cpg.encode()
    return members


def zipped_shapefile(shapes, **options):
    return zipped(shapefile_members(shapes, **options))


def refusal(data, **options):
    with pytest.raises(GeometryRefused) as caught:
        read_features(data, **options)
    return caught.value


def at(position, message):
    return str(MSG_FEATURE % {"position": position, "message": message})


# GeoJSON


def test_geojson_feature_collection_keeps_polygons_and_their_properties():
    data = collection(
        feature_json(polygon_json(square()), 小班号="0012", area=1.5),
        feature_json({"type": "LineString", "coordinates": [[LON, LAT], [LON + 1, LAT]]}),
        feature_json({"type": "Point", "coordinates": [LON, LAT]}),
        feature_json(None),
    )

    features = read_features(data, name="sites.geojson")

    assert features == [Feature(Polygon(square()), {"小班号": "0012", "area": 1.5})]


def test_geojson_points_are_read_when_allowed():
    data = collection(feature_json({"type": "Point", "coordinates": [LON, LAT, 250.0]}))

    (feature,) = read_features(data, types=geo.SITE_TYPES)

    assert feature.geometry == Point(LON, LAT)  # the altitude is dropped


def test_geojson_bare_geometry_and_bbox_member():
    data = json.dumps({**polygon_json(square()), "bbox": [LON, LAT, LON + 0.01, LAT + 0.01]})

    (feature,) = read_features(data.encode())

    assert feature == Feature(Polygon(square()), {})


def test_geojson_geometry_collection_gives_its_polygons():
    members = [polygon_json(square()), {"type": "Point", "coordinates": [LON, LAT]}]
    data = json.dumps(feature_json({"type": "GeometryCollection", "geometries": members}))

    features = read_features(data.encode())

    assert [f.geometry for f in features] == [Polygon(square())]


@pytest.mark.parametrize(
    "name", ["urn:ogc:def:crs:OGC:1.3:CRS84", "EPSG:4326", "urn:ogc:def:crs:EPSG::4490"]
)
def test_geojson_legacy_crs_naming_wgs84_or_cgcs2000(name):
    crs = {"type": "name", "properties": {"name": name}}

    features = read_features(collection(feature_json(polygon_json(square())), crs=crs))

    assert len(features) == 1


def test_geojson_legacy_crs_naming_another_system_is_refused():
    crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}

    refused = refusal(collection(feature_json(polygon_json(square())), crs=crs))

    assert refused.code == "unknown_crs"
    assert "EPSG::3857" in refused.message


def test_geojson_bow_tie_is_refused_naming_the_feature():
    data = collection(feature_json(polygon_json(square())), feature_json(polygon_json(BOW_TIE)))

    refused = refusal(data)

    assert refused.code == "invalid_polygon"
    assert str(refused.message).startswith(at(2, ""))


def test_geojson_unclosed_ring_is_refused():
    data = collection(feature_json(polygon_json(square()[:-1] + [(LON, LAT + 0.005)])))

    refused = refusal(data)

    assert refused.code == "ring_not_closed"
    assert refused.message == at(1, MSG_RING_OPEN)


def test_geojson_outside_china_is_refused():
    refused = refusal(collection(feature_json(polygon_json(square(2.35, 48.85)))))

    assert refused.code == "outside_china"
    assert refused.message == at(1, MSG_OUTSIDE_CHINA)


def test_geojson_polygon_beyond_the_vertex_limit_is_refused():
    circle = Point(LON, LAT).buffer(0.05, quad_segs=12_500)  # 50,001 positions
    data = collection(feature_json(polygon_json(circle.exterior.coords)))

    assert refusal(data).code == "too_many_positions"


def test_file_beyond_the_total_vertex_limit_is_refused(monkeypatch):
    monkeypatch.setattr(readers, "MAX_FILE_POSITIONS", 9)
    data = collection(*[feature_json(polygon_json(square(LON + i / 10))) for i in range(2)])

    refused = refusal(data)

    assert refused.code == "too_many_positions"
    assert refused.message == str(MSG_TOO_MANY_POSITIONS % {"limit": 9})


def test_file_beyond_the_feature_limit_is_refused(monkeypatch):
    monkeypatch.setattr(readers, "MAX_FEATURES", 2)
    data = collection(*[feature_json(polygon_json(square(LON + i / 10))) for i in range(3)])

    assert refusal(data).code == "too_many_features"


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_geojson_nan_is_refused(constant):
    data = json.dumps(polygon_json(square())).replace(str(LON), constant, 1)

    refused = refusal(data.encode())

    assert (refused.code, refused.message) == ("invalid_file", MSG_JSON_CONSTANT)


def test_geojson_without_polygon_is_refused_naming_the_allowed_types():
    data = collection(feature_json({"type": "Point", "coordinates": [LON, LAT]}))

    refused = refusal(data)

    assert (refused.code, refused.message) == ("no_polygon", MSG_NO_POLYGON)
    refused = refusal(collection(), types=geo.SITE_TYPES)
    assert refused.message == MSG_NO_POLYGON_OR_POINT


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty_file"),
        (b" \n\t", "empty_file"),
        (b"\x00\x01\x02\xff random bytes", "unknown_format"),
        (b"[1, 2, 3]", "unknown_format"),
        (b'{"name": "not geojson"}', "unknown_format"),
        (b'{"type": "FeatureCollection", "features": [', "invalid_file"),
        (b'{"type": "FeatureCollection", "features": [42]}', "invalid_file"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "unknown_format"),
        (b"<kml><Placemark>", "invalid_file"),
        (b"PK\x03\x04 truncated zip", "invalid_file"),
    ],
)
def test_malformed_and_unknown_files_are_refused(data, code):
    assert refusal(data).code == code


def test_a_lone_shp_file_is_refused_saying_how_to_upload_it():
    refused = refusal(b"\x00\x00\x27\x0a", name="小班.SHP")

    assert (refused.code, refused.message) == ("unknown_format", MSG_BARE_SHAPEFILE)


# KML


def kml(placemarks, namespace=KML_NS):
    xmlns = f' xmlns="{namespace}"' if namespace else ""
    document = f"<kml{xmlns}><Document><Folder>{placemarks}</Folder></Document></kml>"
    return f'<?xml version="1.0" encoding="UTF-8"?>{document}'.encode()


def kml_coordinates(ring, altitude=""):
    return " ".join(f"{lon},{lat}{altitude}" for lon, lat in ring)


def kml_polygon(ring, *holes):
    inner = "".join(
        f"<innerBoundaryIs><LinearRing><coordinates>{kml_coordinates(h)}</coordinates>"
        "</LinearRing></innerBoundaryIs>"
        for h in holes
    )
    return (
        "<Polygon><outerBoundaryIs><LinearRing><coordinates>\n"
        f"{kml_coordinates(ring, altitude=',0')}\n"
        f"</coordinates></LinearRing></outerBoundaryIs>{inner}</Polygon>"
    )


PLACEMARKS = f"""
<Placemark>
  <name> 0012 小班 </name>
  <description>抚育间伐</description>
  <ExtendedData>
    <Data name="owner"><value>密云区国有林场</value></Data>
    <SchemaData schemaUrl="#s"><SimpleData name="area_ha">1.5</SimpleData></SchemaData>
  </ExtendedData>
  {kml_polygon(square(size=0.02), square(LON + 0.005, LAT + 0.005, 0.005))}
</Placemark>
<Placemark>
  <name>two parcels</name>
  <MultiGeometry>{kml_polygon(square(LON + 0.1))}{kml_polygon(square(LON + 0.2))}</MultiGeometry>
</Placemark>
<Placemark><name>gate</name><Point><coordinates>{LON},{LAT},0</coordinates></Point></Placemark>
"""


@pytest.mark.parametrize("namespace", [KML_NS, "http://earth.google.com/kml/2.1", ""])
def test_kml_polygons_multigeometries_and_properties(namespace):
    features = read_features(kml(PLACEMARKS, namespace), name="sites.kml")

    holed = Polygon(square(size=0.02), [square(LON + 0.005, LAT + 0.005, 0.005)])
    two = shapely.MultiPolygon([Polygon(square(LON + 0.1)), Polygon(square(LON + 0.2))])
    assert features == [
        Feature(
            holed,
            {
                "name": "0012 小班",
                "description": "抚育间伐",
                "owner": "密云区国有林场",
                "area_ha": "1.5",
            },
        ),
        Feature(two, {"name": "two parcels"}),
    ]


def test_kml_points_are_read_when_allowed():
    features = read_features(kml(PLACEMARKS), types=["Point"])

    assert features == [Feature(Point(LON, LAT), {"name": "gate"})]


def test_kml_in_gbk():
    placemark = f"<Placemark><name>密云</name>{kml_polygon(square())}</Placemark>"
    data = kml(placemark).decode().replace('encoding="UTF-8"', 'encoding="GBK"').encode("gbk")
    data = b"\n  " + data  # some exporters start with a blank line

    assert read_features(data) == [Feature(Polygon(square()), {"name": "密云"})]


def test_kml_with_only_a_line_is_refused():
    line = f"<LineString><coordinates>{kml_coordinates(square())}</coordinates></LineString>"
    placemark = f"<Placemark>{line}</Placemark>"

    refused = refusal(kml(placemark))

    assert (refused.code, refused.message) == ("no_polygon", MSG_NO_POLYGON)


def test_kml_unclosed_ring_is_refused():
    placemark = f"<Placemark>{kml_polygon(square()[:-1])}</Placemark>"

    refused = refusal(kml(PLACEMARKS + placemark))

    assert (refused.code, refused.message) == ("ring_not_closed", at(4, MSG_RING_OPEN))


def test_kml_bad_coordinates_are_refused():
    placemark = "<Placemark><Point><coordinates>116.8;40.3</coordinates></Point></Placemark>"

    assert refusal(kml(placemark), types=["Point"]).code == "invalid_position"


@pytest.mark.parametrize(
    "declaration",
    [
        # Billion laughs: entities expanding to gigabytes.
        '<!DOCTYPE kml [<!ENTITY a "lollollollollol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>',
        # An external entity reading a local file.
        '<!DOCTYPE kml [<!ENTITY c SYSTEM "file:///etc/passwd">]>',
    ],
)
def test_kml_with_a_dtd_or_entities_is_refused(declaration):
    document = f'<kml xmlns="{KML_NS}"><Placemark><name>&c;</name></Placemark></kml>'
    data = f'<?xml version="1.0"?>{declaration}{document}'

    refused = refusal(data.encode())

    assert (refused.code, refused.message) == ("invalid_file", MSG_XML_FORBIDDEN)


# Zipped shapefiles


def test_shapefile_in_wgs84_with_attributes():
    fields = (("NAME", "C", 50), ("AREA", "N", 12, 3), ("SURVEYED", "D"))
    shapes = [(None, ["empty", 0, None]), ([square()], ["  0012", 1.5, date(2024, 3, 1)])]
    members = shapefile_members(shapes, fields=fields)
    # As macOS zips a folder: the folder entry and AppleDouble files beside the real ones.
    members["__MACOSX/export/._site.shp"] = b"\x00\x05\x16\x07"
    members[""] = b""

    features = read_features(zipped(members, folder="export/"), name="sites.zip")

    properties = {"NAME": "0012", "AREA": 1.5, "SURVEYED": "2024-03-01"}
    assert features == [Feature(Polygon(square()), properties)]


def test_shapefile_record_marked_deleted_is_skipped():
    members = shapefile_members([([square()], ["deleted"]), ([square(LON + 0.1)], ["kept"])])
    dbf = bytearray(members["site.dbf"])
    dbf[int.from_bytes(dbf[8:10], "little")] = ord("*")  # the first record's deletion flag
    members["site.dbf"] = bytes(dbf)

    features = read_features(zipped(members))

    assert features == [Feature(Polygon(square(LON + 0.1)), {"NAME": "kept"})]


def test_shapefile_points_are_read_when_allowed():
    data = zipped_shapefile([((LON, LAT), ["gate"])], shape_type=shapefile.POINT)

    assert read_features(data, types=["Point"]) == [Feature(Point(LON, LAT), {"NAME": "gate"})]
    assert refusal(data).code == "no_polygon"


def test_shapefile_of_lines_is_refused():
    data = zipped_shapefile([([square()], ["road"])], shape_type=shapefile.POLYLINE)

    assert refusal(data).code == "no_polygon"


@pytest.mark.parametrize("epsg", [4527, 4490, 32650])
def test_projected_and_cgcs2000_shapefiles_are_read_back_into_wgs84(epsg):
    # 4527: CGCS2000 / 3-degree Gauss-Kruger zone 39: eastings carry the zone (39 500 000 = 117° E).
    to_file = Transformer.from_crs("EPSG:4326", f"EPSG:{epsg}", always_xy=True)
    ring = [to_file.transform(lon, lat) for lon, lat in square(size=0.02)]
    if epsg == 4527:
        assert 39_400_000 < ring[0][0] < 39_500_000

    (feature,) = read_features(zipped_shapefile([([ring], ["0012"])], epsg=epsg))

    assert feature.geometry.equals_exact(Polygon(square(size=0.02)), tolerance=1e-6)


def test_shapefile_prj_as_arcgis_writes_it_for_gauss_kruger():
    prj = (
        'PROJCS["CGCS2000_3_Degree_GK_Zone_39",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",'
        'DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],'
        'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],'
        'PARAMETER["False_Easting",39500000.0],PARAMETER["False_Northing",0.0],'
        'PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],'
        'PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]'
    )
    to_file = Transformer.from_crs("EPSG:4326", "EPSG:4527", always_xy=True)
    ring = [to_file.transform(lon, lat) for lon, lat in square()]

    (feature,) = read_features(zipped_shapefile([([ring], ["0012"])], prj=prj))

    assert feature.geometry.equals_exact(Polygon(square()), tolerance=1e-6)


@pytest.mark.parametrize("cpg", ["GBK", "936", None])
def test_gbk_attribute_table(cpg):
    fields = (("小班名", "C", 50),)
    data = zipped_shapefile([([square()], ["密云 石城镇"])], encoding="gbk", cpg=cpg, fields=fields)

    (feature,) = read_features(data)

    assert feature.properties == {"小班名": "密云 石城镇"}


@pytest.mark.parametrize(
    ("epsg", "name"),
    [
        (4214, "Beijing 1954"),
        (4610, "Xian 1980"),
        (2436, "Beijing 1954 / 3-degree Gauss-Kruger CM 117E"),
    ],
)
def test_shapefile_in_another_datum_is_refused(epsg, name):
    refused = refusal(zipped_shapefile([([square()], ["0012"])], epsg=epsg))

    assert refused.code == "unknown_crs"
    assert refused.message == str(MSG_UNKNOWN_CRS % {"crs": name})


def test_shapefile_with_unreadable_prj_is_refused():
    refused = refusal(zipped_shapefile([([square()], ["0012"])], prj="not a WKT"))

    assert (refused.code, refused.message) == ("unknown_crs", MSG_UNREADABLE_PRJ)


def test_shapefile_bow_tie_is_refused_naming_the_record():
    data = zipped_shapefile([(None, ["empty"]), ([BOW_TIE], ["bow tie"])])

    refused = refusal(data)

    assert refused.code == "invalid_polygon"
    assert str(refused.message).startswith(at(2, ""))


def test_shapefile_without_prj_is_refused():
    members = shapefile_members([([square()], ["0012"])])
    del members["site.prj"]

    refused = refusal(zipped(members))

    assert (refused.code, refused.message) == ("missing_prj", MSG_MISSING_PRJ)


@pytest.mark.parametrize("missing", [["site.dbf"], ["site.shx", "site.dbf"]])
def test_incomplete_shapefile_is_refused_naming_the_missing_parts(missing):
    members = shapefile_members([([square()], ["0012"])])
    for filename in missing:
        del members[filename]

    refused = refusal(zipped(members))

    parts = ", ".join(f.removeprefix("site") for f in missing)
    assert refused.code == "shapefile_incomplete"
    assert refused.message == str(MSG_SHAPEFILE_INCOMPLETE % {"parts": parts})


def test_zip_without_shapefile_is_refused():
    refused = refusal(zipped({"readme.txt": b"hello"}))

    assert (refused.code, refused.message) == ("shapefile_incomplete", MSG_NO_SHAPEFILE)


def test_zip_with_two_shapefiles_is_refused():
    members = shapefile_members([([square()], ["0012"])])
    members.update({"b/" + name: content for name, content in members.items()})

    assert refusal(zipped(members)).code == "several_shapefiles"


def test_zip_bomb_is_refused():
    members = shapefile_members([([square()], ["0012"])])
    members["site.dbf"] = bytes(60 * 1024 * 1024)  # deflates to about 60 kB

    data = zipped(members)

    assert len(data) < 1024 * 1024
    refused = refusal(data)
    assert refused.code == "file_too_large"


def test_zip_with_too_many_members_is_refused():
    members = shapefile_members([([square()], ["0012"])])
    members.update({f"photo{i}.jpg": b"" for i in range(50)})

    assert refusal(zipped(members)).code == "file_too_large"


# One site from a file


def test_site_geometry_merges_the_polygons_and_ignores_points():
    data = collection(
        feature_json(polygon_json(square())),
        feature_json(polygon_json(square(LON + 0.01))),  # shares an edge with the first
        feature_json({"type": "Point", "coordinates": [LON, LAT]}),
    )

    site = site_geometry_from_file(data)

    assert site.geom_type == "Polygon"
    assert site.equals(shapely.box(LON, LAT, LON + 0.01 + 0.01, LAT + 0.01))


def test_site_geometry_of_separate_polygons_is_a_multipolygon():
    data = collection(*[feature_json(polygon_json(square(LON + i / 10))) for i in range(2)])

    assert site_geometry_from_file(data).geom_type == "MultiPolygon"


def test_site_geometry_of_points_is_the_first_point():
    data = collection(
        feature_json({"type": "Point", "coordinates": [LON, LAT]}),
        feature_json({"type": "Point", "coordinates": [LON + 1, LAT]}),
    )

    assert site_geometry_from_file(data) == Point(LON, LAT)


# Hostile files (issue 26 item 20): refused as the file's fault, and early


HUGE_INTEGER = "1" * 5000  # more digits than Python converts to an int


@pytest.mark.parametrize(
    "data",
    [
        f'{{"type": "Point", "coordinates": [{HUGE_INTEGER}, {LAT}]}}'.encode(),
        collection(feature_json(polygon_json(square()), area=0)).replace(
            b"0}", HUGE_INTEGER.encode() + b"}"
        ),
    ],
    ids=["coordinate", "property"],
)
def test_a_number_python_cannot_convert_is_a_refusal(data):
    refused = refusal(data, types=geo.SITE_TYPES)

    assert (refused.code, refused.message) == ("invalid_file", MSG_UNREADABLE_VALUE)


def test_a_kml_coordinate_of_thousands_of_digits_is_a_refusal():
    ring = [(float(HUGE_INTEGER), LAT), *square()[1:-1], (float(HUGE_INTEGER), LAT)]
    document = kml(f"<Placemark>{kml_polygon(ring)}</Placemark>".replace("inf", HUGE_INTEGER))

    assert refusal(document).code in {"invalid_position", "coordinate_out_of_range"}


def test_any_value_error_of_a_reader_is_a_refusal(monkeypatch):
    """The class, whatever library raises it: a ValueError that is not a refusal is the file's."""

    def unreadable(*args, **kwargs):
        raise ValueError("a library's complaint")

    monkeypatch.setattr(readers, "_geojson_items", unreadable)

    refused = refusal(collection(feature_json(polygon_json(square()))))

    assert (refused.code, refused.message) == ("invalid_file", MSG_UNREADABLE_VALUE)


def ring_of(count, lon=LON, lat=LAT):
    """A closed ring of ``count`` positions (a circle, valid)."""
    return list(Point(lon, lat).buffer(0.004, quad_segs=(count - 1) // 4).exterior.coords)


def site_files_over_the_limit() -> dict[str, bytes]:
    """Two polygons of 30,001 positions each: each within a geometry's limit, over a site's."""
    rings = [ring_of(30_001, LON + i / 10) for i in range(2)]
    return {
        "geojson": collection(*[feature_json(polygon_json(r)) for r in rings]),
        "kml": kml("".join(f"<Placemark>{kml_polygon(r)}</Placemark>" for r in rings)),
        "shapefile": zipped_shapefile([([r], [str(i)]) for i, r in enumerate(rings)]),
    }


@pytest.mark.parametrize("kind", ["geojson", "kml", "shapefile"])
def test_a_site_file_over_the_limit_is_refused_before_any_geometry_is_built(monkeypatch, kind):
    """Issue 26 item 20: a site file of 10⁶ positions, or 20 polygons of 50,000, was refused only
    after building and checking geometries for seconds. Positions are counted as they are read."""
    data = site_files_over_the_limit()[kind]
    built = []
    monkeypatch.setattr(readers, "geometry_from_geojson", lambda *a, **k: built.append(a))
    monkeypatch.setattr(readers, "_shape_geometry", lambda *a, **k: built.append(a))

    with pytest.raises(GeometryRefused) as caught:
        site_geometry_from_file(data)

    assert caught.value.code == "too_many_positions"
    # About the whole file, not one feature.
    assert caught.value.message == str(MSG_TOO_MANY_POSITIONS % {"limit": geo.MAX_POSITIONS})
    assert built == []


def test_a_layer_file_has_the_larger_limit_of_a_layer():
    data = site_files_over_the_limit()["geojson"]

    assert len(read_features(data)) == 2


def test_a_shapefile_over_the_file_limit_is_refused_while_its_shapes_are_read(monkeypatch):
    monkeypatch.setattr(readers, "MAX_FILE_POSITIONS", 9)
    data = zipped_shapefile([([square(LON + i / 10)], [str(i)]) for i in range(2)])

    refused = refusal(data)

    assert refused.code == "too_many_positions"
    assert refused.message == str(MSG_TOO_MANY_POSITIONS % {"limit": 9})
