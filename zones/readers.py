"""Geometry files as people upload them: zipped shapefiles, KML and GeoJSON, read into WGS 84.

The format is told by the content, never by the file name: a ZIP is a zipped shapefile, XML
with a ``kml`` root is KML, a JSON object is GeoJSON. Every geometry that comes out has passed
``zones.geo.geometry_check``; every refusal is a ``GeometryRefused`` with a machine code, and a
refusal about one feature names its position in the file ("Feature 3: …").

Uploads are hostile until read: the ZIP is read in memory within size limits (no extraction),
XML is parsed with DTDs and entities forbidden, JSON refuses NaN and Infinity. Positions are
counted as they are read, before any geometry is built from them, so a file over its limit (a
site's ``MAX_POSITIONS`` in all, a layer's ``MAX_FILE_POSITIONS``) is refused at once; and any
value a reader cannot take (a 5,000-digit number) is a refusal, never an error of the server.
"""

import codecs
import io
import json
import re
import sqlite3
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, NoReturn
from xml.etree.ElementTree import Element, ParseError

import shapefile  # type: ignore[import-untyped]
import shapely
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as xml_fromstring
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError, ProjError
from shapely.errors import GEOSException
from shapely.geometry.base import BaseGeometry

from core.messages import (
    MSG_BARE_SHAPEFILE,
    MSG_EMPTY_FILE,
    MSG_FEATURE,
    MSG_GEOJSON_CRS,
    MSG_INVALID_FEATURE,
    MSG_INVALID_GEOPACKAGE,
    MSG_INVALID_JSON,
    MSG_INVALID_SHAPE,
    MSG_INVALID_SHAPEFILE,
    MSG_INVALID_XML,
    MSG_INVALID_ZIP,
    MSG_JSON_CONSTANT,
    MSG_KML_POLYGON,
    MSG_MISSING_PRJ,
    MSG_NO_POINT,
    MSG_NO_POLYGON,
    MSG_NO_POLYGON_OR_POINT,
    MSG_NO_SHAPEFILE,
    MSG_NOT_GEOJSON,
    MSG_POSITION,
    MSG_SEVERAL_SHAPEFILES,
    MSG_SHAPEFILE_INCOMPLETE,
    MSG_TOO_MANY_FEATURES,
    MSG_TOO_MANY_POSITIONS,
    MSG_UNKNOWN_CRS,
    MSG_UNKNOWN_FORMAT,
    MSG_UNREADABLE_PRJ,
    MSG_UNREADABLE_VALUE,
    MSG_XML_FORBIDDEN,
    MSG_ZIP_TOO_LARGE,
)
from zones.geo import (
    MAX_POSITIONS,
    POLYGONAL,
    SITE_TYPES,
    GeometryRefused,
    geometry_check,
    geometry_from_geojson,
    projected,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# A 小班 registry of a whole district has a few thousand features; beyond these limits the file
# is refused, not truncated.
MAX_FEATURES = 20_000
MAX_FILE_POSITIONS = 2_000_000
# A shapefile ZIP holds 4–8 files of a few MB; the limits bound what a zip bomb can make us inflate.
MAX_ZIP_MEMBERS = 50
MAX_MEMBER_BYTES = 50 * 1024 * 1024
# Also the bound of what any ZIP upload may inflate to (attachments: permits.uploads).
MAX_ZIP_BYTES = 100 * 1024 * 1024


ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
# A GeoPackage is an SQLite database (OGC 12-128r18): its file header.
GEOPACKAGE_SIGNATURE = b"SQLite format 3\x00"
# What reading a GeoPackage's tables may cost SQLite (virtual-machine steps, checked every
# thousand): a file built to make a query run for ever is stopped, not waited for.
GEOPACKAGE_MAX_STEPS = 500_000_000
# A position takes at least 16 bytes of WKB: the blob's size bounds its positions before any
# geometry is built from it.
WKB_POSITION_BYTES = 16
UTF8_BOM = b"\xef\xbb\xbf"
# The encoding an XML declaration names, in an ASCII-compatible encoding (UTF-16 has no match).
XML_ENCODING = re.compile(rb"\A\s*<\?xml[^>]*?\bencoding\s*=\s*[\"']([A-Za-z][\w.:-]*)[\"']")
SHAPEFILE_SUFFIXES = (".shp", ".shx", ".dbf", ".prj", ".cpg")
GEOJSON_GEOMETRY_TYPES = frozenset(
    {"Point", "MultiPoint", "LineString", "MultiLineString", *POLYGONAL, "GeometryCollection"}
)
# The legacy GeoJSON ``crs`` member: EPSG:4326, CRS84 (as URN or URL) and CGCS2000 (EPSG:4490)
# all mean longitude/latitude on a datum within centimetres of WGS 84.
GEOJSON_CRS_ACCEPTED = re.compile(r"(?:\bEPSG\W+(?:[\d.]+\W+)?(?:4326|4490)|\bCRS84)$", re.I)
ACCEPTED_EPSG = frozenset({4326, 4490})
# Datum names as PROJ reports them from EPSG, OGC and ESRI WKT, lowercased and without
# punctuation. CGCS2000 and WGS 84 agree to centimetres, so both are taken as WGS 84.
ACCEPTED_DATUMS = (
    "worldgeodeticsystem1984",
    "wgs1984",
    "wgs84",
    "china2000",
    "chinageodeticcoordinatesystem2000",
    "cgcs2000",
)
POLYGON_SHAPES = frozenset({shapefile.POLYGON, shapefile.POLYGONZ, shapefile.POLYGONM})
POINT_SHAPES = frozenset({shapefile.POINT, shapefile.POINTZ, shapefile.POINTM})
# What a damaged .shp/.shx/.dbf makes pyshp raise (KeyError: an unknown shape or field type).
SHAPEFILE_ERRORS = (
    shapefile.ShapefileException,
    struct.error,
    ValueError,
    EOFError,
    KeyError,
    IndexError,
    LookupError,
)


class TooManyPositions(GeometryRefused):
    """The file's positions over its limit: about the file, not one feature."""


class _Positions:
    """The positions read so far, counted before geometries are built from them, and the
    features the file may hold (``features``)."""

    def __init__(self, limit: int, features: int) -> None:
        self.limit = limit
        self.features = features
        self.count = 0

    def take(self, count: int) -> None:
        self.count += count
        if self.count > self.limit:
            message = MSG_TOO_MANY_POSITIONS % {"limit": self.limit}
            raise TooManyPositions(message, "too_many_positions")


@dataclass(frozen=True)
class Feature:
    """One geometry of a file (WGS 84 lon/lat, already checked) and its attributes."""

    geometry: BaseGeometry
    properties: dict[str, object]


def read_features(
    data: bytes,
    *,
    name: str = "",
    types: Iterable[str] = POLYGONAL,
    max_positions: int | None = None,
    max_features: int | None = None,
) -> list[Feature]:
    """The features of an uploaded file whose geometry type is in ``types``, in WGS 84.

    ``name`` is the uploaded file's name, used only to word a refusal; ``max_positions`` the
    positions the whole file may hold (``MAX_FILE_POSITIONS`` unless given), ``max_features``
    its features (``MAX_FEATURES`` unless given: a year's change patches are more than a
    registry's 小班). Raises
    ``GeometryRefused``; see the module docstring.
    """
    types = tuple(types)
    limit = MAX_FILE_POSITIONS if max_positions is None else max_positions
    most = MAX_FEATURES if max_features is None else max_features
    positions = _Positions(limit, most)
    try:
        return _collect(_features(data, name, types, positions), types, most)
    except GeometryRefused:
        raise
    except (ValueError, OverflowError, RecursionError) as error:
        # What a library raises about a value it cannot take (an integer of 5,000 digits, a
        # coordinate beyond a float): the file's fault, said as such.
        raise GeometryRefused(MSG_UNREADABLE_VALUE, "invalid_file") from error


def _features(
    data: bytes, name: str, types: tuple[str, ...], positions: _Positions
) -> Iterator[Feature]:
    text = data.removeprefix(UTF8_BOM).lstrip()
    if not text:
        raise GeometryRefused(MSG_EMPTY_FILE, "empty_file")
    if data.startswith(ZIP_SIGNATURES):
        return _shapefile_features(data, types, positions)
    if data.startswith(GEOPACKAGE_SIGNATURE):
        return _geopackage_features(data, types, positions)
    # Text formats are read from their first tag or brace: a leading newline is no error here.
    if text.startswith(b"<"):
        return _kml_features(text, types, positions)
    if text.startswith(b"{"):
        return _geojson_features(text, types, positions)
    raise _unknown_format(name)


def site_geometry_from_file(
    data: bytes, *, name: str = "", types: Iterable[str] = SITE_TYPES
) -> BaseGeometry:
    """One site geometry from a file: its polygons merged, or its first point if it has none.
    A site holds at most ``MAX_POSITIONS`` positions: so may the whole file."""
    features = read_features(data, name=name, types=types, max_positions=MAX_POSITIONS)
    polygons = [f.geometry for f in features if f.geometry.geom_type in POLYGONAL]
    if not polygons:
        return features[0].geometry
    site = shapely.unary_union(polygons)
    geometry_check(site)
    return site


def _unknown_format(name: str) -> GeometryRefused:
    # A lone .shp is the commonest wrong upload; its name lets us say what to do instead.
    if name.lower().endswith(SHAPEFILE_SUFFIXES):
        return GeometryRefused(MSG_BARE_SHAPEFILE, "unknown_format")
    return GeometryRefused(MSG_UNKNOWN_FORMAT, "unknown_format")


def _collect(features: Iterable[Feature], types: tuple[str, ...], most: int) -> list[Feature]:
    collected: list[Feature] = []
    for feature in features:
        collected.append(feature)
        if len(collected) > most:
            limit = {"limit": most}
            raise GeometryRefused(MSG_TOO_MANY_FEATURES % limit, "too_many_features")
    if not collected:
        raise GeometryRefused(_no_feature_message(types), "no_polygon")
    return collected


def _no_feature_message(types: tuple[str, ...]) -> "StrOrPromise":
    polygonal = any(t in POLYGONAL for t in types)
    if "Point" in types:
        return MSG_NO_POLYGON_OR_POINT if polygonal else MSG_NO_POINT
    return MSG_NO_POLYGON


@contextmanager
def _feature_at(position: int) -> Iterator[None]:
    """Name the feature a refusal is about: a file has many, and the user must find which."""
    try:
        yield
    except TooManyPositions:
        raise
    except GeometryRefused as refused:
        message = MSG_FEATURE % {"position": position, "message": refused.message}
        raise GeometryRefused(message, refused.code) from refused


# GeoJSON (RFC 7946: WGS 84 longitude/latitude by definition)


def _geojson_features(
    data: bytes, types: tuple[str, ...], positions: _Positions
) -> Iterator[Feature]:
    document = _json(data)
    # Every position is counted before any geometry is built from them.
    read = []
    for position, item in enumerate(_geojson_items(document), start=1):
        with _feature_at(position):
            read.append(_geojson_feature(item, types, positions))
    for position, (properties, values) in enumerate(read, start=1):
        with _feature_at(position):
            for value in values:
                geometry = shapely.force_2d(geometry_from_geojson(value, types=types))
                yield Feature(geometry, dict(properties))


def _json(data: bytes) -> Any:
    try:
        return json.loads(data, parse_constant=_refuse_constant)
    except GeometryRefused:
        raise
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as error:
        raise GeometryRefused(MSG_INVALID_JSON, "invalid_file") from error
    except ValueError as error:  # an integer of more digits than Python converts
        raise GeometryRefused(MSG_UNREADABLE_VALUE, "invalid_file") from error


def _refuse_constant(constant: str) -> NoReturn:
    raise GeometryRefused(MSG_JSON_CONSTANT, "invalid_file")


def _geojson_items(document: Any) -> list[Any]:
    kind = document.get("type") if isinstance(document, dict) else None
    if kind is not None:
        _check_geojson_crs(document.get("crs"))
    if kind == "FeatureCollection" and isinstance(document.get("features"), list):
        return list(document["features"])
    if kind == "Feature":
        return [document]
    if kind in GEOJSON_GEOMETRY_TYPES:
        return [{"type": "Feature", "geometry": document, "properties": None}]
    raise GeometryRefused(MSG_NOT_GEOJSON, "unknown_format")


def _check_geojson_crs(crs: Any) -> None:
    if crs is None:
        return
    properties = crs.get("properties") if isinstance(crs, dict) else None
    name = properties.get("name") if isinstance(properties, dict) else None
    if isinstance(name, str) and GEOJSON_CRS_ACCEPTED.search(name.strip()):
        return
    label = name if isinstance(name, str) else json.dumps(crs)[:80]
    raise GeometryRefused(MSG_GEOJSON_CRS % {"crs": label}, "unknown_crs")


def _geojson_feature(
    item: Any, types: tuple[str, ...], positions: _Positions
) -> tuple[dict[str, object], list[dict[str, Any]]]:
    """The properties of a Feature object and its geometry objects of ``types``, counted."""
    if not (isinstance(item, dict) and item.get("type") == "Feature" and "geometry" in item):
        raise GeometryRefused(MSG_INVALID_FEATURE, "invalid_file")
    properties = item.get("properties")
    values = _geojson_members(item["geometry"], types)
    for value in values:
        positions.take(_position_count(value.get("coordinates")))
    return (dict(properties) if isinstance(properties, dict) else {}), values


def _geojson_members(geometry: Any, types: tuple[str, ...]) -> list[Any]:
    """The geometry objects of allowed type: the geometry itself, or a collection's members."""
    if not isinstance(geometry, dict):
        # null is a feature without a place; anything else is refused by geometry_from_geojson.
        return [] if geometry is None else [geometry]
    if geometry.get("type") == "GeometryCollection":
        members = geometry.get("geometries")
        if not isinstance(members, list):
            raise GeometryRefused(MSG_INVALID_FEATURE, "invalid_file")
        # RFC 7946 §3.1.8 discourages nested collections; their members are not looked into.
        return [_bare(m) for m in members if isinstance(m, dict) and m.get("type") in types]
    return [_bare(geometry)] if geometry.get("type") in types else []


def _position_count(coordinates: Any) -> int:
    """The positions of a GeoJSON ``coordinates`` member, without looking into each position:
    a list of lists of numbers counts its length. Malformed members count what they hold and
    are refused by ``geometry_from_geojson``."""
    count = 0
    stack = [coordinates]
    while stack:
        value = stack.pop()
        if not isinstance(value, list) or not value:
            continue
        first = value[0]
        if not isinstance(first, list):
            count += 1  # a position: [lon, lat]
        elif first and not isinstance(first[0], list):
            count += len(value)  # a ring or a line: a list of positions
        else:
            stack.extend(value)
    return count


def _bare(geometry: dict[str, Any]) -> dict[str, Any]:
    # RFC 7946 allows "bbox" and foreign members beside a geometry's coordinates.
    return {"type": geometry.get("type"), "coordinates": geometry.get("coordinates")}


# KML (always WGS 84)


def _kml_features(data: bytes, types: tuple[str, ...], positions: _Positions) -> Iterator[Feature]:
    root = _kml_root(data)
    # Every position is read and counted before any geometry is built from them.
    read = []
    for position, placemark in enumerate(root.iter("Placemark"), start=1):
        with _feature_at(position):
            read.append(
                (_kml_properties(placemark), _placemark_geometries(placemark, types, positions))
            )
    for position, (properties, values) in enumerate(read, start=1):
        with _feature_at(position):
            for value in values:
                yield Feature(geometry_from_geojson(value, types=types), dict(properties))


def _kml_root(data: bytes) -> Element:
    try:
        root = xml_fromstring(_expat_readable(data), forbid_dtd=True)
    except DefusedXmlException as error:
        raise GeometryRefused(MSG_XML_FORBIDDEN, "invalid_file") from error
    except (ParseError, LookupError, ValueError) as error:  # an unknown declared encoding
        raise GeometryRefused(MSG_INVALID_XML, "invalid_file") from error
    namespace, _brace, local = root.tag.rpartition("}")
    if local != "kml":
        raise GeometryRefused(MSG_UNKNOWN_FORMAT, "unknown_format")
    # KML 2.2, Google's earth.google.com/kml/2.x or none: the root's namespace is the document's.
    # Dropping it lets one set of paths read them all; foreign elements (gx:…) keep theirs.
    prefix = namespace + "}" if namespace else ""
    for element in root.iter():
        if prefix and element.tag.startswith(prefix):
            element.tag = element.tag[len(prefix) :]
    return root


def _expat_readable(data: bytes) -> bytes:
    """The XML in UTF-8 when it declares another encoding: expat refuses multi-byte ones (GBK)."""
    declared = XML_ENCODING.match(data)
    if declared is None:
        return data
    try:
        codec = codecs.lookup(declared[1].decode("ascii")).name
    except LookupError:
        return data  # the parser refuses the unknown encoding itself
    if codec == "utf-8":
        return data
    relabelled = data[: declared.start(1)] + b"UTF-8" + data[declared.end(1) :]
    try:
        return relabelled.decode(codec).encode("utf-8")
    except UnicodeDecodeError as error:
        raise GeometryRefused(MSG_INVALID_XML, "invalid_file") from error


def _kml_properties(placemark: Element) -> dict[str, object]:
    properties: dict[str, object] = {}
    for key in ("name", "description"):
        text = placemark.findtext(key)
        if text is not None:
            properties[key] = text.strip()
    for data in placemark.iterfind("ExtendedData/Data[@name]"):
        properties[data.get("name", "")] = (data.findtext("value") or "").strip()
    for simple in placemark.iterfind("ExtendedData/SchemaData/SimpleData[@name]"):
        properties[simple.get("name", "")] = (simple.text or "").strip()
    return properties


def _placemark_geometries(
    placemark: Element, types: tuple[str, ...], positions: _Positions
) -> list[dict[str, Any]]:
    """GeoJSON geometry objects of a Placemark: its polygons as one, each point on its own;
    only those of ``types`` are read."""
    polygons = [
        _kml_polygon(e, positions)
        for e in _geometry_elements(placemark, "Polygon")
        if any(t in POLYGONAL for t in types)
    ]
    points = [
        _kml_point(e, positions) for e in _geometry_elements(placemark, "Point") if "Point" in types
    ]
    geometries = [{"type": "Point", "coordinates": p} for p in points]
    if len(polygons) == 1:
        geometries.append({"type": "Polygon", "coordinates": polygons[0]})
    elif polygons:
        geometries.append({"type": "MultiPolygon", "coordinates": polygons})
    return geometries


def _geometry_elements(placemark: Element, tag: str) -> list[Element]:
    direct = placemark.findall(tag)
    return direct + [e for multi in placemark.findall("MultiGeometry") for e in multi.iter(tag)]


def _kml_polygon(polygon: Element, budget: _Positions) -> list[list[list[float]]]:
    outer = polygon.find("outerBoundaryIs/LinearRing/coordinates")
    if outer is None:
        raise GeometryRefused(MSG_KML_POLYGON, "invalid_geometry")
    inner = polygon.iterfind("innerBoundaryIs/LinearRing/coordinates")
    return [_kml_positions(outer.text, budget)] + [
        _kml_positions(ring.text, budget) for ring in inner
    ]


def _kml_point(point: Element, budget: _Positions) -> list[float]:
    positions = _kml_positions(point.findtext("coordinates"), budget)
    if len(positions) != 1:
        raise GeometryRefused(MSG_POSITION, "invalid_position")
    return positions[0]


def _kml_positions(text: str | None, budget: _Positions) -> list[list[float]]:
    """``lon,lat[,alt] lon,lat[,alt] …`` as [lon, lat] lists; altitude is not part of a site.
    Counted before any is converted."""
    tokens = (text or "").split()
    budget.take(len(tokens))
    positions = []
    for token in tokens:
        parts = token.split(",")
        if len(parts) not in (2, 3):
            raise GeometryRefused(MSG_POSITION, "invalid_position")
        try:
            positions.append([float(parts[0]), float(parts[1])])
        except ValueError as error:
            raise GeometryRefused(MSG_POSITION, "invalid_position") from error
    return positions


# Zipped shapefile (any coordinate system on the WGS 84 or CGCS2000 datum)


def _shapefile_features(
    data: bytes, types: tuple[str, ...], positions: _Positions
) -> Iterator[Feature]:
    parts = _shapefile_parts(data)
    crs = _shapefile_crs(parts[".prj"])
    try:
        transformer = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    except ProjError:  # a datum we accept with a projection PROJ does not know
        raise GeometryRefused(MSG_UNKNOWN_CRS % {"crs": crs.name}, "unknown_crs") from None
    for position, (shape, record) in enumerate(_shapefile_table(parts, positions), start=1):
        if record is None:
            continue  # a record marked deleted in the .dbf
        with _feature_at(position):
            geometry = _shape_geometry(shape, types)
            if geometry is not None:
                geometry = shapely.force_2d(projected(geometry, transformer))
                geometry_check(geometry)
                yield Feature(geometry, _record_properties(record))


def _shapefile_parts(data: bytes) -> dict[str, bytes]:
    """The files of the one shapefile in the ZIP, by suffix, read in memory within limits."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = _zip_members(archive)
            stem = _shapefile_stem(members)
            return {
                suffix: _read_member(archive, members[stem + suffix])
                for suffix in SHAPEFILE_SUFFIXES
                if stem + suffix in members
            }
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise GeometryRefused(MSG_INVALID_ZIP, "invalid_file") from error


def _zip_members(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """The ZIP's files by lowercased name, without folders and macOS metadata."""
    infos = archive.infolist()
    declared = [info.file_size for info in infos]
    if (
        len(infos) > MAX_ZIP_MEMBERS
        or max(declared, default=0) > MAX_MEMBER_BYTES
        or sum(declared) > MAX_ZIP_BYTES
    ):
        raise _zip_too_large()
    return {
        info.filename.lower(): info
        for info in infos
        if not info.is_dir() and not _is_macos_metadata(info.filename)
    }


def _is_macos_metadata(filename: str) -> bool:
    path = PurePosixPath(filename)
    return "__MACOSX" in path.parts or path.name.startswith("._")


def _zip_too_large() -> GeometryRefused:
    sizes = {
        "members": MAX_ZIP_MEMBERS,
        "member_mb": MAX_MEMBER_BYTES // 2**20,
        "total_mb": MAX_ZIP_BYTES // 2**20,
    }
    return GeometryRefused(MSG_ZIP_TOO_LARGE % sizes, "file_too_large")


def _shapefile_stem(members: dict[str, zipfile.ZipInfo]) -> str:
    stems = [name.removesuffix(".shp") for name in members if name.endswith(".shp")]
    if not stems:
        raise GeometryRefused(MSG_NO_SHAPEFILE, "shapefile_incomplete")
    if len(stems) > 1:
        names = ", ".join(PurePosixPath(s).name + ".shp" for s in sorted(stems))
        raise GeometryRefused(MSG_SEVERAL_SHAPEFILES % {"names": names}, "several_shapefiles")
    missing = [suffix for suffix in (".shx", ".dbf") if stems[0] + suffix not in members]
    if missing:
        parts = ", ".join(missing)
        raise GeometryRefused(MSG_SHAPEFILE_INCOMPLETE % {"parts": parts}, "shapefile_incomplete")
    if stems[0] + ".prj" not in members:
        raise GeometryRefused(MSG_MISSING_PRJ, "missing_prj")
    return stems[0]


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    # Encrypted members and methods Python cannot inflate are refused before any reading.
    if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise GeometryRefused(MSG_INVALID_ZIP, "invalid_file")
    with archive.open(info) as member:
        # The declared size is the ZIP's claim; the read is bounded whatever it says.
        content = member.read(MAX_MEMBER_BYTES + 1)
    if len(content) > MAX_MEMBER_BYTES:
        raise _zip_too_large()
    return content


def _shapefile_crs(prj: bytes) -> CRS:
    try:
        crs = CRS.from_wkt(prj.decode("utf-8-sig", errors="replace").strip())
    except CRSError as error:
        raise GeometryRefused(MSG_UNREADABLE_PRJ, "unknown_crs") from error
    if not _is_accepted_crs(crs):
        raise GeometryRefused(MSG_UNKNOWN_CRS % {"crs": crs.name}, "unknown_crs")
    return crs


def _is_accepted_crs(crs: CRS) -> bool:
    geodetic = crs.geodetic_crs
    if geodetic is None or not (crs.is_geographic or crs.is_projected):
        return False
    # ESRI WKT (what ArcGIS and most Chinese GIS software write) rarely matches an EPSG code
    # with confidence, so the datum's name decides when the code does not.
    if geodetic.to_epsg() in ACCEPTED_EPSG:
        return True
    datum = geodetic.datum.name.lower().removeprefix("d_") if geodetic.datum else ""
    return re.sub(r"[^a-z0-9]", "", datum).startswith(ACCEPTED_DATUMS)


def _shapefile_table(parts: dict[str, bytes], positions: _Positions) -> list[tuple[Any, Any]]:
    """(shape, record) pairs; a deleted record is None, so shapes and records stay aligned."""
    # The .shx has a 100-byte header and 8 bytes per shape: the count is known before reading.
    if (len(parts[".shx"]) - 100) // 8 > positions.features:
        limit = {"limit": positions.features}
        raise GeometryRefused(MSG_TOO_MANY_FEATURES % limit, "too_many_features")
    shapes = _read_shapes(parts, positions)
    for encoding in _dbf_encodings(parts.get(".cpg")):
        table = _read_table(parts, encoding, shapes)
        if table is not None:
            return table
    raise GeometryRefused(MSG_INVALID_SHAPEFILE, "invalid_file")


def _reader(parts: dict[str, bytes], encoding: str | None = None) -> Any:
    """pyshp's reader of the shapes, or of the attribute table in ``encoding``."""
    if encoding is None:
        return shapefile.Reader(shp=io.BytesIO(parts[".shp"]), shx=io.BytesIO(parts[".shx"]))
    return shapefile.Reader(dbf=io.BytesIO(parts[".dbf"]), encoding=encoding)


def _read_shapes(parts: dict[str, bytes], positions: _Positions) -> list[Any]:
    """The shapes, their points counted one shape at a time (a .shp of a million points is
    refused at the shape that passes the limit, not after all are read)."""
    shapes = []
    try:
        for shape in _reader(parts).iterShapes():
            positions.take(len(shape.points))
            shapes.append(shape)
    except TooManyPositions:
        raise
    except SHAPEFILE_ERRORS as error:
        raise GeometryRefused(MSG_INVALID_SHAPEFILE, "invalid_file") from error
    return shapes


def _read_table(
    parts: dict[str, bytes], encoding: str, shapes: list[Any]
) -> list[tuple[Any, Any]] | None:
    """The table read with this encoding; None when pyshp cannot (undecodable or damaged)."""
    try:
        # Not iterShapeRecords: it drops deleted records and pairs the shapes after them wrongly.
        records = list(_reader(parts, encoding).iterRecords(deleted_as_None=True))
        return list(zip(shapes, records, strict=True))
    except SHAPEFILE_ERRORS:
        return None


def _dbf_encodings(cpg: bytes | None) -> list[str]:
    """The .cpg's encoding if it names one; else UTF-8, then GBK (Chinese GIS software's ANSI)."""
    named = _cpg_codec(cpg) if cpg else None
    return [named] if named else ["utf-8", "gbk"]


def _cpg_codec(cpg: bytes) -> str | None:
    text = cpg.decode("ascii", errors="ignore").strip()
    # ESRI writes code pages as numbers ("936", "ANSI 936"); 65001 is its name for UTF-8.
    number = re.fullmatch(r"(?:ANSI|CP|OEM)?\s*(\d+)", text, re.I)
    if number:
        text = "utf-8" if number[1] == "65001" else "cp" + number[1]
    try:
        info = codecs.lookup(text)
    except LookupError:
        return None
    # Only text encodings: "hex", "rot13" or "base64" would decode bytes into something else.
    return info.name if getattr(info, "_is_text_encoding", True) else None


def _shape_geometry(shape: Any, types: tuple[str, ...]) -> BaseGeometry | None:
    """The shapely geometry of a polygon or point shape of an allowed type, else None."""
    if shape.shapeType not in POLYGON_SHAPES | POINT_SHAPES:
        return None  # null shapes, lines, multipoints
    try:
        # pyshp groups rings into polygons by their orientation (clockwise outer rings).
        value = shape.__geo_interface__
        if value["type"] not in types:
            return None
        return shapely.geometry.shape(value)
    except (*SHAPEFILE_ERRORS, GEOSException) as error:
        raise GeometryRefused(MSG_INVALID_SHAPE, "invalid_geometry") from error


def _record_properties(record: Any) -> dict[str, object]:
    return {key: _attribute(value) for key, value in record.as_dict().items()}


def _attribute(value: object) -> object:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, date):
        return value.isoformat()
    return value


# GeoPackage (OGC 12-128r18): an SQLite database read in memory, never from disk


def _geopackage_features(
    data: bytes, types: tuple[str, ...], positions: _Positions
) -> Iterator[Feature]:
    """The features of the GeoPackage's one feature table, in WGS 84: its columns besides the
    geometry and the key are the properties. The database is opened in memory, read only, its
    schema untrusted (no function it declares runs) and every query bounded in steps."""
    with _geopackage_open(data) as database:
        table, column, crs = _geopackage_table(database)
        transformer = _geopackage_transformer(crs)
        rows = _geopackage_rows(database, table, column, positions)
    for position, (blob, properties) in enumerate(rows, start=1):
        with _feature_at(position):
            geometry = _geopackage_geometry(blob, types)
            if geometry is None:
                continue
            if transformer is not None:
                geometry = projected(geometry, transformer)
            geometry = shapely.force_2d(geometry)
            geometry_check(geometry)
            yield Feature(geometry, properties)


@contextmanager
def _geopackage_open(data: bytes) -> Iterator[sqlite3.Connection]:
    database = sqlite3.connect(":memory:")
    steps = [0]

    def bounded() -> int:
        steps[0] += 1000
        return 1 if steps[0] > GEOPACKAGE_MAX_STEPS else 0

    try:
        database.deserialize(data)
        database.execute("PRAGMA trusted_schema = OFF")
        database.execute("PRAGMA query_only = ON")
        database.set_progress_handler(bounded, 1000)
        yield database
    except (sqlite3.Error, OverflowError, MemoryError) as error:
        raise GeometryRefused(MSG_INVALID_GEOPACKAGE, "invalid_file") from error
    finally:
        database.close()


def _geopackage_table(database: sqlite3.Connection) -> tuple[str, str, CRS | None]:
    """The feature table (the first of ``gpkg_contents``), its geometry column and its
    coordinate system (None: WGS 84 or CGCS2000, read as they are)."""
    found = database.execute(
        "SELECT c.table_name, g.column_name, g.srs_id, s.definition "
        "FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name "
        "LEFT JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id "
        "WHERE c.data_type = 'features' ORDER BY c.table_name LIMIT 1"
    ).fetchone()
    if found is None:
        raise GeometryRefused(MSG_INVALID_GEOPACKAGE, "invalid_file")
    table, column, srs_id, definition = found
    real = database.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).fetchone()
    if real is None or not isinstance(column, str):
        raise GeometryRefused(MSG_INVALID_GEOPACKAGE, "invalid_file")
    if srs_id in ACCEPTED_EPSG:
        return str(table), column, None
    return str(table), column, _shapefile_crs(str(definition or "").encode())


def _geopackage_transformer(crs: CRS | None) -> Transformer | None:
    if crs is None:
        return None
    try:
        return Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    except ProjError:
        raise GeometryRefused(MSG_UNKNOWN_CRS % {"crs": crs.name}, "unknown_crs") from None


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _geopackage_rows(
    database: sqlite3.Connection, table: str, column: str, positions: _Positions
) -> list[tuple[bytes, dict[str, object]]]:
    """(geometry blob, properties) of each row, counted before any geometry is built: the
    rows against the features allowed, the blobs' bytes against the positions allowed."""
    (count,) = database.execute(f"SELECT COUNT(*) FROM {_quoted(table)}").fetchone()  # noqa: S608
    if count > positions.features:
        limit = {"limit": positions.features}
        raise GeometryRefused(MSG_TOO_MANY_FEATURES % limit, "too_many_features")
    cursor = database.execute(f"SELECT * FROM {_quoted(table)}")  # noqa: S608 (quoted name)
    names = [d[0] for d in cursor.description]
    keys = {row[1] for row in database.execute(f"PRAGMA table_info({_quoted(table)})") if row[5]}
    rows = []
    for values in cursor:
        record = dict(zip(names, values, strict=True))
        blob = record.pop(column, None)
        if not isinstance(blob, bytes):
            continue  # a feature without a place
        positions.take(len(blob) // WKB_POSITION_BYTES)
        properties = {k: _attribute(v) for k, v in record.items() if k not in keys}
        rows.append((blob, properties))
    return rows


# The envelope's size by the flags' indicator (bits 1-3): none, xy, xyz, xym, xyzm.
GEOPACKAGE_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def _geopackage_geometry(blob: bytes, types: tuple[str, ...]) -> BaseGeometry | None:
    """The geometry of a GeoPackage geometry blob (a header, then standard WKB); None for an
    empty one or one of a type not wanted."""
    if len(blob) < 8 or blob[:2] != b"GP":
        raise GeometryRefused(MSG_INVALID_SHAPE, "invalid_geometry")
    flags = blob[3]
    envelope = GEOPACKAGE_ENVELOPE_BYTES.get((flags >> 1) & 0x7)
    if envelope is None or flags & 0x20:  # an unknown envelope, an extension's geometry
        raise GeometryRefused(MSG_INVALID_SHAPE, "invalid_geometry")
    if flags & 0x10:
        return None  # empty
    try:
        geometry = shapely.from_wkb(blob[8 + envelope :])
    except (GEOSException, ValueError, TypeError) as error:
        raise GeometryRefused(MSG_INVALID_SHAPE, "invalid_geometry") from error
    if geometry is None or geometry.geom_type not in types:
        return None
    return geometry
