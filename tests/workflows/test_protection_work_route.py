"""product.md §16 L9, the routing half: fire prevention and pest control in a nature-reserve core
zone, which rule T2 advises on instead of refusing, are decided at the municipal step. Tianjin's
tending route, whose district step is otherwise final (001 三(二)1), sends them to 天津市规划资源局
(``Route.protection_work_final_agency``), frozen at submission; Beijing's already ends there."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from core.messages import MSG_PROTECTION_WORK_PREFIX_REQUIRED, MSG_T2_PROTECTION_WORK
from documents.models import Certificate, DocumentKind
from permits import rules
from permits import services as permit_services
from permits.choices import Decision, Kind, OperationType, ProtectionClass, Status, Step
from permits.rules import tending
from permits.rules.base import Severity
from permits.services import application_warnings
from roles.models import Agency, Role
from tests.factories import (
    accept,
    decide,
    decision_document,
    member,
    open_task_of,
    tending_draft,
    tianjin_tending_data,
)
from workflows import reference as route_reference
from workflows import services
from workflows.clock import deadline_of
from workflows.models import PermitProcess, ResolvedRoute, Route, route_resolve
from workflows.services.routes import route_describe

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
YEAR = 2026
BEIJING, TIANJIN = "110000", "120000"
CORE_PEST_CONTROL = {
    "protection_class": ProtectionClass.RESERVE_CORE,
    "operation_type": OperationType.PEST_CONTROL,
}


@pytest.fixture(autouse=True)
def _in_2026(time_machine):
    time_machine.move_to(datetime(YEAR, 6, 1, 9, 30, tzinfo=SHANGHAI), tick=True)


@pytest.fixture
def approver_tj(reference_data):
    """Municipal approver of 天津市规划资源局."""
    return member(role=Role.APPROVER, agency_code="tj-forestry", username="muni_tj")


def tianjin_design(by, **overrides):
    return tending_draft(by=by, **tianjin_tending_data(**overrides))


def submitted(draft, by):
    """Submitted and accepted: under district review."""
    return accept(services.application_submit(application=draft, by=by))


def frozen(application) -> ResolvedRoute:
    return PermitProcess.objects.filter(application_id=application.pk).latest("pk").frozen_route


def tianjin_tending_route() -> Route:
    return Route.objects.get(jurisdiction_id=TIANJIN, kind=Kind.TENDING)


# --- Tianjin: the district step is final, except for protection work in a core zone -----------


@pytest.mark.parametrize("operation", [OperationType.PEST_CONTROL, OperationType.FIRE_PREVENTION])
def test_tianjin_protection_work_in_a_core_zone_is_decided_at_the_municipal_step(
    applicant_jz, reviewer_jz, approver_tj, operation
):
    draft = tianjin_design(
        applicant_jz, protection_class=ProtectionClass.RESERVE_CORE, operation_type=operation
    )
    assert [f.message for f in application_warnings(draft) if f.rule == "T2"] == [
        str(MSG_T2_PROTECTION_WORK)
    ]
    application = submitted(draft, applicant_jz)
    route = frozen(application)
    assert route.protection_work
    assert route.final_agency is not None and route.final_agency.code == "tj-forestry"
    assert route.certificate_prefix == "津规资林抚审"
    assert (
        route.refusal_prefix_at(Step.DISTRICT_REVIEW),
        route.refusal_prefix_at(Step.MUNICIPAL_REVIEW),
    ) == (
        "津蓟林抚不许",
        "津规资林抚不许",
    )
    assert route.forwards and not route.district_step_is_final
    assert application.lead_agency.code == "tj-forestry"
    # The applicant and the reviewers read who decides, from the frozen route.
    assert deadline_of(application).deciding_agency["code"] == "tj-forestry"
    notice = Certificate.objects.get(
        application=application, document_kind=DocumentKind.ACCEPTANCE_NOTICE
    )
    # A tending design is approved by 批复 (documents.DecisionForm, issue 46 High 3).
    assert "报天津市规划和自然资源局批复" in "".join(notice.content["document"]["paragraphs"])

    application = decide(application, reviewer_jz, opinion="同意上报")
    assert application.status == Status.MUNICIPAL_REVIEW
    municipal = open_task_of(application)
    assert services.task_step(municipal) == Step.MUNICIPAL_REVIEW
    assert services.task_agency(municipal).code == "tj-forestry"
    assert deadline_of(application).deciding_agency["code"] == "tj-forestry"

    application = decide(application, approver_tj, opinion="准予实施")
    assert application.status == Status.APPROVED
    certificate = decision_document(application)
    assert certificate.number == f"津规资林抚审〔{YEAR}〕0001号"
    assert certificate.issuing_agency.code == "tj-forestry"


def test_the_district_cannot_approve_it_as_final(applicant_jz, reviewer_jz):
    """A district reviewer's approval forwards: no certificate until the municipal step."""
    application = submitted(tianjin_design(applicant_jz, **CORE_PEST_CONTROL), applicant_jz)
    application = decide(application, reviewer_jz)
    assert application.status == Status.MUNICIPAL_REVIEW
    assert not Certificate.objects.filter(
        application=application, document_kind=DocumentKind.APPROVAL
    ).exists()


def test_a_municipal_refusal_is_numbered_as_the_municipal_agency(
    applicant_jz, reviewer_jz, approver_tj
):
    application = submitted(tianjin_design(applicant_jz, **CORE_PEST_CONTROL), applicant_jz)
    application = decide(application, reviewer_jz)
    application = decide(application, approver_tj, Decision.REJECT, "防治范围超出核心区豁免")
    certificate = decision_document(application)
    assert certificate.document_kind == DocumentKind.REFUSAL
    assert certificate.number == f"津规资林抚不许〔{YEAR}〕0001号"
    assert certificate.issuing_agency.code == "tj-forestry"


def test_a_district_refusal_stays_the_districts(applicant_jz, reviewer_jz):
    application = submitted(tianjin_design(applicant_jz, **CORE_PEST_CONTROL), applicant_jz)
    application = decide(application, reviewer_jz, Decision.REJECT, "作业设计不符合技术规程")
    certificate = decision_document(application)
    assert certificate.number == f"津蓟林抚不许〔{YEAR}〕0001号"
    assert certificate.issuing_agency.code == "120119-forestry"


@pytest.mark.parametrize("protection_class", [ProtectionClass.GENERAL, ProtectionClass.KEY_ZONE])
def test_the_same_design_outside_a_core_zone_stays_district_final(
    applicant_jz, reviewer_jz, protection_class
):
    draft = tianjin_design(
        applicant_jz, protection_class=protection_class, operation_type=OperationType.PEST_CONTROL
    )
    application = submitted(draft, applicant_jz)
    route = frozen(application)
    assert not route.protection_work and route.final_agency is None
    assert application.lead_agency is None
    assert deadline_of(application).deciding_agency["code"] == "120119-forestry"
    application = decide(application, reviewer_jz)
    assert application.status == Status.APPROVED
    assert decision_document(application).number == f"津蓟林抚审〔{YEAR}〕0001号"


def test_a_route_without_the_agency_keeps_the_district_final(applicant_jz):
    Route.objects.filter(pk=tianjin_tending_route().pk).update(protection_work_final_agency=None)
    route = route_resolve(tianjin_design(applicant_jz, **CORE_PEST_CONTROL))
    assert route.final_agency is None and not route.protection_work


def test_a_running_pass_keeps_its_route_when_the_route_changes(
    applicant_jz, reviewer_jz, approver_tj
):
    application = submitted(tianjin_design(applicant_jz, **CORE_PEST_CONTROL), applicant_jz)
    Route.objects.filter(pk=tianjin_tending_route().pk).update(protection_work_final_agency=None)
    application = decide(application, reviewer_jz)
    assert application.status == Status.MUNICIPAL_REVIEW
    assert decide(application, approver_tj).status == Status.APPROVED


def test_corrected_out_of_the_core_zone_it_resumes_at_the_district(
    applicant_jz, reviewer_jz, approver_tj
):
    """Returned by the municipal step and corrected so that it is no protection work in a core
    zone any more: the new pass has no municipal step, so the district decides it."""
    application = submitted(tianjin_design(applicant_jz, **CORE_PEST_CONTROL), applicant_jz)
    application = decide(application, reviewer_jz)
    application = decide(application, approver_tj, Decision.RETURN, "核心区范围有误，请核实")
    assert application.status == Status.RETURNED
    permit_services.application_update(
        application=application,
        by=applicant_jz,
        data={"protection_class": ProtectionClass.GENERAL},
    )
    application = services.application_submit(application=application, by=applicant_jz)
    assert application.status == Status.DISTRICT_REVIEW
    assert not frozen(application).protection_work and application.lead_agency is None
    assert services.task_agency(open_task_of(application)).code == "120119-forestry"
    application = decide(application, reviewer_jz)
    assert application.status == Status.APPROVED
    assert decision_document(application).number == f"津蓟林抚审〔{YEAR}〕0001号"


# --- Beijing: unchanged (its tending route already ends at the municipal step) -----------------


def test_beijing_protection_work_in_a_core_zone_is_unchanged(applicant_my, reviewer_my, approver):
    application = submitted(tending_draft(by=applicant_my, **CORE_PEST_CONTROL), applicant_my)
    route = frozen(application)
    assert not route.protection_work
    assert route.final_agency.code == "bj-forestry"
    assert route.certificate_prefix == "京园林抚审"
    assert route.refusal_prefix_at(Step.MUNICIPAL_REVIEW) == "京园林抚不许"
    application = decide(application, reviewer_my)
    application = decide(application, approver)
    assert decision_document(application).number == f"京园林抚审〔{YEAR}〕0001号"


def test_no_beijing_route_has_a_protection_work_agency(reference_data):
    assert not Route.objects.filter(
        jurisdiction_id=BEIJING, protection_work_final_agency__isnull=False
    ).exists()


# --- One predicate for the rule and the route -----------------------------------------------


def test_t2s_advice_and_the_route_read_one_predicate():
    advisory = [r for r in tending.TENDING_RULES if r.code == "T2" and r.severity == "advisory"]
    assert {r.jurisdictions for r in advisory} == {frozenset({BEIJING}), frozenset({TIANJIN})}
    assert all(r.violated is rules.protection_work_in_reserve_core for r in advisory)


@pytest.mark.parametrize("jurisdiction", [BEIJING, TIANJIN])
@pytest.mark.parametrize("protection_class", ProtectionClass.values)
@pytest.mark.parametrize("operation", OperationType.values)
def test_the_route_goes_municipal_exactly_where_t2_advises(
    jurisdiction, protection_class, operation
):
    facts = {"protection_class": protection_class, "operation_type": operation}
    advised = any(
        f.rule == "T2" and f.severity == Severity.ADVISORY
        for f in rules.evaluate(tending.TENDING_RULES, facts, jurisdiction)
    )
    assert advised == rules.protection_work_in_reserve_core(facts)


def test_the_map_puts_a_design_in_the_core_zone_too():
    """The screening's protection classes count, as they do for T2."""
    facts = {
        "protection_class": ProtectionClass.GENERAL,
        "protection_classes": [ProtectionClass.GENERAL, ProtectionClass.RESERVE_CORE],
        "operation_type": OperationType.FIRE_PREVENTION,
    }
    assert rules.protection_work_in_reserve_core(facts)


# --- Route data: described, edited in the admin, seeded ----------------------------------------


def test_route_describe_names_the_protection_work_agency_and_prefixes(reference_data):
    described = route_describe(tianjin_tending_route())
    assert described is not None
    assert described["final_agency"] is None
    assert described["protection_work_final_agency"] == "tj-forestry"
    assert described["protection_work_certificate_prefix"] == "津规资林抚审"
    assert described["protection_work_refusal_prefix"] == "津规资林抚不许"
    beijing = route_describe(Route.objects.get(jurisdiction_id=BEIJING, kind=Kind.TENDING))
    assert beijing is not None and beijing["protection_work_final_agency"] is None


def test_the_agency_numbers_with_its_own_prefixes(reference_data):
    route = tianjin_tending_route()
    route.protection_work_certificate_prefix = ""
    with pytest.raises(ValidationError) as refused:
        route.full_clean()
    assert refused.value.message_dict == {
        "protection_work_certificate_prefix": [str(MSG_PROTECTION_WORK_PREFIX_REQUIRED)]
    }


def test_only_a_municipal_agency_may_decide_protection_work(reference_data):
    route = tianjin_tending_route()
    route.protection_work_final_agency = Agency.objects.get(code="120119-forestry")
    with pytest.raises(ValidationError) as refused:
        route.full_clean()
    assert "protection_work_final_agency" in refused.value.message_dict


def test_the_admin_route_form_shows_the_fields(client, reference_data):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="it_admin", is_staff=True, is_superuser=True))
    page = client.get(f"/admin/workflows/route/{tianjin_tending_route().pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    for name in (
        "protection_work_final_agency",
        "protection_work_certificate_prefix",
        "protection_work_refusal_prefix",
    ):
        assert name in form.fields
    choices = form.fields["protection_work_final_agency"].queryset
    assert set(choices.values_list("level", flat=True)) == {"municipal"}


def test_the_reference_data_sets_tianjins_tending_route(reference_data):
    """The reference data gives the agency and its prefixes to Tianjin's tending route, and sets
    them again on a route that lost them (what a data migration did for existing routes until
    issue 44 squashed the migrations: no installation held data)."""
    Route.objects.update(
        protection_work_final_agency=None,
        protection_work_certificate_prefix="",
        protection_work_refusal_prefix="",
    )
    route_reference.load()
    route = tianjin_tending_route()
    assert route.protection_work_final_agency.code == "tj-forestry"
    assert (route.protection_work_certificate_prefix, route.protection_work_refusal_prefix) == (
        "津规资林抚审",
        "津规资林抚不许",
    )
    # Only Tianjin's tending route: the others have a final step of their own.
    assert Route.objects.filter(protection_work_final_agency__isnull=False).count() == 1
