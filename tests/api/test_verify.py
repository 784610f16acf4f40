"""GET /api/v1/certificates/{number}/verify/?code= (api.md, Certificates and documents)."""

from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest

from tests.factories import decide, decision_document, submit_accepted, tending_draft
from tests.pdftools import pdf_text
from tests.web.helpers import approved

from .helpers import API, record

pytestmark = pytest.mark.django_db
ZONE = ZoneInfo("Asia/Shanghai")

FULL_KEYS = {
    "number",
    "document_kind",
    "status",
    "status_on",
    "kind",
    "reference",
    "holder",
    "issuing_agency",
    "issued_at",
    "valid_from",
    "valid_until",
    "location",
    "validity",
    "particulars",
    "seal",
    "licence_identifier",
    "code_valid",
}


def verify(client, number, code=None):
    query = {"code": code} if code is not None else {}
    return client.get(f"{API}/certificates/{quote(number)}/verify/", query)


def test_refusal_is_refused_not_valid(client_for, applicant_my, reviewer_my):
    application = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
    decide(application, reviewer_my, decision="reject", opinion="位于核心区")
    refusal = decision_document(application)

    public = verify(client_for(None), refusal.number).json()
    assert public == {"number": refusal.number, "document_kind": "refusal", "status": "refused"}

    full = verify(client_for(None), refusal.number, refusal.check_code).json()
    assert set(full) == FULL_KEYS
    assert full["status"] == "refused" and full["valid_until"] is None
    # Refused since the day it was issued.
    assert full["status_on"] == refusal.issued_at.astimezone(ZONE).date().isoformat()
    assert full["issuing_agency"] == "密云区园林绿化局"

    # The applicant reads the code in the record; the document prints it too.
    mine = record(client_for(applicant_my), application.pk)["certificate"]
    assert mine["code"] == refusal.check_code and mine["status"] == "refused"


def test_wrong_code_gives_only_the_public_fields(client_for, applicant_my, reviewer_my, approver):
    application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    certificate = decision_document(application)
    assert set(verify(client_for(None), certificate.number, "").json()) == {
        "number",
        "document_kind",
        "status",
    }
    for code in ("x", certificate.check_code + "A", "é" * 16):
        wrong = verify(client_for(None), certificate.number, code).json()
        # 校验码不正确 is said, and nothing more than the public fields.
        assert wrong == {
            "number": certificate.number,
            "document_kind": "approval",
            "status": "valid",
            "code_valid": False,
        }
    full = verify(client_for(None), certificate.number, certificate.check_code).json()
    assert full["status"] == "valid" and full["holder"] == "密**"
    assert full["code_valid"] is True


def test_with_the_code_the_site_the_work_and_its_dates(
    client_for, applicant_my, reviewer_my, approver
):
    application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    certificate = decision_document(application)
    full = verify(client_for(None), certificate.number, certificate.check_code).json()
    assert full["location"].startswith("北京市密云区 不老屯镇")
    assert full["valid_from"] == application.start_date.isoformat()
    assert full["valid_until"] == application.end_date.isoformat()
    assert full["validity"].endswith(f"{application.end_date.day}日")
    rows = {row["label"]: row["value"] for row in full["particulars"]}
    assert rows["作业类型"] == "中幼林抚育" and rows["林班/小班"] == "12-3、12-4"
    assert rows["作业面积（公顷）"].startswith("12.5")
    # Never contact data.
    assert application.contact_phone not in str(full) and application.contact_name not in str(full)


def test_the_code_is_printed_on_the_pdf_and_in_its_verify_url(applicant_my, reviewer_my, approver):
    application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    certificate = decision_document(application)
    text = pdf_text(certificate.pdf.open("rb").read())
    assert certificate.check_code in text
    assert f"code={certificate.check_code}" in text.replace("\n", "")


def test_the_code_is_only_for_those_who_see_the_application(
    client_for, applicant_my, applicant_yq, reviewer_my, approver
):
    application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    assert client_for(applicant_yq).get(f"{API}/applications/{application.pk}/").status_code == 404
    assert client_for(None).get(f"{API}/applications/{application.pk}/").status_code == 401


def test_unknown_number_is_a_json_404(client_for, reference_data):
    response = verify(client_for(None), "京园林抚审〔2026〕9999号", "ABC")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"
