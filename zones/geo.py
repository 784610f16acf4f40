"""Geometry as the project accepts it: GeoJSON in WGS 84, inside China, valid, bounded in size.

One checker for every door that brings a geometry in: a site typed into the API or a form, a
site uploaded as a file, a zone layer or a 小班 registry imported by an administrator. Errors
are ``GeometryRefused`` with a machine code; callers turn them into field-level errors.
Areas are computed in an equal-area projection (metres), never in degrees.
"""

import json
import math
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

from core.errors import Refused
from core.messages import (
    MSG_EMPTY,
    MSG_GEOMETRY,
    MSG_INVALID_POLYGON,
    MSG_OUTSIDE_CHINA,
    MSG_POSITION,
    MSG_RING_OPEN,
    MSG_RING_SHORT,
    MSG_SITE_GEOMETRY,
    MSG_TOO_MANY,
)

POLYGONAL = ("Polygon", "MultiPolygon")
Bounds = tuple[float, float, float, float]  # west, south, east, north (degrees)
# A map's view wider or taller than this (degrees, ~50 km) asks to zoom in: a district at most
# (the layers the maps load, permits.map_layers; the zone list's map opens within it).
MAP_VIEW_MAX_SPAN = 0.5
# Each jurisdiction's extent: where a drawing grid is centred, and where a report from the
# public may lie (public.reports).
JURISDICTION_EXTENT: dict[str, Bounds] = {
    "110000": (115.42, 39.44, 117.51, 41.06),  # 北京市
    "120000": (116.70, 38.55, 118.06, 40.25),  # 天津市
}
SITE_TYPES = (*POLYGONAL, "Point")
# A site drawn by hand or exported from a survey has hundreds of vertices; a zone polygon from a
# provincial layer may have tens of thousands. Beyond this, the input is refused, not simplified.
MAX_POSITIONS = 50_000
# China's extent with a margin (lon 73.5–135.1 E, lat 3.8–53.6 N): a coordinate outside it is a
# swapped pair, a projected coordinate read as degrees, or a site that is not ours.
CHINA_BOUNDS = (73.0, 3.0, 136.0, 54.0)
HECTARE = 10_000.0


class GeometryRefused(Refused):
    """A geometry the project does not accept; ``code`` is the API's machine code."""

    def __init__(self, message: Any, code: str) -> None:
        super().__init__(code, message)


def _is_number(value: object) -> bool:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer too large for a float
        return False


def _check_position(position: object) -> None:
    if not (isinstance(position, list) and len(position) in (2, 3)):
        raise GeometryRefused(MSG_POSITION, "invalid_position")
    if not all(_is_number(v) for v in position):
        raise GeometryRefused(MSG_POSITION, "invalid_position")
    lon, lat = position[0], position[1]
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise GeometryRefused(MSG_POSITION, "coordinate_out_of_range")


def _check_ring(ring: object) -> int:
    if not isinstance(ring, list):
        raise GeometryRefused(MSG_GEOMETRY, "invalid_geometry")
    if len(ring) < 4:
        raise GeometryRefused(MSG_RING_SHORT, "ring_too_short")
    if len(ring) > MAX_POSITIONS:
        raise GeometryRefused(MSG_TOO_MANY % {"limit": MAX_POSITIONS}, "too_many_positions")
    for position in ring:
        _check_position(position)
    if ring[0][:2] != ring[-1][:2]:
        raise GeometryRefused(MSG_RING_OPEN, "ring_not_closed")
    return len(ring)


def _polygons(value: dict[str, Any]) -> list[Any]:
    coordinates = value["coordinates"]
    polygons = [coordinates] if value["type"] == "Polygon" else coordinates
    if not polygons or not all(isinstance(p, list) and p for p in polygons):
        raise GeometryRefused(MSG_GEOMETRY, "invalid_geometry")
    return polygons


def _check_structure(value: dict[str, Any]) -> None:
    if value["type"] == "Point":
        _check_position(value["coordinates"])
        return
    positions = 0
    for polygon in _polygons(value):
        for ring in polygon:
            positions += _check_ring(ring)
            if positions > MAX_POSITIONS:
                raise GeometryRefused(MSG_TOO_MANY % {"limit": MAX_POSITIONS}, "too_many_positions")


def geometry_from_geojson(value: object, *, types: Iterable[str] = POLYGONAL) -> BaseGeometry:
    """The shapely geometry of a GeoJSON geometry object, after every check of ``geometry_check``.

    Raises ``GeometryRefused`` naming what is wrong: structure, positions, ring closure, size,
    validity (self-intersection), extent.
    """
    types = tuple(types)
    message = MSG_SITE_GEOMETRY if "Point" in types else MSG_GEOMETRY
    if not (
        isinstance(value, dict)
        and set(value) == {"type", "coordinates"}
        and value["type"] in types
        and isinstance(value["coordinates"], list)
    ):
        raise GeometryRefused(message, "invalid_geometry")
    _check_structure(value)
    try:
        geometry = shapely.geometry.shape(_flat(value))
    except (ValueError, TypeError, shapely.errors.ShapelyError):
        raise GeometryRefused(message, "invalid_geometry") from None
    geometry_check(geometry)
    return geometry


def _flat(value: dict[str, Any]) -> dict[str, Any]:
    """The geometry in two dimensions: a height is allowed, but not always present, and GEOS
    refuses a ring that mixes both."""
    return {"type": value["type"], "coordinates": _two_d(value["coordinates"])}


def _two_d(coordinates: Any) -> Any:
    if coordinates and _is_number(coordinates[0]):
        return [float(coordinates[0]), float(coordinates[1])]
    return [_two_d(c) for c in coordinates]


def geometry_check(geometry: BaseGeometry) -> None:
    """Refuse an empty, oversized, invalid or out-of-China geometry (already in WGS 84)."""
    if geometry.is_empty:
        raise GeometryRefused(MSG_EMPTY, "empty_geometry")
    if shapely.get_num_coordinates(geometry) > MAX_POSITIONS:
        raise GeometryRefused(MSG_TOO_MANY % {"limit": MAX_POSITIONS}, "too_many_positions")
    if not geometry.is_valid:
        reason = shapely.is_valid_reason(geometry)
        raise GeometryRefused(MSG_INVALID_POLYGON % {"reason": reason}, "invalid_polygon")
    min_lon, min_lat, max_lon, max_lat = geometry.bounds
    west, south, east, north = CHINA_BOUNDS
    if min_lon < west or max_lon > east or min_lat < south or max_lat > north:
        raise GeometryRefused(MSG_OUTSIDE_CHINA, "outside_china")


def geojson(geometry: BaseGeometry) -> dict[str, Any]:
    """The GeoJSON geometry object of a shapely geometry (plain lists, as stored in JSON)."""
    mapping = shapely.geometry.mapping(geometry)
    return {"type": mapping["type"], "coordinates": _lists(mapping["coordinates"])}


def point_from_geojson(value: object) -> dict[str, Any] | None:
    """A device's position as stored: a GeoJSON point, or its text (a multipart form's field);
    None when none is given. Raises ``GeometryRefused``, ``ValueError`` or ``RecursionError``
    on anything else (NaN and Infinity are no coordinates)."""
    if value in (None, ""):
        return None
    if isinstance(value, str):
        value = json.loads(value[:1000], parse_constant=_no_constant)
    return geojson(geometry_from_geojson(value, types=("Point",)))


def _no_constant(name: str) -> None:
    raise ValueError(name)


def _lists(value: Any) -> Any:
    if isinstance(value, list | tuple):
        if value and all(isinstance(v, int | float) for v in value):
            return [float(v) for v in value]
        return [_lists(v) for v in value]
    return value


@lru_cache(maxsize=256)
def _equal_area(lon: float, lat: float) -> Transformer:
    return Transformer.from_crs(
        "EPSG:4326",
        f"+proj=laea +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m +no_defs",
        always_xy=True,
    )


def area_transformer(geometry: BaseGeometry) -> Transformer:
    """WGS 84 → a Lambert azimuthal equal-area projection centred near the geometry (metres).

    Equal-area: an area measured in it is the area on the ellipsoid wherever the geometry lies
    (UTM, conformal, is off by up to a few per mille away from its central meridian). The centre
    is rounded to a tenth of a degree so that nearby geometries share one transformer, and so
    one site and the zones it is measured against share it too."""
    min_lon, min_lat, max_lon, max_lat = geometry.bounds
    lon, lat = (min_lon + max_lon) / 2, (min_lat + max_lat) / 2
    return _equal_area(round(lon, 1), round(lat, 1))


def projected(geometry: BaseGeometry, transformer: Transformer) -> BaseGeometry:
    return shapely.transform(geometry, lambda xy: _stack(transformer.transform(xy[:, 0], xy[:, 1])))


def _stack(xy: tuple[Any, Any]) -> Any:
    return np.column_stack(xy)


def area_ha(geometry: BaseGeometry, transformer: Transformer | None = None) -> float:
    """The area in hectares, computed in an equal-area projection (``area_transformer``; 0 for
    points and lines). Every area the project shows (the site's, each zone's and 小班's share,
    each overlap) is this one function's."""
    if geometry.is_empty or geometry.geom_type not in POLYGONAL + ("GeometryCollection",):
        return 0.0
    return projected(geometry, transformer or area_transformer(geometry)).area / HECTARE
