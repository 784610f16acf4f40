"""Parallel countersigns (会签) through the services (product.md §4–§6): the routes of §5 as data,
one consultation task per consulted agency at once, no municipal task before the last answer,
opinions the approver sees, approval against a disagreement, rule O3, withdrawal, return and
resubmission, and who may act on which task."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from audit.models import AuditEvent
from core.errors import InvalidInput, NotAllowed, NotVisible, RulesViolated, StateConflict
from core.messages import MSG_O3_NOT_AGREED
from documents.models import DocumentKind
from permits import access, rules, services
from permits.choices import Status, Step
from permits.facts import rule_facts
from permits.models import Application
from permits.rules import occupation as o
from roles.models import Role
from tests.factories import (
    consultant,
    decide,
    decision_document,
    introduction_draft,
    member,
    occupation_draft,
    open_task_of,
    persona,
    submit_accepted,
    tending_draft,
    tianjin_introduction_draft,
    tianjin_occupation_draft,
    tianjin_tending_data,
)
from workflows import services as task_services
from workflows.engine import OPEN_TASK_STATUSES, open_tasks
from workflows.models import Countersign, PermitProcess
from workflows.selectors import countersigns_of_current_pass, tasks_for_user

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _in_2026(time_machine):
    time_machine.move_to(datetime(2026, 6, 1, 9, 30, tzinfo=SHANGHAI), tick=True)


def fresh(application):
    return Application.objects.get(pk=application.pk).detail


def submit(draft, by):
    return submit_accepted(application=draft, by=by)


def open_steps(application) -> list[tuple[Step, str]]:
    """(step, agency code) of every open task, sorted."""
    return sorted(
        (task_services.task_step(t), task_services.task_agency(t).code)
        for t in open_tasks(application=application)
    )


def events(application, action):
    return AuditEvent.objects.filter(application_id=application.pk, action=action).order_by("seq")


# --- The routes of product.md §5 ------------------------------------------------------------------


def _bj_tending(user):
    return tending_draft(by=user)


def _tj_tending(user):
    return tending_draft(by=user, **tianjin_tending_data())


def _bj_introduction(domain):
    return lambda user: introduction_draft(by=user, habitat_domain=domain)


# (draft maker, applicant fixture, district agency, consulted agencies, final agency or None)
ROUTES = {
    "bj-tending": (_bj_tending, "applicant_my", "110118-forestry", [], "bj-forestry"),
    "tj-tending": (_tj_tending, "applicant_jz", "120119-forestry", [], None),
    "bj-occupation": (
        lambda user: occupation_draft(by=user),
        "applicant_my",
        "110118-forestry",
        ["bj-planning"],
        "bj-forestry",
    ),
    "tj-occupation": (
        lambda user: tianjin_occupation_draft(by=user),
        "applicant_jz",
        "120119-forestry",
        ["120119-government-service", "120119-planning"],
        "tj-forestry",
    ),
    "bj-introduction-forest": (
        _bj_introduction("forest_grassland_wetland"),
        "applicant_my",
        "110118-agriculture",
        ["bj-ecology", "bj-forestry"],
        "bj-agriculture",
    ),
    "bj-introduction-waters": (
        _bj_introduction("waters"),
        "applicant_my",
        "110118-agriculture",
        ["bj-ecology", "bj-water"],
        "bj-agriculture",
    ),
    "bj-introduction-farmland": (
        _bj_introduction("farmland"),
        "applicant_my",
        "110118-agriculture",
        ["bj-ecology"],
        "bj-agriculture",
    ),
    "tj-introduction": (
        lambda user: tianjin_introduction_draft(by=user),
        "applicant_jz",
        "120119-agriculture",
        [],
        "tj-agriculture",
    ),
}


@pytest.mark.parametrize("route", ROUTES)
def test_every_route_of_product_5(request, route):
    make, applicant_fixture, district, consulted, final = ROUTES[route]
    user = request.getfixturevalue(applicant_fixture)
    reviewer = member(role=Role.REVIEWER, agency_code=district)
    consultants = {code: consultant(code) for code in consulted}

    application = submit(make(user), user)
    assert open_steps(application) == [(Step.DISTRICT_REVIEW, district)]
    assert application.district_agency.code == district
    assert (application.lead_agency.code if application.lead_agency else None) == final

    application = decide(application, reviewer)
    if consulted:
        # One task per consulted agency, all at once, before anybody has answered.
        assert application.status == Status.CONSULTATION
        assert open_steps(application) == [(Step.CONSULTATION, code) for code in consulted]
        tasks = open_tasks(application=application)
        assert {t.data["agency_id"] for t in tasks} == {
            task_services.task_agency(t).pk for t in tasks
        }
        for code, person in consultants.items():
            assert access.can_see_application(person, application), code
            application = decide(application, person, "agree", "同意", agency_code=code)
    if final is None:
        assert application.status == Status.APPROVED
        assert not open_tasks(application=application).exists()
    else:
        assert application.status == Status.MUNICIPAL_REVIEW
        assert open_steps(application) == [(Step.MUNICIPAL_REVIEW, final)]
        application = decide(application, member(role=Role.APPROVER, agency_code=final))
        assert application.status == Status.APPROVED
    assert decision_document(application).document_kind == DocumentKind.APPROVAL
    assert Countersign.objects.filter(application_id=application.pk).count() == len(consulted)
    assert sorted(events(application, "agree").values_list("agency_code", flat=True)) == consulted
    assert PermitProcess.objects.get(application_id=application.pk).status == PROCESS.DONE


# --- No municipal task before the last countersign -----------------------------------------------


@pytest.fixture
def reviewer_agri_my(reference_data):
    return persona("district_agri_my")


@pytest.fixture
def tj_forest(reference_data):
    return persona("tj_forest")


@pytest.fixture
def jz_plan(reference_data):
    return persona("jz_plan")


@pytest.fixture
def jz_gov(reference_data):
    return persona("jz_gov")


@pytest.fixture
def muni_eco(reference_data):
    return persona("muni_eco")


@pytest.fixture
def tianjin_in_consultation(applicant_jz, reviewer_jz):
    application = submit(tianjin_occupation_draft(by=applicant_jz), applicant_jz)
    return decide(application, reviewer_jz, opinion="经现场核查，同意上报。")


def municipal_tasks(application):
    return Task.objects.filter(
        process__permitprocess__application_id=application.pk,
        flow_task__endswith="municipal_review",
    )


def test_no_municipal_task_until_every_consulted_agency_has_answered(
    tianjin_in_consultation, jz_plan, jz_gov, tj_forest
):
    application = tianjin_in_consultation
    plan_task = open_task_of(application, "120119-planning")
    gov_task = open_task_of(application, "120119-government-service")
    assert plan_task in tasks_for_user(user=jz_plan, queue="queue")
    assert gov_task in tasks_for_user(user=jz_gov, queue="queue")
    assert gov_task not in tasks_for_user(user=jz_plan, queue="queue")

    application = decide(application, jz_plan, "agree", "符合国土空间规划", "120119-planning")
    assert application.status == Status.CONSULTATION
    assert not municipal_tasks(application).exists()
    assert open_steps(application) == [(Step.CONSULTATION, "120119-government-service")]
    assert not tasks_for_user(user=tj_forest, queue="queue").exists()
    first = events(application, "agree").get()
    assert (first.from_status, first.to_status, first.role) == (
        "consultation",
        "consultation",
        Role.CONSULTANT,
    )
    assert (first.agency_code, first.details["step"]) == ("120119-planning", "consultation")

    application = decide(application, jz_gov, "agree", "同意", "120119-government-service")
    assert application.status == Status.MUNICIPAL_REVIEW
    (municipal,) = municipal_tasks(application)
    assert municipal.status == STATUS.NEW
    assert [t.pk for t in tasks_for_user(user=tj_forest, queue="queue")] == [municipal.pk]
    last = events(application, "agree").last()
    assert (last.from_status, last.to_status) == ("consultation", "municipal_review")
    assert access.can_see_application(tj_forest, application)


def test_a_countersign_task_is_decided_once(tianjin_in_consultation, jz_plan):
    task = open_task_of(tianjin_in_consultation, "120119-planning")
    task_services.task_decide(task_id=task.pk, by=jz_plan, decision="agree")
    with pytest.raises(StateConflict) as error:
        task_services.task_decide(task_id=task.pk, by=jz_plan, decision="disagree", opinion="x")
    assert error.value.detail == task_services.MSG_TASK_DONE
    assert Countersign.objects.filter(task_id=task.pk).count() == 1


def test_claim_and_unclaim_a_countersign_task(tianjin_in_consultation, jz_plan):
    task = open_task_of(tianjin_in_consultation, "120119-planning")
    task_services.task_claim(task_id=task.pk, by=jz_plan)
    assert [t.pk for t in tasks_for_user(user=jz_plan, queue="inbox")] == [task.pk]
    task_services.task_unclaim(task_id=task.pk, by=jz_plan)
    assert [t.pk for t in tasks_for_user(user=jz_plan, queue="queue")] == [task.pk]
    assert [e.details["step"] for e in events(tianjin_in_consultation, "claim")][-1:] == [
        "consultation"
    ]


# --- Opinions ------------------------------------------------------------------------------------


def test_disagree_needs_an_opinion(tianjin_in_consultation, jz_plan):
    task = open_task_of(tianjin_in_consultation, "120119-planning")
    with pytest.raises(InvalidInput) as error:
        task_services.task_decide(task_id=task.pk, by=jz_plan, decision="disagree", opinion="  ")
    (problem,) = error.value.problems
    assert (problem.field, problem.code) == ("opinion", "required")
    assert not Countersign.objects.exists()
    assert fresh(tianjin_in_consultation).status == Status.CONSULTATION
    assert open_task_of(tianjin_in_consultation, "120119-planning").status == STATUS.NEW


@pytest.mark.parametrize("decision", ["approve", "reject", "return", "maybe"])
def test_a_consultation_answers_agree_or_disagree_only(tianjin_in_consultation, jz_plan, decision):
    task = open_task_of(tianjin_in_consultation, "120119-planning")
    with pytest.raises(InvalidInput) as error:
        task_services.task_decide(task_id=task.pk, by=jz_plan, decision=decision, opinion="x")
    assert [(p.field, p.code) for p in error.value.problems] == [("decision", "invalid_choice")]


def test_a_review_step_does_not_take_agree(applicant_jz, reviewer_jz):
    application = submit(tianjin_occupation_draft(by=applicant_jz), applicant_jz)
    task = open_task_of(application)
    with pytest.raises(InvalidInput):
        task_services.task_decide(task_id=task.pk, by=reviewer_jz, decision="agree")
    assert fresh(application).status == Status.DISTRICT_REVIEW


def test_the_approver_sees_every_opinion(tianjin_in_consultation, jz_plan, jz_gov, tj_forest):
    application = decide(
        tianjin_in_consultation, jz_plan, "disagree", "塔基位于规划生态廊道内", "120119-planning"
    )
    application = decide(application, jz_gov, "agree", "", "120119-government-service")
    opinions = {
        (c.agency.code, c.decision, c.opinion, c.decided_by.username)
        for c in countersigns_of_current_pass(application)
    }
    assert opinions == {
        ("120119-planning", "disagree", "塔基位于规划生态廊道内", "jz_plan"),
        ("120119-government-service", "agree", "", "jz_gov"),
    }
    assert access.can_see_application(tj_forest, application)
    disagreed = events(application, "disagree").get()
    assert (disagreed.opinion, disagreed.agency_code) == (
        "塔基位于规划生态廊道内",
        "120119-planning",
    )


def test_approving_against_a_disagreement_needs_a_written_reason(
    tianjin_in_consultation, jz_plan, jz_gov, tj_forest
):
    application = decide(
        tianjin_in_consultation, jz_plan, "disagree", "塔基位于规划生态廊道内", "120119-planning"
    )
    application = decide(application, jz_gov, "agree", "同意", "120119-government-service")
    task = open_task_of(application)

    with pytest.raises(InvalidInput) as error:
        task_services.task_decide(task_id=task.pk, by=tj_forest, decision="approve", opinion=" ")
    (problem,) = error.value.problems
    assert (problem.field, problem.code) == ("opinion", "reason_required")
    assert problem.message == str(task_services.MSG_REASON_AGAINST_DISAGREEMENT)
    assert fresh(application).status == Status.MUNICIPAL_REVIEW
    assert open_task_of(application).pk == task.pk
    assert not events(application, "approve").filter(details__step="municipal_review").exists()

    reason = "经复核，塔基已避让生态廊道核心段，采取植被恢复措施后影响可控，准予使用。"
    task_services.task_decide(task_id=task.pk, by=tj_forest, decision="approve", opinion=reason)
    # Approved: its restoration fee is due (product.md §16 L7).
    assert fresh(application).status == Status.AWAITING_FEE
    approval = events(application, "approve").last()
    assert approval.opinion == reason
    assert approval.details["against_disagreement"] == ["120119-planning"]
    assert approval.agency_code == "tj-forestry"


def test_an_approval_without_disagreement_carries_no_against_marker(
    tianjin_in_consultation, jz_plan, jz_gov, tj_forest
):
    application = decide(tianjin_in_consultation, jz_plan, "agree", "", "120119-planning")
    application = decide(application, jz_gov, "agree", "", "120119-government-service")
    application = decide(application, tj_forest, "approve", "")
    assert application.status == Status.APPROVED
    assert "against_disagreement" not in events(application, "approve").last().details


def test_rejecting_after_a_disagreement_is_always_possible(
    tianjin_in_consultation, jz_plan, jz_gov, tj_forest
):
    application = decide(
        tianjin_in_consultation, jz_plan, "disagree", "不符合规划", "120119-planning"
    )
    application = decide(application, jz_gov, "disagree", "手续不全", "120119-government-service")
    application = decide(application, tj_forest, "reject", "会签单位均不同意")
    assert application.status == Status.REJECTED
    assert decision_document(application).document_kind == DocumentKind.REFUSAL


# --- O3: the ecological red line -----------------------------------------------------------------


@pytest.fixture
def red_line_at_municipal(applicant_my, reviewer_my, muni_plan):
    def make(planning_decision, opinion=""):
        draft = occupation_draft(by=applicant_my, protection_class="red_line")
        assert [f.rule for f in services.application_warnings(draft)] == ["O3"]
        application = submit(draft, applicant_my)
        application = decide(application, reviewer_my)
        return decide(application, muni_plan, planning_decision, opinion, "bj-planning")

    return make


def test_red_line_cannot_be_approved_when_the_planning_agency_disagreed(
    red_line_at_municipal, approver
):
    application = red_line_at_municipal(
        "disagree", "位于生态保护红线内，不符合国土空间用途管制要求"
    )
    task = open_task_of(application)
    with pytest.raises(RulesViolated) as error:
        task_services.task_decide(
            task_id=task.pk, by=approver, decision="approve", opinion="项目确有必要，准予使用"
        )
    (problem,) = error.value.problems
    assert (problem.rule, problem.field, problem.code) == (
        "O3",
        "protection_class",
        "rule_violation",
    )
    # Beijing's basis and the item of the red-line regime the project type rests on.
    assert problem.source == f"{o.SOURCE_O3_BEIJING}；{o.SOURCE_142_1_1_ITEM_6}"
    assert problem.message == str(MSG_O3_NOT_AGREED)
    assert problem == rules.planning_agreement_problem(rule_facts(application), "110000")
    assert fresh(application).status == Status.MUNICIPAL_REVIEW
    assert open_task_of(application).status == STATUS.NEW  # nothing claimed, nothing changed

    application = decide(application, approver, "reject", "规划部门不同意，不予许可")
    assert application.status == Status.REJECTED


def test_red_line_is_approved_when_the_planning_agency_agreed(red_line_at_municipal, approver):
    application = red_line_at_municipal("agree", "经核实符合国土空间规划，同意")
    application = decide(application, approver, "approve", "")
    assert application.status == Status.APPROVED


@pytest.mark.parametrize("planning", ["agree", "disagree"])
def test_red_line_refuses_a_project_it_does_not_admit_whatever_the_planning_agency_said(
    red_line_at_municipal, approver, planning
):
    """L8: a commercial project in the red line is never approved, even with the planning
    agency's agreement; the refusal lists every violation at once (issue 46: 409
    ``blocking_findings`` while they stand and the approval says nothing of them)."""
    application = red_line_at_municipal(planning, "同意" if planning == "agree" else "不同意")
    # A record from before O3 refused such projects at submission (or whose type was wrong).
    type(application).objects.filter(pk=application.pk).update(
        project_type="commercial", occupation_kind="temporary", duration_months=30
    )
    task = open_task_of(application)
    with pytest.raises(StateConflict) as error:
        task_services.task_decide(
            task_id=task.pk, by=approver, decision="approve", opinion="项目确有必要，准予使用"
        )
    problems = error.value.problems
    assert {p.code for p in problems} == {"blocking_findings"}
    assert [(p.rule, p.field) for p in problems] == [
        ("O3", "project_type"),
        ("O4", "duration_months"),
    ]
    assert problems[0].source == o.SOURCE_O3_BEIJING
    assert fresh(application).status == Status.MUNICIPAL_REVIEW


def test_a_municipal_return_keeps_the_consultation_round_it_had(
    red_line_at_municipal, applicant_my, approver
):
    """The resubmission resumes at municipal review (api.md): the planning agency's agreement
    of the round before the return still satisfies O3."""
    application = red_line_at_municipal("agree", "同意")
    application = decide(application, approver, "return", "请补充生态影响专题论证")
    application = submit_accepted(application=application, by=applicant_my)
    assert application.status == Status.MUNICIPAL_REVIEW
    assert [c.decision for c in countersigns_of_current_pass(application)] == ["agree"]
    application = decide(application, approver, "approve", "准予")
    assert application.status == Status.APPROVED


def test_red_line_needs_the_agreement_of_the_latest_round(applicant_my, reviewer_agri_my, approver):
    """A corrected application consulted anew is judged on the new round only."""
    muni_agri, water, eco = persona("muni_agri"), persona("muni_water"), persona("muni_eco")
    application = submit(introduction_draft(by=applicant_my, habitat_domain="waters"), applicant_my)
    application = decide(application, reviewer_agri_my)
    application = decide(application, water, "agree", "", "bj-water")
    application = decide(application, eco, "agree", "", "bj-ecology")
    application = decide(application, muni_agri, "return", "请核实生境领域")
    services.application_update(
        application=application, by=applicant_my, data={"habitat_domain": "farmland"}
    )
    application = submit_accepted(application=application, by=applicant_my)
    assert application.status == Status.CONSULTATION
    application = decide(application, eco, "disagree", "农田生境风险未评估", "bj-ecology")
    assert [c.decision for c in countersigns_of_current_pass(application)] == ["disagree"]
    # The earlier round's agreement does not excuse approving against this round's disagreement.
    with pytest.raises(InvalidInput):
        decide(application, muni_agri, "approve", "")


def test_red_line_in_tianjin_asks_the_jizhou_planning_branch(
    applicant_jz, reviewer_jz, jz_plan, jz_gov, tj_forest
):
    draft = tianjin_occupation_draft(by=applicant_jz, protection_class="red_line")
    application = decide(submit(draft, applicant_jz), reviewer_jz)
    application = decide(application, jz_plan, "agree", "同意", "120119-planning")
    application = decide(application, jz_gov, "disagree", "材料不全", "120119-government-service")
    # The planning agency agreed: O3 is satisfied; the other disagreement needs only a reason.
    with pytest.raises(InvalidInput):
        decide(application, tj_forest, "approve", "")
    application = decide(application, tj_forest, "approve", "材料已在会签后补齐")
    assert application.status == Status.APPROVED
    assert events(application, "approve").last().details["against_disagreement"] == [
        "120119-government-service"
    ]


# --- Withdrawal, return and resubmission ---------------------------------------------------------


def test_withdraw_during_consultation_cancels_every_countersign_task(
    tianjin_in_consultation, applicant_jz, jz_plan, jz_gov, tj_forest
):
    application = decide(tianjin_in_consultation, jz_plan, "agree", "", "120119-planning")
    gov_task = open_task_of(application, "120119-government-service")
    task_services.task_claim(task_id=gov_task.pk, by=jz_gov)

    task_services.application_withdraw(application=application, by=applicant_jz, reason="线路改线")
    assert fresh(application).status == Status.WITHDRAWN
    assert not open_tasks(application=application).exists()
    gov_task.refresh_from_db()
    assert gov_task.status == STATUS.CANCELED
    assert PermitProcess.objects.get(application_id=application.pk).status == PROCESS.CANCELED
    # Nothing of the flow stays open, the join waiting for the countersigns included.
    assert not Task.objects.filter(
        process__permitprocess__application_id=application.pk, status__in=OPEN_TASK_STATUSES
    ).exists()
    assert not tasks_for_user(user=jz_gov, queue="inbox").exists()
    assert not municipal_tasks(application).exists()
    with pytest.raises(StateConflict) as error:
        task_services.task_decide(task_id=gov_task.pk, by=jz_gov, decision="agree")
    assert error.value.detail == task_services.MSG_TASK_DONE
    withdrawal = events(application, "withdraw").get()
    assert (withdrawal.from_status, withdrawal.to_status) == ("consultation", "withdrawn")


def test_withdraw_before_any_countersign(tianjin_in_consultation, applicant_jz):
    tasks = list(open_tasks(application=tianjin_in_consultation))
    assert len(tasks) == 2
    task_services.application_withdraw(
        application=tianjin_in_consultation, by=applicant_jz, reason="不再实施"
    )
    assert {t.status for t in Task.objects.filter(pk__in=[t.pk for t in tasks])} == {
        STATUS.CANCELED
    }


def test_return_at_municipal_and_resubmit_resumes_at_municipal_review(
    applicant_my, reviewer_my, muni_plan, approver
):
    application = decide(submit(occupation_draft(by=applicant_my), applicant_my), reviewer_my)
    first_task = open_task_of(application, "bj-planning")
    application = decide(application, muni_plan, "agree", "同意", "bj-planning")
    application = decide(application, approver, "return", "请补充植被恢复方案的苗木规格")
    assert application.status == Status.RETURNED
    assert not open_tasks(application=application).exists()

    services.application_update(
        application=application,
        by=applicant_my,
        data={"restoration_plan": "回填表土后补植2年生油松容器苗，株行距2米×3米。"},
    )
    application = submit_accepted(application=application, by=applicant_my)
    # The same agencies would be consulted: the round stands, the approver decides again.
    assert application.status == Status.MUNICIPAL_REVIEW
    municipal_task = open_task_of(application)
    assert municipal_task.process_id != first_task.process_id
    assert task_services.task_step(municipal_task) == Step.MUNICIPAL_REVIEW
    assert [c.decision for c in countersigns_of_current_pass(application)] == ["agree"]
    assert application.countersigns.count() == 1
    assert PermitProcess.objects.filter(application_id=application.pk).count() == 2
    application = decide(application, approver, "approve", "同意")
    assert application.status == Status.APPROVED


def test_a_resubmission_consults_by_the_corrected_habitat(applicant_my, reviewer_agri_my):
    muni_agri = persona("muni_agri")
    water = persona("muni_water")
    application = submit(introduction_draft(by=applicant_my, habitat_domain="waters"), applicant_my)
    application = decide(application, reviewer_agri_my)
    assert open_steps(application) == [
        (Step.CONSULTATION, "bj-ecology"),
        (Step.CONSULTATION, "bj-water"),
    ]
    application = decide(application, water, "disagree", "引入地点实为林地，非河湖水域", "bj-water")
    application = decide(application, persona("muni_eco"), "agree", "", "bj-ecology")
    application = decide(application, muni_agri, "return", "请核实生境领域")

    services.application_update(
        application=application, by=applicant_my, data={"habitat_domain": "farmland"}
    )
    application = submit_accepted(application=application, by=applicant_my)
    # Consulted by other agencies now: consulted again before the municipal step.
    assert application.status == Status.CONSULTATION
    assert open_steps(application) == [(Step.CONSULTATION, "bj-ecology")]
    # The water authority keeps reading the file it once answered on, but has nothing to do.
    assert access.can_see_application(water, application)
    assert not tasks_for_user(user=water, queue="queue").exists()


# --- Who may act ---------------------------------------------------------------------------------


@pytest.fixture
def beijing_in_consultation(applicant_my, reviewer_my):
    return decide(submit(occupation_draft(by=applicant_my), applicant_my), reviewer_my)


def test_consultants_of_other_agencies_do_not_see_the_application(
    beijing_in_consultation, muni_eco, jz_plan
):
    task = open_task_of(beijing_in_consultation, "bj-planning")
    for outsider in (muni_eco, jz_plan):
        assert not access.can_see_application(outsider, beijing_in_consultation)
        assert task not in tasks_for_user(user=outsider, queue="queue")
        with pytest.raises(NotVisible):
            task_services.task_decide(task_id=task.pk, by=outsider, decision="agree")
        with pytest.raises(NotVisible):
            task_services.task_claim(task_id=task.pk, by=outsider)
        with pytest.raises(NotVisible):
            access.application_get_visible(outsider, beijing_in_consultation.pk)


def test_a_consultant_not_consulted_on_this_introduction_does_not_see_it(applicant_my):
    reviewer = persona("district_agri_my")
    water = persona("muni_water")
    application = decide(submit(introduction_draft(by=applicant_my), applicant_my), reviewer)
    task = open_task_of(application, "bj-ecology")
    assert not access.can_see_application(water, application)
    with pytest.raises(NotVisible):
        task_services.task_decide(task_id=task.pk, by=water, decision="agree")


def test_a_consulted_agency_cannot_answer_for_another(applicant_my, muni_eco):
    reviewer = persona("district_agri_my")
    application = decide(submit(introduction_draft(by=applicant_my), applicant_my), reviewer)
    forestry_task = open_task_of(application, "bj-forestry")
    assert access.can_see_application(muni_eco, application)
    with pytest.raises(NotAllowed):
        task_services.task_decide(task_id=forestry_task.pk, by=muni_eco, decision="agree")
    assert not Countersign.objects.exists()


def test_the_approving_role_of_an_agency_does_not_countersign_for_it(applicant_my, approver):
    """北京市园林绿化局's approver sees the introduction once it is consulted, but the countersign
    needs the agency's consultant role."""
    reviewer = persona("district_agri_my")
    application = decide(submit(introduction_draft(by=applicant_my), applicant_my), reviewer)
    forestry_task = open_task_of(application, "bj-forestry")
    assert access.can_see_application(approver, application)
    with pytest.raises(NotAllowed):
        task_services.task_decide(task_id=forestry_task.pk, by=approver, decision="agree")


def test_consultants_cannot_act_on_municipal_or_district_tasks(
    beijing_in_consultation, applicant_my, muni_plan, approver
):
    application = decide(beijing_in_consultation, muni_plan, "agree", "同意", "bj-planning")
    municipal = open_task_of(application)
    with pytest.raises(NotAllowed):
        task_services.task_decide(task_id=municipal.pk, by=muni_plan, decision="approve")
    with pytest.raises(NotAllowed):
        task_services.task_claim(task_id=municipal.pk, by=muni_plan)
    assert municipal not in tasks_for_user(user=muni_plan, queue="queue")

    # After a return and resubmission the planning agency still sees the file (history), but the
    # district step is not its to take.
    application = decide(application, approver, "return", "补充材料")
    submit_accepted(application=application, by=applicant_my)
    district = open_task_of(application)
    assert access.can_see_application(muni_plan, application)
    with pytest.raises(NotAllowed):
        task_services.task_decide(task_id=district.pk, by=muni_plan, decision="approve")
    with pytest.raises(NotAllowed):
        task_services.task_decide(task_id=district.pk, by=muni_plan, decision="agree")


def test_reviewers_cannot_countersign(beijing_in_consultation, reviewer_my):
    task = open_task_of(beijing_in_consultation, "bj-planning")
    with pytest.raises(NotAllowed):
        task_services.task_decide(task_id=task.pk, by=reviewer_my, decision="agree")


def test_consulted_agencies_see_nothing_before_the_district_step(applicant_jz, jz_plan, jz_gov):
    application = submit(tianjin_occupation_draft(by=applicant_jz), applicant_jz)
    for person in (jz_plan, jz_gov):
        assert not access.can_see_application(person, application)
        assert not tasks_for_user(user=person, queue="queue").exists()
