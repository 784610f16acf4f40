"""The acceptance stage's notices (行政许可法 art. 32): 受理通知书 with the legal period of
the route frozen at submission, 补正告知书 and 不予受理决定书."""

from collections.abc import Mapping
from typing import Any

from django.utils import timezone, translation

from permits.models import Application
from permits.rules.acceptance import NON_ACCEPTANCE_GROUNDS, non_acceptance_notices
from permits.rules.base import citation_for_people
from roles.models import Agency

from .. import content
from ._common import LAW, REMEDY_LAWS, _chinese_date, _days, _Wording, item_line
from .holder_requests import _request_acceptance, _request_subject


def _period_paragraphs(agency: Agency, extra: Mapping[str, Any]) -> list[str]:
    """What the acceptance notice promises (product.md §16 L1): who decides, and the legal
    date(s) of the route frozen at submission (``workflows.clock.DecisionClock``)."""
    deciding = extra.get("deciding_agency") or agency.name
    decision_days, extension = (
        extra.get("decision_working_days"),
        extra.get("extension_working_days"),
    )
    due = _chinese_date(extra.get("decision_due_date"))
    if extra.get("procedure") == "joint":
        handled_by = "、".join(extra.get("joint_agencies") or [deciding])
        return [
            f"本申请由{handled_by}联合办理，由{deciding}作出行政许可决定。根据{LAW}第四十二条第二款的"
            f"规定，办理时间为自受理之日起{_days(decision_days)}，即于{due}前办结；"
            f"{_days(decision_days)}内不能办结的，经本级人民政府负责人批准，可以延长"
            f"{_days(extension)}，并将延长期限的理由告知你单位。"
        ]
    if extra.get("forwards"):
        forward_days = extra.get("forward_working_days")
        forward_due = _chinese_date(extra.get("forward_due_date"))
        return [
            f"本申请依法由本机关初步审查后报{deciding}决定。根据{LAW}第三十五条、第四十三条的规定，"
            f"本机关将自受理之日起{_days(forward_days)}内审查完毕，即于{forward_due}前将初步审查意见和"
            f"全部申请材料直接报送{deciding}。",
            f"根据{LAW}第四十二条第一款的规定，{deciding}自收到上述材料之日起{_days(decision_days)}内"
            f"作出行政许可决定，最迟于{due}前作出；{_days(decision_days)}内不能作出决定的，"
            f"经{deciding}负责人批准，可以延长{_days(extension)}，并将延长期限的理由告知你单位。",
        ]
    return [
        f"根据{LAW}第四十二条第一款的规定，本机关将自受理之日起{_days(decision_days)}内作出行政许可"
        f"决定，即于{due}前作出；{_days(decision_days)}内不能作出决定的，经本机关负责人批准，"
        f"可以延长{_days(extension)}，并将延长期限的理由告知你单位。"
    ]


def _acceptance(
    detail: Application, agency: Agency, reason: str, items: list[Any], extra: Mapping[str, Any]
) -> _Wording:
    accepted_on = extra.get("accepted_on") or timezone.localdate()
    if extra.get("request_kind"):
        return _request_acceptance(detail, extra, accepted_on)
    if extra.get("deemed"):
        # Art. 32 para. 1 (4): not told within five days, the application is accepted as of
        # the day the materials were received.
        paragraphs = [
            f"{content.subject(detail)}，本机关未在法定期限内作出是否受理的决定。根据{LAW}第三十二条"
            f"第一款第（四）项“逾期不告知的，自收到申请材料之日起即为受理”的规定，该申请自"
            f"{_chinese_date(accepted_on)}起即为受理。"
        ]
    else:
        paragraphs = [
            f"{content.subject(detail)}，经审查，申请事项属于本机关职权范围，申请材料齐全、符合法定形式。"
            f"根据{LAW}第三十二条第一款第（五）项的规定，本机关决定予以受理，"
            f"受理日期为{_chinese_date(accepted_on)}。"
        ]
    if extra.get("decision_due_date"):
        paragraphs += _period_paragraphs(agency, extra)
        paragraphs.append(
            f"依法需要听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审的，所需时间不计算在上述期限内"
            f"（{LAW}第四十五条），办理机关将书面告知所需时间。"
        )
    if basis := str(extra.get("correction_basis") or "").strip():
        paragraphs.append(f"审查期间退回补正的，依照{basis}的规定，补正期间不计算在上述期限内。")
    else:
        paragraphs.append("审查期间退回补正的，补正期间计算在上述期限内，请你单位及时补正。")
    return _Wording(paragraphs, f"{LAW}第三十二条、第三十五条、第四十二条、第四十三条、第四十五条")


def _correction(
    detail: Application, agency: Agency, reason: str, items: list[Any], extra: Mapping[str, Any]
) -> _Wording:
    paragraphs = [
        f"{content.subject(detail)}，经审查，申请材料不齐全或者不符合法定形式。"
        f"根据{LAW}第三十二条第一款第（四）项的规定，现一次性告知你单位需要补正的全部内容。"
    ]
    if reason:
        paragraphs.append(f"审查意见：{content.sentence(reason)}")
    return _Wording(
        paragraphs,
        f"{LAW}第三十二条第一款第（四）项",
        items_heading="需要补正的全部内容",
        items=[item_line(detail, i) for i in items],
        closing=[
            "以上为需要补正的全部内容。请你单位按照上述要求补正全部材料后重新提交；"
            "补正期间不计入审查期限。"
        ],
    )


def ground_line(ground: Mapping[str, str]) -> str:
    """One ground of a non-acceptance as printed: what it is, then the clause it quotes."""
    described = {g.code: g.message for g in NON_ACCEPTANCE_GROUNDS}
    citation = citation_for_people(ground.get("source", ""))
    if ground.get("code") not in described:  # a code the table no longer holds: its clause
        return f"{citation}。"
    with translation.override("zh-hans"):
        what = content.clause(str(described[ground["code"]]))
    return f"{what}（{citation}）。"


def _non_acceptance(
    detail: Application, agency: Agency, reason: str, items: list[Any], extra: Mapping[str, Any]
) -> _Wording:
    if extra.get("request_kind"):
        return _Wording(
            [f"{_request_subject(detail, extra)}，经审查，不符合受理条件。"],
            f"{LAW}第三十二条；{REMEDY_LAWS}",
            items_heading="不予受理的理由",
            items=[content.sentence(reason)],
            closing=[
                f"根据{LAW}第三十二条第一款的规定，本机关决定不予受理该申请。该行政许可不因本决定而改变。",
                content.remedy_notice(agency),
            ],
        )
    grounds = list(extra.get("grounds") or [])
    decided = (
        "根据上述规定，本机关决定不予受理该申请。"
        if grounds
        else f"根据{LAW}第三十二条第一款的规定，本机关决定不予受理该申请。"
    )
    return _Wording(
        [f"{content.subject(detail)}，经审查，不符合受理条件。"],
        f"{LAW}第三十二条；{REMEDY_LAWS}",
        items_heading="不予受理的理由",
        items=[content.sentence(reason), *(item_line(detail, i) for i in items)],
        grounds_heading="不予受理的依据",
        grounds=[ground_line(g) for g in grounds],
        closing=[
            decided,
            *non_acceptance_notices([g.get("code", "") for g in grounds]),
            content.remedy_notice(agency),
        ],
    )
