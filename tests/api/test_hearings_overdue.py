"""A hearing not held by the day art. 47 sets (行政许可法第四十七条: “行政机关应当在二十日内组织
听证”; ``Hearing.hold_by``). The lateness is the agency's breach: it is never a reason to
refuse to record the hearing. The pages and the work queue show it as 逾期未举行, the tick tells
the agency's heads once, and a hearing recorded after the day needs the reason for the delay
(400 ``late_reason`` ``required``), which the audit event and the 听证笔录 carry."""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from api.serializers.hearings import HearingSerializer
from audit.models import AuditEvent
from core.messages import (
    MSG_HEARING_LATE_REASON,
    MSG_HEARING_LATE_REASON_APPROVAL,
    MSG_TOLD_HEAD_HEARING_OVERDUE,
    MSG_TOLD_HEAD_HEARING_OVERDUE_APPROVAL,
)
from permits.choices import NotificationKind
from permits.models import Notification
from tests.factories import (
    committed,
    design_licensed,
    document_pdf,
    open_task_of,
    submit,
    tending_draft,
)
from tests.pdftools import pdf_text
from workflows.models import Hearing
from workflows.tick import tick

from .helpers import API, error_fields, pdf_file
from .test_hearings import MONDAY, REASON, RECORD, SHANGHAI

pytestmark = pytest.mark.django_db
JOB = "hearings overdue"
BY_ANALOGY = "参照《中华人民共和国行政许可法》第四十七条"
# The tests reading a message in the words of the decision's form run on a design approved by
# 批复 (as by default) and on one the legal office made a licence (issue 46 item 3).
BOTH_FORMS = pytest.mark.parametrize("licence", [True, False], ids=["licence", "approval"])


@pytest.fixture(autouse=True)
def _monday(time_machine):
    time_machine.move_to(MONDAY, tick=False)


@pytest.fixture
def licence():
    """A design's approval is a 批复 unless a test says otherwise (``BOTH_FORMS``)."""
    return False


@pytest.fixture
def asked(client_for, applicant_my, reviewer_my, licence):
    """A Beijing tending design whose applicant asked for the hearing offered on Monday."""
    if licence:
        design_licensed()
    application = submit(tending_draft(by=applicant_my), applicant_my)
    task = open_task_of(application)
    body = {"reason": REASON}
    url = f"{API}/tasks/{task.pk}/hearing-notice/"
    assert committed(client_for(reviewer_my).post, url, body, format="json").status_code == 201
    url = f"{API}/applications/{application.pk}/hearing-request/"
    assert committed(client_for(applicant_my).post, url, {}, format="json").status_code == 201
    return Hearing.objects.get(application_id=application.pk)


def _at(day, time_machine=None):
    moment = datetime.combine(day, time(10), tzinfo=SHANGHAI)
    if time_machine is not None:
        time_machine.move_to(moment, tick=False)
    return moment


def _hold(client, hearing, presiding, **overrides):
    body = {
        "held_on": timezone.localdate().isoformat(),
        "presiding": presiding.username,
        "record": RECORD,
        "files": [pdf_file("听证笔录（签字）.pdf")],
        **overrides,
    }
    url = f"{API}/tasks/{hearing.task_id}/hearing/"
    return committed(client.post, url, body, format="multipart")


@BOTH_FORMS
def test_the_tick_tells_the_heads_once_when_the_day_passes_unheld(asked, head_my, licence):
    assert tick(_at(asked.hold_by))[JOB] == 0  # its last day: not yet late
    after = _at(asked.hold_by + timedelta(days=1))
    assert tick(after)[JOB] == 1
    assert tick(after)[JOB] == 0  # a second run tells nobody again
    assert tick(after + timedelta(days=3))[JOB] == 0
    told = Notification.objects.get(kind=NotificationKind.HEARING, recipient=head_my)
    overdue = MSG_TOLD_HEAD_HEARING_OVERDUE if licence else MSG_TOLD_HEAD_HEARING_OVERDUE_APPROVAL
    assert told.message == str(overdue).format(
        reference=told.application.reference,
        requested=asked.requested_on.isoformat(),
        hold_by=asked.hold_by.isoformat(),
    )
    assert asked.hold_by.isoformat() in told.message and "第四十七条" in told.message
    assert (BY_ANALOGY in told.message) is not licence
    (event,) = AuditEvent.objects.filter(
        application_id=asked.application_id, action="hearing_overdue"
    )
    assert event.details == {"hearing_id": asked.pk, "hold_by": asked.hold_by.isoformat()}
    assert event.actor_id is None and event.role == "system"
    asked.refresh_from_db()
    assert asked.overdue_told_on == after.date()


def test_a_hearing_held_in_time_is_never_reported(
    asked, client_for, reviewer_my, reviewer_my2, head_my
):
    assert _hold(client_for(reviewer_my), asked, reviewer_my2).status_code == 201
    assert tick(_at(asked.hold_by + timedelta(days=5)))[JOB] == 0
    assert not Notification.objects.filter(
        kind=NotificationKind.HEARING, recipient=head_my
    ).exists()


def test_the_task_page_and_the_queue_show_it_overdue(asked, client, reviewer_my, time_machine):
    client.force_login(reviewer_my)
    task_url = reverse("task-detail", args=[asked.task_id])
    queue_url = reverse("tasks:index")
    for url in (task_url, queue_url):
        assert "data-hearing-overdue" not in client.get(url).content.decode()
    _at(asked.hold_by, time_machine)
    client.force_login(reviewer_my)
    page = client.get(task_url).content.decode()
    assert "data-hearing-overdue" not in page and asked.hold_by.isoformat() in page
    _at(asked.hold_by + timedelta(days=1), time_machine)
    client.force_login(reviewer_my)  # a month on: the session has ended
    page = client.get(task_url).content.decode()
    assert "data-hearing-overdue" in page and "逾期未举行" in page
    queue = "".join(
        client.get(queue_url, {"queue": tab}).content.decode() for tab in ("inbox", "queue")
    )
    assert "data-hearing-overdue" in queue and "听证逾期未举行" in queue
    assert HearingSerializer(Hearing.objects.get(pk=asked.pk)).data["overdue"] is True


@BOTH_FORMS
def test_held_late_it_needs_the_reason_which_the_record_and_the_event_carry(
    asked, client_for, reviewer_my, reviewer_my2, time_machine, licence
):
    _at(asked.hold_by + timedelta(days=3), time_machine)
    reviewer = client_for(reviewer_my)
    response = _hold(reviewer, asked, reviewer_my2)
    assert response.status_code == 400
    assert error_fields(response) == {"late_reason": "required"}
    (error,) = response.json()["errors"]
    late = MSG_HEARING_LATE_REASON if licence else MSG_HEARING_LATE_REASON_APPROVAL
    assert error["message"] == str(late) and "逾期原因" in error["message"]
    assert (BY_ANALOGY in error["message"]) is not licence
    assert Hearing.objects.get(pk=asked.pk).held_on is None  # nothing changed

    why = "听证主持人因防汛抢险任务未能按期到场"
    response = _hold(reviewer, asked, reviewer_my2, late_reason=why)
    assert response.status_code == 201, response.json()
    assert response.json()["late_reason"] == why and response.json()["overdue"] is False
    event = AuditEvent.objects.get(application_id=asked.application_id, action="hearing_held")
    assert event.details["late_reason"] == why
    assert event.details["hold_by"] == asked.hold_by.isoformat()
    held = Hearing.objects.get(pk=asked.pk)
    text = pdf_text(document_pdf(held.record_document)).replace("\n", "").replace(" ", "")
    assert why in text and "逾期举行听证" in text and "本听证应当于" in text
    # A 批复's record states the day without art. 47 (issue 46), and the pause the request
    # began cites that article by analogy only; a licence's cite it.
    assert ("依照《中华人民共和国行政许可法》第四十七条" in text) is licence
    cited = "（《中华人民共和国行政许可法》第四十七条）" if licence else f"（{BY_ANALOGY}）"
    assert held.procedure.reason.endswith(cited)


def test_held_in_time_no_reason_is_asked_nor_printed(asked, client_for, reviewer_my, reviewer_my2):
    response = _hold(client_for(reviewer_my), asked, reviewer_my2, late_reason="无")
    assert response.status_code == 201, response.json()
    held = Hearing.objects.get(pk=asked.pk)
    assert held.late_reason == ""
    event = AuditEvent.objects.get(application_id=asked.application_id, action="hearing_held")
    assert "late_reason" not in event.details
    assert "逾期" not in pdf_text(document_pdf(held.record_document))


@BOTH_FORMS
def test_the_task_pages_form_asks_the_reason_beside_its_field(
    asked, client, reviewer_my, reviewer_my2, time_machine, licence
):
    late = asked.hold_by + timedelta(days=2)
    _at(late, time_machine)
    client.force_login(reviewer_my)
    url = reverse("task-hearing", args=[asked.task_id])
    body = {
        "hearing-held_on": late.isoformat(),
        "hearing-presiding": reviewer_my2.username,
        "hearing-record": RECORD,
        "hearing-record_files": pdf_file("听证笔录.pdf"),
    }
    page = committed(client.post, url, body)
    html = page.content.decode()
    late, other = (MSG_HEARING_LATE_REASON, MSG_HEARING_LATE_REASON_APPROVAL)[
        :: 1 if licence else -1
    ]
    assert page.status_code == 200 and str(late) in html and str(other) not in html
    assert page.context["hearing_hold_form"].errors["late_reason"] == [str(late)]
    assert Hearing.objects.get(pk=asked.pk).held_on is None

    body["hearing-late_reason"] = "主持人因公出差"
    body["hearing-record_files"] = pdf_file("听证笔录.pdf")
    assert committed(client.post, url, body).status_code == 302
    assert Hearing.objects.get(pk=asked.pk).late_reason == "主持人因公出差"
