"""Interested parties (利害关系人, product.md §16 L14) on the pages: the district task of an
occupation of another's land lists each holder, issues its notice and records its answer; the
approval waits for them; the applicant reads the same list."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils.html import escape

from core.messages import (
    MSG_ANSWER_REQUIRED,
    MSG_PARTIES_NEEDED,
    MSG_PARTY_AGREEMENT_CONFIRMED,
    MSG_PARTY_ANSWERED,
    MSG_PARTY_NOTIFIED,
    MSG_PARTY_SERVED,
)
from permits.choices import Status
from permits.services import attachment_add
from roles.models import Role
from workflows.models import InterestedPartyNotice

from ..factories import (
    VILLAGE_CODE,
    VILLAGE_NAME,
    committed,
    member,
    pdf_upload,
    site_check,
    submit,
    village_occupation_draft,
)
from .helpers import open_task

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _monday(time_machine):
    time_machine.move_to(datetime(2026, 6, 8, 10, tzinfo=SHANGHAI), tick=False)


@pytest.fixture
def application(applicant_my, reviewer_my):
    application = submit(village_occupation_draft(by=applicant_my), applicant_my)
    member(role=Role.REVIEWER, agency_code="110118-forestry", username="district_my2")
    site_check(application, reviewer_my)
    return application


@pytest.fixture
def task(application):
    return open_task(application)


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _task_page(client, task) -> str:
    return _page(client, reverse("task-detail", args=[task.pk]))


def test_the_district_task_lists_the_party_and_waits(english, task, reviewer_my):
    english.force_login(reviewer_my)
    page = _task_page(english, task)
    assert 'id="interested-parties"' in page and VILLAGE_NAME in page and VILLAGE_CODE in page
    assert str(MSG_PARTIES_NEEDED) in page
    assert reverse("task-interested-party-notify", args=[task.pk]) in page
    assert f'name="holder_credit_code" value="{VILLAGE_CODE}"' in page


def test_issue_answer_and_approve_through_the_pages(
    english, application, task, reviewer_my, applicant_my
):
    english.force_login(reviewer_my)
    notify_url = reverse("task-interested-party-notify", args=[task.pk])
    response = committed(english.post, notify_url, {"holder_credit_code": VILLAGE_CODE})
    assert response.status_code == 302
    notice = InterestedPartyNotice.objects.get()
    page = _page(english, response["Location"])
    assert str(MSG_PARTY_NOTIFIED) in page and notice.notice.number in page
    answer_url = reverse("task-interested-party-answer", args=[task.pk, notice.pk])
    assert answer_url in page
    prefix = f"party-answer-{notice.pk}"
    # A blank answer comes back with its message beside the field, nothing recorded.
    response = english.post(answer_url, {f"{prefix}-answered_on": "2026-06-08"})
    assert response.status_code == 200 and str(MSG_ANSWER_REQUIRED) in response.content.decode()
    notice.refresh_from_db()
    assert notice.answered_on is None
    response = english.post(
        answer_url,
        {f"{prefix}-answered_on": "2026-06-08", f"{prefix}-answer": "同意，补偿另行协商。"},
    )
    assert response.status_code == 302
    page = _page(english, response["Location"])
    assert escape(str(MSG_PARTY_ANSWERED)) in page and "同意，补偿另行协商。" in page
    assert str(MSG_PARTIES_NEEDED) not in page
    response = english.post(
        reverse("task-detail", args=[task.pk]), {"decision": "approve", "opinion": "同意上报"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.CONSULTATION
    # The applicant reads the same list, without the buttons.
    english.force_login(applicant_my)
    page = _page(english, reverse("application-detail", args=[application.pk]))
    assert 'id="interested-parties"' in page and "同意，补偿另行协商。" in page
    assert 'data-action="interested-party' not in page


def test_those_who_may_not_act_get_no_buttons_and_403(english, task, reviewer_yq, auditor):
    english.force_login(auditor)
    page = _task_page(english, task)
    assert VILLAGE_NAME in page and 'data-action="interested-party' not in page
    url = reverse("task-interested-party-notify", args=[task.pk])
    assert english.post(url, {"holder_credit_code": VILLAGE_CODE}).status_code == 403
    english.force_login(reviewer_yq)
    assert english.post(url, {"holder_credit_code": VILLAGE_CODE}).status_code == 404
    assert not InterestedPartyNotice.objects.exists()


def test_a_wrong_holder_is_refused_with_a_message(english, task, reviewer_my):
    english.force_login(reviewer_my)
    url = reverse("task-interested-party-notify", args=[task.pk])
    response = english.post(url, {"holder_credit_code": "nobody"}, follow=True)
    assert response.status_code == 200
    assert not InterestedPartyNotice.objects.exists()


def test_record_the_day_served_through_the_page(english, task, reviewer_my):
    english.force_login(reviewer_my)
    notify_url = reverse("task-interested-party-notify", args=[task.pk])
    committed(english.post, notify_url, {"holder_credit_code": VILLAGE_CODE})
    notice = InterestedPartyNotice.objects.get()
    served_url = reverse("task-interested-party-served", args=[task.pk, notice.pk])
    page = _task_page(english, task)
    assert served_url in page and "not yet served (5 working days from service)" in page
    response = committed(english.post, served_url, {"served_on": "2026-06-08"})
    assert response.status_code == 302
    page = _page(english, response["Location"])
    assert escape(str(MSG_PARTY_SERVED)) in page
    assert "served 2026-06-08, answer by 2026-06-15" in page and served_url not in page
    notice.refresh_from_db()
    assert notice.served_on is not None and notice.served_recorded_by == reviewer_my


def test_confirm_a_compensation_agreement_through_the_page(
    english, applicant_my, reviewer_my, reviewer_my2
):
    draft = village_occupation_draft(by=applicant_my)
    attachment_add(
        application=draft,
        by=applicant_my,
        kind="compensation_agreement",
        upload=pdf_upload("补偿协议.pdf"),
    )
    application = submit(draft, applicant_my)
    site_check(application, reviewer_my)
    task = open_task(application)
    english.force_login(reviewer_my)
    url = reverse("task-compensation-confirm", args=[task.pk])
    page = _task_page(english, task)
    assert url in page and "None confirmed as naming this holder" in page
    agreement = application.attachments.get(kind="compensation_agreement")
    body = {"attachment_id": agreement.pk, "holder_credit_code": VILLAGE_CODE}
    response = committed(english.post, url, body)
    assert response.status_code == 302
    page = _page(english, response["Location"])
    assert escape(str(MSG_PARTY_AGREEMENT_CONFIRMED)) in page
    assert "Confirmed by the reviewer as naming this holder" in page
    assert str(MSG_PARTIES_NEEDED) not in page
