"""``POST /api/v1/applications/{id}/fee/determination/`` (api.md "The restoration fee"): the
deciding agency's written 核定 of a fee its notice left 待核定; the record's ``fee`` names the
determination; 400 field by field in Chinese, 403/404, 409 for a second determination unless
it is a correction."""

from decimal import Decimal

import pytest

from core.messages import MSG_DETERMINATION_REASON, MSG_DETERMINED_AMOUNT
from documents.models import Certificate, DocumentKind
from tests.factories import municipal_decide as municipal
from tests.factories import occupation_at_municipal as at_municipal

from .helpers import API, error_fields, record

pytestmark = pytest.mark.django_db

OTHER_LAND = {"occupation_kind": "permanent", "duration_months": None, "land_category": "other"}
BODY = {"amount": "36000.00", "reason": "参照宜林地标准每平方米3元核定。"}


def test_the_determination_over_http(
    client_for, applicant_my, reviewer_my, muni_plan, approver, outsider
):
    application = at_municipal(applicant_my, reviewer_my, muni_plan, **OTHER_LAND)
    municipal(application, approver, "approve")
    data = record(client_for(approver), application.pk)
    assert data["fee"]["amount"] is None and data["fee"]["determination"] is None
    assert {"determine_fee", "record_fee"} <= set(data["actions"])
    assert "determine_fee" not in record(client_for(applicant_my), application.pk)["actions"]

    url = f"{API}/applications/{application.pk}/fee/determination/"
    assert client_for(outsider).post(url, BODY, format="json").status_code == 404
    assert client_for(applicant_my).post(url, BODY, format="json").status_code == 403
    bad = client_for(approver).post(url, {"amount": "abc", "reason": ""}, format="json")
    assert bad.status_code == 400
    assert error_fields(bad) == {"amount": "invalid", "reason": "required"}
    messages = {e["field"]: e["message"] for e in bad.json()["errors"]}
    assert messages == {
        "amount": str(MSG_DETERMINED_AMOUNT),
        "reason": str(MSG_DETERMINATION_REASON),
    }
    assert "请填写核定金额" in messages["amount"]  # Chinese, the site's language
    unknown = client_for(approver).post(url, {**BODY, "due": "x"}, format="json")
    assert unknown.status_code == 400
    assert not Certificate.objects.filter(document_kind=DocumentKind.FEE_DETERMINATION).exists()

    done = client_for(approver).post(url, BODY, format="json")
    assert done.status_code == 200, done.content
    fee = done.json()["fee"]
    assert fee["amount"] == 36000.0 and fee["determination"]["number"].startswith("京园林核〔")
    assert fee["determination_reason"] == BODY["reason"]

    again = client_for(approver).post(url, {**BODY, "amount": "30000"}, format="json")
    assert again.status_code == 409
    assert [e["code"] for e in again.json()["errors"]] == ["already_determined"]
    corrected = client_for(approver).post(
        url, {"amount": "30000", "reason": "面积复核后更正。", "correction": True}, format="json"
    )
    assert corrected.status_code == 200, corrected.content
    assert Decimal(str(corrected.json()["fee"]["amount"])) == Decimal("30000")
    assert Certificate.objects.filter(document_kind=DocumentKind.FEE_DETERMINATION).count() == 2
