"""Rules T1–T5 for tending-operation designs (product.md §3.1, §16 L9, L11), with the clauses
they come from: each jurisdiction cites its own documents and national law, never the other's.

Facts are the design's field values plus ``attachment_kinds`` (the kinds already attached).
"""

from collections.abc import Callable
from decimal import Decimal

from core.messages import (
    MSG_T1,
    MSG_T2,
    MSG_T2_PROTECTION_WORK,
    MSG_T2_TIANJIN,
    MSG_T3_BEIJING,
    MSG_T3_TIANJIN,
    MSG_T4,
    MSG_T5,
)
from permits.choices import (
    AgeGroup,
    AttachmentKind,
    ForestOrigin,
    ForestType,
    OperationType,
    ProtectionClass,
)

from .base import Facts, Rule, Severity, protection_classes

BEIJING, TIANJIN = "110000", "120000"
BOTH = frozenset({BEIJING, TIANJIN})

SOURCE_000_2_3_CORE = (
    "000 二（三）《北京市天然林保护修复制度实施方案》："
    "“对纳入自然保护区核心保护区的天然林，禁止一切生产经营活动。”"
)
SOURCE_000_2_3_KEY_ZONE = (
    "000 二（三）《北京市天然林保护修复制度实施方案》：“对纳入重点保护区域的天然林，以封育管理、自然修复为主，"
    "人工促进为辅或者采取综合抚育生态修复措施。”"
)
# 森林法 (2019) 第五十五条第（三）项: the reserve rule and its exemption (docs/legal-basis.md).
SOURCE_FOREST_LAW_55_3 = (
    "《中华人民共和国森林法》第五十五条第（三）项：“自然保护区的林木，禁止采伐。但是，因防治林业有害生物、"
    "森林防火、维护主要保护对象生存环境、遭受自然灾害等特殊情况必须采伐的和实验区的竹林除外。”"
)
SOURCE_000_2_4 = (
    "000 二（四）《北京市天然林保护修复制度实施方案》：“对全市天然林实行全面禁止商业性采伐”"
)
SOURCE_000_2_5_DESIGN = (
    "000 二（五）《北京市天然林保护修复制度实施方案》：“开展天然林抚育作业的，必须编制作业设计，"
    "经市园林绿化主管部门审查批准后实施。”"
)
SOURCE_000_2_5_STAND = (
    "000 二（五）《北京市天然林保护修复制度实施方案》：“对密度过大的林分，加强中幼林抚育，对退化的次生林，"
    "实施人工促进天然更新，对天然灌木林地，通过封禁、改造、人工促进更新等方式，促进升级”"
)
SOURCE_001_3_2_1_HARVEST = (
    "001 三（二）1《蓟州区落实天然林保护修复制度实施方案》：“全面停止天然林商业性采伐。”"
)
SOURCE_001_3_2_1_KEY_ZONE = (
    "001 三（二）1《蓟州区落实天然林保护修复制度实施方案》：“对纳入保护重点区域的天然林，除森林防火、"
    "林业有害生物防治等维护天然林健康的措施外，禁止其他一切生产经营活动。”"
)
SOURCE_001_3_2_1_DESIGN = (
    "001 三（二）1《蓟州区落实天然林保护修复制度实施方案》：“开展天然林抚育作业的，必须编制作业设计，"
    "经林业主管部门审查批准后实施。”"
)
SOURCE_001_3_3_1_STAND = (
    "001 三（三）1《蓟州区落实天然林保护修复制度实施方案》：“对天然乔木林，密度过大的加强中幼林抚育，"
    "退化的实行人工促进、天然更新…对天然疏林地，采取补植补造、引针入阔等措施…对天然灌木林，"
    "以封禁为主、人工促进为辅”"
)
# T2's advice on protection work: the exemption of national law, with each jurisdiction's clause
# that tells protection work from production (our reading, docs/legal-basis.md).
SOURCE_T2_PROTECTION_WORK_BEIJING = f"{SOURCE_000_2_3_CORE}；{SOURCE_FOREST_LAW_55_3}"
SOURCE_T2_PROTECTION_WORK_TIANJIN = f"{SOURCE_FOREST_LAW_55_3}；{SOURCE_001_3_2_1_KEY_ZONE}"


KEY_ZONE_ALLOWED_TIANJIN = frozenset({OperationType.FIRE_PREVENTION, OperationType.PEST_CONTROL})
KEY_ZONE_PREFERRED_BEIJING = frozenset(
    {
        OperationType.ENCLOSURE,
        OperationType.ASSISTED_REGENERATION,
        OperationType.FIRE_PREVENTION,
        OperationType.PEST_CONTROL,
    }
)
# Operations that maintain forest health fit every stand. In a nature-reserve core zone they are
# protection work, not 生产经营活动 (森林法 第五十五条第（三）项 exempts 防治林业有害生物、森林防火;
# 001 三（二）1 calls them 维护天然林健康的措施): T2 advises on them instead of refusing.
HEALTH_OPERATIONS = frozenset({OperationType.FIRE_PREVENTION, OperationType.PEST_CONTROL})
CORE_ZONE_PROTECTION_WORK = HEALTH_OPERATIONS
# "密度过大" and "退化": canopy density thresholds used by Beijing's tending guidance (LY/T 1646:
# stands of canopy ≥ 0.8 are overstocked; arbor stands below 0.4 are degraded).
DENSE_CANOPY = Decimal("0.8")
DEGRADED_CANOPY = Decimal("0.4")


def _is_natural(facts: Facts) -> bool:
    # A tending design concerns natural forest unless the applicant says it is planted.
    return facts.get("forest_origin") != ForestOrigin.PLANTED


def commercial_harvest_of_natural_forest(facts: Facts) -> bool:
    return facts.get("operation_type") == OperationType.COMMERCIAL_HARVEST and _is_natural(facts)


def in_reserve_core(facts: Facts) -> bool:
    return ProtectionClass.RESERVE_CORE in protection_classes(facts)


def protection_work_in_reserve_core(facts: Facts) -> bool:
    """Protection work in a nature-reserve core zone: what T2 advises on instead of refusing, and
    what the route sends to the municipal step (product.md §16 L9; ``workflows.models``
    ``route_resolve``). One predicate, so the rule and the route never disagree."""
    return in_reserve_core(facts) and facts.get("operation_type") in CORE_ZONE_PROTECTION_WORK


def other_operation_in_reserve_core(facts: Facts) -> bool:
    # An unstated operation is refused too: nothing but the exempted work may be done there.
    return in_reserve_core(facts) and facts.get("operation_type") not in CORE_ZONE_PROTECTION_WORK


def key_zone_operation_outside(allowed: frozenset[str]) -> Callable[[Facts], bool]:
    def violated(facts: Facts) -> bool:
        operation = facts.get("operation_type")
        return (
            ProtectionClass.KEY_ZONE in protection_classes(facts)
            and bool(operation)
            and operation not in allowed
        )

    return violated


def design_document_missing(facts: Facts) -> bool:
    return AttachmentKind.DESIGN_DOCUMENT not in facts.get("attachment_kinds", ())


def recommended_operations(facts: Facts) -> frozenset[str]:
    """What 000 二(五) / 001 三(三)1 recommend for this stand; empty when they say nothing."""
    if not _is_natural(facts):
        return frozenset()
    forest_type, canopy = facts.get("forest_type"), facts.get("canopy_density")
    if forest_type == ForestType.SHRUB:
        return frozenset({OperationType.ENCLOSURE, OperationType.ASSISTED_REGENERATION})
    if forest_type == ForestType.SPARSE:
        return frozenset({OperationType.REPLANTING, OperationType.ASSISTED_REGENERATION})
    if forest_type == ForestType.ARBOR and canopy is not None:
        canopy = Decimal(str(canopy))
        if canopy >= DENSE_CANOPY and facts.get("age_group") in (AgeGroup.YOUNG, AgeGroup.MIDDLE):
            return frozenset({OperationType.YOUNG_FOREST_TENDING, OperationType.THINNING})
        if canopy < DEGRADED_CANOPY:
            return frozenset({OperationType.ASSISTED_REGENERATION, OperationType.REPLANTING})
    return frozenset()


def recommended_labels(facts: Facts) -> dict[str, str]:
    labels = sorted(str(OperationType(op).label) for op in recommended_operations(facts))
    return {"recommended": "、".join(labels)}


def operation_does_not_fit_stand(facts: Facts) -> bool:
    operation, recommended = facts.get("operation_type"), recommended_operations(facts)
    return bool(operation and recommended) and operation not in recommended | HEALTH_OPERATIONS


TENDING_RULES: tuple[Rule, ...] = (
    Rule(
        "T1",
        frozenset({BEIJING}),
        Severity.BLOCKING,
        "operation_type",
        MSG_T1,
        SOURCE_000_2_4,
        commercial_harvest_of_natural_forest,
    ),
    Rule(
        "T1",
        frozenset({TIANJIN}),
        Severity.BLOCKING,
        "operation_type",
        MSG_T1,
        SOURCE_001_3_2_1_HARVEST,
        commercial_harvest_of_natural_forest,
    ),
    Rule(
        "T2",
        frozenset({BEIJING}),
        Severity.BLOCKING,
        "protection_class",
        MSG_T2,
        SOURCE_000_2_3_CORE,
        other_operation_in_reserve_core,
    ),
    Rule(
        "T2",
        frozenset({TIANJIN}),
        Severity.BLOCKING,
        "protection_class",
        MSG_T2_TIANJIN,
        SOURCE_FOREST_LAW_55_3,
        other_operation_in_reserve_core,
    ),
    Rule(
        "T2",
        frozenset({BEIJING}),
        Severity.ADVISORY,
        "protection_class",
        MSG_T2_PROTECTION_WORK,
        SOURCE_T2_PROTECTION_WORK_BEIJING,
        protection_work_in_reserve_core,
    ),
    Rule(
        "T2",
        frozenset({TIANJIN}),
        Severity.ADVISORY,
        "protection_class",
        MSG_T2_PROTECTION_WORK,
        SOURCE_T2_PROTECTION_WORK_TIANJIN,
        protection_work_in_reserve_core,
    ),
    Rule(
        "T3",
        frozenset({TIANJIN}),
        Severity.BLOCKING,
        "operation_type",
        MSG_T3_TIANJIN,
        SOURCE_001_3_2_1_KEY_ZONE,
        key_zone_operation_outside(KEY_ZONE_ALLOWED_TIANJIN),
    ),
    Rule(
        "T3",
        frozenset({BEIJING}),
        Severity.ADVISORY,
        "operation_type",
        MSG_T3_BEIJING,
        SOURCE_000_2_3_KEY_ZONE,
        key_zone_operation_outside(KEY_ZONE_PREFERRED_BEIJING),
    ),
    # T4: the design is what is approved, so without it the materials are incomplete (行政许可法
    # 第三十二条第一款第（四）项: 一次性补正 at acceptance, then N3), never a refusal's ground.
    Rule(
        "T4",
        frozenset({BEIJING}),
        Severity.INCOMPLETE,
        "attachments",
        MSG_T4,
        SOURCE_000_2_5_DESIGN,
        design_document_missing,
        refuses=False,
    ),
    Rule(
        "T4",
        frozenset({TIANJIN}),
        Severity.INCOMPLETE,
        "attachments",
        MSG_T4,
        SOURCE_001_3_2_1_DESIGN,
        design_document_missing,
        refuses=False,
    ),
    Rule(
        "T5",
        frozenset({BEIJING}),
        Severity.ADVISORY,
        "operation_type",
        MSG_T5,
        SOURCE_000_2_5_STAND,
        operation_does_not_fit_stand,
        recommended_labels,
    ),
    Rule(
        "T5",
        frozenset({TIANJIN}),
        Severity.ADVISORY,
        "operation_type",
        MSG_T5,
        SOURCE_001_3_3_1_STAND,
        operation_does_not_fit_stand,
        recommended_labels,
    ),
)

# What a tending design must state before it can be submitted.
TENDING_REQUIRED = (
    "title",
    "township",
    "contact_name",
    "contact_phone",
    "compartments",
    "forest_origin",
    "forest_type",
    "age_group",
    "dominant_species",
    "canopy_density",
    "protection_class",
    "operation_type",
    "area_ha",
    "start_date",
    "end_date",
    "funding_source",
    "design_unit",
)


def tending_required(facts: Facts) -> tuple[str, ...]:
    if facts.get("operation_type") == OperationType.THINNING:
        return (*TENDING_REQUIRED, "thinning_intensity_pct")
    return TENDING_REQUIRED
