"""Where a report is: its place on the map (a point or an area inside the jurisdictions)
and the district whose agency receives it."""

import re

import shapely
from shapely.geometry.base import BaseGeometry

from core import jsonsafe
from core.errors import Problem
from core.messages import (
    MSG_DISTRICT_ELSEWHERE,
    MSG_DISTRICT_NOT_HERE,
    MSG_DISTRICT_PUBLIC,
    MSG_DISTRICT_UNKNOWN_PUBLIC,
    MSG_SITE,
    MSG_SITE_OUTSIDE,
    MSG_SITE_TOO_LARGE_PUBLIC,
    MSG_TOO_MANY_CORNERS,
)
from roles.models import District
from zones.geo import (
    JURISDICTION_EXTENT,
    SITE_TYPES,
    GeometryRefused,
    area_ha,
    geometry_from_geojson,
)
from zones.index import layer_index

from .agencies import report_districts

# A report names a place, not a region: an area larger than this is refused.
AREA_MAX_HA = 10_000
CORNERS_MAX = 500
# Counted on the raw text before it is parsed (parsing 50,000 corners costs seconds): each corner
# opens one "[", and so do the coordinates, each polygon and each ring (of at least 4 corners),
# so a place of at most CORNERS_MAX corners opens at most 1 + 1.5 x CORNERS_MAX.
BRACKETS_MAX = 1 + CORNERS_MAX * 3 // 2


def _geometry(value: object) -> tuple[BaseGeometry | None, list[Problem]]:
    if isinstance(value, str):
        if not value.strip():
            return None, [Problem("site_geometry", "required", str(MSG_SITE))]
        if value.count("[") > BRACKETS_MAX:
            return None, [Problem("site_geometry", "too_many_corners", str(MSG_TOO_MANY_CORNERS))]
        try:
            value = jsonsafe.loads(value)
        except ValueError:
            return None, [Problem("site_geometry", "invalid", str(MSG_SITE))]
    if not value:
        return None, [Problem("site_geometry", "required", str(MSG_SITE))]
    try:
        site = geometry_from_geojson(value, types=SITE_TYPES)
    except GeometryRefused as refused:
        return None, [Problem("site_geometry", refused.code, str(refused))]
    west, south, east, north = site.bounds
    inside = any(
        w <= west and s <= south and east <= e and north <= n
        for w, s, e, n in JURISDICTION_EXTENT.values()
    )
    if not inside:
        return None, [Problem("site_geometry", "outside", str(MSG_SITE_OUTSIDE))]
    if shapely.get_num_coordinates(site) > CORNERS_MAX:
        return None, [Problem("site_geometry", "too_many_corners", str(MSG_TOO_MANY_CORNERS))]
    if site.geom_type != "Point" and area_ha(site) > AREA_MAX_HA:
        return None, [Problem("site_geometry", "too_large", str(MSG_SITE_TOO_LARGE_PUBLIC))]
    return site, []


def _district(value: object, site: BaseGeometry | None) -> tuple[District | None, list[Problem]]:
    """The district named, else the one whose 小班 the site touches."""
    code = value.strip() if isinstance(value, str) else ""
    if not code and site is not None:
        hits = layer_index().parcel_hits(site)
        found = {hit.item.district for hit in hits}
        if len(found) == 1:
            code = found.pop()
    if not code:
        return None, [Problem("district", "required", str(MSG_DISTRICT_PUBLIC))]
    district = (
        report_districts().select_related("jurisdiction").filter(code=code[:6]).first()
        if re.fullmatch(r"[0-9]{6}", code)
        else None
    )
    if district is None:
        return None, [Problem("district", "invalid", str(MSG_DISTRICT_UNKNOWN_PUBLIC))]
    extent = JURISDICTION_EXTENT.get(district.jurisdiction_id)
    if site is not None and extent is not None:
        west, south, east, north = site.bounds
        w, s, e, n = extent
        if not (w <= west and s <= south and east <= e and north <= n):
            return None, [Problem("district", "elsewhere", str(MSG_DISTRICT_ELSEWHERE))]
    if site is not None:
        # The registry knows which district a 小班 is in: a place on another district's 小班
        # (and on none of this one's) is that district's (a report sent to the wrong agency
        # would show the reporter's contact to it).
        found = {hit.item.district for hit in layer_index().parcel_hits(site)}
        if found and district.code not in found:
            names = "、".join(
                District.objects.filter(code__in=found)
                .order_by("code")
                .values_list("name", flat=True)
            )
            message = str(MSG_DISTRICT_NOT_HERE).format(districts=names or "、".join(sorted(found)))
            return None, [Problem("district", "elsewhere", message)]
    return district, []
