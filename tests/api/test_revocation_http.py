"""Revocation on a ground of art. 69 after the holder was heard (product.md §18 B7;
Administrative Licensing Law arts. 7, 69, 70), over HTTP: a listed ground is required (400),
the holder must have been told that ground by a statement notice and answered or let its
period run (409 otherwise), and the 撤销决定书 prints the ground in the article's words, the
notice, what the holder answered, the agency's findings on it, art. 69(4) and the 注销."""

import json
from urllib.parse import quote

import pytest
import time_machine

from audit.models import AuditEvent
from documents.models import Certificate, DocumentKind
from licensing.models import StatementNotice
from permits.choices import NotificationKind, Status
from permits.models import Application, Notification

from .helpers import API, error_fields

pytestmark = pytest.mark.django_db

ISSUED = "2026-06-10 09:00 +0800"  # a Wednesday: the holder may answer until 17 June
NOTICE = {"act": "revoke", "ground": "fraud", "facts": "提交的引种来源证明系伪造。"}
REVOKE = {"ground": "fraud", "reason": "经复核，来源证明的出具单位否认出具该证明，申辩理由不成立。"}


def _post(client, application, path, body):
    return client.post(f"{API}/applications/{application.pk}/{path}/", body, format="json")


def _status(application) -> str:
    return Application.objects.get(pk=application.pk).status


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"reason": "理由"}, {"ground"}),
        ({"ground": "", "reason": "理由"}, {"ground"}),
        ({"ground": "late_reports", "reason": "理由"}, {"ground"}),  # not a ground of art. 69
        ({"ground": "law_changed", "reason": "理由"}, {"ground"}),  # a withdrawal's (art. 8)
        ({"ground": ["fraud"], "reason": "理由"}, {"ground"}),
        ({"ground": "fraud"}, {"reason"}),
        ({"ground": "fraud", "reason": "   "}, {"reason"}),
        ({"ground": "fraud", "reason": "理" * 4001}, {"reason"}),
        ({}, {"ground", "reason"}),  # every wrong field at once
    ],
)
def test_a_revocation_needs_a_listed_ground_and_a_reason(
    client_for, agriculture_approver, introduction, body, fields
):
    response = _post(client_for(agriculture_approver), introduction, "revoke", body)
    assert response.status_code == 400, response.json()
    assert set(error_fields(response)) == fields
    assert _status(introduction) == Status.APPROVED


def test_no_revocation_before_the_holder_is_heard(
    client_for, agriculture_approver, applicant_my, introduction
):
    agency = client_for(agriculture_approver)
    unheard = _post(agency, introduction, "revoke", REVOKE)
    assert unheard.status_code == 409
    assert unheard.json()["errors"][0]["code"] == "not_heard"

    with time_machine.travel(ISSUED, tick=False):
        assert _post(agency, introduction, "statement-notice", NOTICE).status_code == 201
        running = _post(agency, introduction, "revoke", REVOKE)
    assert running.status_code == 409  # the holder may still answer
    assert running.json()["errors"][0]["code"] == "statement_period_running"
    with time_machine.travel("2026-06-17 17:00 +0800", tick=False):  # its last day
        assert _post(agency, introduction, "revoke", REVOKE).status_code == 409
        # Heard on fraud, not on another ground.
        other = {**REVOKE, "ground": "unlawful_procedure"}
        assert _post(agency, introduction, "revoke", other).status_code == 409
    assert _status(introduction) == Status.APPROVED
    assert not AuditEvent.objects.filter(application_id=introduction.pk, action="revoke")
    assert not Certificate.objects.filter(
        application_id=introduction.pk, document_kind=DocumentKind.REVOCATION
    ).exists()


def test_a_withdrawal_notice_does_not_open_a_revocation(
    client_for, agriculture_approver, introduction
):
    agency = client_for(agriculture_approver)
    body = {"act": "withdraw", "ground": "circumstances_changed", "facts": "该区域划入核心区。"}
    with time_machine.travel(ISSUED, tick=False):
        assert _post(agency, introduction, "statement-notice", body).status_code == 201
    with time_machine.travel("2026-06-18 09:00 +0800", tick=False):
        response = _post(agency, introduction, "revoke", REVOKE)
    assert response.status_code == 409
    assert _status(introduction) == Status.APPROVED


def test_revoked_after_the_holders_answer(
    client_for, agriculture_approver, applicant_my, introduction
):
    agency, holder = client_for(agriculture_approver), client_for(applicant_my)
    with time_machine.travel(ISSUED, tick=False):
        notice = _post(agency, introduction, "statement-notice", NOTICE).json()
    with time_machine.travel("2026-06-12 10:00 +0800", tick=False):
        answer = {"answer": "来源证明由供种单位提供，本单位不知情。"}
        assert _post(holder, introduction, "statement-answer", answer).status_code == 200
        # Answered: the agency need not wait for the period's end.
        response = _post(agency, introduction, "revoke", REVOKE)
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "revoked"
    assert "revoke" not in response.json()["actions"]

    stored = StatementNotice.objects.get(pk=notice["id"])
    assert stored.status == "decided" and stored.closed_at is not None
    decision = Certificate.objects.get(
        application_id=introduction.pk, document_kind=DocumentKind.REVOCATION
    )
    assert stored.decision_id == decision.pk
    listed = agency.get(f"{API}/applications/{introduction.pk}/statement-notices/").json()
    assert listed[0]["decision"]["number"] == decision.number
    printed = json.dumps(decision.content, ensure_ascii=False)
    for words in (
        "撤销行政许可决定书",
        "第六十九条第二款",
        "被许可人以欺骗、贿赂等不正当手段取得行政许可的",  # the ground in the article's words
        notice["notice"]["number"],  # the statement notice it follows
        "2026年6月10日",
        "2026年6月12日提出陈述、申辩意见",
        "本单位不知情",  # what the holder answered
        "提交的引种来源证明系伪造",  # the facts of the notice (事实)
        "经复核，本机关认为",
        "出具单位否认出具该证明",  # the agency's findings on it
        "基于该行政许可取得的利益不受保护",  # art. 69(4), second sentence, for fraud
        "第七十条第（四）项",
        "注销",
        "申请行政复议",
    ):
        assert words in printed, words
    event = AuditEvent.objects.get(application_id=introduction.pk, action="revoke")
    assert event.details["ground"] == "fraud"
    # 注销 with it (art. 70(4)), recorded in the same transaction, after the revocation.
    cancel = AuditEvent.objects.get(application_id=introduction.pk, action="cancel")
    assert cancel.seq > event.seq and cancel.details["decision_number"] == decision.number
    assert "自本决定作出之日起失效" not in printed  # a revocation's effect is not dated here
    assert event.details["statement_notice_id"] == notice["id"]
    assert event.details["decision_number"] == decision.number
    assert event.opinion == REVOKE["reason"]
    told = Notification.objects.get(
        recipient=applicant_my, kind=NotificationKind.REVOKED, application=introduction
    )
    assert "第六十九条第二款" in told.message
    # The approval verifies as revoked.
    approval = introduction.certificates.get(document_kind=DocumentKind.APPROVAL)
    verified = client_for(None).get(
        f"{API}/certificates/{quote(approval.number)}/verify/", {"code": approval.check_code}
    )
    assert (verified.json()["status"], verified.json()["status_on"]) == ("revoked", "2026-06-12")


def test_revoked_once_the_period_ran_unanswered(
    client_for, agriculture_approver, applicant_my, introduction
):
    agency = client_for(agriculture_approver)
    body = {**NOTICE, "ground": "unqualified_applicant"}
    with time_machine.travel(ISSUED, tick=False):
        assert _post(agency, introduction, "statement-notice", body).status_code == 201
    with time_machine.travel("2026-06-18 09:00 +0800", tick=False):
        response = _post(agency, introduction, "revoke", {**REVOKE, "ground": body["ground"]})
    assert response.status_code == 200, response.json()
    decision = Certificate.objects.get(
        application_id=introduction.pk, document_kind=DocumentKind.REVOCATION
    )
    printed = json.dumps(decision.content, ensure_ascii=False)
    assert "在规定期限内未提出陈述、申辩意见" in printed
    assert "第六十九条第一款第（四）项" in printed
    assert "依法给予赔偿" in printed  # art. 69(4), first sentence
    # Decided: a second revocation, or one more answer, is refused.
    again = _post(agency, introduction, "revoke", {**REVOKE, "ground": body["ground"]})
    assert again.status_code == 409
    late = _post(client_for(applicant_my), introduction, "statement-answer", {"answer": "x"})
    assert late.status_code == 409


def test_who_may_revoke(client_for, agriculture_approver, applicant_my, applicant_yq, introduction):
    assert _post(client_for(applicant_yq), introduction, "revoke", REVOKE).status_code == 404
    assert _post(client_for(applicant_my), introduction, "revoke", REVOKE).status_code == 403
    assert _post(client_for(None), introduction, "revoke", REVOKE).status_code in (401, 403)
    assert _status(introduction) == Status.APPROVED


# ---- Withdrawal (撤回, art. 8(2); product.md §18 B8) -------------------------------------------

WITHDRAW_NOTICE = {
    "act": "withdraw",
    "ground": "circumstances_changed",
    "facts": "2026年5月发布的自然保护区功能区划将引种地点划入核心区。",
}
WITHDRAW = {"reason": "经复核，核心区内不得开展引种养殖活动，申辩理由不能改变该情况。"}


def test_a_withdrawal_follows_its_own_notice(
    client_for, agriculture_approver, applicant_my, introduction
):
    agency, holder = client_for(agriculture_approver), client_for(applicant_my)
    assert _post(agency, introduction, "withdraw-permit", WITHDRAW).status_code == 409
    with time_machine.travel(ISSUED, tick=False):
        # A revocation notice does not open a withdrawal.
        assert _post(agency, introduction, "statement-notice", NOTICE).status_code == 201
    with time_machine.travel("2026-06-18 09:00 +0800", tick=False):
        assert _post(agency, introduction, "withdraw-permit", WITHDRAW).status_code == 409
        drop = {"reason": "改为依法撤回。"}
        assert _post(agency, introduction, "statement-notice/drop", drop).status_code == 200
        notice = _post(agency, introduction, "statement-notice", WITHDRAW_NOTICE).json()
        running = _post(agency, introduction, "withdraw-permit", WITHDRAW)
        assert running.status_code == 409
        assert running.json()["errors"][0]["code"] == "statement_period_running"
        answer = {"answer": "养殖场为封闭循环水设施，请求给予过渡期。"}
        assert _post(holder, introduction, "statement-answer", answer).status_code == 200
        record = holder.get(f"{API}/applications/{introduction.pk}/").json()
        assert "statement_answer" not in record["actions"]
        listed = agency.get(f"{API}/applications/{introduction.pk}/").json()["actions"]
        assert listed == ["statement_drop", "withdraw_permit"]
        assert _post(agency, introduction, "withdraw-permit", {"reason": " "}).status_code == 400
        assert _post(agency, introduction, "revoke", REVOKE).status_code == 409
        response = _post(agency, introduction, "withdraw-permit", WITHDRAW)
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "withdrawn_by_agency"
    assert StatementNotice.objects.get(pk=notice["id"]).status == "decided"

    decision = Certificate.objects.get(
        application_id=introduction.pk, document_kind=DocumentKind.WITHDRAWAL_DECISION
    )
    assert "撤回" in decision.number
    printed = json.dumps(decision.content, ensure_ascii=False)
    for words in (
        "撤回行政许可决定书",
        "准予行政许可所依据的客观情况发生重大变化",
        "第八条第二款",
        notice["notice"]["number"],
        "请求给予过渡期",
        "核心区内不得开展引种养殖活动",
        "为了公共利益的需要",
        "自本决定作出之日起失效",  # a withdrawal ends the permit from now on
        "划入核心区",  # the facts of the notice
        "依法给予补偿",
        "第七十条第（四）项",
    ):
        assert words in printed, words
    event = AuditEvent.objects.get(application_id=introduction.pk, action="withdraw_permit")
    assert event.details["ground"] == "circumstances_changed"
    assert Notification.objects.filter(
        recipient=applicant_my, kind=NotificationKind.PERMIT_WITHDRAWN, application=introduction
    ).exists()
    approval = introduction.certificates.get(document_kind=DocumentKind.APPROVAL)
    assert approval.content["document"]["revoked_act"] == "撤回"
    verified = client_for(None).get(f"{API}/certificates/{quote(approval.number)}/verify/").json()
    assert verified["status"] == "withdrawn"
    # Withdrawn: nothing more is done to it.
    assert _post(agency, introduction, "statement-notice", WITHDRAW_NOTICE).status_code == 409
    assert _post(agency, introduction, "withdraw-permit", WITHDRAW).status_code == 409


def test_who_may_withdraw_a_permit(client_for, applicant_my, applicant_yq, introduction):
    assert (
        _post(client_for(applicant_yq), introduction, "withdraw-permit", WITHDRAW).status_code
        == 404
    )
    assert (
        _post(client_for(applicant_my), introduction, "withdraw-permit", WITHDRAW).status_code
        == 403
    )
    assert _status(introduction) == Status.APPROVED


def test_a_surrender_filed_while_a_revocation_is_heard_waits_for_it(
    client_for, agriculture_approver, applicant_my, introduction
):
    """Issue 45 (docs/legal-basis.md F20): the holder may file a surrender while a revocation's
    statement notice runs, and the agency may accept it; it is not granted until that procedure
    ends, so a 注销 on request never cuts a 撤销 short. The revocation decided closes it."""
    from licensing.models import PermitRequest
    from tests.api.test_permit_requests_http import _decide

    agency, holder = client_for(agriculture_approver), client_for(applicant_my)
    with time_machine.travel(ISSUED, tick=False):
        assert _post(agency, introduction, "statement-notice", NOTICE).status_code == 201
    with time_machine.travel("2026-06-11 10:00 +0800", tick=False):
        filed = _post(holder, introduction, "surrender", {"reason": "项目终止，不再引入。"})
        assert filed.status_code == 201, filed.json()
        assert _decide(agency, "accept", application=introduction).status_code == 200
        refused = _decide(agency, "approve", application=introduction)
    assert refused.status_code == 409, refused.json()
    assert "revocation_pending" in error_fields(refused).values()
    assert _status(introduction) == Status.APPROVED
    with time_machine.travel("2026-06-18 09:00 +0800", tick=False):
        response = _post(agency, introduction, "revoke", REVOKE)
    assert response.status_code == 200, response.json()
    assert _status(introduction) == Status.REVOKED
    assert not PermitRequest.objects.get(application=introduction).is_open
