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
