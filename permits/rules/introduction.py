"""Rules S1–S2 for alien species introduction (product.md §3.3, §16 L11), with the clauses they
come from: Beijing cites its 2023 plan, Tianjin the national Biosecurity Law (001 says nothing of
alien species).

Facts are the introduction's field values plus ``attachment_kinds`` and ``invasive_species``: the
admin-edited invasive list as entries ``{"scientific_name", "chinese_name", "synonyms", "source"}``
(the service reads it; the rules stay pure).
"""

from core.messages import MSG_S1, MSG_S2
from permits.choices import AttachmentKind

from .base import Facts, Rule, Severity, cites_beijing
from .species import InvasiveEntry, match_invasive
from .tending import BEIJING, TIANJIN

SOURCE_004_2_4_INVASIVE = (
    "004 二4《北京市生态保护2023年行动计划》：“依法严格外来物种引入审批,强化引入后使用管控。…"
    "重点做好苹果蠹蛾、草地贪夜蛾、福寿螺等外来入侵物种的监测与综合治理。…"
    "重点做好松材线虫、美国白蛾、牛蛙等外来入侵物种的监测与综合治理。”"
)
SOURCE_004_2_4_APPROVAL = (
    "004 二4《北京市生态保护2023年行动计划》：“依法严格外来物种引入审批,强化引入后使用管控。”"
)
BIOSECURITY_LAW = "《中华人民共和国生物安全法》"
# The national basis of the invasive list and of the approval an introduction needs.
SOURCE_BIOSECURITY_60_LIST = (
    f"{BIOSECURITY_LAW}第六十条：“国家加强对外来物种入侵的防范和应对，保护生物多样性。国务院农业农村主管部门"
    "会同国务院其他有关部门制定外来入侵物种名录和管理办法。…任何单位和个人未经批准，不得擅自引进、释放或者"
    "丢弃外来物种。”"
)
# Our reading: the approval art. 60 para. 3 requires rests on an assessment of the species' risk
# (the 2022 外来入侵物种管理办法 asks a first introduction for one; its text was not found).
SOURCE_BIOSECURITY_60_APPROVAL = f"{BIOSECURITY_LAW}第六十条第三款：“任何单位和个人未经批准，不得擅自引进、释放或者丢弃外来物种。”"


def invasive_match(facts: Facts) -> InvasiveEntry | None:
    return match_invasive(
        facts.get("scientific_name"),
        facts.get("chinese_name"),
        facts.get("invasive_species") or (),
    )


def is_listed_invasive(facts: Facts) -> bool:
    return invasive_match(facts) is not None


def listed_species_names(facts: Facts) -> dict[str, str]:
    """The listed entry's own names, so the message says which species the request turned out to be."""
    entry = invasive_match(facts) or {}
    return {
        "chinese_name": entry.get("chinese_name") or facts.get("chinese_name") or "",
        "scientific_name": entry.get("scientific_name") or facts.get("scientific_name") or "",
    }


def invasive_listing_source(facts: Facts) -> str:
    """The clause that lists the matched species: the entry's own source when it has one."""
    entry = invasive_match(facts) or {}
    return entry.get("source") or SOURCE_004_2_4_INVASIVE


def invasive_listing_source_tianjin(facts: Facts) -> str:
    """Tianjin cites the entry's own source unless it is a Beijing document (the seeded entries
    cite 004), then the national basis of the list."""
    entry = invasive_match(facts) or {}
    source = entry.get("source") or ""
    return source if source and not cites_beijing(source) else SOURCE_BIOSECURITY_60_LIST


def risk_assessment_missing(facts: Facts) -> bool:
    return AttachmentKind.RISK_ASSESSMENT not in facts.get("attachment_kinds", ())


INTRODUCTION_RULES: tuple[Rule, ...] = (
    Rule(
        "S1",
        frozenset({BEIJING}),
        Severity.BLOCKING,
        "scientific_name",
        MSG_S1,
        SOURCE_004_2_4_INVASIVE,
        is_listed_invasive,
        listed_species_names,
        invasive_listing_source,
    ),
    Rule(
        "S1",
        frozenset({TIANJIN}),
        Severity.BLOCKING,
        "scientific_name",
        MSG_S1,
        SOURCE_BIOSECURITY_60_LIST,
        is_listed_invasive,
        listed_species_names,
        invasive_listing_source_tianjin,
    ),
    Rule(
        "S2",
        frozenset({BEIJING}),
        Severity.BLOCKING,
        "attachments",
        MSG_S2,
        SOURCE_004_2_4_APPROVAL,
        risk_assessment_missing,
    ),
    Rule(
        "S2",
        frozenset({TIANJIN}),
        Severity.BLOCKING,
        "attachments",
        MSG_S2,
        SOURCE_BIOSECURITY_60_APPROVAL,
        risk_assessment_missing,
    ),
)

# What an introduction application must state before it can be submitted.
INTRODUCTION_REQUIRED = (
    "title",
    "township",
    "contact_name",
    "contact_phone",
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
)
INTRODUCTION_REQUIRED_ATTACHMENTS = (AttachmentKind.QUARANTINE_CERTIFICATE,)


def introduction_required(facts: Facts) -> tuple[str, ...]:
    return INTRODUCTION_REQUIRED


def introduction_required_attachments(facts: Facts) -> tuple[str, ...]:
    """Attachment kinds submission needs (completeness, not a policy rule: no code, no clause)."""
    return INTRODUCTION_REQUIRED_ATTACHMENTS
