"""The hearing (行政许可法 arts. 46–48; product.md §16 L16): the 听证权利告知书 to the applicant
and each interested party, and the 听证笔录 the agency keeps as the case's document. The texts
they rest on are quoted whole (docs/legal-basis.md "Hearings — L16": the published text of the
2003 law; the 2019 amendment is not known to have touched arts. 45–48, to verify)."""

from collections.abc import Mapping
from typing import Any

from permits.models import Application
from roles.models import Agency

from .. import content
from ._common import LAW, _chinese_date, _days, _Wording, approval_basis, by_analogy

ARTICLE_46 = (
    "法律、法规、规章规定实施行政许可应当听证的事项，或者行政机关认为需要听证的其他涉及公共利益的"
    "重大行政许可事项，行政机关应当向社会公告，并举行听证。"
)
ARTICLE_47 = (
    "行政许可直接涉及申请人与他人之间重大利益关系的，行政机关在作出行政许可决定前，应当告知申请人、"
    "利害关系人享有要求听证的权利；申请人、利害关系人在被告知听证权利之日起五日内提出听证申请的，"
    "行政机关应当在二十日内组织听证。申请人、利害关系人不承担行政机关组织听证的费用。"
)
ARTICLE_48_1_3 = (
    "行政机关应当指定审查该行政许可申请的工作人员以外的人员为听证主持人，申请人、利害关系人认为"
    "主持人与该行政许可事项有直接利害关系的，有权申请回避"
)
ARTICLE_48_1_5 = "听证应当制作笔录，听证笔录应当交听证参加人确认无误后签字或者盖章。"
ARTICLE_48_2 = "行政机关应当根据听证笔录，作出行政许可决定。"

# What a notice says the hearing is offered under (``Hearing.basis`` starts with it when the
# engine found the interested parties itself).
SUBSTANTIAL_INTERESTS = "该行政许可事项直接涉及申请人与他人之间重大利益关系"


def _about(detail: Application, extra: Mapping[str, Any]) -> str:
    """What is applied for, as said to its addressee: the applicant's own application, or a
    party's 小班 the site uses."""
    if not extra.get("holder_credit_code"):
        return f"{content.subject(detail)}，本机关正在依法审查。"
    compartments = "、".join(f"{c}小班" for c in extra.get("compartments") or [])
    return (
        f"{detail.organisation.name}向本机关提出的{content.subject_project(detail)}"
        f"（申请编号：{detail.reference}），本机关正在依法审查。该项目拟使用的林地涉及你单位"
        f"按管护责任协议管护的{compartments or '林地'}。"
    )


def _hearing_notice(
    detail: Application, agency: Agency, reason: str, items: list[Any], extra: Mapping[str, Any]
) -> _Wording:
    """听证权利告知书: why a hearing is offered, the right to ask for it, until when and to whom,
    who presides, that its time is not counted and that the decision rests on its record."""
    days, due = extra.get("working_days"), _chinese_date(extra.get("due_date"))
    article = "第四十七条" if extra.get("substantial_interests") else "第四十六条"
    quoted = ARTICLE_47 if extra.get("substantial_interests") else ARTICLE_46
    licence = content.is_licence(detail)
    return _Wording(
        [
            f"{_about(detail, extra)}经审查，{content.clause(reason)}。",
            f"{by_analogy(detail) or '根据'}{LAW}{article}“{quoted}”的规定，"
            "现告知你单位享有要求听证的权利。",
            f"你单位要求听证的，请于收到本告知书之日起{_days(days)}内，即{due}前，向{agency.name}"
            "提出听证申请（书面或者通过本系统提出）；逾期未提出的，视为放弃听证权利，本机关将依法"
            "继续审查。",
            f"本机关将在收到听证申请之日起{_days(extra.get('held_working_days'))}内组织听证，"
            "并于举行听证的七日前将时间、地点通知你单位。听证公开举行，由审查该申请的工作人员以外的"
            f"人员主持；你单位认为主持人与该{content.act_noun(detail)}事项有直接利害关系的，有权申请回避。"
            "你单位不承担听证的费用。",
            f"根据{LAW}第四十五条的规定，听证所需时间不计算在行政许可办理期限内；"
            f"根据第四十八条第二款“{ARTICLE_48_2}”的规定，本机关将根据听证笔录作出行政许可决定。"
            if licence
            else "听证所需时间不计算在本机关承诺的办理时限内；本机关将根据听证笔录作出批复。",
        ],
        f"{LAW}{article}、第四十五条、第四十八条" if licence else approval_basis(detail),
        statutory=licence,
    )


def _late(extra: Mapping[str, Any], *, licence: bool = True) -> list[str]:
    """A hearing held after the day art. 47 sets: that day and the reason for the delay, as the
    recording official gave it (none when held in time)."""
    reason = str(extra.get("late_reason") or "").strip()
    if not reason:
        return []
    due = _chinese_date(extra.get("hold_by"))
    return [
        f"依照{LAW}第四十七条，本听证应当于{due}前举行；本机关逾期举行听证，"
        f"逾期原因：{reason.rstrip('。')}。"
        if licence
        else f"本听证应当于{due}前举行；本机关逾期举行听证，逾期原因：{reason.rstrip('。')}。"
    ]


def _hearing_record(
    detail: Application, agency: Agency, reason: str, items: list[Any], extra: Mapping[str, Any]
) -> _Wording:
    """听证笔录: when, who presided (not a reviewer of the file), who asked for it, what was
    heard as the participants signed it."""
    held = _chinese_date(extra.get("held_on"))
    presiding = str(extra.get("presiding_name") or "")
    requesters = "、".join(str(r) for r in extra.get("requesters") or [])
    lines = [line.strip() for line in str(reason).splitlines() if line.strip()]
    licence, analogy = content.is_licence(detail), by_analogy(detail)
    closing = (
        f"根据{LAW}第四十八条第二款的规定，本机关将根据本听证笔录作出行政许可决定。"
        if licence
        else "本机关将根据本听证笔录作出批复。"
    )
    return _Wording(
        [
            f"{content.subject(detail)}，经{requesters or '申请人'}申请，本机关于{held}依法"
            f"公开举行听证。听证主持人：{presiding}（审查该申请的工作人员以外的人员，"
            f"{analogy}{LAW}第四十八条第一款第三项）。",
            *_late(extra, licence=licence),
            f"{analogy or '根据'}{LAW}第四十八条第一款第五项“{ARTICLE_48_1_5}”的规定，"
            "本笔录经听证参加人确认无误后签字或者盖章，签字的笔录原件存入本案卷。",
        ],
        f"{LAW}第四十八条" if licence else approval_basis(detail),
        items_heading="听证笔录",
        items=lines,
        closing=[closing],
        statutory=licence,
    )
