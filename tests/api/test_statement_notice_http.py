"""The holder heard before its permit is revoked or withdrawn (product.md §18 B7, B8;
Administrative Licensing Law art. 7), over HTTP: the deciding agency's 陈述申辩告知书 on a
ground of the law, the holder's answer within the period, the agency dropping what it no
longer pursues; who may do each (404/403), bad input field by field, wrong states 409."""

import json

import pytest
import time_machine

from audit.models import AuditEvent
from documents.models import Certificate
from licensing.models import StatementNotice
from permits.choices import NotificationKind
from permits.models import Notification

from .helpers import API, error_fields

ISSUED = "2026-06-10 09:00 +0800"  # a Wednesday; five working days later is Wednesday 17 June
NOTICE = {
    "act": "revoke",
    "ground": "unqualified_applicant",
    "facts": "经复核，申请人提交的林地权属证明系伪造，申请时不具备申请资格。",
}

pytestmark = pytest.mark.django_db


def _notify(client, application, body=None):
    return client.post(
        f"{API}/applications/{application.pk}/statement-notice/", body or NOTICE, format="json"
    )


def test_the_deciding_agency_tells_the_holder_what_it_intends_and_until_when(
    client_for, agriculture_approver, applicant_my, introduction
):
    with time_machine.travel(ISSUED, tick=False):
        response = _notify(client_for(agriculture_approver), introduction)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["act"], body["ground"], body["status"]) == (
        "revoke",
        "unqualified_applicant",
        "open",
    )
    assert body["basis"] == "《中华人民共和国行政许可法》第六十九条第一款第（四）项"
    assert (body["working_days"], body["answer_due"]) == (5, "2026-06-17")
    assert body["agency"]["code"] == "bj-agriculture"
    document = Certificate.objects.get(number=body["notice"]["number"])
    assert document.document_kind == "statement_notice"
    printed = json.dumps(document.content, ensure_ascii=False)
    for words in (
        "陈述申辩告知书",
        "对不具备申请资格或者不符合法定条件的申请人准予行政许可的",
        "第六十九条第四款",  # what a revocation on this ground means for the holder
        "陈述权、申辩权",
        "2026年6月17日（含当日）前",
        "伪造",
    ):
        assert words in printed, words
    event = AuditEvent.objects.get(application_id=introduction.pk, action="statement_notice")
    assert event.details["ground"] == "unqualified_applicant"
    assert event.details["answer_due"] == "2026-06-17"
    assert Notification.objects.filter(
        recipient=applicant_my, kind=NotificationKind.STATEMENT, application=introduction
    ).exists()
    # Nothing is revoked by a notice.
    listed = client_for(applicant_my).get(
        f"{API}/applications/{introduction.pk}/statement-notices/"
    )
    assert [n["status"] for n in listed.json()] == ["open"]
    assert (
        client_for(applicant_my).get(f"{API}/applications/{introduction.pk}/").json()["status"]
        == "approved"
    )


def test_a_withdrawal_states_the_right_to_compensation(
    client_for, agriculture_approver, introduction
):
    body = {
        "act": "withdraw",
        "ground": "circumstances_changed",
        "facts": "该区域已划入自然保护区核心区。",
    }
    response = _notify(client_for(agriculture_approver), introduction, body)
    assert response.status_code == 201, response.json()
    printed = json.dumps(
        Certificate.objects.get(number=response.json()["notice"]["number"]).content,
        ensure_ascii=False,
    )
    assert "第八条第二款" in printed and "补偿" in printed and "撤回" in printed


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"ground": "fraud", "facts": "事实"}, {"act"}),
        ({"act": "suspend", "ground": "fraud", "facts": "事实"}, {"act"}),
        ({"act": "revoke", "facts": "事实"}, {"ground"}),
        # a ground of the other act, or none the law lists (late reports are not one)
        ({"act": "revoke", "ground": "law_changed", "facts": "事实"}, {"ground"}),
        ({"act": "revoke", "ground": "late_reports", "facts": "事实"}, {"ground"}),
        ({"act": "withdraw", "ground": "fraud", "facts": "事实"}, {"ground"}),
        ({"act": "revoke", "ground": "fraud", "facts": "   "}, {"facts"}),
        ({"act": "revoke", "ground": "fraud", "facts": "事" * 4001}, {"facts"}),
        ({**NOTICE, "reason": "x"}, {"reason"}),
    ],
)  # fmt: skip
def test_a_notice_names_each_wrong_field(
    client_for, agriculture_approver, introduction, body, fields
):
    response = _notify(client_for(agriculture_approver), introduction, body)
    assert response.status_code == 400
    assert set(error_fields(response)) == fields
    assert not StatementNotice.objects.exists()


def test_who_may_notify_answer_and_drop(
    client_for,
    agriculture_approver,
    agriculture_reviewer_my,
    applicant_my,
    applicant_yq,
    introduction,
):
    assert _notify(client_for(applicant_yq), introduction).status_code == 404
    assert _notify(client_for(applicant_my), introduction).status_code == 403
    # The district reviewer sees the permit but did not decide it.
    assert _notify(client_for(agriculture_reviewer_my), introduction).status_code == 403
    assert _notify(client_for(agriculture_approver), introduction).status_code == 201
    answer = f"{API}/applications/{introduction.pk}/statement-answer/"
    assert client_for(applicant_yq).post(answer, {"answer": "x"}, format="json").status_code == 404
    refused = client_for(agriculture_approver).post(answer, {"answer": "x"}, format="json")
    assert refused.status_code == 403
    drop = f"{API}/applications/{introduction.pk}/statement-notice/drop/"
    assert client_for(applicant_my).post(drop, {"reason": "x"}, format="json").status_code == 403
    assert AuditEvent.objects.filter(action="statement_answered").count() == 0


def test_the_holder_answers_once_within_the_period(
    client_for, agriculture_approver, applicant_my, introduction
):
    approver, holder = client_for(agriculture_approver), client_for(applicant_my)
    answer = f"{API}/applications/{introduction.pk}/statement-answer/"
    with time_machine.travel(ISSUED, tick=False):
        assert _notify(approver, introduction).status_code == 201
        # One pending act at a time.
        again = _notify(approver, introduction)
        assert again.status_code == 409
        assert again.json()["errors"][0]["code"] == "statement_pending"
        blank = holder.post(answer, {"answer": " "}, format="json")
        assert blank.status_code == 400 and set(error_fields(blank)) == {"answer"}
    with time_machine.travel("2026-06-17 17:00 +0800", tick=False):  # the last day
        answered = holder.post(
            answer, {"answer": "权属证明系原件，请调取不动产登记档案核实。"}, format="json"
        )
    assert answered.status_code == 200, answered.json()
    assert answered.json()["status"] == "answered"
    assert answered.json()["answer"].startswith("权属证明系原件")
    assert Notification.objects.filter(
        recipient=agriculture_approver, kind=NotificationKind.STATEMENT
    ).exists()
    twice = holder.post(answer, {"answer": "补充"}, format="json")
    assert twice.status_code == 409
    assert AuditEvent.objects.filter(action="statement_answered").count() == 1


def test_no_answer_after_the_period(client_for, agriculture_approver, applicant_my, introduction):
    with time_machine.travel(ISSUED, tick=False):
        assert _notify(client_for(agriculture_approver), introduction).status_code == 201
    with time_machine.travel("2026-06-18 09:00 +0800", tick=False):
        late = client_for(applicant_my).post(
            f"{API}/applications/{introduction.pk}/statement-answer/",
            {"answer": "迟到的意见"},
            format="json",
        )
    assert late.status_code == 409
    assert late.json()["errors"][0]["code"] == "statement_period_over"
    assert StatementNotice.objects.get().answer == ""


def test_the_agency_drops_what_it_no_longer_pursues(
    client_for, agriculture_approver, applicant_my, introduction
):
    approver = client_for(agriculture_approver)
    drop = f"{API}/applications/{introduction.pk}/statement-notice/drop/"
    assert approver.post(drop, {"reason": "x"}, format="json").status_code == 409  # none pending
    assert _notify(approver, introduction).status_code == 201
    assert set(error_fields(approver.post(drop, {"reason": ""}, format="json"))) == {"reason"}
    dropped = approver.post(drop, {"reason": "经核实，权属证明真实有效。"}, format="json")
    assert dropped.status_code == 200
    assert (dropped.json()["status"], dropped.json()["closing_reason"]) == (
        "dropped",
        "经核实，权属证明真实有效。",
    )
    assert AuditEvent.objects.filter(action="statement_dropped").count() == 1
    # A later notice may follow.
    assert _notify(approver, introduction).status_code == 201


def test_the_holder_answers_with_files_through_the_api(
    client_for, agriculture_approver, applicant_my, introduction
):
    """Issue 45 item 10: multipart ``attachments`` go with the statement, kept as the
    application's attachments, listed by the notice and named in the audit event; more than
    ten are refused on the field and nothing is kept."""
    from permits.models import Attachment
    from tests.factories import pdf_upload

    approver, holder = client_for(agriculture_approver), client_for(applicant_my)
    answer = f"{API}/applications/{introduction.pk}/statement-answer/"
    with time_machine.travel(ISSUED, tick=False):
        assert _notify(approver, introduction).status_code == 201
        before = Attachment.objects.count()
        many = holder.post(
            answer,
            {"answer": "见附件。", "attachments": [pdf_upload(f"{n}.pdf") for n in range(11)]},
            format="multipart",
        )
        assert many.status_code == 400 and set(error_fields(many)) == {"attachments"}
        assert Attachment.objects.count() == before
        answered = holder.post(
            answer,
            {"answer": "见附件。", "attachments": [pdf_upload("权属证明.pdf")]},
            format="multipart",
        )
    assert answered.status_code == 200, answered.json()
    [file_id] = answered.json()["answer_attachments"]
    assert Attachment.objects.get(pk=file_id).application_id == introduction.pk
    event = AuditEvent.objects.get(action="statement_answered")
    assert event.details["attachments"][0]["attachment_id"] == file_id
    listed = holder.get(f"{API}/applications/{introduction.pk}/statement-notices/").json()
    rows = listed if isinstance(listed, list) else listed["results"]
    assert rows[0]["answer_attachments"] == [file_id]
