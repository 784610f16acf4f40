"""The route is resolved once, at submission, and frozen on the review pass: an administrator's
later edit of the route (audited) changes where new submissions go, not running ones."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from audit.choices import AuditAction
from audit.models import AuditEvent
from permits.choices import Kind, Status, Step
from permits.models import Application
from roles.models import Agency, Role
from tests.factories import (
    UserFactory,
    consultant,
    decide,
    decision_document,
    member,
    occupation_draft,
    open_task_of,
    submit_accepted,
    tending_draft,
)
from workflows import services as task_services
from workflows.clock import deadline_of
from workflows.engine import open_tasks
from workflows.flows import NODE_STEP, IntroductionFlow, OccupationFlow, TendingFlow
from workflows.models import PermitProcess, Route

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _in_2026(time_machine):
    time_machine.move_to(datetime(2026, 6, 1, 9, 30, tzinfo=SHANGHAI), tick=True)


@pytest.fixture
def it_admin(reference_data):
    return UserFactory(username="it_admin", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, it_admin):
    client.force_login(it_admin)
    return client


def bj_occupation_route() -> Route:
    return Route.objects.get(jurisdiction_id="110000", kind=Kind.OCCUPATION)


def admin_edit_route(
    client, route: Route, *, final_agency: str, prefix: str, consult: bool, limit: int = 20
):
    """Post the route's admin change form; ``consult=False`` deletes every consulted agency."""
    consultations = list(route.consultations.order_by("pk"))
    data = {
        "jurisdiction": route.jurisdiction_id,
        "kind": route.kind,
        "district_agency_kind": route.district_agency_kind,
        "final_agency": Agency.objects.get(code=final_agency).pk,
        "certificate_prefix": prefix,
        "refusal_prefix": route.refusal_prefix,
        "acceptance_working_days": route.acceptance_working_days,
        "district_working_days": route.district_working_days,
        "consultation_working_days": route.consultation_working_days,
        "municipal_working_days": limit,
        "review_returns_max": route.review_returns_max,
        "procedure": route.procedure,
        "forward_working_days": route.forward_working_days,
        "decision_working_days": route.decision_working_days,
        "decision_extension_working_days": route.decision_extension_working_days,
        "review_correction_basis": route.review_correction_basis,
        "national_threshold_protection_ha": route.national_threshold_protection_ha,
        "national_threshold_timber_ha": route.national_threshold_timber_ha,
        "national_threshold_other_ha": route.national_threshold_other_ha,
        "fee_reminder_days": route.fee_reminder_days,
        "interested_party_working_days": route.interested_party_working_days,
        "hearing_request_working_days": route.hearing_request_working_days,
        "hearing_held_working_days": route.hearing_held_working_days,
        "consultations-TOTAL_FORMS": len(consultations),
        "consultations-INITIAL_FORMS": len(consultations),
        "consultations-MIN_NUM_FORMS": 0,
        "consultations-MAX_NUM_FORMS": 1000,
    }
    for i, c in enumerate(consultations):
        data |= {
            f"consultations-{i}-id": c.pk,
            f"consultations-{i}-route": route.pk,
            f"consultations-{i}-agency": c.agency_id,
            f"consultations-{i}-habitat_domain": c.habitat_domain,
        }
        if not consult:
            data[f"consultations-{i}-DELETE"] = "on"
    response = client.post(reverse("admin:workflows_route_change", args=[route.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def fresh(application):
    return Application.objects.get(pk=application.pk).detail


def test_a_running_application_follows_its_frozen_route_a_new_one_the_edited_route(
    admin_client, applicant_my, reviewer_my
):
    running = submit_accepted(application=occupation_draft(by=applicant_my), by=applicant_my)
    route = bj_occupation_route()
    admin_edit_route(
        admin_client, route, final_agency="bj-agriculture", prefix="改", consult=False, limit=15
    )
    assert not bj_occupation_route().consultations.exists()

    # The running application: still consulted, still approved by the forestry bureau.
    running = decide(running, reviewer_my)
    assert running.status == Status.CONSULTATION
    running = decide(running, consultant("bj-planning"), "agree", "符合规划", "bj-planning")
    assert running.status == Status.MUNICIPAL_REVIEW
    assert task_services.task_agency(open_task_of(running)).code == "bj-forestry"
    assert deadline_of(running).limit_working_days == 20  # the time limit frozen with the route
    running = decide(running, member(role=Role.APPROVER, agency_code="bj-forestry"))
    assert running.status == Status.APPROVED
    assert decision_document(running).number.startswith("京")

    # A new submission: no consultation any more, the new final agency, the new prefix.
    new = submit_accepted(application=occupation_draft(by=applicant_my), by=applicant_my)
    assert new.lead_agency.code == "bj-agriculture"
    new = decide(new, reviewer_my)
    assert new.status == Status.MUNICIPAL_REVIEW
    assert [task_services.task_step(t) for t in open_tasks(application=new)] == [
        Step.MUNICIPAL_REVIEW
    ]
    assert task_services.task_agency(open_task_of(new)).code == "bj-agriculture"
    assert deadline_of(new).limit_working_days == 15
    new = decide(new, member(role=Role.APPROVER, agency_code="bj-agriculture"))
    assert decision_document(new).number.startswith("改")


def test_a_consultation_added_after_submission_is_not_asked(applicant_my, reviewer_my):
    application = submit_accepted(application=occupation_draft(by=applicant_my), by=applicant_my)
    bj_occupation_route().consultations.create(agency=Agency.objects.get(code="bj-ecology"))
    application = decide(application, reviewer_my)
    assert [task_services.task_agency(t).code for t in open_tasks(application=application)] == [
        "bj-planning"
    ]
    # The one frozen consulted agency answering is the last countersign.
    application = decide(application, consultant("bj-planning"), "agree", "同意", "bj-planning")
    assert application.status == Status.MUNICIPAL_REVIEW


def test_the_frozen_route_is_stored_on_the_review_pass(applicant_my):
    application = submit_accepted(application=occupation_draft(by=applicant_my), by=applicant_my)
    process = PermitProcess.objects.get(application_id=application.pk)
    codes = Agency.objects.in_bulk()
    assert process.route["route_id"] == bj_occupation_route().pk
    assert codes[process.route["district_agency"]].code == "110118-forestry"
    assert codes[process.route["final_agency"]].code == "bj-forestry"
    assert [codes[pk].code for pk in process.route["consulted_agencies"]] == ["bj-planning"]
    assert process.route["certificate_prefix"] == bj_occupation_route().certificate_prefix


def test_route_edits_in_the_admin_are_audited_with_before_and_after(admin_client, it_admin):
    route = bj_occupation_route()
    old_prefix = route.certificate_prefix
    admin_edit_route(
        admin_client, route, final_agency="bj-agriculture", prefix="改", consult=False, limit=15
    )
    event = AuditEvent.objects.get(action=AuditAction.ROUTE_CHANGED)
    assert event.actor_id == it_admin.pk
    assert event.details["route_id"] == route.pk
    before, after = event.details["before"], event.details["after"]
    assert (before["final_agency"], after["final_agency"]) == ("bj-forestry", "bj-agriculture")
    assert (before["certificate_prefix"], after["certificate_prefix"]) == (old_prefix, "改")
    assert before["consultations"] == [{"agency": "bj-planning", "habitat_domain": ""}]
    assert after["consultations"] == []
    assert before["working_days"]["municipal_review"] == 20
    assert after["working_days"]["municipal_review"] == 15


def test_route_deletion_in_the_admin_is_audited(admin_client, it_admin):
    route = bj_occupation_route()
    response = admin_client.post(
        reverse("admin:workflows_route_delete", args=[route.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Route.objects.filter(pk=route.pk).exists()
    event = AuditEvent.objects.get(action=AuditAction.ROUTE_DELETED)
    assert event.actor_id == it_admin.pk
    assert event.details["before"]["final_agency"] == "bj-forestry"
    assert event.details["after"] is None


def test_every_human_node_of_every_flow_maps_to_a_step():
    for flow_class in (TendingFlow, OccupationFlow, IntroductionFlow):
        human = {
            node.name
            for node in flow_class.instance.nodes()
            if getattr(node, "task_type", None) == "HUMAN"
        }
        assert human, flow_class
        assert human <= set(NODE_STEP), flow_class
    assert set(NODE_STEP.values()) == set(Step)


def test_every_flow_has_the_one_node_set_wired_to_its_own_nodes():
    """One node set for the three types (issue 27: TendingFlow redeclared six nodes). Each
    flow's nodes lead to its own nodes: a flow subclassing another kept the parent's wiring,
    and its tasks were recorded as the parent's nodes."""
    names = {
        flow_class: {node.name for node in flow_class.instance.nodes()}
        for flow_class in (TendingFlow, OccupationFlow, IntroductionFlow)
    }
    assert names[TendingFlow] == names[OccupationFlow] == names[IntroductionFlow]
    for flow_class in names:
        for node in flow_class.instance.nodes():
            assert node.flow_class is flow_class, (flow_class, node.name)
            for edge in node._outgoing():
                assert edge.dst.flow_class is flow_class, (flow_class, node.name, edge.dst.name)


def test_tasks_are_recorded_as_the_nodes_of_their_process_flow(applicant_my):
    from viewflow.workflow.models import Task

    for draft in (tending_draft(by=applicant_my), occupation_draft(by=applicant_my)):
        task_services.application_submit(application=draft, by=applicant_my)
    tasks = Task.objects.select_related("process")
    assert tasks.count() >= 6
    for task in tasks:
        assert task.flow_task.flow_class is task.process.flow_class, task.flow_task
