"""Drawing the site in a real browser (PRODUCT §15): the applicant clicks four corners on the
draft form's map, finishes, saves, and the draft holds that polygon, screened. Also checks that
the script is served (static files) and runs under the Content-Security-Policy.

PostgreSQL only, like every live-server test (see test_click_through's docstring)."""

import pytest

from permits.models import Application
from permits.screening import screening_of
from tests.factories import tending_draft

from .test_click_through import browser, logged_in  # noqa: F401 (the fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def test_an_applicant_draws_the_site_on_the_map(browser, live_server, applicant_my):  # noqa: F811
    draft = tending_draft(by=applicant_my, area_ha=10)
    before = draft.site_geometry
    page = logged_in(browser, live_server, "applicant_my")
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
