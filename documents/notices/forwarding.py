"""The 转报函 to the national forestry authority (森林法实施条例 art. 16(2); product.md
§16 L6)."""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from permits.models import Application
from roles.models import Agency

from .. import content
from ._common import LAW, _Wording

SOURCE_REGULATION_16 = "《中华人民共和国森林法实施条例》第十六条"


def _forwarding_letter(
    detail: Application, agency: Agency, reason: str, items: list[Any], extra: Mapping[str, Any]
) -> _Wording:
    """The 转报函 to the national forestry authority, with the first-instance opinion
    (product.md §16 L6)."""
    area, threshold = extra.get("area_ha"), extra.get("threshold_ha")
    land = extra.get("category") or extra.get("group")
    size = f"，拟占用{land}{_hectares(area)}公顷" if area is not None and land else ""
    return _Wording(
        [
            f"{detail.organisation.name}申请的{content.subject_project(detail)}"
            f"（申请编号：{detail.reference}）{size}。",
            f"根据{SOURCE_REGULATION_16}第（二）项“占用或者征收、征用防护林林地或者特种用途林林地面积"
            f"10公顷以上的，用材林、经济林、薪炭林林地及其采伐迹地面积35公顷以上的，其他林地面积70公顷"
            f"以上的，由国务院林业主管部门审核”的规定"
            + (f"（本项申请适用{_hectares(threshold)}公顷的标准）" if threshold is not None else "")
            + "，该申请应由国务院林业主管部门审核。",
            f"本机关已依照{LAW}第三十五条的规定完成初步审查，现将初步审查意见和全部申请材料"
            "报送你局，请予审核。",
        ],
        f"{SOURCE_REGULATION_16}第（二）项；{LAW}第三十五条",
        items_heading="初步审查意见",
        items=[content.sentence(reason)],
        closing=[
            "附：申请材料及审查案卷（含现场查验记录、会签意见）。",
            f"抄送：{detail.organisation.name}（申请人）。",
        ],
    )


def _hectares(value: object) -> str:
    """12.4000 → 12.4; 10.00 → 10."""
    try:
        return f"{Decimal(str(value)).normalize():f}"
    except ArithmeticError:
        return str(value)
