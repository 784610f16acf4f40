"""The acceptance stage's notices (行政许可法 art. 32): 受理通知书 with the legal period of
the route frozen at submission, 补正告知书 and 不予受理决定书.

An application for a decision that is no licence (a 批复, ``documents.forms``) is accepted,
returned and refused without the Licensing Law: its period is the agency's working commitment
(承诺时限, the same route figures) and the notices rest on the provision the 批复 follows."""

from collections.abc import Mapping
from typing import Any

from django.utils import timezone, translation

from permits.models import Application
from permits.rules.acceptance import NON_ACCEPTANCE_GROUNDS, non_acceptance_notices
from permits.rules.base import citation_for_people
from roles.models import Agency

from .. import content
from ._common import (
    LAW,
    REMEDY_LAWS,
    _chinese_date,
    _days,
    _Wording,
    approval_basis,
    item_line,
)
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
        # Issue 46 item 5: the government's decision under art. 26 that organises it.
        basis = extra.get("joint_basis")
        organised = f"根据{basis}，" if basis else ""
        return [
            f"{organised}本申请由{handled_by}联合办理，由{deciding}作出行政许可决定。根据{LAW}第四十二条第二款的"
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


def _commitment_paragraphs(agency: Agency, extra: Mapping[str, Any]) -> list[str]:
    """What the acceptance of a 批复 promises: the route's periods as the agency's working
    commitment (承诺时限), no statutory period and no article."""
    deciding = extra.get("deciding_agency") or agency.name
    days, extension = extra.get("decision_working_days"), extra.get("extension_working_days")
    due = _chinese_date(extra.get("decision_due_date"))
    extended = (
        f"不能按期作出的，经{{who}}负责人批准，可以延长{_days(extension)}，"
        "并将延长的理由告知你单位。"
    )
    if extra.get("procedure") == "joint":
        handled_by = "、".join(extra.get("joint_agencies") or [deciding])
        basis = extra.get("joint_basis")
        organised = f"根据{basis}，" if basis else ""
        return [
            f"{organised}本申请由{handled_by}联合办理，由{deciding}作出批复。承诺时限为自受理之日起"
            f"{_days(days)}，即于{due}前办结；" + extended.format(who=deciding)
        ]
    if extra.get("forwards"):
        forward_due = _chinese_date(extra.get("forward_due_date"))
        return [
            f"本申请由本机关初步审查后报{deciding}批复。本机关承诺自受理之日起"
            f"{_days(extra.get('forward_working_days'))}内审查完毕，即于{forward_due}前将初步审查意见和"
            f"全部申请材料报送{deciding}。",
            f"{deciding}承诺自收到上述材料之日起{_days(days)}内作出批复，最迟于{due}前作出；"
            + extended.format(who=deciding),
        ]
    return [
        f"本机关承诺自受理之日起{_days(days)}内作出批复，即于{due}前作出；"
        + extended.format(who="本机关")
    ]


def _acceptance(
    detail: Application, agency: Agency, reason: str, items: list[Any], extra: Mapping[str, Any]
) -> _Wording:
    accepted_on = extra.get("accepted_on") or timezone.localdate()
    if extra.get("request_kind"):
        return _request_acceptance(detail, extra, accepted_on)
    if not content.is_licence(detail):
        return _approval_acceptance(detail, agency, extra, accepted_on)
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
    paragraphs.append(_correction_time(extra))
    return _Wording(paragraphs, f"{LAW}{acceptance_articles(extra)}")


def _correction_time(extra: Mapping[str, Any]) -> str:
    if basis := str(extra.get("correction_basis") or "").strip():
        return f"审查期间退回补正的，依照{basis}的规定，补正期间不计算在上述期限内。"
    return "审查期间退回补正的，补正期间计算在上述期限内，请你单位及时补正。"


def _approval_acceptance(
    detail: Application, agency: Agency, extra: Mapping[str, Any], accepted_on: Any
) -> _Wording:
    """The 受理通知书 of a 批复 (issue 46 item 3): accepted under the agency's own procedure,
    its period a commitment."""
    if extra.get("deemed"):
        paragraphs = [
            f"{content.subject(detail)}，本机关未在承诺期限内作出是否受理的决定，该申请自"
            f"{_chinese_date(accepted_on)}起即为受理。"
        ]
    else:
        paragraphs = [
            f"{content.subject(detail)}，经审查，申请事项属于本机关职权范围，申请材料齐全、符合要求。"
            f"本机关决定予以受理，受理日期为{_chinese_date(accepted_on)}。"
        ]
    if extra.get("decision_due_date"):
        paragraphs += _commitment_paragraphs(agency, extra)
        paragraphs.append(
            "需要现场查验、专家评审的，所需时间不计算在上述承诺时限内，办理机关将书面告知所需时间。"
        )
    paragraphs.append(_correction_time(extra))
    return _Wording(paragraphs, approval_basis(detail), statutory=False)


def acceptance_articles(extra: Mapping[str, Any]) -> str:
    """The articles a 受理通知书 rests on: arts. 35 and 43 (a lower agency's preliminary review
    and its 20 days) only where the route forwards the application to a deciding agency above
    (issue 46, Low: a one-tier procedure printed them); art. 42 and 45 where a period runs."""
    articles = ["第三十二条"]
    if extra.get("decision_due_date"):
        if extra.get("forwards"):
            articles += ["第三十五条", "第四十二条", "第四十三条"]
        else:
            articles.append("第四十二条")
        articles.append("第四十五条")
    return "、".join(articles)


def _correction(
    detail: Application, agency: Agency, reason: str, items: list[Any], extra: Mapping[str, Any]
) -> _Wording:
    licence = content.is_licence(detail)
    paragraphs = [
        f"{content.subject(detail)}，经审查，申请材料不齐全或者不符合法定形式。"
        f"根据{LAW}第三十二条第一款第（四）项的规定，现一次性告知你单位需要补正的全部内容。"
        if licence
        else f"{content.subject(detail)}，经审查，申请材料不齐全或者不符合要求。"
        "现一次性告知你单位需要补正的全部内容。"
    ]
    if reason:
        paragraphs.append(f"审查意见：{content.sentence(reason)}")
    return _Wording(
        paragraphs,
        f"{LAW}第三十二条第一款第（四）项" if licence else approval_basis(detail),
        statutory=licence,
        items_heading="需要补正的全部内容",
        items=[item_line(detail, i) for i in items],
        closing=[
            "以上为需要补正的全部内容。请你单位按照上述要求补正全部材料后重新提交；"
            "补正期间不计入审查期限。"
        ],
    )


def ground_line(ground: Mapping[str, str], *, licence: bool = True) -> str:
    """One ground of a non-acceptance as printed: what it is, then the clause it quotes (the
    Licensing Law's: none for a 批复, which that law does not govern)."""
    described = {g.code: g.message for g in NON_ACCEPTANCE_GROUNDS}
    citation = citation_for_people(ground.get("source", ""))
    if ground.get("code") not in described:  # a code the table no longer holds: its clause
        return f"{citation}。" if licence else ""
    with translation.override("zh-hans"):
        what = content.clause(str(described[ground["code"]]))
    return f"{what}（{citation}）。" if licence else f"{what}。"


def _request_non_acceptance(
    detail: Application, agency: Agency, reason: str, extra: Mapping[str, Any]
) -> _Wording:
    """A holder's request not accepted: under art. 32 for a licence; a 批复's on the provision
    it follows (issue 46 item 3)."""
    licence = content.is_licence(detail)
    decided = (
        f"根据{LAW}第三十二条第一款的规定，本机关决定不予受理该申请。"
        if licence
        else "本机关决定不予受理该申请。"
    )
    return _Wording(
        [f"{_request_subject(detail, extra)}，经审查，不符合受理条件。"],
        f"{LAW}第三十二条；{REMEDY_LAWS}"
        if licence
        else f"{approval_basis(detail)}；{REMEDY_LAWS}",
        items_heading="不予受理的理由",
        items=[content.sentence(reason)],
        closing=[
            f"{decided}该{content.act_noun(detail)}不因本决定而改变。",
            content.remedy_notice(agency),
        ],
        statutory=licence,
    )


def _non_acceptance(
    detail: Application, agency: Agency, reason: str, items: list[Any], extra: Mapping[str, Any]
) -> _Wording:
    if extra.get("request_kind"):
        return _request_non_acceptance(detail, agency, reason, extra)
    grounds = list(extra.get("grounds") or [])
    licence = content.is_licence(detail)
    if not licence:
        decided = "本机关决定不予受理该申请。"
    elif grounds:
        decided = "根据上述规定，本机关决定不予受理该申请。"
    else:
        decided = f"根据{LAW}第三十二条第一款的规定，本机关决定不予受理该申请。"
    basis = f"{LAW}第三十二条" if licence else approval_basis(detail)
    lines = [line for g in grounds if (line := ground_line(g, licence=licence))]
    return _Wording(
        [f"{content.subject(detail)}，经审查，不符合受理条件。"],
        "；".join(b for b in (basis, REMEDY_LAWS) if b),
        items_heading="不予受理的理由",
        items=[content.sentence(reason), *(item_line(detail, i) for i in items)],
        grounds_heading="不予受理的依据" if licence else "不予受理的情形",
        grounds=lines,
        closing=[
            decided,
            *non_acceptance_notices([g.get("code", "") for g in grounds], licence=licence),
            content.remedy_notice(agency),
        ],
        statutory=licence,
    )
