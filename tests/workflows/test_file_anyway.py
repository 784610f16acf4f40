"""The right to file and to a written decision (issue 46 High 1; 行政许可法 arts. 29, 32, 38(2)):
blocking findings are advice before filing, a confirmed filing goes through, the acceptance
step treats it as any other, the refusal prints each finding as its reason with the clause it
fails, and an approval while one stands must say why it does not hold."""

import pytest

from audit.models import AuditEvent
from core.errors import InvalidInput, RulesViolated, StateConflict
from permits.choices import Status
from permits.models import Application
from permits.rules import tending
from permits.rules.base import citation_for_people
from tests.factories import (
    accept,
    decision_document,
    document_pdf,
    open_task_of,
    tending_draft,
)
from workflows import services as task_services
from workflows.models import ReviewDecision

from ..pdftools import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def harvest(applicant_my):
    """A design of a commercial harvest: rule T1 (000 二（四）, 全面禁止商业性采伐) finds it."""
    return tending_draft(by=applicant_my, operation_type="commercial_harvest")


def _status(application) -> str:
    return Application.objects.get(pk=application.pk).status


def test_a_blocking_finding_is_advice_before_filing(harvest, applicant_my):
    events = AuditEvent.objects.count()
    with pytest.raises(RulesViolated) as refused:
        task_services.application_submit(application=harvest, by=applicant_my)
    (problem,) = [p for p in refused.value.problems if p.rule == "T1"]
    assert (problem.code, problem.source) == ("findings_blocking", tending.SOURCE_000_2_4)
    assert _status(harvest) == Status.DRAFT
    assert AuditEvent.objects.count() == events


def test_filed_anyway_it_is_submitted_with_its_findings_recorded(harvest, applicant_my):
    filed = task_services.application_submit(application=harvest, by=applicant_my, file_anyway=True)
    assert filed.status == Status.SUBMITTED
    event = AuditEvent.objects.get(application_id=harvest.pk, action="submit")
    (finding,) = [f for f in event.details["findings"] if f["rule"] == "T1"]
    assert finding["severity"] == "blocking"
    assert finding["source"] == tending.SOURCE_000_2_4
    assert finding["message"]


def test_file_anyway_does_not_replace_what_the_form_needs(applicant_my):
    draft = tending_draft(by=applicant_my, title="")
    with pytest.raises(RulesViolated) as refused:
        task_services.application_submit(application=draft, by=applicant_my, file_anyway=True)
    assert ("title", "required") in {(p.field, p.code) for p in refused.value.problems}
    assert _status(draft) == Status.DRAFT


@pytest.fixture
def in_review(harvest, applicant_my):
    task_services.application_submit(application=harvest, by=applicant_my, file_anyway=True)
    return accept(harvest)  # acceptance treats it as any other (art. 32: no ground to refuse)


def test_an_approval_while_a_blocking_finding_stands_is_a_409(in_review, reviewer_my):
    task = open_task_of(in_review)
    with pytest.raises(StateConflict) as refused:
        task_services.task_decide(task_id=task.pk, by=reviewer_my, decision="approve")
    (problem,) = refused.value.problems
    assert (problem.code, problem.rule, problem.source) == (
        "blocking_findings",
        "T1",
        tending.SOURCE_000_2_4,
    )
    assert _status(in_review) == Status.DISTRICT_REVIEW
    assert not ReviewDecision.objects.filter(application_id=in_review.pk, decision="approve")


def test_an_approval_that_says_why_the_finding_does_not_hold_is_recorded(in_review, reviewer_my):
    task = open_task_of(in_review)
    why = "经现场核实，系林业有害生物防治所需的卫生伐，不属于商业性采伐"
    task_services.task_decide(
        task_id=task.pk,
        by=reviewer_my,
        decision="approve",
        overrides=[{"rule": "T1", "reason": why}],
    )
    record = ReviewDecision.objects.get(application_id=in_review.pk, decision="approve")
    assert record.overrides == [{"rule": "T1", "reason": why}]
    event = AuditEvent.objects.get(application_id=in_review.pk, action="approve")
    assert event.details["overrides"] == record.overrides


@pytest.mark.parametrize(
    ("decision", "overrides", "code"),
    [
        ("approve", [{"rule": "O2", "reason": "不适用"}], "invalid_choice"),  # not standing
        ("approve", [{"rule": "T1", "reason": "  "}], "required"),
        ("approve", [{"rule": "T1"}], "required"),
        ("approve", "T1", "invalid"),
        ("reject", [{"rule": "T1", "reason": "不成立"}], "not_allowed"),
    ],
)
def test_a_wrong_override_is_a_400_that_changes_nothing(
    in_review, reviewer_my, decision, overrides, code
):
    task = open_task_of(in_review)
    with pytest.raises(InvalidInput) as refused:
        task_services.task_decide(
            task_id=task.pk,
            by=reviewer_my,
            decision=decision,
            opinion="不符合",
            overrides=overrides,
        )
    assert [(p.field, p.code) for p in refused.value.problems] == [("overrides", code)]
    assert _status(in_review) == Status.DISTRICT_REVIEW


def test_the_refusal_prints_each_finding_as_its_reason_with_its_clause(
    in_review, reviewer_my, committed
):
    task = open_task_of(in_review)
    committed(
        task_services.task_decide,
        task_id=task.pk,
        by=reviewer_my,
        decision="reject",
        opinion="作业类型为商业性采伐",
    )
    record = ReviewDecision.objects.get(application_id=in_review.pk, decision="reject")
    (ground,) = [g for g in record.grounds if g["code"] == "T1"]
    assert ground["source"] == tending.SOURCE_000_2_4 and ground["description"]
    text = "".join(pdf_text(document_pdf(decision_document(in_review))).split())
    # A design's refusal is a 批复's (issue 46 item 3): 不予批准, its reasons as a licence's.
    assert "不予批准决定书" in text and "不予批准的理由" in text
    reason = "".join(f"{ground['description'].rstrip('。')}，不符合".split())
    assert reason in text
    assert "".join(citation_for_people(tending.SOURCE_000_2_4).split()) in text
    assert "行政复议" in text and "行政诉讼" in text  # the remedies
