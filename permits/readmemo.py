"""Reads asked again and again while one answer is built, made once.

An application's record (the API's, the detail page's) asks the same questions several times:
the screening and its overlaps (the rules, the warnings, the ``screening`` block and the
snapshot each read them), and the reader's object permissions on the application (who may see
the countersigns, the changes since a return, which actions to offer). Inside ``read_once()``
each answer is kept until the block ends.

A block that writes (a decision's transaction) names the kinds it keeps, and what writes them
calls ``forget``: ``screening_refresh`` forgets the screening and the overlaps it replaced.
Building a response after the service committed keeps every kind. The memo belongs to the
block and never outlives it; answers that are the reader's are keyed by the reader's primary
key, so one user's answer is never shown to another, and a ``ContextVar`` keeps each thread's
(or task's) memo its own.
"""

import functools
from collections.abc import Callable, Collection, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

# (the kinds kept, or None for all; the answers by key)
_Memo = tuple[frozenset[str] | None, dict[tuple[Hashable, ...], Any]]
_memo: ContextVar[_Memo | None] = ContextVar("permits_read_memo", default=None)

T = TypeVar("T")
P = ParamSpec("P")

ATTACHMENTS = "attachments"
SCREENING = "screening"
OVERLAPS = "overlaps"
APPLICATION_PERMS = "application_perms"
# What a user's memberships give them: their roles' permissions on agencies, the agencies
# they belong to. Only memberships change it (never inside a block that keeps it).
AGENCY_PERMS = "agency_perms"
SEEN_AS_OFFICIAL = "seen_as_official"
# An application's open step clocks: what moves them forgets them (workflows.clock).
CLOCKS = "clocks"
# The 小班 of a district's annual plan of a year (rule T7): only an administrator's import
# changes it, never inside a block.
PLANS = "plans"
# An application's special procedures (art. 45): a decision's check that none runs on its step
# reads them (locked), its clocks and its record take that answer; what starts or ends one, or
# issues its notice, forgets them (workflows.services.procedures).
PROCEDURES = "procedures"
# The consulted agencies' opinions of an application's current pass: a countersign and a new
# pass (engine.review_start) forget them.
COUNTERSIGNS = "countersigns"
# The legal office's classification of a decision (documents.forms, issue 46 item 3): only the
# admin changes it, never inside a block.
DECISION_FORMS = "decision_forms"
ALL_KINDS = frozenset(
    {
        ATTACHMENTS,
        SCREENING,
        OVERLAPS,
        APPLICATION_PERMS,
        AGENCY_PERMS,
        SEEN_AS_OFFICIAL,
        CLOCKS,
        PLANS,
        PROCEDURES,
        COUNTERSIGNS,
        DECISION_FORMS,
    }
)


@contextmanager
def read_once(kinds: Collection[str] | None = None) -> Iterator[None]:
    """Within the block, ``remembered`` answers each question of ``kinds`` (all when None)
    once. A nested block shares the outer block's answers. It keeps the outer block's kinds,
    or, when it names more (a response built after a decision, in the decision's block), those
    too until it ends: what it kept beyond the outer block's kinds is then dropped."""
    outer = _memo.get()
    if outer is not None:
        outer_kinds, answers = outer
        wider = _wider(outer_kinds, kinds) if outer_kinds is not None else None
        if outer_kinds is None or wider is None:
            yield
            return
        token = _memo.set((wider, answers))
        try:
            yield
        finally:
            _memo.reset(token)
            for key in [k for k in answers if k[0] not in outer_kinds]:
                del answers[key]
        return
    token = _memo.set((frozenset(kinds) if kinds is not None else None, {}))
    try:
        yield
    finally:
        _memo.reset(token)


def _wider(outer: frozenset[str], kinds: Collection[str] | None) -> frozenset[str] | None:
    """The kinds of a nested block naming more than its outer block, else None (it shares the
    outer block's kinds)."""
    if kinds is None:
        return ALL_KINDS
    return outer | frozenset(kinds) if not outer.issuperset(kinds) else None


def reading_once(
    kinds: Collection[str] | None = None,
) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Decorate a function (a service, a page's rendering): its body is one
    ``read_once(kinds)`` block."""

    def decorate(function: Callable[P, T]) -> Callable[P, T]:
        @functools.wraps(function)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
            with read_once(kinds):
                return function(*args, **kwargs)

        return wrapper

    return decorate


def _answers(kind: Hashable) -> dict[tuple[Hashable, ...], Any] | None:
    """The answers of the ``read_once()`` block around, when it keeps ``kind``; else None."""
    memo = _memo.get()
    if memo is None or (memo[0] is not None and kind not in memo[0]):
        return None
    return memo[1]


def remembered(key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """``compute()``, or inside a ``read_once()`` block keeping ``key[0]``, the answer already
    computed for ``key``."""
    answers = _answers(key[0])
    if answers is None:
        return compute()
    try:
        answer: T = answers[key]
    except KeyError:
        answer = answers[key] = compute()
    return answer


def remember(key: tuple[Hashable, ...], answer: object) -> None:
    """Inside a ``read_once()`` block keeping ``key[0]``, take ``answer`` for ``key``: what a
    write has just stored (``screening_refresh``'s new row), so the next read need not ask."""
    answers = _answers(key[0])
    if answers is not None:
        answers[key] = answer


def forget(*kinds: str) -> None:
    """Drop the remembered answers of ``kinds``: what writes them calls this, so that a block
    spanning the write reads them afresh."""
    memo = _memo.get()
    if memo is not None:
        answers = memo[1]
        for key in [k for k in answers if k[0] in kinds]:
            del answers[key]


def forget_unless(kind: str, still_true: Callable[[Any], bool]) -> None:
    """Drop the remembered answers of ``kind`` that a write may have changed, keeping those
    ``still_true`` vouches for (a grant only adds: an answer that holds it already stands)."""
    memo = _memo.get()
    if memo is not None:
        answers = memo[1]
        for key in [k for k, answer in answers.items() if k[0] == kind and not still_true(answer)]:
            del answers[key]
