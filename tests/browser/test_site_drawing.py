"""Drawing the site in a real browser (product.md §15): the applicant clicks four corners on the
draft form's map, finishes, saves, and the draft holds that polygon, screened. Also checks that
the script is served (static files) and runs under the Content-Security-Policy.

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


def test_an_applicant_draws_the_site_on_the_map(browser, live_server, applicant_my):
    draft = tending_draft(by=applicant_my, area_ha=10)
    before = draft.site_geometry
    page = logged_in(browser, live_server.url, "applicant_my")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/applications/{draft.pk}/edit/")

    page.wait_for_selector("[data-site-draw][data-draw-ready]")
    page.click("button[data-draw-action=start]")
    frame = page.locator("[data-site-draw] svg").bounding_box()
    # Four corners around the middle of the map (the site's own neighbourhood).
    cx, cy = frame["x"] + frame["width"] * 0.35, frame["y"] + frame["height"] * 0.5
    for dx, dy in ((-30, -30), (30, -30), (30, 30), (-30, 30)):
        page.mouse.click(cx + dx, cy + dy)
    page.click("button[data-draw-action=finish]")
    geometry_box = page.locator("textarea[name=site_geometry]")
    assert '"Polygon"' in geometry_box.input_value()
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

# Where a longitude and latitude are on the screen now (the view may be zoomed and panned).
TO_SCREEN = """([lon, lat]) => {
  const root = document.querySelector("[data-site-draw]");
  const svg = root.querySelector("svg");
  const f = (k) => parseFloat(root.getAttribute("data-" + k));
  const point = svg.createSVGPoint();
  point.x = f("x0") + ((lon - f("west")) / (f("east") - f("west"))) * (f("x1") - f("x0"));
  point.y = f("y0") + ((f("north") - lat) / (f("north") - f("south"))) * (f("y1") - f("y0"));
  const screen = point.matrixTransform(svg.getScreenCTM());
  return [screen.x, screen.y];
}"""
VIEW = """() => document.querySelector("[data-site-draw] svg")
  .getAttribute("viewBox").split(" ").map(Number)"""
CORNERS_DRAWN = "() => document.querySelectorAll('[data-draw-layer] circle').length"


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


def assert_district_map(page) -> None:
    """The registry and the zones are on the map from the start, framed on the district."""
    titles = page.locator("[data-site-draw] svg title").all_text_contents()
    assert any("12-3" in t for t in titles) and any("40-1" in t for t in titles), titles
    assert any("演示生态保护红线" in t for t in titles), titles
    root = page.locator("[data-site-draw]")
    west, east = (float(root.get_attribute(f"data-{k}")) for k in ("west", "east"))
    south, north = (float(root.get_attribute(f"data-{k}")) for k in ("south", "north"))
    assert west <= LON and east >= LON + 0.09 and south <= LAT and north >= LAT + 0.06
    assert east - west < 0.3  # the district, not a whole city


def corners_of_12_3(page) -> list[list[float]]:
    inset = 0.003
    lonlats = [
        (LON + inset, LAT + inset),
        (LON + 0.01 - inset, LAT + inset),
        (LON + 0.01 - inset, LAT + 0.01 - inset),
        (LON + inset, LAT + 0.01 - inset),
    ]
    return [page.evaluate(TO_SCREEN, list(p)) for p in lonlats]


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
    svg = page.locator("[data-site-draw] svg")

    # Zoom in twice (the buttons), then drag with the mouse: the view follows the hand.
    page.click("button[data-draw-action=zoom-in]")
    page.click("button[data-draw-action=zoom-in]")
    before = page.evaluate(VIEW)
    frame = svg.bounding_box()
    cx, cy = frame["x"] + frame["width"] * 0.4, frame["y"] + frame["height"] * 0.5
    page.mouse.move(cx, cy)
    page.mouse.down()
    page.mouse.move(cx - 80, cy - 40, steps=6)
    page.mouse.up()
    dragged = page.evaluate(VIEW)
    assert dragged[0] > before[0] and dragged[1] > before[1], (before, dragged)
    assert dragged[2:] == pytest.approx(before[2:], rel=1e-5)  # a pan, not a zoom
    assert page.evaluate(CORNERS_DRAWN) == 0  # a drag draws nothing

    # The keyboard: the map is focusable, arrows pan, 0 shows all of it again.
    svg.focus()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowUp")
    keyed = page.evaluate(VIEW)
    assert keyed[0] < dragged[0] and keyed[1] < dragged[1], (dragged, keyed)
    page.keyboard.press("0")
    home = page.evaluate(VIEW)
    assert home[2] > keyed[2]

    # The wheel zooms where the pointer is: 12-3 stays under it and grows.
    centre = page.evaluate(TO_SCREEN, [LON + 0.005, LAT + 0.005])
    page.mouse.move(*centre)
    for _ in range(4):
        page.mouse.wheel(0, -120)
        page.wait_for_timeout(50)
    assert page.evaluate(VIEW)[2] < home[2] / 4
    assert page.evaluate(TO_SCREEN, [LON + 0.005, LAT + 0.005]) == pytest.approx(centre, abs=6)

    # Draw the site on 12-3; a drag while drawing adds no corner.
    page.click("button[data-draw-action=start]")
    corners = corners_of_12_3(page)
    for x, y in corners[:2]:
        page.mouse.click(x, y)
    page.mouse.move(corners[1][0], corners[1][1])
    page.mouse.down()
    page.mouse.move(corners[1][0] - 20, corners[1][1] - 10, steps=4)
    page.mouse.up()
    assert page.evaluate(CORNERS_DRAWN) == 2
    for x, y in corners_of_12_3(page)[2:]:  # the view moved: where the corners are now
        page.mouse.click(x, y)
    page.click("button[data-draw-action=finish]")
    assert '"Polygon"' in page.locator("textarea[name=site_geometry]").input_value()
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


def phone_page(browser, live_server, username):
    page = logged_in(
        browser,
        live_server.url,
        username,
        viewport={"width": 390, "height": 844},
        has_touch=True,
        is_mobile=True,
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
    frame = page.locator("[data-site-draw] svg").bounding_box()
    assert 300 < frame["width"] <= 390 and frame["x"] >= 0
    for button in page.locator("[data-draw-action]").all():
        box_ = button.bounding_box()
        assert box_["x"] >= 0 and box_["x"] + box_["width"] <= 390, button.get_attribute(
            "data-draw-action"
        )

    page.tap("button[data-draw-action=zoom-in]")
    page.tap("button[data-draw-action=zoom-in]")
    before = page.evaluate(VIEW)
    page.locator("[data-site-draw] svg").scroll_into_view_if_needed()
    frame = page.locator("[data-site-draw] svg").bounding_box()
    cx, cy = frame["x"] + frame["width"] * 0.5, frame["y"] + frame["height"] * 0.5
    touch_drag(context, page, (cx, cy), (cx - 60, cy - 30))
    after = page.evaluate(VIEW)
    assert after[0] > before[0] and after[1] > before[1], (before, after)
    assert page.evaluate(CORNERS_DRAWN) == 0

    # Zoomed on 12-3 (keys reach it fastest here), four taps and "Finish" give the site.
    page.locator("[data-site-draw] svg").focus()
    page.keyboard.press("0")
    centre = page.evaluate(TO_SCREEN, [LON + 0.005, LAT + 0.005])
    page.mouse.move(*centre)
    for _ in range(3):
        page.mouse.wheel(0, -120)
        page.wait_for_timeout(50)
    page.tap("button[data-draw-action=start]")
    for x, y in corners_of_12_3(page):
        page.touchscreen.tap(x, y)
    assert page.evaluate(CORNERS_DRAWN) == 4
    page.tap("button[data-draw-action=finish]")
    drawn = json.loads(page.locator("textarea[name=site_geometry]").input_value())
    ring = drawn["coordinates"][0]
    assert all(LON < lon < LON + 0.01 and LAT < lat < LAT + 0.01 for lon, lat in ring)
    context.close()
