"""A non-acceptance's grounds through the API (issue 26 item 7): the grounds of art. 32 as
codes, kept on the decision and its event; a code the law does not allow there is a 400 that
changes nothing."""

import pytest

from audit.models import AuditEvent
from permits.rules.acceptance import SOURCE_32_1_1, SOURCE_32_1_2
from tests.api.helpers import assert_grounds_refused, decide_posting
from tests.factories import open_task_of, tending_draft
from workflows.models import ReviewDecision
from workflows.services import application_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(applicant_my):
    """Waiting for acceptance."""
    return application_submit(application=tending_draft(by=applicant_my), by=applicant_my)


def test_a_non_acceptance_keeps_its_grounds(client_for, submitted, reviewer_my):
    body = {"decision": "not_accept", "opinion": "不属于本机关职权范围", "grounds": ["N2", "N1"]}
    response = decide_posting(client_for(reviewer_my), open_task_of(submitted), body)
    assert response.status_code == 200, response.json()
    assert response.json()["application"]["status"] == "not_accepted"
    record = ReviewDecision.objects.get(application_id=submitted.pk, decision="not_accept")
    assert record.grounds == [
        {"code": "N2", "source": SOURCE_32_1_2},
        {"code": "N1", "source": SOURCE_32_1_1},
    ]
    event = AuditEvent.objects.get(application_id=submitted.pk, action="not_accept")
    assert event.details["grounds"] == record.grounds


@pytest.mark.parametrize(
    ("grounds", "message"),
    [
        (["T1"], "“T1”不是本申请可以援用的法定不予受理事由。"),
        # Not returned once at acceptance: the materials cannot be "still" incomplete.
        (["N3"], "“N3”不是本申请可以援用的法定不予受理事由。"),
        ("N2", None),  # not a list
        ([{"code": "N2"}], None),
    ],
)
def test_a_wrong_ground_is_a_400_in_chinese_and_changes_nothing(
    client_for, submitted, reviewer_my, grounds, message
):
    events = AuditEvent.objects.count()
    body = {"decision": "not_accept", "opinion": "不属于本机关职权范围", "grounds": grounds}
    response = decide_posting(client_for(reviewer_my), open_task_of(submitted), body)
    assert_grounds_refused(
        response,
        submitted,
        status="submitted",
        events=events,
        decision="not_accept",
        message=message,
    )


def test_grounds_with_an_acceptance_are_a_400(client_for, submitted, reviewer_my):
    body = {"decision": "accept", "opinion": "予以受理", "grounds": ["N1"]}
    response = decide_posting(client_for(reviewer_my), open_task_of(submitted), body)
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert (error["field"], error["message"]) == (
        "grounds",
        "依据只能随不予批准或者不予受理的决定提出。",
    )
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
