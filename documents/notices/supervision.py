"""The supervision's documents (product.md §17 A2, A6): 检查验收意见书 and
责令限期整改通知书."""

from collections.abc import Mapping
from typing import Any

from permits.models import Application
from roles.models import Agency

from .. import content
from ._common import LAW, _chinese_date, _found, _Wording

# product.md §17 A2, A6: the texts the supervision's documents rest on (docs/legal-basis.md,
# "Supervision after approval").
SUPERVISION_BASIS = f"{LAW}第六十一条、第六十二条"
RECTIFICATION_BASIS = f"{LAW}第六十一条、第六十六条"
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
    return _Wording(
        [
            f"根据{LAW}第六十一条、第六十二条的规定，本机关于{_chinese_date(extra.get('inspected_on'))}"
            f"派员（{inspectors}）对你单位持有的{content.approval_title(detail)}"
            f"（申请编号：{detail.reference}）进行了{name}，抽查小班：{sample}。",
        ],
        SUPERVISION_BASIS,
        items_heading="各小班检查情况：" if items else "",
        items=[str(item) for item in items],
        closing=closing,
    )


def _rectification(
    detail: Application, agency: Agency, reason: str, items: list[Any], extra: Mapping[str, Any]
) -> _Wording:
    """责令限期整改通知书: what to correct and by when. ``extra``: ``deadline``."""
    return _Wording(
        [
            f"你单位持有的{content.approval_title(detail)}（申请编号：{detail.reference}），"
            f"{_found(reason)}",
            f"根据{LAW}第六十六条的规定，责令你单位于{_chinese_date(extra.get('deadline'))}前"
            "按下列事项整改完毕，并将整改情况和相关材料报送本机关。逾期不改正的，本机关将依照有关"
            "法律、行政法规的规定予以处理。",
        ],
        RECTIFICATION_BASIS,
        items_heading="整改事项：",
        items=[str(item.get("message") if isinstance(item, Mapping) else item) for item in items],
        closing=[content.remedy_notice(agency)],
    )
