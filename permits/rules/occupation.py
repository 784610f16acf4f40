"""Rules O1–O4 for forest-land occupation (product.md §3.2, §16 L8, L11), with the clauses they
come from: each jurisdiction cites its own documents and national law, never the other's.

Facts are the occupation's field values plus ``attachment_kinds`` and ``jurisdiction_id``.
"""

from collections.abc import Callable
from decimal import Decimal

from core.messages import (
    MSG_O1_BEIJING,
    MSG_O1_TIANJIN,
    MSG_O1_TIANJIN_VEGETATION,
    MSG_O2,
    MSG_O3,
    MSG_O3_NOT_ALLOWED,
    MSG_O4,
)
from permits.choices import (
    AttachmentKind,
    LandCategory,
    OccupationKind,
    ProjectType,
    ProtectionClass,
)

from .base import Facts, Rule, Severity, protection_classes
from .tending import (
    BEIJING,
    BOTH,
    SOURCE_000_2_3_CORE,
    SOURCE_FOREST_LAW_55_3,
    TIANJIN,
    in_reserve_core,
)

SOURCE_000_2_4_OCCUPATION = (
    "000 二（四）《北京市天然林保护修复制度实施方案》：“严管天然林地占用，严格控制天然林地转为其他用途，"
    "除国防建设、国家重大工程等特殊情况外，禁止占用重点保护区域的天然林地。”"
)
SOURCE_001_3_2_2_OCCUPATION = (
    "001 三（二）2《蓟州区落实天然林保护修复制度实施方案》：“严格控制天然林地转为其他用途，"
    "除国防建设、国家重大工程项目建设特殊需要外，禁止占用天然林地。在不破坏地表植被、不影响生物多样性保护前提下，"
    "适度在天然林地发展生态旅游、森林康养等产业。”"
)
SOURCE_004_3_7_RED_LINE = (
    "004 三7《北京市生态保护2023年行动计划》：“严格实施国土空间用途管制,严控新增建设用地。"
    "各区落实属地职责,加强辖区重要生态空间人为活动管控。”"
)
# The national red-line regime (自然资发〔2022〕142号), quoted from the Ministry of Ecology and
# Environment's publication of it; items 1–5 of 一（一）are what the table below rests on.
RED_LINE_NOTICE = "《自然资源部 生态环境部 国家林业和草原局关于加强生态保护红线管理的通知（试行）》（自然资发〔2022〕142号）"
SOURCE_142_1_1_RED_LINE = (
    f"{RED_LINE_NOTICE}一（一）：“生态保护红线内自然保护地核心保护区外，禁止开发性、生产性建设活动，"
    "在符合法律法规的前提下，仅允许以下对生态功能不造成破坏的有限人为活动。”"
)
SOURCE_142_1_1_ITEM_1 = (
    f"{RED_LINE_NOTICE}一（一）1：“管护巡护、保护执法、科学研究、调查监测、测绘导航、防灾减灾救灾、军事国防、"
    "疫情防控等活动及相关的必要设施修筑。”"
)
SOURCE_142_1_1_ITEM_5 = (
    f"{RED_LINE_NOTICE}一（一）5：“不破坏生态功能的适度参观旅游、科普宣教及符合相关规划的配套性服务设施和相关的"
    "必要公共设施建设及维护。”"
)
# Item 6 is quoted as far as a published text of it could be read (docs/legal-basis.md).
SOURCE_142_1_1_ITEM_6 = (
    f"{RED_LINE_NOTICE}一（一）6：“必须且无法避让、符合县级以上国土空间规划的线性基础设施、通讯和防洪、"
    "供水设施建设…”"
)
# The notice's part on national major projects was not found in a published text we could read:
# the row cites the part without quoting it (docs/legal-basis.md, to be checked).
SOURCE_142_MAJOR_PROJECTS = f"{RED_LINE_NOTICE}关于国家重大项目占用生态保护红线的规定"

SOURCE_FOREST_LAW_38 = (
    "《中华人民共和国森林法》第三十八条：“需要临时使用林地的，应当经县级以上人民政府林业主管部门批准；"
    "临时使用林地的期限一般不超过二年，并不得在临时使用的林地上修建永久性建筑物。”"
)
# Each jurisdiction's own basis for O3: Beijing's plan beside the national regime; Tianjin the
# national regime alone (001 says nothing of the red line).
SOURCE_O3_BEIJING = f"{SOURCE_004_3_7_RED_LINE}；{SOURCE_142_1_1_RED_LINE}"
SOURCE_O3_TIANJIN = SOURCE_142_1_1_RED_LINE
# O2 in Tianjin: 001 says nothing of reserves; the closest verified national text (our reading:
# occupying forest land means felling its trees, which item (三) forbids but for its exemptions).
SOURCE_O2_TIANJIN = SOURCE_FOREST_LAW_55_3

# L8: the project types the red-line regime admits (outside core zones), each with the item of
# 自然资发〔2022〕142号 it rests on. A type not listed here is not clearly admitted and is refused
# (rule O3, blocking); a listed one still needs the planning agency's agreement at approval,
# which is where the item's own conditions (必须且无法避让、符合国土空间规划, 不破坏生态功能) are
# confirmed. Forest wellness, commercial construction, mining and "other" are not admitted.
RED_LINE_ALLOWED_PROJECTS: dict[str, str] = {
    ProjectType.NATIONAL_DEFENSE: SOURCE_142_1_1_ITEM_1,
    ProjectType.MAJOR_NATIONAL_PROJECT: SOURCE_142_MAJOR_PROJECTS,
    # Our reading: the type stands for the linear, water-supply and flood-control works of item 6.
    ProjectType.INFRASTRUCTURE: SOURCE_142_1_1_ITEM_6,
    # Our reading: facilities for patrol, fire prevention and disaster relief (item 1) and the
    # necessary public facilities of visits (item 5); the planning agency confirms which.
    ProjectType.PUBLIC_FACILITY: f"{SOURCE_142_1_1_ITEM_1}；{SOURCE_142_1_1_ITEM_5}",
    ProjectType.ECO_TOURISM: SOURCE_142_1_1_ITEM_5,
}


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


def red_line_project_allowed(facts: Facts) -> bool:
    """Whether the project type is one the red-line regime admits (an unstated type is left to
    the completeness check, and treated as admitted until stated)."""
    project = facts.get("project_type")
    return not project or project in RED_LINE_ALLOWED_PROJECTS


def red_line_project_not_allowed(facts: Facts) -> bool:
    return in_red_line(facts) and not red_line_project_allowed(facts)


def red_line_project_allowed_here(facts: Facts) -> bool:
    return in_red_line(facts) and red_line_project_allowed(facts)


def red_line_requires_planning_agreement(facts: Facts) -> bool:
    """Whether final approval needs the planning agency's countersign to have agreed (O3). A
    project type the regime does not admit needs none: no agreement can make it lawful, and the
    blocking O3 refuses it."""
    return red_line_project_allowed_here(facts)


def project_type_label(facts: Facts) -> dict[str, str]:
    project = facts.get("project_type") or ""
    label = ProjectType(project).label if project in ProjectType.values else project
    return {"project_type": str(label)}


def red_line_citation(jurisdiction_source: str) -> Callable[[Facts], str]:
    """O3's citation: the jurisdiction's basis, then the item the project type rests on."""

    def cite(facts: Facts) -> str:
        item = RED_LINE_ALLOWED_PROJECTS.get(facts.get("project_type") or "")
        return f"{jurisdiction_source}；{item}" if item else jurisdiction_source

    return cite


def red_line_agreement_source(facts: Facts, jurisdiction: str) -> str:
    """What the approval service cites when the planning agency has not agreed (O3)."""
    basis = SOURCE_O3_TIANJIN if jurisdiction == TIANJIN else SOURCE_O3_BEIJING
    return red_line_citation(basis)(facts)


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
        frozenset({BEIJING}),
        Severity.BLOCKING,
        "protection_class",
        MSG_O2,
        SOURCE_000_2_3_CORE,
        in_reserve_core,
    ),
    Rule(
        "O2",
        frozenset({TIANJIN}),
        Severity.BLOCKING,
        "protection_class",
        MSG_O2,
        SOURCE_O2_TIANJIN,
        in_reserve_core,
    ),
    Rule(
        "O3",
        frozenset({BEIJING}),
        Severity.BLOCKING,
        "project_type",
        MSG_O3_NOT_ALLOWED,
        SOURCE_O3_BEIJING,
        red_line_project_not_allowed,
        project_type_label,
    ),
    Rule(
        "O3",
        frozenset({TIANJIN}),
        Severity.BLOCKING,
        "project_type",
        MSG_O3_NOT_ALLOWED,
        SOURCE_O3_TIANJIN,
        red_line_project_not_allowed,
        project_type_label,
    ),
    Rule(
        "O3",
        frozenset({BEIJING}),
        Severity.ADVISORY,
        "protection_class",
        MSG_O3,
        SOURCE_O3_BEIJING,
        red_line_project_allowed_here,
        cite=red_line_citation(SOURCE_O3_BEIJING),
    ),
    Rule(
        "O3",
        frozenset({TIANJIN}),
        Severity.ADVISORY,
        "protection_class",
        MSG_O3,
        SOURCE_O3_TIANJIN,
        red_line_project_allowed_here,
        cite=red_line_citation(SOURCE_O3_TIANJIN),
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
