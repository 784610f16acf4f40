"""The tending review flow through the services (product.md §4–§6, §8): routes, decisions,
returns, refusals, withdrawal, revocation, and who may act on which task."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from audit.models import AuditEvent
from core.errors import InvalidInput, NotAllowed, NotVisible, StateConflict
from core.messages import MSG_NO_REVOKE
from documents.models import Certificate, DocumentKind
from licensing.revocation import permit_revoke
from permits import services
from permits.choices import Status, Step
from permits.models import Application
from public.standing import standing_of
from roles.models import Role
from tests.factories import (
    committed,
    decision_document,
    member,
    return_items,
    revoke_heard,
    submit_accepted,
    tending_draft,
)
from workflows import services as task_services
from workflows.engine import open_tasks
from workflows.models import PermitProcess
from workflows.selectors import decisions_of_current_pass, tasks_for_user

pytestmark = pytest.mark.django_db

YEAR = 2026
SHANGHAI = ZoneInfo("Asia/Shanghai")
JIZHOU = {"jurisdiction_id": "120000", "district_id": "120119", "township": "下营镇"}


@pytest.fixture(autouse=True)
def _in_2026(time_machine):
    # Certificate numbers carry the year of issue.
    time_machine.move_to(datetime(YEAR, 6, 1, 9, 30, tzinfo=SHANGHAI), tick=True)


def submitted(by, **overrides):
    return submit_accepted(application=tending_draft(by=by, **overrides), by=by)


def open_task(application):
    return open_tasks(application=application).get()


def decide(application, by, decision="approve", opinion="同意"):
    """Decide as a request does: the documents are rendered after the commit."""
    task = open_task(application)
    items = return_items(opinion) if decision == "return" else None
    return committed(
        task_services.task_decide,
        task_id=task.pk,
        by=by,
        decision=decision,
        opinion=opinion,
        items=items,
    )


def fresh(application):
    return Application.objects.get(pk=application.pk).detail


def human_tasks(application):
    return Task.objects.filter(
        process__permitprocess__application_id=application.pk, flow_task_type="HUMAN"
    ).order_by("pk")


def events(application, action=None):
    qs = AuditEvent.objects.filter(application_id=application.pk).order_by("seq")
    return qs.filter(action=action) if action else qs


def actions(application) -> list[str]:
    return list(events(application).values_list("action", flat=True))


# --- Routes --------------------------------------------------------------------------------------


def test_beijing_route_district_then_municipal_then_certificate(
    applicant_my, reviewer_my, approver
):
    application = submitted(applicant_my)
    task = open_task(application)
    assert task_services.task_step(task) == Step.DISTRICT_REVIEW
    assert task_services.task_agency(task).code == "110118-forestry"

    task, application = task_services.task_decide(
        task_id=task.pk, by=reviewer_my, decision="approve", opinion="同意上报"
    )
    assert task.status == STATUS.DONE and task.owner == reviewer_my
    assert application.status == Status.MUNICIPAL_REVIEW
    municipal = open_task(application)
    assert task_services.task_step(municipal) == Step.MUNICIPAL_REVIEW
    assert task_services.task_agency(municipal).code == "bj-forestry"

    _, application = decide(application, approver, opinion="准予实施")
    application = fresh(application)
    assert application.status == Status.APPROVED
    assert application.decided_at is not None
    assert application.valid_until == application.end_date == date(2026, 11, 30)
    assert not open_tasks(application=application).exists()
    assert PermitProcess.objects.get(application_id=application.pk).status == PROCESS.DONE

    certificate = decision_document(application)
    assert certificate.number == f"京园林抚审〔{YEAR}〕0001号"
    assert certificate.document_kind == DocumentKind.APPROVAL
    assert (certificate.valid_from, certificate.valid_until) == (
        application.start_date,
        application.end_date,
    )
    assert standing_of(certificate).status == "valid"
    with certificate.pdf.open("rb") as pdf:
        content = pdf.read()
    assert content.startswith(b"%PDF")
    issued = events(application, "certificate_issued").get(details__kind=DocumentKind.APPROVAL)
    assert issued.details["number"] == certificate.number
    assert issued.details["kind"] == DocumentKind.APPROVAL
    assert issued.agency_code == "bj-forestry"
    assert actions(application) == [
        "create",
        "attachment_added",
        "submit",
        "claim",
        "accept",
        "certificate_issued",  # the acceptance notice, then signed (PAdES)
        "certificate_signed",
        "claim",
        "approve",
        "claim",
        "approve",
        "certificate_issued",  # rendered after the decision's commit
        "certificate_signed",
    ]
    decisions = events(application, "approve")
    assert [(e.actor_id, e.agency_code, e.role, e.opinion) for e in decisions] == [
        (reviewer_my.pk, "110118-forestry", Role.REVIEWER, "同意上报"),
        (approver.pk, "bj-forestry", Role.APPROVER, "准予实施"),
    ]
    # Newest first: the district review, then the acceptance the same reviewer decided.
    archive = list(tasks_for_user(user=reviewer_my, queue="archive"))
    assert [task_services.task_step(t) for t in archive] == [Step.DISTRICT_REVIEW, Step.ACCEPTANCE]
    assert archive[0].pk == task.pk


def test_tianjin_route_district_step_is_final(applicant_jz, reviewer_jz):
    application = submitted(applicant_jz, **JIZHOU)
    assert application.lead_agency is None
    assert task_services.task_agency(open_task(application)).code == "120119-forestry"

    _, application = decide(application, reviewer_jz)
    application = fresh(application)
    assert application.status == Status.APPROVED
    assert [task_services.task_step(t) for t in human_tasks(application)] == [
        Step.ACCEPTANCE,
        Step.DISTRICT_REVIEW,
    ]
    assert not open_tasks(application=application).exists()
    certificate = decision_document(application)
    assert certificate.number == f"津蓟林抚审〔{YEAR}〕0001号"
    assert certificate.valid_until == application.valid_until == application.end_date
    issued = events(application, "certificate_issued").get(details__kind=DocumentKind.APPROVAL)
    assert issued.agency_code == "120119-forestry"


def test_certificate_numbers_run_per_prefix(
    applicant_my, applicant_jz, reviewer_my, approver, reviewer_jz
):
    beijing = [submitted(applicant_my) for _ in range(2)]
    tianjin = submitted(applicant_jz, **JIZHOU)
    for application in beijing:
        decide(application, reviewer_my)
        decide(application, approver)
    decide(tianjin, reviewer_jz)
    approvals = Certificate.objects.filter(document_kind=DocumentKind.APPROVAL)
    assert sorted(approvals.values_list("number", flat=True)) == sorted(
        [
            f"京园林抚审〔{YEAR}〕0001号",
            f"京园林抚审〔{YEAR}〕0002号",
            f"津蓟林抚审〔{YEAR}〕0001号",
        ]
    )


# --- Return for revision -------------------------------------------------------------------------


def test_return_resubmit_approve(applicant_my, reviewer_my, approver):
    application = submitted(applicant_my)
    first_task = open_task(application)
    _, application = decide(application, reviewer_my, "return", "请补充小班调查表和现状照片")
    assert application.status == Status.RETURNED
    assert not open_tasks(application=application).exists()
    returned = events(application, "return").get()
    assert (returned.opinion, returned.from_status, returned.to_status) == (
        "请补充小班调查表和现状照片",
        "district_review",
        "returned",
    )
    assert returned.actor_id == reviewer_my.pk

    services.application_update(
        application=application, by=applicant_my, data={"village": "西湾子"}
    )
    application = submit_accepted(application=application, by=applicant_my)
    assert fresh(application).status == Status.DISTRICT_REVIEW
    second_task = open_task(application)
    assert second_task.pk != first_task.pk
    assert second_task.process_id != first_task.process_id
    assert task_services.task_step(second_task) == Step.DISTRICT_REVIEW
    assert PermitProcess.objects.filter(application_id=application.pk).count() == 2
    assert second_task in tasks_for_user(user=reviewer_my, queue="queue")

    decide(application, reviewer_my)
    _, application = decide(application, approver)
    assert fresh(application).status == Status.APPROVED
    # The whole story stays in the history, the return and its opinion included.
    assert actions(application) == [
        "create",
        "attachment_added",
        "submit",
        "claim",
        "accept",
        "certificate_issued",  # the acceptance notice, then signed (PAdES)
        "certificate_signed",
        "claim",
        "return",
        "certificate_issued",  # the correction notice (补正告知书)
        "certificate_signed",
        "submit",
        "claim",
        "approve",
        "claim",
        "approve",
        "certificate_issued",  # rendered after the decision's commit
        "certificate_signed",
    ]


def test_municipal_return_goes_back_to_the_applicant_then_to_municipal_review_again(
    applicant_my, reviewer_my, approver
):
    """api.md: a resubmission resumes at the step that returned it (the district approval
    stands); the municipal decision document still lists the district step."""
    application = submitted(applicant_my)
    decide(application, reviewer_my)
    _, application = decide(application, approver, "return", "作业强度说明不足")
    assert application.status == Status.RETURNED
    application = submit_accepted(application=application, by=applicant_my)
    assert application.status == Status.MUNICIPAL_REVIEW
    assert task_services.task_step(open_task(application)) == Step.MUNICIPAL_REVIEW
    decide(application, approver)
    lines = [(d.step, d.decision) for d in decisions_of_current_pass(application)]
    assert lines == [
        (Step.ACCEPTANCE, "accept"),
        (Step.DISTRICT_REVIEW, "approve"),
        (Step.MUNICIPAL_REVIEW, "approve"),
    ]


# --- Refusal -------------------------------------------------------------------------------------


@pytest.mark.parametrize("step", ["district", "municipal"])
def test_reject_issues_a_refusal_decision(applicant_my, reviewer_my, approver, step):
    application = submitted(applicant_my)
    if step == "municipal":
        decide(application, reviewer_my)
    decider = reviewer_my if step == "district" else approver
    _, application = decide(application, decider, "reject", "位于重点保护区域，不符合抚育条件")
    application = fresh(application)
    assert application.status == Status.REJECTED
    assert application.decided_at is not None
    assert application.valid_until is None
    assert not open_tasks(application=application).exists()
    refusal = decision_document(application)
    assert refusal.document_kind == DocumentKind.REFUSAL
    assert refusal.number == f"京园林抚不许〔{YEAR}〕0001号"
    assert refusal.valid_until is None
    with refusal.pdf.open("rb") as pdf:
        assert pdf.read().startswith(b"%PDF")
    rejected = events(application, "reject").get()
    assert (rejected.actor_id, rejected.opinion) == (
        decider.pk,
        "位于重点保护区域，不符合抚育条件",
    )
    assert actions(application)[-3:] == ["reject", "certificate_issued", "certificate_signed"]


def test_a_rejected_application_cannot_be_resubmitted(applicant_my, reviewer_my):
    application = submitted(applicant_my)
    decide(application, reviewer_my, "reject", "不符合")
    with pytest.raises(StateConflict):
        submit_accepted(application=application, by=applicant_my)


# --- Withdrawal ----------------------------------------------------------------------------------


def test_withdraw_during_district_review_cancels_the_task(applicant_my, reviewer_my):
    application = submitted(applicant_my)
    task = open_task(application)
    assert task in tasks_for_user(user=reviewer_my, queue="queue")

    task_services.application_withdraw(application=application, by=applicant_my, reason="设计调整")
    assert fresh(application).status == Status.WITHDRAWN
    assert not open_tasks(application=application).exists()
    task.refresh_from_db()
    assert task.status == STATUS.CANCELED
    assert PermitProcess.objects.get(application_id=application.pk).status == PROCESS.CANCELED
    assert task not in tasks_for_user(user=reviewer_my, queue="queue")
    with pytest.raises(StateConflict) as error:
        task_services.task_decide(task_id=task.pk, by=reviewer_my, decision="approve")
    assert error.value.detail == task_services.MSG_TASK_DONE


def test_withdraw_of_a_claimed_task_empties_the_inbox(applicant_my, reviewer_my):
    application = submitted(applicant_my)
    task_services.task_claim(task_id=open_task(application).pk, by=reviewer_my)
    assert tasks_for_user(user=reviewer_my, queue="inbox").count() == 1
    task_services.application_withdraw(application=application, by=applicant_my, reason="不再实施")
    assert not tasks_for_user(user=reviewer_my, queue="inbox").exists()
    assert not open_tasks(application=application).exists()


def test_withdraw_during_municipal_review(applicant_my, reviewer_my, approver):
    application = submitted(applicant_my)
    decide(application, reviewer_my)
    task_services.application_withdraw(application=application, by=applicant_my, reason="不再实施")
    assert fresh(application).status == Status.WITHDRAWN
    assert not open_tasks(application=application).exists()
    assert not tasks_for_user(user=approver, queue="queue").exists()


def test_withdraw_a_returned_application(applicant_my, reviewer_my):
    application = submitted(applicant_my)
    decide(application, reviewer_my, "return", "补充")
    task_services.application_withdraw(application=application, by=applicant_my, reason="不再实施")
    assert fresh(application).status == Status.WITHDRAWN
    assert events(application, "withdraw").get().from_status == "returned"
    with pytest.raises(StateConflict):
        submit_accepted(application=application, by=applicant_my)


def test_an_approved_permit_cannot_be_withdrawn(applicant_jz, reviewer_jz):
    application = submitted(applicant_jz, **JIZHOU)
    decide(application, reviewer_jz)
    with pytest.raises(StateConflict):
        task_services.application_withdraw(
            application=application, by=applicant_jz, reason="不再实施"
        )
    assert fresh(application).status == Status.APPROVED


# --- Revocation ----------------------------------------------------------------------------------


def approved_in_beijing(applicant_my, reviewer_my, approver):
    application = submitted(applicant_my)
    decide(application, reviewer_my)
    decide(application, approver)
    return fresh(application)


def test_the_approver_revokes(applicant_my, reviewer_my, approver):
    application = approved_in_beijing(applicant_my, reviewer_my, approver)
    certificate = decision_document(application)
    pdf_before = certificate.pdf_sha256

    committed(
        revoke_heard,
        application=application,
        by=approver,
        reason="擅自扩大作业范围",
    )
    application = fresh(application)
    assert application.status == Status.REVOKED
    certificate = Certificate.objects.get(pk=certificate.pk)
    assert standing_of(certificate).status == "revoked"
    assert certificate.pdf_sha256 != pdf_before  # re-rendered with the 已撤销 mark
    with certificate.pdf.open("rb") as pdf:
        assert pdf.read().startswith(b"%PDF")
    revoked = events(application, "revoke").get()
    assert (revoked.actor_id, revoked.agency_code, revoked.role, revoked.opinion) == (
        approver.pk,
        "bj-forestry",
        Role.APPROVER,
        "擅自扩大作业范围",
    )
    assert (revoked.from_status, revoked.to_status) == ("approved", "revoked")


@pytest.mark.parametrize("persona", ["reviewer_my", "applicant_my", "auditor", "reviewer_jz"])
def test_in_beijing_only_the_approver_revokes(
    request, applicant_my, reviewer_my, approver, persona
):
    application = approved_in_beijing(applicant_my, reviewer_my, approver)
    with pytest.raises(NotAllowed) as error:
        permit_revoke(
            ground="unqualified_applicant",
            application=application,
            by=request.getfixturevalue(persona),
            reason="x",
        )
    assert error.value.detail == MSG_NO_REVOKE
    assert fresh(application).status == Status.APPROVED
    assert not events(application, "revoke").exists()


def test_revocation_needs_a_reason(applicant_my, reviewer_my, approver):
    application = approved_in_beijing(applicant_my, reviewer_my, approver)
    with pytest.raises(InvalidInput) as error:
        permit_revoke(
            ground="unqualified_applicant", application=application, by=approver, reason="  "
        )
    assert [(p.field, p.code) for p in error.value.problems] == [("reason", "required")]
    assert fresh(application).status == Status.APPROVED


def test_in_tianjin_the_district_reviewer_revokes(applicant_jz, reviewer_jz):
    application = submitted(applicant_jz, **JIZHOU)
    decide(application, reviewer_jz)
    revoke_heard(application=application, by=reviewer_jz, reason="作业超范围")
    application = fresh(application)
    assert application.status == Status.REVOKED
    assert standing_of(application.certificates.get(document_kind="approval")).status == "revoked"
    revoked = events(application, "revoke").get()
    assert (revoked.agency_code, revoked.role) == ("120119-forestry", Role.REVIEWER)


# --- Decisions: opinions, double decisions -------------------------------------------------------


@pytest.mark.parametrize("decision", ["return", "reject"])
@pytest.mark.parametrize("opinion", ["", "   "])
def test_return_and_reject_need_an_opinion(applicant_my, reviewer_my, decision, opinion):
    application = submitted(applicant_my)
    task = open_task(application)
    count = AuditEvent.objects.count()
    with pytest.raises(InvalidInput) as error:
        task_services.task_decide(
            task_id=task.pk, by=reviewer_my, decision=decision, opinion=opinion
        )
    (problem,) = error.value.problems
    assert (problem.field, problem.code, problem.message) == (
        "opinion",
        "required",
        str(task_services.MSG_OPINION_REQUIRED),
    )
    task.refresh_from_db()
    assert (task.status, task.owner_id) == (STATUS.NEW, None)
    assert fresh(application).status == Status.DISTRICT_REVIEW
    assert AuditEvent.objects.count() == count


def test_approval_needs_no_opinion(applicant_my, reviewer_my):
    application = submitted(applicant_my)
    _, application = decide(application, reviewer_my, "approve", "")
    assert application.status == Status.MUNICIPAL_REVIEW
    assert events(application, "approve").get().opinion == ""


@pytest.mark.parametrize("decision", ["agree", "disagree", "approve!", ""])
def test_a_decision_outside_the_step_is_refused(applicant_my, reviewer_my, decision):
    application = submitted(applicant_my)
    with pytest.raises(InvalidInput) as error:
        decide(application, reviewer_my, decision, "意见")
    assert error.value.problems[0].field == "decision"
    assert error.value.problems[0].message == str(task_services.MSG_DECISION_INVALID)
    assert fresh(application).status == Status.DISTRICT_REVIEW


def test_a_second_decision_is_a_state_conflict(applicant_my, reviewer_my):
    application = submitted(applicant_my)
    task = open_task(application)
    task_services.task_decide(task_id=task.pk, by=reviewer_my, decision="approve")
    count = AuditEvent.objects.count()
    for decision, opinion in [("approve", ""), ("reject", "改主意了")]:
        with pytest.raises(StateConflict) as error:
            task_services.task_decide(
                task_id=task.pk, by=reviewer_my, decision=decision, opinion=opinion
            )
        assert error.value.detail == task_services.MSG_TASK_DONE
        assert error.value.problems[0].code == "task_closed"
    assert fresh(application).status == Status.MUNICIPAL_REVIEW
    assert open_tasks(application=application).count() == 1
    assert AuditEvent.objects.count() == count


# --- Who may act (product.md §6: invisible → 404, visible but not yours → 403) --------------------


@pytest.mark.parametrize(
    "persona", ["reviewer_yq", "reviewer_jz", "approver", "applicant_yq", "outsider"]
)
def test_who_cannot_see_the_application_gets_not_visible(request, applicant_my, persona):
    application = submitted(applicant_my)
    task = open_task(application)
    user = request.getfixturevalue(persona)
    with pytest.raises(NotVisible):
        task_services.task_decide(task_id=task.pk, by=user, decision="approve")
    with pytest.raises(NotVisible):
        task_services.task_claim(task_id=task.pk, by=user)
    task.refresh_from_db()
    assert (task.status, task.owner_id) == (STATUS.NEW, None)


def test_the_district_reviewer_sees_but_may_not_take_the_municipal_task(applicant_my, reviewer_my):
    application = submitted(applicant_my)
    decide(application, reviewer_my)
    municipal = open_task(application)
    with pytest.raises(NotAllowed) as error:
        task_services.task_decide(task_id=municipal.pk, by=reviewer_my, decision="approve")
    assert error.value.detail == task_services.MSG_NOT_YOUR_AGENCY
    with pytest.raises(NotAllowed):
        task_services.task_claim(task_id=municipal.pk, by=reviewer_my)
    assert fresh(application).status == Status.MUNICIPAL_REVIEW


@pytest.mark.parametrize(
    ("persona", "refusal"),
    # The applicant sees the application but not its review tasks (404); the auditor sees the
    # task and may not act on it (403).
    [("applicant_my", NotVisible), ("auditor", NotAllowed)],
)
def test_who_sees_but_does_not_review_gets_refused(request, applicant_my, persona, refusal):
    application = submitted(applicant_my)
    task = open_task(application)
    with pytest.raises(refusal):
        task_services.task_decide(
            task_id=task.pk, by=request.getfixturevalue(persona), decision="approve"
        )
    assert fresh(application).status == Status.DISTRICT_REVIEW


@pytest.mark.parametrize("persona", ["reviewer_my", "auditor"])
def test_a_claimed_task_still_answers_not_allowed_to_who_may_never_take_it(
    request, applicant_my, reviewer_my, approver, persona
):
    """Who sees the application but may never take this step gets 403 (product.md §6), not 409
    "taken": whether a colleague claimed the task is none of their business."""
    application = submitted(applicant_my)
    decide(application, reviewer_my)
    municipal = open_task(application)
    task_services.task_claim(task_id=municipal.pk, by=approver)
    with pytest.raises(NotAllowed):
        task_services.task_decide(
            task_id=municipal.pk, by=request.getfixturevalue(persona), decision="approve"
        )


def test_an_unknown_task_is_not_visible(reviewer_my):
    with pytest.raises(NotVisible):
        task_services.task_decide(task_id=999_999, by=reviewer_my, decision="approve")
    with pytest.raises(NotVisible):
        task_services.task_claim(task_id="not-a-number", by=reviewer_my)


# --- Claim and unclaim ---------------------------------------------------------------------------


@pytest.fixture
def reviewer_my_2(reference_data):
    """A second reviewer of 密云区园林绿化局."""
    return member(role=Role.REVIEWER, agency_code="110118-forestry", username="district_my_2")


def test_claim_and_unclaim_are_audited_and_move_the_task(applicant_my, reviewer_my, reviewer_my_2):
    application = submitted(applicant_my)
    task = open_task(application)
    assert task in tasks_for_user(user=reviewer_my_2, queue="queue")

    task = task_services.task_claim(task_id=task.pk, by=reviewer_my, client_ip="10.9.8.7")
    assert task.owner_id == reviewer_my.pk
    assert list(tasks_for_user(user=reviewer_my, queue="inbox")) == [task]
    assert task not in tasks_for_user(user=reviewer_my_2, queue="queue")
    claim = events(application, "claim").get(details__step="district_review")
    assert (claim.actor_id, claim.agency_code, claim.role, claim.client_ip) == (
        reviewer_my.pk,
        "110118-forestry",
        Role.REVIEWER,
        "10.9.8.7",
    )
    assert claim.details == {"task_id": task.pk, "step": "district_review"}

    # Claiming again is a no-op, not a second event.
    task_services.task_claim(task_id=task.pk, by=reviewer_my)
    assert events(application, "claim").filter(details__step="district_review").count() == 1

    task_services.task_unclaim(task_id=task.pk, by=reviewer_my)
    assert events(application, "unclaim").get().actor_id == reviewer_my.pk
    task.refresh_from_db()
    assert (task.status, task.owner_id) == (STATUS.NEW, None)
    assert task in tasks_for_user(user=reviewer_my_2, queue="queue")
    assert not tasks_for_user(user=reviewer_my, queue="inbox").exists()


def test_a_task_taken_by_a_cannot_be_decided_by_b(applicant_my, reviewer_my, reviewer_my_2):
    application = submitted(applicant_my)
    task = open_task(application)
    task_services.task_claim(task_id=task.pk, by=reviewer_my)
    count = AuditEvent.objects.count()

    for action in (
        lambda: task_services.task_decide(task_id=task.pk, by=reviewer_my_2, decision="approve"),
        lambda: task_services.task_claim(task_id=task.pk, by=reviewer_my_2),
        lambda: task_services.task_unclaim(task_id=task.pk, by=reviewer_my_2),
    ):
        with pytest.raises(StateConflict) as error:
            action()
        assert error.value.detail == task_services.MSG_TASK_TAKEN
        assert error.value.problems[0].code == "task_taken"
    assert AuditEvent.objects.count() == count

    # A decides without a second claim event.
    task_services.task_decide(task_id=task.pk, by=reviewer_my, decision="approve")
    assert actions(application)[-2:] == ["claim", "approve"]
    assert events(application, "claim").filter(details__step="district_review").count() == 1


def test_unclaiming_an_unclaimed_task_is_a_state_conflict(applicant_my, reviewer_my):
    application = submitted(applicant_my)
    with pytest.raises(StateConflict) as error:
        task_services.task_unclaim(task_id=open_task(application).pk, by=reviewer_my)
    assert error.value.detail == task_services.MSG_NOT_CLAIMED


# --- Gateways (workflows.engine.nodes.StatusIf, StatusSwitch: no savepoint of their own) -----


def _state(application) -> tuple:
    tasks = list(
        Task.objects.filter(process__permitprocess__application_id=application.pk)
        .order_by("pk")
        .values_list("pk", "flow_task_type", "status")
    )
    return fresh(application).status, tasks, AuditEvent.objects.count()


def _broken(activation):
    raise RuntimeError("a gateway's condition failed")


def test_a_gateway_that_fails_undoes_the_whole_decision(applicant_my, reviewer_my, monkeypatch):
    from workflows.flows import TendingFlow

    application = submitted(applicant_my)
    task = open_task(application)
    before = _state(application)
    gateway = TendingFlow.after_district_review
    branches = [(node, _broken) for node, _cond in gateway._activate_next]
    monkeypatch.setattr(gateway, "_activate_next", branches)
    with pytest.raises(RuntimeError):
        task_services.task_decide(task_id=task.pk, by=reviewer_my, decision="approve")
    assert _state(application) == before
    assert before[0] == Status.DISTRICT_REVIEW


def test_a_switch_that_fails_undoes_the_whole_submission(applicant_my, monkeypatch):
    from workflows.flows import TendingFlow

    draft = tending_draft(by=applicant_my)
    before = _state(draft)
    branches = [(node, _broken) for node, _cond in TendingFlow.entry._activate_next]
    monkeypatch.setattr(TendingFlow.entry, "_activate_next", branches)
    with pytest.raises(RuntimeError):
        task_services.application_submit(application=draft, by=applicant_my)
    assert _state(draft) == before
    assert before[0] == Status.DRAFT and before[1] == []


def test_the_gateways_route_without_a_savepoint(applicant_my, reviewer_my):
    """The district step's gateway sends an approval on to municipal review in the same
    statements as before, less viewflow's SAVEPOINT/RELEASE around the condition."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    application = submitted(applicant_my)
    task = open_task(application)
    with CaptureQueriesContext(connection) as captured:
        task_services.task_decide(task_id=task.pk, by=reviewer_my, decision="approve")
    savepoints = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SAVEPOINT")]
    assert len(savepoints) <= 1  # the service's own atomic block inside the test's transaction
    assert fresh(application).status == Status.MUNICIPAL_REVIEW
    assert [t.flow_task.name for t in human_tasks(application)][-1] == "municipal_review"


@pytest.mark.parametrize("last", ["approve", "reject"])
def test_the_end_closes_the_process_and_keeps_its_frozen_route(
    applicant_my, reviewer_my, approver, last
):
    """``ProcessEnd`` saves the process's status and end only: the route frozen at submission
    is what it was, and the end task is done."""
    application = submitted(applicant_my)
    decide(application, reviewer_my)
    process = PermitProcess.objects.get(application_id=application.pk)
    route = process.route
    assert process.status != PROCESS.DONE and process.finished is None
    decide(application, approver, last, opinion="不予批准" if last == "reject" else "同意")
    process = PermitProcess.objects.get(application_id=application.pk)
    assert process.status == PROCESS.DONE and process.finished is not None
    assert process.route == route
    end = Task.objects.get(process=process, flow_task_type="END")
    assert end.status == STATUS.DONE and end.finished is not None


def test_gateway_and_end_tasks_are_inserted_complete_and_linked(
    applicant_my, reviewer_my, approver
):
    """``WrittenOnceActivation``: the entry switch, the gateways and the end are each inserted
    once, already done, and linked to the task before them; no UPDATE rewrites them. The chain
    of tasks reads as viewflow wrote it: each task's previous is the node before it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        application = submitted(applicant_my)
        decide(application, reviewer_my)
        decide(application, approver)
    process = PermitProcess.objects.get(application_id=application.pk)
    tasks = list(Task.objects.filter(process=process).order_by("pk"))
    automatic = [t for t in tasks if t.flow_task_type in ("SWITCH", "EXCLUSIVE_GATEWAY", "END")]
    assert {t.flow_task_type for t in automatic} == {"SWITCH", "EXCLUSIVE_GATEWAY", "END"}
    for task in automatic:
        assert task.status == STATUS.DONE and task.finished is not None
        assert task.created <= task.finished
        updates = [
            q["sql"]
            for q in captured.captured_queries
            if q["sql"].startswith('UPDATE "viewflow_task"')
            and q["sql"].endswith(f'WHERE "viewflow_task"."id" = {task.pk}')
        ]
        assert updates == [], task.flow_task
    # Every task but the start follows exactly one task, the one created before it.
    for before, task in zip(tasks, tasks[1:], strict=False):
        assert list(task.previous.all()) == [before], task.flow_task
    assert process.status == PROCESS.DONE
    assert Task.objects.filter(process=process, finished__isnull=True).count() == 0


def test_a_submission_starts_its_process(applicant_my):
    """viewflow's ``StartHandle`` (its own savepoint and lock of the new process: 5 statements
    a submission, not worth a device of ours, ``workflows.engine``): the start task is done,
    and the entry switch and the acceptance task follow it."""
    draft = tending_draft(by=applicant_my)
    task_services.application_submit(application=draft, by=applicant_my)
    process = PermitProcess.objects.get(application_id=draft.pk)
    tasks = list(Task.objects.filter(process=process).order_by("pk"))
    assert [t.flow_task_type for t in tasks] == ["START", "SWITCH", "HUMAN"]
    assert tasks[0].status == STATUS.DONE and tasks[0].finished is not None
    assert list(tasks[1].previous.all()) == [tasks[0]]
    assert list(tasks[2].previous.all()) == [tasks[1]]
    assert process.status == PROCESS.NEW and process.route["district_agency"]


def test_an_end_undone_then_revived_closes_the_process_again(applicant_my, reviewer_my, approver):
    """A manager's undo and revive of the end (viewflow's operations on a saved task): the
    revived end, saved before it runs, does not count itself as an open task."""
    from django.db import transaction

    application = submitted(applicant_my)
    decide(application, reviewer_my)
    decide(application, approver)
    process = PermitProcess.objects.get(application_id=application.pk)
    end = Task.objects.get(process=process, flow_task_type="END")
    with transaction.atomic(), end.activation() as activation:
        activation.undo()
    process.refresh_from_db()
    assert process.status == PROCESS.NEW and process.finished is None
    end.refresh_from_db()
    with transaction.atomic(), end.activation() as activation:
        revived = activation.revive()
    revived.refresh_from_db()
    process.refresh_from_db()
    assert revived.status == STATUS.DONE
    # viewflow's revive: the undone end's predecessors, and the undone end itself.
    assert set(revived.previous.all()) == {*end.previous.all(), end}
    assert process.status == PROCESS.DONE and process.finished is not None
    assert not Task.objects.filter(process=process, finished__isnull=True).exists()


def test_a_gateway_failing_where_failures_are_kept_stays_in_its_place(
    applicant_my, reviewer_my, monkeypatch
):
    """Where viewflow keeps a failure instead of propagating it (``propagate_exception=False``,
    a Job's or a Timer's run), a failing gateway is saved in ERROR, linked to the task before
    it (so that it can be revived), and what its condition wrote is undone."""
    from viewflow.workflow.context import Context

    from workflows.flows import TendingFlow

    def broken(activation):
        Application.objects.filter(pk=activation.process.application_id).update(township="改写")
        raise RuntimeError("the condition failed")

    gateway = TendingFlow.after_district_review
    monkeypatch.setattr(
        gateway, "_activate_next", [(node, broken) for node, _cond in gateway._activate_next]
    )
    application = submitted(applicant_my)
    task = open_task(application)
    with Context(propagate_exception=False):
        task_services.task_decide(task_id=task.pk, by=reviewer_my, decision="approve")
    gateway = Task.objects.get(
        process__permitprocess__application_id=application.pk,
        flow_task=TendingFlow.after_district_review,
    )
    assert gateway.status == STATUS.ERROR
    assert list(gateway.previous.all()) == [Task.objects.get(pk=task.pk)]
    assert Application.objects.get(pk=application.pk).township != "改写"
