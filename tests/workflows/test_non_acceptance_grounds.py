"""A non-acceptance names the grounds of art. 32 it rests on (issue 26 item 7), as a refusal
names its rules: the reviewer chooses among those the law allows at that point, the decision and
its event keep them, and a wrong choice changes nothing."""

import pytest
from django.utils import translation
from viewflow.workflow.status import STATUS

from audit.models import AuditEvent
from core.errors import InvalidInput
from permits.choices import Decision, Status
from permits.rules.acceptance import SOURCE_32_1_2, SOURCE_32_1_4_5
from tests.factories import open_task_of, return_items, submit_accepted, tending_draft
from workflows import selectors
from workflows import services as task_services
from workflows.models import ReviewDecision

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(applicant_my):
    """Submitted, waiting for acceptance."""
    draft = tending_draft(by=applicant_my)
    return task_services.application_submit(application=draft, by=applicant_my)


def _decide(application, by, decision, grounds, opinion="不予受理"):
    return task_services.task_decide(
        task_id=open_task_of(application).pk,
        by=by,
        decision=decision,
        opinion=opinion,
        items=return_items() if decision == "return" else None,
        grounds=grounds,
    )[1]


def _corrected_once(application, applicant, reviewer):
    """Returned once at acceptance (the one-time notice), corrected and submitted again."""
    returned = _decide(application, reviewer, "return", None, opinion="材料不全")
    return task_services.application_submit(application=returned, by=applicant)


def test_a_non_acceptance_keeps_its_grounds_with_the_clause_they_quote(submitted, reviewer_my):
    application = _decide(submitted, reviewer_my, "not_accept", ["N2", "N1", "N2"])
    assert application.status == Status.NOT_ACCEPTED
    record = ReviewDecision.objects.get(application_id=submitted.pk, decision="not_accept")
    assert [g["code"] for g in record.grounds] == ["N2", "N1"]
    assert record.grounds[0]["source"] == SOURCE_32_1_2
    # The decision's event proves what the non-acceptance rests on.
    event = AuditEvent.objects.get(application_id=submitted.pk, action="not_accept")
    assert event.details["grounds"] == record.grounds


def test_without_grounds_a_non_acceptance_is_still_decided(submitted, reviewer_my):
    # As a refusal: the grounds are the reviewer's to name, not required.
    application = _decide(submitted, reviewer_my, "not_accept", None)
    assert application.status == Status.NOT_ACCEPTED
    record = ReviewDecision.objects.get(application_id=submitted.pk, decision="not_accept")
    assert record.grounds == []
    event = AuditEvent.objects.get(application_id=submitted.pk, action="not_accept")
    assert "grounds" not in event.details


@pytest.mark.parametrize(
    ("decision", "grounds", "code", "message"),
    [
        # A rule of the application's type is a refusal's ground, not a non-acceptance's.
        (
            "not_accept",
            ["N1", "T1"],
            "invalid_choice",
            task_services.MSG_NON_ACCEPTANCE_GROUND_UNKNOWN % {"code": "T1"},
        ),
        # No one-time notice of what to correct was given: N3 cannot be named yet.
        (
            "not_accept",
            ["N3"],
            "invalid_choice",
            task_services.MSG_NON_ACCEPTANCE_GROUND_UNKNOWN % {"code": "N3"},
        ),
        ("not_accept", "N1", "invalid", task_services.MSG_GROUNDS_INVALID),
        ("not_accept", [2], "invalid", task_services.MSG_GROUNDS_INVALID),
        ("accept", ["N1"], "not_allowed", task_services.MSG_GROUNDS_NOT_ALLOWED),
        ("return", ["N1"], "not_allowed", task_services.MSG_GROUNDS_NOT_ALLOWED),
    ],
)
def test_a_wrong_ground_is_refused_and_changes_nothing(
    submitted, reviewer_my, decision, grounds, code, message
):
    task = open_task_of(submitted)
    count = AuditEvent.objects.count()
    with pytest.raises(InvalidInput) as error:
        _decide(submitted, reviewer_my, decision, grounds)
    (problem,) = error.value.problems
    assert (problem.field, problem.code, problem.message) == ("grounds", code, str(message))
    task.refresh_from_db()
    assert (task.status, task.owner_id) == (STATUS.NEW, None)
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    assert AuditEvent.objects.count() == count
    assert not ReviewDecision.objects.filter(application_id=submitted.pk)


def test_a_non_acceptance_ground_is_no_refusal_ground(applicant_my, reviewer_my):
    application = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
    with pytest.raises(InvalidInput) as error:
        _decide(application, reviewer_my, "reject", ["N1"])
    assert error.value.problems[0].message == str(
        task_services.MSG_GROUND_NOT_FOUND % {"code": "N1"}
    )


def test_the_refusal_message_is_in_chinese(submitted, reviewer_my):
    with translation.override("zh-hans"), pytest.raises(InvalidInput) as error:
        _decide(submitted, reviewer_my, "not_accept", ["T1"])
    assert error.value.problems[0].message == "“T1”不是本申请可以援用的法定不予受理事由。"


def test_the_grounds_offered_are_art_32s_and_n3_only_after_the_one_time_notice(
    submitted, applicant_my, reviewer_my
):
    def offered(application):
        return [g.code for g in selectors.grounds_offered(application, Decision.NOT_ACCEPT)]

    assert offered(submitted) == ["N1", "N2"]
    resubmitted = _corrected_once(submitted, applicant_my, reviewer_my)
    assert offered(resubmitted) == ["N1", "N2", "N3"]
    # What the reviewer reads: what each ground is, in the page's language.
    with translation.override("zh-hans"):
        described = {
            g.code: g.description
            for g in selectors.grounds_offered(resubmitted, Decision.NOT_ACCEPT)
        }
    assert described["N2"] == "申请事项依法不属于本机关职权范围。"
    # Neither an approval nor a return rests on grounds.
    assert selectors.grounds_offered(resubmitted, Decision.ACCEPT) == []


def test_materials_still_incomplete_after_the_notice_are_a_ground(
    submitted, applicant_my, reviewer_my
):
    resubmitted = _corrected_once(submitted, applicant_my, reviewer_my)
    application = _decide(resubmitted, reviewer_my, "not_accept", ["N3"], opinion="仍缺作业设计")
    assert application.status == Status.NOT_ACCEPTED
    record = ReviewDecision.objects.get(application_id=submitted.pk, decision="not_accept")
    assert record.grounds == [{"code": "N3", "source": SOURCE_32_1_4_5}]
