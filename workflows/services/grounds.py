"""The grounds a refusal or a non-acceptance names: rule codes, each checked against those
``selectors.grounds_offered`` offers for the decision and kept with the clause it cites."""

from core.errors import InvalidInput, Problem
from core.messages import (
    MSG_GROUND_NOT_FOUND,
    MSG_GROUNDS_INVALID,
    MSG_GROUNDS_NOT_ALLOWED,
    MSG_NON_ACCEPTANCE_GROUND_UNKNOWN,
)
from permits.choices import DECISIONS_WITH_GROUNDS, Decision
from permits.models import Application

from .. import selectors

# How a code is refused that the decision's grounds do not include.
MSG_GROUND_UNKNOWN_FOR = {
    Decision.REJECT: MSG_GROUND_NOT_FOUND,
    Decision.NOT_ACCEPT: MSG_NON_ACCEPTANCE_GROUND_UNKNOWN,
}


def _grounds_refused(code: str, message: str) -> InvalidInput:
    return InvalidInput(problems=[Problem("grounds", code, message)])


def _validate_grounds(
    grounds: object, *, application: Application, decision: Decision
) -> list[dict[str, str]]:
    """The grounds a refusal or a non-acceptance names, each with the clause it cites for this
    application: only those ``selectors.grounds_offered`` offers for the decision (a refusal:
    the rules of its type and jurisdiction; a non-acceptance: art. 32's)."""
    if grounds in (None, []):
        return []
    if decision not in DECISIONS_WITH_GROUNDS:
        raise _grounds_refused("not_allowed", str(MSG_GROUNDS_NOT_ALLOWED))
    if not isinstance(grounds, list | tuple) or not all(isinstance(g, str) for g in grounds):
        raise _grounds_refused("invalid", str(MSG_GROUNDS_INVALID))
    offered = {g.code: g for g in selectors.grounds_offered(application, decision)}
    chosen: list[dict[str, str]] = []
    for code in grounds:
        if code not in offered:
            refusal = MSG_GROUND_UNKNOWN_FOR[decision] % {"code": code[:20]}
            raise _grounds_refused("invalid_choice", str(refusal))
        if all(c["code"] != code for c in chosen):
            ground = offered[code]
            kept = {"code": code, "source": ground.source}
            if decision == Decision.REJECT:  # printed as the refusal's reason (art. 38(2))
                kept["description"] = ground.description
            chosen.append(kept)
    return chosen
