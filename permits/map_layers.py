"""What the web maps read (product.md §15, issue 45 item 3): the township and village
boundaries, the zones in force and the current 小班 registry within a view, as GeoJSON for
``static/web/site_map.js``, and the places a person searches for (a 林班 or 小班 number, a
township, a village, a zone's name).

Everything here is what the public already sees on the drawing map: the outlines, a zone's kind
and name, a 小班's number; never a holder, an application or a report. Every answer is bounded:
a view no larger than ``MAX_SPAN`` degrees, at most ``MAX_FEATURES`` features of each layer,
outlines simplified to what a screen shows, coordinates rounded.
"""

from dataclasses import dataclass
from typing import Any

import shapely
from django.db.models import Max, Min, Q
from django.utils import timezone

from plans.models import PlanTask
from zones.geo import MAP_VIEW_MAX_SPAN, Bounds, geojson
from zones.models import Boundary, LayerKind, Parcel, ProtectedZone, ZoneKind

from .site_map_plan import within

MAX_SPAN = MAP_VIEW_MAX_SPAN
MAX_FEATURES = 400
# Outlines simplified to about a pixel of a 1,000-pixel-wide view.
SIMPLIFY_SHARE = 1 / 1000
DECIMALS = 6
MAX_RESULTS = 10
MAX_QUERY = 40
# The places an annual plan's rows name (its 乡镇 and 村 columns).
PLAN_PLACE_KINDS = ("township", "village")


class ViewTooLarge(Exception):
    """The view asked for is larger than ``MAX_SPAN``: the map says to zoom in."""


def bounds_parse(text: str) -> Bounds | None:
    """``west,south,east,north`` in degrees as four finite numbers in order, else None."""
    parts = text.split(",")
    if len(parts) != 4 or len(text) > 100:
        return None
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        return None
    box = (west, south, east, north)
    if not all(abs(v) <= 180 for v in box) or not (west < east and south < north):
        return None
    if abs(south) > 90 or abs(north) > 90:
        return None
    return box


def _rounded(geometry: dict[str, Any]) -> dict[str, Any]:
    def walk(value: Any) -> Any:
        if isinstance(value, float):
            return round(value, DECIMALS)
        if isinstance(value, list | tuple):
            return [walk(v) for v in value]
        return value

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def _outline(geometry: dict[str, Any], tolerance: float) -> dict[str, Any]:
    shape = shapely.geometry.shape(geometry)
    simpler = shape.simplify(tolerance, preserve_topology=True)
    return _rounded(geojson(simpler if not simpler.is_empty else shape))


def layer_features_in(bounds: Bounds) -> dict[str, Any]:
    """The zones in force today and the current 小班 within ``bounds`` as a GeoJSON
    FeatureCollection (``layer``: zone or parcel; ``kind`` and ``name``); ``truncated`` when a
    layer had more than ``MAX_FEATURES`` there. ``ViewTooLarge`` over ``MAX_SPAN``."""
    west, south, east, north = bounds
    if east - west > MAX_SPAN or north - south > MAX_SPAN:
        raise ViewTooLarge
    tolerance = max(east - west, north - south) * SIMPLIFY_SHARE
    view = within(bounds)
    today = timezone.localdate()
    zones = ProtectedZone.objects.filter(layer__superseded_at__isnull=True, **view).filter(
        Q(effective_from__isnull=True) | Q(effective_from__lte=today),
        Q(effective_until__isnull=True) | Q(effective_until__gte=today),
    )
    zone_rows = list(
        zones.order_by("-area_ha", "pk").only("geometry", "kind", "name", "grade")[
            : MAX_FEATURES + 1
        ]
    )
    parcels = Parcel.objects.filter(layer__superseded_at__isnull=True, **view)
    parcel_rows = list(
        parcels.order_by("pk").only("geometry", "compartment", "forest_block")[: MAX_FEATURES + 1]
    )
    boundary_rows = list(
        Boundary.objects.filter(layer__superseded_at__isnull=True, **view)
        .order_by("-area_ha", "pk")
        .only("geometry", "kind", "name")[: MAX_FEATURES + 1]
    )
    layer_kinds = dict(LayerKind.choices)
    features = [
        _feature(
            b.geometry,
            tolerance,
            layer="boundary",
            kind=b.kind,
            name=b.name,
            label=str(layer_kinds[b.kind]),
        )
        for b in boundary_rows[:MAX_FEATURES]
    ]
    kinds = dict(ZoneKind.choices)
    features += [
        _feature(
            z.geometry, tolerance, layer="zone", kind=z.kind, name=z.name, label=str(kinds[z.kind])
        )
        for z in zone_rows[:MAX_FEATURES]
        if z.kind in kinds
    ]
    features += [
        _feature(p.geometry, tolerance, layer="parcel", kind="parcel", name=p.compartment, label="")
        for p in parcel_rows[:MAX_FEATURES]
    ]
    return {
        "type": "FeatureCollection",
        "features": features,
        "truncated": max(len(zone_rows), len(parcel_rows), len(boundary_rows)) > MAX_FEATURES,
    }


def _feature(geometry: dict[str, Any], tolerance: float, **properties: str) -> dict[str, Any]:
    return {"type": "Feature", "geometry": _outline(geometry, tolerance), "properties": properties}


@dataclass(frozen=True)
class Place:
    """A place found: what it is, its name and the extent to show."""

    kind: str
    name: str
    bounds: Bounds

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "name": self.name, "bounds": list(self.bounds)}


def _extent(parcels: Any) -> Bounds | None:
    box = parcels.aggregate(
        west=Min("min_lon"), south=Min("min_lat"), east=Max("max_lon"), north=Max("max_lat")
    )
    if None in box.values():
        return None
    return (box["west"], box["south"], box["east"], box["north"])


def places_search(query: str, *, district: str = "") -> list[Place]:
    """At most ``MAX_RESULTS`` places matching ``query``: a 小班 ("12-3") or a 林班 ("12") of
    the current registry, a township or a village by its boundary (else, of the current annual
    plans, as the extent of their 小班), a zone by its name. ``district`` (a code) limits the
    search to that district (issue 45: the applicant's district on the application form): its
    小班, plans and boundaries, and a boundary or zone of no district that reaches the extent
    of its 小班 registry (none where it has no registry)."""
    text = query.strip()[:MAX_QUERY]
    if not text:
        return []
    parcels = Parcel.objects.filter(layer__superseded_at__isnull=True)
    reach: Q | None = None
    if district:
        parcels = parcels.filter(district_id=district)
        reach = _in_district(district, _extent(parcels))
    found = _parcels_found(parcels, text)
    found += _boundaries_found(text, reach)
    named = {(place.kind, place.name) for place in found}
    found += [p for p in _plan_places(parcels, text, district) if (p.kind, p.name) not in named]
    if len(found) < MAX_RESULTS:
        found += _zones_found(text, reach)
    return found[:MAX_RESULTS]


def _in_district(district: str, extent: Bounds | None) -> Q:
    """A boundary's or zone's row of ``district``, or of no district whose extent reaches
    ``extent`` (the district's 小班): a district has no outline of its own."""
    if extent is None:
        return Q(district_id=district)
    west, south, east, north = extent
    reaches = Q(max_lon__gte=west, min_lon__lte=east, max_lat__gte=south, min_lat__lte=north)
    return Q(district_id=district) | (Q(district__isnull=True) & reaches)


def _parcels_found(parcels: Any, text: str) -> list[Place]:
    code = text.replace("林班", "-").replace("小班", "").replace(" ", "").strip("-")
    places = [
        Place("parcel", p.compartment, (p.min_lon, p.min_lat, p.max_lon, p.max_lat))
        for p in parcels.filter(compartment=code).only(
            "compartment", "min_lon", "min_lat", "max_lon", "max_lat"
        )[:MAX_RESULTS]
    ]
    if "-" not in code:
        extent = _extent(parcels.filter(forest_block=code))
        if extent is not None:
            places.append(Place("forest_block", code, extent))
    return places


def _boundaries_found(text: str, reach: Q | None) -> list[Place]:
    boundaries = Boundary.objects.filter(layer__superseded_at__isnull=True, name__icontains=text)
    if reach is not None:
        boundaries = boundaries.filter(reach)
    return [
        Place(b.kind, b.name, (b.min_lon, b.min_lat, b.max_lon, b.max_lat))
        for b in boundaries.order_by("kind", "name", "pk").only(
            "kind", "name", "min_lon", "min_lat", "max_lon", "max_lat"
        )[:MAX_RESULTS]
    ]


def _plan_places(parcels: Any, text: str, district: str) -> list[Place]:
    """The townships and villages of the current plans named like ``text``, each as the extent
    of its 小班: four queries, whatever the number of places."""
    tasks = PlanTask.objects.filter(plan__superseded_at__isnull=True)
    if district:
        tasks = tasks.filter(district_id=district)
    wanted = [(kind, name) for kind in PLAN_PLACE_KINDS for name in _plan_names(tasks, kind, text)]
    if not wanted:
        return []
    codes: dict[tuple[str, str], list[str]] = {place: [] for place in wanted}
    named = Q()
    for kind in PLAN_PLACE_KINDS:
        named |= Q(**{f"{kind}__in": [name for k, name in wanted if k == kind]})
    for township, village, code in tasks.filter(named).values_list(
        "township", "village", "compartment"
    ):
        for place in (("township", township), ("village", village)):
            if place in codes and code not in codes[place] and len(codes[place]) < MAX_FEATURES:
                codes[place].append(code)
    boxes = _boxes(parcels, {code for found in codes.values() for code in found})
    places = []
    for (kind, name), found in codes.items():
        extent = _union([box for code in found for box in boxes.get(code, [])])
        if extent is not None:
            places.append(Place(kind, name, extent))
    return places


def _plan_names(tasks: Any, kind: str, text: str) -> list[str]:
    return list(
        tasks.filter(**{f"{kind}__icontains": text})
        .exclude(**{kind: ""})
        .values_list(kind, flat=True)
        .distinct()
        .order_by(kind)[:MAX_RESULTS]
    )


def _boxes(parcels: Any, codes: set[str]) -> dict[str, list[Bounds]]:
    """The bounding boxes of the 小班 of ``codes``, by code (one query)."""
    boxes: dict[str, list[Bounds]] = {}
    rows = parcels.filter(compartment__in=codes).values_list(
        "compartment", "min_lon", "min_lat", "max_lon", "max_lat"
    )
    for code, *box in rows:
        boxes.setdefault(code, []).append(tuple(box))
    return boxes


def _union(boxes: list[Bounds]) -> Bounds | None:
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _zones_found(text: str, reach: Q | None) -> list[Place]:
    today = timezone.localdate()
    zones = ProtectedZone.objects.filter(
        Q(effective_until__isnull=True) | Q(effective_until__gte=today),
        layer__superseded_at__isnull=True,
        name__icontains=text,
    )
    if reach is not None:
        zones = zones.filter(reach)
    return [
        Place("zone", z.name, (z.min_lon, z.min_lat, z.max_lon, z.max_lat))
        for z in zones.order_by("name", "pk").only(
            "name", "min_lon", "min_lat", "max_lon", "max_lat"
        )[:MAX_RESULTS]
    ]
