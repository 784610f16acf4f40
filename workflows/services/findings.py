"""What the deciding step does with the findings an application was filed with (issue 46 High 1,
行政许可法 arts. 38(2), 7): a refusal rests on each blocking finding that stands, printed as its
reason with the clause it fails; an approval while one stands is refused (409
``blocking_findings``) unless the decision records, for each, why it does not hold
(``overrides``: ``[{"rule", "reason"}]``), which its event and its ``ReviewDecision`` keep."""

from typing import Any

from core.errors import InvalidInput, Problem, StateConflict
from core.messages import (
    MSG_BLOCKING_FINDINGS,
    MSG_OVERRIDE_NOT_A_FINDING,
    MSG_OVERRIDE_REASON_REQUIRED,
    MSG_OVERRIDES_INVALID,
    MSG_OVERRIDES_ONLY_WITH_APPROVAL,
)
from permits import rules
from permits.choices import Decision
from permits.models import Application
from permits.services import application_findings

OVERRIDE_REASON_MAX = 2000
BLOCKING_FINDINGS = "blocking_findings"


def _refused(code: str, message: object) -> InvalidInput:
    return InvalidInput.on("overrides", code, message)


def standing_blocking(application: Application) -> list[rules.Finding]:
    """The blocking findings of ``application`` as it stands, each rule once."""
    seen: dict[str, rules.Finding] = {}
    for finding in rules.blocking(application_findings(application)):
        seen.setdefault(finding.rule, finding)
    return list(seen.values())


def overrides_clean(
    overrides: object, *, application: Application, decision: Decision
) -> list[dict[str, str]]:
    """The overrides an approval names, each a blocking finding that stands with the reason
    the decider gives why it does not hold; nothing else is taken."""
    if overrides in (None, []):
        return []
    if decision != Decision.APPROVE:
        raise _refused("not_allowed", MSG_OVERRIDES_ONLY_WITH_APPROVAL)
    if not isinstance(overrides, list | tuple) or not all(isinstance(o, dict) for o in overrides):
        raise _refused("invalid", MSG_OVERRIDES_INVALID)
    standing = {f.rule for f in standing_blocking(application)}
    cleaned: dict[str, dict[str, str]] = {}
    for override in overrides:
        rule, reason = override.get("rule"), override.get("reason")
        if not isinstance(rule, str) or rule not in standing:
            raise _refused("invalid_choice", MSG_OVERRIDE_NOT_A_FINDING % {"code": str(rule)[:20]})
        if not isinstance(reason, str) or not reason.strip():
            raise _refused("required", MSG_OVERRIDE_REASON_REQUIRED % {"code": rule})
        cleaned[rule] = {"rule": rule, "reason": reason.strip()[:OVERRIDE_REASON_MAX]}
    return list(cleaned.values())


def approval_findings_check(application: Application, overrides: list[dict[str, str]]) -> None:
    """409 ``blocking_findings`` while a blocking finding stands that the approval does not
    override, each named with its rule and clause."""
    overridden = {o["rule"] for o in overrides}
    if left := [f for f in standing_blocking(application) if f.rule not in overridden]:
        raise StateConflict(
            MSG_BLOCKING_FINDINGS,
            [Problem(f.field, BLOCKING_FINDINGS, f.message, f.rule, f.source) for f in left],
        )


def refusal_grounds_complete(
    application: Application, chosen: list[dict[str, str]], offered: list[rules.Ground]
) -> list[dict[str, Any]]:
    """A refusal's grounds: those the decider named, then each blocking finding that stands
    and the decision did not name (its reason and the clause it fails are printed)."""
    by_code = {g.code: g for g in offered}
    named = {g["code"] for g in chosen}
    added = [
        {
            "code": f.rule,
            "source": by_code[f.rule].source,
            "description": by_code[f.rule].description,
        }
        for f in standing_blocking(application)
        if f.rule not in named and f.rule in by_code
    ]
    return [*chosen, *added]
