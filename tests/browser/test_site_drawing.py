"""Drawing the site in a real browser on the Leaflet map (product.md §15, issue 45 item 3): the
applicant taps or clicks the corners, finishes, saves, and the draft holds that polygon,
screened; the map pans and zooms by mouse, keys and touch, shows the 小班 and zones with their
names as layers, finds a 小班 by its number, and runs under the Content-Security-Policy with
Leaflet served from here.

PostgreSQL only, like every live-server test (conftest.py says why)."""

import json

import pytest

from permits.models import Application
from permits.screening import screening_of
from tests.factories import tending_draft
from tests.zones.helpers import LAT, LON, box, parcel_layer, zone_layer

from .helpers import OVERFLOW, logged_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

MAP = "[data-site-draw] [data-map]"
# Where a longitude and latitude are on the screen now (the view may be zoomed and panned).
TO_SCREEN = """([lon, lat]) => {
  const root = document.querySelector("[data-site-draw]");
  const point = root.permitsMap.latLngToContainerPoint([lat, lon]);
  const frame = root.permitsMap.getContainer().getBoundingClientRect();
  return [frame.left + point.x, frame.top + point.y];
}"""
CENTRE = """() => {
  const c = document.querySelector("[data-site-draw]").permitsMap.getCenter();
  return [c.lng, c.lat];
}"""
ZOOM = "() => document.querySelector('[data-site-draw]').permitsMap.getZoom()"
CORNERS_DRAWN = "() => Number(document.querySelector('[data-site-draw]').dataset.corners || 0)"
SITE_BOX = "textarea[name=site_geometry]"


def test_an_applicant_draws_the_site_on_the_map(browser, live_server, applicant_my):
    draft = tending_draft(by=applicant_my, area_ha=10)
    before = draft.site_geometry
    page = logged_in(browser, live_server.url, "applicant_my")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/applications/{draft.pk}/edit/")

    page.wait_for_selector("[data-site-draw][data-draw-ready]")
    assert page.locator("[data-site-draw] .permits-draw__canvas").is_hidden()  # SVG: no-JS only
    page.click("button[data-draw-action=start]")
    frame = page.locator(MAP).bounding_box()
    cx, cy = frame["x"] + frame["width"] * 0.35, frame["y"] + frame["height"] * 0.5
    for dx, dy in ((-30, -30), (30, -30), (30, 30), (-30, 30)):
        page.mouse.click(cx + dx, cy + dy)
    page.click("button[data-draw-action=finish]")
    assert '"Polygon"' in page.locator(SITE_BOX).input_value()
    with page.expect_navigation():
        page.click("button[data-action=save]")
    page.wait_for_load_state("networkidle")

    saved = Application.objects.get(pk=draft.pk).detail.site_geometry
    assert saved["type"] == "Polygon" and saved != before
    ring = saved["coordinates"][0]
    assert len(ring) == 5 and ring[0] == ring[-1]
    assert screening_of(draft) is not None and float(screening_of(draft).site_area_ha) > 0
    assert not [e for e in errors if "Content Security Policy" in e], errors


# --------------------------------------------------------------------------- issue 26 item 5
# A new application's map: framed on the district with its 小班 and zones before any site is
# given, panned with the mouse, the keys and a finger, zoomed with the wheel, usable at 390 px.

P_12_3 = box(LON, LAT, 0.01, 0.01)
P_40_1 = box(LON + 0.08, LAT + 0.05, 0.01, 0.01)
P_1_1 = box(LON - 0.03, LAT - 0.03, 0.01, 0.01)  # 12-3 lies inside the district, not on its edge
RED_LINE = box(LON + 0.03, LAT + 0.02, 0.02, 0.02)


def registry():
    parcel_layer(
        "110118",
        (P_12_3, "12-3", "natural"),
        (P_40_1, "40-1", "planted"),
        (P_1_1, "1-1", "planted"),
    )
    zone_layer("red_line", (RED_LINE, "演示生态保护红线"))


def open_new_form(page, live_server) -> None:
    page.goto(f"{live_server.url}/applications/new/tending/")
    page.wait_for_selector("[data-site-draw][data-draw-ready]")
    page.wait_for_selector("[data-site-draw][data-layers-loaded]")


def assert_district_map(page) -> None:
    """The registry and the zones are on the map from the start with their names, framed on
    the district, and listed as layers one may switch off."""
    labels = page.locator("[data-site-draw] .leaflet-tooltip").all_text_contents()
    assert "小班 12-3" in labels and "小班 40-1" in labels, labels
    assert "演示生态保护红线" in labels, labels
    layers = page.locator("[data-site-draw] .leaflet-control-layers-overlays").inner_text()
    assert "小班数据库" in layers and "生态保护红线" in layers, layers
    bounds = page.evaluate(
        "() => document.querySelector('[data-site-draw]').permitsMap.getBounds().toBBoxString()"
    )
    west, south, east, north = (float(v) for v in bounds.split(","))
    assert west <= LON and east >= LON + 0.09 and south <= LAT and north >= LAT + 0.06
    assert east - west < 0.6  # the district, not a whole city


def corners_of_12_3(page) -> list[list[float]]:
    inset = 0.003
    lonlats = [
        (LON + inset, LAT + inset),
        (LON + 0.01 - inset, LAT + inset),
        (LON + 0.01 - inset, LAT + 0.01 - inset),
        (LON + inset, LAT + 0.01 - inset),
    ]
    return [page.evaluate(TO_SCREEN, list(p)) for p in lonlats]


def pan_by_mouse(page) -> tuple[list[float], int]:
    """Zoom in twice (Leaflet's buttons, in Chinese), then drag with the mouse: the map
    follows, at the same zoom, and draws nothing. The centre and zoom after."""
    page.click("[data-site-draw] a[aria-label=放大]")
    page.click("[data-site-draw] a[aria-label=放大]")
    page.wait_for_timeout(400)
    before, zoom = page.evaluate(CENTRE), page.evaluate(ZOOM)
    frame = page.locator(MAP).bounding_box()
    cx, cy = frame["x"] + frame["width"] * 0.4, frame["y"] + frame["height"] * 0.5
    page.mouse.move(cx, cy)
    page.mouse.down()
    page.mouse.move(cx - 80, cy - 40, steps=6)
    page.mouse.up()
    page.wait_for_timeout(400)
    dragged = page.evaluate(CENTRE)
    assert dragged[0] > before[0] and dragged[1] < before[1], (before, dragged)
    assert page.evaluate(ZOOM) == zoom  # a pan, not a zoom
    assert page.evaluate(CORNERS_DRAWN) == 0  # a drag draws nothing
    return dragged, zoom


def pan_and_zoom_by_keys(page, dragged: list[float], zoom: int) -> None:
    """The map is focusable, arrows pan, + zooms."""
    page.locator(MAP).focus()
    page.keyboard.press("ArrowLeft")
    page.wait_for_timeout(400)  # Leaflet takes no key while the last pan still moves
    page.keyboard.press("ArrowUp")
    page.wait_for_timeout(400)
    keyed = page.evaluate(CENTRE)
    assert keyed[0] < dragged[0] and keyed[1] > dragged[1], (dragged, keyed)
    page.keyboard.press("+")
    page.wait_for_timeout(400)
    assert page.evaluate(ZOOM) > zoom


def find_12_3(page) -> None:
    """The search finds 小班 12-3 by its number, and the map centres on it."""
    page.fill("#site-map-search", "12-3")
    page.click("[data-site-draw] [data-map-search-go]")
    page.wait_for_selector("[data-site-draw] [data-map-place=parcel]")
    page.wait_for_timeout(600)
    x, y = page.evaluate(TO_SCREEN, [LON + 0.005, LAT + 0.005])
    frame = page.locator(MAP).bounding_box()
    assert abs(x - (frame["x"] + frame["width"] / 2)) < 20, (
        x,
        y,
        frame,
        page.evaluate(CENTRE),
        page.evaluate(ZOOM),
        page.inner_text("[data-site-draw] [data-map-search]"),
    )


def draw_on_12_3(page) -> None:
    """Draw the site on 12-3; a drag while drawing adds no corner; one corner too many is
    undone."""
    page.click("button[data-draw-action=start]")
    corners = corners_of_12_3(page)
    for x, y in corners[:2]:
        page.mouse.click(x, y)
    page.mouse.move(corners[1][0] + 40, corners[1][1] + 40)
    page.mouse.down()
    page.mouse.move(corners[1][0] + 20, corners[1][1] + 30, steps=4)
    page.mouse.up()
    page.wait_for_timeout(300)
    assert page.evaluate(CORNERS_DRAWN) == 2
    for x, y in corners_of_12_3(page)[2:]:  # the view moved: where the corners are now
        page.mouse.click(x, y)
    page.mouse.click(*page.evaluate(TO_SCREEN, [LON + 0.013, LAT + 0.005]))  # one too many
    assert page.evaluate(CORNERS_DRAWN) == 5
    page.click("button[data-draw-action=undo]")
    assert page.evaluate(CORNERS_DRAWN) == 4
    page.click("button[data-draw-action=finish]")
    assert '"Polygon"' in page.locator(SITE_BOX).input_value()


def test_a_new_application_draws_on_the_district_map_panned_by_mouse_and_keys(
    browser,
    live_server,
    applicant_my,
):
    registry()
    page = logged_in(browser, live_server.url, "applicant_my")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    open_new_form(page, live_server)
    assert_district_map(page)
    dragged, zoom = pan_by_mouse(page)
    pan_and_zoom_by_keys(page, dragged, zoom)
    find_12_3(page)
    draw_on_12_3(page)
    page.fill("input[name=title]", "新申请的地图")
    with page.expect_navigation():
        page.click("button[data-action=save]")
    page.wait_for_load_state("networkidle")

    created = Application.objects.get(title="新申请的地图").detail
    ring = created.site_geometry["coordinates"][0]
    assert len(ring) == 5
    assert all(LON < lon < LON + 0.01 and LAT < lat < LAT + 0.01 for lon, lat in ring)
    screening = screening_of(created)
    assert [p["compartment"] for p in screening.parcels] == ["12-3"]
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_the_keyboard_alone_draws_a_site(browser, live_server, applicant_my):
    """Without a pointer: the map is moved under the cross, Enter adds a corner."""
    registry()
    page = logged_in(browser, live_server.url, "applicant_my")
    open_new_form(page, live_server)
    page.evaluate(
        "([lon, lat]) => document.querySelector('[data-site-draw]').permitsMap"
        ".setView([lat, lon], 15, {animate: false})",
        [LON + 0.005, LAT + 0.005],
    )
    page.click("button[data-draw-action=start]")
    for key in ("ArrowLeft", "ArrowUp", "ArrowRight", "ArrowRight", "ArrowDown", "ArrowDown"):
        page.keyboard.press(key)
        page.wait_for_timeout(400)
        page.keyboard.press("Enter")
    assert page.evaluate(CORNERS_DRAWN) == 6
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    assert page.evaluate(CORNERS_DRAWN) == 4
    page.click("button[data-draw-action=finish]")
    drawn = json.loads(page.locator(SITE_BOX).input_value())
    assert drawn["type"] == "Polygon" and len(drawn["coordinates"][0]) == 5


def phone_page(browser, live_server, username, **options):
    page = logged_in(
        browser,
        live_server.url,
        username,
        viewport={"width": 390, "height": 844},
        has_touch=True,
        is_mobile=True,
        **options,
    )
    return page.context, page


def touch_drag(context, page, start, end, steps=6) -> None:
    """A one-finger drag, as the touch screen sends it (Chromium's DevTools protocol)."""
    session = context.new_cdp_session(page)
    x, y = start
    session.send(
        "Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]}
    )
    for step in range(1, steps + 1):
        px = start[0] + (end[0] - start[0]) * step / steps
        py = start[1] + (end[1] - start[1]) * step / steps
        session.send(
            "Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": px, "y": py}]}
        )
    session.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def test_a_phone_draws_a_new_site_panning_with_a_finger(browser, live_server, applicant_my):
    registry()
    context, page = phone_page(browser, live_server, "applicant_my")
    open_new_form(page, live_server)
    assert_district_map(page)

    # It fits: the map and its buttons within 390 px, nothing to scroll sideways.
    assert page.evaluate(OVERFLOW) <= 1
    frame = page.locator(MAP).bounding_box()
    assert 300 < frame["width"] <= 390 and frame["x"] >= 0
    for button in page.locator("[data-draw-action]").all():
        box_ = button.bounding_box()
        assert box_["x"] >= 0 and box_["x"] + box_["width"] <= 390, button.get_attribute(
            "data-draw-action"
        )

    page.tap("[data-site-draw] a[aria-label=放大]")
    page.wait_for_timeout(400)
    before = page.evaluate(CENTRE)
    page.locator(MAP).scroll_into_view_if_needed()
    frame = page.locator(MAP).bounding_box()
    cx, cy = frame["x"] + frame["width"] * 0.5, frame["y"] + frame["height"] * 0.5
    touch_drag(context, page, (cx, cy), (cx - 60, cy - 30))
    page.wait_for_timeout(400)
    after = page.evaluate(CENTRE)
    assert after[0] > before[0] and after[1] < before[1], (before, after)
    assert page.evaluate(CORNERS_DRAWN) == 0

    # Zoomed on 12-3 (the search), four taps and "Finish" give the site.
    page.fill("#site-map-search", "12-3")
    page.tap("[data-site-draw] [data-map-search-go]")
    page.wait_for_selector("[data-site-draw] [data-map-place=parcel]")
    page.wait_for_timeout(600)
    page.tap("button[data-draw-action=start]")
    page.locator(MAP).scroll_into_view_if_needed()
    for x, y in corners_of_12_3(page):
        page.touchscreen.tap(x, y)
    assert page.evaluate(CORNERS_DRAWN) == 4
    page.tap("button[data-draw-action=finish]")
    drawn = json.loads(page.locator(SITE_BOX).input_value())
    ring = drawn["coordinates"][0]
    assert all(LON < lon < LON + 0.01 and LAT < lat < LAT + 0.01 for lon, lat in ring)
    context.close()


def test_use_my_location_centres_the_applicants_map(browser, live_server, applicant_my):
    registry()
    context, page = phone_page(
        browser,
        live_server,
        "applicant_my",
        geolocation={"longitude": LON + 0.005, "latitude": LAT + 0.005},
        permissions=["geolocation"],
    )
    open_new_form(page, live_server)
    page.tap("[data-site-draw] button[data-draw-action=locate]")
    page.wait_for_selector("[data-site-draw][data-located]")
    page.wait_for_timeout(400)
    lon, lat = page.evaluate(CENTRE)
    assert lon == pytest.approx(LON + 0.005, abs=1e-4) and lat == pytest.approx(
        LAT + 0.005, abs=1e-4
    )
    assert page.evaluate(ZOOM) >= 16
    # A design's site is an area: the location centres the map and marks no corner.
    assert page.evaluate(CORNERS_DRAWN) == 0
    context.close()
