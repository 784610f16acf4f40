"""What a decision document says, per application type. Documents are official Chinese texts,
so they are rendered in Chinese whatever the interface language."""

from datetime import date

from django.utils import translation

from permits.choices import Kind

TITLES = {
    Kind.TENDING: "天然林抚育作业设计审批决定书",
    Kind.OCCUPATION: "使用林地审核同意书",
    Kind.INTRODUCTION: "外来物种引入审批决定书",
}
REFUSAL_TITLE = "不予许可决定书"

TENDING_CONDITIONS = [
    "严格按照批准的作业设计组织实施，不得擅自变更作业地点、范围、面积、强度和作业方式。",
    "全面禁止天然林商业性采伐；作业中保护珍稀植物及其群落，维护生物多样性。",
    "作业期间落实森林防火、安全生产和林业有害生物防控措施。",
    "作业完成后及时向审批机关报告，接受检查验收；逾期未实施的，应当重新申请。",
]

REMEDY_NOTICE = (
    "申请人如对本决定不服，可以自收到本决定书之日起六十日内依法申请行政复议，"
    "或者自收到本决定书之日起六个月内依法向人民法院提起行政诉讼。"
)

STEP_LABELS = {
    "district_review": "区级审核",
    "consultation": "会签",
    "municipal_review": "市级审批",
}
DECISION_LABELS = {
    "approve": "同意",
    "reject": "不予批准",
    "return": "退回补正",
    "agree": "同意",
    "disagree": "不同意",
}


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _label(detail, name: str) -> str:
    value = getattr(detail, name)
    if value in (None, "", []):
        return "—"
    display = getattr(detail, f"get_{name}_display", None)
    return str(display()) if display else str(value)


def tending_facts(detail) -> list[tuple[str, str]]:
    with translation.override("zh-hans"):
        return [
            ("作业设计名称", detail.title or "—"),
            ("林班/小班", "、".join(detail.compartments or []) or "—"),
            ("森林起源", _label(detail, "forest_origin")),
            ("林分类型", _label(detail, "forest_type")),
            ("龄组", _label(detail, "age_group")),
            ("优势树种", detail.dominant_species or "—"),
            ("郁闭度", _label(detail, "canopy_density")),
            ("保护等级", _label(detail, "protection_class")),
            ("作业类型", _label(detail, "operation_type")),
            ("作业面积（公顷）", _label(detail, "area_ha")),
            ("间伐强度（%）", _label(detail, "thinning_intensity_pct")),
            ("采伐蓄积（立方米）", _label(detail, "removal_volume_m3")),
            ("资金来源", _label(detail, "funding_source")),
            ("设计单位", detail.design_unit or "—"),
        ]


FACTS = {Kind.TENDING: tending_facts}
CONDITIONS = {Kind.TENDING: TENDING_CONDITIONS}


def validity_of(detail) -> tuple[date | None, date | None]:
    """Tending: the work period of the design."""
    if detail.kind == Kind.TENDING:
        return detail.start_date, detail.end_date
    return None, None
