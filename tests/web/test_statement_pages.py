"""The statement notice on the application page (陈述申辩, product.md §18 B7, B8): the deciding
agency issues it from the page, the holder answers there, the agency drops it; bad input stays
in the form, field by field, and changes nothing."""

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from licensing.models import StatementNotice
from permits.models import Application

pytestmark = pytest.mark.django_db

ISSUED = "2026-06-10 09:00 +0800"


def test_the_agency_notifies_the_holder_answers_and_the_agency_drops(
    client, agriculture_approver, applicant_my, introduction
):
    page_url = reverse("application-detail", args=[introduction.pk])
    client.force_login(applicant_my)
    assert 'data-action="statement_notice"' not in client.get(page_url).content.decode()
    client.force_login(agriculture_approver)
    page = client.get(page_url).content.decode()
    assert 'data-action="statement_notice"' in page
    assert "unqualified_applicant" in page and "circumstances_changed" in page
    url = reverse("application-statement-notice", args=[introduction.pk])
    with time_machine.travel(ISSUED, tick=False):
        bad = client.post(url, {"act": "revoke", "ground": "unqualified_applicant", "facts": ""})
        assert bad.status_code == 400
        assert not StatementNotice.objects.exists()
        # A ground of the other act: the service's refusal beside the field.
        wrong = client.post(url, {"act": "revoke", "ground": "law_changed", "facts": "事实"})
        assert wrong.status_code == 400
        assert "请选择该决定所依据的法定理由" in wrong.content.decode()
        assert not StatementNotice.objects.exists()
        done = client.post(
            url, {"act": "revoke", "ground": "unqualified_applicant", "facts": "权属证明系伪造。"}
        )
    assert done.status_code == 302
    notice = StatementNotice.objects.get()
    client.force_login(applicant_my)
    with time_machine.travel("2026-06-12 10:00 +0800", tick=False):
        page = client.get(page_url).content.decode()
        assert 'data-statement="open"' in page and notice.notice.number in page
        assert 'data-action="statement_answer"' in page
        answered = client.post(
            reverse("application-statement-answer", args=[introduction.pk]),
            {"answer": "权属证明系原件。", "confirm": "on"},
        )
    assert answered.status_code == 302
    client.force_login(agriculture_approver)
    page = client.get(page_url).content.decode()
    assert 'data-statement="answered"' in page and "权属证明系原件。" in page
    assert 'data-action="statement_drop"' in page
    dropped = client.post(
        reverse("application-statement-drop", args=[introduction.pk]), {"reason": "核实无误。"}
    )
    assert dropped.status_code == 302
    assert StatementNotice.objects.get().status == "dropped"


def test_the_holder_answers_with_evidence_after_confirming(
    client, agriculture_approver, applicant_my, introduction
):
    """Issue 45 item 10: the answer takes files (kept as the application's attachments) and is
    sent only once the holder confirms it complete; unconfirmed, nothing is stored."""
    from core.messages import MSG_CONFIRM_STATEMENT
    from permits.models import Attachment
    from tests.factories import pdf_upload

    with time_machine.travel(ISSUED, tick=False):
        client.force_login(agriculture_approver)
        client.post(
            reverse("application-statement-notice", args=[introduction.pk]),
            {"act": "revoke", "ground": "unqualified_applicant", "facts": "权属证明系伪造。"},
        )
    page_url = reverse("application-detail", args=[introduction.pk])
    answer = reverse("application-statement-answer", args=[introduction.pk])
    client.force_login(applicant_my)
    before = Attachment.objects.count()
    with time_machine.travel("2026-06-12 10:00 +0800", tick=False):
        page = client.get(page_url).content.decode()
        form = page.split('data-action="statement_answer"')[0].rsplit("<form", 1)[1]
        assert 'enctype="multipart/form-data"' in form
        assert 'name="attachments"' in page and 'name="confirm"' in page
        unconfirmed = client.post(
            answer, {"answer": "权属证明系原件。", "attachments": [pdf_upload("原件.pdf")]}
        )
        assert unconfirmed.status_code == 400
        assert str(MSG_CONFIRM_STATEMENT) in unconfirmed.content.decode()
        assert StatementNotice.objects.get().status == "open"
        assert Attachment.objects.count() == before
        done = client.post(
            answer,
            {
                "answer": "权属证明系原件。",
                "attachments": [pdf_upload("原件.pdf"), pdf_upload("公证书.pdf")],
                "confirm": "on",
            },
        )
    assert done.status_code == 302
    notice = StatementNotice.objects.get()
    assert notice.status == "answered"
    files = list(notice.answer_attachments.all())
    assert len(files) == 2 and all(f.application_id == introduction.pk for f in files)
    client.force_login(agriculture_approver)
    page = client.get(page_url).content.decode()
    for f in files:
        assert reverse("application-attachment", args=[introduction.pk, f.pk]) in page


def test_who_may_post(client, agriculture_reviewer_my, applicant_my, applicant_yq, introduction):
    body = {"act": "revoke", "ground": "fraud", "facts": "事实"}
    url = reverse("application-statement-notice", args=[introduction.pk])
    client.force_login(applicant_yq)
    assert client.post(url, body).status_code == 404
    client.force_login(applicant_my)
    assert client.post(url, body).status_code == 403
    client.force_login(agriculture_reviewer_my)
    assert client.post(url, body).status_code == 403
    answer = reverse("application-statement-answer", args=[introduction.pk])
    assert client.post(answer, {"answer": "x", "confirm": "on"}).status_code == 403
    assert not StatementNotice.objects.exists()


def test_the_agency_withdraws_the_permit_from_the_page_after_the_holder_answered(
    client, agriculture_approver, applicant_my, introduction
):
    """product.md §18 B8: the withdrawal card appears once the holder was heard on a withdrawal
    notice; a confirmation names the compensation; then the permit is withdrawn."""
    page_url = reverse("application-detail", args=[introduction.pk])
    client.force_login(agriculture_approver)
    notify = reverse("application-statement-notice", args=[introduction.pk])
    body = {"act": "withdraw", "ground": "law_changed", "facts": "地方性法规已修改。"}
    assert client.post(notify, body).status_code == 302
    assert 'data-action="withdraw_permit"' not in client.get(page_url).content.decode()

    client.force_login(applicant_my)
    answer = reverse("application-statement-answer", args=[introduction.pk])
    assert client.post(answer, {"answer": "请求给予合理补偿。", "confirm": "on"}).status_code == 302

    client.force_login(agriculture_approver)
    page = client.get(page_url).content.decode()
    assert 'data-action="withdraw_permit"' in page and 'data-withdraw-ground="law_changed"' in page
    assert 'data-action="revoke"' not in page
    url = reverse("application-withdraw-permit", args=[introduction.pk])
    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 200 and empty.context["withdraw_permit_form"].errors["reason"]
    findings = {"reason": "经复核，补偿另行依法处理。"}
    confirmation = client.post(url, findings).content.decode()
    assert 'data-confirm="1"' in confirmation and "第八条第二款" in confirmation
    # An introduction's permit is a licence: art. 8(2) binds, not by analogy (issue 46 item 3).
    assert "（《中华人民共和国行政许可法》第八条第二款）" in confirmation
    assert "参照《中华人民共和国行政许可法》" not in confirmation
    assert Application.objects.get(pk=introduction.pk).status == "approved"
    assert client.post(url, {**findings, "confirmed": "1"}).status_code == 302
    assert Application.objects.get(pk=introduction.pk).status == "withdrawn_by_agency"
    assert StatementNotice.objects.get().status == "decided"


def test_the_holder_records_a_permanent_occupations_land_approval_on_the_page(
    client, applicant_my, reviewer_my, approver
):
    """product.md §18 B4: the card asks for the 建设用地批准文件; bad input stays in the form."""
    from tests.factories import decide, occupation_draft, persona, submit_accepted

    draft = occupation_draft(
        by=applicant_my, occupation_kind="permanent", duration_months=None, restoration_plan=""
    )
    application = decide(submit_accepted(application=draft, by=applicant_my), reviewer_my)
    application = decide(application, persona("muni_plan"), "agree", "", "bj-planning")
    application = decide(application, approver)
    page_url = reverse("application-detail", args=[application.pk])
    client.force_login(approver)
    assert 'data-action="record_land_approval"' not in client.get(page_url).content.decode()
    client.force_login(applicant_my)
    assert 'data-action="record_land_approval"' in client.get(page_url).content.decode()
    url = reverse("application-land-approval", args=[application.pk])
    bad = client.post(url, {"number": "", "approved_on": "昨天", "authority": "规自委"})
    assert bad.status_code == 400
    assert set(bad.context["land_approval_form"].errors) == {"number", "approved_on"}
    assert 'value="规自委"' in bad.content.decode()  # nothing typed is lost
    today = timezone.localdate().isoformat()  # not before the forest-land approval
    body = {"number": "京规自地字〔2026〕3号", "approved_on": today, "authority": "规自委"}
    assert client.post(url, body).status_code == 302
    page = client.get(page_url).content.decode()
    assert 'data-land-approval="京规自地字〔2026〕3号"' in page
    assert 'data-action="record_land_approval"' not in page
