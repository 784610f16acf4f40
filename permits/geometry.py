"""The site geometry an applicant declares: a GeoJSON Polygon or MultiPolygon in WGS 84.

One validator, on the model field, so the API, the web forms, the admin and the services all
check the same thing: structure, numeric coordinates in range, closed rings of at least four
positions, a bounded size, and a valid polygon (no self-intersection; shapely/GEOS decides).
"""

import math

import shapely
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

GEOMETRY_TYPES = ("Polygon", "MultiPolygon")
# A site drawn by hand or exported from a survey has hundreds of vertices, not tens of thousands.
MAX_POSITIONS = 10_000

MSG_GEOMETRY = _("Expected a GeoJSON Polygon or MultiPolygon geometry object, or null.")
MSG_POSITION = _(
    "Each position must be [longitude, latitude] in WGS 84 degrees: longitude −180…180, "
    "latitude −90…90, numbers only."
)
MSG_RING_SHORT = _("Each ring needs at least 4 positions.")
MSG_RING_OPEN = _("Each ring must end at the position it starts from (a closed ring).")
MSG_TOO_MANY = _("The geometry has more than %(limit)s positions.")
MSG_INVALID_POLYGON = _("The polygon is not valid (%(reason)s).")


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _check_position(position: object) -> None:
    if not (isinstance(position, list) and len(position) in (2, 3)):
        raise ValidationError(MSG_POSITION, code="invalid_position")
    if not all(_is_number(v) for v in position):
        raise ValidationError(MSG_POSITION, code="invalid_position")
    lon, lat = position[0], position[1]
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ValidationError(MSG_POSITION, code="coordinate_out_of_range")


def _check_ring(ring: object) -> int:
    if not isinstance(ring, list):
        raise ValidationError(MSG_GEOMETRY, code="invalid_geometry")
    if len(ring) < 4:
        raise ValidationError(MSG_RING_SHORT, code="ring_too_short")
    if len(ring) > MAX_POSITIONS:
        raise ValidationError(MSG_TOO_MANY % {"limit": MAX_POSITIONS}, code="too_many_positions")
    for position in ring:
        _check_position(position)
    if ring[0][:2] != ring[-1][:2]:
        raise ValidationError(MSG_RING_OPEN, code="ring_not_closed")
    return len(ring)


def _polygons(value: dict) -> list:
    coordinates = value["coordinates"]
    polygons = [coordinates] if value["type"] == "Polygon" else coordinates
    if not polygons or not all(isinstance(p, list) and p for p in polygons):
        raise ValidationError(MSG_GEOMETRY, code="invalid_geometry")
    return polygons


def validate_site_geometry(value: object) -> None:
    """Raise ValidationError unless ``value`` is a valid (Multi)Polygon; None is checked by the
    field (null allowed in a draft)."""
    if not (
        isinstance(value, dict)
        and set(value) == {"type", "coordinates"}
        and value["type"] in GEOMETRY_TYPES
        and isinstance(value["coordinates"], list)
    ):
        raise ValidationError(MSG_GEOMETRY, code="invalid_geometry")
    positions = 0
    for polygon in _polygons(value):
        for ring in polygon:
            positions += _check_ring(ring)
            if positions > MAX_POSITIONS:
                raise ValidationError(
                    MSG_TOO_MANY % {"limit": MAX_POSITIONS}, code="too_many_positions"
                )
    geometry = shapely.geometry.shape(value)
    if not geometry.is_valid:
        reason = shapely.is_valid_reason(geometry)
        raise ValidationError(MSG_INVALID_POLYGON % {"reason": reason}, code="invalid_polygon")
