"""Maps of a site against protected zones, 小班 parcels and other applications, drawn here.

No tile server and no script: web pages embed an SVG written on the server (under a strict
Content-Security-Policy, so presentation attributes only, never ``style=``), and the PDF
certificate draws the same map as ReportLab vector graphics. Both outputs render one ``_Scene``,
a list of painted areas, markers and texts in drawing units with y pointing down, so the two
cannot drift apart.

Callers pass only the features near the site (the spatial index in ``zones.index`` answers
that). Each feature is clipped to the view in degrees before it is projected and simplified to
half a drawing unit, so a provincial zone of 40,000 vertices costs a few hundred points, and a
site with ~50 features renders in a few milliseconds.

Labels and legend entries are translated when a map is rendered, in the active language.
"""

import contextlib
import hashlib
import html
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt
import shapely
from django.utils.translation import gettext_lazy as _
from reportlab.graphics.shapes import Circle, Drawing, Path, Shape, String
from reportlab.lib.colors import HexColor

# The stubs lack the constant the runtime has (0: holes stay unpainted).
from reportlab.pdfgen.canvas import FILL_EVEN_ODD  # type: ignore[attr-defined]
from shapely.geometry.base import BaseGeometry

from core.messages import (
    MSG_ALSO_SHOWN,
    MSG_DEFAULT_TITLE,
    MSG_INTERSECTS,
    MSG_INTERSECTS_NOTHING,
    MSG_ITEM,
    MSG_KILOMETRES,
    MSG_LEGEND,
    MSG_METRES,
    MSG_NO_SITE,
    MSG_NORTH,
    MSG_SHOWN_WITHOUT_SITE,
    MSG_SITE_AREA,
    MSG_SITE_POINT,
)

from .geo import area_ha

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Points = npt.NDArray[np.float64]
Bounds = tuple[float, float, float, float]  # west, south, east, north (degrees)


FONT_FAMILY = '"Noto Sans CJK SC", "WenQuanYi Zen Hei", "Microsoft YaHei", sans-serif'
# The view is the site's extent padded by this fraction of its size on each side.
VIEW_PADDING = 0.6
POINT_HALF_SPAN_DEG = 0.01
# A site of a few square metres would otherwise be drawn at a scale bar of "1 m".
MIN_HALF_SPAN_DEG = 0.002
METRES_PER_DEGREE = 111_320.0
# Features are clipped this far (drawing units) outside the map frame, and the band outside
# the frame is painted over: the cut edges clip_by_rect makes are never seen as boundaries.
CLIP_MARGIN = 2.0
# A parcel drawn smaller than a square this many ems wide keeps its code to the tooltip.
MIN_LABEL_EMS = 2.5
TEXT_COLOUR = "#1a1a1a"
# The topology-preserving simplifier costs ~0.2 ms per geometry whatever its size; below this
# many positions it would save a few hundred bytes of SVG, not worth it on 50 小班 parcels.
SIMPLIFY_ABOVE = 256


@dataclass(frozen=True)
class Paint:
    """How a shape is painted: colours ``#rrggbb``; widths and dashes in drawing units."""

    fill: str | None = None
    fill_opacity: float = 1.0
    stroke: str | None = None
    stroke_width: float = 0.0
    dash: tuple[float, ...] = ()


@dataclass(frozen=True)
class LayerStyle:
    label: "StrOrPromise"
    paint: Paint


# Okabe–Ito-like hues where the meaning allows; each kind also has its own line (width or dash
# pattern), since colour alone must not carry meaning. Ordered as the legend lists them.
LAYER_STYLES: dict[str, LayerStyle] = {
    "site": LayerStyle(_("Site"), Paint("#000000", 0.15, "#000000", 2.5)),
    "reserve_core": LayerStyle(
        _("Nature-reserve core zone"), Paint("#7f0000", 0.35, "#7f0000", 1.2)
    ),
    "red_line": LayerStyle(
        _("Ecological red line"), Paint("#fb9a99", 0.25, "#e31a1c", 1.5, (8, 4))
    ),
    "key_zone": LayerStyle(
        _("Key protection zone"), Paint("#e69f00", 0.25, "#b86e00", 1.5, (8, 3, 2, 3))
    ),
    "basic_farmland": LayerStyle(
        _("Permanent basic farmland"), Paint("#d9b44a", 0.25, "#8c6d1f", 1.5, (2, 2))
    ),
    "water_source": LayerStyle(
        _("Water-source protection zone"),
        Paint("#56b4e9", 0.25, "#0072b2", 1.5, (8, 3, 2, 3, 2, 3)),
    ),
    "eco_control": LayerStyle(
        _("Ecological control area"), Paint("#009e73", 0.18, "#007a5a", 1.5, (14, 4))
    ),
    "forest_land_grade": LayerStyle(
        _("Forest land protection grade"), Paint("#cc79a7", 0.12, "#8e4b75", 1.0, (3, 3))
    ),
    "parcel": LayerStyle(_("Forest sub-compartment"), Paint(None, 1.0, "#707070", 0.6)),
    "overlap": LayerStyle(
        _("Other application or permit"), Paint("#cab2d6", 0.3, "#6a3d9a", 1.5, (4, 2))
    ),
}
# Wide, lenient areas first, the strictest zones over them, the site on top of everything.
DRAW_ORDER = (
    "forest_land_grade",
    "eco_control",
    "water_source",
    "basic_farmland",
    "key_zone",
    "red_line",
    "reserve_core",
    "parcel",
    "overlap",
    "site",
)
MAP_LAYERS = tuple(LAYER_STYLES)


@dataclass(frozen=True)
class MapFeature:
    geometry: dict[str, Any]  # GeoJSON geometry in WGS 84: Polygon, MultiPolygon or Point
    layer: str  # a key of LAYER_STYLES
    label: str  # a zone name, a compartment code ("12-3"), an application reference

    def __post_init__(self) -> None:
        if self.layer not in LAYER_STYLES:
            raise ValueError(f"Unknown map layer {self.layer!r}; expected one of {MAP_LAYERS}.")


@dataclass(frozen=True)
class MapPlan:
    site: MapFeature | None
    features: tuple[MapFeature, ...] = ()
    title: str = ""
    font_name: str = "Helvetica"  # ReportLab only; pass a registered CJK font for Chinese
    # What the map frames (west, south, east, north), padded by ``view_padding`` of its size on
    # each side: by default the site's extent, else the features'. The drawing map of a new
    # application frames its district or the 小班 it names before it has a site.
    view: Bounds | None = None
    view_padding: float = VIEW_PADDING


# --------------------------------------------------------------------------- the scene


@dataclass(frozen=True)
class _Area:
    rings: tuple[Points, ...]  # closed rings; holes are rings too, painted even-odd
    paint: Paint
    tooltip: str = ""


@dataclass(frozen=True)
class _Marker:
    x: float
    y: float
    radius: float
    paint: Paint
    tooltip: str = ""


@dataclass(frozen=True)
class _Text:
    x: float
    y: float  # the baseline
    text: str
    size: float
    anchor: Literal["start", "middle", "end"] = "start"
    colour: str = TEXT_COLOUR


_Item = _Area | _Marker | _Text


@dataclass(frozen=True)
class _Scene:
    width: float
    height: float
    em: float
    title: str
    desc: str
    items: tuple[_Item, ...]


@dataclass(frozen=True)
class _Box:
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def ring(self) -> Points:
        x0, y0, x1, y1 = self.x0, self.y0, self.x1, self.y1
        return np.array([(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)], dtype=np.float64)


def _rect(x: float, y: float, width: float, height: float) -> Points:
    return _Box(x, y, x + width, y + height).ring()


@dataclass(frozen=True)
class _Layout:
    width: float
    height: float
    em: float
    margin: float
    map: _Box
    legend: _Box


def _layout(width: float, height: float, titled: bool) -> _Layout:
    em = min(12.0, max(7.0, width / 58))
    margin = max(0.5 * em, 5.0)
    title_height = 1.9 * em if titled else 0.0
    legend_width = min(max(0.3 * width, 9 * em), 18 * em)
    top = margin + title_height
    map_box = _Box(margin, top, width - legend_width - margin, height - margin)
    legend = _Box(map_box.x1 + margin, top, width - margin, height - margin)
    return _Layout(width, height, em, margin, map_box, legend)


@dataclass(frozen=True)
class _View:
    """Local equirectangular projection: x = (lon - lon0)·cos(lat0), y = lat, scaled to fit."""

    lon0: float
    lat0: float
    cos0: float
    scale: float  # drawing units per degree of latitude
    cx: float
    cy: float

    def project(self, lonlat: Points) -> Points:
        x = self.cx + (lonlat[:, 0] - self.lon0) * self.cos0 * self.scale
        y = self.cy - (lonlat[:, 1] - self.lat0) * self.scale
        return np.column_stack((x, y))

    def point(self, geometry: BaseGeometry) -> tuple[float, float]:
        x, y = self.project(shapely.get_coordinates(geometry))[0]
        return float(x), float(y)

    def bounds(self, box: _Box, margin: float) -> Bounds:
        half_lon = (box.width / 2 + margin) / (self.scale * self.cos0)
        half_lat = (box.height / 2 + margin) / self.scale
        return (
            self.lon0 - half_lon,
            self.lat0 - half_lat,
            self.lon0 + half_lon,
            self.lat0 + half_lat,
        )

    def metres_per_unit(self) -> float:
        metres_per_degree_lon = METRES_PER_DEGREE * self.cos0
        return metres_per_degree_lon / (self.scale * self.cos0)


def _half_spans(bounds: Bounds, cos0: float, padding: float) -> tuple[float, float]:
    """Half the view's width and height in projected degrees, padding included."""
    west, south, east, north = bounds
    if west == east and south == north:
        return POINT_HALF_SPAN_DEG * cos0, POINT_HALF_SPAN_DEG
    half_x = (east - west) * (0.5 + padding) * cos0
    half_y = (north - south) * (0.5 + padding)
    return max(half_x, MIN_HALF_SPAN_DEG * cos0), max(half_y, MIN_HALF_SPAN_DEG)


def _fit(bounds: Bounds, box: _Box, padding: float = VIEW_PADDING) -> _View:
    west, south, east, north = bounds
    lon0, lat0 = (west + east) / 2, (south + north) / 2
    cos0 = math.cos(math.radians(lat0))
    half_x, half_y = _half_spans(bounds, cos0, padding)
    scale = min(box.width / 2 / half_x, box.height / 2 / half_y)
    return _View(lon0, lat0, cos0, scale, (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)


def _positions(ring: list[list[float]]) -> Points:
    try:
        return np.asarray(ring, dtype=np.float64)[:, :2]
    except ValueError:  # 2-D and 3-D positions mixed in one ring
        return np.array([position[:2] for position in ring], dtype=np.float64)


def _polygon(rings: list[list[list[float]]]) -> shapely.Polygon:
    if not rings:
        return shapely.Polygon()
    shell, *holes = (_positions(ring) for ring in rings)
    return shapely.Polygon(shell, holes)


def _geometry(feature: MapFeature) -> BaseGeometry:
    """The feature's geometry, checked on the way in by every door (zones.geo): drawn as stored.

    Rings go through numpy: shapely's ``shape`` walks a 40,000-vertex ring in Python, five
    times slower than the whole rest of a map.
    """
    kind, coordinates = feature.geometry["type"], feature.geometry["coordinates"]
    if kind == "Polygon":
        return _polygon(coordinates)
    if kind == "MultiPolygon":
        return shapely.MultiPolygon([_polygon(polygon) for polygon in coordinates])
    return shapely.geometry.shape(feature.geometry)


def _extent(geometries: Sequence[BaseGeometry]) -> Bounds | None:
    if not geometries:
        return None
    west, south, east, north = shapely.total_bounds(np.array(geometries, dtype=object))
    return float(west), float(south), float(east), float(north)


def _flat(geometry: BaseGeometry) -> list[BaseGeometry]:
    """Polygons and points; clip_by_rect may leave a collection with stray lines."""
    parts: list[BaseGeometry] = []
    for part in shapely.get_parts(geometry):
        if part.geom_type in ("Polygon", "Point"):
            parts.append(part)
        elif part.geom_type.startswith("Multi") or part.geom_type == "GeometryCollection":
            parts.extend(_flat(part))
    return parts


def _rings(polygons: Sequence[BaseGeometry], view: _View) -> tuple[Points, ...]:
    rings = shapely.get_rings(np.array(polygons, dtype=object))
    coordinates, index = shapely.get_coordinates(rings, return_index=True)
    splits = np.flatnonzero(np.diff(index)) + 1
    return tuple(np.split(view.project(coordinates), splits))


def _tooltip(feature: MapFeature) -> str:
    kind = str(LAYER_STYLES[feature.layer].label)
    return f"{kind}: {feature.label}" if feature.label else kind


def _marker_paint(paint: Paint) -> Paint:
    # A dot has no area to tint: it takes the layer's line colour, haloed to stand out.
    return Paint(paint.stroke or paint.fill, 0.9, "#ffffff", 1.5)


def _simplified(geometry: BaseGeometry, tolerance: float) -> BaseGeometry:
    """Within ``tolerance`` (here half a drawing unit, in degrees of latitude) of ``geometry``.

    Thinning out vertices closer than the tolerance first costs a tenth of a millisecond and
    spares the topology-preserving simplifier 95% of its work on a dense zone boundary; GEOS
    refuses it when a ring would collapse, and the simplifier then does it all.
    """
    if shapely.get_num_coordinates(geometry) <= SIMPLIFY_ABOVE:
        return geometry
    with contextlib.suppress(shapely.errors.GEOSException):
        geometry = shapely.remove_repeated_points(geometry, tolerance)
    return shapely.simplify(geometry, tolerance, preserve_topology=True)


def _feature_items(
    feature: MapFeature, clipped: BaseGeometry, view: _View, em: float
) -> list[_Item]:
    paint, tooltip = LAYER_STYLES[feature.layer].paint, _tooltip(feature)
    parts = _flat(_simplified(clipped, 0.5 / view.scale))
    polygons = [part for part in parts if part.geom_type == "Polygon"]
    items: list[_Item] = [_Area(_rings(polygons, view), paint, tooltip)] if polygons else []
    radius = (0.6 if feature.layer == "site" else 0.45) * em
    for point in (part for part in parts if part.geom_type == "Point"):
        items.append(_Marker(*view.point(point), radius, _marker_paint(paint), tooltip))
    return items


def _parcel_label(feature: MapFeature, clipped: BaseGeometry, view: _View, em: float) -> _Text:
    x, y = view.point(clipped.representative_point())
    return _Text(x, y + 0.3 * em, feature.label, 0.8 * em, "middle", "#404040")


def _labelled(feature: MapFeature, clipped: BaseGeometry, view: _View, em: float) -> bool:
    if feature.layer != "parcel" or not feature.label:
        return False
    area_units = clipped.area * view.cos0 * view.scale**2
    return bool(area_units >= (MIN_LABEL_EMS * em) ** 2)


@dataclass(frozen=True)
class _Clipped:
    feature: MapFeature
    geometry: BaseGeometry  # in degrees, clipped to the view, not simplified


def _clip(
    features: Iterable[tuple[MapFeature, BaseGeometry]], view_bounds: Bounds
) -> list[_Clipped]:
    clipped = (
        _Clipped(feature, shapely.clip_by_rect(geometry, *view_bounds))
        for feature, geometry in features
    )
    # A zone that only touches the view's edge clips to a line: nothing to draw or list.
    return [c for c in clipped if c.geometry.area > 0 or c.geometry.geom_type == "Point"]


def _in_draw_order(drawn: list[_Clipped]) -> list[_Clipped]:
    return sorted(drawn, key=lambda c: DRAW_ORDER.index(c.feature.layer))


def _map_items(drawn: list[_Clipped], view: _View, em: float) -> list[_Item]:
    items: list[_Item] = []
    for c in _in_draw_order(drawn):
        items.extend(_feature_items(c.feature, c.geometry, view, em))
    # Compartment codes go over every area so no fill hides them.
    items.extend(
        _parcel_label(c.feature, c.geometry, view, em)
        for c in drawn
        if _labelled(c.feature, c.geometry, view, em)
    )
    return items


# --------------------------------------------------------------------------- furniture


def _mask(layout: _Layout) -> _Area:
    """White everywhere outside the map frame, hiding what the clip margin lets through."""
    outer = _Box(0, 0, layout.width, layout.height).ring()
    return _Area((outer, layout.map.ring()), Paint("#ffffff"))


def _frame(layout: _Layout) -> _Area:
    return _Area((layout.map.ring(),), Paint(None, 1.0, "#333333", 0.75))


def _round_length(metres: float) -> float:
    """The largest 1, 2 or 5 × 10ⁿ metres not above ``metres``."""
    magnitude: float = 10 ** math.floor(math.log10(metres))
    return next(step * magnitude for step in (5, 2, 1) if step * magnitude <= metres)


def _length_label(metres: float) -> str:
    if metres >= 1000:
        return str(MSG_KILOMETRES % {"length": f"{metres / 1000:g}"})
    return str(MSG_METRES % {"length": f"{metres:g}"})


def _scale_bar(layout: _Layout, view: _View) -> list[_Item]:
    em, box = layout.em, layout.map
    metres_per_unit = view.metres_per_unit()
    metres = _round_length(metres_per_unit * box.width / 4)
    length, bar_height = metres / metres_per_unit, 0.4 * em
    x, y = box.x0 + em, box.y1 - em
    black, white = Paint("#000000"), Paint("#ffffff", 1.0, "#000000", 0.5)
    return [
        _Area(
            (_rect(x - 0.6 * em, y - 1.9 * em, length + 1.2 * em, 2.5 * em),), Paint("#ffffff", 0.8)
        ),
        _Area((_rect(x, y - bar_height, length / 2, bar_height),), black),
        _Area((_rect(x + length / 2, y - bar_height, length / 2, bar_height),), white),
        _Area((_rect(x, y - bar_height, length, bar_height),), Paint(None, 1.0, "#000000", 0.5)),
        _Text(x + length / 2, y - 0.8 * em, _length_label(metres), 0.85 * em, "middle"),
    ]


def _north_arrow(layout: _Layout) -> list[_Item]:
    em, box = layout.em, layout.map
    x, top = box.x1 - 1.5 * em, box.y0 + 0.5 * em
    arrow = np.array(
        [
            (x, top + 1.2 * em),
            (x + 0.55 * em, top + 2.9 * em),
            (x, top + 2.4 * em),
            (x - 0.55 * em, top + 2.9 * em),
            (x, top + 1.2 * em),
        ],
        dtype=np.float64,
    )
    return [
        _Marker(x, top + 1.7 * em, 1.3 * em, Paint("#ffffff", 0.8)),
        _Area((arrow,), Paint("#000000", 1.0, "#000000", 0.5)),
        _Text(x, top + 1.0 * em, str(MSG_NORTH), 0.9 * em, "middle"),
    ]


def _legend(layout: _Layout, layers: Iterable[str]) -> list[_Item]:
    em, box = layout.em, layout.legend
    items: list[_Item] = [_Text(box.x0, box.y0 + 1.1 * em, str(MSG_LEGEND), em)]
    for row, layer in enumerate(layers):
        style, y = LAYER_STYLES[layer], box.y0 + 2.8 * em + row * 1.7 * em
        items.append(_Area((_rect(box.x0, y - 0.9 * em, 2 * em, em),), style.paint))
        items.append(_Text(box.x0 + 2.6 * em, y, str(style.label), 0.9 * em))
    return items


def _title(layout: _Layout, title: str) -> list[_Item]:
    if not title:
        return []
    return [_Text(layout.margin, layout.margin + 1.2 * layout.em, title, 1.15 * layout.em)]


# --------------------------------------------------------------------------- description


def _item_phrase(feature: MapFeature) -> str:
    kind = LAYER_STYLES[feature.layer].label
    return str(MSG_ITEM % {"kind": kind, "name": feature.label})


def _overlaps(site: BaseGeometry, geometry: BaseGeometry) -> bool:
    # Sharing only a boundary is not being inside a zone.
    return bool(shapely.intersects(site, geometry) and not shapely.touches(site, geometry))


def _site_sentence(site: BaseGeometry) -> str:
    if site.geom_type == "Point":
        return str(
            MSG_SITE_POINT
            % {"lon": f"{shapely.get_x(site):.5f}", "lat": f"{shapely.get_y(site):.5f}"}
        )
    return str(MSG_SITE_AREA % {"area": f"{area_ha(site):.2f}"})


def _description(site: BaseGeometry | None, others: list[_Clipped]) -> str:
    if site is None:
        items = "; ".join(_item_phrase(c.feature) for c in others)
        return str(MSG_SHOWN_WITHOUT_SITE % {"items": items})
    touching = [c.feature for c in others if _overlaps(site, c.geometry)]
    sentences = [_site_sentence(site)]
    if touching:
        items = "; ".join(_item_phrase(f) for f in touching)
        sentences.append(str(MSG_INTERSECTS % {"items": items}))
    else:
        sentences.append(str(MSG_INTERSECTS_NOTHING))
    if len(others) > len(touching):
        sentences.append(str(MSG_ALSO_SHOWN % {"count": len(others) - len(touching)}))
    return " ".join(sentences)


# --------------------------------------------------------------------------- building


def _empty_scene(layout: _Layout, plan: MapPlan, title: str) -> _Scene:
    box, em = layout.map, layout.em
    message = _Text(
        (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2, str(MSG_NO_SITE), 1.1 * em, "middle"
    )
    items = [_frame(layout), message, *_title(layout, plan.title)]
    return _Scene(layout.width, layout.height, em, title, str(MSG_NO_SITE), tuple(items))


_Parsed = tuple[MapFeature, BaseGeometry]


def _parsed(plan: MapPlan) -> tuple[_Parsed | None, list[_Parsed]]:
    """The site and the features with their geometries, leaving out empty ones."""
    site = (plan.site, _geometry(plan.site)) if plan.site is not None else None
    features = [(feature, _geometry(feature)) for feature in plan.features]
    features = [(feature, geometry) for feature, geometry in features if not geometry.is_empty]
    return (None if site is None or site[1].is_empty else site), features


def _furniture(layout: _Layout, view: _View, drawn: list[_Clipped], title: str) -> list[_Item]:
    layers = [layer for layer in MAP_LAYERS if any(c.feature.layer == layer for c in drawn)]
    return [
        _mask(layout),
        _frame(layout),
        *_scale_bar(layout, view),
        *_north_arrow(layout),
        *_legend(layout, layers),
        *_title(layout, title),
    ]


def _scene(plan: MapPlan, width: float, height: float) -> _Scene:
    layout = _layout(width, height, bool(plan.title))
    title = plan.title or str(MSG_DEFAULT_TITLE)
    site, features = _parsed(plan)
    extent = plan.view or _extent([site[1]] if site else [geometry for _, geometry in features])
    if extent is None:
        return _empty_scene(layout, plan, title)
    view = _fit(extent, layout.map, plan.view_padding)
    view_bounds = view.bounds(layout.map, CLIP_MARGIN)
    others = _clip(features, view_bounds)
    drawn = others + _clip([site] if site else [], view_bounds)
    items = [
        _Area((_Box(0, 0, width, height).ring(),), Paint("#ffffff")),
        *_map_items(drawn, view, layout.em),
        *_furniture(layout, view, drawn, plan.title),
    ]
    desc = _description(site[1] if site else None, others)
    return _Scene(width, height, layout.em, title, desc, tuple(items))


# --------------------------------------------------------------------------- SVG

# Characters XML 1.0 forbids even escaped; a name pasted from elsewhere may carry them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(value: str) -> str:
    """Text safe in XML content and in a double-quoted attribute."""
    return html.escape(_NOT_XML.sub("", value), quote=True)


def _attrs(values: dict[str, str]) -> str:
    return "".join(f' {name}="{_xml(value)}"' for name, value in values.items())


def _svg_paint(paint: Paint) -> dict[str, str]:
    values = {"fill": paint.fill or "none"}
    if paint.fill and paint.fill_opacity < 1:
        values["fill-opacity"] = f"{paint.fill_opacity:g}"
    values["stroke"] = paint.stroke or "none"
    if paint.stroke:
        values["stroke-width"] = f"{paint.stroke_width:g}"
        values["stroke-linejoin"] = "round"
    if paint.dash:
        values["stroke-dasharray"] = " ".join(f"{d:g}" for d in paint.dash)
    return values


def _svg_ring(ring: Points) -> str:
    # The last position repeats the first: "Z" closes the ring instead.
    pairs = [f"{x:.1f},{y:.1f}" for x, y in ring[:-1].tolist()]
    return f"M{pairs[0]}L{' '.join(pairs[1:])}Z"


def _svg_element(name: str, values: dict[str, str], tooltip: str) -> str:
    if not tooltip:
        return f"<{name}{_attrs(values)}/>"
    return f"<{name}{_attrs(values)}><title>{_xml(tooltip)}</title></{name}>"


def _svg_item(item: _Item) -> str:
    match item:
        case _Area(rings=rings, paint=paint, tooltip=tooltip):
            d = "".join(_svg_ring(ring) for ring in rings)
            values = {"d": d, "fill-rule": "evenodd", **_svg_paint(paint)}
            return _svg_element("path", values, tooltip)
        case _Marker(x=x, y=y, radius=radius, paint=paint, tooltip=tooltip):
            centre = {"cx": f"{x:.1f}", "cy": f"{y:.1f}", "r": f"{radius:.1f}"}
            return _svg_element("circle", {**centre, **_svg_paint(paint)}, tooltip)
        case _Text():
            return _svg_text(item)
    raise TypeError(item)


def _svg_text(text: _Text) -> str:
    values = {
        "x": f"{text.x:.1f}",
        "y": f"{text.y:.1f}",
        "font-size": f"{text.size:.1f}",
        "text-anchor": text.anchor,
        "fill": text.colour,
    }
    return f"<text{_attrs(values)}>{_xml(text.text)}</text>"


def _svg_id(scene: _Scene) -> str:
    # Deterministic, and distinct for two different maps on one page.
    digest = hashlib.blake2b(f"{scene.title}\n{scene.desc}".encode(), digest_size=4)
    return f"map-{digest.hexdigest()}"


@dataclass(frozen=True)
class MapFrame:
    """Where the map area of a drawing lies (drawing units, y down) and what it shows
    (degrees): what a script needs to turn a click into a longitude and latitude."""

    x0: float
    y0: float
    x1: float
    y1: float
    west: float
    south: float
    east: float
    north: float

    def x(self, lon: float) -> float:
        return self.x0 + (lon - self.west) / (self.east - self.west) * (self.x1 - self.x0)

    def y(self, lat: float) -> float:
        return self.y0 + (self.north - lat) / (self.north - self.south) * (self.y1 - self.y0)


def map_frame(plan: MapPlan, *, width: int = 640, height: int = 420) -> MapFrame:
    """The frame of ``map_svg(plan, width=, height=)``; the plan must have a site or a view."""
    if plan.view is not None:
        extent = plan.view
    elif plan.site is not None:
        extent = shapely.geometry.shape(plan.site.geometry).bounds
    else:
        raise ValueError("a map frame needs a site or a view")
    layout = _layout(float(width), float(height), bool(plan.title))
    view = _fit(extent, layout.map, plan.view_padding)
    west, south, east, north = view.bounds(layout.map, 0.0)
    box = layout.map
    return MapFrame(box.x0, box.y0, box.x1, box.y1, west, south, east, north)


def map_svg(plan: MapPlan, *, width: int = 640, height: int = 420) -> str:
    """The map as a self-contained inline SVG: no script, no external reference, no style."""
    scene = _scene(plan, float(width), float(height))
    ident = _svg_id(scene)
    root = {
        "xmlns": "http://www.w3.org/2000/svg",
        "width": str(width),
        "height": str(height),
        "viewBox": f"0 0 {width} {height}",
        "role": "img",
        "aria-labelledby": f"{ident}-title {ident}-desc",
        "font-family": FONT_FAMILY,
        "font-size": f"{scene.em:.1f}",
    }
    return "".join(
        [
            f"<svg{_attrs(root)}>",
            f'<title id="{ident}-title">{_xml(scene.title)}</title>',
            f'<desc id="{ident}-desc">{_xml(scene.desc)}</desc>',
            *(_svg_item(item) for item in scene.items),
            "</svg>",
        ]
    )


# --------------------------------------------------------------------------- ReportLab


def _rl_paint(paint: Paint) -> dict[str, Any]:
    return {
        "fillColor": HexColor(paint.fill) if paint.fill else None,
        "fillOpacity": paint.fill_opacity,
        "strokeColor": HexColor(paint.stroke) if paint.stroke else None,
        "strokeWidth": paint.stroke_width,
        "strokeDashArray": list(paint.dash) or None,
        "strokeLineJoin": 1,  # round
    }


def _rl_area(area: _Area, height: float) -> Path:
    path = Path(fillMode=FILL_EVEN_ODD, **_rl_paint(area.paint))
    for ring in area.rings:
        (x, y), *rest = ring[:-1].tolist()
        path.moveTo(x, height - y)
        for x, y in rest:
            path.lineTo(x, height - y)
        path.closePath()
    return path


def _rl_item(item: _Item, height: float, font_name: str) -> Shape:
    match item:
        case _Area():
            return _rl_area(item, height)
        case _Marker(x=x, y=y, radius=radius, paint=paint):
            return Circle(x, height - y, radius, **_rl_paint(paint))
        case _Text():
            return _rl_text(item, height, font_name)
    raise TypeError(item)


def _rl_text(text: _Text, height: float, font_name: str) -> String:
    return String(
        text.x,
        height - text.y,
        text.text,
        fontName=font_name,
        fontSize=text.size,
        fillColor=HexColor(text.colour),
        textAnchor=text.anchor,
    )


def map_drawing(plan: MapPlan, *, width: float, height: float) -> Drawing:
    """The map as ReportLab vector graphics (points), for the PDF certificate."""
    scene = _scene(plan, float(width), float(height))
    drawing = Drawing(width, height)
    for item in scene.items:
        drawing.add(_rl_item(item, height, plan.font_name))
    return drawing
