"""A permanent occupation's approval lapses and is cancelled (product.md §18 B4): valid two
years (建设项目使用林地审核审批管理办法 art. 25) unless the holder records the construction-land
approval; the day after its last day the tick lapses it and cancels it (注销, Administrative
Licensing Law art. 70(1)) with a numbered 注销行政许可通知书, exactly once; the public verification
answers "cancelled". The holder records the approval over HTTP, once, field by field."""

import json
from datetime import date, datetime
from io import StringIO
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from audit.models import AuditEvent
from audit.trail import audit_verify
from documents.models import Certificate, DocumentKind
from permits.choices import NotificationKind, Status
from permits.models import Application, Notification
from tests.factories import decide, document_pdf, occupation_draft, persona, submit_accepted

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
APPROVED_ON = date(2026, 6, 1)
LAST_DAY = date(2028, 6, 1)
LAND = {
    "number": "京规自地字〔2027〕18号",
    "approved_on": "2027-03-01",
    "authority": "北京市规划和自然资源委员会",
}


def at(day: date):
    return datetime(day.year, day.month, day.day, 10, tzinfo=SHANGHAI)


def tick() -> str:
    out = StringIO()
    call_command("permits_tick", stdout=out)
    return out.getvalue()


@pytest.fixture
def permanent(applicant_my, reviewer_my, approver, time_machine):
    time_machine.move_to(at(APPROVED_ON), tick=False)
    draft = occupation_draft(
        by=applicant_my, occupation_kind="permanent", duration_months=None, restoration_plan=""
    )
    application = decide(submit_accepted(application=draft, by=applicant_my), reviewer_my)
    application = decide(application, persona("muni_plan"), "agree", "", "bj-planning")
    return decide(application, approver)


def _status(application) -> str:
    return Application.objects.get(pk=application.pk).status


def _post(client, application, body):
    return client.post(f"{API}/applications/{application.pk}/land-approval/", body, format="json")


API = "/api/v1"


def test_the_approval_is_valid_two_years_and_says_so(permanent):
    assert permanent.valid_until == LAST_DAY
    approval = permanent.certificates.get(document_kind=DocumentKind.APPROVAL)
    printed = json.dumps(approval.content, ensure_ascii=False)
    assert "本决定书有效期为两年" in printed and "第二十五条" in printed


def test_lapsed_and_cancelled_the_day_after_its_last_day_once(
    permanent, applicant_my, time_machine
):
    time_machine.move_to(at(LAST_DAY))
    tick()
    assert _status(permanent) == Status.APPROVED  # valid through its last day

    time_machine.move_to(at(date(2028, 6, 2)))
    assert "permits lapsed and cancelled: 1" in tick()
    assert _status(permanent) == Status.CANCELLED
    lapse = AuditEvent.objects.get(application_id=permanent.pk, action="lapse")
    cancel = AuditEvent.objects.get(application_id=permanent.pk, action="cancel")
    assert (lapse.from_status, lapse.to_status, lapse.role) == ("approved", "lapsed", "system")
    assert (cancel.from_status, cancel.to_status) == ("lapsed", "cancelled")
    assert lapse.seq < cancel.seq and lapse.actor_id is None
    notice = Certificate.objects.get(
        application_id=permanent.pk, document_kind=DocumentKind.CANCELLATION_NOTICE
    )
    assert cancel.details["number"] == notice.number and "注" in notice.number
    printed = json.dumps(notice.content, ensure_ascii=False)
    for words in (
        "注销行政许可通知书",
        "2028年6月1日",
        "建设用地批准文件",
        "第二十五条",
        "第七十条第（一）项",
        "依法注销该行政许可",
        "重新申请",
        "申请行政复议",
    ):
        assert words in printed, words
    assert document_pdf(notice).startswith(b"%PDF")
    approval = permanent.certificates.get(document_kind=DocumentKind.APPROVAL)
    assert approval.content["document"]["revoked_act"] == "注销"
    url = f"{API}/certificates/{quote(approval.number)}/verify/"
    assert APIClient().get(url).json()["status"] == "cancelled"
    verified = APIClient().get(url, {"code": approval.check_code}).json()
    assert (verified["status"], verified["status_on"]) == ("cancelled", "2028-06-02")
    page = Client().get(reverse("verify", args=[approval.number]), {"code": approval.check_code})
    html = page.content.decode()
    assert 'data-status="cancelled"' in html and 'data-status-on="2028-06-02"' in html
    assert Notification.objects.filter(
        recipient=applicant_my, kind=NotificationKind.PERMIT_CANCELLED, application=permanent
    ).exists()
    # Exactly once: a second tick does nothing more.
    events = AuditEvent.objects.count()
    assert "permits lapsed and cancelled: 0" in tick()
    assert AuditEvent.objects.filter(action__in=["lapse", "cancel"]).count() == 2
    assert AuditEvent.objects.count() == events
    assert audit_verify().ok


def test_the_holder_records_the_land_approval_and_it_never_lapses(
    permanent, client_for, applicant_my, approver, time_machine
):
    time_machine.move_to(at(date(2027, 3, 2)))
    holder = client_for(applicant_my)
    record = holder.get(f"{API}/applications/{permanent.pk}/").json()
    assert record["land_approval"] is None and "record_land_approval" in record["actions"]
    response = _post(holder, permanent, LAND)
    assert response.status_code == 201, response.json()
    assert response.json()["number"] == LAND["number"]
    record = holder.get(f"{API}/applications/{permanent.pk}/").json()
    assert record["land_approval"]["authority"] == LAND["authority"]
    assert "record_land_approval" not in record["actions"]
    assert _post(holder, permanent, LAND).status_code == 409  # once
    event = AuditEvent.objects.get(application_id=permanent.pk, action="land_approval_recorded")
    assert event.details["number"] == LAND["number"]
    assert Notification.objects.filter(
        recipient=approver, kind=NotificationKind.LAND_APPROVAL, application=permanent
    ).exists()

    time_machine.move_to(at(date(2030, 1, 1)))
    assert "permits lapsed and cancelled: 0" in tick()
    assert _status(permanent) == Status.APPROVED


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({**LAND, "number": ""}, {"number"}),
        ({**LAND, "number": "号" * 101}, {"number"}),
        ({**LAND, "approved_on": "2027-02-30"}, {"approved_on"}),
        ({**LAND, "approved_on": "2027-03-03"}, {"approved_on"}),  # after today
        ({**LAND, "approved_on": 20270301}, {"approved_on"}),
        ({**LAND, "authority": "  "}, {"authority"}),
        ({}, {"number", "approved_on", "authority"}),
    ],
)
def test_each_wrong_field_is_named(permanent, client_for, applicant_my, time_machine, body, fields):
    time_machine.move_to(at(date(2027, 3, 2)))
    response = _post(client_for(applicant_my), permanent, body)
    assert response.status_code == 400, response.json()
    assert {e["field"] for e in response.json()["errors"]} == fields
    assert not AuditEvent.objects.filter(action="land_approval_recorded").exists()


def test_who_may_record_and_when(
    permanent, client_for, applicant_yq, approver, applicant_my, time_machine
):
    time_machine.move_to(at(date(2027, 3, 2)))
    assert _post(client_for(applicant_yq), permanent, LAND).status_code == 404
    assert _post(client_for(approver), permanent, LAND).status_code == 403
    time_machine.move_to(at(date(2028, 6, 2)))
    tick()
    # Cancelled: too late, and nothing more is done to it (409, unchanged).
    # (Even before the tick has run on a day after the validity: 409 too, see below.)
    assert _post(client_for(applicant_my), permanent, LAND).status_code == 409
    url = f"{API}/applications/{permanent.pk}"
    notice = {"act": "revoke", "ground": "fraud", "facts": "事实"}
    agency = client_for(approver)
    assert agency.post(f"{url}/statement-notice/", notice, format="json").status_code == 409
    body = {"ground": "fraud", "reason": "理由"}
    assert agency.post(f"{url}/revoke/", body, format="json").status_code == 409
    assert (
        agency.post(f"{url}/withdraw-permit/", {"reason": "理由"}, format="json").status_code == 409
    )
    assert _status(permanent) == Status.CANCELLED


def test_a_temporary_occupation_records_nothing(
    client_for, applicant_my, reviewer_my, approver, time_machine
):
    time_machine.move_to(at(APPROVED_ON), tick=False)
    draft = occupation_draft(by=applicant_my)
    application = decide(submit_accepted(application=draft, by=applicant_my), reviewer_my)
    application = decide(application, persona("muni_plan"), "agree", "", "bj-planning")
    application = decide(application, approver)
    assert (
        _post(
            client_for(applicant_my), application, {**LAND, "approved_on": "2026-05-01"}
        ).status_code
        == 409
    )


def test_no_land_approval_once_the_validity_ran_out_or_dated_before_the_grant(
    permanent, client_for, applicant_my, time_machine
):
    holder = client_for(applicant_my)
    time_machine.move_to(at(date(2027, 3, 2)))
    early = _post(holder, permanent, {**LAND, "approved_on": "2026-05-31"})
    assert early.status_code == 400
    assert early.json()["errors"][0]["code"] == "before_grant"
    # The day after the last day, before any tick: too late.
    time_machine.move_to(at(date(2028, 6, 2)))
    late = _post(holder, permanent, {**LAND, "approved_on": "2028-06-01"})
    assert late.status_code == 409
    assert "permits lapsed and cancelled: 1" in tick()


def test_a_lapse_closes_a_pending_statement_notice(
    permanent, client_for, applicant_my, approver, time_machine
):
    url = f"{API}/applications/{permanent.pk}"
    time_machine.move_to(at(date(2028, 5, 31)))
    notice = {"act": "revoke", "ground": "fraud", "facts": "用地审批材料系伪造。"}
    assert (
        client_for(approver).post(f"{url}/statement-notice/", notice, format="json").status_code
        == 201
    )
    time_machine.move_to(at(date(2028, 6, 2)))
    tick()
    listed = client_for(applicant_my).get(f"{url}/statement-notices/").json()
    assert listed[0]["status"] == "dropped" and "已注销" in listed[0]["closing_reason"]
    answer = client_for(applicant_my).post(
        f"{url}/statement-answer/", {"answer": "x"}, format="json"
    )
    assert answer.status_code == 409
    drop = client_for(approver).post(
        f"{url}/statement-notice/drop/", {"reason": "x"}, format="json"
    )
    assert drop.status_code == 409
