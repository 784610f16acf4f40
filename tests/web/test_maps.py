"""The web maps' data and setup (issue 45 item 3): the zone and 小班 layers within a view, the
search by township, village, 林班 and 小班, the basemap setting and its CSP, and the pages that
mount the Leaflet map (static/web/site_map.js) over their server-drawn fallback."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from config.settings.base import _tile_sources
from core.messages import MSG_MAP_BOUNDS, MSG_MAP_SEARCH_EMPTY, MSG_MAP_ZOOM_IN
from permits import map_layers
from permits.plans import plan_import
from roles.models import District, Jurisdiction
from tests.zones.helpers import LAT, LON, box, parcel_layer, zone_layer
from zones.imports import ImportFile
from zones.index import layer_index

pytestmark = pytest.mark.django_db

VIEW = f"{LON - 0.05},{LAT - 0.05},{LON + 0.1},{LAT + 0.1}"


def _plan(*rows: str) -> None:
    """密云's 2026 plan of ``rows`` (乡镇,村,林班,小班,任务类型,面积,资金来源,责任单位)."""
    header = "乡镇,村,林班,小班,任务类型,面积（公顷）,资金来源,责任单位"
    plan_import(
        file=ImportFile(
            jurisdiction=Jurisdiction.objects.get(pk="110000"),
            district=District.objects.get(pk="110118"),
            source="密云区2026年任务分解表",
            data=("\r\n".join([header, *rows]) + "\r\n").encode(),
            file_name="plan.csv",
        ),
        year=2026,
    )


@pytest.fixture
def layers(reference_data):
    parcel_layer(
        "110118",
        (box(LON, LAT, 0.01, 0.01), "12-3", "natural"),
        (box(LON + 0.02, LAT, 0.01, 0.01), "12-4", "planted"),
        (box(LON + 0.05, LAT + 0.05, 0.01, 0.01), "31-7", "planted"),
    )
    zone_layer("red_line", (box(LON + 0.03, LAT + 0.02, 0.02, 0.02), "演示生态保护红线"))
    _plan(
        "不老屯镇,燕落村,12,3,抚育间伐,0.6,森林抚育补助,不老屯镇人民政府",
        "不老屯镇,燕落村,12,4,抚育间伐,0.7,,不老屯镇人民政府",
        "石城镇,黄土梁村,31,7,抚育间伐,0.8,,石城镇人民政府",
    )


def test_the_layers_in_a_view_are_the_zones_and_the_parcels_with_their_names(layers):
    answer = Client().get("/public/map/features/", {"bbox": VIEW})
    assert answer.status_code == 200
    data = answer.json()
    names = {(f["properties"]["layer"], f["properties"]["name"]) for f in data["features"]}
    assert names == {
        ("parcel", "12-3"),
        ("parcel", "12-4"),
        ("parcel", "31-7"),
        ("zone", "演示生态保护红线"),
    }
    zone = next(f for f in data["features"] if f["properties"]["layer"] == "zone")
    assert zone["properties"]["label"] == "生态保护红线"
    # Only outlines and names: nothing of the registry's holders or origins.
    assert "natural" not in answer.content.decode() and "national" not in answer.content.decode()
    assert data["truncated"] is False


def test_a_view_away_from_the_layers_is_empty(layers):
    data = Client().get("/public/map/features/", {"bbox": "100,30,100.1,30.1"}).json()
    assert data["features"] == []


def test_a_view_too_large_asks_to_zoom_in(layers):
    data = Client().get("/public/map/features/", {"bbox": "115,39,118,42"}).json()
    assert data["features"] == [] and data["zoom_in"] == str(MSG_MAP_ZOOM_IN)


@pytest.mark.parametrize(
    "bbox", ["", "1,2,3", "a,b,c,d", "117,40,116,41", "117,95,118,96", "nan,1,2,3", "1," * 200]
)
def test_a_bad_view_gets_a_field_error(db, bbox):
    answer = Client().get("/public/map/features/", {"bbox": bbox})
    assert answer.status_code == 400
    assert answer.json() == {"errors": {"bbox": [str(MSG_MAP_BOUNDS)]}}


def test_a_layer_is_bounded_per_answer(layers, monkeypatch):
    monkeypatch.setattr(map_layers, "MAX_FEATURES", 2)
    data = Client().get("/public/map/features/", {"bbox": VIEW}).json()
    parcels = [f for f in data["features"] if f["properties"]["layer"] == "parcel"]
    assert len(parcels) == 2 and data["truncated"] is True


def test_outlines_are_simplified_and_rounded(reference_data):
    # A ring of 400 corners on a circle, read in a district-wide view: fewer corners, 6 decimals.
    import math

    ring = [
        [LON + 0.01 * math.cos(i * math.pi / 200), LAT + 0.01 * math.sin(i * math.pi / 200)]
        for i in range(400)
    ]
    ring.append(ring[0])
    parcel_layer("110118", ({"type": "Polygon", "coordinates": [ring]}, "1-1", "natural"))
    data = Client().get("/public/map/features/", {"bbox": "116.3,40.3,116.8,40.7"}).json()
    outline = data["features"][0]["geometry"]["coordinates"][0]
    assert 4 <= len(outline) < 100
    assert all(len(str(value).split(".")[1]) <= 6 for corner in outline for value in corner)


@pytest.mark.parametrize(
    ("query", "kind", "name"),
    [
        ("12-3", "parcel", "12-3"),
        ("12林班3小班", "parcel", "12-3"),
        ("12", "forest_block", "12"),
        ("不老屯", "township", "不老屯镇"),
        ("燕落", "village", "燕落村"),
        ("红线", "zone", "演示生态保护红线"),
    ],
)
def test_search_finds_a_place_with_its_extent(layers, query, kind, name):
    answer = Client().get("/public/map/search/", {"q": query, "district": "110118"})
    assert answer.status_code == 200
    results = answer.json()["results"]
    assert {"kind": kind, "name": name} in [{"kind": r["kind"], "name": r["name"]} for r in results]
    found = next(r for r in results if r["kind"] == kind)
    west, south, east, north = found["bounds"]
    assert west < east and south < north


def test_a_village_is_shown_as_the_extent_of_its_parcels(layers):
    results = Client().get("/public/map/search/", {"q": "燕落村"}).json()["results"]
    village = next(r for r in results if r["kind"] == "village")
    assert village["bounds"] == pytest.approx([LON, LAT, LON + 0.03, LAT + 0.01])


def test_the_plans_places_are_found_in_queries_that_do_not_grow_with_them(layers):
    """Each township and village of the plans found costs no query of its own."""

    def places_and_queries(query: str) -> tuple[list, int]:
        with CaptureQueriesContext(connection) as queries:
            found = map_layers._plan_places(
                map_layers.Parcel.objects.filter(layer__superseded_at__isnull=True), query, ""
            )
        return found, len(queries)

    one, one_queries = places_and_queries("燕落")
    assert [(p.kind, p.name) for p in one] == [("village", "燕落村")]
    parcel_layer(
        "110118",
        *((box(LON + n / 100, LAT, 0.01, 0.01), f"{40 + n}-1", "planted") for n in range(1, 10)),
    )
    _plan(*(f"第{n}镇,第{n}村,{40 + n},1,抚育间伐,0.5,,第{n}镇人民政府" for n in range(1, 10)))
    many, many_queries = places_and_queries("第")
    assert len(many) == 18
    village = next(p for p in many if p.name == "第3村")
    assert village.bounds == pytest.approx((LON + 0.03, LAT, LON + 0.04, LAT + 0.01))
    assert many_queries == one_queries


def test_search_in_another_district_finds_none_of_this_ones_parcels(layers):
    results = Client().get("/public/map/search/", {"q": "12-3", "district": "110229"}).json()
    assert [r for r in results["results"] if r["kind"] == "parcel"] == []


def test_search_in_a_district_finds_only_what_lies_in_it(layers):
    """Issue 45: the application form's search is limited to the applicant's district, server
    side: a zone or boundary of no district counts as in it where it reaches the district's 小班
    registry; elsewhere it is not found (without a district, it is)."""
    zone_layer("water_source", (box(115.95, 40.45, 0.02, 0.02), "延庆水源保护区"))
    zone_layer("township", (box(115.95, 40.45, 0.04, 0.04), "延庆镇"))
    for query in ("保护", "镇"):
        everywhere = Client().get("/public/map/search/", {"q": query}).json()["results"]
        here = Client().get("/public/map/search/", {"q": query, "district": "110118"}).json()
        assert "延庆" in json.dumps(everywhere, ensure_ascii=False)
        assert "延庆" not in json.dumps(here["results"], ensure_ascii=False)
        assert here["results"]  # what lies in 密云: the red line, 不老屯镇 and 石城镇 of its plan
    elsewhere = Client().get("/public/map/search/", {"q": "保护", "district": "110229"}).json()
    assert elsewhere["results"] == []  # 延庆 has no 小班 registry here: no zone is placed in it


def test_an_empty_search_gets_a_field_error(db):
    answer = Client().get("/public/map/search/", {"q": "  "})
    assert answer.status_code == 400
    assert answer.json() == {"errors": {"q": [str(MSG_MAP_SEARCH_EMPTY)]}}


def test_a_long_search_is_cut_and_answers(layers):
    answer = Client().get("/public/map/search/", {"q": "镇" * 5000})
    assert answer.status_code == 200 and answer.json()["results"] == []


def test_the_basemap_hosts_are_allowed_images_and_nothing_else():
    assert _tile_sources("", "") == []
    tianditu = (
        "https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&LAYER=vec"
        "&TILEMATRIXSET=w&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}"
    )
    assert _tile_sources(tianditu, "01") == [
        "https://t0.tianditu.gov.cn",
        "https://t1.tianditu.gov.cn",
    ]
    assert _tile_sources("http://tiles.bureau.local:8080/{z}/{x}/{y}.png", "") == [
        "http://tiles.bureau.local:8080"
    ]
    with pytest.raises(ImproperlyConfigured):
        _tile_sources("javascript:alert(1)//{z}", "")


def test_the_report_form_mounts_the_leaflet_map_over_its_fallback(layers):
    page = Client().get("/public/reports/new/", {"district": "110118"}).content.decode()
    assert "/static/leaflet/leaflet.js" in page and "/static/web/site_map.js" in page
    assert 'data-features-url="/public/map/features/"' in page
    assert 'data-search-url="/public/map/search/"' in page and 'data-district="110118"' in page
    assert 'data-draw-action="locate"' in page
    assert "data-tiles-url" not in page  # no basemap configured: the vector layers alone
    assert "<svg" in page  # the server-drawn map stays for a browser without scripts


@override_settings(
    MAP_TILES_URL="https://tiles.example.cn/{z}/{x}/{y}.png?k={key}",
    MAP_TILES_KEY="abc123",
    MAP_TILES_ATTRIBUTION="© 示例测绘",
)
def test_a_configured_basemap_is_handed_to_the_map(layers):
    page = Client().get("/public/reports/new/", {"district": "110118"}).content.decode()
    assert 'data-tiles-url="https://tiles.example.cn/{z}/{x}/{y}.png?k={key}"' in page
    assert 'data-tiles-key="abc123"' in page and "© 示例测绘" in page


def test_the_leaflet_files_are_served_from_here(db):
    answer = Client().get("/static/leaflet/leaflet.js")
    assert answer.status_code == 200
    assert b"Leaflet 1." in b"".join(answer.streaming_content)[:200]


def test_answers_are_json_documents(layers):
    answer = Client().get("/public/map/features/", {"bbox": VIEW})
    assert answer["Content-Type"] == "application/json"
    json.loads(answer.content)


@pytest.fixture
def boundaries(layers):
    zone_layer("township", (box(LON - 0.01, LAT - 0.01, 0.06, 0.04), "不老屯镇"))
    zone_layer("village", (box(LON - 0.005, LAT - 0.005, 0.03, 0.02), "燕落村"))


def test_township_and_village_boundaries_are_layers_with_their_names(boundaries):
    data = Client().get("/public/map/features/", {"bbox": VIEW}).json()
    found = {
        (f["properties"]["kind"], f["properties"]["name"], f["properties"]["label"])
        for f in data["features"]
        if f["properties"]["layer"] == "boundary"
    }
    assert found == {("township", "不老屯镇", "乡镇界"), ("village", "燕落村", "村界")}


def test_search_finds_a_village_by_its_boundary_first(boundaries):
    results = Client().get("/public/map/search/", {"q": "燕落"}).json()["results"]
    villages = [r for r in results if r["kind"] == "village"]
    # One 燕落村: its boundary's extent, not also the extent of the plan's 小班.
    assert villages == [
        {
            "kind": "village",
            "name": "燕落村",
            "bounds": pytest.approx([LON - 0.005, LAT - 0.005, LON + 0.025, LAT + 0.015]),
        }
    ]


def test_no_screening_reads_the_boundaries(boundaries):
    kinds = {version["kind"] for version in layer_index().layers}
    assert kinds == {"parcels", "red_line"}
