"""A rejection's grounds through the API (issue 26 item 7): codes of the rules the checks find
against the application (issue 45 item 11), kept on the decision and its event; any other code
is a 400 that changes nothing."""

from decimal import Decimal

import pytest

from audit.models import AuditEvent
from tests.api.helpers import assert_grounds_refused, decide_posting, site_checked
from tests.factories import occupation_draft, open_task_of, submit_accepted
from workflows.models import ReviewDecision

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(applicant_my):
    return submit_accepted(application=occupation_draft(by=applicant_my), by=applicant_my)


def test_a_rejection_keeps_its_grounds(client_for, submitted, reviewer_my):
    # The declared area corrected since submission to 3 ha for a 1.8 ha site: Z2 finds it.
    detail = submitted.detail
    type(detail).objects.filter(pk=detail.pk).update(area_ha=Decimal("3"))
    body = {"decision": "reject", "opinion": "申报面积与位置范围不符", "grounds": ["Z2"]}
    response = decide_posting(client_for(reviewer_my), open_task_of(submitted), body)
    assert response.status_code == 200, response.json()
    record = ReviewDecision.objects.get(application_id=submitted.pk, decision="reject")
    assert [g["code"] for g in record.grounds] == ["Z2"]
    assert all(g["source"] for g in record.grounds)
    event = AuditEvent.objects.get(application_id=submitted.pk, action="reject")
    assert event.details["grounds"] == record.grounds


@pytest.mark.parametrize(
    ("grounds", "message"),
    [
        (["T1"], "“T1”不是审查发现本申请违反的规则。"),
        (["O2"], "“O2”不是审查发现本申请违反的规则。"),  # its type's, but not broken
        ("O2", None),  # not a list
        ([{"code": "O2"}], None),
    ],
)
def test_a_wrong_ground_is_a_400_in_chinese_and_changes_nothing(
    client_for, submitted, reviewer_my, grounds, message
):
    events = AuditEvent.objects.count()
    body = {"decision": "reject", "opinion": "不符合", "grounds": grounds}
    response = decide_posting(client_for(reviewer_my), open_task_of(submitted), body)
    assert_grounds_refused(
        response,
        submitted,
        status="district_review",
        events=events,
        decision="reject",
        message=message,
    )


def test_grounds_with_an_approval_are_a_400(client_for, submitted, reviewer_my, reviewer_my2):
    task = open_task_of(submitted)
    # An occupation's district approval needs its site check first (product.md §16 L12).
    site_checked(client_for(reviewer_my), task.pk, reviewer_my, reviewer_my2)
    body = {"decision": "approve", "opinion": "同意", "grounds": ["O2"]}
    response = decide_posting(client_for(reviewer_my), task, body)
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == "依据只能随不予批准或者不予受理的决定提出。"
