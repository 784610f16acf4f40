"""The public verification page (/verify/<number>/?code=…): a refusal is told apart from a
permit, revoked and expired are clear, and without the check code only number, kind, status."""

import pytest
from django.urls import reverse

from permits.certificates.verify import check_code_matches
from permits.models import CHECK_CODE_LENGTH, Certificate
from tests.factories import decide, decision_document
from workflows import services as task_services

from .helpers import approved, submitted

pytestmark = pytest.mark.django_db


def rejected(*, applicant, reviewer) -> Certificate:
    application = submitted(by=applicant)
    decide(application, reviewer, decision="reject", opinion="作业区域位于核心区")
    return decision_document(application)


def page(client, certificate, code=None) -> str:
    query = {"code": code} if code is not None else {}
    response = client.get(reverse("verify", args=[certificate.number]), query)
    assert response.status_code == 200
    return response.content.decode()


def test_refusal_is_not_shown_as_valid(client, applicant_my, reviewer_my):
    refusal = rejected(applicant=applicant_my, reviewer=reviewer_my)

    html = page(client, refusal, refusal.check_code)

    assert 'data-status="refused"' in html and 'data-status="valid"' not in html
    assert "不予许可" in html
    assert "有效" not in html.split('id="verify-status"')[1].split("</div>")[0]
    assert "被许可人" not in html and "申请人" in html
    assert refusal.application.organisation.name in html
    assert "密云区园林绿化局" in html  # the agency whose step refused


def test_without_the_code_only_number_kind_and_status(client, applicant_my, reviewer_my, approver):
    application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    certificate = decision_document(application)

    for code in (None, "", "WRONGCODE", certificate.check_code[:-1] + "?"):
        html = page(client, certificate, code)
        assert certificate.number in html and 'data-status="valid"' in html
        assert application.reference not in html
        assert application.organisation.name not in html
        assert 'id="verify-code-form"' in html

    html = page(client, certificate, certificate.check_code.lower())  # typed in lower case
    assert application.reference in html and application.organisation.name in html


def test_revoked_and_expired_are_clear(client, applicant_my, reviewer_my, approver):
    application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    certificate = decision_document(application)
    task_services.application_revoke(application=application, by=approver, reason="违规")

    html = page(client, certificate, certificate.check_code)
    assert 'data-status="revoked"' in html and "已撤销" in html


def test_unknown_number_is_a_chinese_404(client, reference_data):
    response = client.get(reverse("verify", args=["京园林抚审〔2026〕9999号"]))
    assert response.status_code == 404
    assert "页面未找到" in response.content.decode()


def test_unknown_number_is_a_chinese_404_with_debug_on_too(client, reference_data, settings):
    settings.DEBUG = True  # as ``make run`` serves: no English technical page for the public
    response = client.get(reverse("verify", args=["京园林抚审〔2026〕9999号"]))
    assert response.status_code == 404
    assert "页面未找到" in response.content.decode()


def test_the_holder_s_page_links_to_the_full_verification(
    client, applicant_my, reviewer_my, approver
):
    application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    certificate = decision_document(application)
    client.force_login(applicant_my)

    html = client.get(reverse("application-detail", args=[application.pk])).content.decode()

    link = reverse("verify", args=[certificate.number]) + f"?code={certificate.check_code}"
    assert f'href="{link}"' in html
    assert f'id="certificate-check-code">{certificate.check_code}<' in html
    assert application.reference in page(client, certificate, certificate.check_code)


def test_nul_in_the_path_is_400_not_500(client, reference_data):
    for response in (client.get("/verify/a%00/"), client.get("/verify/x/", {"code": "\x00"})):
        assert response.status_code == 400
        assert "请求错误" in response.content.decode()
        assert response.has_header("Content-Security-Policy")


def test_every_document_has_its_own_check_code(applicant_my, reviewer_my, approver):
    refusal = rejected(applicant=applicant_my, reviewer=reviewer_my)
    application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    approval = decision_document(application)
    assert len(approval.check_code) == CHECK_CODE_LENGTH
    assert approval.check_code != refusal.check_code
    assert check_code_matches(approval, approval.check_code)
    assert not check_code_matches(approval, refusal.check_code)
    assert not check_code_matches(approval, None)
