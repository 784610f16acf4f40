"""The machinery of policy rules: pure data and pure functions, no I/O.

A rule is a table row: its code (T1…), the jurisdictions it applies to, whether it blocks
submission or only advises, the clause it comes from (quoted, so an official can cite it),
the field it concerns and a predicate over the application's facts that is true on violation.
"""

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Facts = Mapping[str, Any]


def protection_classes(facts: Facts) -> frozenset[str]:
    """Every protection class that applies to the site: the declared one and the mapped ones
    (``protection_classes``, from the screening). Being in a red line does not exempt a site
    from the rules of a key zone it also lies in."""
    classes = facts.get("protection_classes")
    if classes is not None:
        return frozenset(classes)
    declared = facts.get("protection_class")
    return frozenset({str(declared)} if declared else ())


class Severity(StrEnum):
    """What the agency does with a finding (issue 46 High 1, Medium 10): a ``blocking`` one is a
    licensing condition the deciding step refuses on (arts. 38(2)); an ``incomplete`` one is a
    matter of the materials, which the acceptance step asks once to be corrected (art. 32(4))
    and, still missing, does not accept (N3); an ``advisory`` one is advice to the reviewer.
    None of them keeps an applicant from filing (art. 29): the first two are shown before
    filing as what the agency will decide on them."""

    BLOCKING = "blocking"
    INCOMPLETE = "incomplete"
    ADVISORY = "advisory"


@dataclass(frozen=True)
class Rule:
    code: str
    jurisdictions: frozenset[str]
    severity: Severity
    field: str | None
    message: "StrOrPromise"
    source: str
    violated: Callable[[Facts], bool]
    # Values interpolated into ``message`` (``%(name)s``), computed from the same facts.
    params: Callable[[Facts], Mapping[str, object]] | None = None
    # The clause to cite when it depends on data (S1: the list entry that names the species).
    cite: Callable[[Facts], str] | None = None
    # Whether a refusal may rest on it: an advice that is no licensing condition (T7, the
    # annual plan: docs/legal-basis.md F35) never is.
    refuses: bool = True

    def explain(self, facts: Facts) -> str:
        return str(self.message) % self.params(facts) if self.params else str(self.message)


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    field: str | None
    message: str
    source: str


def evaluate(rules: Iterable[Rule], facts: Facts, jurisdiction: str) -> list[Finding]:
    """Every finding of ``rules`` that apply in ``jurisdiction``, in table order."""
    return [
        Finding(
            rule.code,
            rule.severity,
            rule.field,
            rule.explain(facts),
            str(rule.cite(facts) if rule.cite else rule.source),
        )
        for rule in rules
        if jurisdiction in rule.jurisdictions and rule.violated(facts)
    ]


@dataclass(frozen=True)
class Ground:
    """A rule a reviewer may name as a refusal's ground: its code, what it says of this
    application (every value of its message filled from the facts) and the clause it cites."""

    code: str
    description: str
    source: str


def _filled(rule: Rule, facts: Facts) -> str | None:
    """``rule``'s message for ``facts`` when every value it interpolates is there, else None: a
    ground never reads "持有：。" or "位于，"."""
    try:
        values = rule.params(facts) if rule.params else {}
        if any(str(value).strip() in ("", "None") for value in values.values()):
            return None
        return rule.explain(facts)
    except (KeyError, TypeError, ValueError, AttributeError, ArithmeticError):
        return None


def grounds(rules: Iterable[Rule], facts: Facts, jurisdiction: str) -> list[Ground]:
    """The rules of ``rules`` that apply in ``jurisdiction`` and find against these facts, each
    code once, in table order, said of this application with the clause it cites there: what a
    reviewer may name as the grounds of a refusal (issue 45 item 11). A rule the facts do not
    violate, or whose message the facts cannot fill, is not offered: a ground is true of the
    application or absent."""
    seen: dict[str, Ground] = {}
    for rule in rules:
        if (
            rule.code in seen
            or not rule.refuses
            or jurisdiction not in rule.jurisdictions
            or not rule.violated(facts)
        ):
            continue
        description = _filled(rule, facts)
        if description is None:
            continue
        try:
            source = str(rule.cite(facts)) if rule.cite else rule.source
        except (KeyError, TypeError, ValueError, AttributeError):
            source = rule.source
        seen[rule.code] = Ground(rule.code, description, source)
    return list(seen.values())


def blocking(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == Severity.BLOCKING]


def advisory(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == Severity.ADVISORY]


def incomplete(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == Severity.INCOMPLETE]


def before_filing(findings: Iterable[Finding]) -> list[Finding]:
    """What the applicant is told before filing as what the agency will decide on it: the
    blocking findings (a refusal) and the incomplete materials (a correction, then no
    acceptance); advice to the reviewer is not."""
    return [f for f in findings if f.severity != Severity.ADVISORY]


@dataclass(frozen=True)
class Missing:
    """A value submission needs but the draft lacks (not a policy rule: no code, no clause)."""

    field: str
    code: str = "required"


@dataclass(frozen=True)
class MissingAttachment(Missing):
    """An attachment of a kind submission needs that the draft lacks."""

    field: str = "attachments"
    code: str = "required_attachment"
    attachment_kind: str = ""


def missing_values(facts: Facts, required: Iterable[str]) -> list[Missing]:
    return [Missing(name) for name in required if facts.get(name) in (None, "", [], ())]


def missing_attachments(facts: Facts, kinds: Iterable[str]) -> list[MissingAttachment]:
    present = facts.get("attachment_kinds", ())
    return [MissingAttachment(attachment_kind=k) for k in kinds if k not in present]


# A rule's source opens with the seed document's internal code and the clause, then its title:
# "000 二（五）《北京市天然林保护修复制度实施方案》：“…”". Machines keep it (the API's
# ``source``); people read the title first and no code (citation_for_people).
_CODED_CITATION = re.compile(r"(^|；)\d{3} ([^《；]*?)《([^》]+)》")


# The seed documents by their file codes: what a bare reference "（004 二4）" cites.
SEED_TITLES = {
    "000": "北京市天然林保护修复制度实施方案",
    "001": "蓟州区落实天然林保护修复制度实施方案",
    "004": "北京市生态保护2023年行动计划",
}
# A quotation's reference in brackets by file code and clause: "“…”（004 二4）".
_CODED_REFERENCE = re.compile(r"（(\d{3}) ([^（）《》]*(?:（[^（）]*）[^（）《》]*)*)）")


def _titled_reference(match: "re.Match[str]") -> str:
    title = SEED_TITLES.get(match.group(1))
    return f"（《{title}》{match.group(2)}）" if title else match.group(0)


def citation_for_people(source: str) -> str:
    """A source as the pages show it: "《北京市天然林保护修复制度实施方案》二（五）：“…”",
    each citation of a joined source (Z1's "…；…") alike, a bracketed reference "（004 二4）" as
    "（《北京市生态保护2023年行动计划》二4）"; a source without a code unchanged."""
    titled = _CODED_CITATION.sub(r"\1《\3》\2", source or "")
    return _CODED_REFERENCE.sub(_titled_reference, titled)


# Beijing's municipal documents among the seeds (000, 002, 003, 004) and any citation of a
# 北京市 document: what a Tianjin decision must never cite (product.md §16 L11).
_BEIJING_CITATION = re.compile(r"(?:^|；)00[0234] |北京市")


def cites_beijing(source: str) -> bool:
    """Whether ``source`` cites a Beijing municipal document."""
    return bool(_BEIJING_CITATION.search(source or ""))
