"""The public verification page (/verify/<number>/?code=…): a refusal is told apart from a
permit, revoked and expired are clear, and without the check code only number, kind, status."""

import pytest
from django.urls import reverse

from documents.models import CHECK_CODE_LENGTH, Certificate, Licence
from documents.verify import check_code_matches
from tests.documents.licence_codes import licence_codes_enter
from tests.factories import decide, decision_document, revoke_heard

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
    assert "密**" in html  # the applicant, no credit code: masked (issue 49)
    assert "密云区园林绿化局" in html  # the agency whose step refused


def test_without_the_code_only_number_kind_and_status(client, applicant_my, reviewer_my, approver):
    application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    certificate = decision_document(application)

    for code in (None, "", "  "):
        html = page(client, certificate, code)
        assert certificate.number in html and 'data-status="valid"' in html
        assert "校验码不正确" not in html
        assert application.reference not in html
        assert application.organisation.name not in html
        assert 'id="verify-code-form"' in html

    html = page(client, certificate, certificate.check_code.lower())  # typed in lower case
    assert application.reference in html and "密**" in html


def test_a_wrong_code_is_said_to_be_wrong_and_gets_no_verdict(
    client, applicant_my, reviewer_my, approver
):
    """A forged paper with a made-up code must not be answered with the green 有效."""
    application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    certificate = decision_document(application)

    for code in ("WRONGCODE", certificate.check_code[:-1] + "?", "é" * 16):
        html = page(client, certificate, code)
        assert 'data-status="wrong_code"' in html and "校验码不正确" in html
        assert 'data-status="valid"' not in html
        assert "有效" not in html.split('id="verify-status"')[1].split("</p>")[0]
        assert certificate.number in html  # it exists: that much is said
        assert application.reference not in html
        assert application.organisation.name not in html
        assert 'id="verify-code-form"' in html and 'aria-invalid="true"' in html


def test_with_the_code_a_ranger_sees_where_what_how_much_and_when(
    client, applicant_my, reviewer_my, approver
):
    application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    certificate = decision_document(application)

    html = page(client, certificate, certificate.check_code)
    particulars = html.split('id="verify-particulars"')[1].split("</table>")[0]
    for label, value in (
        ("地点", "北京市密云区 不老屯镇"),
        ("林班/小班", "12-3、12-4"),
        ("作业类型", "中幼林抚育"),
        ("作业面积（公顷）", "12.5"),
        ("有效期限", "年"),
    ):
        assert label in particulars and value in particulars, label
    # Never contact data.
    assert application.contact_phone not in html and application.contact_name not in html

    without = page(client, certificate)
    assert 'id="verify-particulars"' not in without and "不老屯镇" not in without


def test_revoked_and_expired_are_clear(client, applicant_my, reviewer_my, approver):
    application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    certificate = decision_document(application)
    revoke_heard(application=application, by=approver, reason="违规")

    html = page(client, certificate, certificate.check_code)
    assert 'data-status="revoked"' in html and "已撤销" in html


@pytest.mark.parametrize("debug", [False, True])  # ``make run`` serves with DEBUG on
def test_unknown_number_is_a_404_that_says_no_such_document(
    client, reference_data, settings, debug
):
    settings.DEBUG = debug
    for query in ({}, {"code": "ABCD2345"}):
        response = client.get(reverse("verify", args=["京园林抚审〔2026〕9999号"]), query)
        assert response.status_code == 404
        html = response.content.decode()
        assert "查无此文书" in html and 'data-status="unknown"' in html
        assert "京园林抚审〔2026〕9999号" in html  # the number asked about, escaped as text
        assert "有效" not in html.split('id="verify-status"')[1].split("</p>")[0]


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


def test_the_page_shows_the_licence_identifier(client, applicant_my, reviewer_my, approver):
    """Issue 49 item 4: with the check code, the permit's electronic licence identifier."""
    licence_codes_enter()
    application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    certificate = decision_document(application)
    identifier = Licence.objects.get(certificate=certificate).identifier

    html = page(client, certificate, certificate.check_code)
    assert 'id="verify-licence-identifier"' in html and identifier in html
    assert "电子证照标识" in html
    assert identifier not in page(client, certificate)  # without the code: no details
