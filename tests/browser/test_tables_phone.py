"""Wide tables on a 390 px phone (issue 45 item 14): the public decisions, an application's
history and obligations, the obligations list, the appraisal and the reports read as one card
per row, nothing scrolled sideways, in its box or on the page; the application page shows its
title, then its status, documents and the acts the user may take, before its facts."""

from datetime import datetime

import pytest

from public.publication import decisions_publish
from tests.factories import decision_document
from tests.web.helpers import approved

from .helpers import ARTIFACTS, OVERFLOW, logged_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

PHONE = {"width": 390, "height": 844}
# The scrolling boxes of card tables wider than themselves (a row cut off at the edge).
CARDS_CUT_OFF = """[...document.querySelectorAll('.permits-scroll')]
  .filter(box => box.querySelector('.permits-table--cards'))
  .filter(box => box.scrollWidth > box.clientWidth + 1)
  .map(box => box.querySelector('table').id || box.getAttribute('aria-labelledby'))"""
CARD_TABLES = "document.querySelectorAll('.permits-table--cards').length"


def _fits(page, url: str, *, tables: int = 1) -> None:
    page.goto(url)
    page.wait_for_load_state("load")
    assert page.evaluate(OVERFLOW) <= 1, url
    assert page.evaluate(CARD_TABLES) >= tables, url
    assert page.evaluate(CARDS_CUT_OFF) == [], url


def _top(page, selector: str) -> float:
    return page.locator(selector).first.bounding_box()["y"]


def test_wide_tables_read_as_cards_on_a_phone(
    browser, live_server, applicant_my, reviewer_my, approver
):
    application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    decision_document(application)
    decisions_publish(datetime.now().astimezone())
    ARTIFACTS.mkdir(exist_ok=True)
    base = live_server.url

    anonymous = browser.new_context(viewport=PHONE).new_page()
    _fits(anonymous, f"{base}/public/decisions/")
    anonymous.context.close()

    holder = logged_in(browser, base, applicant_my.username, viewport=PHONE)
    _fits(holder, f"{base}/applications/{application.pk}/", tables=1)
    holder.screenshot(path=ARTIFACTS / "application-page-390.png", full_page=True)
    # Title, then status and documents, then the facts; the history last.
    assert _top(holder, "h1") < _top(holder, "#status") < _top(holder, "#facts")
    assert _top(holder, "#status") < _top(holder, "#certificate") < _top(holder, "#facts")
    assert _top(holder, "#facts") < _top(holder, "#history")
    _fits(holder, f"{base}/obligations/", tables=1)
    holder.context.close()

    official = logged_in(browser, base, reviewer_my.username, viewport=PHONE)
    _fits(official, f"{base}/appraisal/")
    _fits(official, f"{base}/reports/")
    official.context.close()
