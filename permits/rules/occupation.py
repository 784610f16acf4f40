"""Rules O1–O4 for forest-land occupation (product.md §3.2), with the clauses they come from.

Facts are the occupation's field values plus ``attachment_kinds`` and ``jurisdiction_id``.
"""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from permits.choices import (
    AttachmentKind,
    LandCategory,
    OccupationKind,
    ProjectType,
    ProtectionClass,
)

from .base import Facts, Rule, Severity, protection_classes
from .tending import BEIJING, BOTH, SOURCE_000_2_3_CORE, TIANJIN, in_reserve_core

SOURCE_000_2_4_OCCUPATION = (
    "000 二（四）《北京市天然林保护修复制度实施方案》：“严管天然林地占用，严格控制天然林地转为其他用途，"
    "除国防建设、国家重大工程等特殊情况外，禁止占用重点保护区域的天然林地。”"
)
SOURCE_001_3_2_2_OCCUPATION = (
    "001 三（二）2《蓟州区落实天然林保护修复制度实施方案》：“严格控制天然林地转为其他用途，"
    "除国防建设、国家重大工程项目建设特殊需要外，禁止占用天然林地。在不破坏地表植被、不影响生物多样性保护前提下，"
    "适度在天然林地发展生态旅游、森林康养等产业。”"
)
# 004 is a Beijing plan; like O2's 000 clause, it is the basis the spec names for both jurisdictions.
SOURCE_004_3_7_RED_LINE = (
    "004 三7《北京市生态保护2023年行动计划》：“严格实施国土空间用途管制,严控新增建设用地。"
    "各区落实属地职责,加强辖区重要生态空间人为活动管控。”"
)
SOURCE_FOREST_LAW_38 = (
    "《中华人民共和国森林法》第三十八条：“需要临时使用林地的，应当经县级以上人民政府林业主管部门批准；"
    "临时使用林地的期限一般不超过二年，并不得在临时使用的林地上修建永久性建筑物。”"
)
# The basis the approval service cites when it refuses a red-line approval (O3).
SOURCE_O3 = SOURCE_004_3_7_RED_LINE

MSG_O1_BEIJING = _(
    "Natural forest land in a key protection zone may be occupied only for national defense or a "
    "major national project."
)
MSG_O1_TIANJIN = _(
    "Natural forest land may be occupied only for national defense or a major national project, "
    "or for eco-tourism and forest wellness that destroy no surface vegetation."
)
MSG_O1_TIANJIN_VEGETATION = _(
    "Eco-tourism and forest wellness may use natural forest land only without destroying its "
    "surface vegetation."
)
MSG_O2 = _("Forest land in a nature-reserve core zone cannot be occupied.")
MSG_O3 = _(
    "The land lies within the ecological protection red line: the application can be approved "
    "only if the planning agency agrees in its countersign."
)
# For the approval service, when it refuses the final approval of a red-line application.
MSG_O3_NOT_AGREED = _(
    "The land lies within the ecological protection red line and the planning agency has not "
    "agreed in its countersign: the application cannot be approved."
)
MSG_O4 = _("Temporary use of forest land may last at most %(limit)s months.")

SPECIAL_PROJECTS = frozenset({ProjectType.NATIONAL_DEFENSE, ProjectType.MAJOR_NATIONAL_PROJECT})
# 001 三（二）2 tolerates these on natural forest land if surface vegetation stays intact.
GREEN_INDUSTRIES = frozenset({ProjectType.ECO_TOURISM, ProjectType.FOREST_WELLNESS})
TEMPORARY_USE_LIMIT_MONTHS = 24  # 森林法 第三十八条: 一般不超过二年


def _on_natural_forest(facts: Facts) -> bool:
    return facts.get("land_category") == LandCategory.NATURAL_FOREST


def _project_outside(facts: Facts, allowed: frozenset[str]) -> bool:
    # An unstated project type is left to the completeness check.
    project = facts.get("project_type")
    return bool(project) and project not in allowed


def key_zone_natural_forest_for_ordinary_project(facts: Facts) -> bool:
    return (
        _on_natural_forest(facts)
        and ProtectionClass.KEY_ZONE in protection_classes(facts)
        and _project_outside(facts, SPECIAL_PROJECTS)
    )


def natural_forest_for_ordinary_project(facts: Facts) -> bool:
    return _on_natural_forest(facts) and _project_outside(
        facts, SPECIAL_PROJECTS | GREEN_INDUSTRIES
    )


def natural_forest_green_industry_destroying_vegetation(facts: Facts) -> bool:
    # ``None`` (not yet stated) is left to the completeness check, not refused here.
    return (
        _on_natural_forest(facts)
        and facts.get("project_type") in GREEN_INDUSTRIES
        and facts.get("destroys_surface_vegetation") is True
    )


def in_red_line(facts: Facts) -> bool:
    return ProtectionClass.RED_LINE in protection_classes(facts)


def red_line_requires_planning_agreement(facts: Facts) -> bool:
    """Whether final approval needs the planning agency's countersign to have agreed (O3)."""
    return in_red_line(facts)


def temporary_use_too_long(facts: Facts) -> bool:
    months = facts.get("duration_months")
    return (
        facts.get("occupation_kind") == OccupationKind.TEMPORARY
        and months is not None
        and Decimal(str(months)) > TEMPORARY_USE_LIMIT_MONTHS
    )


def temporary_use_limit(facts: Facts) -> dict[str, int]:
    return {"limit": TEMPORARY_USE_LIMIT_MONTHS}


OCCUPATION_RULES: tuple[Rule, ...] = (
    Rule(
        "O1",
        frozenset({BEIJING}),
        Severity.BLOCKING,
        "project_type",
        MSG_O1_BEIJING,
        SOURCE_000_2_4_OCCUPATION,
        key_zone_natural_forest_for_ordinary_project,
    ),
    Rule(
        "O1",
        frozenset({TIANJIN}),
        Severity.BLOCKING,
        "project_type",
        MSG_O1_TIANJIN,
        SOURCE_001_3_2_2_OCCUPATION,
        natural_forest_for_ordinary_project,
    ),
    Rule(
        "O1",
        frozenset({TIANJIN}),
        Severity.BLOCKING,
        "destroys_surface_vegetation",
        MSG_O1_TIANJIN_VEGETATION,
        SOURCE_001_3_2_2_OCCUPATION,
        natural_forest_green_industry_destroying_vegetation,
    ),
    Rule(
        "O2",
        BOTH,
        Severity.BLOCKING,
        "protection_class",
        MSG_O2,
        SOURCE_000_2_3_CORE,
        in_reserve_core,
    ),
    Rule(
        "O3",
        BOTH,
        Severity.ADVISORY,
        "protection_class",
        MSG_O3,
        SOURCE_004_3_7_RED_LINE,
        in_red_line,
    ),
    Rule(
        "O4",
        BOTH,
        Severity.BLOCKING,
        "duration_months",
        MSG_O4,
        SOURCE_FOREST_LAW_38,
        temporary_use_too_long,
        temporary_use_limit,
    ),
)

# What an occupation application must state before it can be submitted.
OCCUPATION_REQUIRED = (
    "title",
    "township",
    "contact_name",
    "contact_phone",
    "project_name",
    "project_type",
    "project_approval_ref",
    "occupation_kind",
    "land_category",
    "protection_class",
    "area_ha",
    "destroys_surface_vegetation",
)
OCCUPATION_REQUIRED_ATTACHMENTS = (AttachmentKind.PROJECT_APPROVAL, AttachmentKind.SITE_MAP)


def occupation_required(facts: Facts) -> tuple[str, ...]:
    if facts.get("occupation_kind") == OccupationKind.TEMPORARY:
        return (*OCCUPATION_REQUIRED, "duration_months", "restoration_plan")
    return OCCUPATION_REQUIRED


def occupation_required_attachments(facts: Facts) -> tuple[str, ...]:
    """Attachment kinds submission needs (completeness, not a policy rule: no code, no clause)."""
    return OCCUPATION_REQUIRED_ATTACHMENTS
