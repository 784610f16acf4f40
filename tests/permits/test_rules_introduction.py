"""Rules S1–S2 (product.md §3.3) over pure facts: the invasive list arrives in the facts."""

from decimal import Decimal

import pytest

from core.messages import MSG_S1, MSG_S2
from permits.rules import Severity, evaluate, missing_values
from permits.rules import introduction as i
from permits.rules.species import SEED_INVASIVE_SPECIES

BEIJING, TIANJIN = "110000", "120000"
BOTH = (BEIJING, TIANJIN)
PREFIX_004_2_4 = "004 二4《北京市生态保护2023年行动计划》：“"
PREFIX_BIOSECURITY_60 = "《中华人民共和国生物安全法》第六十条"


def facts(**overrides) -> dict:
    """Black locust for landscaping, risk assessment attached: no rule fires on it."""
    base = {
        "scientific_name": "Robinia pseudoacacia L.",
        "chinese_name": "刺槐",
        "taxon_group": "plant",
        "origin_country": "美国",
        "quantity": Decimal("200"),
        "quantity_unit": "株",
        "purpose": "landscaping",
        "habitat_domain": "forest_grassland_wetland",
        "introduction_site": "密云区溪翁庄镇",
        "containment_measures": "苗圃隔离种植",
        "monitoring_interval_months": 6,
        "monitoring_years": 3,
        "attachment_kinds": frozenset({"risk_assessment", "quarantine_certificate"}),
        "invasive_species": SEED_INVASIVE_SPECIES,
    }
    base.update(overrides)
    return base


def findings(jurisdiction: str, **overrides):
    found = evaluate(i.INTRODUCTION_RULES, facts(**overrides), jurisdiction)
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
    """Beijing quotes a clause of 004 二4 (product.md §3.3): S2 the approval clause, S1 the
    sentence of the list that names the matched species. Tianjin never cites a Beijing document
    (§16 L11): both rules quote 《中华人民共和国生物安全法》第六十条."""
    assert finding.rule and finding.field and finding.message
    assert "%(" not in finding.message
    if jurisdiction == BEIJING:
        assert finding.source.startswith(PREFIX_004_2_4)
        phrase = "依法严格外来物种引入审批" if finding.rule == "S2" else "外来入侵物种"
    else:
        assert finding.source.startswith(PREFIX_BIOSECURITY_60)
        phrase = "未经批准，不得擅自引进" if finding.rule == "S2" else "外来入侵物种名录"
        assert "北京" not in finding.source
    assert phrase in finding.source
    assert finding.source.count("“") == 1 and finding.source.endswith("”")


@pytest.mark.parametrize("jurisdiction", BOTH)
def test_a_rule_abiding_introduction_has_no_findings(jurisdiction):
    assert findings(jurisdiction) == []


# --- S1: key invasive species --------------------------------------------------------------------

S1_CASES = [
    # (scientific name as written, Chinese name as written, listed Chinese name, listed name)
    ("Bursaphelenchus xylophilus", "", "松材线虫", "Bursaphelenchus xylophilus"),
    ("  HYPHANTRIA   cunea ", "", "美国白蛾", "Hyphantria cunea"),
    ("Rana catesbeiana Shaw, 1802", "", "牛蛙", "Lithobates catesbeianus"),
    ("", "牛 蛙", "牛蛙", "Lithobates catesbeianus"),
    ("Cydia pomonella (Linnaeus, 1758)", "", "苹果蠹蛾", "Cydia pomonella"),
    ("Spodoptera frugiperda", "草地贪夜蛾", "草地贪夜蛾", "Spodoptera frugiperda"),
    ("Ampullaria canaliculata", "福寿螺", "福寿螺", "Pomacea canaliculata"),  # by Chinese name
]


@pytest.mark.parametrize("jurisdiction", BOTH)
@pytest.mark.parametrize(("scientific", "chinese", "listed_zh", "listed_sci"), S1_CASES)
def test_s1_a_listed_invasive_species_is_refused(
    jurisdiction, scientific, chinese, listed_zh, listed_sci
):
    found = findings(jurisdiction, scientific_name=scientific, chinese_name=chinese)
    s1 = only(found, "S1")
    assert (s1.severity, s1.field) == (Severity.BLOCKING, "scientific_name")
    if jurisdiction == BEIJING:
        # The cited clause is the list entry's own: the 004 sentence that names this species.
        assert listed_zh in s1.source
    else:
        # The seeded entries cite 004, a Beijing plan: Tianjin cites the national basis instead.
        assert s1.source == i.SOURCE_BIOSECURITY_60_LIST
    # The message names the listed species by its own names, not as the applicant wrote them.
    assert s1.message == str(MSG_S1) % {"chinese_name": listed_zh, "scientific_name": listed_sci}
    assert listed_zh in s1.message and listed_sci in s1.message


def test_s1_source_quotes_the_six_species_and_the_approval_clause():
    for name in ("松材线虫", "美国白蛾", "牛蛙", "苹果蠹蛾", "草地贪夜蛾", "福寿螺"):
        assert name in i.SOURCE_004_2_4_INVASIVE
    assert "依法严格外来物种引入审批,强化引入后使用管控" in i.SOURCE_004_2_4_INVASIVE


@pytest.mark.parametrize("jurisdiction", BOTH)
def test_s1_reads_the_list_from_the_facts(jurisdiction):
    """The list is admin-edited data: a species added to it is refused, one removed is not."""
    added = {
        "scientific_name": "Solidago canadensis",
        "chinese_name": "加拿大一枝黄花",
        "synonyms": [],
        "source": "",
    }
    goldenrod = {"scientific_name": "Solidago canadensis L.", "chinese_name": "加拿大一枝黄花"}
    assert "S1" not in codes(findings(jurisdiction, **goldenrod))
    found = findings(jurisdiction, invasive_species=(*SEED_INVASIVE_SPECIES, added), **goldenrod)
    assert "加拿大一枝黄花" in only(found, "S1").message
    bullfrog = {"scientific_name": "Lithobates catesbeianus", "chinese_name": "牛蛙"}
    assert "S1" not in codes(findings(jurisdiction, invasive_species=(), **bullfrog))


def test_s1_without_a_list_refuses_nothing():
    bare = {
        k: v
        for k, v in facts(scientific_name="Hyphantria cunea").items()
        if k != "invasive_species"
    }
    assert evaluate(i.INTRODUCTION_RULES, bare, BEIJING) == []


def test_s1_source_of_the_matched_entry_is_available_for_citing():
    entry_source = "《重点管理外来入侵物种名录》（2022）"
    listed = (
        {
            "scientific_name": "Solidago canadensis",
            "chinese_name": "加拿大一枝黄花",
            "source": entry_source,
        },
    )
    goldenrod = facts(scientific_name="Solidago canadensis", invasive_species=listed)
    assert i.invasive_listing_source(goldenrod) == entry_source
    unsourced = facts(
        invasive_species=({**listed[0], "source": ""},), scientific_name="Solidago canadensis"
    )
    assert i.invasive_listing_source(unsourced) == i.SOURCE_004_2_4_INVASIVE
    assert i.invasive_listing_source(facts(scientific_name="Hyphantria cunea")).startswith(
        PREFIX_004_2_4
    )


def test_s1_in_tianjin_cites_an_entrys_own_source_unless_it_is_a_beijing_document():
    national = "《重点管理外来入侵物种名录》（农业农村部等公告第567号）"
    entry = {"scientific_name": "Solidago canadensis", "chinese_name": "加拿大一枝黄花"}
    goldenrod = {"scientific_name": "Solidago canadensis"}
    cited = facts(invasive_species=({**entry, "source": national},), **goldenrod)
    assert i.invasive_listing_source_tianjin(cited) == national
    for beijing in (i.SOURCE_004_2_4_INVASIVE, "《北京市某名录》"):
        listed = facts(invasive_species=({**entry, "source": beijing},), **goldenrod)
        assert i.invasive_listing_source_tianjin(listed) == i.SOURCE_BIOSECURITY_60_LIST
    unsourced = facts(invasive_species=({**entry, "source": ""},), **goldenrod)
    assert i.invasive_listing_source_tianjin(unsourced) == i.SOURCE_BIOSECURITY_60_LIST


# --- S2: risk assessment -------------------------------------------------------------------------


@pytest.mark.parametrize("jurisdiction", BOTH)
@pytest.mark.parametrize(
    "attached", [frozenset(), frozenset({"quarantine_certificate", "site_map", "other"})]
)
def test_s2_risk_assessment_missing_blocks(jurisdiction, attached):
    s2 = only(findings(jurisdiction, attachment_kinds=attached), "S2")
    source = {BEIJING: i.SOURCE_004_2_4_APPROVAL, TIANJIN: i.SOURCE_BIOSECURITY_60_APPROVAL}
    assert (s2.severity, s2.field, s2.source) == (
        Severity.BLOCKING,
        "attachments",
        source[jurisdiction],
    )
    assert s2.message == str(MSG_S2)


@pytest.mark.parametrize("jurisdiction", BOTH)
def test_s2_no_attachment_facts_at_all_counts_as_missing(jurisdiction):
    bare = {k: v for k, v in facts().items() if k != "attachment_kinds"}
    assert codes(evaluate(i.INTRODUCTION_RULES, bare, jurisdiction)) == ["S2"]


@pytest.mark.parametrize("jurisdiction", BOTH)
def test_both_rules_at_once_in_table_order(jurisdiction):
    found = findings(jurisdiction, chinese_name="福寿螺", attachment_kinds=frozenset())
    assert codes(found) == ["S1", "S2"]


def test_a_rule_applies_only_in_its_jurisdictions():
    assert evaluate(i.INTRODUCTION_RULES, facts(attachment_kinds=frozenset()), "310000") == []


def test_every_introduction_rule_carries_code_field_and_quoted_source():
    table = i.INTRODUCTION_RULES
    assert [(r.code, set(r.jurisdictions)) for r in table] == [
        ("S1", {BEIJING}),
        ("S1", {TIANJIN}),
        ("S2", {BEIJING}),
        ("S2", {TIANJIN}),
    ]
    prefix = {BEIJING: PREFIX_004_2_4, TIANJIN: PREFIX_BIOSECURITY_60}
    for rule in table:
        (jurisdiction,) = rule.jurisdictions
        assert rule.field and rule.source.startswith(prefix[jurisdiction])
        assert rule.source.count("“") == 1 and rule.source.endswith("”")


# --- What submission needs -----------------------------------------------------------------------

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


def test_an_introduction_needs_every_field_and_its_contact():
    required = i.introduction_required(facts())
    assert set(required) == INTRODUCTION_FIELDS | {
        "title",
        "township",
        "contact_name",
        "contact_phone",
    }
    assert len(required) == len(set(required))


def test_missing_values_names_each_empty_introduction_field():
    present = dict.fromkeys(i.introduction_required({}), "x")
    assert missing_values(present, i.introduction_required(present)) == []
    gaps = missing_values(
        {**present, "origin_country": "", "quantity": None}, i.introduction_required({})
    )
    assert [(m.field, m.code) for m in gaps] == [
        ("origin_country", "required"),
        ("quantity", "required"),
    ]


def test_an_introduction_needs_its_quarantine_certificate_attached():
    assert i.introduction_required_attachments(facts()) == ("quarantine_certificate",)
