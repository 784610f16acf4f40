"""Rules T8 and T9 (product.md §19 P5): public-welfare funding only on 公益林 (advice to the
reviewer and the funding workflow, 森林法 第二十九条, a fiscal rule: issue 46 Medium 10); on 公益林
no commercial harvest (advisory, 森林法 第五十五条第一项)."""

import pytest

from permits.rules import evaluate, rules_for
from permits.rules.base import Severity

from .test_rules import BOTH, assert_quoted, facts


def _parcel(compartment, grade):
    return {"compartment": compartment, "welfare_grade": grade, "forest_origin": "planted"}


def _found(jurisdiction, **overrides):
    return [
        f
        for f in evaluate(rules_for("tending"), facts(**overrides), jurisdiction)
        if f.rule in ("T8", "T9")
    ]


@pytest.mark.parametrize("jurisdiction", BOTH)
def test_welfare_funding_on_commercial_forest_advises_and_names_the_sub_compartments(jurisdiction):
    (finding,) = _found(
        jurisdiction,
        funding_source="public_welfare_forest",
        parcels=(_parcel("12-3", "national"), _parcel("12-4", "commercial")),
    )
    assert (finding.rule, finding.severity, finding.field) == (
        "T8",
        Severity.ADVISORY,
        "funding_source",
    )
    assert "12-4" in finding.message and "12-3" not in finding.message
    assert "第二十九条" in finding.source
    assert_quoted(finding.source)


@pytest.mark.parametrize(
    "parcels",
    [
        (_parcel("12-3", "national"), _parcel("12-4", "local")),
        (_parcel("12-3", ""),),  # the registry does not grade it: not judged
        (),  # not in the registry at all
    ],
)
def test_welfare_funding_on_welfare_forest_or_ungraded_is_not_refused(parcels):
    assert _found("110000", funding_source="public_welfare_forest", parcels=parcels) == []


def test_other_funding_on_commercial_forest_is_not_t8():
    assert (
        _found("110000", funding_source="tending_subsidy", parcels=(_parcel("1", "commercial"),))
        == []
    )


@pytest.mark.parametrize("jurisdiction", BOTH)
def test_a_commercial_harvest_on_welfare_forest_is_advised_against(jurisdiction):
    found = _found(
        jurisdiction,
        operation_type="commercial_harvest",
        forest_origin="planted",
        parcels=(_parcel("7-1", "local"),),
    )
    (finding,) = [f for f in found if f.rule == "T9"]
    assert finding.severity == Severity.ADVISORY and finding.field == "operation_type"
    assert "7-1" in finding.message and "第五十五条" in finding.source
    assert_quoted(finding.source)
    tending = _found(jurisdiction, operation_type="thinning", parcels=(_parcel("7-1", "local"),))
    assert [f for f in tending if f.rule == "T9"] == []


@pytest.mark.parametrize("jurisdiction", BOTH)
def test_t8_is_never_a_refusal_nor_advice_before_filing(jurisdiction):
    """Art. 29 of the Forest Law earmarks money; it sets no condition of the licence (issue 46
    Medium 10): T8 is not offered as a refusal's ground nor shown as what the agency refuses."""
    from permits.rules import before_filing, grounds_for

    found = facts(
        funding_source="public_welfare_forest",
        parcels=(_parcel("12-4", "commercial"),),
    )
    assert [f.rule for f in _found(jurisdiction, **dict(found))] == ["T8"]
    assert "T8" not in {g.code for g in grounds_for("tending", found, jurisdiction)}
    assert "T8" not in {
        f.rule for f in before_filing(evaluate(rules_for("tending"), found, jurisdiction))
    }
