"""Whose land (product.md §16 L13): the unified social credit code, the registry's holders of
小班, rule T6 in each jurisdiction, and the demo's two cases."""

import pytest
from django.core.exceptions import ValidationError

from core.credit_codes import (
    ALPHABET,
    credit_code_check_character,
    credit_code_valid,
    validate_credit_code,
)
from core.errors import InvalidInput, RulesViolated
from core.messages import MSG_CREDIT_CODE, MSG_T6, MSG_VALUE
from permits import services
from permits.choices import AttachmentKind, Kind
from permits.rules import evaluate, rules_for
from permits.rules.base import cites_beijing
from permits.rules.holders import SOURCE_000_2_2_AGREEMENT, SOURCE_001_3_1_2_AGREEMENT
from permits.screening import screening_of
from roles.models import District, Organisation
from tests.factories import accept, decide, pdf_upload, tending_draft, tianjin_tending_data
from tests.zones.helpers import LAT, LON, box, collection
from workflows import services as task_services
from workflows.selectors import grounds_offered
from workflows.services import application_submit
from zones.imports import ImportFile
from zones.models import Parcel
from zones.services import NAME_CREDIT_CODE, layer_import

BEIJING, TIANJIN = "110000", "120000"
pytestmark = pytest.mark.django_db


def code(first17: str) -> str:
    return first17 + credit_code_check_character(first17)


FARM = code("12110118MB1Y10001")  # the applicant (a state forest farm, 事业单位)
TIANJIN_FARM = code("12120119MB1Y10004")
VILLAGE = code("N2110118MF1Y10005")  # a village collective (村级集体经济组织)
COMPANY = code("91110118MA1Y10003")
WRONG_CHECK = FARM[:17] + ALPHABET[(ALPHABET.index(FARM[17]) + 1) % 31]
# The example of GB 32100-2015 itself, as published.
STANDARD_EXAMPLE = "91350100M000100Y43"


# ---- the code ------------------------------------------------------------------------------


def test_the_published_example_and_computed_codes_are_valid():
    assert credit_code_valid(STANDARD_EXAMPLE)
    assert credit_code_check_character(STANDARD_EXAMPLE[:17]) == "3"
    for valid in (FARM, TIANJIN_FARM, VILLAGE, COMPANY):
        assert len(valid) == 18 and credit_code_valid(valid), valid
        validate_credit_code(valid)


def test_the_check_character_of_a_sum_divisible_by_31_is_zero():
    # 31 − 0 = 31 is written 0: seventeen zeros weigh nothing.
    assert credit_code_check_character("0" * 17) == "0"
    assert credit_code_valid("0" * 18)


@pytest.mark.parametrize(
    "invalid",
    [
        WRONG_CHECK,
        FARM[:17],  # too short
        FARM + "0",  # too long
        FARM.lower(),  # the standard has no lower case
        "91350100I000100Y43",  # I is not of the alphabet
        "91350100O000100Y43",  # nor O
        "91350100S000100Y43",  # nor S
        FARM[1] + FARM[0] + FARM[2:],  # two characters swapped
        " " * 18,
    ],
)
def test_malformed_codes_are_refused(invalid):
    assert not credit_code_valid(invalid)
    with pytest.raises(ValidationError) as error:
        validate_credit_code(invalid)
    assert error.value.messages == [str(MSG_CREDIT_CODE % {"value": invalid})]


def test_a_blank_code_passes_the_validator():
    validate_credit_code("")


def test_an_organisation_with_a_bad_code_does_not_validate(reference_data):
    organisation = Organisation(name="测试林场", jurisdiction_id=BEIJING, unified_credit_code="12")
    with pytest.raises(ValidationError) as error:
        organisation.full_clean(exclude=["group"])
    assert "unified_credit_code" in error.value.message_dict
    organisation.unified_credit_code = FARM
    organisation.full_clean(exclude=["group"])


def test_the_admin_form_refuses_a_bad_code(admin_client, reference_data):
    response = admin_client.post(
        "/admin/roles/organisation/add/",
        {"name": "测试林场", "jurisdiction": BEIJING, "unified_credit_code": WRONG_CHECK},
    )
    assert response.status_code == 200  # the form again, with its error
    assert str(MSG_CREDIT_CODE % {"value": WRONG_CHECK}) in response.content.decode()
    assert not Organisation.objects.filter(name="测试林场").exists()


# ---- the registry --------------------------------------------------------------------------


def holders_layer(district: str, *parcels: tuple[dict, str, dict]):
    """The 小班 registry of a district: (geometry, "林班-小班", holder attributes)."""
    district_row = District.objects.get(pk=district)
    return layer_import(
        kind="parcels",
        file=ImportFile(
            jurisdiction=district_row.jurisdiction,
            district=district_row,
            source="测试小班数据库",
            data=collection(
                *(
                    (
                        g,
                        {
                            "compartment": c,
                            "forest_origin": "natural",
                            "welfare_grade": "local",
                            **a,
                        },
                    )
                    for g, c, a in parcels
                )
            ),
            file_name="parcels.geojson",
        ),
    )


def held(name: str, credit_code: str) -> dict:
    return {"agreement_holder": name, "agreement_holder_code": credit_code}


def test_the_import_reads_the_holders_code_under_its_names(reference_data):
    holders_layer(
        "110118",
        (box(LON, LAT, 0.01, 0.01), "12-3", held("东庄村股份经济合作社", VILLAGE)),
        (box(LON + 0.01, LAT, 0.01, 0.01), "12-4", {"管护单位": "林场", "GH_DWDM": FARM}),
        (box(LON + 0.02, LAT, 0.01, 0.01), "12-5", {"统一社会信用代码": COMPANY.lower()}),
        (box(LON + 0.03, LAT, 0.01, 0.01), "12-6", {"管护单位": "不知代码的单位"}),
    )
    parcels = {p.compartment: p for p in Parcel.objects.all()}
    assert (parcels["12-3"].agreement_holder, parcels["12-3"].agreement_holder_code) == (
        "东庄村股份经济合作社",
        VILLAGE,
    )
    assert parcels["12-4"].agreement_holder_code == FARM
    assert parcels["12-5"].agreement_holder_code == COMPANY  # written as the standard writes it
    assert (parcels["12-6"].agreement_holder, parcels["12-6"].agreement_holder_code) == (
        "不知代码的单位",
        "",
    )


def test_a_malformed_code_refuses_the_whole_file(reference_data):
    bad = FARM[:17] + ("0" if FARM[17] != "0" else "1")
    with pytest.raises(InvalidInput) as error:
        holders_layer(
            "110118",
            (box(LON, LAT, 0.01, 0.01), "12-3", held("甲", VILLAGE)),
            (box(LON + 0.01, LAT, 0.01, 0.01), "12-4", held("乙", bad)),
        )
    (problem,) = error.value.problems
    assert (problem.field, problem.code) == ("file", "invalid_feature")
    assert problem.message == str(MSG_VALUE % {"n": 2, "value": bad, "name": NAME_CREDIT_CODE})
    assert not Parcel.objects.exists()


# ---- rule T6 on facts ----------------------------------------------------------------------


def facts(*parcels: dict, attachments=(AttachmentKind.DESIGN_DOCUMENT,), applicant=FARM) -> dict:
    return {
        "kind": Kind.TENDING,
        "forest_origin": "natural",
        "parcels": parcels,
        "applicant_credit_code": applicant,
        "attachment_kinds": frozenset(attachments),
    }


def parcel(compartment: str, name: str = "", credit_code: str = "") -> dict:
    return {
        "compartment": compartment,
        "agreement_holder": name,
        "agreement_holder_code": credit_code,
        "declared": True,
    }


def t6(facts_: dict, jurisdiction: str = BEIJING):
    return [f for f in evaluate(rules_for(Kind.TENDING), facts_, jurisdiction) if f.rule == "T6"]


@pytest.mark.parametrize(
    ("jurisdiction", "source"),
    [(BEIJING, SOURCE_000_2_2_AGREEMENT), (TIANJIN, SOURCE_001_3_1_2_AGREEMENT)],
)
def test_t6_cites_each_jurisdictions_own_clause(jurisdiction, source):
    (finding,) = t6(facts(parcel("12-3", "东庄村", VILLAGE)), jurisdiction)
    # A matter of the materials (issue 46 Medium 10): corrected at acceptance, never a refusal.
    assert (finding.severity, finding.field, finding.source) == (
        "incomplete",
        "attachments",
        source,
    )
    assert cites_beijing(finding.source) == (jurisdiction == BEIJING)


# The seeds' words (000 line 20, 001 line 26), each quoted whole by its source.
SEED_000_2_2 = (
    "天然林保护修复实行管护责任协议书制度。森林经营单位和其他林权权利人、经营主体按照协议落实"
    "经营管护区域内的天然林保护修复任务。"
)
SEED_001_3_1_2 = (
    "实行管护责任协议书制度，逐级落实天然林保护责任和修复任务；森林经营单位和其他林权权利人、"
    "经营主体按管护责任协议具体落实经营管护区域内天然林保护修复任务。"
)


def test_the_sources_quote_the_seed_texts():
    assert (
        f"000 二（二）《北京市天然林保护修复制度实施方案》：“{SEED_000_2_2}”"
    ) == SOURCE_000_2_2_AGREEMENT
    assert (
        f"001 三（一）2《蓟州区落实天然林保护修复制度实施方案》：“{SEED_001_3_1_2}”"
    ) == SOURCE_001_3_1_2_AGREEMENT


def test_t6_names_every_sub_compartment_and_its_holder():
    (finding,) = t6(
        facts(
            parcel("12-10", "西庄村", COMPANY),
            parcel("12-3", "东庄村", VILLAGE),
            parcel("12-4", "林场", FARM),
        )
    )
    expected = "小班 12-3（东庄村）、小班 12-10（西庄村）"
    assert finding.message == str(MSG_T6 % {"parcels": expected})


def test_t6_is_silent_on_the_applicants_own_land_and_on_holders_without_a_code():
    assert not t6(facts(parcel("12-3", "林场", FARM)))
    assert not t6(facts(parcel("12-3", "东庄村", "")))
    assert not t6(facts())


def test_an_entrustment_satisfies_t6():
    entrusted = (AttachmentKind.DESIGN_DOCUMENT, AttachmentKind.ENTRUSTMENT)
    assert not t6(facts(parcel("12-3", "东庄村", VILLAGE), attachments=entrusted))


def test_an_applicant_without_a_code_needs_the_letter_of_any_coded_holder():
    assert t6(facts(parcel("12-3", "林场", FARM), applicant=""))


# ---- rule T6 on applications ---------------------------------------------------------------


@pytest.fixture
def coded_farm(applicant_my, org_miyun):
    org_miyun.unified_credit_code = FARM
    org_miyun.save()
    return applicant_my


def registry_with_a_village_plot() -> None:
    """小班 12-3 the village's, 12-4 the farm's, side by side."""
    holders_layer(
        "110118",
        (box(LON, LAT, 0.01, 0.01), "12-3", held("东庄村股份经济合作社", VILLAGE)),
        (box(LON + 0.01, LAT, 0.01, 0.01), "12-4", held("密云区测试林场", FARM)),
    )


def t6_problems(detail) -> list:
    return [p for p in services.submission_problems(detail) if p.rule == "T6"]


def test_t6_refuses_a_design_naming_another_holders_sub_compartment(coded_farm):
    registry_with_a_village_plot()
    draft = tending_draft(by=coded_farm, site_geometry=None, compartments=["12-3", "12-4"])
    (problem,) = t6_problems(draft)
    assert problem.message == str(MSG_T6 % {"parcels": "小班 12-3（东庄村股份经济合作社）"})
    assert problem.source == SOURCE_000_2_2_AGREEMENT


def test_t6_refuses_a_drawn_site_over_another_holders_land(coded_farm):
    registry_with_a_village_plot()
    # Names the farm's 12-4 but draws most of its site over the village's 12-3.
    site = box(LON + 0.002, LAT + 0.002, 0.01, 0.005)
    draft = tending_draft(by=coded_farm, site_geometry=site, compartments=["12-4"])
    rows = {p["compartment"]: p for p in screening_of(draft).parcels}
    assert not rows["12-3"]["declared"] and rows["12-3"]["overlap_ha"] > 0
    assert rows["12-3"]["agreement_holder_code"] == VILLAGE
    assert len(t6_problems(draft)) == 1


def test_a_sliver_over_the_line_is_not_the_neighbours_land(coded_farm):
    registry_with_a_village_plot()
    # The farm's 12-4 with a few metres over the boundary into 12-3.
    site = box(LON + 0.00999, LAT + 0.002, 0.008, 0.005)
    draft = tending_draft(by=coded_farm, site_geometry=site, compartments=["12-4"])
    assert not t6_problems(draft)


def test_the_applicants_own_sub_compartment_needs_no_letter(coded_farm):
    registry_with_a_village_plot()
    draft = tending_draft(by=coded_farm, site_geometry=None, compartments=["12-4"])
    assert not t6_problems(draft)


def test_a_design_with_the_holders_letter_is_submitted(coded_farm):
    registry_with_a_village_plot()
    draft = tending_draft(by=coded_farm, site_geometry=None, compartments=["12-3"])
    services.attachment_add(
        application=draft, by=coded_farm, kind="entrustment", upload=pdf_upload("委托书.pdf")
    )
    submitted = application_submit(application=draft, by=coded_farm)
    assert submitted.status == "submitted"


def test_the_refusal_lists_t6_among_every_problem_at_once(coded_farm):
    registry_with_a_village_plot()
    draft = tending_draft(
        by=coded_farm,
        with_design=False,
        site_geometry=None,
        compartments=["12-3"],
        operation_type="commercial_harvest",
        dominant_species="",
    )
    with pytest.raises(RulesViolated) as refused:
        application_submit(application=draft, by=coded_farm)
    found = {(p.field, p.rule or p.code) for p in refused.value.problems}
    assert {("attachments", "T6"), ("attachments", "T4"), ("operation_type", "T1")} <= found
    assert ("dominant_species", "required") in found


def test_t6_in_tianjin_cites_tianjins_clause(applicant_jz, org_jizhou):
    org_jizhou.unified_credit_code = TIANJIN_FARM
    org_jizhou.save()
    village = code("N2120119MF1Y10006")
    holders_layer("120119", (box(117.4, 40.1, 0.01, 0.01), "9-2", held("隆福寺村", village)))
    draft = services.application_create(
        by=applicant_jz,
        kind="tending",
        data=tianjin_tending_data(site_geometry=None, compartments=["9-2"]),
    )
    (problem,) = t6_problems(draft)
    assert problem.source == SOURCE_001_3_1_2_AGREEMENT and not cites_beijing(problem.source)


def test_t6_is_a_matter_of_the_materials_not_a_refusal(coded_farm, reviewer_my):
    """Issue 46 Medium 10: without the 委托书 the applicant is told before filing, may file,
    and the acceptance step asks for it (一次性补正, then N3); the decision neither refuses on it
    nor needs to override it."""
    registry_with_a_village_plot()
    draft = tending_draft(by=coded_farm, site_geometry=None, compartments=["12-3"])
    with pytest.raises(RulesViolated) as refused:
        application_submit(application=draft, by=coded_farm)
    assert [(p.rule, p.code) for p in refused.value.problems] == [("T6", "findings_blocking")]
    application_submit(application=draft, by=coded_farm, file_anyway=True)
    accepted = accept(draft)
    assert task_services.standing_blocking(accepted) == []
    assert "T6" not in {g.code for g in grounds_offered(accepted, "reject")}
    decided = decide(accepted, reviewer_my, "approve")
    assert decided.status == "municipal_review"
