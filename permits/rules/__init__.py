"""Policy rules per application type; ``rules_for(kind)`` is the registry services use."""

from typing import TYPE_CHECKING

from core.messages import MSG_O3_NOT_AGREED
from permits.choices import AttachmentKind, Kind

from .acceptance import non_acceptance_grounds, non_acceptance_notices
from .base import (
    Facts,
    Finding,
    Ground,
    Missing,
    Rule,
    Severity,
    advisory,
    before_filing,
    blocking,
    evaluate,
    grounds,
    incomplete,
    missing_attachments,
    missing_values,
)
from .grades import GRADE_RULES
from .holders import HOLDER_RULES
from .introduction import (
    INTRODUCTION_RULES,
    introduction_required,
    introduction_required_attachments,
)
from .occupation import (
    OCCUPATION_RULES,
    occupation_required,
    occupation_required_attachments,
    red_line_agreement_source,
    red_line_requires_planning_agreement,
)
from .plans import PLAN_RULES
from .tending import TENDING_RULES, protection_work_in_reserve_core, tending_required
from .welfare import WELFARE_RULES
from .zones import OCCUPATION_ZONE_RULES, TENDING_ZONE_RULES

if TYPE_CHECKING:
    from core.errors import Problem

RULES = {
    Kind.TENDING: (TENDING_RULES + HOLDER_RULES + TENDING_ZONE_RULES + WELFARE_RULES + PLAN_RULES),
    Kind.OCCUPATION: OCCUPATION_RULES + GRADE_RULES + OCCUPATION_ZONE_RULES,
    Kind.INTRODUCTION: INTRODUCTION_RULES,
}
REQUIRED = {
    Kind.TENDING: tending_required,
    Kind.OCCUPATION: occupation_required,
    Kind.INTRODUCTION: introduction_required,
}
# Attachments that complete an application (T4 and S2 are rules: the seeds demand them).
REQUIRED_ATTACHMENTS = {
    Kind.TENDING: lambda facts: (),
    Kind.OCCUPATION: occupation_required_attachments,
    Kind.INTRODUCTION: introduction_required_attachments,
}


def final_approval_requires_planning_agreement(facts: Facts) -> bool:
    """Rule O3: an occupation in the ecological red line, of a project type the red-line regime
    admits, needs the planning agency's agreement (any other type is refused by O3 itself)."""
    return facts.get("kind") == Kind.OCCUPATION and red_line_requires_planning_agreement(facts)


def planning_agreement_problem(facts: Facts, jurisdiction: str) -> "Problem":
    """O3 at approval, citing the jurisdiction's own basis and the project type's item."""
    from core.errors import Problem

    source = red_line_agreement_source(facts, jurisdiction)
    return Problem("protection_class", "rule_violation", str(MSG_O3_NOT_AGREED), "O3", source)


def rules_for(kind: str) -> tuple[Rule, ...]:
    return RULES[Kind(kind)]


def grounds_for(kind: str, facts: Facts, jurisdiction: str) -> list[Ground]:
    """The rules a refusal of an application of ``kind`` may cite as its grounds."""
    return grounds(RULES[Kind(kind)], facts, jurisdiction)


def required_for(kind: str, facts: Facts) -> tuple[str, ...]:
    return REQUIRED[Kind(kind)](facts)


def required_attachments_for(kind: str, facts: Facts) -> tuple[str, ...]:
    return tuple(REQUIRED_ATTACHMENTS[Kind(kind)](facts))


def documents_required(kind: str, facts: Facts, jurisdiction: str) -> dict[str, str | None]:
    """The attachment kinds submission needs, each with the rule demanding it (T4, S2) or None.

    Completeness lists them directly; for the rules on ``attachments`` each kind is asked in
    turn whether its absence alone would violate one (the rules stay the one source).
    """
    needed: dict[str, str | None] = dict.fromkeys(required_attachments_for(kind, facts))
    attachment_rules = [r for r in rules_for(kind) if r.field == "attachments"]
    for document in AttachmentKind.values:
        without = {**facts, "attachment_kinds": frozenset(AttachmentKind.values) - {document}}
        for finding in before_filing(evaluate(attachment_rules, without, jurisdiction)):
            needed.setdefault(document, finding.rule)
    return needed


__all__ = [
    "Facts",
    "Finding",
    "Ground",
    "Missing",
    "Rule",
    "Severity",
    "advisory",
    "before_filing",
    "blocking",
    "documents_required",
    "evaluate",
    "grounds_for",
    "incomplete",
    "missing_attachments",
    "missing_values",
    "non_acceptance_grounds",
    "non_acceptance_notices",
    "protection_work_in_reserve_core",
    "required_attachments_for",
    "required_for",
    "rules_for",
]
