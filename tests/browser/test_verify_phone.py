"""The public verification page on a 390 px phone, as a ranger in the field opens it from the QR
code: with the right code (verdict, holder, site, work and dates), with a wrong code (校验码不正确,
no verdict) and for an unknown number (查无此文书). No sideways scrolling; each state is
photographed into tests/artifacts/ for a person to look at."""

from urllib.parse import quote

import pytest

from tests.factories import decision_document
from tests.web.helpers import approved

from .helpers import ARTIFACTS, OVERFLOW

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def test_the_three_states_fit_a_phone(
    browser,
    live_server,
    applicant_my,
    reviewer_my,
    approver,
):
    certificate = decision_document(
        approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    )
    number = quote(certificate.number)
    states = {
        "right-code": (f"/verify/{number}/?code={certificate.check_code}", "可按本文书载明"),
        "wrong-code": (f"/verify/{number}/?code=ABCD2345EFGH6789", "校验码不正确"),
        "unknown": (f"/verify/{quote('京园林抚审〔2026〕9999号')}/", "查无此文书"),
    }
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    for name, (path, words) in states.items():
        page.goto(live_server.url + path)
        assert words in page.inner_text("body"), name
        assert page.evaluate(OVERFLOW) <= 1, name
        page.screenshot(path=ARTIFACTS / f"verify-{name}-390.png", full_page=True)
    # The ranger's rows, where the page can be read without zooming.
    page.goto(live_server.url + states["right-code"][0])
    particulars = page.inner_text("#verify-particulars")
    assert "作业面积（公顷）" in particulars and "有效期限" in particulars
