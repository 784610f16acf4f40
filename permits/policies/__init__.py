"""Policy rules per application type; ``rules_for(kind)`` is the registry services use."""

from permits.choices import Kind

from .base import (
    Facts,
    Finding,
    Missing,
    Rule,
    Severity,
    advisory,
    blocking,
    evaluate,
    missing_values,
)
from .tending import TENDING_RULES, tending_required

RULES = {Kind.TENDING: TENDING_RULES}
REQUIRED = {Kind.TENDING: tending_required}


def final_approval_requires_planning_agreement(facts: Facts) -> bool:
    """Rule O3: an occupation in the ecological red line needs the planning agency's agreement."""
    from .occupation import red_line_requires_planning_agreement

    return facts.get("kind") == Kind.OCCUPATION and red_line_requires_planning_agreement(facts)


def planning_agreement_problem():
    from permits.errors import Problem

    from .occupation import MSG_O3_NOT_AGREED, SOURCE_O3

    return Problem("protection_class", "rule_violation", str(MSG_O3_NOT_AGREED), "O3", SOURCE_O3)


def rules_for(kind: str) -> tuple[Rule, ...]:
    return RULES[Kind(kind)]


def required_for(kind: str, facts: Facts) -> tuple[str, ...]:
    return REQUIRED[Kind(kind)](facts)


__all__ = [
    "Facts",
    "Finding",
    "Missing",
    "Rule",
    "Severity",
    "advisory",
    "blocking",
    "evaluate",
    "missing_values",
    "required_for",
    "rules_for",
]
