"""Rules O1–O4 (product.md §3.2) as a table: land × zone × project × jurisdiction over pure
facts."""

import re
from decimal import Decimal

import pytest

from core.messages import (
    MSG_O1_BEIJING,
    MSG_O1_TIANJIN,
    MSG_O1_TIANJIN_VEGETATION,
    MSG_O2,
    MSG_O3,
    MSG_O3_NOT_ALLOWED,
    MSG_O4,
)
from permits.choices import ProjectType
from permits.rules import Severity, advisory, blocking, evaluate, missing_values
from permits.rules import occupation as o

BEIJING, TIANJIN = "110000", "120000"
BOTH = (BEIJING, TIANJIN)
PROJECT_TYPES = (
    "national_defense",
    "major_national_project",
    "infrastructure",
    "eco_tourism",
    "forest_wellness",
    "public_facility",
    "commercial",
    "mining",
    "other",
)
SPECIAL = ("national_defense", "major_national_project")
GREEN = ("eco_tourism", "forest_wellness")
LAND_CATEGORIES = ("natural_forest", "planted_forest", "shrub_land", "unstocked", "other")

# How each (rule, jurisdiction) must cite its basis: seed number, clause and document, then a
# phrase of the quoted clause itself.
CLAUSES = {
    ("O1", BEIJING): (
        "000 二（四）《北京市天然林保护修复制度实施方案》",
        "禁止占用重点保护区域的天然林地",
    ),
    ("O1", TIANJIN): ("001 三（二）2《蓟州区落实天然林保护修复制度实施方案》", "禁止占用天然林地"),
    ("O2", BEIJING): ("000 二（三）《北京市天然林保护修复制度实施方案》", "禁止一切生产经营活动"),
    ("O2", TIANJIN): ("《中华人民共和国森林法》第五十五条第（三）项", "自然保护区的林木，禁止采伐"),
    ("O3", BEIJING): ("004 三7《北京市生态保护2023年行动计划》", "严格实施国土空间用途管制"),
    ("O3", TIANJIN): (o.RED_LINE_NOTICE + "一（一）", "禁止开发性、生产性建设活动"),
    ("O4", BEIJING): ("《中华人民共和国森林法》第三十八条", "临时使用林地的期限一般不超过二年"),
    ("O4", TIANJIN): ("《中华人民共和国森林法》第三十八条", "临时使用林地的期限一般不超过二年"),
}


def facts(**overrides) -> dict:
    """A permanent infrastructure project on planted forest land in a general zone, with its
    attachments: no rule fires on it, so each case shows exactly the rule it is about."""
    base = {
        "project_name": "山区供水管线",
        "project_type": "infrastructure",
        "project_approval_ref": "京发改〔2026〕12号",
        "occupation_kind": "permanent",
        "duration_months": None,
        "land_category": "planted_forest",
        "protection_class": "general",
        "area_ha": Decimal("1.20"),
        "destroys_surface_vegetation": True,
        "restoration_plan": "",
        "attachment_kinds": frozenset({"project_approval", "site_map"}),
    }
    base.update(overrides)
    return base


def findings(jurisdiction: str, **overrides):
    found = evaluate(
        o.OCCUPATION_RULES, facts(jurisdiction_id=jurisdiction, **overrides), jurisdiction
    )
    for finding in found:
        assert_cites(finding, jurisdiction)
    return found


def codes(found) -> list[str]:
    return [f.rule for f in found]


def only(found, code: str):
    matching = [f for f in found if f.rule == code]
    assert len(matching) == 1, found
    return matching[0]


def assert_cites(finding, jurisdiction: str) -> None:
    """Every finding names its rule, severity and field, and quotes its clause."""
    assert finding.rule and finding.field and finding.message
    assert "%(" not in finding.message
    prefix, phrase = CLAUSES[(finding.rule, jurisdiction)]
    assert finding.source.startswith(prefix + "：“"), finding.source
    assert phrase in finding.source
    assert_quoted(finding.source)


def assert_quoted(source: str) -> None:
    """Each citation of a source (several are joined by "；") quotes its clause once and whole;
    the one unquoted citation is the red-line notice's part on national major projects, whose
    text we could not read (docs/legal-basis.md)."""
    for part in re.split(r"(?<=”)；", source):
        if part == o.SOURCE_142_MAJOR_PROJECTS:
            continue
        assert "《" in part and part.count("“") == 1 and part.endswith("”"), part


@pytest.mark.parametrize("jurisdiction", BOTH)
def test_a_rule_abiding_occupation_has_no_findings(jurisdiction):
    assert findings(jurisdiction) == []


# --- O1: natural forest land ---------------------------------------------------------------------


def o1_expected(jurisdiction, land, zone, project, destroys):
    """(message, field) of the O1 the clauses call for, or None: the table written as prose."""
    if land != "natural_forest" or project in SPECIAL:
        return None
    if jurisdiction == BEIJING:
        return (MSG_O1_BEIJING, "project_type") if zone == "key_zone" else None
    if project not in GREEN:
        return (MSG_O1_TIANJIN, "project_type")
    if destroys is True:
        return (MSG_O1_TIANJIN_VEGETATION, "destroys_surface_vegetation")
    return None  # intact vegetation is allowed; unstated is the completeness check's to report


O1_CASES = [
    (jurisdiction, land, zone, project, destroys)
    for jurisdiction in BOTH
    for land in ("natural_forest", "planted_forest", "shrub_land")
    for zone in ("general", "key_zone")
    for project in PROJECT_TYPES
    for destroys in (True, False, None)
]


@pytest.mark.parametrize(("jurisdiction", "land", "zone", "project", "destroys"), O1_CASES)
def test_o1_natural_forest_land(jurisdiction, land, zone, project, destroys):
    found = findings(
        jurisdiction,
        land_category=land,
        protection_class=zone,
        project_type=project,
        destroys_surface_vegetation=destroys,
    )
    expected = o1_expected(jurisdiction, land, zone, project, destroys)
    if expected is None:
        assert "O1" not in codes(found)
        return
    o1 = only(found, "O1")
    assert (o1.severity, o1.message, o1.field) == (Severity.BLOCKING, str(expected[0]), expected[1])
    source = {BEIJING: o.SOURCE_000_2_4_OCCUPATION, TIANJIN: o.SOURCE_001_3_2_2_OCCUPATION}
    assert o1.source == source[jurisdiction]


@pytest.mark.parametrize(
    ("project", "destroys", "blocked"),
    [
        ("eco_tourism", False, False),
        ("forest_wellness", False, False),
        ("eco_tourism", True, True),
        ("forest_wellness", True, True),
        ("commercial", False, True),
        ("mining", False, True),
        ("national_defense", True, False),
        ("major_national_project", True, False),
    ],
)
def test_o1_tianjin_any_natural_forest_land_even_in_a_general_zone(project, destroys, blocked):
    found = findings(
        TIANJIN,
        land_category="natural_forest",
        protection_class="general",
        project_type=project,
        destroys_surface_vegetation=destroys,
    )
    assert ("O1" in codes(blocking(found))) is blocked


def test_o1_beijing_has_no_green_industry_exception_in_a_key_zone():
    found = findings(
        BEIJING,
        land_category="natural_forest",
        protection_class="key_zone",
        project_type="eco_tourism",
        destroys_surface_vegetation=False,
    )
    assert only(found, "O1").message == str(MSG_O1_BEIJING)


@pytest.mark.parametrize("jurisdiction", BOTH)
def test_o1_waits_for_the_project_type(jurisdiction):
    found = findings(
        jurisdiction, land_category="natural_forest", protection_class="key_zone", project_type=None
    )
    assert "O1" not in codes(found)


def test_o1_tianjin_quotes_the_green_industry_proviso():
    assert "在不破坏地表植被、不影响生物多样性保护前提下" in o.SOURCE_001_3_2_2_OCCUPATION
    assert "生态旅游、森林康养" in o.SOURCE_001_3_2_2_OCCUPATION


# --- O2: nature-reserve core zone ----------------------------------------------------------------


@pytest.mark.parametrize("jurisdiction", BOTH)
@pytest.mark.parametrize("project", PROJECT_TYPES)
@pytest.mark.parametrize("land", LAND_CATEGORIES)
def test_o2_nothing_in_a_reserve_core_zone(jurisdiction, project, land):
    found = findings(
        jurisdiction, protection_class="reserve_core", project_type=project, land_category=land
    )
    o2 = only(found, "O2")
    assert (o2.severity, o2.field, o2.message) == (
        Severity.BLOCKING,
        "protection_class",
        str(MSG_O2),
    )
    source = {BEIJING: o.SOURCE_000_2_3_CORE, TIANJIN: o.SOURCE_FOREST_LAW_55_3}
    assert o2.source == source[jurisdiction]


@pytest.mark.parametrize("jurisdiction", BOTH)
@pytest.mark.parametrize("zone", ["general", "key_zone", "red_line"])
def test_o2_only_in_the_core_zone(jurisdiction, zone):
    assert "O2" not in codes(findings(jurisdiction, protection_class=zone))


# --- O3: ecological protection red line ----------------------------------------------------------

ALLOWED_IN_RED_LINE = {
    "national_defense": "一（一）1",
    "major_national_project": "关于国家重大项目占用生态保护红线的规定",
    "infrastructure": "一（一）6",
    "eco_tourism": "一（一）5",
    "public_facility": "一（一）1",
}
NOT_ALLOWED_IN_RED_LINE = [p for p in PROJECT_TYPES if p not in ALLOWED_IN_RED_LINE]
O3_BASIS = {BEIJING: o.SOURCE_O3_BEIJING, TIANJIN: o.SOURCE_O3_TIANJIN}


def test_the_red_line_table_rests_each_project_type_on_an_item_of_the_regime():
    assert set(o.RED_LINE_ALLOWED_PROJECTS) == set(ALLOWED_IN_RED_LINE)
    assert NOT_ALLOWED_IN_RED_LINE == ["forest_wellness", "commercial", "mining", "other"]
    for project, item in ALLOWED_IN_RED_LINE.items():
        citation = o.RED_LINE_ALLOWED_PROJECTS[project]
        assert citation.startswith(o.RED_LINE_NOTICE + item), citation
        assert_quoted(citation)


@pytest.mark.parametrize("jurisdiction", BOTH)
@pytest.mark.parametrize("project", list(ALLOWED_IN_RED_LINE))
def test_o3_an_admitted_project_in_the_red_line_is_advised_not_refused(jurisdiction, project):
    found = findings(jurisdiction, protection_class="red_line", project_type=project)
    o3 = only(found, "O3")
    assert (o3.severity, o3.field, o3.message) == (
        Severity.ADVISORY,
        "protection_class",
        str(MSG_O3),
    )
    # The jurisdiction's basis, then the item of the regime the project type rests on.
    item = o.RED_LINE_ALLOWED_PROJECTS[project]
    assert o3.source == f"{O3_BASIS[jurisdiction]}；{item}"
    assert "O3" not in codes(blocking(found))
    assert o.red_line_requires_planning_agreement(
        facts(protection_class="red_line", project_type=project)
    )


@pytest.mark.parametrize("jurisdiction", BOTH)
@pytest.mark.parametrize("project", NOT_ALLOWED_IN_RED_LINE)
def test_o3_any_other_project_in_the_red_line_is_refused(jurisdiction, project):
    found = findings(jurisdiction, protection_class="red_line", project_type=project)
    o3 = only(found, "O3")
    label = str(ProjectType(project).label)
    assert (o3.severity, o3.field, o3.message) == (
        Severity.BLOCKING,
        "project_type",
        str(MSG_O3_NOT_ALLOWED) % {"project_type": label},
    )
    assert o3.source == O3_BASIS[jurisdiction]
    assert "禁止开发性、生产性建设活动" in o3.source
    # No countersign can make it lawful: final approval does not wait for one, O3 refuses.
    red_line = facts(protection_class="red_line", project_type=project)
    assert not o.red_line_requires_planning_agreement(red_line)


@pytest.mark.parametrize("project", PROJECT_TYPES)
@pytest.mark.parametrize("zone", ["general", "key_zone", "reserve_core"])
def test_o3_only_in_the_red_line(zone, project):
    for jurisdiction in BOTH:
        assert "O3" not in codes(
            findings(jurisdiction, protection_class=zone, project_type=project)
        )
    assert not o.red_line_requires_planning_agreement(
        facts(protection_class=zone, project_type=project)
    )


def test_o3_reads_every_protection_class_of_the_site():
    """A site declared general but mapped into the red line is judged as in the red line."""
    mapped = facts(protection_classes=["general", "red_line"], project_type="commercial")
    assert codes(blocking(findings(BEIJING, **mapped))) == ["O3"]


def test_an_unstated_project_type_in_the_red_line_is_left_to_the_completeness_check():
    found = findings(TIANJIN, protection_class="red_line", project_type="")
    assert codes(blocking(found)) == [] and codes(advisory(found)) == ["O3"]


def test_red_line_without_a_protection_class_needs_nothing():
    assert o.red_line_requires_planning_agreement({}) is False


# --- O4: temporary use at most 24 months ---------------------------------------------------------


@pytest.mark.parametrize("jurisdiction", BOTH)
@pytest.mark.parametrize(
    ("kind", "months", "blocked"),
    [
        ("temporary", 1, False),
        ("temporary", 24, False),
        ("temporary", Decimal("24"), False),
        ("temporary", 25, True),
        ("temporary", "36", True),
        ("temporary", None, False),  # unstated: the completeness check reports it
        ("permanent", 60, False),
    ],
)
def test_o4_temporary_use_at_most_two_years(jurisdiction, kind, months, blocked):
    found = findings(
        jurisdiction, occupation_kind=kind, duration_months=months, restoration_plan="复绿"
    )
    if not blocked:
        assert "O4" not in codes(found)
        return
    o4 = only(found, "O4")
    assert (o4.severity, o4.field, o4.source) == (
        Severity.BLOCKING,
        "duration_months",
        o.SOURCE_FOREST_LAW_38,
    )
    assert o4.message == str(MSG_O4) % {"limit": 24}
    assert "24" in o4.message


# --- Several rules at once -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("jurisdiction", "zone", "expected"),
    [
        (BEIJING, "reserve_core", ["O2", "O4"]),
        (TIANJIN, "reserve_core", ["O1", "O2", "O4"]),
        (BEIJING, "red_line", ["O3", "O4"]),
        (TIANJIN, "red_line", ["O1", "O3", "O4"]),
    ],
)
def test_every_violation_is_reported_in_table_order(jurisdiction, zone, expected):
    found = findings(
        jurisdiction,
        land_category="natural_forest",
        protection_class=zone,
        project_type="commercial",
        occupation_kind="temporary",
        duration_months=30,
    )
    assert codes(blocking(found)) == expected
    assert codes(advisory(found)) == []


def test_a_rule_applies_only_in_its_jurisdictions():
    assert evaluate(o.OCCUPATION_RULES, facts(protection_class="reserve_core"), "310000") == []


def test_every_occupation_rule_carries_code_field_and_quoted_source():
    table = o.OCCUPATION_RULES
    assert sorted({r.code for r in table}) == ["O1", "O2", "O3", "O4"]
    for rule in table:
        assert rule.field and rule.jurisdictions <= {BEIJING, TIANJIN}
        assert_quoted(rule.source)
    covered = {(r.code, j) for r in table for j in r.jurisdictions}
    assert covered == set(CLAUSES)


# --- What submission needs -----------------------------------------------------------------------

PERMANENT_REQUIRED = {
    "project_name",
    "project_type",
    "project_approval_ref",
    "occupation_kind",
    "land_category",
    "protection_class",
    "area_ha",
    "destroys_surface_vegetation",
    "township",
    "title",
    "contact_name",
    "contact_phone",
}


def test_a_permanent_occupation_needs_its_project_land_and_contact():
    required = o.occupation_required({"occupation_kind": "permanent"})
    assert set(required) == PERMANENT_REQUIRED
    assert len(required) == len(set(required))


@pytest.mark.parametrize("kind", [None, "permanent"])
def test_only_temporary_use_needs_duration_and_restoration_plan(kind):
    required = o.occupation_required({"occupation_kind": kind})
    assert "duration_months" not in required and "restoration_plan" not in required


def test_temporary_use_needs_duration_and_restoration_plan():
    required = o.occupation_required({"occupation_kind": "temporary"})
    assert set(required) == PERMANENT_REQUIRED | {"duration_months", "restoration_plan"}


def test_not_destroying_vegetation_is_an_answer_not_a_gap():
    present = dict.fromkeys(PERMANENT_REQUIRED, "x") | {"destroys_surface_vegetation": False}
    assert missing_values(present, o.occupation_required(present)) == []
    gaps = missing_values(
        {**present, "destroys_surface_vegetation": None, "occupation_kind": "temporary"},
        o.occupation_required({"occupation_kind": "temporary"}),
    )
    assert [m.field for m in gaps] == [
        "destroys_surface_vegetation",
        "duration_months",
        "restoration_plan",
    ]


def test_occupation_needs_project_approval_and_site_map_attached():
    assert set(o.occupation_required_attachments(facts())) == {"project_approval", "site_map"}
