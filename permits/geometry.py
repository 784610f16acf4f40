"""The site geometry an applicant declares: a GeoJSON Polygon, MultiPolygon or Point in WGS 84.

The model field's validator, so the API, the web forms, the admin and the services all check
the same thing (``zones.geo``: structure, numeric positions, closed rings, a bounded size,
validity, inside China). Which types a kind needs is the service's concern: a tending design or
an occupation needs an area, an introduction may name a point.
"""

from django.core.exceptions import ValidationError

from zones.geo import MAX_POSITIONS, SITE_TYPES, GeometryRefused, geometry_from_geojson

__all__ = ["MAX_POSITIONS", "validate_site_geometry"]


def validate_site_geometry(value: object) -> None:
    """Raise ValidationError unless ``value`` is an acceptable site; None is checked by the
    field (null allowed in a draft)."""
    try:
        geometry_from_geojson(value, types=SITE_TYPES)
    except GeometryRefused as refused:
        raise ValidationError(refused.message, code=refused.code) from None
