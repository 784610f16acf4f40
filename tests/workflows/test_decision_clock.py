"""The legal period (product.md §16 L1–L3; Administrative Licensing Law arts. 42, 43, 45): who
decides sets the clock, internal targets never exceed it, returns during review count unless a
local rule says otherwise, and special procedures pause it with a notice."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from audit.choices import AuditAction
from audit.models import AuditEvent
from core.errors import InvalidInput, NotAllowed, NotVisible, StateConflict
from core.messages import MSG_JOINT_BASIS_REQUIRED
from documents.models import Certificate, DocumentKind
from permits.choices import Decision, NotificationKind, Status, Step
from permits.models import Attachment, Notification
from roles.models import Role
from tests.factories import (
    consultant,
    member,
    open_task_of,
    pdf_upload,
    return_items,
    site_check,
    tending_draft,
    tianjin_occupation_draft,
    tianjin_tending_data,
)
from workflows import services
from workflows.clock import deadline_of
from workflows.models import (
    CalendarDay,
    DecisionClock,
    Procedure,
    Route,
    SpecialProcedure,
    StepClock,
)

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Monday 28 September 2026; 1–7 October is the National Day holiday, Saturday 10 October a
# make-up workday (调休).
MONDAY = date(2026, 9, 28)


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _monday(time_machine):
    time_machine.move_to(at(MONDAY), tick=False)


def decide(application, by, decision=Decision.APPROVE, opinion="意见", agency_code=None):
    task = open_task_of(application, agency_code)
    items = return_items(opinion) if decision == Decision.RETURN else None
    return services.task_decide(
        task_id=task.pk, by=by, decision=decision, opinion=opinion, items=items
    )[1]


def accepted_bj_tending(applicant, reviewer):
    application = services.application_submit(application=tending_draft(by=applicant), by=applicant)
    return decide(application, reviewer, Decision.ACCEPT)


def legal(application) -> DecisionClock:
    return DecisionClock.objects.get(application_id=application.pk)


# ---- L1: who decides sets the clock ---------------------------------------------------------


def test_two_tier_the_district_forwards_within_twenty_and_the_deciding_agency_has_twenty_more(
    applicant_my, reviewer_my, time_machine
):
    application = accepted_bj_tending(applicant_my, reviewer_my)
    period = legal(application)
    assert period.procedure == Procedure.TWO_TIER
    assert period.deciding_agency.code == "bj-forestry"
    assert period.accepted_on == MONDAY and period.received_on is None
    # Art. 43: twenty working days from acceptance to forward (30 October); art. 42: twenty
    # more from receipt, so at the latest 27 November.
    assert period.forward_due_date == date(2026, 10, 30)
    assert period.due_date == date(2026, 11, 27)
    deadline = deadline_of(application)
    assert deadline.decision_due_date == date(2026, 11, 27)
    assert deadline.deciding_agency == {"code": "bj-forestry", "name": "北京市园林绿化局"}
    # Forwarded four working days later (9 October): the deciding agency's twenty run from there.
    time_machine.move_to(at(date(2026, 10, 9)), tick=False)
    application = decide(application, reviewer_my)
    assert application.status == Status.MUNICIPAL_REVIEW
    period = legal(application)
    assert period.received_on == date(2026, 10, 9)
    assert period.forward_due_date == date(2026, 10, 30)
    # Saturday 10 October is a make-up workday: the twentieth is Thursday 5 November.
    assert period.due_date == date(2026, 11, 5)
    assert deadline_of(application).decision_due_date == date(2026, 11, 5)


def test_the_acceptance_notice_prints_the_deciding_agency_and_the_legal_dates(
    applicant_my, reviewer_my
):
    application = accepted_bj_tending(applicant_my, reviewer_my)
    notice = Certificate.objects.get(
        application=application, document_kind=DocumentKind.ACCEPTANCE_NOTICE
    )
    text = "".join(notice.content["document"]["paragraphs"])
    # A design's approval is a 批复: the periods are the agencies' commitment.
    assert "报北京市园林绿化局批复" in text
    assert "2026年10月30日前将初步审查意见" in text
    assert "最迟于2026年11月27日前作出" in text
    assert "补正期间计算在上述期限内" in text
    told = Notification.objects.get(recipient=applicant_my, kind=NotificationKind.ACCEPTED)
    assert "北京市园林绿化局" in told.message and "2026-11-27" in told.message


def test_a_district_that_decides_has_twenty_days_from_acceptance(applicant_jz, reviewer_jz):
    draft = tending_draft(by=applicant_jz, **tianjin_tending_data())
    application = decide(
        services.application_submit(application=draft, by=applicant_jz),
        reviewer_jz,
        Decision.ACCEPT,
    )
    period = legal(application)
    assert period.deciding_agency.code == "120119-forestry"
    assert period.received_on == MONDAY and period.forward_due_date is None
    assert period.due_date == date(2026, 10, 30)


JOINT_DECISION = "《蓟州区人民政府关于使用林地审核联合办理的决定》（蓟政发〔2026〕1号，演示）"


def joint_tianjin_occupations() -> None:
    """Issue 46 item 5: the seeds are two-tier (no art. 26 decision found); a legal office that
    has the government's decision quotes it and makes the route joint."""
    Route.objects.filter(jurisdiction_id="120000", kind="occupation").update(
        procedure=Procedure.JOINT,
        decision_working_days=45,
        decision_extension_working_days=15,
        joint_handling_basis=JOINT_DECISION,
    )


def test_tianjin_occupations_are_two_tier_without_a_government_decision(reference_data):
    route = Route.objects.get(jurisdiction_id="120000", kind="occupation")
    assert route.procedure == Procedure.TWO_TIER and route.joint_handling_basis == ""
    assert (route.decision_working_days, route.decision_extension_working_days) == (20, 10)
    route.procedure = Procedure.JOINT
    with pytest.raises(ValidationError) as refused:
        route.clean()
    assert refused.value.message_dict["joint_handling_basis"] == [str(MSG_JOINT_BASIS_REQUIRED)]
    route.joint_handling_basis = JOINT_DECISION
    route.clean()


def test_a_joint_route_has_one_period_and_steps_are_cut_to_what_is_left(
    applicant_jz, reviewer_jz, time_machine, reference_data
):
    joint_tianjin_occupations()
    application = services.application_submit(
        application=tianjin_occupation_draft(by=applicant_jz), by=applicant_jz
    )
    application = decide(application, reviewer_jz, Decision.ACCEPT)
    period = legal(application)
    assert period.procedure == Procedure.JOINT and period.deciding_agency.code == "tj-forestry"
    notice = application.certificates.get(document_kind=DocumentKind.ACCEPTANCE_NOTICE)
    assert f"根据{JOINT_DECISION}，本申请由" in "".join(notice.content["document"]["paragraphs"])
    assert period.limit_working_days == 45 and period.extension_allowed_working_days == 15
    # 45 working days from 28 September, over the National Day holiday: 4 December.
    assert period.due_date == date(2026, 12, 4)
    district = StepClock.objects.get(application=application, step=Step.DISTRICT_REVIEW)
    assert district.limit_working_days == 20
    # The district takes 20 working days, the consulted agencies 20 more: five are left.
    time_machine.move_to(at(date(2026, 10, 30)), tick=False)
    site_check(application, reviewer_jz)
    application = decide(application, reviewer_jz)
    assert application.status == Status.CONSULTATION
    time_machine.move_to(at(date(2026, 11, 27)), tick=False)
    for code in ("120119-planning", "120119-government-service"):
        decide(application, consultant(code), Decision.AGREE, "同意", agency_code=code)
    municipal = StepClock.objects.get(application=application, step=Step.MUNICIPAL_REVIEW)
    assert municipal.limit_working_days == 5
    assert municipal.due_date == legal(application).due_date == date(2026, 12, 4)


def test_a_return_during_review_counts_unless_a_local_rule_excludes_it(
    applicant_my, reviewer_my, time_machine
):
    application = accepted_bj_tending(applicant_my, reviewer_my)
    application = decide(application, reviewer_my, Decision.RETURN, "请补正")
    # The step's internal target pauses; the law's period does not.
    assert deadline_of(application).paused
    assert legal(application).is_running
    assert legal(application).forward_due_date == date(2026, 10, 30)
    # A route whose legal office recorded a local rule that excludes the correction time.
    Route.objects.filter(jurisdiction_id="110000", kind="tending").update(
        review_correction_basis="《某地方性法规》第十条"
    )
    other = accepted_bj_tending(applicant_my, reviewer_my)
    other = decide(other, reviewer_my, Decision.RETURN, "请补正")
    assert legal(other).is_paused and legal(other).due_date is None
    time_machine.move_to(at(date(2026, 10, 12)), tick=False)
    other = services.application_submit(application=other, by=applicant_my)
    assert legal(other).forward_due_date == date(2026, 11, 9)


def test_the_period_ends_with_the_decision_and_with_a_withdrawal(
    applicant_my, reviewer_my, approver
):
    application = accepted_bj_tending(applicant_my, reviewer_my)
    withdrawn = accepted_bj_tending(applicant_my, reviewer_my)
    application = decide(decide(application, reviewer_my), approver)
    assert application.status == Status.APPROVED
    assert legal(application).ended_at is not None
    services.application_withdraw(application=withdrawn, by=applicant_my, reason="不再需要")
    assert legal(withdrawn).ended_at is not None


def test_a_calendar_correction_moves_the_legal_dates(applicant_my, reviewer_my):
    application = accepted_bj_tending(applicant_my, reviewer_my)
    CalendarDay.objects.create(day=date(2026, 10, 20), working=False, note="临时休息")
    period = legal(application)
    assert period.forward_due_date == date(2026, 11, 2)
    assert period.due_date == date(2026, 11, 30)


# ---- L3: special procedures ------------------------------------------------------------------


def start(task, by, **overrides):
    values = {"kind": "expert_review", "reason": "需组织专家论证", "expected_working_days": 10}
    return services.special_procedure_start(task_id=task.pk, by=by, **(values | overrides))


def test_a_special_procedure_pauses_the_step_and_the_period_with_a_notice(
    applicant_my, reviewer_my, time_machine
):
    application = accepted_bj_tending(applicant_my, reviewer_my)
    task = open_task_of(application)
    # Four working days in (9 October) the district calls an expert review.
    time_machine.move_to(at(date(2026, 10, 9)), tick=False)
    procedure = start(task, reviewer_my)
    assert procedure.step == Step.DISTRICT_REVIEW and procedure.agency.code == "110118-forestry"
    deadline = deadline_of(application)
    assert deadline.paused and deadline.due_date is None and deadline.working_days_left == 16
    assert deadline.decision_due_date is None and legal(application).is_paused
    notice = procedure.notice
    assert notice.document_kind == DocumentKind.SPECIAL_PROCEDURE_NOTICE
    assert notice.issuing_agency.code == "110118-forestry"
    printed = "".join(notice.content["document"]["paragraphs"])
    # A design's approval is a 批复: the pause is of the agency's commitment, not art. 45's.
    assert "专家评审" in printed and "不计算在本机关承诺的办理时限内" in printed
    assert "10个工作日" in printed and "第四十五条" not in notice.content["document"]["legal_basis"]
    event = AuditEvent.objects.get(action=AuditAction.SPECIAL_PROCEDURE_STARTED)
    assert event.details["notice"] == notice.number and event.opinion == "需组织专家论证"
    assert NotificationKind.SPECIAL_PROCEDURE in Notification.objects.filter(
        recipient=applicant_my
    ).values_list("kind", flat=True)
    # While it runs the step is not decided.
    with pytest.raises(StateConflict) as refused:
        decide(application, reviewer_my)
    assert refused.value.problems[0].code == "special_procedure_running"
    # Three weeks later its result is in: both clocks run again with what was left.
    time_machine.move_to(at(date(2026, 10, 30)), tick=False)
    ended = services.special_procedure_end(
        procedure_id=procedure.pk, by=reviewer_my, result="专家同意", uploads=[pdf_upload()]
    )
    assert ended.ended_on == date(2026, 10, 30) and ended.result == "专家同意"
    assert [a.kind for a in ended.attachments.all()] == ["procedure_result"]
    assert Attachment.objects.filter(application=application, kind="procedure_result").count() == 1
    deadline = deadline_of(application)
    assert not deadline.paused and deadline.working_days_left == 16
    # 16 working days from 30 October: 23 November; the latest decision 20 more: 21 December.
    assert deadline.due_date == date(2026, 11, 23)
    assert legal(application).forward_due_date == date(2026, 11, 23)
    assert deadline.decision_due_date == date(2026, 12, 21)
    event = AuditEvent.objects.get(action=AuditAction.SPECIAL_PROCEDURE_ENDED)
    assert event.details["decision_due_date"] == "2026-12-21"
    assert decide(application, reviewer_my).status == Status.MUNICIPAL_REVIEW


def test_special_procedure_refusals_change_nothing(
    applicant_my, reviewer_my, reviewer_yq, approver
):
    submitted = services.application_submit(
        application=tending_draft(by=applicant_my), by=applicant_my
    )
    with pytest.raises(StateConflict):  # not at acceptance
        start(open_task_of(submitted), reviewer_my)
    application = decide(submitted, reviewer_my, Decision.ACCEPT)
    task = open_task_of(application)
    with pytest.raises(NotVisible):  # another district's reviewer, the applicant
        start(task, reviewer_yq)
    with pytest.raises(NotVisible):
        start(task, applicant_my)
    with pytest.raises(InvalidInput) as refused:
        start(task, reviewer_my, kind="picnic", reason=" ", expected_working_days=-1)
    assert {p.field for p in refused.value.problems} == {
        "kind",
        "reason",
        "expected_working_days",
    }
    for days in (0, 121, "abc", True, None, 2.5):
        with pytest.raises(InvalidInput):
            start(task, reviewer_my, expected_working_days=days)
    assert not SpecialProcedure.objects.exists()
    assert not Certificate.objects.filter(
        document_kind=DocumentKind.SPECIAL_PROCEDURE_NOTICE
    ).exists()
    procedure = start(task, reviewer_my)
    with pytest.raises(StateConflict):  # one at a time per step
        start(task, reviewer_my)
    with pytest.raises(InvalidInput):
        services.special_procedure_end(procedure_id=procedure.pk, by=reviewer_my, result="")
    with pytest.raises(NotVisible):
        services.special_procedure_end(procedure_id=procedure.pk, by=reviewer_yq, result="x")
    with pytest.raises(NotVisible):
        services.special_procedure_end(procedure_id="nope", by=reviewer_my, result="x")
    services.special_procedure_end(procedure_id=procedure.pk, by=reviewer_my, result="结束")
    with pytest.raises(StateConflict):
        services.special_procedure_end(procedure_id=procedure.pk, by=reviewer_my, result="再次")
    # A closed task: the district has forwarded it.
    decide(application, reviewer_my)
    with pytest.raises(StateConflict):
        start(task, reviewer_my)


def test_the_head_records_one_a_member_of_another_role_may_not(
    applicant_my, reviewer_my, head_my, head_forest
):
    application = accepted_bj_tending(applicant_my, reviewer_my)
    task = open_task_of(application)
    auditor = member(role=Role.AUDITOR, agency_code="bj-audit")
    with pytest.raises((NotAllowed, NotVisible)):
        start(task, auditor)
    procedure = start(task, head_my, kind="hearing", expected_working_days=20)
    assert procedure.started_by == head_my
    assert AuditEvent.objects.get(action=AuditAction.SPECIAL_PROCEDURE_STARTED).role == "head"


def test_a_withdrawal_ends_a_running_procedure(applicant_my, reviewer_my):
    application = accepted_bj_tending(applicant_my, reviewer_my)
    procedure = start(open_task_of(application), reviewer_my)
    services.application_withdraw(application=application, by=applicant_my, reason="不再需要")
    procedure.refresh_from_db()
    assert procedure.ended_on == MONDAY and "撤回" in procedure.result
    assert legal(application).ended_at is not None
