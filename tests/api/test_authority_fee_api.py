"""The authority by area and the restoration fee over HTTP (api.md "The law's letter…";
product.md §16 L6, L7): ``forward`` at the municipal step, ``POST /applications/{id}/national-
decision/`` with the national document, ``POST /applications/{id}/fee/``; the record's ``fee``
and ``national_decision``; 400/403/404/409 as the contract says."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from permits.choices import Status
from tests.factories import decide, occupation_draft, open_task_of, persona, submit

from .helpers import API, error_fields, record

pytestmark = pytest.mark.django_db

LARGE = {
    "occupation_kind": "permanent",
    "duration_months": None,
    "forest_category": "special_use",
    "area_ha": Decimal("15"),
}


@pytest.fixture
def at_municipal(applicant_my, reviewer_my, reference_data):
    def make(**fields):
        application = submit(occupation_draft(by=applicant_my, **fields), applicant_my)
        application = decide(application, reviewer_my, "approve", "同意上报")
        return decide(application, persona("muni_plan"), "agree", "同意", "bj-planning")

    return make


def test_the_fee_over_http(client_for, at_municipal, approver, applicant_my, reviewer_my, outsider):
    application = at_municipal()
    task = open_task_of(application)
    answer = client_for(approver).post(
        f"{API}/tasks/{task.pk}/decide/", {"decision": "approve", "opinion": "同意"}, format="json"
    )
    assert answer.status_code == 200, answer.content
    data = record(client_for(applicant_my), application.pk)
    assert data["status"] == "awaiting_fee"
    assert data["fee"]["amount"] == 180000.0
    assert data["fee"]["status"] == "due"
    assert data["fee"]["notice"]["number"]
    assert data["certificate"] is None
    assert "record_fee" in record(client_for(approver), application.pk)["actions"]

    url = f"{API}/applications/{application.pk}/fee/"
    body = {"amount": 0, "paid_on": "x", "receipt_number": ""}
    assert client_for(outsider).post(url, body, format="json").status_code == 404
    assert client_for(applicant_my).post(url, body, format="json").status_code == 403
    refused = client_for(approver).post(url, body, format="json")
    assert refused.status_code == 400
    assert set(error_fields(refused)) == {"amount", "paid_on", "receipt_number"}
    differing = {"amount": "170000", "paid_on": str(timezone.localdate()), "receipt_number": "A1"}
    refused = client_for(approver).post(url, differing, format="json")
    assert refused.status_code == 400 and "reason" in error_fields(refused)

    paid = client_for(approver).post(
        url,
        {"amount": "180000.00", "paid_on": str(timezone.localdate()), "receipt_number": "A1"},
        format="json",
    )
    assert paid.status_code == 200, paid.content
    data = paid.json()
    assert data["status"] == "approved"
    assert data["fee"]["status"] == "paid"
    assert data["fee"]["receipt_number"] == "A1"
    assert data["certificate"]["number"].startswith("京园林地审")
    again = client_for(approver).post(
        url,
        {"amount": "180000.00", "paid_on": str(timezone.localdate()), "receipt_number": "A1"},
        format="json",
    )
    assert again.status_code == 409


def test_forward_and_the_national_decision_over_http(
    client_for, at_municipal, approver, applicant_my, outsider
):
    application = at_municipal(**LARGE)
    task = open_task_of(application)
    decide_url = f"{API}/tasks/{task.pk}/decide/"
    approving = client_for(approver).post(
        decide_url, {"decision": "approve", "opinion": "同意"}, format="json"
    )
    assert approving.status_code == 400
    assert approving.json()["errors"][0]["code"] == "beyond_authority"
    assert "第十六条" in approving.json()["errors"][0]["source"]
    forwarding = client_for(approver).post(
        decide_url, {"decision": "forward", "opinion": "初审同意，报请审核。"}, format="json"
    )
    assert forwarding.status_code == 200, forwarding.content
    data = record(client_for(applicant_my), application.pk)
    assert data["status"] == "forwarded"
    assert data["national_decision"]["letter"]["number"]
    assert data["national_decision"]["outcome"] == ""

    url = f"{API}/applications/{application.pk}/national-decision/"
    body = {"number": "林资许准〔2026〕9号", "decided_on": str(timezone.localdate())}
    assert client_for(outsider).post(url, body).status_code == 404
    assert client_for(applicant_my).post(url, body).status_code == 403
    refused = client_for(approver).post(url, {**body, "outcome": "perhaps"})
    assert refused.status_code == 400
    assert set(error_fields(refused)) == {"outcome", "files"}
    pdf = SimpleUploadedFile("审核同意书.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n%%EOF\n")
    recorded = client_for(approver).post(url, {**body, "outcome": "approved", "files": [pdf]})
    assert recorded.status_code == 200, recorded.content
    data = recorded.json()
    assert data["status"] == Status.AWAITING_FEE
    assert data["national_decision"]["number"] == "林资许准〔2026〕9号"
    assert data["national_decision"]["attachments"][0]["kind"] == "national_decision"
    assert data["fee"]["amount"] == 1500000.0
