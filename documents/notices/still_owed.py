"""What a permit's early end ends and what it leaves owed, in the ending document's words
(docs/legal-basis.md F38): the closing paragraphs of a revocation, a withdrawal and a
surrender."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from roles.models import Agency

from .. import content
from ._common import LAW, _chinese_date

# What a permit's early end leaves owed, in the ending document's words (docs/legal-basis.md
# F38; ``permits.obligations.obligations_at_end``).
STILL_OWED_WORDS = {
    "felling_permit": "报送林木采伐许可证号",
    "tending_completion": "报送已实施作业的完成情况报告，并接受检查验收",
    "restoration_completion": "恢复植被和林业生产条件，并报请检查验收",
    "monitoring": "报送引入物种监测报告",
    "annual_control": "报送年度防控情况报告",
}
ORDINALS = "一二三四五六七八九十"  # at most five kinds and escapes

# The obligations a permit's end ends, in the document's words (a design not begun).
ENDED_WORDS = {
    "felling_permit": "林木采伐许可证号的报送",
    "tending_completion": "作业完成情况的报告",
}


def _still_owed(
    extra: Mapping[str, Any], *, skip: tuple[str, ...] = (), noun: str = "行政许可"
) -> list[str]:
    """What the permit's end ended, and what the work already done left owed, one clause each
    (a schedule with its next and last dates, a late one to be made good at once), and under
    which article the authorities supervise them; neither: nothing."""
    owed = extra.get("still_owed") or {}
    paragraphs = []
    ended = [ENDED_WORDS[k] for k in owed.get("ended") or [] if k in ENDED_WORDS]
    if ended:
        paragraphs.append(f"该{noun}终止后不得再实施作业，{'和'.join(ended)}义务不再履行。")
    clauses = []
    for item in owed.get("items") or []:
        what = STILL_OWED_WORDS.get(str(item.get("kind")), "")
        if not what or item.get("kind") in skip:
            continue
        due, last = (_chinese_date(date.fromisoformat(str(item.get(k)))) for k in ("due", "last"))
        many = int(item.get("count") or 1) > 1
        if item.get("overdue"):
            late = f"{what}（原定于{due}前，已逾期），应当立即履行"
            clauses.append(f"{late}，其余按原定周期履行至{last}" if many else late)
        elif many:
            clauses.append(f"{what}，按原定周期报送，下一次于{due}前，最后一次于{last}前")
        else:
            clauses.append(f"于{due}前{what}")
    if owed.get("escapes"):
        clauses.append("发现引入物种逃逸的，立即报告")
    if clauses:
        listed = "；".join(f"（{ORDINALS[n]}）{clause}" for n, clause in enumerate(clauses))
        basis = (
            "县级以上人民政府有关部门依照《中华人民共和国生物安全法》第二十五条"
            if owed.get("escapes")
            else "县级以上人民政府林业主管部门依照《中华人民共和国森林法》第六十六条、第六十七条"
        )
        paragraphs.append(
            f"该{noun}终止后，你单位已经实施的活动所产生的下列义务仍应履行：{listed}。"
            f"{basis}的规定对其履行情况进行监督检查。"
        )
    return paragraphs


def _ended_closing(
    agency: Agency, extra: Mapping[str, Any], act: str, *, licence: bool = True
) -> list[str]:
    """After a revocation's or withdrawal's decision: what it means for the holder, the 注销
    done with it (art. 70(4), recorded by the same transaction) and the remedies. A withdrawal
    ends the permit from the decision on (art. 8(2)); a revocation's effect is the law's, not
    dated here. A 批复 is not a licence: art. 70 does not apply to it (issue 46 item 3)."""
    since = "自本决定作出之日起失效。" if act == "撤回" else ""
    noun = "行政许可" if licence else "批复"
    cancelled = (
        f"本机关依照{LAW}第七十条第（四）项的规定，一并办理该行政许可的注销手续。"
        if licence
        else "该批复不再作为实施作业的依据，本机关一并予以注销。"
    )
    return [
        str(extra.get("consequence", "")),
        f"{'该' + noun + since if since else ''}{cancelled}",
        *_still_owed(extra, noun=noun),
        content.remedy_notice(agency),
    ]
