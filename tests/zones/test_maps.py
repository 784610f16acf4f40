"""The site map, as inline SVG and as ReportLab drawing: pure functions, no database."""

import math
import re
import xml.etree.ElementTree as ET

import pytest
from defusedxml.ElementTree import fromstring
from django.utils import translation
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Circle, Drawing, Path, String
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont

from core.messages import MSG_DEFAULT_TITLE, MSG_NO_SITE
from tests.pdftools import pdf_text, render_page
from zones.maps import (
    DRAW_ORDER,
    FILL_EVEN_ODD,
    LAYER_STYLES,
    MapFeature,
    MapPlan,
    _round_length,
    map_drawing,
    map_svg,
)

SVG = "{http://www.w3.org/2000/svg}"
LON, LAT = 116.85, 40.37  # 密云
HOSTILE = '<script>alert("x")</script> & 水库'


@pytest.fixture(autouse=True)
def _english():
    """The assertions read English texts; tests of the Chinese map switch language themselves."""
    with translation.override("en"):
        yield


def square(lon: float, lat: float, half: float, hole: float = 0.0) -> dict:
    rings = [_ring(lon, lat, half)]
    if hole:
        rings.append(_ring(lon, lat, hole)[::-1])
    return {"type": "Polygon", "coordinates": rings}


def _ring(lon: float, lat: float, half: float) -> list[list[float]]:
    corners = [(-1, -1), (1, -1), (1, 1), (-1, 1), (-1, -1)]
    return [[lon + dx * half, lat + dy * half] for dx, dy in corners]


def circle(lon: float, lat: float, radius: float, vertices: int) -> dict:
    ring = [
        [lon + radius * math.cos(a), lat + radius * math.sin(a)]
        for a in (2 * math.pi * i / vertices for i in range(vertices))
    ]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


SITE = MapFeature(square(LON, LAT, 0.002), "site", "BJ-2025-0001")
ZONE_KINDS = [layer for layer in LAYER_STYLES if layer != "site"]


def every_kind_plan(**kwargs) -> MapPlan:
    """The site, and one feature of every other kind overlapping it, named after its kind."""
    features = tuple(
        MapFeature(square(LON + 0.0005 * i, LAT, 0.0015), kind, f"{kind}-name")
        for i, kind in enumerate(ZONE_KINDS)
    )
    return MapPlan(site=SITE, features=features, **kwargs)


def parse(svg: str) -> ET.Element:
    return fromstring(svg)


def paths_titled(root: ET.Element) -> dict[str, ET.Element]:
    """Each drawn feature by the text of its tooltip."""
    return {
        el.findtext(f"{SVG}title"): el
        for el in root.iter()
        if el.tag in (f"{SVG}path", f"{SVG}circle") and el.find(f"{SVG}title") is not None
    }


def texts(root: ET.Element) -> list[str]:
    return [el.text or "" for el in root.iter(f"{SVG}text")]


def bbox(path: ET.Element) -> tuple[float, float, float, float]:
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.get("d", ""))]
    xs, ys = numbers[0::2], numbers[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def tooltip(layer: str, label: str) -> str:
    return f"{LAYER_STYLES[layer].label}: {label}"


# --------------------------------------------------------------------------- SVG


def test_svg_is_an_accessible_self_contained_image():
    svg = map_svg(every_kind_plan(title="采伐许可 位置图"))
    root = parse(svg)

    assert root.tag == f"{SVG}svg"
    assert (root.get("role"), root.get("width"), root.get("height")) == ("img", "640", "420")
    ids = root.get("aria-labelledby").split()
    assert [root.find(f"{SVG}title").get("id"), root.find(f"{SVG}desc").get("id")] == ids
    assert root.findtext(f"{SVG}title") == "采伐许可 位置图"
    assert "Noto Sans CJK SC" in root.get("font-family")
    for forbidden in ("style=", "<script", "<image", "href", "<foreignObject", "url("):
        assert forbidden not in svg


def test_description_names_the_site_area_and_the_zones_it_intersects():
    far_zone = MapFeature(square(LON + 0.0042, LAT, 0.0005), "key_zone", "远处保护区")
    plan = MapPlan(
        site=SITE,
        features=(
            MapFeature(square(LON, LAT, 0.01), "red_line", "密云水库红线"),
            far_zone,
        ),
    )
    desc = parse(map_svg(plan)).findtext(f"{SVG}desc")

    # 0.004° × 0.004° at 40.37° N ≈ 445 m × 340 m ≈ 15.1 ha.
    area = float(re.search(r"([\d.]+) ha", desc).group(1))
    assert 14.5 < area < 15.5
    assert "密云水库红线" in desc
    assert "远处保护区" not in desc
    assert "1 other feature" in desc


def test_every_feature_is_drawn_with_its_tooltip_and_its_layer_style():
    plan = every_kind_plan()
    drawn = paths_titled(parse(map_svg(plan)))

    site = drawn[tooltip("site", "BJ-2025-0001")]
    assert (site.get("stroke"), site.get("stroke-width")) == ("#000000", "2.5")
    for feature in plan.features:
        path = drawn[tooltip(feature.layer, feature.label)]
        paint = LAYER_STYLES[feature.layer].paint
        assert path.get("stroke") == paint.stroke
        assert path.get("stroke-dasharray") == (" ".join(f"{d:g}" for d in paint.dash) or None)


def test_features_are_drawn_in_layer_order_with_the_site_last():
    plan = every_kind_plan()
    root = parse(map_svg(plan))
    order = [t.split(": ")[0] for t in paths_titled(root)]

    assert order == [str(LAYER_STYLES[layer].label) for layer in DRAW_ORDER]


def test_no_two_layers_look_alike_without_colour():
    lines = {
        (s.paint.stroke_width, s.paint.dash, s.paint.fill is None) for s in LAYER_STYLES.values()
    }

    assert len(lines) == len(LAYER_STYLES)


def test_the_legend_lists_each_kind_present_once_and_no_other():
    plan = MapPlan(
        site=SITE,
        features=(
            MapFeature(square(LON, LAT, 0.001), "parcel", "12-3"),
            MapFeature(square(LON + 0.002, LAT, 0.001), "parcel", "12-4"),
            MapFeature(square(LON, LAT, 0.02), "water_source", "密云水库一级保护区"),
        ),
    )
    shown = texts(parse(map_svg(plan)))

    for layer in ("site", "parcel", "water_source"):
        assert shown.count(str(LAYER_STYLES[layer].label)) == 1
    for layer in ("reserve_core", "red_line", "key_zone", "overlap", "eco_control"):
        assert str(LAYER_STYLES[layer].label) not in shown


def test_parcels_carry_their_compartment_code():
    plan = MapPlan(site=SITE, features=(MapFeature(square(LON, LAT, 0.002), "parcel", "12-3"),))

    assert "12-3" in texts(parse(map_svg(plan)))


def test_hostile_names_are_escaped():
    plan = MapPlan(
        site=MapFeature(square(LON, LAT, 0.002), "site", HOSTILE),
        features=(MapFeature(square(LON, LAT, 0.001), "parcel", HOSTILE + "\x00\x1b"),),
        title=HOSTILE,
    )
    svg = map_svg(plan)
    root = parse(svg)

    assert "<script" not in svg
    assert "&lt;script&gt;" in svg
    assert root.findtext(f"{SVG}title") == HOSTILE
    assert tooltip("site", HOSTILE) in paths_titled(root)
    assert HOSTILE in texts(root)  # the parcel label, control characters dropped


def test_a_huge_zone_is_clipped_to_the_view():
    zone = MapFeature(circle(LON, LAT, 0.5, 40_000), "eco_control", "北京生态控制区")
    svg = map_svg(MapPlan(site=SITE, features=(zone,)))
    root = parse(svg)

    assert len(svg.encode()) < 60_000
    x0, y0, x1, y1 = bbox(paths_titled(root)[tooltip("eco_control", "北京生态控制区")])
    assert x0 > -1 and x1 < 640 and y0 > -1 and y1 < 420


def test_coordinates_keep_one_decimal():
    d = paths_titled(parse(map_svg(every_kind_plan())))[tooltip("site", "BJ-2025-0001")].get("d")

    assert re.findall(r"\d+\.\d{2,}", d) == []


def test_the_projection_keeps_the_aspect_ratio_and_north_up():
    north = MapFeature(square(LON, LAT + 0.003, 0.0005), "overlap", "BJ-2025-0002")
    drawn = paths_titled(parse(map_svg(MapPlan(site=SITE, features=(north,)))))
    x0, y0, x1, y1 = bbox(drawn[tooltip("site", "BJ-2025-0001")])

    # A square in degrees is narrower than tall by cos(latitude).
    assert (x1 - x0) / (y1 - y0) == pytest.approx(math.cos(math.radians(LAT)), rel=0.02)
    assert bbox(drawn[tooltip("overlap", "BJ-2025-0002")])[3] < y0


def test_the_scale_bar_shows_a_round_length():
    shown = texts(parse(map_svg(every_kind_plan())))
    lengths = [t for t in shown if re.fullmatch(r"\d+(\.\d+)? k?m", t)]

    assert len(lengths) == 1
    assert re.fullmatch(r"(1|2|5)0* k?m|0\.[125] km", lengths[0])


@pytest.mark.parametrize(
    ("metres", "expected"), [(730, 500), (1999, 1000), (2500, 2000), (100, 100), (9.9, 5)]
)
def test_round_length(metres, expected):
    assert _round_length(metres) == expected


def test_a_point_site_is_a_marker_at_the_centre_of_a_small_view():
    site = MapFeature({"type": "Point", "coordinates": [LON, LAT]}, "site", "引种地点")
    root = parse(map_svg(MapPlan(site=site)))
    marker = paths_titled(root)[tooltip("site", "引种地点")]

    assert marker.tag == f"{SVG}circle"
    assert float(marker.get("cy")) == pytest.approx(420 / 2, abs=1)
    assert f"{LON:.5f} E" in root.findtext(f"{SVG}desc")
    # ±0.01° of latitude ≈ 2.2 km over the map's height, so the bar is in hundreds of metres.
    assert any(re.fullmatch(r"\d00 m|1 km", t) for t in texts(root))


def test_no_geometry_says_so():
    root = parse(map_svg(MapPlan(site=None)))

    assert str(MSG_NO_SITE) in texts(root)
    assert root.findtext(f"{SVG}desc") == str(MSG_NO_SITE)
    assert root.findtext(f"{SVG}title") == str(MSG_DEFAULT_TITLE)
    assert paths_titled(root) == {}


def test_without_a_site_the_features_set_the_view():
    zone = MapFeature(square(LON, LAT, 0.002), "reserve_core", "雾灵山核心区")
    root = parse(map_svg(MapPlan(site=None, features=(zone,))))

    assert tooltip("reserve_core", "雾灵山核心区") in paths_titled(root)
    assert root.findtext(f"{SVG}desc").startswith("No site geometry; shown:")


def test_a_multipolygon_with_holes_is_painted_even_odd():
    holed = square(LON, LAT, 0.002, hole=0.001)["coordinates"]
    plain = square(LON + 0.005, LAT, 0.001)["coordinates"]
    site = MapFeature({"type": "MultiPolygon", "coordinates": [holed, plain]}, "site", "两块")
    path = paths_titled(parse(map_svg(MapPlan(site=site))))[tooltip("site", "两块")]

    assert path.get("d").count("M") == 3
    assert path.get("fill-rule") == "evenodd"


def test_labels_are_translated_when_rendered():
    with translation.override("zh-hans"):
        svg = map_svg(MapPlan(site=SITE))

    assert parse(svg).findtext(f"{SVG}title") == "位置图"


def test_fifty_dense_features_are_drawn_simplified():
    """Fifty zones of 500 vertices each are all drawn, each simplified to what a map of this
    size can show (the work, and the page's size, do not follow the zones' vertex counts; the
    time it takes is a benchmark's business, bench/screening_bench.py, not a test's)."""

    def nearby(i: int) -> MapFeature:
        lon, lat = LON + 0.001 * (i % 7 - 3), LAT + 0.001 * (i // 7 - 3)
        return MapFeature(circle(lon, lat, 0.003, 500), ZONE_KINDS[i % len(ZONE_KINDS)], str(i))

    features = tuple(nearby(i) for i in range(50))
    svg = map_svg(MapPlan(site=SITE, features=features))

    drawn = [p for p in parse(svg).iter(f"{SVG}path") if p.get("d")]
    assert len(drawn) >= 50
    coordinates = sum(len(re.findall(r"-?\d+(?:\.\d+)?", p.get("d"))) for p in drawn)
    assert coordinates < 50 * 500  # the unsimplified rings would need 50,000 numbers


def test_unknown_layers_are_refused():
    with pytest.raises(ValueError, match="Unknown map layer"):
        MapFeature(square(LON, LAT, 0.001), "national_park", "?")


# --------------------------------------------------------------------------- ReportLab


def shapes_of(drawing: Drawing, kind: type) -> list:
    return [s for s in drawing.contents if isinstance(s, kind)]


def test_the_drawing_has_the_requested_size_and_renders_to_pdf():
    with translation.override("en"):  # the default font (Helvetica) has Latin glyphs only
        drawing = map_drawing(every_kind_plan(), width=400, height=260)
        pdf = renderPDF.drawToString(drawing)
        parcel_label = str(LAYER_STYLES["parcel"].label)

    assert (drawing.width, drawing.height) == (400, 260)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert parcel_label in text
    assert "parcel-name" in text
    assert all(p.fillMode == FILL_EVEN_ODD for p in shapes_of(drawing, Path))


def test_the_drawing_prints_chinese_with_the_plan_font():
    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    plan = MapPlan(
        site=SITE,
        features=(MapFeature(square(LON, LAT, 0.02), "red_line", "密云水库红线"),),
        font_name="STSong-Light",
    )
    with translation.override("zh-hans"):
        drawing = map_drawing(plan, width=400, height=260)

    assert {s.fontName for s in shapes_of(drawing, String)} == {"STSong-Light"}
    assert renderPDF.drawToString(drawing).startswith(b"%PDF")


def test_holes_stay_unpainted_in_the_pdf():
    site = MapFeature(square(LON, LAT, 0.002, hole=0.001), "site", "带孔")
    drawing = map_drawing(MapPlan(site=site), width=400, height=260)
    image = render_page(renderPDF.drawToString(drawing), dpi=72).convert("L")
    path = next(p for p in shapes_of(drawing, Path) if p.strokeWidth == 2.5)  # the site
    xs, ys = path.points[0::2], path.points[1::2]
    cx, cy = (min(xs) + max(xs)) / 2, 260 - (min(ys) + max(ys)) / 2
    ring_x = min(xs) + (max(xs) - min(xs)) / 8

    assert image.getpixel((round(cx), round(cy))) > 250  # the hole: white
    assert image.getpixel((round(ring_x), round(cy))) < 240  # the ring: tinted


def test_a_point_site_is_a_circle_in_the_drawing():
    site = MapFeature({"type": "Point", "coordinates": [LON, LAT]}, "site", "引种地点")
    drawing = map_drawing(MapPlan(site=site), width=300, height=200)

    (marker,) = [c for c in shapes_of(drawing, Circle) if c.fillColor.hexval() == "0x000000"]
    # Centred in the map box: halfway up, left of the legend on the right.
    assert marker.cy == pytest.approx(drawing.height / 2, abs=0.5)
    assert 0.25 * drawing.width < marker.cx < 0.5 * drawing.width
    assert renderPDF.drawToString(drawing).startswith(b"%PDF")


def test_an_empty_drawing_says_no_geometry():
    # Helvetica (the plan's default font) has Latin glyphs only: the English text reads back.
    with translation.override("en"):
        drawing = map_drawing(MapPlan(site=None), width=300, height=200)

        assert str(MSG_NO_SITE) in [s.text for s in shapes_of(drawing, String)]
        assert str(MSG_NO_SITE) in pdf_text(renderPDF.drawToString(drawing))
