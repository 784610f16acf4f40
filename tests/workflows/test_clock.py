"""The statutory clock (product.md §11, §16 L2): acceptance, time limits over weekends, holidays
and 调休, the pause while returned, the deciding agency's head's extension, deemed acceptance,
reminders and escalations exactly once however often and concurrently ``permits_tick`` runs."""

from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from audit.choices import AuditAction
from audit.models import AuditEvent
from core.errors import InvalidInput, NotAllowed, NotVisible, StateConflict
from core.messages import (
    MSG_AT_ACCEPTANCE,
    MSG_AT_ACCEPTANCE_APPROVAL,
    MSG_DEEMED_ACCEPTED,
    MSG_DEEMED_ACCEPTED_APPROVAL,
    MSG_NOT_A_REVIEW,
    MSG_NOT_A_REVIEW_APPROVAL,
    MSG_NOT_ON_A_REQUEST,
    MSG_NOT_ON_A_REQUEST_APPROVAL,
)
from documents.models import ActForm, Certificate, DecisionForm, DocumentKind
from permits.choices import Decision, NotificationKind, Status, Step
from permits.models import Notification
from tests.factories import (
    design_licensed,
    open_task_of,
    return_items,
    revoke_heard,
    tending_draft,
    tianjin_tending_data,
)
from tests.pdftools import pdf_text
from workflows import people, services
from workflows.clock import deadline_of, special_procedure_refusal
from workflows.models import CalendarDay, ReviewDecision, StepClock

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Monday 28 September 2026: the National Day holiday runs 1–7 October, Saturday 10 October is a
# make-up workday (调休), and chinese-calendar knows it.
MONDAY = date(2026, 9, 28)


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _monday(time_machine):
    time_machine.move_to(at(MONDAY), tick=False)


def tick(day: date) -> str:
    out = StringIO()
    call_command("permits_tick", "--now", at(day, 9).isoformat(), stdout=out)
    return out.getvalue()


def submitted(applicant):
    return services.application_submit(application=tending_draft(by=applicant), by=applicant)


def decide(application, by, decision, opinion="意见", items=None):
    task = open_task_of(application)
    if decision == Decision.RETURN and items is None:
        items = return_items(opinion)
    return services.task_decide(
        task_id=task.pk, by=by, decision=decision, opinion=opinion, items=items
    )[1]


def kinds_told(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


# ---- acceptance ----------------------------------------------------------------------------


def test_submission_waits_for_acceptance_by_the_district_agency(applicant_my, reviewer_my):
    application = submitted(applicant_my)
    assert application.status == Status.SUBMITTED
    task = open_task_of(application)
    assert services.task_step(task) == Step.ACCEPTANCE
    assert services.task_agency(task) == application.district_agency
    deadline = deadline_of(application)
    # Five working days from Monday 28 September: 29, 30 September, then 8, 9, 10 October
    # (the holiday week does not count, the make-up Saturday does).
    assert (deadline.step, deadline.limit_working_days) == (Step.ACCEPTANCE, 5)
    assert deadline.due_date == date(2026, 10, 10)
    assert NotificationKind.TASK_NEW in kinds_told(reviewer_my)
    assert NotificationKind.SUBMITTED in kinds_told(applicant_my)


def test_accept_starts_the_district_review_with_an_acceptance_notice(applicant_my, reviewer_my):
    application = decide(submitted(applicant_my), reviewer_my, Decision.ACCEPT, "予以受理")
    assert application.status == Status.DISTRICT_REVIEW
    assert services.task_step(open_task_of(application)) == Step.DISTRICT_REVIEW
    notice = Certificate.objects.get(application=application)
    assert notice.document_kind == DocumentKind.ACCEPTANCE_NOTICE
    assert "受〔2026〕" in notice.number
    deadline = deadline_of(application)
    # 20 working days from 28 September: 29, 30 September; 8, 9, 10 (make-up Saturday) October;
    # then three full weeks from the 12th, and 26–30 October: the 20th is Friday 30 October.
    assert deadline.step == Step.DISTRICT_REVIEW and deadline.limit_working_days == 20
    assert deadline.due_date == date(2026, 10, 30)
    assert NotificationKind.ACCEPTED in kinds_told(applicant_my)
    # The acceptance clock ended with the decision.
    acceptance = StepClock.objects.get(application=application, step=Step.ACCEPTANCE)
    assert acceptance.ended_at is not None


def test_not_accept_ends_the_application_with_a_decision_and_remedies(applicant_my, reviewer_my):
    application = decide(
        submitted(applicant_my), reviewer_my, Decision.NOT_ACCEPT, "不属于本机关职权"
    )
    assert application.status == Status.NOT_ACCEPTED
    document = Certificate.objects.get(application=application)
    assert document.document_kind == DocumentKind.NON_ACCEPTANCE
    assert deadline_of(application) is None
    assert NotificationKind.NOT_ACCEPTED in kinds_told(applicant_my)


def test_not_accept_needs_reasons_and_changes_nothing_without(applicant_my, reviewer_my):
    application = submitted(applicant_my)
    with pytest.raises(InvalidInput):
        decide(application, reviewer_my, Decision.NOT_ACCEPT, "")
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert not Certificate.objects.filter(application=application).exists()


def test_a_review_decision_is_refused_at_acceptance(applicant_my, reviewer_my):
    application = submitted(applicant_my)
    with pytest.raises(InvalidInput):
        decide(application, reviewer_my, Decision.APPROVE)


def test_acceptance_returns_once_with_every_item_then_resubmission_waits_again(
    applicant_my, reviewer_my
):
    application = submitted(applicant_my)
    items = [
        {"field": "stand_density", "attachment_kind": None, "message": "补充林分密度"},
        {"field": None, "attachment_kind": "site_map", "message": "补充作业区位图"},
    ]
    application = decide(application, reviewer_my, Decision.RETURN, "材料不全", items)
    assert application.status == Status.RETURNED
    notice = Certificate.objects.get(application=application)
    assert notice.document_kind == DocumentKind.CORRECTION_NOTICE
    assert deadline_of(application).paused
    application = services.application_submit(application=application, by=applicant_my)
    assert application.status == Status.SUBMITTED
    with pytest.raises(StateConflict):
        decide(application, reviewer_my, Decision.RETURN, "还缺材料")
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert (
        ReviewDecision.objects.filter(application=application, decision=Decision.RETURN).count()
        == 1
    )


def test_acceptance_counts_its_five_days_again_from_the_corrected_materials(
    applicant_my, reviewer_my, time_machine
):
    application = submitted(applicant_my)
    time_machine.move_to(at(date(2026, 9, 30)), tick=False)
    application = decide(application, reviewer_my, Decision.RETURN, "材料不全")
    assert deadline_of(application).paused
    time_machine.move_to(at(date(2026, 10, 19)), tick=False)
    application = services.application_submit(application=application, by=applicant_my)
    deadline = deadline_of(application)
    assert (deadline.step, deadline.started_on) == (Step.ACCEPTANCE, date(2026, 10, 19))
    assert (deadline.working_days_left, deadline.due_date) == (5, date(2026, 10, 26))


def test_a_return_without_items_is_refused(applicant_my, reviewer_my):
    application = submitted(applicant_my)
    with pytest.raises(InvalidInput):
        decide(application, reviewer_my, Decision.RETURN, "请补正", items=[])


# ---- the clock paused while returned -------------------------------------------------------


def test_a_return_pauses_the_step_and_resubmission_resumes_with_the_days_left(
    applicant_my, reviewer_my, time_machine
):
    application = decide(submitted(applicant_my), reviewer_my, Decision.ACCEPT)
    # Four working days later (29, 30 Sep, 8, 9 Oct) the district step returns it.
    time_machine.move_to(at(date(2026, 10, 9)), tick=False)
    application = decide(application, reviewer_my, Decision.RETURN, "请补正")
    deadline = deadline_of(application)
    assert deadline.paused and deadline.due_date is None
    assert deadline.working_days_left == 16 and not deadline.overdue
    # Three weeks later it is still paused, never overdue.
    time_machine.move_to(at(date(2026, 10, 30)), tick=False)
    assert deadline_of(application).working_days_left == 16
    assert not deadline_of(application).overdue
    application = services.application_submit(application=application, by=applicant_my)
    # Resumed at the district step, not at acceptance, with 16 working days from 30 October.
    assert application.status == Status.DISTRICT_REVIEW
    assert services.task_step(open_task_of(application)) == Step.DISTRICT_REVIEW
    deadline = deadline_of(application)
    assert not deadline.paused and deadline.working_days_left == 16
    assert deadline.due_date == date(2026, 11, 23)
    assert StepClock.objects.filter(application=application, step=Step.DISTRICT_REVIEW).count() == 1


def test_overdue_is_true_only_after_the_due_date(applicant_my, reviewer_my, time_machine):
    application = decide(submitted(applicant_my), reviewer_my, Decision.ACCEPT)
    time_machine.move_to(at(date(2026, 10, 30)), tick=False)
    deadline = deadline_of(application)
    assert deadline.working_days_left == 0 and not deadline.overdue
    time_machine.move_to(at(date(2026, 11, 2)), tick=False)
    deadline = deadline_of(application)
    assert deadline.working_days_left == -1 and deadline.overdue


def test_an_administrators_calendar_correction_moves_running_due_dates(applicant_my, reviewer_my):
    application = decide(submitted(applicant_my), reviewer_my, Decision.ACCEPT)
    assert deadline_of(application).due_date == date(2026, 10, 30)
    CalendarDay.objects.create(day=date(2026, 10, 20), working=False, note="临时休息")
    assert deadline_of(application).due_date == date(2026, 11, 2)


# ---- extension -----------------------------------------------------------------------------


def at_municipal_review(applicant, reviewer):
    """A Beijing tending design accepted and forwarded by 密云 today: 北京市园林绿化局 decides."""
    application = decide(submitted(applicant), reviewer, Decision.ACCEPT)
    return decide(application, reviewer, Decision.APPROVE)


def test_the_deciding_agencys_head_extends_once_by_ten_working_days_with_a_notice(
    applicant_my, reviewer_my, head_forest
):
    application = at_municipal_review(applicant_my, reviewer_my)
    task = open_task_of(application)
    assert deadline_of(application).decision_due_date == date(2026, 10, 30)
    people.task_extend(task_id=task.pk, by=head_forest, reason="需组织专家现场论证")
    deadline = deadline_of(application)
    # The legal period and the deciding agency's own step both gain ten working days.
    assert deadline.decision_due_date == date(2026, 11, 13)
    assert deadline.extended_working_days == 10 and deadline.due_date == date(2026, 11, 13)
    notice = Certificate.objects.get(
        application=application, document_kind=DocumentKind.EXTENSION_NOTICE
    )
    assert notice.issuing_agency.code == "bj-forestry"
    printed = notice.content["document"]
    assert "经本机关负责人批准" in printed["paragraphs"][1]
    assert "2026年11月13日" in printed["paragraphs"][1]
    # A design's approval is a 批复: its commitment is extended, not art. 42's period (issue 46).
    assert "承诺时限延长10个工作日" in printed["paragraphs"][1]
    assert "实施方案" in printed["legal_basis"] and "行政许可法" not in printed["legal_basis"]
    assert NotificationKind.EXTENDED in kinds_told(applicant_my)
    event = AuditEvent.objects.get(application=application, action=AuditAction.EXTEND)
    assert event.actor_id == head_forest.pk and event.opinion == "需组织专家现场论证"
    assert event.details["decision_due_date_before"] == "2026-10-30"
    assert event.details["decision_due_date"] == "2026-11-13"
    with pytest.raises(StateConflict):
        people.task_extend(task_id=task.pk, by=head_forest, reason="再延一次")
    assert deadline_of(application).decision_due_date == date(2026, 11, 13)


def test_a_district_that_forwards_cannot_extend_and_only_a_head_with_a_reason(
    applicant_my, reviewer_my, head_my, head_forest
):
    application = decide(submitted(applicant_my), reviewer_my, Decision.ACCEPT)
    task = open_task_of(application)
    # The district of a two-tier route reviews within its days, without extension (art. 43 for
    # a licence; a design's 批复 is told so without the Licensing Law, issue 46 item 3).
    with pytest.raises(NotAllowed, match="初审后报送的区级机关在其承诺时限内审查完毕，不得延长"):
        people.task_extend(task_id=task.pk, by=head_my, reason="理由")
    # The deciding agency does not see the file before the district forwards it.
    with pytest.raises(NotVisible):
        people.task_extend(task_id=task.pk, by=head_forest, reason="理由")
    application = decide(application, reviewer_my, Decision.APPROVE)
    task = open_task_of(application)
    with pytest.raises(NotAllowed):
        people.task_extend(task_id=task.pk, by=head_my, reason="理由")
    with pytest.raises(InvalidInput):
        people.task_extend(task_id=task.pk, by=head_forest, reason="  ")
    assert deadline_of(application).extended_working_days == 0
    assert not AuditEvent.objects.filter(action=AuditAction.EXTEND).exists()


def test_a_district_that_decides_extends_its_own_period(applicant_jz, reviewer_jz, head_jz):
    application = services.application_submit(
        application=tending_draft(by=applicant_jz, **tianjin_tending_data()), by=applicant_jz
    )
    application = decide(application, reviewer_jz, Decision.ACCEPT)
    assert deadline_of(application).deciding_agency["code"] == "120119-forestry"
    people.task_extend(task_id=open_task_of(application).pk, by=head_jz, reason="专家论证")
    assert deadline_of(application).decision_due_date == date(2026, 11, 13)


def test_acceptance_cannot_be_extended(applicant_my, head_my):
    application = submitted(applicant_my)
    with pytest.raises(StateConflict):
        people.task_extend(task_id=open_task_of(application).pk, by=head_my, reason="理由")


# ---- deemed acceptance, reminders, escalation (permits_tick) -------------------------------


def test_an_undecided_acceptance_is_deemed_accepted_by_the_system_once(applicant_my):
    application = submitted(applicant_my)
    # Due 10 October: on the 10th nothing happens, on Monday the 12th it is accepted.
    assert "deemed acceptances: 0" in tick(date(2026, 10, 10))
    assert "deemed acceptances: 1" in tick(date(2026, 10, 12))
    assert "deemed acceptances: 0" in tick(date(2026, 10, 12))
    application.refresh_from_db()
    assert application.status == Status.DISTRICT_REVIEW
    # "自收到申请材料之日起即为受理": the review's clock runs from the submission, 28 September,
    # not from the day the system noticed.
    deadline = deadline_of(application)
    assert (deadline.started_on, deadline.due_date) == (MONDAY, date(2026, 10, 30))
    assert deadline.working_days_left == 20  # the time machine still stands on 28 September
    event = AuditEvent.objects.get(application=application, action=AuditAction.ACCEPT)
    assert event.actor_id is None and event.role == "system"
    record = ReviewDecision.objects.get(application=application, step=Step.ACCEPTANCE)
    assert record.decided_by is None and record.decided_by_name == "system"
    # Issue 46 item 2: the recorded opinion of a 批复's acceptance names no Licensing Law.
    assert record.opinion == str(MSG_DEEMED_ACCEPTED_APPROVAL)
    assert "承诺期限" in record.opinion and "行政许可法" not in record.opinion
    notice = Certificate.objects.get(
        application=application, document_kind=DocumentKind.ACCEPTANCE_NOTICE
    )
    with notice.pdf.open("rb") as pdf:
        text = pdf_text(pdf.read()).replace("\n", "")
    # A design's approval is a 批复 (documents.forms): deemed accepted under the agency's own
    # commitment, without the Licensing Law's art. 32 (tests/documents/test_decision_forms.py).
    assert "本机关未在承诺期限内作出是否受理的决定" in text
    assert "2026年9月28日起即为受理" in text and "行政许可法" not in text
    assert kinds_told(applicant_my).count(NotificationKind.ACCEPTED) == 1


def test_a_licence_is_deemed_accepted_by_article_32(applicant_my):
    row = DecisionForm.objects.get(jurisdiction_id="110000", kind="tending")
    row.form = ActForm.LICENCE
    row.save()
    application = submitted(applicant_my)
    assert "deemed acceptances: 1" in tick(date(2026, 10, 12))
    record = ReviewDecision.objects.get(application=application, step=Step.ACCEPTANCE)
    assert record.opinion == str(MSG_DEEMED_ACCEPTED)
    assert "行政许可法》第三十二条" in str(MSG_DEEMED_ACCEPTED)


def test_reminders_three_working_days_before_and_escalation_after_each_once(
    applicant_my, reviewer_my, head_my
):
    application = decide(submitted(applicant_my), reviewer_my, Decision.ACCEPT)
    task = open_task_of(application)
    services.task_claim(task_id=task.pk, by=reviewer_my)
    # Due Friday 30 October: three working days before is Tuesday the 27th.
    assert "reminders: 0" in tick(date(2026, 10, 26))
    assert "reminders: 1" in tick(date(2026, 10, 27))
    assert "reminders: 0" in tick(date(2026, 10, 28))
    assert kinds_told(reviewer_my).count(NotificationKind.REMINDER) == 1
    assert "escalations: 0" in tick(date(2026, 10, 30))
    assert "escalations: 1" in tick(date(2026, 11, 2))
    assert "escalations: 0" in tick(date(2026, 11, 3))
    assert kinds_told(head_my).count(NotificationKind.OVERDUE) == 1
    assert kinds_told(reviewer_my).count(NotificationKind.OVERDUE) == 1


def test_an_extension_reminds_and_escalates_again_for_the_new_due_date(
    applicant_my, reviewer_my, head_forest
):
    application = at_municipal_review(applicant_my, reviewer_my)
    tick(date(2026, 11, 2))
    people.task_extend(task_id=open_task_of(application).pk, by=head_forest, reason="专家论证")
    assert deadline_of(application).due_date == date(2026, 11, 13)
    assert "escalations: 0" in tick(date(2026, 11, 13))
    assert "escalations: 1" in tick(date(2026, 11, 16))
    assert kinds_told(head_forest).count(NotificationKind.OVERDUE) == 2


def test_a_paused_step_is_neither_reminded_nor_escalated(applicant_my, reviewer_my):
    application = decide(submitted(applicant_my), reviewer_my, Decision.ACCEPT)
    decide(application, reviewer_my, Decision.RETURN, "请补正")
    out = tick(date(2026, 12, 30))
    assert "reminders: 0" in out and "escalations: 0" in out


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_ticks_deem_remind_and_escalate_once(
    applicant_my, reviewer_my, head_my, reference_data
):
    from tests.workflows.test_concurrency_postgres import race

    waiting = submitted(applicant_my)
    late = decide(submitted(applicant_my), reviewer_my, Decision.ACCEPT)  # due 30 October
    outcomes = race([lambda: tick(date(2026, 11, 2))] * 3)
    assert [o for o in outcomes if not isinstance(o, str)] == []
    waiting.refresh_from_db()
    assert waiting.status == Status.DISTRICT_REVIEW
    assert AuditEvent.objects.filter(application=waiting, action=AuditAction.ACCEPT).count() == 1
    # Both district reviews ran from 28 September (the deemed one from its receipt): each is
    # overdue on 2 November and escalated once.
    overdue = Notification.objects.filter(recipient=head_my, kind=NotificationKind.OVERDUE)
    escalated = sorted(overdue.values_list("application_id", flat=True))
    assert escalated == sorted([waiting.pk, late.pk])


# ---- who is told what (product.md §12) --------------------------------------------------------


def told(kind) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_each_event_tells_the_people_it_concerns(
    applicant_my, reviewer_my, reviewer_my2, head_my, head_forest, approver, applicant_yq
):
    application = submitted(applicant_my)
    assert told(NotificationKind.SUBMITTED) == {"applicant_my"}
    # The acceptance task: both reviewers of 密云区园林绿化局 may act on it; not the head (who
    # decides no step), not another district's applicant.
    assert told(NotificationKind.TASK_NEW) == {"district_my", "district_my2"}
    application = decide(application, reviewer_my, Decision.ACCEPT)
    assert told(NotificationKind.ACCEPTED) == {"applicant_my"}
    people.task_reassign(
        task_id=open_task_of(application).pk, by=head_my, to_username="district_my2", reason="分工"
    )
    assert told(NotificationKind.REASSIGNED) == {"district_my2"}
    application = decide(application, reviewer_my2, Decision.RETURN, "请补正")
    assert told(NotificationKind.RETURNED) == {"applicant_my"}
    application = services.application_submit(application=application, by=applicant_my)
    application = decide(application, reviewer_my2, Decision.APPROVE)
    assert "muni_forest" in told(NotificationKind.TASK_NEW)
    people.task_extend(task_id=open_task_of(application).pk, by=head_forest, reason="专家论证")
    assert told(NotificationKind.EXTENDED) == {"applicant_my"}
    assert not Notification.objects.filter(kind=NotificationKind.DECIDED).exists()
    application = decide(application, approver, Decision.APPROVE)
    assert told(NotificationKind.DECIDED) == {"applicant_my"}
    revoke_heard(application=application, by=approver, reason="擅自扩大范围")
    assert told(NotificationKind.REVOKED) == {"applicant_my"}
    assert not Notification.objects.filter(recipient=applicant_yq).exists()


@pytest.mark.parametrize("licence", [True, False], ids=["licence", "approval"])
def test_no_special_procedure_off_the_review_says_why_in_the_words_of_the_form(
    applicant_my, licence
):
    """A licence's refusal names art. 45; a 批复's procedures pause the agency's commitment, and
    its refusals name no article (issue 46 item 3). The review steps refuse nothing."""
    if licence:
        design_licensed()
    application = tending_draft(by=applicant_my)
    refusals = {
        Step.ACCEPTANCE: (MSG_AT_ACCEPTANCE, MSG_AT_ACCEPTANCE_APPROVAL),
        Step.OBLIGATION_REVIEW: (MSG_NOT_A_REVIEW, MSG_NOT_A_REVIEW_APPROVAL),
        Step.REQUEST_ACCEPTANCE: (MSG_NOT_ON_A_REQUEST, MSG_NOT_ON_A_REQUEST_APPROVAL),
        Step.REQUEST_REVIEW: (MSG_NOT_ON_A_REQUEST, MSG_NOT_ON_A_REQUEST_APPROVAL),
    }
    for step, (licensed, approval) in refusals.items():
        refusal = special_procedure_refusal(step, application)
        assert refusal == (licensed if licence else approval)
        text = str(refusal)
        assert ("art. 45" in text or "第四十五条" in text) is licence
    assert special_procedure_refusal(Step.DISTRICT_REVIEW, application) is None
