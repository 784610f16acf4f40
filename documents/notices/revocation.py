"""The acts on a permit after a hearing (行政许可法 art. 7; product.md §18 B7, B8):
陈述申辩告知书, then 撤销行政许可决定书 or 撤回行政许可决定书."""

from collections.abc import Mapping
from typing import Any

from permits.models import Application
from roles.models import Agency

from .. import content
from ._common import (
    LAW,
    REMEDY_LAWS,
    _chinese_date,
    _days,
    _found,
    _held,
    _Wording,
    by_analogy,
)
from .still_owed import _ended_closing


def _revocation(
    detail: Application, agency: Agency, reason: str, items: list[Any], extra: Mapping[str, Any]
) -> _Wording:
    """撤销行政许可决定书 (Administrative Licensing Law arts. 7, 69, 70; product.md §18 B7): the
    ground of art. 69 in the article's words, the statement notice and what the holder answered
    (or that it did not), the agency's findings (``reason``), what the revocation means for the
    holder (art. 69(4)) and the 注销 that follows (art. 70(4)). ``extra``: ``ground_reference``,
    ``ground_words``, ``consequence``, ``statement_number``, ``statement_date``, ``answer``,
    ``answered_on``, ``permit_number``. Without a ground (a decision issued before grounds were
    required) the article alone is cited."""
    reference, words = extra.get("ground_reference"), extra.get("ground_words")
    held = _held(detail, extra)
    noun = content.act_noun(detail)
    if not reference:
        return _Wording(
            [f"{held}，{_found(reason)}"],
            f"{by_analogy(detail)}{LAW}第六十九条；{REMEDY_LAWS}",
            closing=[
                f"{by_analogy(detail) or '根据'}{LAW}第六十九条的规定，本机关决定撤销该{noun}。",
                content.remedy_notice(agency),
            ],
            title=_title(detail, "撤销"),
        )
    return _Wording(
        [
            f"{held}，{_found(str(extra.get('facts') or ''))}",
            _ground_found(detail, reference, str(words or "")),
            *_heard_paragraphs(extra, "撤销", noun),
            _findings(reason),
            # Art. 69(3): the deciding official confirms this before the decision is made.
            f"经审查，撤销该{noun}不会对公共利益造成重大损害。",
        ],
        f"{by_analogy(detail)}{LAW}第七条、第六十九条、第七十条；{REMEDY_LAWS}",
        closing=[
            f"{by_analogy(detail) or '根据'}{reference}的规定，本机关决定撤销该{noun}。",
            *_ended_closing(agency, extra, "撤销", licence=content.is_licence(detail)),
        ],
        title=_title(detail, "撤销"),
    )


def _title(detail: Application, act: str) -> str:
    """A 批复's own title (撤销批复决定书); a licence's is its kind's (``issuing.TITLES``)."""
    return "" if content.is_licence(detail) else f"{act}批复决定书"


def _ground_found(detail: Application, reference: str, words: str) -> str:
    if content.is_licence(detail):
        return f"本机关认为，该行政许可属于{reference}“{words}”的情形。"
    return f"本机关认为，该批复存在参照{reference}“{words}”应予撤销的情形。"


def _findings(reason: str) -> str:
    """The agency's findings after hearing the holder, after "经复核，本机关认为：" once: an
    official who typed those words first does not see them twice."""
    for lead in ("经复核，本机关认为：", "经复核，本机关认为，", "经复核，", "经复核"):
        if reason.startswith(lead) and len(reason) > len(lead):
            return f"经复核，本机关认为：{content.sentence(reason[len(lead) :])}"
    return f"经复核，本机关认为：{content.sentence(reason)}"


def _heard_paragraphs(extra: Mapping[str, Any], act: str, noun: str = "行政许可") -> list[str]:
    """The hearing a revocation or withdrawal followed: the statement notice, and the holder's
    answer or that it gave none within the period (art. 7)."""
    told = (
        f"本机关于{_chinese_date(extra.get('statement_date'))}以{extra.get('statement_number')}"
        f"告知你单位拟{act}该{noun}的事实、理由和依据，以及你单位依法享有的陈述权、申辩权。"
    )
    answer = str(extra.get("answer") or "")
    if answer:
        heard = (
            f"你单位于{_chinese_date(extra.get('answered_on'))}提出陈述、申辩意见："
            f"{content.sentence(answer)}"
        )
    else:
        heard = "你单位在规定期限内未提出陈述、申辩意见。"
    return [told, heard]


def _withdrawal(
    detail: Application, agency: Agency, reason: str, items: list[Any], extra: Mapping[str, Any]
) -> _Wording:
    """撤回行政许可决定书 (Administrative Licensing Law arts. 7, 8, 70; product.md §18 B8): the
    change of the law or of the circumstances in the article's words, the statement notice and
    the holder's answer, the agency's findings (``reason``), the public interest the withdrawal
    serves, the right to compensation (art. 8(2)) and the 注销 that follows (art. 70(4)).
    ``extra`` as a revocation's."""
    held = _held(detail, extra)
    reference, words = extra["ground_reference"], extra["ground_words"]
    noun, analogy = content.act_noun(detail), by_analogy(detail)
    return _Wording(
        [
            f"{held}。{_found(str(extra.get('facts') or ''))}",
            f"本机关认为，{words}，属于{analogy}{reference}规定的情形。",
            *_heard_paragraphs(extra, "撤回", noun),
            _findings(reason),
        ],
        f"{analogy}{LAW}第七条、第八条、第七十条；{REMEDY_LAWS}",
        closing=[
            f"为了公共利益的需要，{analogy or '根据'}{reference}的规定，本机关决定撤回该{noun}。",
            *_ended_closing(agency, extra, "撤回", licence=content.is_licence(detail)),
        ],
        title=_title(detail, "撤回"),
    )


def _statement(
    detail: Application, agency: Agency, reason: str, items: list[Any], extra: Mapping[str, Any]
) -> _Wording:
    """陈述申辩告知书 (Administrative Licensing Law art. 7; product.md §18 B7, B8): the act the
    agency intends, on which ground (the article's words) and facts, what it means for the
    holder, and until when and how the holder may state and defend itself. ``reason`` is the
    facts; ``extra``: ``act`` ("revoke" | "withdraw"), ``ground_reference``, ``ground_words``,
    ``consequence``, ``working_days``, ``due_date``, ``permit_number``."""
    reference, words = extra["ground_reference"], extra["ground_words"]
    noun, analogy = content.act_noun(detail), by_analogy(detail)
    if extra["act"] == "withdraw":
        intent = (
            f"因{words}，为了公共利益的需要，本机关拟{analogy or '依据'}{reference}的规定，"
            f"撤回该{noun}。"
        )
        basis = f"{analogy}{LAW}第七条、第八条"
    else:
        intent = f"本机关认为该{noun}属于{analogy}{reference}“{words}”的情形，拟依法撤销该{noun}。"
        basis = f"{analogy}{LAW}第七条、第六十九条"
    days, due = extra.get("working_days"), _chinese_date(extra.get("due_date"))
    return _Wording(
        [
            f"{_held(detail, extra)}，{_found(reason)}",
            intent,
            str(extra.get("consequence", "")),
            f"{analogy or '根据'}{LAW}第七条的规定，你单位享有陈述权、申辩权。"
            f"请于{_days(days)}内，即{due}（含当日）前，"
            f"通过本系统提交陈述、申辩意见，或者将书面意见（加盖单位公章）送交{agency.name}。",
            "逾期未提出意见的，视为你单位放弃陈述和申辩的权利，本机关将依法作出决定。",
        ],
        basis,
    )
