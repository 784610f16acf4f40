"""Decisions are records (ReviewDecision, ReturnItem): documents and pages read them; the audit
trail records them as evidence and is never read back to rebuild them."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from audit.choices import AuditAction
from audit.models import AuditEvent
from audit.trail import audit_record
from core.errors import InvalidInput
from documents.issue import _document, issuing_agency, review_lines
from documents.site_map_appendix import site_map_section
from permits import services
from permits.choices import Decision, Status, Step
from permits.models import Application
from tests.factories import (
    consultant,
    decide,
    occupation_draft,
    open_task_of,
    pdf_upload,
    revoke_heard,
    submit_accepted,
    tending_draft,
)
from workflows import services as task_services
from workflows.models import ReturnItem, ReviewDecision
from workflows.selectors import decisions_of_current_pass, open_return
from workflows.services import task_decide

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _in_2026(time_machine):
    time_machine.move_to(datetime(2026, 6, 1, 9, 30, tzinfo=SHANGHAI), tick=True)


def fresh(application):
    return Application.objects.get(pk=application.pk).detail


def submit(application, by):
    return submit_accepted(application=application, by=by)


ITEMS = [
    {"field": "restoration_plan", "attachment_kind": None, "message": "写明苗木规格"},
    {"field": None, "attachment_kind": "site_map", "message": "补充四至清楚的位置图"},
]


@pytest.fixture
def full_lifecycle(applicant_my, reviewer_my, approver):
    """Create, attach, submit, return with items, resubmit, countersign (disagree), approve
    against the disagreement, revoke; a second application withdrawn, a third refused."""
    planning = consultant("bj-planning")
    application = occupation_draft(by=applicant_my)
    application = submit(application, applicant_my)
    task = open_task_of(application)
    task_decide(task_id=task.pk, by=reviewer_my, decision="return", opinion="材料不全", items=ITEMS)
    application = fresh(application)
    services.attachment_add(
        application=application, by=applicant_my, kind="site_map", upload=pdf_upload("map.pdf")
    )
    submit(application, applicant_my)
    application = decide(application, reviewer_my, opinion="同意上报")
    application = decide(application, planning, "disagree", "与规划有出入", "bj-planning")
    application = decide(application, approver, "approve", "经论证，同意")
    revoke_heard(application=application, by=approver, reason="违规施工")

    withdrawn = submit(tending_draft(by=applicant_my), applicant_my)
    task_services.application_withdraw(application=withdrawn, by=applicant_my, reason="不再实施")
    refused = submit(tending_draft(by=applicant_my), applicant_my)
    refused = decide(refused, reviewer_my, "reject", "位于核心区")
    return fresh(application), refused


def test_every_decision_is_a_row_and_a_return_keeps_its_items(full_lifecycle):
    application, refused = full_lifecycle
    decisions = list(ReviewDecision.objects.filter(application_id=application.pk))
    assert [(d.step, d.agency.code, d.decision) for d in decisions] == [
        (Step.ACCEPTANCE, "110118-forestry", Decision.ACCEPT),
        (Step.DISTRICT_REVIEW, "110118-forestry", Decision.RETURN),
        (Step.DISTRICT_REVIEW, "110118-forestry", Decision.APPROVE),
        (Step.CONSULTATION, "bj-planning", Decision.DISAGREE),
        (Step.MUNICIPAL_REVIEW, "bj-forestry", Decision.APPROVE),
    ]
    _accepted, returned, *_, final = decisions
    assert [(i.field, i.attachment_kind, i.message) for i in returned.return_items.all()] == [
        ("restoration_plan", "", "写明苗木规格"),
        ("", "site_map", "补充四至清楚的位置图"),
    ]
    assert final.against_disagreement == ["bj-planning"]
    assert decisions[1].process_id != decisions[2].process_id
    # The document lists each step's latest decision: the return was answered and superseded.
    assert [d.decision for d in decisions_of_current_pass(application)] == [
        "accept",
        "approve",
        "disagree",
        "approve",
    ]
    # Each decision is also in the audit trail, as evidence.
    for d in decisions:
        assert AuditEvent.objects.filter(
            application_id=application.pk, action=d.decision, details__task_id=d.task_id
        ).exists()
    refusal_decisions = list(decisions_of_current_pass(refused))
    assert issuing_agency(refused, False, refusal_decisions).code == "110118-forestry"


def test_every_audit_action_of_a_full_lifecycle_is_a_member_of_the_enumeration(full_lifecycle):
    written = set(AuditEvent.objects.values_list("action", flat=True))
    assert written <= set(AuditAction.values)
    assert {
        "create", "submit", "return", "attachment_added", "approve", "disagree", "claim",
        "certificate_issued", "revoke", "withdraw", "reject",
    } <= written  # fmt: skip


def test_the_open_return_is_read_from_the_decision(applicant_my, reviewer_my):
    application = submit(occupation_draft(by=applicant_my), applicant_my)
    task_decide(
        task_id=open_task_of(application).pk,
        by=reviewer_my,
        decision="return",
        opinion="材料不全",
        items=ITEMS,
    )
    application = fresh(application)
    notice = open_return(application)
    assert (notice.opinion, notice.return_items.count()) == ("材料不全", 2)
    submit(application, applicant_my)
    assert open_return(fresh(application)) is None


@pytest.mark.parametrize(
    "items",
    [
        "写明苗木规格",
        [{"message": ""}],
        [{"field": None, "attachment_kind": "selfie", "message": "x"}],
        [{"field": 3, "message": "x"}],
        [{"message": "x", "extra": 1}],
    ],
)
def test_invalid_return_items_change_nothing(applicant_my, reviewer_my, items):
    application = submit(occupation_draft(by=applicant_my), applicant_my)
    with pytest.raises(InvalidInput) as error:
        task_decide(
            task_id=open_task_of(application).pk,
            by=reviewer_my,
            decision="return",
            opinion="材料不全",
            items=items,
        )
    assert error.value.problems[0].field == "items"
    assert fresh(application).status == Status.DISTRICT_REVIEW
    assert not ReviewDecision.objects.filter(decision="return").exists()
    assert not ReturnItem.objects.exists()


def test_the_documents_read_decisions_not_audit_events(applicant_my, reviewer_my, approver):
    application = decide(submit(tending_draft(by=applicant_my), applicant_my), reviewer_my)
    # An audit event that looks like a decision is not one: documents ignore it.
    audit_record(
        action=AuditAction.REJECT,
        application=application,
        opinion="伪造",
        details={"step": "municipal_review"},
    )
    application = decide(application, approver, "approve", "同意")
    lines = review_lines(decisions_of_current_pass(application))
    assert [(line.step, line.decision, line.opinion) for line in lines] == [
        # An opinion that only repeats the decision is not printed twice.
        ("受理", "予以受理", ""),
        ("区级审核", "同意", ""),
        ("市级审批", "同意", ""),
    ]
    # And what the rows say is what is printed.
    ReviewDecision.objects.filter(step=Step.MUNICIPAL_REVIEW).update(decided_by_name="张三")
    assert review_lines(decisions_of_current_pass(application))[-1].person == "张三"


def document_of(application, kind):
    certificate = application.certificates.get(document_kind=kind)
    decisions = list(decisions_of_current_pass(application))
    return _document(application, certificate, decisions, site_map_section(application))


def test_a_transition_writes_the_applications_own_table_and_not_the_types(
    applicant_my, reviewer_my
):
    """``fsm_apply`` saves ``TRANSITION_FIELDS``: the status, its dates and the route's agencies
    persist; the design's own row (compartments, species, …) is not rewritten by a decision."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    draft = tending_draft(by=applicant_my)
    submit(draft, applicant_my)
    design_row = list(type(draft).objects.filter(pk=draft.pk).values())
    with CaptureQueriesContext(connection) as captured:
        after = decide(draft, reviewer_my, "approve")
    updates = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("UPDATE")]
    assert any('"permits_application"' in sql for sql in updates)
    assert not any('"permits_tendingdesign"' in sql for sql in updates)
    assert after.status == Status.MUNICIPAL_REVIEW
    assert after.submitted_at is not None and after.decided_at is None  # set by a final decision
    assert after.district_agency.code == "110118-forestry"
    assert after.lead_agency is not None
    fields_of_the_type = {f.attname for f in type(draft)._meta.local_concrete_fields}
    assert [{k: v for k, v in row.items() if k in fields_of_the_type} for row in design_row] == [
        {k: v for k, v in row.items() if k in fields_of_the_type}
        for row in type(draft).objects.filter(pk=draft.pk).values()
    ]
