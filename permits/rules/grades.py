"""Rule O5: forest land protection grades (product.md §16 L5).

The forest land protection and use plan grades forest land Ⅰ–Ⅳ (000 二（三）
“林地保护利用规划确定的等级”); the 35号令 第四条 says which construction projects may use which grade.
The screening reads the grades of the ``forest_land_grade`` zones the site (or a 小班 it names)
lies on (``map_zones``); the table below is data a bureau's legal office can change, each row
with the sub-paragraph it rests on and whether its grade was read in the published text
(docs/legal-basis.md "Forest land protection grades"). Grade Ⅰ and the rows whose grade was
read in the text block; a row whose grade numeral is our reading only advises (the reviewer
checks it): a refusal does not rest on a reading. Pure: no I/O.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from core.messages import MSG_O5, MSG_O5_GRADE_I, MSG_O5_UNVERIFIED
from permits.choices import ProjectType

from .base import Facts, Rule, Severity
from .tending import BOTH

FOREST_LAND_GRADE = "forest_land_grade"  # zones.models.ZoneKind.FOREST_LAND_GRADE
GRADE_NAMES = {1: "Ⅰ级", 2: "Ⅱ级", 3: "Ⅲ级", 4: "Ⅳ级"}

TITLE_35 = (
    "《建设项目使用林地审核审批管理办法》（国家林业局令第35号，国家林业局令第42号修改）第四条"
)
OPENING_35_4 = "“占用和临时占用林地的建设项目应当遵守林地分级管理的规定：”"


@dataclass(frozen=True)
class GradeRow:
    """One sub-paragraph of 第四条: the project types it covers and the strictest grade they may
    use (2: “Ⅱ级及其以下”); ``text``: the words quoted; ``verified``: the grade numeral was read
    in the published text (False: our reading, see docs/legal-basis.md)."""

    item: str
    project_types: frozenset[str]
    strictest_grade: int
    text: str
    verified: bool

    @property
    def source(self) -> str:
        return f"{TITLE_35}第{self.item}项：{self.text}"


SOURCE_35_4_1 = f"{TITLE_35}：{OPENING_35_4}“（一）各类建设项目不得使用Ⅰ级保护林地。”"

GRADE_TABLE: tuple[GradeRow, ...] = (
    GradeRow(
        "（二）",
        frozenset({ProjectType.MAJOR_NATIONAL_PROJECT}),
        2,
        "“国务院批准、同意的建设项目，国务院有关部门和省级人民政府及其有关部门批准的基础设施、公共事业、"
        "民生建设项目，可以使用Ⅱ级及其以下保护林地。”",
        True,
    ),
    GradeRow(
        "（二）",
        # (四) gives the same projects approved by a county or city government the same grade
        # in the summaries we found; the application does not record who approved the project.
        frozenset({ProjectType.INFRASTRUCTURE, ProjectType.PUBLIC_FACILITY}),
        2,
        "“国务院有关部门和省级人民政府及其有关部门批准的基础设施、公共事业、民生建设项目，"
        "可以使用Ⅱ级及其以下保护林地。”",
        True,
    ),
    GradeRow(
        "（三）",
        frozenset({ProjectType.NATIONAL_DEFENSE}),
        2,
        "“国防、外交建设项目，可以使用Ⅱ级及其以下保护林地。”",
        True,
    ),
    GradeRow(
        "（五）",
        frozenset({ProjectType.ECO_TOURISM}),
        2,
        "“战略性新兴产业项目、勘查项目、大中型矿山、符合相关旅游规划的生态旅游开发项目，"
        "可以使用Ⅱ级及其以下保护林地。”（等级数字据转引文本）",
        False,
    ),
    GradeRow(
        "（五）",
        # A mine's size is not recorded: read as “其他工矿” (the stricter reading); forest
        # wellness as “符合规划的经营性项目”.
        frozenset({ProjectType.MINING, ProjectType.COMMERCIAL, ProjectType.FOREST_WELLNESS}),
        3,
        "“其他工矿、仓储建设项目和符合规划的经营性项目，可以使用Ⅲ级及其以下保护林地。”（等级数字据转引文本）",
        False,
    ),
)
# Every other project: Ⅳ级 only (our reading of the remaining items; not read in the text).
OTHER_ROW = GradeRow(
    "（九）",
    frozenset({ProjectType.OTHER}),
    4,
    "（其他建设项目可以使用Ⅳ级保护林地：本系统的理解，条文未能核实）",
    False,
)


def grade_zones(facts: Facts) -> list[Mapping[str, Any]]:
    """The graded zones the site or a 小班 it names lies on."""
    return [
        z
        for z in facts.get("map_zones", ())
        if z.get("kind") == FOREST_LAND_GRADE and z.get("grade")
    ]


def strictest_grade(facts: Facts) -> int | None:
    return min((int(z["grade"]) for z in grade_zones(facts)), default=None)


def row_for(project_type: object) -> GradeRow:
    for row in GRADE_TABLE:
        if project_type in row.project_types:
            return row
    return OTHER_ROW


def on_grade_one(facts: Facts) -> bool:
    return strictest_grade(facts) == 1


def above_allowed_grade(facts: Facts) -> bool:
    grade = strictest_grade(facts)
    if grade is None or grade == 1:  # Ⅰ级 is the rule of its own row
        return False
    return grade < row_for(facts.get("project_type")).strictest_grade


def above_verified_grade(facts: Facts) -> bool:
    """Above the grade a row read in the published text allows: a refusal rests on it."""
    return above_allowed_grade(facts) and row_for(facts.get("project_type")).verified


def above_read_grade(facts: Facts) -> bool:
    """Above the grade of a row whose numeral is our reading: the reviewer is told."""
    return above_allowed_grade(facts) and not row_for(facts.get("project_type")).verified


def _zones_named(facts: Facts, grade: int) -> str:
    return "、".join(
        f"“{z['name']}”（{GRADE_NAMES[int(z['grade'])]}）"
        for z in grade_zones(facts)
        if int(z["grade"]) <= grade
    )


def grade_one_params(facts: Facts) -> dict[str, str]:
    return {"zones": _zones_named(facts, 1)}


def grade_params(facts: Facts) -> dict[str, str]:
    grade = strictest_grade(facts) or 4
    project = facts.get("project_type")
    label = str(ProjectType(project).label) if project in ProjectType.values else str(project)
    row = row_for(project)
    return {
        "grade": GRADE_NAMES[grade],
        "zones": _zones_named(facts, grade),
        "project": label,
        "allowed": GRADE_NAMES[row.strictest_grade],
    }


def grade_source(facts: Facts) -> str:
    return row_for(facts.get("project_type")).source


GRADE_RULES: tuple[Rule, ...] = (
    Rule(
        "O5",
        BOTH,
        Severity.BLOCKING,
        "site_geometry",
        MSG_O5_GRADE_I,
        SOURCE_35_4_1,
        on_grade_one,
        grade_one_params,
    ),
    Rule(
        "O5",
        BOTH,
        Severity.BLOCKING,
        "project_type",
        MSG_O5,
        f"{TITLE_35}：{OPENING_35_4}",
        above_verified_grade,
        grade_params,
        grade_source,
    ),
    Rule(
        "O5",
        BOTH,
        Severity.ADVISORY,
        "project_type",
        MSG_O5_UNVERIFIED,
        f"{TITLE_35}：{OPENING_35_4}",
        above_read_grade,
        grade_params,
        grade_source,
    ),
)
