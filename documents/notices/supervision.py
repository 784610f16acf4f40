"""The supervision's documents (product.md §17 A2, A6): 检查验收意见书 and
责令限期整改通知书."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from permits.choices import Kind
from permits.models import Application
from roles.models import Agency

from .. import content
from ._common import LAW, _chinese_date, _found, _Wording, by_analogy


# product.md §17 A2, A6: the texts the supervision's documents rest on (docs/legal-basis.md,
# "Supervision after approval"), by what the approval is (issue 46 items 3, 9): a licence of
# natural resources under the Licensing Law (arts. 61, 62, 66); an introduction under the
# Biosecurity Law's supervision (arts. 25, 26), not art. 66 of the Licensing Law, which is about
# natural and public resources; a design's 批复 under the Forest Law's (arts. 66, 67).
@dataclass(frozen=True)
class SupervisionBasis:
    inspection: str  # what an inspection rests on
    order: str  # the article an order to rectify is made under
    rectification: str  # the rectification notice's 法律依据


LICENCE_SUPERVISION = SupervisionBasis(
    f"{LAW}第六十一条、第六十二条", f"{LAW}第六十六条", f"{LAW}第六十一条、第六十六条"
)
BIOSECURITY_LAW = "《中华人民共和国生物安全法》"
BIOSECURITY_SUPERVISION = SupervisionBasis(
    f"{BIOSECURITY_LAW}第二十五条、第二十六条",
    f"{BIOSECURITY_LAW}第二十五条",
    f"{BIOSECURITY_LAW}第二十五条、第二十六条",
)
FOREST_SUPERVISION = SupervisionBasis(
    f"{content.FOREST_LAW}第六十六条、第六十七条",
    f"{content.FOREST_LAW}第六十六条",
    f"{content.FOREST_LAW}第六十六条、第六十七条",
)


def supervision_basis(detail: Application) -> SupervisionBasis:
    """What the inspection of ``detail``'s approval and an order to rectify rest on."""
    if not content.is_licence(detail):
        return FOREST_SUPERVISION
    if detail.kind == Kind.INTRODUCTION:
        return BIOSECURITY_SUPERVISION
    return LICENCE_SUPERVISION


INSPECTION_KIND_NAMES = {
    "completion": "作业检查验收",
    "restoration_acceptance": "植被恢复检查验收",
    "spot_check": "抽查",
}
OUTCOME_NAMES = {"pass": "合格", "pass_with_notes": "基本合格（附意见）", "fail": "不合格"}


def _inspection_report(
    detail: Application, agency: Agency, reason: str, items: list[Any], extra: Mapping[str, Any]
) -> _Wording:
    """检查验收意见书: the inspection's sample, its measurements per 小班, score and outcome.
    ``extra``: ``inspection_kind``, ``inspected_on``, ``inspectors`` (names), ``sample``
    (compartments), ``score``, ``outcome``."""
    name = INSPECTION_KIND_NAMES.get(str(extra.get("inspection_kind")), "检查验收")
    inspectors = "、".join(str(n) for n in extra.get("inspectors") or [])
    sample = "、".join(str(c) for c in extra.get("sample") or []) or "—"
    outcome = OUTCOME_NAMES.get(str(extra.get("outcome")), "")
    score = extra.get("score")
    closing = [
        f"检查验收结论：{outcome}。" + (f"得分：{score}。" if score not in (None, "") else "")
    ]
    if reason:
        closing.append(f"检查意见：{content.sentence(reason)}")
    if extra.get("outcome") == "fail":
        closing.append("你单位应当按照本机关另行送达的责令限期整改通知书的要求整改。")
    basis = supervision_basis(detail).inspection
    names = [str(n) for n in extra.get("inspectors") or []]
    return _Wording(
        [
            f"根据{basis}的规定，本机关于{_chinese_date(extra.get('inspected_on'))}"
            f"派员（{inspectors}）对你单位持有的{content.approval_title(detail)}"
            f"（申请编号：{detail.reference}）进行了{name}，抽查小班：{sample}。",
            *_standard_paragraph(extra.get("thresholds")),
        ],
        basis,
        items_heading="各小班检查情况：" if items else "",
        items=[str(item) for item in items],
        closing=closing,
        # 行政许可法 art. 61(2): the record is signed by the inspectors who made it (issue 46).
        # A 批复's inspection follows the rule by analogy (issue 46 item 3).
        signatures_heading=f"检查人员签名（{by_analogy(detail)}行政许可法第六十一条第二款）："
        if names
        else "",
        signatures=names,
    )


def _standard_paragraph(thresholds: object) -> list[str]:
    """What the inspection held the work to, said to be the bureau's standard, not the law's
    (issue 46): the area and intensity tolerances and the sample, as frozen at its opening."""
    if not isinstance(thresholds, Mapping) or "area_tolerance_pct" not in thresholds:
        return []
    return [
        f"本次检查验收执行的面积允许偏差（±{thresholds['area_tolerance_pct']}%）、"
        f"作业强度允许超出批准强度的幅度（{thresholds.get('intensity_tolerance_points')}个百分点）"
        f"和抽查比例（{thresholds.get('sample_all_up_to')}个小班以下全部抽查，"
        f"以上抽查不少于{thresholds.get('sample_pct')}%），"
        "是本地区林业主管部门确定的检查验收工作标准，不是法律、法规规定的许可条件。"
    ]


def _rectification(
    detail: Application, agency: Agency, reason: str, items: list[Any], extra: Mapping[str, Any]
) -> _Wording:
    """责令限期整改通知书: what to correct and by when. ``extra``: ``deadline``."""
    basis = supervision_basis(detail)
    return _Wording(
        [
            f"你单位持有的{content.approval_title(detail)}（申请编号：{detail.reference}），"
            f"{_found(reason)}",
            f"根据{basis.order}的规定，责令你单位于{_chinese_date(extra.get('deadline'))}前"
            "按下列事项整改完毕，并将整改情况和相关材料报送本机关。逾期不改正的，本机关将依照有关"
            "法律、行政法规的规定予以处理。",
        ],
        basis.rectification,
        items_heading="整改事项：",
        items=[str(item.get("message") if isinstance(item, Mapping) else item) for item in items],
        # An order, not a decision: the remedies name it (issue 46, Low).
        closing=[content.remedy_notice(agency, act="本责令整改", paper="本通知书")],
    )
