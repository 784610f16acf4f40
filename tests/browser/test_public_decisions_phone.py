"""The published decisions (product.md §19 P1) on a 390 px phone, without login: the list, a
search by district and kind, and a wrong date said next to its field. No sideways scrolling of
the page (the table scrolls in its own region); photographed into tests/artifacts/."""

from datetime import datetime

import pytest

from public.publication import decisions_publish
from tests.factories import decision_document
from tests.web.helpers import approved

from .helpers import ARTIFACTS, OVERFLOW

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def test_a_citizen_finds_a_decision_on_a_phone(
    browser, live_server, applicant_my, reviewer_my, approver
):
    certificate = decision_document(
        approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    )
    decisions_publish(datetime.now().astimezone())
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    page.goto(live_server.url + "/public/decisions/")
    assert certificate.number in page.inner_text("#public-decisions")
    assert page.evaluate(OVERFLOW) <= 1
    page.screenshot(path=ARTIFACTS / "public-decisions-390.png", full_page=True)
    # A search: the district and the kind, as a person picks them.
    page.select_option("#id_district", "110118")
    page.select_option("#id_kind", "tending")
    page.click("#public-filter button[type=submit]")
    page.wait_for_url("**kind=tending**")
    assert certificate.number in page.inner_text("#public-decisions")
    page.select_option("#id_kind", "occupation")
    page.click("#public-filter button[type=submit]")
    page.wait_for_url("**kind=occupation**")
    assert page.locator("#public-decisions-empty").count() == 1
    # The number leads to the document's verification.
    page.goto(live_server.url + "/public/decisions/")
    page.click(f"text={certificate.number}")
    page.wait_for_url("**/verify/**")
    assert page.evaluate(OVERFLOW) <= 1
