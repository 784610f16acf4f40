"""What a decision document says, per application type. Documents are official Chinese texts,
so they are rendered in Chinese whatever the interface language."""

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.utils import timezone, translation

from permits.choices import Kind, LandCategory, ProtectionClass

from . import forms
from .forms import Form

if TYPE_CHECKING:
    from permits.models import (
        Application,
        IntroductionApplication,
        OccupationRequest,
        SiteScreening,
        TendingDesign,
    )
    from roles.models import Agency

_Message = TypeVar("_Message")

TITLES: dict[str, str] = {
    Kind.TENDING: "天然林抚育作业设计审批决定书",
    Kind.OCCUPATION: "使用林地审核同意书",
    Kind.INTRODUCTION: "外来物种引入审批决定书",
}
REFUSAL_TITLE = "不予许可决定书"
# product.md §16 L16: a temporary use is decided as such, not as a 使用林地审核同意书
# (森林法 第三十八条 gives it its own approval).
TEMPORARY_USE_TITLE = "准予临时使用林地行政许可决定书"

TENDING_CONDITIONS = [
    "严格按照批准的作业设计组织实施，不得擅自变更作业地点、范围、面积、强度和作业方式。",
    "全面禁止天然林商业性采伐；作业中保护珍稀植物及其群落，维护生物多样性。",
    "作业期间落实森林防火、安全生产和林业有害生物防控措施。",
    "作业完成后及时向审批机关报告，接受检查验收；逾期未实施的，应当重新申请。",
]
# product.md §16 L10: felling needs its own permit (森林法 第五十六条第一款
# “采伐林地上的林木应当申请采伐许可证，并按照采伐许可证的规定进行采伐”); this approval is not one.
FELLING_PERMIT_CONDITION = (
    "本作业设计涉及林木采伐（出材蓄积{volume}立方米）。本{act}不是林木采伐许可证：依照《中华人民共和国森林法》"
    "第五十六条第一款“采伐林地上的林木应当申请采伐许可证，并按照采伐许可证的规定进行采伐”的规定，"
    "应当在采伐作业开始前依法取得林木采伐许可证，并将其编号报审批机关备案；未取得的，不得采伐。"
)

SUBJECTS = {
    Kind.TENDING: "天然林抚育作业设计审批",
    Kind.OCCUPATION: "使用林地审核",
    Kind.INTRODUCTION: "外来物种引入审批",
}

LICENSING_LAW = "《中华人民共和国行政许可法》"
# Art. 38: a written decision granting, or refusing with reasons and the remedies.
APPROVAL_ARTICLE = f"{LICENSING_LAW}第三十八条第一款"
REFUSAL_ARTICLE = f"{LICENSING_LAW}第三十八条第二款"

# Issue 46 item 4: the statutory clauses a licence rests on, per type (and, for an occupation,
# per kind of use): first those whose conditions the decision finds met, then the others it
# applies. Never a programme document (实施方案) as a statutory condition.
FOREST_LAW = "《中华人民共和国森林法》"
FOREST_REGULATIONS = "《中华人民共和国森林法实施条例》"
ORDER_35 = "《建设项目使用林地审核审批管理办法》（国家林业局令第35号）"
STATUTORY_CONDITIONS: dict[str, list[str]] = {
    "permanent": [
        f"{FOREST_LAW}第三十七条第一款",
        f"{FOREST_REGULATIONS}第十六条",
        f"{ORDER_35}第四条",
    ],
    "temporary": [f"{FOREST_LAW}第三十八条", f"{FOREST_REGULATIONS}第十七条", f"{ORDER_35}第四条"],
    Kind.INTRODUCTION: ["《中华人民共和国生物安全法》第六十条第三款"],
}
# 35号令 art. 21 (compensation of the holders) and, for a permanent use, art. 25 (the approval's
# two years): applied by the decision, not conditions it finds met.
STATUTORY_APPLIED: dict[str, list[str]] = {
    "permanent": [f"{ORDER_35}第二十一条、第二十五条"],
    "temporary": [f"{ORDER_35}第二十一条"],
}
# Issue 46 item 3: a 批复 is supervised under the Forest Law, not the Licensing Law.
FOREST_SUPERVISION = f"{FOREST_LAW}第六十六条"
DESIGN_APPROVAL_TITLE = "天然林抚育作业设计批复"
DESIGN_REFUSAL_TITLE = "天然林抚育作业设计不予批准决定书"


def decision_form(detail: "Application") -> Form:
    """What the decision on ``detail`` is in law (``documents.forms``)."""
    return forms.decision_form(detail.jurisdiction_id, detail.kind)


def is_licence(detail: "Application") -> bool:
    return decision_form(detail).licence


def worded(detail: "Application", licence: _Message, approval: _Message) -> _Message:
    """The message for the decision on ``detail``: ``licence`` (citing the Licensing Law) for a
    licence, else its ``…_APPROVAL`` variant for a 批复, which that law does not govern (参照, or
    the agency's commitment; issue 46 item 3). The one place a message is chosen by the form,
    as the printed notices choose their words (``notices._common.by_analogy``)."""
    return licence if is_licence(detail) else approval


def by_analogy(detail: "Application") -> str:
    """ "参照" before the Licensing Law's articles on a 批复, which that law does not govern
    (issue 46 item 3; docs/legal-basis.md "What each decision is": a reading): the one prefix
    the notices, the pages and the records put before an article a 批复 follows."""
    return "" if is_licence(detail) else "参照"


def act_noun(detail: "Application") -> str:
    """What the documents call the approval they act on: 行政许可, or 批复."""
    return "行政许可" if is_licence(detail) else "批复"


def act_word(detail: "Application") -> str:
    """许可 for a licence, 批准 for a 批复: the documents' headings (许可事项, 不予批准的理由)."""
    return "许可" if is_licence(detail) else "批准"


def _statutory_key(detail: "Application") -> str:
    if detail.kind == Kind.OCCUPATION:
        # An occupation's detail row (``Application.detail``) is an OccupationRequest.
        return cast("OccupationRequest", detail).occupation_kind or "permanent"
    return str(detail.kind)


def legal_basis(detail: "Application") -> list[str]:
    """The clauses the decision on ``detail`` rests on, before the Licensing Law article: a
    licence's statutory clauses, or the provision a 批复 follows."""
    key = _statutory_key(detail)
    return [*conditions_basis(detail), *STATUTORY_APPLIED.get(key, [])]


def conditions_basis(detail: "Application") -> list[str]:
    """The clauses whose conditions the decision finds met (or not): a licence's statutory
    conditions; a 批复's provision."""
    form = decision_form(detail)
    statutory = STATUTORY_CONDITIONS.get(_statutory_key(detail)) if form.licence else None
    if statutory:
        return list(statutory)
    # A 批复's provision, or the regulation the legal office found for a licence it records.
    return [form.requiring_provision] if form.requiring_provision else []


def decision_basis(detail: "Application", *, approval: bool) -> str:
    """The 法律依据 line: the clauses and, for a licence, art. 38's paragraph."""
    clauses = legal_basis(detail)
    if is_licence(detail):
        clauses.append(APPROVAL_ARTICLE if approval else REFUSAL_ARTICLE)
    return "；".join(clauses)


def subject(detail: "Application") -> str:
    """你单位于2026年11月2日提交的“…”天然林抚育作业设计审批申请（申请编号：TD-2026-000001）"""
    submitted = timezone.localdate(detail.submitted_at) if detail.submitted_at else None
    when = f"于{chinese_date(submitted)}" if submitted else ""
    title = f"“{detail.title}”" if detail.title else ""
    what = application_subject(detail)
    return f"你单位{when}提交的{title}{what}申请（申请编号：{detail.reference}）"


def application_subject(detail: "Application") -> str:
    """What is applied for: 使用林地审核, 临时使用林地审批, …"""
    temporary = (
        detail.kind == Kind.OCCUPATION and getattr(detail, "occupation_kind", "") == "temporary"
    )
    return "临时使用林地审批" if temporary else SUBJECTS[Kind(detail.kind)]


def subject_project(detail: "Application") -> str:
    """“…”占用林地审批申请, for a letter about the applicant (not addressed to it)."""
    title = f"“{detail.title}”" if detail.title else ""
    return f"{title}{SUBJECTS[Kind(detail.kind)]}申请"


def land_category_name(value: str) -> str:
    """The land category's Chinese name (the fee notice's 征收标准)."""
    with translation.override("zh-hans"):
        return str(LandCategory(value).label) if value in LandCategory.values else value


def reconsideration_body(agency: "Agency") -> str:
    """Where an applicant asks for administrative reconsideration of the agency's decision: the
    people's government of the agency's own level (行政复议法 art. 24)."""
    city = agency.jurisdiction.name
    if agency.district is None:
        return f"{city}人民政府"
    # The body's full name: 北京市密云区人民政府, not 密云区人民政府 (a district's name alone is not
    # the government's name; the city's is prefixed unless the district already carries it).
    place = agency.district.name
    return f"{place}人民政府" if place.startswith(city) else f"{city}{place}人民政府"


def litigation_court(agency: "Agency") -> str:
    """The court named in the remedy notice: the agency's own setting, which its legal office
    keeps (issue 46 item 14). Never derived from the place: where a high court has ordered a
    centralised jurisdiction (行政诉讼法 art. 18(2); Beijing's 北京市第四中级人民法院 and
    railway-transport courts) the district's own court is not the one, so an agency without
    the setting names "the court having jurisdiction"."""
    return agency.litigation_court or COURT_UNNAMED


COURT_UNNAMED = "有管辖权的人民法院"


def remedy_notice(
    agency: "Agency", *, act: str = "本决定", paper: str = "本决定书", you: str = "你单位"
) -> str:
    """The remedies, naming what is challenged (``act``) and the paper served (``paper``): a
    decision's by default, an order's (a 责令限期整改通知书: "本责令整改", "本通知书") where the
    document is no decision; addressed to ``you`` (a permit's holder is 你单位; an enforcement
    case's party by its kind, ``enforcement.papers.you``)."""
    return (
        f"{you}如对{act}不服，可以自收到{paper}之日起六十日内向{reconsideration_body(agency)}"
        f"申请行政复议，也可以自收到{paper}之日起六个月内向{litigation_court(agency)}"
        "提起行政诉讼。"
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


# Marks that end a sentence or a clause: user text set inside a sentence of the document drops
# them (因…，本机关…), text that ends a sentence gets a 。 when it has none.
CLAUSE_END = "。．.；;，,、！!？?：: \t\n"
SENTENCE_END = "。．.！!？?…”）)"


def clause(text: str) -> str:
    """``text`` to be set inside a sentence: without the marks that would end it there."""
    return text.strip().rstrip(CLAUSE_END)


def sentence(text: str) -> str:
    """``text`` to be set as a sentence of its own: ending with a stop."""
    text = text.strip().rstrip("；;，,、：: \t\n")
    return text if not text or text.endswith(tuple(SENTENCE_END)) else f"{text}。"


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _label(detail: "Application", name: str) -> str:
    value = getattr(detail, name)
    if value in (None, "", []):
        return "—"
    display = getattr(detail, f"get_{name}_display", None)
    return str(display()) if display else str(value)


def tending_facts(detail: "TendingDesign") -> list[tuple[str, str]]:
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
    # 森林法 art. 38: 期满后一年内恢复植被和林业生产条件 (product.md §17 A4).
    "临时使用林地期满后一年内，按照批准的植被恢复方案恢复植被和林业生产条件，并向审批机关报送恢复情况报告。",
    "临时使用林地不得修建永久性建筑物。",
]
# 建设项目使用林地审核审批管理办法 art. 25 (product.md §18 B4): the approval lapses after two years
# without the construction-land approval.
PERMANENT_OCCUPATION_CONDITIONS = [
    "本决定书有效期为两年。建设项目在有效期内未取得建设用地批准文件的，应当在有效期届满前3个月"
    "向本机关提出延期申请（《建设项目使用林地审核审批管理办法》第二十五条）；取得建设用地批准文件后，"
    "应当及时向本机关登记其文号、批准日期和批准机关。",
]
# product.md §18 B6: the window is the permit's own term for bringing the species in; the
# monitoring and control owed run on to the end of the monitoring period (the validity).
INTRODUCTION_WINDOW_CONDITION = (
    "准予引入的期限至{until}止；期限届满后不得再行引入，"
    "已引入物种的监测、防控义务照常履行至监测期届满。"
)
INTRODUCTION_CONDITIONS = [
    "严格在批准的引入地点和数量范围内引入，落实隔离防逃等防控措施，严禁擅自释放、丢弃。",
    "按照批准的监测间隔向审批机关报送引入后监测报告，发现逃逸、扩散或有害情况立即报告并采取处置措施。",
    # Late reports are not a ground of revocation (行政许可法 art. 69; product.md §18 B7): the
    # agency orders them put right (§17 A6).
    "未按期报送监测报告或防控措施不落实的，审批机关依法责令限期整改。",
]


def occupation_facts(detail: "OccupationRequest") -> list[tuple[str, str]]:
    with translation.override("zh-hans"):
        duration = f"{detail.duration_months}个月" if detail.duration_months else "—"
        destroys: dict[bool | None, str] = {True: "是", False: "否"}
        return [
            ("项目名称", detail.project_name or "—"),
            ("项目类型", _label(detail, "project_type")),
            ("立项批准文号", detail.project_approval_ref or "—"),
            ("使用方式", _label(detail, "occupation_kind")),
            ("使用期限", duration if detail.occupation_kind == "temporary" else "—"),
            ("林地类别", _label(detail, "land_category")),
            ("林种", _label(detail, "forest_category")),
            ("保护等级", _label(detail, "protection_class")),
            ("面积（公顷）", _label(detail, "area_ha")),
            (
                "是否破坏地表植被",
                destroys.get(detail.destroys_surface_vegetation, "—"),
            ),
        ]


def introduction_facts(detail: "IntroductionApplication") -> list[tuple[str, str]]:
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


# Each takes the detail row of its kind (``Application.detail``), which no type relates to the key.
FACTS: dict[str, Callable[[Any], list[tuple[str, str]]]] = {
    Kind.TENDING: tending_facts,
    Kind.OCCUPATION: occupation_facts,
    Kind.INTRODUCTION: introduction_facts,
}


def approval_title(detail: "Application") -> str:
    """The title of the approval of ``detail``: its type's, a temporary use's own (L15), or a
    design's 批复 (issue 46 item 3)."""
    if detail.kind == Kind.OCCUPATION and getattr(detail, "occupation_kind", "") == "temporary":
        return TEMPORARY_USE_TITLE
    if not is_licence(detail):
        return DESIGN_APPROVAL_TITLE
    return TITLES[Kind(detail.kind)]


def refusal_title(detail: "Application") -> str:
    return REFUSAL_TITLE if is_licence(detail) else DESIGN_REFUSAL_TITLE


def felling_volume(detail: "Application") -> Decimal | None:
    """The volume a tending design removes (m³), if any: the approval then names the felling
    permit it still needs (L10)."""
    volume = getattr(detail, "removal_volume_m3", None)
    return volume if volume is not None and volume > 0 else None


def conditions(detail: "Application") -> list[str]:
    if detail.kind == Kind.TENDING:
        volume = felling_volume(detail)
        if volume is None:
            return TENDING_CONDITIONS
        return [
            *TENDING_CONDITIONS,
            FELLING_PERMIT_CONDITION.format(
                volume=format(volume.normalize(), "f"), act="决定" if is_licence(detail) else "批复"
            ),
        ]
    if detail.kind == Kind.OCCUPATION:
        # An occupation's detail row (``Application.detail``) is an OccupationRequest.
        temporary = cast("OccupationRequest", detail).occupation_kind == "temporary"
        extra = TEMPORARY_OCCUPATION_CONDITIONS if temporary else PERMANENT_OCCUPATION_CONDITIONS
        return OCCUPATION_CONDITIONS + extra
    window = getattr(detail, "introduction_until", None)
    if window is None:
        return INTRODUCTION_CONDITIONS
    return [
        INTRODUCTION_WINDOW_CONDITION.format(until=chinese_date(window)),
        *INTRODUCTION_CONDITIONS,
    ]


def validity_text(valid_from: date | None, valid_until: date | None) -> str:
    if valid_from and valid_until:
        return f"{chinese_date(valid_from)}至{chinese_date(valid_until)}"
    if valid_from:
        return f"自{chinese_date(valid_from)}起长期有效"
    return ""


def hearing_cited(hearings: Sequence[tuple[date, str]], *, licence: bool = True) -> list[str]:
    """Art. 48(2): a decision after a hearing says it rests on the hearing's record, each held
    (the day, the record's number); a 批复 says so without the Licensing Law (issue 46 item 3)."""
    if not hearings:
        return []
    held = "；".join(f"{chinese_date(day)}（听证笔录编号：{number}）" for day, number in hearings)
    if not licence:
        return [f"本案已举行听证：{held}。本批复根据听证笔录作出。"]
    return [
        f"本案已依法举行听证：{held}。根据{LICENSING_LAW}第四十八条第二款"
        "“行政机关应当根据听证笔录，作出行政许可决定。”的规定，本决定根据听证笔录作出。"
    ]


def decision_opening(
    detail: "Application",
    *,
    approval: bool,
    accepted_on: date | None,
    hearings: Sequence[tuple[date, str]] = (),
) -> list[str]:
    """The body of an approval or refusal decision before its particulars (product.md §13):
    the conditions it finds met or not by their statutory clauses (issue 46 item 4), the
    formula of what the decision is (a licence's, or a 批复's: item 3); ``hearings``: the
    hearings held on it, (day, record number), which it rests on (item 2)."""
    accepted = f"本机关于{chinese_date(accepted_on)}依法受理" if accepted_on else "本机关依法受理"
    clauses = "、".join(conditions_basis(detail))
    if not is_licence(detail):
        required = f"{clauses}的要求" if clauses else "有关要求"
        if approval:
            return [
                f"{subject(detail)}，{accepted}。经审查，该作业设计符合{required}。",
                *hearing_cited(hearings, licence=False),
                "本机关同意按该作业设计实施。批复事项及要求如下：",
            ]
        return [
            f"{subject(detail)}，{accepted}。经审查，该作业设计不符合{required}，理由见下。",
            *hearing_cited(hearings, licence=False),
            "本机关决定不予批准该作业设计。",
        ]
    met = f"{clauses}规定的条件和标准" if clauses else "法定条件和标准"
    if approval:
        return [
            f"{subject(detail)}，{accepted}。经审查，该申请符合{met}。",
            *hearing_cited(hearings),
            f"根据{APPROVAL_ARTICLE}的规定，本机关决定准予行政许可。许可事项及条件如下：",
        ]
    return [
        f"{subject(detail)}，{accepted}。经审查，该申请不符合{met}，理由见下。",
        *hearing_cited(hearings),
        f"根据{REFUSAL_ARTICLE}的规定，本机关决定不予行政许可。",
    ]


def decision_closing(detail: "Application", *, approval: bool) -> list[str]:
    if not approval:
        return ["特此决定。"]
    if not is_licence(detail):
        return [
            "你单位应当在有效期限内按照批准的作业设计和上述要求组织实施，并接受本机关依照"
            f"{FOREST_SUPERVISION}进行的监督检查。特此批复。"
        ]
    return ["你单位应当在有效期限内按照上述许可事项和条件实施，并接受本机关的监督检查。特此决定。"]


# --- 附：位置图 (product.md §15) ------------------------------------------------------------------

SITE_WORDS = {
    Kind.TENDING: "作业区",
    Kind.OCCUPATION: "用地",
    Kind.INTRODUCTION: "引入地点",
}
# The layers by their names in planning documents: an official text names them in Chinese
# whatever translations the interface has.
LAYER_NAMES = {
    "reserve_core": "自然保护区核心保护区",
    "red_line": "生态保护红线",
    "key_zone": "天然林保护重点区域",
    "basic_farmland": "永久基本农田",
    "water_source": "饮用水水源保护区",
    "eco_control": "生态控制区",
    "forest_land_grade": "林地保护等级",
    "parcels": "小班登记",
}


def layer_name(kind: str) -> str:
    """A layer's kind as a document names it: never its identifier (issue 45 item 12)."""
    return LAYER_NAMES.get(kind, "图层")


DEMO_LAYERS = "；标注“演示数据”的图层系为演示编造，不是官方数据"


def site_map_heading(kind: str) -> str:
    return f"附：{SITE_WORDS[Kind(kind)]}位置图"


def site_map_caption(kind: str, screening: "SiteScreening") -> list[str]:
    """What the map shows, in words: the site, the effective protection class, the zones."""
    word = SITE_WORDS[Kind(kind)]
    return [
        _site_line(word, screening.geometry, screening.site_area_ha),
        _protection_line(screening.effective_protection_class, screening.declared_protection_class),
        _zones_line(screening.zones),
    ]


def _site_line(word: str, geometry: Mapping[str, Any], area_ha: Decimal) -> str:
    if geometry.get("type") == "Point":
        lon, lat = geometry["coordinates"][:2]
        return f"{word}位置：东经{lon:.5f}°，北纬{lat:.5f}°（点位）。"
    return f"{word}面积：{area_ha:.2f}公顷（按图形计算）。"


def _protection_name(value: str) -> str:
    if value not in ProtectionClass.values:
        return value or "—"
    with translation.override("zh-hans"):
        return str(ProtectionClass(value).label)


def _protection_line(effective: str, declared: str) -> str:
    line = f"有效保护等级：{_protection_name(effective)}"
    if declared and declared != effective:
        line += f"（申报为{_protection_name(declared)}，按图层认定）"
    return line + "。"


def _zones_line(zones: Sequence[Mapping[str, Any]]) -> str:
    if not zones:
        return "涉及保护区域：无。"
    return "涉及保护区域：" + "；".join(_zone_phrase(z) for z in zones) + "。"


def _zone_phrase(zone: Mapping[str, Any]) -> str:
    parts = [layer_name(zone["kind"]), f"依据：{zone['source']}"]
    if zone.get("outside_site"):
        parts.append("申请范围未触及，经申报的小班涉及")
    elif zone.get("overlap_ha"):
        parts.append(f"重叠{zone['overlap_ha']:.2f}公顷")
    return f"{zone['name']}（{'，'.join(parts)}）"


def basemap_note(
    versions: Sequence[Mapping[str, Any]], district_names: Mapping[str, str], superseded: bool
) -> str:
    """注：the map is drawn from this system's layers (which versions), not a survey."""
    if not versions:
        return "注：本系统尚无图层，图中仅示申请位置，非测绘成果。"
    listed = "、".join(_version(v, district_names) for v in versions)
    demo = DEMO_LAYERS if any(v["demo"] for v in versions) else ""
    note = f"注：底图为本系统图层（版本：{listed}），非测绘成果{demo}。"
    if superseded:
        note += "审查后已更新的图层按现行版本绘制。"
    return note


def _version(version: Mapping[str, Any], district_names: Mapping[str, str]) -> str:
    scope = district_names.get(version["district"] or "", "")
    demo = "（演示数据）" if version["demo"] else ""
    name = layer_name(version["kind"])
    return f"{scope}{name}第{version['version']}版{demo}"
