"""Recognising a species on the invasive list, however the applicant writes its name.

Pure functions, no I/O: the list itself is admin-editable data the service passes in as entries
``{"scientific_name", "chinese_name", "synonyms", "source"}``; ``SEED_INVASIVE_SPECIES`` is what
the seed loader puts in it first (the six species 004 二4 names).

What a scientific name is reduced to (``normalise_scientific_name``):

- lower case, single spaces, full-width letters and spaces folded to ASCII (NFKC);
- genus and species epithet are kept; a hybrid sign (``×`` or a lone ``x``) is kept as ``×``;
- author citations and years are dropped: anything in parentheses (authors, and a subgenus such
  as ``Aedes (Stegomyia) albopictus``), and every word after the epithet;
- an infraspecific epithet is kept only when a rank marker introduces it: ``subsp.``/``ssp.`` →
  ``subsp.``, ``var.`` → ``var.``, ``f.``/``forma`` → ``f.``; the epithet must be written in lower
  case, which is what tells it from an author (``L. f.`` is Linnaeus the younger, not a form).
  Unmarked zoological trinomials (``Canis lupus familiaris``) cannot be told from an author
  citation once case is unreliable, so they are reduced to the binomial.

Matching (``match_invasive``): a listed taxon also catches every taxon below it: a listed species
its subspecies and varieties (a subspecies of 福寿螺 is still 福寿螺), a listed genus (``Pomacea``,
as lists write ``Pomacea spp.``) all its species; a listed variety catches only itself. Reducing a
name errs towards refusing, which a reviewer can still question; letting a listed invasive
species through cannot be undone. Chinese names match exactly once normalised (so 非洲牛蛙 is not
牛蛙); a synonym written in Chinese characters counts as a Chinese alias.
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from permits.choices import TaxonGroup

InvasiveEntry = Mapping[str, Any]

_PARENTHESISED = re.compile(r"\([^()]*\)")
_EPITHET = re.compile(r"[a-z][a-z-]*")  # after lower-casing: letters, and hyphens (e.g. "uva-ursi")
_HYBRID_SIGNS = frozenset({"×", "x"})
_RANKS = {
    "subsp.": "subsp.",
    "subsp": "subsp.",
    "ssp.": "subsp.",
    "ssp": "subsp.",
    "var.": "var.",
    "var": "var.",
    "f.": "f.",
    "forma": "f.",
}
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def normalise_scientific_name(name: str | None) -> str:
    """``"Rana catesbeiana Shaw, 1802"`` → ``"rana catesbeiana"``; ``""`` when nothing is left."""
    text = unicodedata.normalize("NFKC", name or "")
    while _PARENTHESISED.search(text):  # nested parentheses, innermost first
        text = _PARENTHESISED.sub(" ", text)
    words = text.replace(",", " ").split()
    if not words:
        return ""
    kept, rest = [words[0].strip(".").lower()], words[1:]
    if rest and rest[0].lower() in _HYBRID_SIGNS:
        kept, rest = [*kept, "×"], rest[1:]
    if not rest or not _EPITHET.fullmatch(rest[0].lower()):
        return kept[0]  # a genus alone ("Pomacea sp.", "Robinia L.")
    return " ".join([*kept, rest[0].lower(), *_infraspecific(rest[1:])])


def _infraspecific(words: list[str]) -> list[str]:
    """The first ``rank epithet`` pair among the words after the species epithet, if any."""
    for rank, epithet in zip(words, words[1:], strict=False):
        marker = _RANKS.get(rank.lower())
        if marker and epithet.islower() and _EPITHET.fullmatch(epithet):
            return [marker, epithet]
    return []


def normalise_chinese_name(name: str | None) -> str:
    """``" 牛　蛙。"`` → ``"牛蛙"``: no whitespace (full-width included), no punctuation."""
    text = unicodedata.normalize("NFKC", name or "")
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PZC")


def _scientific_matches(requested: str, listed: str) -> bool:
    # Normalised names are paths down the hierarchy (genus, species, infraspecific taxon), so a
    # listed taxon covers every taxon below it: a genus its species, a species its varieties.
    return bool(requested and listed) and (requested + " ").startswith(listed + " ")


def _listed_names(entry: InvasiveEntry) -> tuple[list[str], list[str]]:
    """The entry's scientific and Chinese names; a synonym written in Chinese is a Chinese alias."""
    scientific, chinese = [entry.get("scientific_name") or ""], [entry.get("chinese_name") or ""]
    for synonym in entry.get("synonyms") or ():
        (chinese if _CJK.search(synonym) else scientific).append(synonym)
    return scientific, chinese


def match_invasive(
    scientific_name: str | None, chinese_name: str | None, entries: Iterable[InvasiveEntry]
) -> InvasiveEntry | None:
    """The listed entry the species is, by scientific name (or synonym) first, then Chinese name."""
    entries = tuple(entries)
    requested = normalise_scientific_name(scientific_name)
    for entry in entries:
        scientific, _chinese = _listed_names(entry)
        if any(_scientific_matches(requested, normalise_scientific_name(n)) for n in scientific):
            return entry
    requested_chinese = normalise_chinese_name(chinese_name)
    if not requested_chinese:
        return None
    for entry in entries:
        _scientific, chinese = _listed_names(entry)
        if any(requested_chinese == normalise_chinese_name(n) for n in chinese):
            return entry
    return None


SOURCE_004_2_4_FOREST = (
    "004 二4《北京市生态保护2023年行动计划》：“强化森林、草地、湿地、河流、水库等重点区域外来入侵物种治理。"
    "重点做好松材线虫、美国白蛾、牛蛙等外来入侵物种的监测与综合治理。”"
)
SOURCE_004_2_4_FARMLAND = (
    "004 二4《北京市生态保护2023年行动计划》：“强化农田、渔业水域等领域外来入侵物种治理。"
    "重点做好苹果蠹蛾、草地贪夜蛾、福寿螺等外来入侵物种的监测与综合治理。”"
)

# The key invasive species 004 二4 names (product.md §3.3, rule S1): the seed of the editable list.
SEED_INVASIVE_SPECIES: tuple[InvasiveEntry, ...] = (
    {
        "scientific_name": "Bursaphelenchus xylophilus",
        "chinese_name": "松材线虫",
        "synonyms": (),
        "taxon_group": TaxonGroup.ANIMAL,  # a nematode
        "source": SOURCE_004_2_4_FOREST,
    },
    {
        "scientific_name": "Hyphantria cunea",
        "chinese_name": "美国白蛾",
        "synonyms": (),
        "taxon_group": TaxonGroup.INSECT,
        "source": SOURCE_004_2_4_FOREST,
    },
    {
        "scientific_name": "Lithobates catesbeianus",
        "chinese_name": "牛蛙",
        "synonyms": ("Rana catesbeiana",),
        "taxon_group": TaxonGroup.AQUATIC,  # farmed and managed as an aquatic animal
        "source": SOURCE_004_2_4_FOREST,
    },
    {
        "scientific_name": "Cydia pomonella",
        "chinese_name": "苹果蠹蛾",
        "synonyms": (),
        "taxon_group": TaxonGroup.INSECT,
        "source": SOURCE_004_2_4_FARMLAND,
    },
    {
        "scientific_name": "Spodoptera frugiperda",
        "chinese_name": "草地贪夜蛾",
        "synonyms": (),
        "taxon_group": TaxonGroup.INSECT,
        "source": SOURCE_004_2_4_FARMLAND,
    },
    {
        "scientific_name": "Pomacea canaliculata",
        "chinese_name": "福寿螺",
        "synonyms": (),
        "taxon_group": TaxonGroup.AQUATIC,
        "source": SOURCE_004_2_4_FARMLAND,
    },
)
