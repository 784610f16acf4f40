"""Rules T8 and T9: public-welfare forest (公益林, product.md §19 P5; 000 一(二) 并轨).

T8 (advisory): a design funded as ``public_welfare_forest`` (国家级公益林管护) whose 小班 the
registry grades commercial forest (商品林): the public-welfare money is earmarked for 公益林
(森林法 第二十九条 "专款专用"). A 小班 the registry does not grade, or does not hold, is not
judged (the registry, not the design, says what is 公益林). Article 29 is a rule of public
finance, not a condition of the licence (issue 46 Medium 10): the finding is advice to the
reviewer and to the funding workflow, never a refusal's ground (``refuses=False``).

T9 (advisory): a commercial harvest on 公益林 小班: only tending, renewal and the improvement of
low-quality forest may be felled there (森林法 第五十五条第一项).

Facts: ``funding_source``, ``operation_type`` and ``parcels`` (the screening's 小班 of the site,
each with the registry's ``welfare_grade``). Pure: no I/O.
"""

from collections.abc import Callable

from core.messages import MSG_T8, MSG_T9
from permits.choices import FundingSource, OperationType

from .base import Facts, Rule, Severity
from .tending import BOTH

PUBLIC_WELFARE = frozenset({"national", "local"})
COMMERCIAL = "commercial"
SOURCE_FOREST_LAW_29 = (
    "《中华人民共和国森林法》第二十九条：“中央和地方财政分别安排资金，用于公益林的营造、抚育、"
    "保护、管理和非国有公益林权利人的经济补偿等，实行专款专用。”"
)
SOURCE_FOREST_LAW_55 = (
    "《中华人民共和国森林法》第五十五条第一项：“公益林只能进行抚育、更新和低质低效林改造性质的"
    "采伐。但是，因科研或者实验、防治林业有害生物、建设护林防火设施、营造生物防火隔离带、遭受"
    "自然灾害等需要采伐的除外。”"
)


def _graded(facts: Facts, grades: frozenset[str]) -> list[str]:
    return sorted(
        {
            str(p["compartment"])
            for p in facts.get("parcels", ())
            if p.get("welfare_grade") in grades
        }
    )


def welfare_funding_off_welfare_forest(facts: Facts) -> bool:
    return facts.get("funding_source") == FundingSource.PUBLIC_WELFARE_FOREST and bool(
        _graded(facts, frozenset({COMMERCIAL}))
    )


def commercial_harvest_on_welfare_forest(facts: Facts) -> bool:
    return facts.get("operation_type") == OperationType.COMMERCIAL_HARVEST and bool(
        _graded(facts, PUBLIC_WELFARE)
    )


def _names(grades: frozenset[str]) -> Callable[[Facts], dict[str, str]]:
    def params(facts: Facts) -> dict[str, str]:
        return {"parcels": "、".join(f"小班 {c}" for c in _graded(facts, grades))}

    return params


WELFARE_RULES: tuple[Rule, ...] = (
    Rule(
        "T8",
        BOTH,
        Severity.ADVISORY,
        "funding_source",
        MSG_T8,
        SOURCE_FOREST_LAW_29,
        welfare_funding_off_welfare_forest,
        _names(frozenset({COMMERCIAL})),
        refuses=False,
    ),
    Rule(
        "T9",
        BOTH,
        Severity.ADVISORY,
        "operation_type",
        MSG_T9,
        SOURCE_FOREST_LAW_55,
        commercial_harvest_on_welfare_forest,
        _names(PUBLIC_WELFARE),
    ),
)
