"""HTTP end to end for forest-land occupation and alien species introduction: their fields, the
consultation step (会签) with its countersigns, and the rules the approval enforces (§5, O3, S1)."""

import pytest

from audit.models import AuditEvent
from permits.models import Application
from roles.models import Role
from tests.factories import accept, member
from tests.pdftools import pdf_text
from workflows.services import MSG_REASON_AGAINST_DISAGREEMENT

from .helpers import (
    API,
    create,
    decide,
    error_fields,
    introduction_body,
    occupation_body,
    pdf_content,
    record,
    site_checked,
    submit,
    tasks,
    tianjin_occupation_body,
    upload,
)

OCCUPATION_FIELDS = {
    "project_name",
    "project_type",
    "project_approval_ref",
    "occupation_kind",
    "duration_months",
    "land_category",
    "protection_class",
    "area_ha",
    "destroys_surface_vegetation",
    "restoration_plan",
}
INTRODUCTION_FIELDS = {
    "scientific_name",
    "chinese_name",
    "taxon_group",
    "origin_country",
    "quantity",
    "quantity_unit",
    "purpose",
    "habitat_domain",
    "introduction_site",
    "containment_measures",
    "monitoring_interval_months",
    "monitoring_years",
}


def consultant(agency_code: str):
    return member(role=Role.CONSULTANT, agency_code=agency_code)


def filed(client, body, *attachment_kinds) -> dict:
    """A draft with its attachments, submitted and accepted (the acceptance over HTTP is
    test_flow_http's): the record under district review."""
    draft = create(client, body)
    for kind in attachment_kinds:
        assert upload(client, draft["id"], kind=kind).status_code == 201
    response = submit(client, draft["id"])
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "submitted"
    accept(Application.objects.get(pk=draft["id"]))
    return record(client, draft["id"])


def decided(client, task_id, decision="approve", opinion="同意") -> dict:
    response = decide(client, task_id, decision, opinion)
    assert response.status_code == 200, response.json()
    return response.json()


def one_task(client, queue="queue") -> dict:
    [task] = tasks(client, queue)
    return task


# ---- fields ----------------------------------------------------------------------------------


def test_occupation_create_patch_retrieve(client_for, applicant_my):
    client = client_for(applicant_my)
    draft = create(client, occupation_body(area_ha=None, restoration_plan=None))
    assert draft["kind"] == "occupation"
    assert draft["reference"].startswith("LO-")
    assert set(draft) >= OCCUPATION_FIELDS
    assert draft["area_ha"] is None and draft["restoration_plan"] == ""
    assert draft["destroys_surface_vegetation"] is True
    assert draft["countersigns"] == [] and draft["obligations"] == []

    response = client.patch(
        f"{API}/applications/{draft['id']}/",
        {"area_ha": "2.5", "duration_months": 18, "restoration_plan": "补植侧柏"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert record(client, draft["id"])["area_ha"] == 2.5
    assert record(client, draft["id"])["duration_months"] == 18


def test_introduction_create_patch_retrieve(client_for, applicant_my):
    client = client_for(applicant_my)
    draft = create(client, introduction_body(quantity=None))
    assert draft["kind"] == "introduction"
    assert draft["reference"].startswith("SI-")
    assert set(draft) >= INTRODUCTION_FIELDS
    assert draft["habitat_domain"] == "waters" and draft["quantity"] is None

    response = client.patch(
        f"{API}/applications/{draft['id']}/",
        {"quantity": "1200.50", "habitat_domain": "farmland"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["quantity"] == 1200.5
    assert response.json()["habitat_domain"] == "farmland"


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        (occupation_body(occupation_kind="forever"), "occupation_kind", "invalid_choice"),
        (occupation_body(project_type="casino"), "project_type", "invalid_choice"),
        (occupation_body(duration_months=0), "duration_months", "min_value"),
        (
            occupation_body(destroys_surface_vegetation="maybe"),
            "destroys_surface_vegetation",
            "invalid",
        ),
        (occupation_body(area_ha="a lot"), "area_ha", "invalid"),
        (introduction_body(habitat_domain="sky"), "habitat_domain", "invalid_choice"),
        (introduction_body(taxon_group="fungus"), "taxon_group", "invalid_choice"),
        (introduction_body(quantity="-3"), "quantity", "min_value"),
        (
            introduction_body(monitoring_interval_months=61),
            "monitoring_interval_months",
            "max_value",
        ),
    ],
)
def test_bad_values_are_field_errors(client_for, applicant_my, body, field, code):
    response = client_for(applicant_my).post(f"{API}/applications/", body, format="json")
    assert response.status_code == 400
    assert error_fields(response) == {field: code}


def test_occupation_patch_checks_values(client_for, applicant_my):
    client = client_for(applicant_my)
    draft = create(client, occupation_body())
    response = client.patch(
        f"{API}/applications/{draft['id']}/", {"land_category": "desert"}, format="json"
    )
    assert response.status_code == 400
    assert error_fields(response) == {"land_category": "invalid_choice"}


# ---- Beijing occupation ----------------------------------------------------------------------


def test_beijing_occupation_end_to_end(
    client_for, applicant_my, reviewer_my, reviewer_my2, approver
):
    planning = consultant("bj-planning")
    applicant = client_for(applicant_my)
    application = filed(applicant, occupation_body(), "project_approval", "site_map")
    assert application["status"] == "district_review"

    district = client_for(reviewer_my)
    task = one_task(district)
    assert task["step"] == "district_review"
    assert task["agency"]["code"] == "110118-forestry"
    # The district approves an occupation after its site check (product.md §16 L12).
    site_checked(district, task["id"], reviewer_my, reviewer_my2)
    assert decided(district, task["id"])["application"]["status"] == "consultation"
    assert tasks(client_for(approver)) == []  # no municipal task before the countersign

    planner = client_for(planning)
    task = one_task(planner)
    assert task["step"] == "consultation"
    assert task["agency"] == {"code": "bj-planning", "name": "北京市规划和自然资源委员会"}
    refused = decide(planner, task["id"], "approve")
    assert refused.status_code == 400 and error_fields(refused) == {"decision": "invalid_choice"}
    after = decided(planner, task["id"], "agree", "符合国土空间规划")["application"]
    assert after["status"] == "municipal_review"
    [countersign] = after["countersigns"]
    assert countersign["agency"]["code"] == "bj-planning"
    assert countersign["decision"] == "agree"
    assert countersign["opinion"] == "符合国土空间规划"
    assert countersign["decided_by"]["username"] == planning.username
    assert countersign["decided_at"]

    municipal = client_for(approver)
    task = one_task(municipal)
    assert task["step"] == "municipal_review"
    assert task["agency"] == {"code": "bj-forestry", "name": "北京市园林绿化局"}
    assert [c["decision"] for c in record(municipal, application["id"])["countersigns"]] == [
        "agree"
    ]
    awaiting = decided(municipal, task["id"])["application"]
    # Approved: the fee notice demands the restoration fee first (product.md §16 L7).
    assert awaiting["status"] == "awaiting_fee"
    assert awaiting["certificate"] is None
    assert awaiting["fee"]["amount"] == 180000.0
    paid = municipal.post(
        f"{API}/applications/{application['id']}/fee/",
        {"amount": "180000.00", "paid_on": awaiting["fee"]["demanded_on"], "receipt_number": "A1"},
        format="json",
    )
    assert paid.status_code == 200, paid.content
    approved = paid.json()
    assert approved["status"] == "approved"
    assert approved["certificate"]["number"].startswith("京园林地审〔")
    assert approved["valid_until"]  # a temporary occupation ends after its duration
    assert [r["kind"] for r in approved["obligations"]] == ["restoration_completion"]

    pdf = applicant.get(f"{API}/applications/{application['id']}/certificate.pdf")
    # A temporary use is decided as such (product.md §16 L16).
    assert "准予临时使用林地行政许可决定书" in "".join(pdf_text(pdf_content(pdf)).split())


def test_red_line_occupation_needs_the_planning_agreement(
    client_for, applicant_my, reviewer_my, reviewer_my2, approver
):
    planning = consultant("bj-planning")
    application = filed(
        client_for(applicant_my),
        occupation_body(protection_class="red_line"),
        "project_approval",
        "site_map",
    )
    assert "O3" in {w["rule"] for w in application["warnings"]}
    district = client_for(reviewer_my)
    task = one_task(district)
    site_checked(district, task["id"], reviewer_my, reviewer_my2)
    decided(district, task["id"])
    planner = client_for(planning)
    decided(planner, one_task(planner)["id"], "disagree", "位于生态保护红线内")

    municipal = client_for(approver)
    response = decide(municipal, one_task(municipal)["id"], "approve", "项目确有必要")
    assert response.status_code == 400
    [problem] = response.json()["errors"]
    assert problem["rule"] == "O3" and problem["source"]
    assert record(municipal, application["id"])["status"] == "municipal_review"


def test_refused_occupation_gets_the_refusal_document(
    client_for, applicant_my, reviewer_my, reviewer_my2, approver
):
    planning = consultant("bj-planning")
    applicant = client_for(applicant_my)
    application = filed(applicant, occupation_body(), "project_approval", "site_map")
    district = client_for(reviewer_my)
    task = one_task(district)
    site_checked(district, task["id"], reviewer_my, reviewer_my2)
    decided(district, task["id"])
    planner = client_for(planning)
    decided(planner, one_task(planner)["id"], "agree")
    municipal = client_for(approver)
    rejected = decided(municipal, one_task(municipal)["id"], "reject", "未落实占补平衡")
    assert rejected["application"]["status"] == "rejected"

    pdf = applicant.get(f"{API}/applications/{application['id']}/certificate.pdf")
    assert "不予许可决定书" in pdf_text(pdf_content(pdf))


# ---- Tianjin occupation ----------------------------------------------------------------------


def test_tianjin_occupation_waits_for_both_countersigns(
    client_for, applicant_jz, reviewer_jz, head_jz
):
    planning = client_for(consultant("120119-planning"))
    government = client_for(consultant("120119-government-service"))
    tj_approver = client_for(member(role=Role.APPROVER, agency_code="tj-forestry"))
    application = filed(
        client_for(applicant_jz), tianjin_occupation_body(), "project_approval", "site_map"
    )
    district = client_for(reviewer_jz)
    task = one_task(district)
    site_checked(district, task["id"], reviewer_jz, head_jz)  # the head checked it too
    decided(district, task["id"])

    first = one_task(planning)
    assert first["agency"]["code"] == "120119-planning"
    second = one_task(government)
    assert second["agency"]["code"] == "120119-government-service"

    assert decided(planning, first["id"], "agree")["application"]["status"] == "consultation"
    assert tasks(tj_approver) == []
    assert decided(government, second["id"], "agree")["application"]["status"] == (
        "municipal_review"
    )
    [task] = tasks(tj_approver)
    assert task["step"] == "municipal_review" and task["agency"]["code"] == "tj-forestry"
    countersigns = record(tj_approver, application["id"])["countersigns"]
    assert {c["agency"]["code"] for c in countersigns} == {
        "120119-planning",
        "120119-government-service",
    }
    # The opinions are the agencies' deliberation: the applicant sees the decision, not them.
    applicant = client_for(applicant_jz)
    assert record(applicant, application["id"])["countersigns"] == []
    history = applicant.get(f"{API}/applications/{application['id']}/history/").json()
    agreed = [e for e in history if e["action"] == "agree"]
    assert len(agreed) == 2 and {e["opinion"] for e in agreed} == {""}


# ---- Beijing introduction --------------------------------------------------------------------


def test_beijing_introduction_in_waters_with_a_disagreement(client_for, applicant_my):
    district = client_for(member(role=Role.REVIEWER, agency_code="110118-agriculture"))
    water = client_for(consultant("bj-water"))
    ecology = client_for(consultant("bj-ecology"))
    forestry = client_for(consultant("bj-forestry"))
    agriculture = client_for(member(role=Role.APPROVER, agency_code="bj-agriculture"))
    applicant = client_for(applicant_my)
    application = filed(applicant, introduction_body(), "risk_assessment", "quarantine_certificate")

    task = one_task(district)
    assert task["agency"]["code"] == "110118-agriculture"
    decided(district, task["id"])

    assert tasks(forestry) == []  # waters go to 市水务局, not 市园林绿化局
    api_path = f"{API}/applications/{application['id']}/"
    assert forestry.get(api_path).status_code == 404
    water_task, ecology_task = one_task(water), one_task(ecology)
    assert water_task["agency"]["code"] == "bj-water"
    assert ecology_task["agency"]["code"] == "bj-ecology"

    decided(water, water_task["id"], "agree", "养殖尾水须达标排放")
    no_reason = decide(ecology, ecology_task["id"], "disagree", "")
    assert no_reason.status_code == 400 and error_fields(no_reason) == {"opinion": "required"}
    decided(ecology, ecology_task["id"], "disagree", "存在逃逸风险，建议不予引入")

    task = one_task(agriculture)
    assert task["agency"] == {"code": "bj-agriculture", "name": "北京市农业农村局"}
    countersigns = {
        c["agency"]["code"]: c for c in record(agriculture, application["id"])["countersigns"]
    }
    assert countersigns["bj-ecology"]["decision"] == "disagree"
    assert countersigns["bj-ecology"]["opinion"] == "存在逃逸风险，建议不予引入"
    assert countersigns["bj-water"]["decision"] == "agree"

    no_reason = decide(agriculture, task["id"], "approve", "")
    assert no_reason.status_code == 400
    [problem] = no_reason.json()["errors"]
    assert problem["field"] == "opinion" and problem["code"] == "reason_required"
    assert problem["message"] == str(MSG_REASON_AGAINST_DISAGREEMENT)

    approved = decided(agriculture, task["id"], "approve", "已落实封闭养殖措施，风险可控")
    assert approved["application"]["status"] == "approved"
    assert approved["application"]["certificate"]["number"].startswith("京农外引审〔")

    history = applicant.get(f"{API}/applications/{application['id']}/history/").json()
    assert [e["action"] for e in history].count("disagree") == 1
    approval = AuditEvent.objects.get(
        application_id=application["id"], action="approve", agency_code="bj-agriculture"
    )
    assert approval.details["against_disagreement"] == ["bj-ecology"]
    assert approval.opinion == "已落实封闭养殖措施，风险可控"

    pdf = applicant.get(f"{API}/applications/{application['id']}/certificate.pdf")
    assert "外来物种引入审批决定书" in pdf_text(pdf_content(pdf))


def test_listed_invasive_species_is_refused_at_submit(client_for, applicant_my):
    client = client_for(applicant_my)
    draft = create(client, introduction_body(scientific_name="Rana  catesbeiana", chinese_name=""))
    upload(client, draft["id"], kind="risk_assessment")
    upload(client, draft["id"], kind="quarantine_certificate")

    response = submit(client, draft["id"])
    assert response.status_code == 400
    rules = {e["rule"]: e for e in response.json()["errors"]}
    assert rules["S1"]["field"] == "scientific_name"
    assert "牛蛙" in rules["S1"]["message"]
    assert rules["S1"]["source"]
    assert record(client, draft["id"])["status"] == "draft"
