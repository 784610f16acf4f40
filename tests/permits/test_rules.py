"""Rules T1–T5 (product.md §3.1) as a table: zone × operation × jurisdiction over pure facts.

No database: the rules are pure data and functions, so every case is a dict of facts.
"""

import re
from decimal import Decimal

import pytest

from core.messages import (
    MSG_T1,
    MSG_T2,
    MSG_T2_PROTECTION_WORK,
    MSG_T2_TIANJIN,
    MSG_T3_BEIJING,
    MSG_T3_TIANJIN,
    MSG_T4,
)
from permits.rules import (
    Severity,
    advisory,
    blocking,
    evaluate,
    incomplete,
    missing_values,
    required_for,
    rules_for,
)
from permits.rules import tending as t

BEIJING, TIANJIN = "110000", "120000"
BOTH = (BEIJING, TIANJIN)
OPERATIONS = (
    "young_forest_tending",
    "thinning",
    "assisted_regeneration",
    "replanting",
    "pruning",
    "shrub_clearing",
    "enclosure",
    "fire_prevention",
    "pest_control",
    "commercial_harvest",
)
# Operations Beijing's key-zone guidance (000 二（三）) prefers; the rest get an advisory T3.
BEIJING_KEY_ZONE_PREFERRED = (
    "enclosure",
    "assisted_regeneration",
    "fire_prevention",
    "pest_control",
)
TIANJIN_KEY_ZONE_ALLOWED = ("fire_prevention", "pest_control")

# The document and clause each (rule, jurisdiction) must quote, as an official would cite it.
# T2 in Tianjin cites national law: 001 has no core-zone clause (product.md §16 L11).
DOC_000, DOC_001 = "北京", "蓟州"  # how the two seed documents name themselves
FOREST_LAW = "《中华人民共和国森林法》"
CLAUSES = {
    ("T1", BEIJING): (DOC_000, "二（四）"),
    ("T1", TIANJIN): (DOC_001, "三（二）1"),
    ("T2", BEIJING): (DOC_000, "二（三）"),
    ("T2", TIANJIN): (FOREST_LAW, "第五十五条第（三）项"),
    ("T3", BEIJING): (DOC_000, "二（三）"),
    ("T3", TIANJIN): (DOC_001, "三（二）1"),
    ("T4", BEIJING): (DOC_000, "二（五）"),
    ("T4", TIANJIN): (DOC_001, "三（二）1"),
    ("T5", BEIJING): (DOC_000, "二（五）"),
    ("T5", TIANJIN): (DOC_001, "三（三）1"),
}


def facts(**overrides) -> dict:
    """A natural, general-zone, middle-aged open arbor stand with its design document attached:
    no rule fires on it, so each case shows exactly the rule it is about."""
    base = {
        "forest_origin": "natural",
        "forest_type": "arbor",
        "age_group": "middle",
        "canopy_density": Decimal("0.6"),
        "protection_class": "general",
        "operation_type": "young_forest_tending",
        "attachment_kinds": frozenset({"design_document"}),
    }
    base.update(overrides)
    return base


def findings(jurisdiction: str, **overrides):
    return evaluate(rules_for("tending"), facts(**overrides), jurisdiction)


def codes(found) -> list[str]:
    return [f.rule for f in found]


def only(found, code: str):
    matching = [f for f in found if f.rule == code]
    assert len(matching) == 1, found
    return matching[0]


def assert_cites(finding, jurisdiction: str) -> None:
    """Every finding names its rule, severity and field, and quotes its clause."""
    assert finding.rule and finding.field and finding.message
    assert finding.severity in tuple(Severity)
    document, clause = CLAUSES[(finding.rule, jurisdiction)]
    assert document in finding.source and clause in finding.source
    assert_quoted(finding.source)


def assert_quoted(source: str) -> None:
    """Each citation of a source (several are joined by "；") quotes its clause: not just named."""
    for part in re.split(r"(?<=”)；", source):
        assert "《" in part and part.count("“") == 1 and part.endswith("”"), part


@pytest.mark.parametrize("jurisdiction", BOTH)
def test_a_rule_abiding_design_has_no_findings(jurisdiction):
    assert findings(jurisdiction) == []


# --- T1: commercial harvest of natural forest ----------------------------------------------------


@pytest.mark.parametrize(
    ("jurisdiction", "source"),
    [(BEIJING, t.SOURCE_000_2_4), (TIANJIN, t.SOURCE_001_3_2_1_HARVEST)],
)
@pytest.mark.parametrize("origin", ["natural", ""])
def test_t1_commercial_harvest_of_natural_forest_is_blocked(jurisdiction, source, origin):
    found = findings(jurisdiction, operation_type="commercial_harvest", forest_origin=origin)
    t1 = only(found, "T1")
    assert (t1.severity, t1.field, t1.source) == (Severity.BLOCKING, "operation_type", source)
    assert t1.message == str(MSG_T1)
    assert_cites(t1, jurisdiction)


@pytest.mark.parametrize("jurisdiction", BOTH)
def test_t1_does_not_apply_to_planted_forest(jurisdiction):
    found = findings(jurisdiction, operation_type="commercial_harvest", forest_origin="planted")
    assert "T1" not in codes(found)
    assert blocking(found) == []


@pytest.mark.parametrize("jurisdiction", BOTH)
@pytest.mark.parametrize("operation", [op for op in OPERATIONS if op != "commercial_harvest"])
def test_t1_only_concerns_commercial_harvest(jurisdiction, operation):
    assert "T1" not in codes(findings(jurisdiction, operation_type=operation))


# --- T2: nature-reserve core zone ----------------------------------------------------------------


PROTECTION_WORK = ("fire_prevention", "pest_control")
T2_BLOCKING = {
    BEIJING: (MSG_T2, t.SOURCE_000_2_3_CORE, "禁止一切生产经营活动"),
    TIANJIN: (MSG_T2_TIANJIN, t.SOURCE_FOREST_LAW_55_3, "自然保护区的林木，禁止采伐"),
}
T2_ADVISORY_SOURCE = {
    BEIJING: t.SOURCE_T2_PROTECTION_WORK_BEIJING,
    TIANJIN: t.SOURCE_T2_PROTECTION_WORK_TIANJIN,
}


@pytest.mark.parametrize("jurisdiction", BOTH)
@pytest.mark.parametrize("operation", [op for op in OPERATIONS if op not in PROTECTION_WORK])
def test_t2_no_other_operation_in_a_reserve_core_zone(jurisdiction, operation):
    found = findings(jurisdiction, protection_class="reserve_core", operation_type=operation)
    t2 = only(found, "T2")
    message, source, phrase = T2_BLOCKING[jurisdiction]
    assert (t2.severity, t2.field) == (Severity.BLOCKING, "protection_class")
    assert (t2.message, t2.source) == (str(message), source)
    assert phrase in t2.source
    assert_cites(t2, jurisdiction)


@pytest.mark.parametrize("jurisdiction", BOTH)
@pytest.mark.parametrize("operation", PROTECTION_WORK)
def test_t2_protection_work_in_a_reserve_core_zone_is_advised_not_refused(jurisdiction, operation):
    """L9: fire prevention and pest control are not 生产经营活动; the exemption of 森林法
    第五十五条第（三）项 lets them be decided, with a warning that they keep to it."""
    found = findings(jurisdiction, protection_class="reserve_core", operation_type=operation)
    assert codes(blocking(found)) == []
    t2 = only(found, "T2")
    assert (t2.severity, t2.field, t2.message) == (
        Severity.ADVISORY,
        "protection_class",
        str(MSG_T2_PROTECTION_WORK),
    )
    assert t2.source == T2_ADVISORY_SOURCE[jurisdiction]
    assert "因防治林业有害生物、森林防火" in t2.source
    assert_cites(t2, jurisdiction)


@pytest.mark.parametrize("jurisdiction", BOTH)
def test_t2_thinning_in_a_reserve_core_zone_is_refused(jurisdiction):
    found = findings(
        jurisdiction,
        protection_class="reserve_core",
        operation_type="thinning",
        thinning_intensity_pct=Decimal("20"),
    )
    assert codes(blocking(found)) == ["T2"] and codes(advisory(found)) == []


@pytest.mark.parametrize("jurisdiction", BOTH)
def test_t2_an_unstated_operation_in_a_reserve_core_zone_is_refused(jurisdiction):
    found = findings(jurisdiction, protection_class="reserve_core", operation_type="")
    assert codes(blocking(found)) == ["T2"]


@pytest.mark.parametrize("jurisdiction", BOTH)
@pytest.mark.parametrize("zone", ["general", "key_zone", "red_line"])
def test_t2_only_in_the_core_zone(jurisdiction, zone):
    assert "T2" not in codes(findings(jurisdiction, protection_class=zone))


# --- T3: natural forest key protection zone ------------------------------------------------------

T3_CASES = [
    (
        TIANJIN,
        operation,
        None if operation in TIANJIN_KEY_ZONE_ALLOWED else Severity.BLOCKING,
    )
    for operation in OPERATIONS
] + [
    (
        BEIJING,
        operation,
        None if operation in BEIJING_KEY_ZONE_PREFERRED else Severity.ADVISORY,
    )
    for operation in OPERATIONS
]


@pytest.mark.parametrize(("jurisdiction", "operation", "severity"), T3_CASES)
def test_t3_key_zone(jurisdiction, operation, severity):
    found = findings(jurisdiction, protection_class="key_zone", operation_type=operation)
    if severity is None:
        assert "T3" not in codes(found)
        return
    t3 = only(found, "T3")
    assert (t3.severity, t3.field) == (severity, "operation_type")
    expected = {
        TIANJIN: (t.SOURCE_001_3_2_1_KEY_ZONE, MSG_T3_TIANJIN),
        BEIJING: (t.SOURCE_000_2_3_KEY_ZONE, MSG_T3_BEIJING),
    }[jurisdiction]
    assert (t3.source, t3.message) == (expected[0], str(expected[1]))
    assert_cites(t3, jurisdiction)


@pytest.mark.parametrize("jurisdiction", BOTH)
def test_t3_beijing_never_blocks_tianjin_never_merely_advises(jurisdiction):
    found = [
        f
        for op in OPERATIONS
        for f in findings(jurisdiction, protection_class="key_zone", operation_type=op)
        if f.rule == "T3"
    ]
    severities = {f.severity for f in found}
    assert severities == {Severity.ADVISORY if jurisdiction == BEIJING else Severity.BLOCKING}


@pytest.mark.parametrize("jurisdiction", BOTH)
@pytest.mark.parametrize("zone", ["general", "reserve_core", "red_line"])
def test_t3_only_in_the_key_zone(jurisdiction, zone):
    assert "T3" not in codes(
        findings(jurisdiction, protection_class=zone, operation_type="pruning")
    )


# --- T4: design document -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("jurisdiction", "source"),
    [(BEIJING, t.SOURCE_000_2_5_DESIGN), (TIANJIN, t.SOURCE_001_3_2_1_DESIGN)],
)
@pytest.mark.parametrize("attached", [frozenset(), frozenset({"site_map", "other"})])
def test_t4_design_document_missing_is_incomplete(jurisdiction, source, attached):
    # A matter of the materials (issue 46 Medium 10, 行政许可法 art. 32(4)): corrected once at
    # acceptance, then N3; never a refusal's ground.
    t4 = only(findings(jurisdiction, attachment_kinds=attached), "T4")
    assert (t4.severity, t4.field, t4.source) == (Severity.INCOMPLETE, "attachments", source)
    assert not any(r.refuses for r in rules_for("tending") if r.code == "T4")
    assert t4.message == str(MSG_T4)
    assert "必须编制作业设计" in t4.source
    assert_cites(t4, jurisdiction)


@pytest.mark.parametrize("jurisdiction", BOTH)
def test_t4_no_attachment_facts_at_all_counts_as_missing(jurisdiction):
    bare = {k: v for k, v in facts().items() if k != "attachment_kinds"}
    assert "T4" in codes(evaluate(rules_for("tending"), bare, jurisdiction))


# --- T5: the operation should fit the stand (advisory) -------------------------------------------

T5_CASES = [
    # (stand, operation, warns)
    (
        {"forest_type": "arbor", "age_group": "young", "canopy_density": Decimal("0.85")},
        "replanting",
        True,
    ),
    (
        {"forest_type": "arbor", "age_group": "middle", "canopy_density": Decimal("0.80")},
        "replanting",
        True,
    ),
    (
        {"forest_type": "arbor", "age_group": "middle", "canopy_density": Decimal("0.85")},
        "young_forest_tending",
        False,
    ),
    (
        {"forest_type": "arbor", "age_group": "young", "canopy_density": Decimal("0.9")},
        "thinning",
        False,
    ),
    (
        {"forest_type": "arbor", "age_group": "mature", "canopy_density": Decimal("0.85")},
        "replanting",
        False,
    ),
    (
        {"forest_type": "arbor", "age_group": "middle", "canopy_density": Decimal("0.3")},
        "pruning",
        True,
    ),
    (
        {"forest_type": "arbor", "age_group": "middle", "canopy_density": Decimal("0.3")},
        "assisted_regeneration",
        False,
    ),
    ({"forest_type": "shrub"}, "thinning", True),
    ({"forest_type": "shrub"}, "enclosure", False),
    ({"forest_type": "sparse"}, "replanting", False),
    ({"forest_type": "sparse"}, "shrub_clearing", True),
]


@pytest.mark.parametrize("jurisdiction", BOTH)
@pytest.mark.parametrize(("stand", "operation", "warns"), T5_CASES)
def test_t5_operation_fits_the_stand(jurisdiction, stand, operation, warns):
    found = findings(jurisdiction, operation_type=operation, **stand)
    if not warns:
        assert "T5" not in codes(found)
        return
    t5 = only(found, "T5")
    assert (t5.severity, t5.field) == (Severity.ADVISORY, "operation_type")
    expected = {BEIJING: t.SOURCE_000_2_5_STAND, TIANJIN: t.SOURCE_001_3_3_1_STAND}[jurisdiction]
    assert t5.source == expected
    assert_cites(t5, jurisdiction)
    # The message names what the policy recommends instead (interpolated, not a raw %(…)s).
    assert "%(" not in t5.message
    recommended = t.recommended_operations(facts(operation_type=operation, **stand))
    assert recommended
    assert all(str(t.OperationType(op).label) in t5.message for op in recommended)


@pytest.mark.parametrize("jurisdiction", BOTH)
@pytest.mark.parametrize(
    "stand",
    [
        {"forest_type": "shrub"},
        {"forest_type": "sparse"},
        {"forest_type": "arbor", "age_group": "young", "canopy_density": Decimal("0.95")},
        {"forest_type": "arbor", "age_group": "middle", "canopy_density": Decimal("0.2")},
    ],
)
@pytest.mark.parametrize("operation", ["fire_prevention", "pest_control"])
def test_t5_health_operations_fit_every_stand(jurisdiction, stand, operation):
    assert "T5" not in codes(findings(jurisdiction, operation_type=operation, **stand))


@pytest.mark.parametrize("jurisdiction", BOTH)
def test_t5_says_nothing_about_planted_forest(jurisdiction):
    found = findings(
        jurisdiction, forest_origin="planted", forest_type="shrub", operation_type="thinning"
    )
    assert "T5" not in codes(found)


@pytest.mark.parametrize("jurisdiction", BOTH)
def test_t5_canopy_may_arrive_as_float_or_string(jurisdiction):
    for canopy in (0.85, "0.85"):
        found = findings(
            jurisdiction, age_group="young", canopy_density=canopy, operation_type="replanting"
        )
        assert "T5" in codes(found)


# --- Several rules at once, and the partition helpers --------------------------------------------


@pytest.mark.parametrize("jurisdiction", BOTH)
def test_every_violation_is_reported_in_table_order(jurisdiction):
    found = findings(
        jurisdiction,
        operation_type="commercial_harvest",
        protection_class="reserve_core",
        attachment_kinds=frozenset(),
        age_group="young",
        canopy_density=Decimal("0.9"),
    )
    assert codes(blocking(found)) == ["T1", "T2"]
    assert codes(incomplete(found)) == ["T4"]
    assert codes(advisory(found)) == ["T5"]
    for finding in found:
        assert_cites(finding, jurisdiction)


def test_a_rule_applies_only_in_its_jurisdictions():
    assert (
        evaluate(rules_for("tending"), facts(operation_type="commercial_harvest"), "310000") == []
    )


def test_every_tending_rule_carries_code_field_and_quoted_source():
    table = rules_for("tending")
    assert sorted({r.code for r in table}) == [
        "T1",
        "T2",
        "T3",
        "T4",
        "T5",
        "T6",
        "T7",
        "T8",
        "T9",
        "Z1",
        "Z2",
    ]
    for rule in table:
        assert rule.field and rule.source and rule.jurisdictions <= {BEIJING, TIANJIN}
        assert_quoted(rule.source)


# --- What submission needs -----------------------------------------------------------------------


def test_thinning_needs_its_intensity():
    assert "thinning_intensity_pct" in required_for("tending", {"operation_type": "thinning"})
    assert "thinning_intensity_pct" not in required_for(
        "tending", {"operation_type": "young_forest_tending"}
    )


def test_missing_values_names_each_empty_required_field():
    required = required_for("tending", {"operation_type": "thinning"})
    present = dict.fromkeys(required, "x")
    assert missing_values(present, required) == []
    for empty in (None, "", [], ()):
        gaps = missing_values(
            {**present, "compartments": empty, "thinning_intensity_pct": None}, required
        )
        assert [(m.field, m.code) for m in gaps] == [
            ("compartments", "required"),
            ("thinning_intensity_pct", "required"),
        ]


def test_zero_is_a_value_not_a_gap():
    required = required_for("tending", {"operation_type": "thinning"})
    present = {
        **dict.fromkeys(required, "x"),
        "thinning_intensity_pct": Decimal("0"),
        "canopy_density": 0,
    }
    assert missing_values(present, required) == []
