"""The 森林植被恢复费缴纳通知书 of an approved occupation (product.md §16 L7)."""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from core.money import money
from permits.models import Application
from roles.models import Agency

from .. import content
from ._common import _Wording
from .forwarding import SOURCE_REGULATION_16, _hectares


def _yuan(value: object) -> str:
    return f"{money(value)}元" if value is not None else "—"


def _fee_notice(
    detail: Application, agency: Agency, reason: str, items: list[Any], extra: Mapping[str, Any]
) -> _Wording:
    """The 缴费通知书 of an approved occupation (product.md §16 L7): the amount and what it rests
    on; the approval is issued once the payment is recorded."""
    title = content.approval_title(detail)
    if number := extra.get("national_number"):
        decided = f"经国务院林业主管部门审核同意（{number}）"
    else:
        decided = "经本机关审核同意"
    amount = extra.get("amount_due")
    lines = []
    area = extra.get("area_ha")
    if area is not None:
        square_metres = (Decimal(str(area)) * 10000).normalize()
        lines.append(f"计费面积：{_hectares(area)}公顷（{square_metres:f}平方米）。")
    category = extra.get("land_category") or ""
    category_name = content.land_category_name(category) if category else "未注明"
    if extra.get("yuan_per_m2") is not None:
        lines.append(f"征收标准：{category_name}，每平方米{_yuan(extra.get('yuan_per_m2'))}。")
        factor = Decimal(str(extra.get("factor") or 1))
        if factor != 1:
            lines.append(f"经营性建设项目，按征收标准的{factor.normalize():f}倍征收。")
        lines.append(f"应缴金额：人民币{_yuan(amount)}。")
        if source := str(extra.get("rate_source") or ""):
            lines.append(f"标准依据：{source}")
    else:
        lines.append(
            f"林地类别“{category_name}”在本机关的征收标准表中没有对应标准，应缴金额由本机关依照"
            "本市公布的征收标准另行核定并书面告知。"
        )
    return _Wording(
        [
            f"{content.subject(detail)}，{decided}。",
            "根据《中华人民共和国森林法》第三十七条第二款“占用林地的单位应当缴纳森林植被恢复费”和"
            f"{SOURCE_REGULATION_16}第（一）项“经审核同意后，按照国家规定的标准预交森林植被恢复费，"
            f"领取使用林地审核同意书”的规定，你单位应当在领取{title}前缴纳森林植被恢复费。",
        ],
        f"《中华人民共和国森林法》第三十七条第二款；{SOURCE_REGULATION_16}第（一）项",
        items_heading="应缴森林植被恢复费",
        items=lines,
        closing=[
            "请你单位按照本通知书载明的金额缴纳，并将缴款凭证（票据号码）提交本机关；"
            f"本机关登记缴款后核发{title}。",
            f"本通知书不是行政许可决定书，不作为使用林地的凭证。在取得{title}前，不得使用林地。",
        ],
    )
