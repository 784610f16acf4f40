"""The holder's requests after the grant (product.md §18 B1-B4, B10): their acceptance,
the change and renewal decisions (granted or refused) and the cancellation a surrender asks
for.

Each reads what the decision is (``content.is_licence``; issue 46 item 3): a licence's rest on
the Licensing Law (arts. 32, 49, 50); a 批复's on the provision the 批复 follows
(``approval_basis``), with the Licensing Law's rule followed by analogy (``by_analogy``,
"参照") only where the engine applies it (the renewal deemed when not decided in time)."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from permits.models import Application
from roles.models import Agency

from .. import content
from ._common import (
    LAW,
    REMEDY_LAWS,
    _chinese_date,
    _held,
    _lead_dropped,
    _Wording,
    approval_basis,
    by_analogy,
)
from .still_owed import _still_owed

# A surrender's ground: the holder's own request (docs/legal-basis.md F20).
SURRENDER_BASIS = "被许可人的注销申请"
APPROVAL_SURRENDER_BASIS = "批复持有单位的注销申请"
REQUEST_NAMES = {"change": "变更", "renewal": "延续", "extension": "延期", "surrender": "注销"}
RENEWAL_BASIS = {
    # 35号令: a temporary use's renewal (art. 20), a permanent use's 延期 (art. 25).
    "temporary": "《建设项目使用林地审核审批管理办法》第二十条",
    "permanent": "《建设项目使用林地审核审批管理办法》第二十五条",
}


def _request_name(extra: Mapping[str, Any]) -> str:
    kind = str(extra.get("request_kind") or "")
    if kind == "renewal" and extra.get("extension"):
        kind = "extension"
    return REQUEST_NAMES.get(kind, kind)


def _request_subject(detail: Application, extra: Mapping[str, Any]) -> str:
    """你单位于…提出的…（编号：…）的变更申请"""
    on = _chinese_date(extra.get("requested_on"))
    held = _held(detail, extra).removeprefix("你单位持有的")
    return f"你单位于{on}提出关于{held}的{_request_name(extra)}申请"


def _reviewed(reason: str) -> str:
    """The official's reasons after "经审查，" said once already: a lead typed again is dropped."""
    reason = _lead_dropped(reason, ("经审查，", "经审查：", "经审查"))
    return content.sentence(reason) if reason else ""


def _request_reason(extra: Mapping[str, Any]) -> str:
    reason = str(extra.get("request_reason") or "")
    return f"申请理由：{content.sentence(reason)}" if reason else ""


def _request_acceptance(
    detail: Application, extra: Mapping[str, Any], accepted_on: date
) -> _Wording:
    """受理通知书 of a holder's request: accepted, and by when the agency decides it (for a
    renewal, before the permit's last day: art. 50(2))."""
    licence = content.is_licence(detail)
    accepted = (
        f"符合法定形式。根据{LAW}第三十二条第一款第（五）项的规定，本机关决定予以受理"
        if licence
        else "符合要求。本机关决定予以受理"
    )
    paragraphs = [
        f"{_request_subject(detail, extra)}，经审查，申请事项属于本机关职权范围，申请材料齐全、"
        f"{accepted}，受理日期为{_chinese_date(accepted_on)}。"
    ]
    if due := extra.get("decision_due_date"):
        paragraphs.append(f"本机关将于{_chinese_date(due)}前作出决定，并书面告知你单位。")
    if extra.get("request_kind") == "renewal" and extra.get("old_until"):
        paragraphs.append(
            f"{by_analogy(detail) or '根据'}{LAW}第五十条第二款的规定，本机关应当在该"
            f"{content.act_noun(detail)}有效期届满（{_chinese_date(extra.get('old_until'))}）前作出"
            f"是否准予{_request_name(extra)}的决定；逾期未作决定的，视为准予{_request_name(extra)}。"
        )
    basis = f"{LAW}第三十二条、第四十二条" if licence else approval_basis(detail)
    return _Wording(paragraphs, basis, statutory=licence)


def _refused_request(
    detail: Application, agency: Agency, reason: str, extra: Mapping[str, Any], article: str
) -> _Wording:
    name, noun, licence = _request_name(extra), content.act_noun(detail), content.is_licence(detail)
    after = (
        f"该{noun}的有效期仍至{_chinese_date(extra.get('old_until'))}，届满后依法失效。"
        if extra.get("old_until")
        else f"该{noun}按原决定继续有效。"
    )
    decided = (
        f"根据{article}的规定，本机关决定不予{name}。" if licence else f"本机关决定不予{name}。"
    )
    return _Wording(
        [
            f"{_request_subject(detail, extra)}。{_request_reason(extra)}",
            f"经审查，{_reviewed(reason)}",
        ],
        f"{article}；{REMEDY_LAWS}",
        closing=[f"{decided}{after}", content.remedy_notice(agency)],
        title=f"不予{name}{noun}决定书",
        statutory=licence,
    )


def _change_decision(
    detail: Application, agency: Agency, reason: str, items: list[Any], extra: Mapping[str, Any]
) -> _Wording:
    """准予（不予）变更行政许可决定书 (Administrative Licensing Law art. 49; product.md §18 B1):
    what changed, each from and to, and the new version's validity; the version before is
    superseded. ``extra``: ``outcome``, ``requested_on``, ``request_reason``, ``changes``
    (``[{"label", "from", "to"}]``), ``valid_from``, ``valid_until``, ``version``."""
    licence, noun = content.is_licence(detail), content.act_noun(detail)
    article = f"{LAW}第四十九条" if licence else approval_basis(detail)
    if extra.get("outcome") != "granted":
        return _refused_request(detail, agency, reason, extra, article)
    until = extra.get("valid_until")
    validity = (
        f"变更后的{noun}有效期至{_chinese_date(until)}。"
        if until
        else f"变更后的{noun}有效期不变。"
    )
    found = (
        "经审查，申请变更的事项符合法定条件、标准，未扩大许可的范围、地点、对象或者期限。"
        if licence
        else "经审查，申请变更的事项符合要求，未扩大批准的范围、地点、对象或者期限。"
    )
    return _Wording(
        [
            f"{_request_subject(detail, extra)}。{_request_reason(extra)}",
            found + _reviewed(reason),
            f"根据{article}的规定，本机关决定准予变更。" if licence else "本机关决定准予变更。",
        ],
        f"{article}；{REMEDY_LAWS}",
        items_heading="变更事项",
        items=[
            f"{c.get('label')}：由“{c.get('from') or '（无）'}”变更为“{c.get('to')}”。"
            for c in extra.get("changes") or []
        ],
        closing=[
            f"自本决定作出之日起，该{noun}以本决定为准，原决定书"
            f"（编号：{extra.get('superseded_number')}）不再作为该{noun}的现行文书。{validity}"
            "原决定书中未变更的内容和条件继续适用。",
            content.remedy_notice(agency),
        ],
        title="" if licence else "准予变更批复决定书",
        statutory=licence,
    )


def _renewal_decision(
    detail: Application, agency: Agency, reason: str, items: list[Any], extra: Mapping[str, Any]
) -> _Wording:
    """准予（不予）延续行政许可决定书, or 准予延期决定书 of a permanent occupation (行政许可法
    art. 50; 35号令 arts. 20, 25; product.md §18 B2-B4). ``outcome`` "deemed": not decided
    before the permit's last day, renewed by the law (art. 50(2)), issued by the system.
    ``extra``: as a change's, with ``old_until``, ``occupation_kind``, ``extension``."""
    rule = RENEWAL_BASIS.get(str(extra.get("occupation_kind") or ""), "")
    licence, noun = content.is_licence(detail), content.act_noun(detail)
    if licence:
        article = f"{LAW}第五十条" + (f"、{rule}" if rule else "")
    else:
        article = "；".join(c for c in (approval_basis(detail), rule) if c)
    name = _request_name(extra)
    if extra.get("outcome") not in ("granted", "deemed"):
        return _refused_request(detail, agency, reason, extra, article)
    old, until = _chinese_date(extra.get("old_until")), _chinese_date(extra.get("valid_until"))
    if extra.get("outcome") == "deemed":
        # A 批复 is renewed when not decided in time by the engine as a licence is: the
        # Licensing Law's rule followed by analogy, not as its basis (a reading).
        decided = (
            f"本机关未在该{noun}有效期届满（{old}）前作出是否准予{name}的决定。"
            f"{by_analogy(detail) or '根据'}{LAW}第五十条第二款“逾期未作决定的，视为准予延续”"
            f"的规定，该{noun}视为准予{name}。"
        )
    else:
        found = content.sentence(reason) if reason else ""
        granted = (
            f"根据{article}的规定，本机关决定准予{name}。" if licence else f"本机关决定准予{name}。"
        )
        decided = f"经审查，该申请符合{name}的条件。{found}{granted}"
    return _Wording(
        [f"{_request_subject(detail, extra)}。{_request_reason(extra)}", decided],
        f"{article}；{REMEDY_LAWS}",
        closing=[
            f"{name}后的{noun}有效期自{_chinese_date(extra.get('valid_from'))}至{until}。"
            f"原决定书（编号：{extra.get('superseded_number')}）载明的其他内容和条件继续适用。",
            content.remedy_notice(agency),
        ],
        title=f"准予{name}{noun}决定书",
        statutory=licence,
    )


def _surrender_cancellation(
    detail: Application, agency: Agency, reason: str, extra: Mapping[str, Any]
) -> _Wording:
    """注销行政许可通知书 on the holder's own request (product.md §18 B10; docs/legal-basis.md
    F20): cancelled "根据你单位的申请" from the notice's day (art. 70 lists no surrender, so it
    is not cited as the ground); a temporary use's restoration stays owed."""
    owed = []
    if due := extra.get("restoration_due"):
        owed.append(
            "根据《中华人民共和国森林法》第三十八条第二款的规定，临时使用林地期满后一年内，用地单位"
            f"应当恢复植被和林业生产条件。你单位应当于{_chinese_date(due)}前完成恢复并报本机关检查验收。"
        )
    licence, noun = content.is_licence(detail), content.act_noun(detail)
    return _Wording(
        [
            f"{_request_subject(detail, extra)}。{_request_reason(extra)}",
            f"经审查，本机关同意你单位放弃该{noun}。{_reviewed(reason)}",
        ],
        # Not art. 70: its cases do not include a holder giving the permit up (issue 46 item
        # 7); the ground is the request itself.
        (SURRENDER_BASIS if licence else APPROVAL_SURRENDER_BASIS)
        + ("；《中华人民共和国森林法》第三十八条；" if owed else "；")
        + REMEDY_LAWS,
        title="" if licence else "注销批复通知书",
        statutory=licence,
        closing=[
            f"根据你单位的申请，本机关注销该{noun}，该{noun}自本通知作出之日起失效。"
            f"你单位依据该{noun}已经承担的义务，不因注销而免除。",
            *owed,
            # A temporary use's restoration is the paragraph above, with its article.
            *_still_owed(extra, skip=("restoration_completion",) if owed else (), noun=noun),
            "你单位如对本注销行为不服，可以自收到本通知书之日起六十日内向"
            f"{content.reconsideration_body(agency)}申请行政复议，也可以自收到本通知书之日起六个月内"
            f"向{content.litigation_court(agency)}提起行政诉讼。",
        ],
    )
