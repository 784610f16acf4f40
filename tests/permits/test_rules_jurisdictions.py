"""Each jurisdiction cites its own law (product.md §16 L11): a Tianjin finding, ground or refusal
never cites a Beijing municipal document (000, 002, 003, 004); a Beijing one keeps its clause.

Pure facts, no database: every rule of every kind, and every citation a rule computes from the
facts (O3's item of the red-line regime, S1's list entry), in both jurisdictions.
"""

from decimal import Decimal

import pytest

from permits.choices import Kind, ProjectType
from permits.rules import evaluate, grounds_for, rules_for
from permits.rules import occupation as o
from permits.rules.base import cites_beijing
from permits.rules.species import SEED_INVASIVE_SPECIES

BEIJING, TIANJIN = "110000", "120000"
BEIJING_MARKERS = ("000 ", "002 ", "003 ", "004 ", "北京市")

# Facts on which many rules fire at once, with every computed citation exercised.
TENDING = {
    "kind": Kind.TENDING,
    "forest_origin": "planted",
    "declared_forest_origin": "planted",
    "forest_type": "arbor",
    "age_group": "young",
    "canopy_density": Decimal("0.9"),
    "protection_class": "reserve_core",
    "declared_protection_class": "general",
    "protection_classes": ["reserve_core", "key_zone"],
    "map_zones": [{"protection_class": "reserve_core", "name": "核心区", "source": "依据"}],
    "parcels": [{"compartment": "12-3", "forest_origin": "natural"}],
    "area_ha": Decimal("20"),
    "site_area_ha": Decimal("10"),
    "site_is_polygonal": True,
    "attachment_kinds": frozenset(),
}
OCCUPATION = {
    "kind": Kind.OCCUPATION,
    "land_category": "planted_forest",
    "protection_class": "red_line",
    "declared_protection_class": "general",
    "protection_classes": ["red_line", "reserve_core", "key_zone"],
    "map_zones": [{"protection_class": "red_line", "name": "红线", "source": "依据"}],
    "parcels": [{"compartment": "12-3", "forest_origin": "natural"}],
    "overlaps": [
        {"kind": "occupation", "status": "approved", "reference": "LO-1", "overlap_ha": 1.0}
    ],
    "occupation_kind": "temporary",
    "duration_months": 30,
    "area_ha": Decimal("20"),
    "site_area_ha": Decimal("10"),
    "site_is_polygonal": True,
    "attachment_kinds": frozenset(),
}
INTRODUCTION = {"kind": Kind.INTRODUCTION, "attachment_kinds": frozenset()}


def cases() -> list[tuple[str, dict]]:
    tending = [
        (Kind.TENDING, {**TENDING, "operation_type": op, **origin})
        for op in ("commercial_harvest", "thinning", "fire_prevention", "pest_control")
        # Natural forest draws T1 and T5; planted forest on a natural 小班 draws Z1.
        for origin in ({}, {"forest_origin": "natural", "declared_forest_origin": "natural"})
    ]
    occupation = [
        (Kind.OCCUPATION, {**OCCUPATION, "project_type": project}) for project in ProjectType.values
    ]
    introduction = [
        (
            Kind.INTRODUCTION,
            {
                **INTRODUCTION,
                "scientific_name": entry["scientific_name"],
                "chinese_name": entry["chinese_name"],
                "invasive_species": SEED_INVASIVE_SPECIES,
            },
        )
        for entry in SEED_INVASIVE_SPECIES
    ]
    return tending + occupation + introduction


def cites_a_beijing_document(source: str) -> bool:
    return any(marker in source for marker in BEIJING_MARKERS)


@pytest.mark.parametrize("kind", Kind.values)
def test_no_tianjin_rule_cites_a_beijing_document(kind):
    for rule in rules_for(kind):
        if TIANJIN in rule.jurisdictions:
            assert not cites_a_beijing_document(rule.source), (rule.code, rule.source)


@pytest.mark.parametrize(("kind", "facts"), cases())
def test_no_tianjin_finding_or_ground_cites_a_beijing_document(kind, facts):
    found = evaluate(rules_for(kind), facts, TIANJIN)
    assert found  # the facts do make rules fire
    for finding in found:
        assert not cites_a_beijing_document(finding.source), (finding.rule, finding.source)
    for ground in grounds_for(kind, facts, TIANJIN):
        assert not cites_a_beijing_document(ground.source), (ground.code, ground.source)


def test_every_rule_exercised_here_fires_in_tianjin():
    fired = {f.rule for kind, facts in cases() for f in evaluate(rules_for(kind), facts, TIANJIN)}
    assert {"T1", "T2", "T4", "T5", "Z1", "Z2", "Z3", "O2", "O3", "O4", "S1", "S2"} <= fired


# The Beijing clause each rule moved by L11 keeps in Beijing.
BEIJING_CLAUSES = {
    "T2": "000 二（三）《北京市天然林保护修复制度实施方案》",
    "O2": "000 二（三）《北京市天然林保护修复制度实施方案》",
    "O3": "004 三7《北京市生态保护2023年行动计划》",
    "S1": "004 二4《北京市生态保护2023年行动计划》",
    "S2": "004 二4《北京市生态保护2023年行动计划》",
    "Z1": "000 二",
    "Z2": "000 二（一）",
    "Z3": "000 二（四）",
}


@pytest.mark.parametrize(("kind", "facts"), cases())
def test_beijing_findings_keep_their_beijing_clause(kind, facts):
    for finding in evaluate(rules_for(kind), facts, BEIJING):
        if finding.rule in BEIJING_CLAUSES:
            assert BEIJING_CLAUSES[finding.rule] in finding.source, (finding.rule, finding.source)


@pytest.mark.parametrize("code", sorted(BEIJING_CLAUSES))
def test_every_beijing_row_of_a_moved_rule_cites_its_beijing_clause(code):
    rows = [
        r
        for kind in Kind.values
        for r in rules_for(kind)
        if r.code == code and BEIJING in r.jurisdictions
    ]
    assert rows
    for rule in rows:
        assert BEIJING_CLAUSES[code] in rule.source, (code, rule.source)


def test_the_red_line_citations_are_national():
    for citation in o.RED_LINE_ALLOWED_PROJECTS.values():
        assert citation.startswith(o.RED_LINE_NOTICE) and not cites_a_beijing_document(citation)


@pytest.mark.parametrize(
    ("source", "beijing"),
    [
        (o.SOURCE_004_3_7_RED_LINE, True),
        (o.SOURCE_O3_BEIJING, True),
        (f"{o.SOURCE_FOREST_LAW_38}；{o.SOURCE_004_3_7_RED_LINE}", True),
        ("《北京市某规定》第一条", True),
        (o.SOURCE_O3_TIANJIN, False),
        (o.SOURCE_001_3_2_2_OCCUPATION, False),
        (o.SOURCE_FOREST_LAW_38, False),
        ("", False),
    ],
)
def test_cites_beijing_tells_a_beijing_document(source, beijing):
    assert cites_beijing(source) is beijing
