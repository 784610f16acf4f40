"""The hearing on the pages (product.md §16 L16; arts. 46–48): the reviewer offers it from the
task page, the applicant asks for it from the application page, the reviewer records it held
with its signed record; each form posts to the one service."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from core.messages import (
    MSG_HEARING_HELD_DONE,
    MSG_HEARING_HELD_DONE_APPROVAL,
    MSG_HEARING_OFFERED_DONE,
    MSG_HEARING_RECORD_FILE,
    MSG_HEARING_RECORD_FILE_APPROVAL,
    MSG_HEARING_REQUESTED_DONE,
    MSG_HEARING_REQUESTED_DONE_APPROVAL,
    MSG_PRESIDING_REVIEWED,
    MSG_PRESIDING_REVIEWED_APPROVAL,
)
from web.forms.hearings import HEARING_HELP, HEARING_HELP_APPROVAL
from workflows.models import Hearing

from ..factories import committed, design_licensed, pdf_upload
from .helpers import open_task, submitted

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _monday(time_machine):
    time_machine.move_to(datetime(2026, 9, 28, 10, tzinfo=SHANGHAI), tick=False)


def _page(client, name, pk) -> str:
    response = client.get(reverse(name, args=[pk]))
    assert response.status_code == 200
    return response.content.decode()


def _post(client, name, pk, data):
    return committed(client.post, reverse(name, args=[pk]), data, follow=True)


def _shows(page: str, licence: bool, licensed, approval) -> None:
    """``page`` shows the licence's wording or the 批复's, not the other."""
    shown, other = (licensed, approval)[:: 1 if licence else -1]
    assert escape(str(shown)) in page and escape(str(other)) not in page


@pytest.mark.parametrize("licence", [True, False], ids=["licence", "approval"])
def test_offered_asked_for_and_held_from_the_pages(
    english, applicant_my, reviewer_my, reviewer_my2, licence
):
    """A licence's refusals and help cite arts. 46–48; a 批复's (a design's, unless the legal
    office made it a licence) follow them by analogy, and its confirmations name the committed
    time limit, not the decision period (issue 46 item 3)."""
    if licence:
        design_licensed()
    application = submitted(by=applicant_my)
    task = open_task(application)
    english.force_login(reviewer_my)
    page = _page(english, "task-detail", task.pk)
    assert 'data-action="hearing-notice"' in page
    _shows(page, licence, HEARING_HELP, HEARING_HELP_APPROVAL)
    response = _post(
        english, "task-hearing-notice", task.pk, {"hearing-offer-reason": "涉及水源保护区"}
    )
    assert str(MSG_HEARING_OFFERED_DONE) in response.content.decode()
    hearing = Hearing.objects.get(application_id=application.pk)
    assert hearing.notices.count() == 1

    english.force_login(applicant_my)
    page = _page(english, "application-detail", application.pk)
    assert 'data-action="request_hearing"' in page and hearing.notices.get().notice.number in page
    response = _post(english, "application-hearing-request", application.pk, {})
    requested = (MSG_HEARING_REQUESTED_DONE, MSG_HEARING_REQUESTED_DONE_APPROVAL)
    _shows(response.content.decode(), licence, *requested)
    assert 'data-action="request_hearing"' not in response.content.decode()

    english.force_login(reviewer_my)
    page = _page(english, "task-detail", task.pk)
    assert 'data-action="hearing"' in page and 'data-action="hearing-notice"' not in page
    _shows(page, licence, HEARING_HELP, HEARING_HELP_APPROVAL)
    body = {
        "hearing-held_on": "2026-09-28",
        "hearing-presiding": reviewer_my.username,
        "hearing-record": "申请人陈述意见，审查人员答复。",
    }
    page = _post(english, "task-hearing", task.pk, body).content.decode()
    files = (MSG_HEARING_RECORD_FILE, MSG_HEARING_RECORD_FILE_APPROVAL)[:: 1 if licence else -1]
    assert str(files[0]) in page and str(files[1]) not in page
    body["hearing-record_files"] = pdf_upload("听证笔录.pdf")
    page = _post(english, "task-hearing", task.pk, body).content.decode()
    reviewed = (MSG_PRESIDING_REVIEWED, MSG_PRESIDING_REVIEWED_APPROVAL)[:: 1 if licence else -1]
    assert str(reviewed[0]) in page and str(reviewed[1]) not in page
    assert ("by analogy with Administrative Licensing Law" in page) is not licence
    body["hearing-presiding"] = reviewer_my2.username
    body["hearing-record_files"] = pdf_upload("听证笔录.pdf")
    response = _post(english, "task-hearing", task.pk, body)
    _shows(
        response.content.decode(), licence, MSG_HEARING_HELD_DONE, MSG_HEARING_HELD_DONE_APPROVAL
    )
    hearing.refresh_from_db()
    assert hearing.held_on is not None and hearing.record_document is not None
    assert hearing.record_document.number in _page(english, "application-detail", application.pk)


def test_the_pages_queries_do_not_grow_with_the_hearings(client, applicant_my, reviewer_my):
    """The application and task pages read the hearings, their notices, records and files in
    as many queries for three hearings as for one."""
    application = submitted(by=applicant_my)
    task = open_task(application)
    client.force_login(reviewer_my)
    _post(client, "task-hearing-notice", task.pk, {"hearing-offer-reason": "涉及水源保护区"})
    hearing = Hearing.objects.get(application_id=application.pk)
    urls = (
        reverse("application-detail", args=[application.pk]),
        reverse("task-detail", args=[task.pk]),
    )
    counts = {}
    for url in urls:
        client.get(url)  # the process's caches
        with CaptureQueriesContext(connection) as one:
            client.get(url)
        counts[url] = len(one)
    notices = list(hearing.notices.all())
    for _ in range(2):  # two more hearings offered, each with its notice
        hearing.pk = None
        hearing._state.adding = True
        hearing.save()
        for notice in notices:
            notice.pk, notice.hearing = None, hearing
            notice._state.adding = True
            notice.save()
    for url, one in counts.items():
        with CaptureQueriesContext(connection) as three:
            page = client.get(url)
        assert len(page.context["hearings"]) == 3
        assert len(three) == one, [q["sql"][:120] for q in three.captured_queries]
