"""The public verification page and the default language."""

import pytest
from django.urls import reverse

from tests.factories import decision_document, revoke_heard

from .helpers import approved

pytestmark = pytest.mark.django_db


def test_verify_page_without_login(client, applicant_my, reviewer_my, approver):
    application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    certificate = decision_document(application)

    response = client.get(
        reverse("verify", args=[certificate.number]), {"code": certificate.check_code}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-status="valid"' in html
    for text in (certificate.number, application.reference):
        assert text in html
    # The holder has no credit code: the public sees its first character only.
    assert application.organisation.name[0] + "**" in html
    assert application.organisation.name not in html
    assert certificate.valid_until.isoformat() in html


def test_verify_page_shows_revoked(client, applicant_my, reviewer_my, approver):
    application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    revoke_heard(application=application, by=approver, reason="违规")

    response = client.get(
        reverse("verify", args=[application.certificates.get(document_kind="approval").number])
    )

    assert 'data-status="revoked"' in response.content.decode()


def test_verify_unknown_number_is_404(client, reference_data):
    assert client.get(reverse("verify", args=["京园林抚审〔2026〕9999号"])).status_code == 404


def test_login_page_is_chinese_without_accept_language(client, reference_data):
    html = client.get(reverse("login")).content.decode()
    assert 'lang="zh-hans"' in html
    assert "登录" in html  # viewflow's "Log in", from its zh_Hans catalogue


def test_login_page_stays_chinese_for_an_english_browser(client, reference_data):
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "登录" in html


def test_pages_are_chinese_by_default(client, applicant_my):
    client.force_login(applicant_my)
    html = client.get(reverse("applications:index")).content.decode()
    assert "退出登录" in html  # viewflow's "Log out"


def test_english_through_the_switch(client, applicant_my):
    client.force_login(applicant_my)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("applications:index")).content.decode()
    assert 'lang="en"' in html
    assert "Log out" in html


def test_login_form_logs_in(client, applicant_my):
    applicant_my.set_password("Forest-demo-2026")
    applicant_my.save()

    response = client.post(
        reverse("login"), {"username": "applicant_my", "password": "Forest-demo-2026"}
    )

    assert response.url == "/"
    assert client.get("/").url == reverse("desk:index")
