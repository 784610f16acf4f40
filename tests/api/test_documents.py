"""GET /api/v1/applications/{id}/documents/ and the documents' downloads and verification."""

from urllib.parse import quote

import pytest

from documents.models import DocumentKind
from tests.factories import revoke_heard, submit_accepted, tending_draft
from tests.pdftools import pdf_text
from tests.web.helpers import approved

from .helpers import API

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(applicant_my):
    application = tending_draft(by=applicant_my)
    return submit_accepted(application=application, by=applicant_my)


def _accept(application):
    """The acceptance notice (受理通知书) the acceptance of the application issued."""
    return application.certificates.get(document_kind=DocumentKind.ACCEPTANCE_NOTICE)


def _documents(client, application):
    return client.get(f"{API}/applications/{application.pk}/documents/")


def test_every_document_oldest_first(client_for, applicant_my, reviewer_my, approver):
    application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    revoke_heard(application=application, by=approver, reason="擅自扩大范围")
    response = _documents(client_for(applicant_my), application)
    assert response.status_code == 200
    documents = response.json()
    assert [d["kind"] for d in documents] == [
        "acceptance_notice",
        "approval",
        "statement_notice",
        "revocation",
    ]
    _notice, approval, _statement, revocation = (
        application.certificates.get(number=d["number"]) for d in documents
    )
    assert documents[1]["code"] == approval.check_code
    assert set(documents[1]) == {"kind", "number", "code", "issued_at", "url", "seal"}
    assert documents[1]["seal"] == {  # issues 46, 49
        "provider": "wet",
        "state": "awaiting_original",
        "sealed_at": None,
        "sealed_by": None,
        "mode": "wet",
        "sealed": False,
        "sealed_on": None,
    }
    assert revocation.number.startswith("京园林撤〔")
    assert revocation.issuing_agency.code == "bj-forestry"


def test_notices_are_listed_and_downloaded(client_for, submitted, applicant_my, reviewer_my):
    notice = _accept(submitted)
    for user in (applicant_my, reviewer_my):
        documents = _documents(client_for(user), submitted).json()
        assert [(d["kind"], d["number"], d["code"]) for d in documents] == [
            ("acceptance_notice", notice.number, notice.check_code)
        ]
        download = client_for(user).get(documents[0]["url"])
        assert download.status_code == 200
        assert download["Content-Type"] == "application/pdf"
        body = b"".join(download.streaming_content)
        assert "受理通知书" in pdf_text(body)


def test_documents_of_an_invisible_application_are_404(client_for, submitted, applicant_yq):
    notice = _accept(submitted)
    assert _documents(client_for(applicant_yq), submitted).status_code == 404
    url = f"{API}/applications/{submitted.pk}/documents/{notice.pk}.pdf"
    assert client_for(applicant_yq).get(url).status_code == 404


def test_anonymous_is_401(client_for, submitted):
    notice = _accept(submitted)
    assert _documents(client_for(None), submitted).status_code == 401
    url = f"{API}/applications/{submitted.pk}/documents/{notice.pk}.pdf"
    assert client_for(None).get(url).status_code == 401


def test_a_document_of_another_application_is_404(client_for, submitted, applicant_my):
    other = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
    notice = _accept(other)
    url = f"{API}/applications/{submitted.pk}/documents/{notice.pk}.pdf"
    assert client_for(applicant_my).get(url).status_code == 404


def _verify(client, number, code=None):
    query = {"code": code} if code is not None else {}
    return client.get(f"{API}/certificates/{quote(number)}/verify/", query).json()


def test_a_notice_verifies_as_valid_with_its_issuing_agency(client_for, submitted):
    notice = _accept(submitted)
    assert _verify(client_for(None), notice.number) == {
        "number": notice.number,
        "document_kind": "acceptance_notice",
        "status": "valid",
    }
    full = _verify(client_for(None), notice.number, notice.check_code)
    assert full["status"] == "valid"
    assert full["issuing_agency"] == "密云区园林绿化局"
    assert full["valid_until"] is None
    # No credit code: the public sees the first character only (core.masking.name_public).
    assert full["holder"] == "密**"


def test_revocation_document_stays_valid_while_the_permit_is_revoked(
    client_for, applicant_my, reviewer_my, approver
):
    application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    revoke_heard(application=application, by=approver, reason="擅自扩大范围")
    approval = application.certificates.get(document_kind=DocumentKind.APPROVAL)
    revocation = application.certificates.get(document_kind=DocumentKind.REVOCATION)
    assert _verify(client_for(None), approval.number)["status"] == "revoked"
    full = _verify(client_for(None), revocation.number, revocation.check_code)
    assert full["document_kind"] == "revocation"
    assert full["status"] == "valid"
    assert full["issuing_agency"] == "北京市园林绿化局"
