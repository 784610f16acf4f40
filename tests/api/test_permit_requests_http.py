"""The holder's requests after the grant (product.md §18 B1, B2, B10; Administrative Licensing
Law arts. 49, 50, 70), over HTTP: a change asked, accepted and granted as a new version that
supersedes the approval; what the rule table refuses (400 naming the field and the article);
a renewal undecided at the permit's last day granted by the law; a surrender; who may ask
(404/403) and from which state (409)."""

import json
from datetime import date, datetime
from io import StringIO
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from audit.models import AuditEvent
from audit.trail import audit_verify
from documents.models import Certificate, DocumentKind
from licensing.models import PermitRequest, PermitVersion
from permits.choices import NotificationKind, Status
from permits.models import Application, Notification
from tests.factories import document_pdf

from .helpers import API

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
# The introduction fixture: approved 2 March 2026, monitored a year (last day 2 March 2027).
ASKED = datetime(2026, 9, 1, 10, tzinfo=SHANGHAI)


def _tick() -> str:
    out = StringIO()
    call_command("permits_tick", stdout=out)
    return out.getvalue()


def _request_tasks(application):
    from viewflow.workflow.models import Task

    from workflows.engine import OPEN_TASK_STATUSES

    return list(
        Task.objects.filter(
            process__permitprocess__application_id=application.pk,
            process__permitprocess__permit_request__isnull=False,
            flow_task_type="HUMAN",
            status__in=OPEN_TASK_STATUSES,
        )
    )


def _decide(client, decision, opinion="同意", application=None):
    (task,) = _request_tasks(application)
    return client.post(
        f"{API}/tasks/{task.pk}/decide/", {"decision": decision, "opinion": opinion}, format="json"
    )


CHANGE = {
    "changes": {
        "quantity": "200",
        "holder_name": "北京密云绿源农业科技有限公司",
        "registration_proof": "京密市监变〔2026〕112号",
    },
    "reason": "单位名称经市场监管部门变更登记，引入数量减少。",
}


def test_a_change_is_accepted_granted_and_supersedes_the_approval(
    client_for, applicant_my, agriculture_approver, introduction
):
    approval = introduction.certificates.get(document_kind=DocumentKind.APPROVAL)
    holder, agency = client_for(applicant_my), client_for(agriculture_approver)
    with time_machine.travel(ASKED, tick=False):
        response = holder.post(
            f"{API}/applications/{introduction.pk}/change-requests/", CHANGE, format="json"
        )
        assert response.status_code == 201, response.json()
        body = response.json()
        assert (body["kind"], body["status"]) == ("change", "submitted")
        assert body["changes"]["quantity"]["to"] == "200"
        (task,) = _request_tasks(introduction)
        queue = agency.get(f"{API}/tasks/", {"queue": "queue"}).json()["results"]
        (listed,) = [t for t in queue if t["id"] == task.pk]
        assert (listed["step"], listed["permit_request"]) == ("request_acceptance", body["id"])
        assert listed["due_date"] == "2026-09-08"  # five working days
        # A second request waits for the first.
        again = holder.post(
            f"{API}/applications/{introduction.pk}/surrender/",
            {"reason": "不再引入"},
            format="json",
        )
        assert again.status_code == 409
        assert _decide(agency, "accept", application=introduction).status_code == 200
        assert PermitRequest.objects.get(pk=body["id"]).status == "accepted"
        accepted = Certificate.objects.filter(
            application=introduction, document_kind=DocumentKind.ACCEPTANCE_NOTICE
        ).latest("pk")
        assert "变更申请" in json.dumps(accepted.content, ensure_ascii=False)
        response = _decide(agency, "approve", "经审查，符合变更条件。", application=introduction)
        assert response.status_code == 200, response.json()

    request = PermitRequest.objects.get(pk=body["id"])
    assert request.status == "granted"
    version = PermitVersion.objects.get(application=introduction)
    assert version.number == 2 and version.document.document_kind == DocumentKind.CHANGE_DECISION
    printed = json.dumps(version.document.content, ensure_ascii=False)
    for words in (
        "准予变更行政许可决定书",
        "第四十九条",
        "北京密云绿源农业科技有限公司",
        approval.number,
    ):
        assert words in printed, words
    assert document_pdf(version.document).startswith(b"%PDF")
    detail = Application.objects.get(pk=introduction.pk).detail
    assert str(detail.quantity) == "200.00"
    record = holder.get(f"{API}/applications/{introduction.pk}/").json()
    assert record["permit"]["version"] == 2
    assert record["permit"]["number"] == version.document.number
    assert record["permit"]["state"] == "in_force"
    # The approval verifies as superseded since the change; the change decision as valid.
    url = f"{API}/certificates/{quote(approval.number)}/verify/"
    verified = APIClient().get(url, {"code": approval.check_code}).json()
    assert (verified["status"], verified["status_on"]) == ("superseded", "2026-09-01")
    url = f"{API}/certificates/{quote(version.document.number)}/verify/"
    assert APIClient().get(url).json()["status"] == "valid"
    versions = holder.get(f"{API}/applications/{introduction.pk}/permit-versions/").json()
    assert [(v["number"], v["kind"], v["status"]) for v in versions] == [
        (1, "approval", "superseded"),
        (2, "change", "valid"),
    ]
    acts = ("permit_request", "request_accepted", "permit_change")
    events = AuditEvent.objects.filter(application_id=introduction.pk, action__in=acts)
    assert [e.action for e in events.order_by("pk")] == list(acts)
    assert (
        Notification.objects.filter(
            recipient=applicant_my, kind=NotificationKind.PERMIT_REQUEST, application=introduction
        ).count()
        == 2
    )
    assert audit_verify().ok


def test_what_a_change_may_not_alter_is_refused_field_by_field(
    client_for, applicant_my, introduction
):
    holder = client_for(applicant_my)
    with time_machine.travel(ASKED, tick=False):
        response = holder.post(
            f"{API}/applications/{introduction.pk}/change-requests/",
            {
                "changes": {
                    "scientific_name": "Robinia pseudoacacia",
                    "quantity": "999999",
                    "colour": "red",
                    "holder_name": "新名称",
                },
                "reason": "",
            },
            format="json",
        )
    assert response.status_code == 400
    problems = {e["field"]: e["code"] for e in response.json()["errors"]}
    assert problems == {
        "reason": "required",
        "changes.scientific_name": "needs_new_application",
        "changes.quantity": "not_a_reduction",
        "changes.colour": "unknown_field",
        "changes.registration_proof": "required",
    }
    assert "第四十九条" in json.dumps(response.json(), ensure_ascii=False) or any(
        "49" in e["message"] for e in response.json()["errors"]
    )
    assert not PermitRequest.objects.exists()


def test_a_renewal_later_than_the_law_allows_is_refused_citing_it(
    client_for, applicant_my, introduction
):
    holder = client_for(applicant_my)
    with time_machine.travel(datetime(2027, 2, 20, 10, tzinfo=SHANGHAI), tick=False):
        response = holder.post(
            f"{API}/applications/{introduction.pk}/renewal-requests/",
            {"until": "2028-03-02", "reason": "继续监测"},
            format="json",
        )
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert (error["field"], error["code"]) == ("until", "too_late")
    assert "2027-01-31" in error["message"]


def _renewal_accepted(holder, agency, introduction) -> None:
    """On 15 January 2027 the holder asks the permit renewed to 2 March 2028; it is accepted."""
    with time_machine.travel(datetime(2027, 1, 15, 10, tzinfo=SHANGHAI), tick=False):
        response = holder.post(
            f"{API}/applications/{introduction.pk}/renewal-requests/",
            {"until": "2028-03-02", "reason": "引入物种仍在试验，需继续监测。"},
            format="json",
        )
        assert response.status_code == 201, response.json()
        assert _decide(agency, "accept", application=introduction).status_code == 200


def test_a_renewal_left_undecided_is_granted_by_law_once(
    client_for, applicant_my, agriculture_approver, introduction
):
    _renewal_accepted(client_for(applicant_my), client_for(agriculture_approver), introduction)
    with time_machine.travel(datetime(2027, 3, 2, 10, tzinfo=SHANGHAI), tick=False):
        assert "renewals granted by law: 0" in _tick()
    with time_machine.travel(datetime(2027, 3, 3, 10, tzinfo=SHANGHAI), tick=False):
        out = _tick()
        assert "renewals granted by law: 1" in out
        assert "renewals granted by law: 0" in _tick()
    detail = Application.objects.get(pk=introduction.pk)
    assert (detail.status, detail.valid_until) == (Status.APPROVED, date(2028, 3, 2))
    request = PermitRequest.objects.get(application=introduction)
    assert request.status == "granted_by_law"
    assert not _request_tasks(introduction)
    event = AuditEvent.objects.get(application_id=introduction.pk, action="renew_by_law")
    assert event.role == "system" and event.details["basis"].endswith("第五十条第二款")
    printed = json.dumps(request.decision.content, ensure_ascii=False)
    assert "视为准予延续" in printed and "2028年3月2日" in printed
    # More monitoring is owed for the added year.
    assert detail.obligations.filter(kind="monitoring", due_date=date(2028, 3, 2)).exists()
    # Issue 45 item 17: once each, and within the renewed period.
    dues = list(
        detail.obligations.filter(kind="monitoring")
        .order_by("due_date")
        .values_list("due_date", flat=True)
    )
    assert len(dues) == len(set(dues)) and dues[-1] == date(2028, 3, 2)


def test_a_surrender_cancels_the_permit(
    client_for, applicant_my, agriculture_approver, introduction
):
    holder, agency = client_for(applicant_my), client_for(agriculture_approver)
    approval = introduction.certificates.get(document_kind=DocumentKind.APPROVAL)
    with time_machine.travel(ASKED, tick=False):
        response = holder.post(
            f"{API}/applications/{introduction.pk}/surrender/",
            {"reason": "项目终止，不再引入。"},
            format="json",
        )
        assert response.status_code == 201
        assert _decide(agency, "accept", application=introduction).status_code == 200
        # A surrender is not refused on the merits: only granted.
        assert _decide(agency, "reject", "不同意", application=introduction).status_code == 400
        assert _decide(agency, "approve", application=introduction).status_code == 200
    assert Application.objects.get(pk=introduction.pk).status == Status.SURRENDERED
    request = PermitRequest.objects.get(application=introduction)
    assert request.decision.document_kind == DocumentKind.CANCELLATION_NOTICE
    printed = json.dumps(request.decision.content, ensure_ascii=False)
    # Issue 46 item 7: the request is the ground; art. 70 lists no surrender.
    assert "根据你单位的申请，本机关注销该行政许可" in printed
    assert "第七十条" not in printed and "被许可人的注销申请" in printed
    url = f"{API}/certificates/{quote(approval.number)}/verify/"
    verified = APIClient().get(url, {"code": approval.check_code}).json()
    assert (verified["status"], verified["status_on"]) == ("cancelled", "2026-09-01")
    # Nothing more is asked of a cancelled permit.
    again = holder.post(
        f"{API}/applications/{introduction.pk}/change-requests/", CHANGE, format="json"
    )
    assert again.status_code == 409


def test_a_request_not_accepted_changes_nothing(
    client_for, applicant_my, agriculture_approver, introduction
):
    holder, agency = client_for(applicant_my), client_for(agriculture_approver)
    with time_machine.travel(ASKED, tick=False):
        holder.post(f"{API}/applications/{introduction.pk}/change-requests/", CHANGE, format="json")
        assert _decide(agency, "not_accept", "", application=introduction).status_code == 400
        assert (
            _decide(
                agency, "not_accept", "变更登记证明与申请单位不符。", application=introduction
            ).status_code
            == 200
        )
    request = PermitRequest.objects.get(application=introduction)
    assert request.status == "not_accepted"
    assert request.decision.document_kind == DocumentKind.NON_ACCEPTANCE
    assert not PermitVersion.objects.exists()
    assert str(Application.objects.get(pk=introduction.pk).detail.quantity) != "200.00"


def test_a_contact_change_is_recorded_without_a_decision(
    client_for, applicant_my, agriculture_approver, introduction
):
    """Issue 46 item 7: a contact telephone is not a licensed matter (art. 49): recorded at
    once, no acceptance, no 准予变更决定, no new version; mixed with a licensed change, 400."""
    holder = client_for(applicant_my)
    url = f"{API}/applications/{introduction.pk}/change-requests/"
    with time_machine.travel(ASKED, tick=False):
        mixed = {"changes": {"contact_phone": "010-1", "quantity": "200"}, "reason": "调整"}
        refused = holder.post(url, mixed, format="json")
        assert refused.status_code == 400
        assert "contact_with_licensed" in json.dumps(refused.json())
        body = {"changes": {"contact_phone": "010-69990000"}, "reason": "联系电话变更。"}
        assert holder.post(url, body, format="json").status_code == 201
    request = PermitRequest.objects.get(application=introduction)
    assert (request.status, request.decision) == ("granted", None)
    assert not _request_tasks(introduction)
    assert not PermitVersion.objects.exists()
    assert not Certificate.objects.filter(
        application=introduction,
        document_kind__in=[DocumentKind.CHANGE_DECISION, DocumentKind.ACCEPTANCE_NOTICE],
        issued_at__gte=ASKED,
    ).exists()
    assert Application.objects.get(pk=introduction.pk).contact_phone == "010-69990000"
    event = AuditEvent.objects.filter(application_id=introduction.pk).latest("pk")
    assert (event.action, event.details["licensed"]) == ("permit_change", False)
    # Issue 49: the new phone in clear only in its encrypted column; masked in the request kept
    # and in the audit's details.
    assert request.changes["contact_phone"]["to"] == "010*****0000"
    assert event.details["changes"]["contact_phone"]["to"] == "010*****0000"
    assert "69990000" not in json.dumps([request.changes, event.details])
    # The request's own event, recorded before the phone was written where it is kept, too.
    asked = AuditEvent.objects.get(application_id=introduction.pk, action="permit_request")
    assert asked.details["changes"]["contact_phone"]["to"] == "010*****0000"
    events = AuditEvent.objects.filter(application_id=introduction.pk)
    assert "69990000" not in json.dumps([e.details for e in events], ensure_ascii=False)


def test_who_may_ask(client_for, applicant_yq, agriculture_approver, introduction):
    other = applicant_yq
    body = {"reason": "放弃"}
    url = f"{API}/applications/{introduction.pk}/surrender/"
    with time_machine.travel(ASKED, tick=False):
        assert client_for(other).post(url, body, format="json").status_code == 404
        assert client_for(agriculture_approver).post(url, body, format="json").status_code == 403
        assert client_for(None).post(url, body, format="json").status_code in (401, 403)
    assert not PermitRequest.objects.exists()


def test_a_renewal_moves_the_reports_an_earlier_schedule_set_after_the_old_end(
    client_for, applicant_my, agriculture_approver, introduction
):
    """Issue 45 item 17: a permit's end moved back before its renewal is granted by law (as
    the demo once did; the period corrected): the reports the first schedule set after that
    end were kept beside the renewal's own (two reports a day apart). They follow the renewed
    period's schedule instead."""
    from licensing.requests import renewals_deem

    _renewal_accepted(client_for(applicant_my), client_for(agriculture_approver), introduction)
    with time_machine.travel(datetime(2027, 1, 20, 10, tzinfo=SHANGHAI), tick=False):
        yesterday = date(2027, 1, 19)
        Application.objects.filter(pk=introduction.pk).update(valid_until=yesterday)
        PermitRequest.objects.filter(application_id=introduction.pk).update(
            valid_until_then=yesterday
        )
        renewals_deem(timezone.now())
    detail = Application.objects.get(pk=introduction.pk)
    assert detail.valid_until == date(2028, 3, 2)
    dues = sorted(
        detail.obligations.filter(kind="monitoring", due_date__gt=date(2027, 1, 19)).values_list(
            "due_date", flat=True
        )
    )
    # Every six months from the moved end, the last at the renewed end, once (the interval's
    # report six weeks before the end is the end's).
    assert dues == [date(2027, 7, 19), date(2028, 3, 2)]
