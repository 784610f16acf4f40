"""Recognising a listed invasive species however its name is written (rule S1's matcher)."""

import pytest

from permits.rules.species import (
    SEED_INVASIVE_SPECIES,
    match_invasive,
    normalise_chinese_name,
    normalise_scientific_name,
)

ENTRIES = SEED_INVASIVE_SPECIES

# The six species product.md §3.3 names, as (Chinese name, scientific name).
SIX = {
    ("松材线虫", "Bursaphelenchus xylophilus"),
    ("美国白蛾", "Hyphantria cunea"),
    ("牛蛙", "Lithobates catesbeianus"),
    ("苹果蠹蛾", "Cydia pomonella"),
    ("草地贪夜蛾", "Spodoptera frugiperda"),
    ("福寿螺", "Pomacea canaliculata"),
}


def matched(scientific_name, chinese_name=""):
    entry = match_invasive(scientific_name, chinese_name, ENTRIES)
    return entry and entry["chinese_name"]


# --- The seed list -------------------------------------------------------------------------------


def test_the_seed_list_is_the_six_species_of_004():
    assert {(e["chinese_name"], e["scientific_name"]) for e in ENTRIES} == SIX
    assert next(e for e in ENTRIES if e["chinese_name"] == "牛蛙")["synonyms"] == (
        "Rana catesbeiana",
    )


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["scientific_name"])
def test_each_seed_entry_quotes_the_004_clause_naming_it(entry):
    assert set(entry) == {"scientific_name", "chinese_name", "synonyms", "taxon_group", "source"}
    assert entry["source"].startswith("004 二4《北京市生态保护2023年行动计划》：“")
    assert entry["source"].endswith("”")
    assert entry["chinese_name"] in entry["source"]
    assert entry["taxon_group"] in {"plant", "animal", "aquatic", "insect", "microorganism"}


# --- Scientific names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("  HYPHANTRIA   cunea ", "hyphantria cunea"),
        ("Rana catesbeiana Shaw, 1802", "rana catesbeiana"),
        ("Cydia pomonella (Linnaeus, 1758)", "cydia pomonella"),
        ("Robinia pseudoacacia L.", "robinia pseudoacacia"),
        ("Pomacea canaliculata (Lamarck, 1822)", "pomacea canaliculata"),
        (
            "Bursaphelenchus xylophilus (Steiner & Buhrer, 1934) Nickle, 1970",
            "bursaphelenchus xylophilus",
        ),
        ("Spodoptera frugiperda (J. E. Smith)", "spodoptera frugiperda"),
        ("Lithobates\tcatesbeianus\n", "lithobates catesbeianus"),
        ("Ｃｙｄｉａ　ｐｏｍｏｎｅｌｌａ", "cydia pomonella"),  # full-width letters and space
        ("Cydia pomonella（Linnaeus，1758）", "cydia pomonella"),  # full-width punctuation
        ("Aedes (Stegomyia) albopictus (Skuse, 1894)", "aedes albopictus"),  # subgenus dropped
        # Infraspecific epithets are kept when a rank marker introduces them, rank normalised.
        ("Pinus tabuliformis var. mukdensis Uyeki", "pinus tabuliformis var. mukdensis"),
        ("Pinus tabuliformis Carrière var. mukdensis", "pinus tabuliformis var. mukdensis"),
        ("Pomacea canaliculata ssp. major", "pomacea canaliculata subsp. major"),
        ("Pomacea canaliculata subsp major", "pomacea canaliculata subsp. major"),
        ("Acer palmatum f. atropurpureum", "acer palmatum f. atropurpureum"),
        ("Ginkgo biloba L. f.", "ginkgo biloba"),  # "L. f." is an author, not a form
        # Unmarked trinomials cannot be told from authors: reduced to the binomial.
        ("Canis lupus familiaris", "canis lupus"),
        ("Platanus × acerifolia (Aiton) Willd.", "platanus × acerifolia"),
        ("Platanus x acerifolia", "platanus × acerifolia"),
        ("Pomacea spp.", "pomacea"),
        ("Pomacea", "pomacea"),
        ("", ""),
        ("   ", ""),
        (None, ""),
    ],
)
def test_normalise_scientific_name(written, normalised):
    assert normalise_scientific_name(written) == normalised


@pytest.mark.parametrize(
    ("written", "species"),
    [
        ("  HYPHANTRIA   cunea ", "美国白蛾"),
        ("hyphantria cunea", "美国白蛾"),
        ("Rana catesbeiana Shaw, 1802", "牛蛙"),  # through the listed synonym
        ("Rana catesbeiana", "牛蛙"),
        ("Lithobates catesbeianus (Shaw, 1802)", "牛蛙"),
        ("Cydia pomonella (Linnaeus, 1758)", "苹果蠹蛾"),
        ("Bursaphelenchus xylophilus (Steiner & Buhrer) Nickle", "松材线虫"),
        ("Spodoptera frugiperda (J. E. Smith, 1797)", "草地贪夜蛾"),
        ("POMACEA CANALICULATA", "福寿螺"),
        # A listed species covers its infraspecific taxa.
        ("Hyphantria cunea subsp. foo", "美国白蛾"),
        ("Rana catesbeiana var. bar", "牛蛙"),
    ],
)
def test_listed_species_are_recognised_by_scientific_name(written, species):
    assert matched(written) == species


@pytest.mark.parametrize(
    "written",
    [
        "Robinia pseudoacacia",
        "Robinia pseudoacacia L.",
        "Hyphantria",  # a genus alone is not the listed species
        "Pomacea sp.",
        "Pomacea diffusa",  # another species of the genus
        "Cydia",
        "Rana",
        "Rana nigromaculata",
        "",
        None,
    ],
)
def test_other_names_are_not_listed(written):
    assert match_invasive(written, "", ENTRIES) is None


def test_a_listed_genus_covers_its_species_and_a_listed_variety_only_itself():
    entries = (
        {"scientific_name": "Pomacea spp.", "chinese_name": "福寿螺属", "synonyms": []},
        {
            "scientific_name": "Pinus tabuliformis var. mukdensis",
            "chinese_name": "",
            "synonyms": [],
        },
    )
    assert match_invasive("Pomacea diffusa", "", entries) is entries[0]
    assert match_invasive("Pinus tabuliformis var. mukdensis Uyeki", "", entries) is entries[1]
    assert match_invasive("Pinus tabuliformis", "", entries) is None
    assert match_invasive("Pinus tabuliformis var. umbraculifera", "", entries) is None


# --- Chinese names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("牛 蛙", "牛蛙"),
        ("　牛蛙　", "牛蛙"),  # full-width spaces
        ("美国 白蛾。", "美国白蛾"),
        ("“福寿螺”", "福寿螺"),
        ("草地·贪夜蛾", "草地贪夜蛾"),
        ("松材\n线虫\t", "松材线虫"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalise_chinese_name(written, normalised):
    assert normalise_chinese_name(written) == normalised


@pytest.mark.parametrize(
    ("chinese", "species"),
    [
        ("牛 蛙", "牛蛙"),
        ("牛蛙", "牛蛙"),
        ("　苹果蠹蛾 ", "苹果蠹蛾"),
        ("福寿螺。", "福寿螺"),
        ("非洲牛蛙", None),  # a different species, not a spelling of 牛蛙
        ("刺槐", None),
        ("", None),
    ],
)
def test_listed_species_are_recognised_by_chinese_name(chinese, species):
    assert matched("", chinese) == species


def test_scientific_name_is_matched_first_then_chinese_name():
    # An odd request names two listed species: the scientific name decides which one is reported.
    assert matched("Cydia pomonella", "牛蛙") == "苹果蠹蛾"
    assert matched("Robinia pseudoacacia", "牛蛙") == "牛蛙"


def test_a_non_listed_species_is_none():
    assert match_invasive("Robinia pseudoacacia", "刺槐", ENTRIES) is None


# --- Admin-edited entries ------------------------------------------------------------------------


def test_synonyms_written_in_chinese_are_chinese_aliases():
    entries = [
        {
            "scientific_name": "Lithobates catesbeianus",
            "chinese_name": "牛蛙",
            "synonyms": ["Rana catesbeiana", "美国青蛙"],
            "source": "",
        }
    ]
    assert match_invasive("", "美国 青蛙", entries) is entries[0]
    assert match_invasive("Rana catesbeiana Shaw, 1802", "", entries) is entries[0]


def test_entries_with_missing_or_empty_parts_match_nothing_by_accident():
    entries = [
        {"scientific_name": "", "chinese_name": "", "synonyms": None, "source": ""},
        {"scientific_name": "Hyphantria cunea", "chinese_name": None},
    ]
    assert match_invasive("", "", entries) is None
    assert match_invasive("Robinia pseudoacacia", "刺槐", entries) is None
    assert match_invasive("Hyphantria cunea Drury, 1773", "", entries) is entries[1]


def test_entries_may_be_any_iterable():
    assert match_invasive("Hyphantria cunea", "", iter(ENTRIES))["chinese_name"] == "美国白蛾"
