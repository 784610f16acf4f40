"""The maps people read (issue 45 item 3): the inspector's report page on a 390 px phone shows
the reported place on a Leaflet map over the 小班 and zones with their names, pans and zooms by
touch and finds a 小班 by its number; the application page and a 小班's page show their site
the same way. Leaflet is served from here; nothing breaks the Content-Security-Policy.

PostgreSQL only, like every live-server test (conftest.py says why)."""

import pytest

from public.reports import report_file
from roles.models import District
from tests.factories import tending_draft
from tests.zones.helpers import LAT, LON, box, parcel_layer, zone_layer
from zones.models import Parcel

from .helpers import OVERFLOW, logged_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

MAP = "[data-site-map] [data-map]"
CENTRE = """() => {
  const c = document.querySelector("[data-site-map]").permitsMap.getCenter();
  return [c.lng, c.lat];
}"""


def _layers():
    parcel_layer(
        "110118",
        (box(LON, LAT, 0.01, 0.01), "12-3", "natural"),
        (box(LON + 0.012, LAT, 0.01, 0.01), "12-4", "planted"),
    )
    zone_layer("red_line", (box(LON + 0.004, LAT + 0.004, 0.02, 0.02), "演示生态保护红线"))
    zone_layer("township", (box(LON - 0.02, LAT - 0.02, 0.06, 0.05), "不老屯镇"))
    zone_layer("village", (box(LON - 0.005, LAT - 0.005, 0.03, 0.02), "燕落村"))


def _console_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return errors


def test_the_inspector_reads_the_reported_place_on_a_phone(browser, live_server, reviewer_my):
    _layers()
    place = {"type": "Point", "coordinates": [LON + 0.005, LAT + 0.005]}
    report = report_file(
        kind="illegal_felling",
        description="山坡上有人砍伐侧柏。",
        site_geometry=place,
        district=District.objects.get(pk="110118"),
        contact="",
        uploads=[],
    )
    page = logged_in(
        browser,
        live_server.url,
        "district_my",
        viewport={"width": 390, "height": 844},
        has_touch=True,
        is_mobile=True,
    )
    errors = _console_errors(page)
    page.goto(f"{live_server.url}/reports/{report.pk}/")
    page.wait_for_selector("[data-site-map][data-layers-loaded]")
    assert page.evaluate(OVERFLOW) <= 1
    frame = page.locator(MAP).bounding_box()
    assert 300 < frame["width"] <= 390
    # The place, and around it the 小班 and the zone by their names: no blank square.
    labels = page.locator("[data-site-map] .leaflet-tooltip").all_text_contents()
    assert "小班 12-3" in labels and "演示生态保护红线" in labels, labels
    assert "不老屯镇" in labels and "燕落村" in labels, labels
    layers = page.locator("[data-site-map] .leaflet-control-layers-overlays").inner_text()
    assert "乡镇界" in layers and "村界" in layers, layers
    assert page.locator("[data-site-map] path.leaflet-interactive").count() >= 4
    lon, lat = page.evaluate(CENTRE)
    assert abs(lon - (LON + 0.005)) < 0.01 and abs(lat - (LAT + 0.005)) < 0.01
    # The search finds the village, then the neighbouring 小班.
    page.fill("#read-map-search", "燕落")
    page.tap("[data-site-map] [data-map-search-go]")
    page.wait_for_selector("[data-site-map] [data-map-place=village]")
    page.fill("#read-map-search", "12-4")
    page.tap("[data-site-map] [data-map-search-go]")
    page.wait_for_selector("[data-site-map] [data-map-place=parcel]")
    # The map goes there (no animation: one still running would keep it where it was).
    target = {"lon": LON + 0.017, "lat": LAT + 0.005}
    page.wait_for_function(
        """(t) => {
          const c = document.querySelector("[data-site-map]").permitsMap.getCenter();
          return Math.abs(c.lng - t.lon) < 1e-3 && Math.abs(c.lat - t.lat) < 1e-3;
        }""",
        arg=target,
        timeout=10_000,
    )
    lon, lat = page.evaluate(CENTRE)
    assert lon == pytest.approx(LON + 0.017, abs=1e-3) and lat == pytest.approx(
        LAT + 0.005, abs=1e-3
    )
    assert not [e for e in errors if "Content Security Policy" in e], errors
    page.context.close()


def test_the_application_and_parcel_pages_show_their_site_on_the_map(
    browser, live_server, applicant_my
):
    _layers()
    site = box(LON + 0.002, LAT + 0.002, 0.004, 0.004)
    draft = tending_draft(by=applicant_my, site_geometry=site, compartments=["12-3"])
    page = logged_in(browser, live_server.url, "applicant_my")
    errors = _console_errors(page)
    page.goto(f"{live_server.url}/applications/{draft.pk}/")
    page.wait_for_selector("#site [data-site-map][data-layers-loaded]")
    assert page.locator("#site [data-site-map] .permits-draw__canvas").is_hidden()
    lon, lat = page.evaluate(CENTRE)
    assert lon == pytest.approx(LON + 0.004, abs=1e-3) and lat == pytest.approx(
        LAT + 0.004, abs=1e-3
    )
    parcel = Parcel.objects.get(compartment="12-3")
    page.goto(f"{live_server.url}/parcels/{parcel.pk}/")
    page.wait_for_selector("[data-site-map][data-layers-loaded]")
    lon, lat = page.evaluate(CENTRE)
    assert lon == pytest.approx(LON + 0.005, abs=1e-3) and lat == pytest.approx(
        LAT + 0.005, abs=1e-3
    )
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_the_maps_have_no_serious_accessibility_violation(browser, live_server, reviewer_my):
    """axe on the map pages with the Leaflet map mounted, its layers and labels shown, the
    layers' list opened and the search answered (the crawl of test_accessibility.py meets them
    on the demo's data; this checks them in each state)."""
    from .test_accessibility import Audit

    _layers()
    report = report_file(
        kind="illegal_felling",
        description="山坡上有人砍伐侧柏。",
        site_geometry={"type": "Point", "coordinates": [LON + 0.005, LAT + 0.005]},
        district=District.objects.get(pk="110118"),
        contact="",
        uploads=[],
    )
    audit = Audit()
    # bypass_csp: axe is injected as an inline script (test_accessibility.py's new_page).
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, bypass_csp=True
    )
    page = phone.new_page()
    page.goto(f"{live_server.url}/public/reports/new/?district=110118")
    page.wait_for_selector("[data-site-draw][data-layers-loaded]")
    audit.check(page, "report form, map")
    page.tap("[data-draw-action=start]")
    box_ = page.locator("[data-site-draw] [data-map]").bounding_box()
    page.touchscreen.tap(box_["x"] + box_["width"] / 2, box_["y"] + box_["height"] / 2)
    page.fill("#report-map-search", "12")
    page.tap("[data-site-draw] [data-map-search-go]")
    page.wait_for_selector("[data-site-draw] [data-map-place]")
    page.hover("[data-site-draw] .leaflet-control-layers")
    audit.check(page, "report form, drawing and searched")
    phone.close()
    page = logged_in(browser, live_server.url, "district_my", bypass_csp=True)
    page.goto(f"{live_server.url}/reports/{report.pk}/")
    page.wait_for_selector("[data-site-map][data-layers-loaded]")
    audit.check(page, "report page, map")
    assert not audit.failures, audit.report()
