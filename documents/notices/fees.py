"""The 森林植被恢复费缴纳通知书 of an approved occupation (product.md §16 L7; issue 46 item 6).

Where the engine approved, the notice is also the written 准予 decision the applicant holds
until it pays (行政许可法 art. 44; 森林法实施条例 art. 16(1): the 同意书 is handed over on
payment), and says so; where the national authority approved, it names that decision, whose
document is handed over on payment (the engine prints no approval of its own). Each carries
the remedies. A temporary use's fee rests on 财综〔2002〕73号 art. 4, which names 临时占用."""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from core.money import money
from permits.models import Application
from roles.models import Agency

from .. import content
from ._common import LAW, REMEDY_LAWS, _chinese_date, _Wording
from .forwarding import SOURCE_REGULATION_16, _hectares

FOREST_LAW_37 = "《中华人民共和国森林法》第三十七条第二款"
FEE_RULES_73 = "《森林植被恢复费征收使用管理暂行办法》（财综〔2002〕73号）第四条"
FEE_RULES_73_TEXT = (
    "“凡勘查、开采矿藏和修建道路、水利、电力、通讯等各项建设工程需要占用、征用或者临时占用林地，"
    "经县级以上林业主管部门审核同意或批准的，用地单位应当按照本办法规定向县级以上林业主管部门"
    "预缴森林植被恢复费。”"
)
DECISION_AND_NOTICE_TITLE = "准予行政许可决定书（森林植被恢复费缴纳通知书）"
DETERMINATION_TITLE = "森林植被恢复费核定通知书"


def _yuan(value: object) -> str:
    return f"{money(value)}元" if value is not None else "—"


def _temporary(detail: Application) -> bool:
    return getattr(detail, "occupation_kind", "") == "temporary"


def _fee_basis(detail: Application) -> tuple[str, str]:
    """Why the fee is owed, as printed, and its citation: a temporary use 73号 art. 4; a
    permanent one 森林法 art. 37(2) and 条例 art. 16(1)."""
    if _temporary(detail):
        return f"根据{FEE_RULES_73}{FEE_RULES_73_TEXT}的规定", FEE_RULES_73
    return (
        f"根据{FOREST_LAW_37}“占用林地的单位应当缴纳森林植被恢复费”和{SOURCE_REGULATION_16}"
        "第（一）项“经审核同意后，按照国家规定的标准预交森林植被恢复费，领取使用林地审核同意书”"
        "的规定",
        f"{FOREST_LAW_37}；{SOURCE_REGULATION_16}第（一）项",
    )


def _fee_lines(extra: Mapping[str, Any]) -> list[str]:
    """The area, the rate, each factor applied, the amount (or what the agency decides first)
    and the rate's source."""
    lines = []
    area = extra.get("area_ha")
    if area is not None:
        square_metres = (Decimal(str(area)) * 10000).normalize()
        lines.append(f"计费面积：{_hectares(area)}公顷（{square_metres:f}平方米）。")
    category = extra.get("land_category") or ""
    category_name = content.land_category_name(category) if category else "未注明"
    if extra.get("yuan_per_m2") is None:
        lines.append(
            f"林地类别“{category_name}”在本机关的征收标准表中没有对应标准，应缴金额由本机关依照"
            "本市公布的征收标准核定，并以森林植被恢复费核定通知书书面告知你单位核定的金额及其理由。"
        )
        return lines
    lines.append(f"征收标准：{category_name}，每平方米{_yuan(extra.get('yuan_per_m2'))}。")
    lines += [str(line) for line in extra.get("factors") or []]
    if undetermined := extra.get("undetermined"):
        lines += [f"待核定：{content.sentence(str(u))}" for u in undetermined]
        lines.append(
            "上述事项由本机关核定后确定应缴金额，并以森林植被恢复费核定通知书书面告知你单位；核定前，"
            "本通知书不载明应缴金额。"
        )
    else:
        lines.append(f"应缴金额：人民币{_yuan(extra.get('amount_due'))}。")
    if source := str(extra.get("rate_source") or ""):
        lines.append(f"标准依据：{source}")
    return lines


def _undetermined(extra: Mapping[str, Any]) -> bool:
    """The notice states no amount (no rate for the land category, or an item 待核定): the
    amount is the later 森林植被恢复费核定通知书's (``_fee_determination``)."""
    return extra.get("yuan_per_m2") is None or bool(extra.get("undetermined"))


def _pay_as(extra: Mapping[str, Any], paper: str) -> str:
    """How the closing tells what to pay: the amount ``paper`` states, or, where it states
    none, the amount the 核定通知书 will state (issue 46: never "本决定书载明的金额" of a notice
    that states no amount)."""
    if _undetermined(extra):
        return (
            f"请你单位在收到本机关的{DETERMINATION_TITLE}后，按照该核定通知书载明的金额和期限缴纳"
            "森林植被恢复费"
        )
    return f"请你单位按照{paper}载明的金额缴纳森林植被恢复费"


def _fee_remedy(agency: Agency) -> str:
    return (
        "你单位如对本通知书载明的森林植被恢复费不服，可以自收到本通知书之日起六十日内向"
        f"{content.reconsideration_body(agency)}申请行政复议，也可以自收到本通知书之日起六个月内"
        f"向{content.litigation_court(agency)}提起行政诉讼。"
    )


def _fee_notice(
    detail: Application, agency: Agency, reason: str, items: list[Any], extra: Mapping[str, Any]
) -> _Wording:
    """The 缴费通知书 of an approved occupation (product.md §16 L7): the amount and what it rests
    on; the approval is issued once the payment is recorded."""
    if extra.get("forwarded"):
        return _national_fee_notice(detail, agency, extra)
    title = content.approval_title(detail)
    why, cited = _fee_basis(detail)
    return _Wording(
        [
            f"{content.subject(detail)}，经本机关审查，符合法定条件、标准。本机关决定准予行政许可。",
            f"{why}，你单位应当在领取{title}前缴纳森林植被恢复费。",
        ],
        f"{LAW}第三十八条第一款、第四十四条；{cited}；{REMEDY_LAWS}",
        items_heading="应缴森林植被恢复费",
        items=_fee_lines(extra),
        closing=[
            f"本决定书即为本机关准予行政许可的书面决定。{_pay_as(extra, '本决定书')}，"
            f"并将缴款凭证（票据号码）提交本机关；本机关登记缴款后，依照{LAW}第四十四条的规定"
            f"自登记之日起十日内向你单位颁发、送达{title}。在取得{title}前，不得使用林地。",
            content.remedy_notice(agency),
        ],
        title=DECISION_AND_NOTICE_TITLE,
    )


def _national_fee_notice(detail: Application, agency: Agency, extra: Mapping[str, Any]) -> _Wording:
    """A forwarded occupation: the national authority decided (its number and day); this
    agency collects the fee (73号 art. 5) and hands over the national decision on payment."""
    number = str(extra.get("national_number") or "")
    decided = _chinese_date(extra.get("national_decided_on"))
    on = f"于{decided}" if decided else ""
    why, cited = _fee_basis(detail)
    return _Wording(
        [
            f"{content.subject(detail)}，经本机关初步审查后报送国务院林业主管部门，国务院林业主管部门"
            f"已{on}审核同意（{number}）。",
            f"{why}，你单位应当在领取国务院林业主管部门的审核同意文件前缴纳森林植被恢复费。",
        ],
        f"{cited}；{REMEDY_LAWS}",
        items_heading="应缴森林植被恢复费",
        items=_fee_lines(extra),
        closing=[
            f"{_pay_as(extra, '本通知书')}，并将缴款凭证（票据号码）提交本机关；本机关登记缴款"
            f"后，向你单位送达国务院林业主管部门的审核同意文件（{number}），该文件即为使用林地的"
            "行政许可决定，本机关不另行核发审核同意书。在领取该文件前，不得使用林地。",
            _fee_remedy(agency),
        ],
    )


FEE_STANDARD_122 = (
    "《财政部 国家林业局关于调整森林植被恢复费征收标准引导节约集约利用林地的通知》"
    "（财税〔2015〕122号）二"
)


def _determination_lines(reason: str, extra: Mapping[str, Any]) -> list[str]:
    """What the amount rests on: the area, the rate and each factor of the fee notice, what was
    left to determine, the agency's reason or computation, the amount and the rate's source."""
    lines = []
    if (area := extra.get("area_ha")) is not None:
        square_metres = (Decimal(str(area)) * 10000).normalize()
        lines.append(f"计费面积：{_hectares(area)}公顷（{square_metres:f}平方米）。")
    category = extra.get("land_category") or ""
    category_name = content.land_category_name(category) if category else "未注明"
    if extra.get("yuan_per_m2") is None:
        lines.append(f"林地类别：{category_name}（征收标准表中没有对应标准）。")
    else:
        lines.append(f"征收标准：{category_name}，每平方米{_yuan(extra.get('yuan_per_m2'))}。")
    lines += [str(line) for line in extra.get("factors") or []]
    lines += [f"待核定事项：{content.sentence(str(u))}" for u in extra.get("undetermined") or []]
    lines.append(f"核定的理由和计算：{content.sentence(reason)}")
    lines.append(f"核定金额：人民币{_yuan(extra.get('amount'))}。")
    lines.append(f"标准依据：{extra.get('rate_source') or FEE_STANDARD_122}")
    return lines


def _fee_determination(
    detail: Application, agency: Agency, reason: str, items: list[Any], extra: Mapping[str, Any]
) -> _Wording:
    """The 森林植被恢复费核定通知书: the agency's written determination of a fee its notice left
    待核定 (docs/legal-basis.md "The restoration fee"), its reason, the period to pay and the
    remedies against it; a correction names the determination it replaces."""
    notice = str(extra.get("fee_notice_number") or "")
    day = _chinese_date(extra.get("fee_notice_date"))
    on = f"于{day}" if day else ""
    paragraphs = [
        f"{content.subject(detail)}，本机关{on}出具的森林植被恢复费缴纳通知书（{notice}）"
        "未载明应缴金额（待核定）。经核定，你单位应缴森林植被恢复费如下。"
    ]
    if corrects := str(extra.get("corrects") or ""):
        paragraphs.append(
            f"本机关此前作出的森林植被恢复费核定通知书（{corrects}）核定有误，现予更正，"
            "原核定通知书不再执行。"
        )
    if extra.get("forwarded"):
        delivered = (
            f"向你单位送达国务院林业主管部门的审核同意文件（{extra.get('national_number') or ''}）"
        )
    else:
        delivered = f"向你单位颁发、送达{content.approval_title(detail)}"
    why, cited = _fee_basis(detail)
    basis = cited if FEE_RULES_73 in cited else f"{cited}；{FEE_RULES_73}"
    return _Wording(
        paragraphs,
        f"{basis}；{FEE_STANDARD_122}；{REMEDY_LAWS}",
        items_heading="核定事项",
        items=_determination_lines(reason, extra),
        closing=[
            f"{why}，请你单位自收到本通知书之日起{extra.get('payment_days')}日内按照核定的金额缴纳"
            f"森林植被恢复费，并将缴款凭证（票据号码）提交本机关；本机关登记缴款后{delivered}。",
            content.remedy_notice(agency, act="本核定", paper="本通知书"),
        ],
    )
