"""Rule T6: whose land (product.md §16 L13, 管护责任协议书制度).

Both jurisdictions make the management agreement (管护责任协议) decide who carries out the
protection and restoration work on a piece of natural forest: a tending design on 小班 whose
agreement another organisation holds needs that holder's letter of entrustment (委托书).

Facts: ``parcels`` (the screening's 小班 of the site: those the design names and those the
drawn site covers by a meaningful share, ``permits.screening.PARCEL_SHARE``), each with the
registry's ``agreement_holder`` and ``agreement_holder_code``; ``applicant_credit_code`` (the
applicant organisation's 统一社会信用代码); ``attachment_kinds``. A holder the registry names
without a code is not compared (docs/legal-basis.md "Whose land — rule T6"). Pure: no I/O.

A missing 委托书 is a matter of the materials, not a licensing condition (issue 46 Medium 10):
the finding is ``incomplete``, so the acceptance step asks for it once (一次性补正, 行政许可法
第三十二条第一款第（四）项) and, still missing after the correction, does not accept (N3); it is
never a refusal's ground (``refuses=False``).
"""

from collections.abc import Mapping
from typing import Any

from core.messages import MSG_T6
from permits.choices import AttachmentKind

from .base import Facts, Rule, Severity
from .tending import BEIJING, TIANJIN

SOURCE_000_2_2_AGREEMENT = (
    "000 二（二）《北京市天然林保护修复制度实施方案》：“天然林保护修复实行管护责任协议书制度。"
    "森林经营单位和其他林权权利人、经营主体按照协议落实经营管护区域内的天然林保护修复任务。”"
)
SOURCE_001_3_1_2_AGREEMENT = (
    "001 三（一）2《蓟州区落实天然林保护修复制度实施方案》：“实行管护责任协议书制度，"
    "逐级落实天然林保护责任和修复任务；森林经营单位和其他林权权利人、经营主体按管护责任协议"
    "具体落实经营管护区域内天然林保护修复任务。”"
)


def held_by_others(facts: Facts) -> list[Mapping[str, Any]]:
    """The site's 小班 whose registered holder has a code that is not the applicant's."""
    applicant = facts.get("applicant_credit_code") or ""
    return [
        p
        for p in facts.get("parcels", ())
        if p.get("agreement_holder_code") and p["agreement_holder_code"] != applicant
    ]


def entrustment_missing(facts: Facts) -> bool:
    return bool(held_by_others(facts)) and AttachmentKind.ENTRUSTMENT not in facts.get(
        "attachment_kinds", ()
    )


def _natural(part: str) -> tuple[int, str]:
    # "12-3" before "12-10".
    return (int(part), "") if part.isdigit() else (1 << 30, part)


def holders_params(facts: Facts) -> dict[str, str]:
    """Each 小班 with its holder's name (or code, when the registry gives no name)."""
    named = sorted(
        {
            (str(p["compartment"]), str(p.get("agreement_holder") or p["agreement_holder_code"]))
            for p in held_by_others(facts)
        },
        key=lambda pair: ([_natural(n) for n in pair[0].split("-")], pair[1]),
    )
    return {"parcels": "、".join(f"小班 {c}（{holder}）" for c, holder in named)}


HOLDER_RULES: tuple[Rule, ...] = (
    Rule(
        "T6",
        frozenset({BEIJING}),
        Severity.INCOMPLETE,
        "attachments",
        MSG_T6,
        SOURCE_000_2_2_AGREEMENT,
        entrustment_missing,
        holders_params,
        refuses=False,
    ),
    Rule(
        "T6",
        frozenset({TIANJIN}),
        Severity.INCOMPLETE,
        "attachments",
        MSG_T6,
        SOURCE_001_3_1_2_AGREEMENT,
        entrustment_missing,
        holders_params,
        refuses=False,
    ),
)
