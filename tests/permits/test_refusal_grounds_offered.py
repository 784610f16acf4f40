"""A ground offered to a reviewer is true of the application with its facts filled, or not
offered (issue 45 item 11): no "持有：。", no "位于，严于", no "相差超过 10%" for 0.1%."""

import re
from decimal import Decimal

from django.utils import translation

from permits.choices import AttachmentKind, ProtectionClass
from permits.rules import grounds_for
from permits.rules.base import Rule, Severity, grounds

BEIJING = "110000"
# A tending design that breaks no rule: its documents attached, no screening findings.
COMPLIANT = {
    "kind": "tending",
    "operation_type": "young_forest_tending",
    "forest_origin": "planted",
    "protection_class": ProtectionClass.GENERAL,
    "declared_protection_class": ProtectionClass.GENERAL,
    "attachment_kinds": frozenset({AttachmentKind.DESIGN_DOCUMENT}),
    "compartments": ["12-3"],
    "area_ha": Decimal("12.5"),
    "site_area_ha": Decimal("12.53"),
    "site_is_polygonal": True,
    "map_zones": (),
    "parcels": (),
    "overlaps": (),
}
# What an empty interpolation leaves: "持有：。", "位于，", "公益林（）", "：。".
EMPTY_VALUE = re.compile(r"[：:（(]\s*[。，,）)]|位于，|…")


def _offered(facts, kind="tending"):
    with translation.override("zh-hans"):
        return {g.code: g.description for g in grounds_for(kind, facts, BEIJING)}


def test_a_compliant_application_offers_no_ground():
    assert _offered(COMPLIANT) == {}


def test_a_difference_under_the_tolerance_is_no_ground():
    # 12.5 ha declared against 12.53 ha drawn: 0.24 %, not "more than 10 %".
    assert "Z2" not in _offered(COMPLIANT)
    off = _offered({**COMPLIANT, "area_ha": Decimal("15")})
    assert "Z2" in off and "15" in off["Z2"] and "12.53" in off["Z2"]


def test_t6_is_not_a_ground_of_refusal():
    """A missing 委托书 is a completeness matter (一次性补正 under art. 32(4), then 不予受理):
    not a ground a refusal may rest on (issue 46 Medium 10)."""
    facts = {
        **COMPLIANT,
        "applicant_credit_code": "911100000000000001",
        "parcels": (
            {
                "compartment": "12-3",
                "agreement_holder": "密云区林场",
                "agreement_holder_code": "12110000000000000X",
            },
        ),
    }
    assert "T6" not in _offered(facts)


def test_z1_names_the_stricter_zone():
    facts = {
        **COMPLIANT,
        "protection_class": ProtectionClass.KEY_ZONE,
        "protection_classes": frozenset({ProtectionClass.KEY_ZONE}),
        "map_zones": (
            {
                "name": "云蒙山重点区域",
                "source": "密云区重点区域图",
                "protection_class": "key_zone",
            },
        ),
    }
    assert "位于“云蒙山重点区域”（密云区重点区域图），严于" in _offered(facts)["Z1"]


def test_no_offered_ground_leaves_a_value_empty():
    for facts in (COMPLIANT, {**COMPLIANT, "attachment_kinds": frozenset(), "area_ha": 20}):
        for code, text in _offered(facts).items():
            assert not EMPTY_VALUE.search(text), (code, text)
            assert "%(" not in text


def test_a_violated_rule_whose_values_are_missing_is_not_offered():
    rule = Rule(
        "X1",
        frozenset({BEIJING}),
        Severity.BLOCKING,
        None,
        "以下小班：%(parcels)s。",
        "《某法》第一条",
        lambda facts: True,
        lambda facts: {"parcels": ""},
    )
    assert grounds([rule], {}, BEIJING) == []
    filled = Rule(
        *[getattr(rule, f) for f in ("code", "jurisdictions", "severity", "field")],
        rule.message,
        rule.source,
        rule.violated,
        lambda facts: {"parcels": "小班 1"},
    )
    assert [g.description for g in grounds([filled], {}, BEIJING)] == ["以下小班：小班 1。"]


def test_the_annual_plan_is_never_a_ground_of_refusal():
    # T7 advises (docs/legal-basis.md F35): true, and still not a ground.
    facts = {**COMPLIANT, "plan_year": 2026, "planned_compartments": ["9-9"]}
    assert "T7" not in _offered(facts)
