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
    "acceptance": "受理",
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
    "accept": "予以受理",
    "not_accept": "不予受理",
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


OCCUPATION_CONDITIONS = [
    "严格按照批准的范围、面积和期限使用林地，不得擅自改变用途或扩大范围。",
    "除国防建设、国家重大工程等特殊情况外，不得占用重点保护区域的天然林地。",
    "施工期间落实森林防火、水土保持和野生动植物保护措施，减少对地表植被的破坏。",
]
TEMPORARY_OCCUPATION_CONDITIONS = [
    "临时使用林地期满前，按照批准的植被恢复方案恢复林业生产条件，并向审批机关报送恢复情况报告。",
    "临时使用林地不得修建永久性建筑物。",
]
INTRODUCTION_CONDITIONS = [
    "严格在批准的引入地点和数量范围内引入，落实隔离防逃等防控措施，严禁擅自释放、丢弃。",
    "按照批准的监测间隔向审批机关报送引入后监测报告，发现逃逸、扩散或有害情况立即报告并采取处置措施。",
    "未按期报送监测报告或防控措施不落实的，审批机关可以依法撤销本许可。",
]


def occupation_facts(detail) -> list[tuple[str, str]]:
    with translation.override("zh-hans"):
        duration = f"{detail.duration_months}个月" if detail.duration_months else "—"
        return [
            ("项目名称", detail.project_name or "—"),
            ("项目类型", _label(detail, "project_type")),
            ("立项批准文号", detail.project_approval_ref or "—"),
            ("使用方式", _label(detail, "occupation_kind")),
            ("使用期限", duration if detail.occupation_kind == "temporary" else "—"),
            ("林地类别", _label(detail, "land_category")),
            ("保护等级", _label(detail, "protection_class")),
            ("面积（公顷）", _label(detail, "area_ha")),
            (
                "是否破坏地表植被",
                {True: "是", False: "否"}.get(detail.destroys_surface_vegetation, "—"),
            ),
        ]


def introduction_facts(detail) -> list[tuple[str, str]]:
    with translation.override("zh-hans"):
        quantity = f"{detail.quantity} {detail.quantity_unit}" if detail.quantity else "—"
        return [
            ("物种", f"{detail.chinese_name}（{detail.scientific_name}）"),
            ("类群", _label(detail, "taxon_group")),
            ("原产地", detail.origin_country or "—"),
            ("数量", quantity),
            ("引入用途", _label(detail, "purpose")),
            ("生境领域", _label(detail, "habitat_domain")),
            ("引入地点", detail.introduction_site or "—"),
            ("防控措施", detail.containment_measures or "—"),
            (
                "监测要求",
                f"每{detail.monitoring_interval_months}个月报送一次监测报告，"
                f"监测期{detail.monitoring_years}年",
            ),
        ]


FACTS = {
    Kind.TENDING: tending_facts,
    Kind.OCCUPATION: occupation_facts,
    Kind.INTRODUCTION: introduction_facts,
}


def conditions(detail) -> list[str]:
    if detail.kind == Kind.TENDING:
        return TENDING_CONDITIONS
    if detail.kind == Kind.OCCUPATION:
        extra = TEMPORARY_OCCUPATION_CONDITIONS if detail.occupation_kind == "temporary" else []
        return OCCUPATION_CONDITIONS + extra
    return INTRODUCTION_CONDITIONS


def validity_text(valid_from: date | None, valid_until: date | None) -> str:
    if valid_from and valid_until:
        return f"{chinese_date(valid_from)}至{chinese_date(valid_until)}"
    if valid_from:
        return f"自{chinese_date(valid_from)}起长期有效"
    return ""
