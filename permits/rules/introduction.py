"""Rules S1–S2 for alien species introduction (product.md §3.3), with the clauses they come from.

Facts are the introduction's field values plus ``attachment_kinds`` and ``invasive_species``: the
admin-edited invasive list as entries ``{"scientific_name", "chinese_name", "synonyms", "source"}``
(the service reads it; the rules stay pure).
"""

from django.utils.translation import gettext_lazy as _

from permits.choices import AttachmentKind

from .base import Facts, Rule, Severity
from .species import InvasiveEntry, match_invasive
from .tending import BOTH

SOURCE_004_2_4_INVASIVE = (
    "004 二4《北京市生态保护2023年行动计划》：“依法严格外来物种引入审批,强化引入后使用管控。…"
    "重点做好苹果蠹蛾、草地贪夜蛾、福寿螺等外来入侵物种的监测与综合治理。…"
    "重点做好松材线虫、美国白蛾、牛蛙等外来入侵物种的监测与综合治理。”"
)
SOURCE_004_2_4_APPROVAL = (
    "004 二4《北京市生态保护2023年行动计划》：“依法严格外来物种引入审批,强化引入后使用管控。”"
)

MSG_S1 = _(
    "%(chinese_name)s (%(scientific_name)s) is on the list of key invasive alien species and "
    "may not be introduced."
)
MSG_S2 = _("The risk assessment must be attached.")


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


def risk_assessment_missing(facts: Facts) -> bool:
    return AttachmentKind.RISK_ASSESSMENT not in facts.get("attachment_kinds", ())


INTRODUCTION_RULES: tuple[Rule, ...] = (
    Rule(
        "S1",
        BOTH,
        Severity.BLOCKING,
        "scientific_name",
        MSG_S1,
        SOURCE_004_2_4_INVASIVE,
        is_listed_invasive,
        listed_species_names,
        invasive_listing_source,
    ),
    Rule(
        "S2",
        BOTH,
        Severity.BLOCKING,
        "attachments",
        MSG_S2,
        SOURCE_004_2_4_APPROVAL,
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
