"""Rule T7: a tending design outside the annual plan (product.md §19 P4), advisory.

The plan decomposes the restoration tasks down to townships, villages and 小班 (000 二（一）;
001 五（一）): a design on 小班 that the current plan of the work's year gives no task is
flagged for the reviewers, who may still approve it (the plan says what is funded and appraised,
not what the law allows). A district to which no plan of that year gives a task is not judged.

Facts: ``compartments`` (the design's), ``plan_year`` and ``planned_compartments`` (the 小班
with a task in the current plan of that year, or ``None`` when there is no plan to read;
``permits.plans.plan_facts``). Pure: no I/O.
"""

from core.compartments import compartment_key
from core.messages import MSG_T7

from .base import Facts, Rule, Severity
from .tending import BEIJING, TIANJIN

SOURCE_000_2_1 = (
    "000 二（一）《北京市天然林保护修复制度实施方案》：“各相关区和市有（天然）林单位组织编制各自的"
    "天然林保护修复实施方案，将天然林保护修复任务逐项分解落实到镇乡、村和小班地块，明确天然林保护修复"
    "目标任务、重点区域和保障措施。”"
)
SOURCE_001_5_1 = (
    "001 五（一）《蓟州区落实天然林保护修复制度实施方案》：“组织编制蓟州区天然林保护修复规划和天然林"
    "保护修复实施方案，将天然林保护修复任务分解落实到乡镇、村，明确天然林保护修复目标任务，落实保护和"
    "修复措施。”"
)


def _unplanned(facts: Facts) -> list[str]:
    planned = facts.get("planned_compartments")
    if planned is None:
        return []
    named = {compartment_key(c): str(c).strip() for c in facts.get("compartments") or ()}
    planned_keys = {compartment_key(c) for c in planned}
    return sorted({shown for key, shown in named.items() if shown and key not in planned_keys})


def outside_the_plan(facts: Facts) -> bool:
    return bool(_unplanned(facts))


def _params(facts: Facts) -> dict[str, object]:
    return {
        "year": facts.get("plan_year", ""),
        "parcels": "、".join(f"小班 {c}" for c in _unplanned(facts)),
    }


PLAN_RULES: tuple[Rule, ...] = (
    Rule(
        "T7",
        frozenset({BEIJING}),
        Severity.ADVISORY,
        "compartments",
        MSG_T7,
        SOURCE_000_2_1,
        outside_the_plan,
        _params,
        refuses=False,
    ),
    Rule(
        "T7",
        frozenset({TIANJIN}),
        Severity.ADVISORY,
        "compartments",
        MSG_T7,
        SOURCE_001_5_1,
        outside_the_plan,
        _params,
        refuses=False,
    ),
)
