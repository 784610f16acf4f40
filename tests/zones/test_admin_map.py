"""The admin's list of zones shows them on the site's Leaflet map with their names (issue 45):
the map reads the layers endpoint and opens on the zones the list holds."""

import re

import pytest

from .helpers import LAT, LON, box, zone_layer

pytestmark = pytest.mark.django_db


def test_the_zone_list_opens_a_map_on_the_zones_it_lists(admin_client, reference_data):
    zone_layer("red_line", (box(LON, LAT, 0.02, 0.01), "演示生态保护红线"))
    zone_layer("red_line", (box(LON + 0.1, LAT + 0.05, 0.01, 0.01), "雾灵山红线"))
    page = admin_client.get("/admin/zones/protectedzone/").content.decode()
    assert "/static/leaflet/leaflet.js" in page and "/static/web/site_map.js" in page
    root = re.search(r"<div[^>]*data-site-map[^>]*>", page, re.S)[0]
    assert 'data-features-url="/public/map/features/"' in root
    frame = {
        name: float(re.search(rf'data-{name}="([^"]+)"', root)[1])
        for name in ("west", "south", "east", "north")
    }
    assert frame == pytest.approx(
        {"west": LON, "south": LAT, "east": LON + 0.11, "north": LAT + 0.06}, abs=1e-6
    )
    # Filtered to one zone by the list's search, the map opens on that one.
    one = admin_client.get("/admin/zones/protectedzone/", {"q": "雾灵山"}).content.decode()
    root = re.search(r"<div[^>]*data-site-map[^>]*>", one, re.S)[0]
    assert float(re.search(r'data-west="([^"]+)"', root)[1]) == pytest.approx(LON + 0.1)


def test_zones_too_far_apart_for_one_view_open_the_map_on_the_first(admin_client, reference_data):
    """The layers load for a view of a district at most: the map opens where they do."""
    zone_layer("red_line", (box(LON, LAT, 0.02, 0.01), "演示生态保护红线"))
    zone_layer("water_source", (box(LON - 0.6, LAT, 0.01, 0.01), "延庆水源保护区"))
    page = admin_client.get("/admin/zones/protectedzone/").content.decode()
    root = re.search(r"<div[^>]*data-site-map[^>]*>", page, re.S)[0]
    west, east = (float(re.search(rf'data-{n}="([^"]+)"', root)[1]) for n in ("west", "east"))
    assert east - west in (pytest.approx(0.02), pytest.approx(0.01))
