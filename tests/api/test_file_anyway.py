"""The contract of issue 46 High 1 over HTTP (api.md "Applications", "Work queues"): a submit with
blocking findings is a 400 ``findings_blocking`` (advice before filing); ``file_anyway`` files
it, the record carries its ``findings``; an approval while one stands is a 409
``blocking_findings`` unless it names ``overrides``."""

import pytest

from permits.rules import tending
from tests.api.helpers import API, decide_posting
from tests.factories import accept, open_task_of, tending_draft
from workflows.models import ReviewDecision

pytestmark = pytest.mark.django_db


@pytest.fixture
def harvest(applicant_my):
    return tending_draft(by=applicant_my, operation_type="commercial_harvest")


def _submit(client, application, **body):
    return client.post(f"{API}/applications/{application.pk}/submit/", body, format="json")


def test_submit_with_blocking_findings_is_a_400_then_filed_anyway(
    client_for, harvest, applicant_my
):
    client = client_for(applicant_my)
    record = client.get(f"{API}/applications/{harvest.pk}/").json()
    assert "submit" in record["actions"]  # the applicant may always file
    assert {
        "rule": "T1",
        "severity": "blocking",
        "message": record["findings"][0]["message"],
        "source": tending.SOURCE_000_2_4,
    } in record["findings"]

    refused = _submit(client, harvest)
    assert refused.status_code == 400
    (error,) = [e for e in refused.json()["errors"] if e["rule"] == "T1"]
    assert (error["code"], error["source"]) == ("findings_blocking", tending.SOURCE_000_2_4)

    filed = _submit(client, harvest, file_anyway=True)
    assert filed.status_code == 200, filed.json()
    body = filed.json()
    assert body["status"] == "submitted"
    assert [f["rule"] for f in body["findings"]] == ["T1"]
    assert set(body["findings"][0]) == {"rule", "severity", "message", "source"}


def test_approve_is_a_409_until_the_decision_says_why_the_finding_does_not_hold(
    client_for, harvest, applicant_my, reviewer_my
):
    assert _submit(client_for(applicant_my), harvest, file_anyway=True).status_code == 200
    accept(harvest)
    client = client_for(reviewer_my)
    task = open_task_of(harvest)

    refused = decide_posting(client, task, {"decision": "approve", "opinion": "同意"})
    assert refused.status_code == 409
    (error,) = refused.json()["errors"]
    assert (error["code"], error["rule"]) == ("blocking_findings", "T1")

    why = "经现场核实系卫生伐"
    body = {"decision": "approve", "opinion": "同意", "overrides": [{"rule": "T1", "reason": why}]}
    response = decide_posting(client, task, body)
    assert response.status_code == 200, response.json()
    record = ReviewDecision.objects.get(application_id=harvest.pk, decision="approve")
    assert record.overrides == [{"rule": "T1", "reason": why}]
