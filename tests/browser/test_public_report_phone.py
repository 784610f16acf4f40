"""A citizen reports harm on a 390 px phone, without an account (product.md §19 P2): chooses the
district, taps the place on the Leaflet map (one tap, one point), or lets the phone say where
they stand ("use my location"), writes what they saw, attaches a
photo, sends it, and reads the tracking code; looks it up again later. The district reviewer
then finds it in the agency's list. No sideways scrolling; photographed into tests/artifacts/."""

import io
import json

import pytest

from public.models import Report

from .helpers import ARTIFACTS, OVERFLOW

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 3), (34, 120, 50)).save(out, "PNG")
    return out.getvalue()


PNG = _png()


def test_a_citizen_files_a_report_on_a_phone(browser, live_server, reference_data, tmp_path):
    photo = tmp_path / "felled.png"
    photo.write_bytes(PNG)
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True).new_page()
    page.goto(live_server.url + "/public/reports/new/")
    page.select_option("#id_choose_district", "110118")
    page.click("[data-action=choose_district]")
    page.wait_for_url("**district=110118**")
    assert page.evaluate(OVERFLOW) <= 1
    # Sending nothing: every field is named, nothing is stored.
    page.click("[data-action=send_report]")
    page.wait_for_selector("#error-summary")
    assert Report.objects.count() == 0
    # One tap on the map marks the place.
    page.wait_for_selector("[data-site-draw][data-draw-ready]")
    page.tap("[data-draw-action=start]")
    box = page.locator("[data-site-draw] [data-map]").bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.tap("[data-draw-action=finish]")
    site = json.loads(page.input_value("#id_site_geometry"))
    assert site["type"] == "Point"
    page.check("input[name=kind][value=illegal_felling]")
    page.fill("#id_description", "山坡上有人砍伐侧柏，已砍倒十余棵。")
    page.set_input_files("#id_photos", str(photo))
    page.screenshot(path=ARTIFACTS / "public-report-form-390.png", full_page=True)
    page.click("[data-action=send_report]")
    page.wait_for_selector("#tracking-code")
    code = page.inner_text("#tracking-code").strip()
    report = Report.objects.get()
    assert code == report.tracking_code and report.photos.count() == 1
    assert report.site_geometry["type"] == "Point"
    assert page.evaluate(OVERFLOW) <= 1
    page.screenshot(path=ARTIFACTS / "public-report-code-390.png", full_page=True)
    # Later: the code typed by hand, in lower case.
    page.goto(live_server.url + "/public/reports/track/")
    page.fill("#id_code", code.lower())
    page.click("#report-lookup button[type=submit]")
    page.wait_for_selector("#report-status")
    assert page.locator("[data-status=received]").count() == 1
    assert "砍伐" not in page.inner_text("body")


def test_a_citizen_on_the_spot_gives_the_place_by_the_phones_location(
    browser, live_server, reference_data
):
    """Issue 45 item 3: "use my location" marks where the phone is as the report's place."""
    here = {"longitude": 116.8421, "latitude": 40.3765}
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        has_touch=True,
        is_mobile=True,
        geolocation=here,
        permissions=["geolocation"],
    )
    page = context.new_page()
    page.goto(live_server.url + "/public/reports/new/?district=110118")
    page.wait_for_selector("[data-site-draw][data-draw-ready]")
    assert page.evaluate(OVERFLOW) <= 1
    locate = page.locator("[data-site-draw] [data-draw-action=locate]").first
    assert (
        locate.is_visible()
        and locate.bounding_box()["y"]
        < page.locator("[data-site-draw] [data-map]").bounding_box()["y"]
    )  # above the map: the first thing a person on the spot sees
    locate.tap()
    page.wait_for_selector("[data-site-draw][data-located]")
    site = json.loads(page.input_value("#id_site_geometry"))
    assert site == {"type": "Point", "coordinates": [here["longitude"], here["latitude"]]}
    assert "您所在的位置" in page.inner_text("[data-draw-status]")
    page.check("input[name=kind][value=illegal_felling]")
    page.fill("#id_description", "林边有人倾倒建筑垃圾，压占林地。")
    page.click("[data-action=send_report]")
    page.wait_for_selector("#tracking-code")
    report = Report.objects.get()
    assert report.site_geometry == site
    context.close()


def test_a_refused_location_says_so_and_the_map_still_works(browser, live_server, reference_data):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()  # no geolocation permission: the browser refuses
    page.goto(live_server.url + "/public/reports/new/?district=110118")
    page.wait_for_selector("[data-site-draw][data-draw-ready]")
    page.locator("[data-site-draw] [data-draw-action=locate]").first.tap()
    page.wait_for_function(
        "() => document.querySelector('[data-draw-status]').textContent.includes('无法获取')"
    )
    assert page.input_value("#id_site_geometry") == ""
    context.close()
