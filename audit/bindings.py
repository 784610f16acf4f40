"""Records kept above the trail that the trail vouches for (product.md §7).

An app whose records each event hashes (``permits``: an application's status and facts)
registers a check that yields what the database holds but no event led to; ``manage.py
audit_verify`` runs every registered check after the chain. The trail knows nothing of those
records: only that someone can tell it which of them it no longer vouches for.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Unbound:
    """A record whose state the trail does not vouch for."""

    reference: str
    seq: int  # the event it contradicts
    problem: str


Check = Callable[[], Iterator[Unbound]]
CHECKS: list[Check] = []


def binding_check_register(check: Check) -> None:
    if check not in CHECKS:
        CHECKS.append(check)


def first_unbound() -> Unbound | None:
    """The first record some registered check finds unbound, or None."""
    for check in CHECKS:
        if (found := next(check(), None)) is not None:
            return found
    return None
