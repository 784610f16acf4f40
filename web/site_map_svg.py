"""Where the site is, on the pages (product.md §15): the "site and zones" section of the
application and review pages, and the map the draft form draws on (``static/web/
site_map.js``).

The maps are ``zones.maps`` SVGs written on the server; ``map_svg`` escapes every label itself,
so its output is marked safe here and nowhere else.
"""

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import shapely
from django.db.models import Max, Min
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.messages import MSG_GRID_DESC, MSG_GRID_TITLE
from permits.choices import Kind, ProtectionClass, Status
from permits.models import Application
from permits.rules.zones import PROTECTION_ORDER
from permits.screening import overlaps_shown_to, screening_of
from permits.selectors import parcels_current
from permits.site_map_plan import DISTRICT_PADDING, context_plan, site_map_plan
from roles.models import District, Jurisdiction
from zones import maps
from zones.choices import ForestOrigin
from zones.geo import (
    JURISDICTION_EXTENT,
    SITE_TYPES,
    Bounds,
    GeometryRefused,
    geometry_from_geojson,
)
from zones.maps import MapPlan, map_svg
from zones.models import LayerKind, WelfareGrade, ZoneKind

MAP_WIDTH, MAP_HEIGHT = 640, 420
# Where a blank drawing grid is centred when the district's 小班 registry is not loaded.
DEFAULT_EXTENT = JURISDICTION_EXTENT["110000"]
GRID_MARGIN = 8.0
GRID_LINES = 6  # about this many grid lines across the longer side


def _label(choices: Any, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def _rank(protection_class: str) -> int:
    if protection_class in PROTECTION_ORDER:
        return PROTECTION_ORDER.index(protection_class)
    return 0


def svg_safe(svg: str) -> SafeString:
    # zones.maps escapes every name and label it writes, and writes no script or style.
    return mark_safe(svg)  # noqa: S308


# --------------------------------------------------------------------------- the page section


def site_section(application: Application, user: Any) -> dict[str, Any] | None:
    """What the application and review pages show of the site: the map, the area, the
    effective protection class against the declared one, the zones, the 小班 and the overlaps
    found, and the layer versions read. None without a screening (no site given yet)."""
    screening = screening_of(application)
    if screening is None:
        return None
    declared = screening.declared_protection_class
    effective = screening.effective_protection_class
    plan = site_map_plan(application, shown_to=user)
    return {
        "screening": screening,
        "map": svg_safe(map_svg(plan, width=MAP_WIDTH, height=MAP_HEIGHT)),
        # The land shared with other applications the reader is told of, for the page's map
        # (static/web/site_map.js): what the server-drawn map shows too.
        "overlap_features": {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "geometry": f.geometry, "properties": {"name": f.label}}
                for f in plan.features
                if f.layer == "overlap"
            ],
        },
        "declared": _label(ProtectionClass, declared) if declared else "",
        "effective": _label(ProtectionClass, effective),
        "stricter": _rank(effective) > _rank(declared),
        "zones": [
            {**zone, "kind_label": _label(ZoneKind, zone["kind"])} for zone in screening.zones
        ],
        "parcels": [
            {
                **parcel,
                "origin_label": _label(ForestOrigin, parcel["forest_origin"]),
                "grade_label": _label(WelfareGrade, parcel["welfare_grade"]),
            }
            for parcel in screening.parcels
        ],
        "overlaps": _overlap_rows(application, user),
        "layers": _layer_rows(screening.layer_versions),
    }


def _overlap_rows(application: Application, user: Any) -> list[dict[str, Any]]:
    """The active applications and permits sharing land with the site that ``user`` may be
    told of (``overlaps_shown_to``); linked only for a user who may open them."""
    return [
        {
            **row,
            "kind_label": _label(Kind, row["kind"]),
            "status_label": _label(Status, row["status"]),
        }
        for row in overlaps_shown_to(user, application)
    ]


def _layer_rows(versions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    districts = dict(
        District.objects.filter(
            pk__in={v["district"] for v in versions if v.get("district")}
        ).values_list("pk", "name")
    )
    jurisdictions = dict(
        Jurisdiction.objects.filter(pk__in={v["jurisdiction"] for v in versions}).values_list(
            "pk", "name"
        )
    )
    return [
        {
            **version,
            "kind_label": _label(LayerKind, version["kind"]),
            "scope": districts.get(version.get("district") or "")
            or jurisdictions.get(version["jurisdiction"], version["jurisdiction"]),
        }
        for version in versions
    ]


# --------------------------------------------------------------------------- the drawing map


# The map's frame in the SVG and the longitudes and latitudes it shows (zones.maps).
Frame = maps.MapFrame


@dataclass(frozen=True)
class Canvas:
    """What the draft form draws on: an SVG and where its frame lies."""

    svg: SafeString
    frame: Frame


def site_frame(plan: MapPlan, *, width: int = MAP_WIDTH, height: int = MAP_HEIGHT) -> Frame:
    """The frame of ``map_svg(plan)`` for a plan with a site (tests/web/test_site_pages.py
    checks it against a drawn SVG)."""
    return maps.map_frame(plan, width=width, height=height)


def drawing_canvas(
    application: Application | None,
    district: District | None,
    user: Any,
    *,
    site: dict[str, Any] | None = None,
    compartments: Iterable[str] = (),
) -> Canvas:
    """What the draft form draws on, never an empty grid where the registry or the zones have
    something to show (issue 26): the screened site's map as ``user`` may see it; else the site
    the form holds (not yet saved, e.g. taken from a 小班 page), the 小班 the form names, or
    the whole district, with the current registry and zones around it. A blank grid only where
    no layer has anything there."""
    screening = screening_of(application) if application is not None else None
    if screening is not None and (site is None or _same_site(site, screening.geometry)):
        plan = site_map_plan(application, shown_to=user)  # type: ignore[arg-type]
        if plan.site is not None:
            svg = map_svg(plan, width=MAP_WIDTH, height=MAP_HEIGHT)
            return Canvas(svg_safe(svg), site_frame(plan))
    if site is not None and site.get("type") in ("Polygon", "MultiPolygon", "Point"):
        bounds = shapely.geometry.shape(site).bounds
        plan = context_plan(bounds, site=site)
    else:
        named = _named_extent(district, compartments)
        if named is not None:
            plan = context_plan(named)
        else:
            plan = context_plan(district_extent(district), padding=DISTRICT_PADDING)
    if not plan.features and plan.site is None:
        return blank_grid(plan.view or DEFAULT_EXTENT)
    return Canvas(svg_safe(map_svg(plan, width=MAP_WIDTH, height=MAP_HEIGHT)), site_frame(plan))


def _same_site(site: dict[str, Any], screened: dict[str, Any]) -> bool:
    """Whether the form holds the site that was screened (the stored GeoJSON may be written
    differently: heights, integers)."""
    return bool(shapely.geometry.shape(site).equals(shapely.geometry.shape(screened)))


def form_canvas(
    form: Any, application: Application | None, user: Any, district: District | None = None
) -> Canvas:
    """``drawing_canvas`` for a draft form, bound or not: its district (else ``district``, else
    the application's), the 小班 it names and the site it holds (what was posted, else what it
    starts with)."""
    values = getattr(form, "cleaned_data", None) if form.is_bound else form.initial
    values = values or {}
    chosen = values.get("district")
    if chosen is not None and not isinstance(chosen, District):
        chosen = District.objects.filter(pk=chosen).first()
    district = chosen or district or (application.district if application else None)
    site = values.get("site_geometry")
    if isinstance(site, str):
        try:
            site = json.loads(site)
        except ValueError:
            site = None
    compartments = values.get("compartments") or []
    return drawing_canvas(
        application,
        district,
        user,
        site=_usable_site(site),
        compartments=[str(c) for c in compartments],
    )


def _usable_site(site: Any) -> dict[str, Any] | None:
    """The geometry if it is one the project accepts (else the map frames without it)."""
    if not isinstance(site, dict):
        return None
    try:
        geometry_from_geojson(site, types=SITE_TYPES)
    except GeometryRefused:
        return None
    return site


def _named_extent(district: District | None, compartments: Iterable[str]) -> Bounds | None:
    """The extent of the named 小班 in the district's current registry (None: none found)."""
    codes = [c for c in compartments if c]
    if district is None or not codes:
        return None
    box = (
        parcels_current(district=district)
        .filter(compartment__in=codes)
        .aggregate(
            west=Min("min_lon"), south=Min("min_lat"), east=Max("max_lon"), north=Max("max_lat")
        )
    )
    if None in box.values():
        return None
    return (box["west"], box["south"], box["east"], box["north"])


def district_extent(district: District | None) -> Bounds:
    """The extent of the district's 小班 in the current registry, else of its jurisdiction."""
    if district is None:
        return DEFAULT_EXTENT
    box = parcels_current(district=district).aggregate(
        west=Min("min_lon"), south=Min("min_lat"), east=Max("max_lon"), north=Max("max_lat")
    )
    if None in box.values():
        return JURISDICTION_EXTENT.get(district.jurisdiction_id, DEFAULT_EXTENT)
    return (box["west"], box["south"], box["east"], box["north"])


def _grid_step(span: float) -> float:
    """A round step (1, 2 or 5 × 10ⁿ degrees) giving about GRID_LINES lines over ``span``."""
    magnitude: float = 10 ** math.floor(math.log10(span / GRID_LINES))
    return next(s * magnitude for s in (1, 2, 5, 10) if span / (s * magnitude) <= GRID_LINES)


def _grid_frame(bounds: Bounds, width: float, height: float) -> Frame:
    west, south, east, north = bounds
    lon0, lat0 = (west + east) / 2, (south + north) / 2
    cos0 = math.cos(math.radians(lat0))
    box_w, box_h = width - 2 * GRID_MARGIN, height - 2 * GRID_MARGIN
    scale = min(box_w / max((east - west) * cos0, 1e-6), box_h / max(north - south, 1e-6))
    half_lon, half_lat = box_w / 2 / (scale * cos0), box_h / 2 / scale
    return Frame(
        GRID_MARGIN,
        GRID_MARGIN,
        width - GRID_MARGIN,
        height - GRID_MARGIN,
        lon0 - half_lon,
        lat0 - half_lat,
        lon0 + half_lon,
        lat0 + half_lat,
    )


def _grid_values(low: float, high: float, step: float) -> list[float]:
    first = math.ceil(low / step)
    return [n * step for n in range(first, math.floor(high / step) + 1)]


def blank_grid(bounds: Bounds, *, width: int = MAP_WIDTH, height: int = MAP_HEIGHT) -> Canvas:
    """An SVG of longitude and latitude lines over ``bounds`` (kept in proportion)."""
    frame = _grid_frame(bounds, float(width), float(height))
    step = _grid_step(max(frame.east - frame.west, frame.north - frame.south))
    digits = max(0, -math.floor(math.log10(step)))
    parts = [
        f'<rect x="{frame.x0:.1f}" y="{frame.y0:.1f}" width="{frame.x1 - frame.x0:.1f}" '
        f'height="{frame.y1 - frame.y0:.1f}" fill="#fafafa" stroke="#333333" stroke-width="1"/>'
    ]
    for lon in _grid_values(frame.west, frame.east, step):
        x = frame.x(lon)
        parts.append(_grid_line(x, frame.y0, x, frame.y1))
        parts.append(_grid_text(x + 3, frame.y1 - 4, f"{lon:.{digits}f}°E"))
    for lat in _grid_values(frame.south, frame.north, step):
        y = frame.y(lat)
        parts.append(_grid_line(frame.x0, y, frame.x1, y))
        parts.append(_grid_text(frame.x0 + 3, y - 3, f"{lat:.{digits}f}°N"))
    title = str(MSG_GRID_TITLE)
    desc = str(
        MSG_GRID_DESC
        % {
            "west": f"{frame.west:.3f}",
            "east": f"{frame.east:.3f}",
            "south": f"{frame.south:.3f}",
            "north": f"{frame.north:.3f}",
        }
    )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="grid-title grid-desc">'
        f'<title id="grid-title">{escape(title)}</title><desc id="grid-desc">{escape(desc)}</desc>'
        f"{''.join(parts)}</svg>"
    )
    return Canvas(svg_safe(svg), frame)


def _grid_line(x1: float, y1: float, x2: float, y2: float) -> str:
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
        'stroke="#b0bec5" stroke-width="0.75"/>'
    )


def _grid_text(x: float, y: float, text: str) -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="10" fill="#546e7a">{text}</text>'
