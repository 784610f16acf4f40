"""A refusal names the rules it rests on (issue 26 item 7): the reviewer chooses them among the
rules of the application's type, and a wrong choice changes nothing."""

import pytest
from viewflow.workflow.status import STATUS

from audit.models import AuditEvent
from core.errors import InvalidInput
from permits.choices import Status
from permits.facts import rule_facts
from permits.rules import grounds_for
from tests.factories import submit_accepted, tending_draft
from workflows import services as task_services
from workflows.engine import open_tasks
from workflows.models import ReviewDecision

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(applicant_my):
    return submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)


@pytest.mark.parametrize(
    ("decision", "grounds", "code", "message"),
    [
        # O1 is an occupation's rule, S1 an introduction's: not a tending design's.
        # T1 is a tending design's rule, but this design breaks none: not offered either.
        ("reject", ["T1"], "invalid_choice", task_services.MSG_GROUND_NOT_FOUND % {"code": "T1"}),
        (
            "reject",
            ["O1"],
            "invalid_choice",
            task_services.MSG_GROUND_NOT_FOUND % {"code": "O1"},
        ),
        ("reject", ["S1"], "invalid_choice", task_services.MSG_GROUND_NOT_FOUND % {"code": "S1"}),
        ("reject", ["XX"], "invalid_choice", task_services.MSG_GROUND_NOT_FOUND % {"code": "XX"}),
        ("reject", "T1", "invalid", task_services.MSG_GROUNDS_INVALID),
        ("reject", [1], "invalid", task_services.MSG_GROUNDS_INVALID),
        ("approve", ["T1"], "not_allowed", task_services.MSG_GROUNDS_NOT_ALLOWED),
    ],
)
def test_a_wrong_ground_is_refused_and_changes_nothing(
    submitted, reviewer_my, decision, grounds, code, message
):
    task = open_tasks(application=submitted).get()
    count = AuditEvent.objects.count()
    with pytest.raises(InvalidInput) as error:
        task_services.task_decide(
            task_id=task.pk, by=reviewer_my, decision=decision, opinion="不符合", grounds=grounds
        )
    (problem,) = error.value.problems
    assert (problem.field, problem.code, problem.message) == ("grounds", code, str(message))
    task.refresh_from_db()
    assert (task.status, task.owner_id) == (STATUS.NEW, None)
    submitted.refresh_from_db()
    assert submitted.status == Status.DISTRICT_REVIEW
    assert AuditEvent.objects.count() == count
    assert not ReviewDecision.objects.filter(application_id=submitted.pk, decision=decision)


def test_the_refusal_message_is_in_chinese(submitted, reviewer_my, settings):
    from django.utils import translation

    task = open_tasks(application=submitted).get()
    with translation.override("zh-hans"), pytest.raises(InvalidInput) as error:
        task_services.task_decide(
            task_id=task.pk, by=reviewer_my, decision="reject", opinion="不符合", grounds=["O1"]
        )
    assert error.value.problems[0].message == "“O1”不是审查发现本申请违反的规则。"


def test_the_grounds_offered_are_the_rules_found_once_with_the_local_clause(submitted):
    # A submitted design breaks no rule: nothing to offer (issue 45 item 11).
    assert grounds_for("tending", rule_facts(submitted), "110000") == []
    # T5: assisted regeneration on a dense middle-aged stand, which wants tending.
    facts = {**rule_facts(submitted), "operation_type": "assisted_regeneration"}
    beijing = grounds_for("tending", facts, "110000")
    assert [g.code for g in beijing] == ["T5"]
    assert all(g.description and "%(" not in g.description for g in beijing)
    tianjin = {g.code: g.source for g in grounds_for("tending", facts, "120000")}
    assert "蓟州区" in tianjin["T5"]
    # T4 (no design document) is a matter of the materials, never a refusal's ground.
    without_design = {**facts, "attachment_kinds": frozenset()}
    assert [g.code for g in grounds_for("tending", without_design, "110000")] == ["T5"]
