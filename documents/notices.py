"""Administrative notices as numbered documents (product.md §11, §16): 受理通知书, 补正告知书,
不予受理决定书, 延期告知书, 特别程序期间告知书, 撤销决定书, 利害关系人告知书.

Each is a ``Certificate`` row of its ``DocumentKind``, so the verification page, the check code
and the downloads treat it like a decision. ``notice_issue`` runs inside the calling service's
transaction, which holds the application's row lock, and stores what the notice prints; its PDF
is rendered after commit (``rendering``); the wording cites the Administrative
Licensing Law (行政许可法) articles the notice rests on.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from audit.trail import audit_chain_head_hash
from core.errors import InvalidInput
from documents.models import NOTICE_KINDS, VERSION_KINDS, Certificate, DocumentKind
from permits.choices import AttachmentKind
from permits.models import Application
from permits.numbers import document_number_allocate
from permits.rules.acceptance import NON_ACCEPTANCE_GROUNDS, non_acceptance_notices
from permits.rules.base import citation_for_people
from roles.models import Agency

from . import content
from .issue import verify_url
from .render import NoticeDocument
from .rendering import document_render_after_commit, notice_content

MSG_NO_ITEMS = _("A correction notice must list at least one item to correct.")
MSG_NO_REASON = _("This notice needs a reason.")

TITLES = {
    DocumentKind.ACCEPTANCE_NOTICE: "受理通知书",
    DocumentKind.CORRECTION_NOTICE: "补正告知书",
    DocumentKind.NON_ACCEPTANCE: "不予受理决定书",
    DocumentKind.EXTENSION_NOTICE: "延期告知书",
    DocumentKind.REVOCATION: "撤销行政许可决定书",
    DocumentKind.SPECIAL_PROCEDURE_NOTICE: "特别程序期间告知书",
    DocumentKind.FORWARDING_LETTER: "使用林地申请转报函",
    DocumentKind.FEE_NOTICE: "森林植被恢复费缴纳通知书",
    DocumentKind.INTERESTED_PARTY_NOTICE: "利害关系人告知书",
    DocumentKind.INSPECTION_REPORT: "检查验收意见书",
    DocumentKind.RECTIFICATION_NOTICE: "责令限期整改通知书",
    DocumentKind.STATEMENT_NOTICE: "陈述申辩告知书",
    DocumentKind.WITHDRAWAL_DECISION: "撤回行政许可决定书",
    DocumentKind.CANCELLATION_NOTICE: "注销行政许可通知书",
    DocumentKind.CHANGE_DECISION: "准予变更行政许可决定书",
    DocumentKind.RENEWAL_DECISION: "准予延续行政许可决定书",
}

# The character after the agency's abbreviation in the number: 密园林受〔2026〕0001号.
NUMBER_CODES = {
    DocumentKind.ACCEPTANCE_NOTICE: "受",
    DocumentKind.CORRECTION_NOTICE: "补",
    DocumentKind.NON_ACCEPTANCE: "不受",
    DocumentKind.EXTENSION_NOTICE: "延",
    DocumentKind.REVOCATION: "撤",
    DocumentKind.SPECIAL_PROCEDURE_NOTICE: "特",
    DocumentKind.FORWARDING_LETTER: "转",
    DocumentKind.FEE_NOTICE: "缴",
    DocumentKind.INTERESTED_PARTY_NOTICE: "利",
    DocumentKind.INSPECTION_REPORT: "验",
    DocumentKind.RECTIFICATION_NOTICE: "改",
    DocumentKind.STATEMENT_NOTICE: "陈",
    DocumentKind.WITHDRAWAL_DECISION: "撤回",
    DocumentKind.CANCELLATION_NOTICE: "注",
    DocumentKind.CHANGE_DECISION: "变",
    DocumentKind.RENEWAL_DECISION: "续",
}


LAW = "《中华人民共和国行政许可法》"
REMEDY_LAWS = "《中华人民共和国行政复议法》第二十条、《中华人民共和国行政诉讼法》第四十六条"
DEFAULT_EXTENSION_WORKING_DAYS = 10  # art. 42: 可以延长十日


@dataclass(frozen=True)
class _Wording:
    paragraphs: list[str]
    legal_basis: str
    items_heading: str = ""
    items: list[str] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    grounds_heading: str = ""
    grounds: list[str] = field(default_factory=list)
    # The document's title where it is not its kind's (a refusal of a change, an extension).
    title: str = ""


def _chinese_date(value: date | None) -> str:
    return content.chinese_date(value) if value else ""


def _value(item: Any, name: str) -> Any:
    return item.get(name) if isinstance(item, Mapping) else getattr(item, name, None)


def field_label(detail: Application, name: str) -> str:
    """The Chinese label of one of the application's fields (its name when unknown)."""
    try:
        verbose = detail._meta.get_field(name).verbose_name  # type: ignore[union-attr]
    except FieldDoesNotExist:
        return name
    with translation.override("zh-hans"):
        return str(verbose)


def attachment_label(kind: str) -> str:
    with translation.override("zh-hans"):
        return str(AttachmentKind(kind).label) if kind in AttachmentKind.values else kind


def item_line(detail: Application, item: Any) -> str:
    """One item to correct as printed: 面积（公顷）：…, 附件“位置图”：…, or the message alone."""
    message = str(_value(item, "message") or "").strip()
    if name := _value(item, "field"):
        return f"{field_label(detail, name)}：{message}"
    if kind := _value(item, "attachment_kind"):
        return f"附件“{attachment_label(kind)}”：{message}"
    return message


# --------------------------------------------------------------------------- wording per kind


# The procedures of art. 45 as the notices name them (workflows.models.SpecialProcedureKind).
SPECIAL_PROCEDURE_NAMES = {
    "hearing": "听证",
    "inspection_test": "检验、检测、检疫",
    "appraisal": "鉴定",
    "expert_review": "专家评审",
    "tender": "招标、拍卖",
}


def _days(value: object) -> str:
    return f"{value}个工作日"


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


def _extension(
    detail: Application, agency: Agency, reason: str, items: list[Any], extra: Mapping[str, Any]
) -> _Wording:
    days = extra.get("extension_working_days") or DEFAULT_EXTENSION_WORKING_DAYS
    due = extra.get("due_date")
    new_due = f"，延长后应于{_chinese_date(due)}前作出决定" if due else ""
    if extra.get("procedure") == "joint":
        approved, article = "经本级人民政府负责人批准", f"{LAW}第四十二条第二款"
    else:
        approved, article = "经本机关负责人批准", f"{LAW}第四十二条第一款"
    return _Wording(
        [
            f"{content.subject(detail)}，本机关正在依法审查。因{content.clause(reason)}，"
            "本机关不能在法定期限内作出决定。",
            f"根据{article}的规定，{approved}，办理期限延长{_days(days)}{new_due}。",
        ],
        article,
    )


def _special_procedure(
    detail: Application, agency: Agency, reason: str, items: list[Any], extra: Mapping[str, Any]
) -> _Wording:
    name = SPECIAL_PROCEDURE_NAMES.get(str(extra.get("procedure_kind")), "特别程序")
    started = _chinese_date(extra.get("started_on"))
    return _Wording(
        [
            f"{content.subject(detail)}，本机关正在依法审查。因{content.clause(reason)}，"
            f"需要进行{name}。",
            f"根据{LAW}第四十五条的规定，{name}所需时间不计算在行政许可办理期限内。"
            f"{name}自{started}开始，预计需要{_days(extra.get('expected_working_days'))}；"
            f"{name}结束后，办理期限继续计算，本机关将告知你单位。",
        ],
        f"{LAW}第四十五条",
    )


# product.md §16 L14: the two texts a 利害关系人告知书 rests on, quoted whole (docs/legal-basis.md
# "Interested parties — L14").
ARTICLE_36 = (
    "行政机关对行政许可申请进行审查时，发现行政许可事项直接关系他人重大利益的，应当告知该利害关系人。"
    "申请人、利害关系人有权进行陈述和申辩。行政机关应当听取申请人、利害关系人的意见。"
)
REGULATION_35 = "《建设项目使用林地审核审批管理办法》（国家林业局令第35号）"
REGULATION_35_ARTICLE_21 = (
    "建设项目使用林地的，应当对涉及单位和个人的森林、林木、林地依法给予补偿。"
)


def _interested_party(
    detail: Application, agency: Agency, reason: str, items: list[Any], extra: Mapping[str, Any]
) -> _Wording:
    """To the holder of 小班 the occupation uses (not the applicant): what is applied for, on
    which of its 小班, its right to state its views, until when and to whom."""
    submitted = timezone.localdate(detail.submitted_at) if detail.submitted_at else None
    when = f"于{_chinese_date(submitted)}" if submitted else ""
    project = getattr(detail, "project_name", "") or detail.title
    compartments = "、".join(f"{c}小班" for c in extra.get("compartments") or [])
    days, due = extra.get("working_days"), _chinese_date(extra.get("due_date"))
    return _Wording(
        [
            f"{detail.organisation.name}{when}向本机关提出“{detail.title}”"
            f"{content.application_subject(detail)}申请（申请编号：{detail.reference}），"
            f"建设项目为“{project}”。经审查，该项目拟使用的林地涉及你单位按管护责任协议管护的"
            f"{compartments or '林地'}，行政许可事项直接关系你单位的重大利益。",
            f"根据{LAW}第三十六条“{ARTICLE_36}”的规定，现将上述事项告知你单位。"
            f"{REGULATION_35}第二十一条规定：“{REGULATION_35_ARTICLE_21}”",
            f"你单位有权进行陈述和申辩。请于收到本告知书之日起{_days(days)}内，即{due}前，"
            f"将书面意见（加盖单位公章）送交或者寄送{agency.name}，也可以到{agency.name}当面陈述；"
            "已与申请人就补偿达成协议的，可以一并提交协议文本。",
            "逾期未提出意见的，视为你单位放弃陈述和申辩的权利，本机关将依法继续审查。",
        ],
        f"{LAW}第三十六条；{REGULATION_35}第二十一条",
    )


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
    if not reference:
        return _Wording(
            [f"{held}，{_found(reason)}"],
            f"{LAW}第六十九条；{REMEDY_LAWS}",
            closing=[
                f"根据{LAW}第六十九条的规定，本机关决定撤销该行政许可。",
                content.remedy_notice(agency),
            ],
        )
    return _Wording(
        [
            f"{held}，{_found(str(extra.get('facts') or ''))}",
            f"本机关认为，该行政许可属于{reference}“{words}”的情形。",
            *_heard_paragraphs(extra, "撤销"),
            _findings(reason),
            # Art. 69(3): the deciding official confirms this before the decision is made.
            "经审查，撤销该行政许可不会对公共利益造成重大损害。",
        ],
        f"{LAW}第七条、第六十九条、第七十条；{REMEDY_LAWS}",
        closing=[
            f"根据{reference}的规定，本机关决定撤销该行政许可。",
            *_ended_closing(agency, extra, "撤销"),
        ],
    )


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


def _still_owed(extra: Mapping[str, Any], *, skip: tuple[str, ...] = ()) -> list[str]:
    """What the permit's end ended, and what the work already done left owed, one clause each
    (a schedule with its next and last dates, a late one to be made good at once), and under
    which article the authorities supervise them; neither: nothing."""
    owed = extra.get("still_owed") or {}
    paragraphs = []
    ended = [ENDED_WORDS[k] for k in owed.get("ended") or [] if k in ENDED_WORDS]
    if ended:
        paragraphs.append(f"该行政许可终止后不得再实施作业，{'和'.join(ended)}义务不再履行。")
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
            f"该行政许可终止后，你单位已经实施的活动所产生的下列义务仍应履行：{listed}。"
            f"{basis}的规定对其履行情况进行监督检查。"
        )
    return paragraphs


def _ended_closing(agency: Agency, extra: Mapping[str, Any], act: str) -> list[str]:
    """After a revocation's or withdrawal's decision: what it means for the holder, the 注销
    done with it (art. 70(4), recorded by the same transaction) and the remedies. A withdrawal
    ends the permit from the decision on (art. 8(2)); a revocation's effect is the law's, not
    dated here."""
    since = "自本决定作出之日起失效。" if act == "撤回" else ""
    return [
        str(extra.get("consequence", "")),
        f"{'该行政许可' + since if since else ''}本机关依照{LAW}第七十条第（四）项的规定，"
        f"一并办理该行政许可的注销手续。",
        *_still_owed(extra),
        content.remedy_notice(agency),
    ]


def _held(detail: Application, extra: Mapping[str, Any]) -> str:
    """ "你单位持有的…（编号：…）（申请编号：…）": the permit an act on it names, by its approval's
    number (``extra["permit_number"]``, else the approval's own)."""
    permit = detail.certificates.filter(document_kind=DocumentKind.APPROVAL).first()
    number = extra.get("permit_number") or (permit.number if permit else "")
    which = f"（编号：{number}）" if number else ""
    return f"你单位持有的{content.approval_title(detail)}{which}（申请编号：{detail.reference}）"


def _found(facts: str) -> str:
    """ "经查：" and the facts as a sentence, once: facts typed as "经查，……" keep one lead."""
    for lead in ("经查：", "经查，", "经查"):
        if facts.startswith(lead) and len(facts) > len(lead):
            facts = facts[len(lead) :]
            break
    return f"经查：{content.sentence(facts)}"


def _findings(reason: str) -> str:
    """The agency's findings after hearing the holder, after "经复核，本机关认为：" once: an
    official who typed those words first does not see them twice."""
    for lead in ("经复核，本机关认为：", "经复核，本机关认为，", "经复核，", "经复核"):
        if reason.startswith(lead) and len(reason) > len(lead):
            return f"经复核，本机关认为：{content.sentence(reason[len(lead) :])}"
    return f"经复核，本机关认为：{content.sentence(reason)}"


def _heard_paragraphs(extra: Mapping[str, Any], act: str) -> list[str]:
    """The hearing a revocation or withdrawal followed: the statement notice, and the holder's
    answer or that it gave none within the period (art. 7)."""
    told = (
        f"本机关于{_chinese_date(extra.get('statement_date'))}以{extra.get('statement_number')}"
        f"告知你单位拟{act}该行政许可的事实、理由和依据，以及你单位依法享有的陈述权、申辩权。"
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
    return _Wording(
        [
            f"{held}。{_found(str(extra.get('facts') or ''))}",
            f"本机关认为，{words}，属于{reference}规定的情形。",
            *_heard_paragraphs(extra, "撤回"),
            _findings(reason),
        ],
        f"{LAW}第七条、第八条、第七十条；{REMEDY_LAWS}",
        closing=[
            f"为了公共利益的需要，根据{reference}的规定，本机关决定撤回该行政许可。",
            *_ended_closing(agency, extra, "撤回"),
        ],
    )


def _cancellation(
    detail: Application, agency: Agency, reason: str, items: list[Any], extra: Mapping[str, Any]
) -> _Wording:
    """注销行政许可通知书 (Administrative Licensing Law art. 70(1); 建设项目使用林地审核审批管理
    办法 art. 25; product.md §18 B4): a permanent occupation's approval ran its validity without
    the construction-land approval recorded, and is cancelled. ``extra``: ``valid_from``,
    ``valid_until``, ``permit_number``. On the holder's own request (``request_kind``
    "surrender"), ``_surrender_cancellation``."""
    if extra.get("request_kind") == "surrender":
        return _surrender_cancellation(detail, agency, reason, extra)
    held = _held(detail, extra)
    until = _chinese_date(extra.get("valid_until"))
    return _Wording(
        [
            f"{held}，有效期自{_chinese_date(extra.get('valid_from'))}至{until}。",
            "根据《建设项目使用林地审核审批管理办法》第二十五条的规定，经审核同意使用林地的建设项目，"
            "准予行政许可决定书的有效期为两年；建设项目在有效期内未取得建设用地批准文件的，"
            "用地单位应当在有效期届满前3个月向原审核机关提出延期申请。",
            f"截至{until}，该建设项目的建设用地批准文件未在本机关登记，上述{content.approval_title(detail)}"
            "也未经本机关决定延期，已因有效期届满而失效。",
        ],
        f"{LAW}第七十条第（一）项；《建设项目使用林地审核审批管理办法》第二十五条；{REMEDY_LAWS}",
        closing=[
            f"根据{LAW}第七十条第（一）项的规定，本机关依法注销该行政许可。建设项目仍需使用"
            "该林地的，应当依法重新申请。",
            "你单位如对本注销行为不服，可以自收到本通知书之日起六十日内向"
            f"{content.reconsideration_body(agency)}申请行政复议，也可以自收到本通知书之日起六个月内"
            f"向{content.litigation_court(agency)}提起行政诉讼。",
        ],
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
    if extra["act"] == "withdraw":
        intent = f"因{words}，为了公共利益的需要，本机关拟依据{reference}的规定，撤回该行政许可。"
        basis = f"{LAW}第七条、第八条"
    else:
        intent = f"本机关认为该行政许可属于{reference}“{words}”的情形，拟依法撤销该行政许可。"
        basis = f"{LAW}第七条、第六十九条"
    days, due = extra.get("working_days"), _chinese_date(extra.get("due_date"))
    return _Wording(
        [
            f"{_held(detail, extra)}，{_found(reason)}",
            intent,
            str(extra.get("consequence", "")),
            f"根据{LAW}第七条的规定，你单位享有陈述权、申辩权。请于{_days(days)}内，即{due}"
            "（含当日）前，"
            f"通过本系统提交陈述、申辩意见，或者将书面意见（加盖单位公章）送交{agency.name}。",
            "逾期未提出意见的，视为你单位放弃陈述和申辩的权利，本机关将依法作出决定。",
        ],
        basis,
    )


# ---- The holder's requests after the grant (product.md §18 B1-B4, B10) ----------------------

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
    for lead in ("经审查，", "经审查：", "经审查"):
        if reason.startswith(lead) and len(reason) > len(lead):
            reason = reason[len(lead) :]
            break
    return content.sentence(reason) if reason else ""


def _request_reason(extra: Mapping[str, Any]) -> str:
    reason = str(extra.get("request_reason") or "")
    return f"申请理由：{content.sentence(reason)}" if reason else ""


def _request_acceptance(
    detail: Application, extra: Mapping[str, Any], accepted_on: date
) -> _Wording:
    """受理通知书 of a holder's request: accepted, and by when the agency decides it (for a
    renewal, before the permit's last day: art. 50(2))."""
    paragraphs = [
        f"{_request_subject(detail, extra)}，经审查，申请事项属于本机关职权范围，申请材料齐全、"
        f"符合法定形式。根据{LAW}第三十二条第一款第（五）项的规定，本机关决定予以受理，受理日期为"
        f"{_chinese_date(accepted_on)}。"
    ]
    if due := extra.get("decision_due_date"):
        paragraphs.append(f"本机关将于{_chinese_date(due)}前作出决定，并书面告知你单位。")
    if extra.get("request_kind") == "renewal" and extra.get("old_until"):
        paragraphs.append(
            f"根据{LAW}第五十条第二款的规定，本机关应当在该行政许可有效期届满（"
            f"{_chinese_date(extra.get('old_until'))}）前作出是否准予{_request_name(extra)}的决定；"
            f"逾期未作决定的，视为准予{_request_name(extra)}。"
        )
    return _Wording(paragraphs, f"{LAW}第三十二条、第四十二条")


def _refused_request(
    detail: Application, agency: Agency, reason: str, extra: Mapping[str, Any], article: str
) -> _Wording:
    name = _request_name(extra)
    after = (
        f"该行政许可的有效期仍至{_chinese_date(extra.get('old_until'))}，届满后依法失效。"
        if extra.get("old_until")
        else "该行政许可按原决定继续有效。"
    )
    return _Wording(
        [
            f"{_request_subject(detail, extra)}。{_request_reason(extra)}",
            f"经审查，{_reviewed(reason)}",
        ],
        f"{article}；{REMEDY_LAWS}",
        closing=[
            f"根据{article}的规定，本机关决定不予{name}。{after}",
            content.remedy_notice(agency),
        ],
        title=f"不予{name}行政许可决定书",
    )


def _change_decision(
    detail: Application, agency: Agency, reason: str, items: list[Any], extra: Mapping[str, Any]
) -> _Wording:
    """准予（不予）变更行政许可决定书 (Administrative Licensing Law art. 49; product.md §18 B1):
    what changed, each from and to, and the new version's validity; the version before is
    superseded. ``extra``: ``outcome``, ``requested_on``, ``request_reason``, ``changes``
    (``[{"label", "from", "to"}]``), ``valid_from``, ``valid_until``, ``version``."""
    article = f"{LAW}第四十九条"
    if extra.get("outcome") != "granted":
        return _refused_request(detail, agency, reason, extra, article)
    until = extra.get("valid_until")
    validity = (
        f"变更后的行政许可有效期至{_chinese_date(until)}。"
        if until
        else "变更后的行政许可有效期不变。"
    )
    return _Wording(
        [
            f"{_request_subject(detail, extra)}。{_request_reason(extra)}",
            "经审查，申请变更的事项符合法定条件、标准，未扩大许可的范围、地点、对象或者期限。"
            + _reviewed(reason),
            f"根据{article}的规定，本机关决定准予变更。",
        ],
        f"{article}；{REMEDY_LAWS}",
        items_heading="变更事项",
        items=[
            f"{c.get('label')}：由“{c.get('from') or '（无）'}”变更为“{c.get('to')}”。"
            for c in extra.get("changes") or []
        ],
        closing=[
            "自本决定作出之日起，该行政许可以本决定为准，原决定书"
            f"（编号：{extra.get('superseded_number')}）不再作为该行政许可的现行文书。{validity}"
            "原决定书中未变更的内容和条件继续适用。",
            content.remedy_notice(agency),
        ],
    )


def _renewal_decision(
    detail: Application, agency: Agency, reason: str, items: list[Any], extra: Mapping[str, Any]
) -> _Wording:
    """准予（不予）延续行政许可决定书, or 准予延期决定书 of a permanent occupation (行政许可法
    art. 50; 35号令 arts. 20, 25; product.md §18 B2-B4). ``outcome`` "deemed": not decided
    before the permit's last day, renewed by the law (art. 50(2)), issued by the system.
    ``extra``: as a change's, with ``old_until``, ``occupation_kind``, ``extension``."""
    rule = RENEWAL_BASIS.get(str(extra.get("occupation_kind") or ""), "")
    article = f"{LAW}第五十条" + (f"、{rule}" if rule else "")
    name = _request_name(extra)
    if extra.get("outcome") not in ("granted", "deemed"):
        return _refused_request(detail, agency, reason, extra, article)
    old, until = _chinese_date(extra.get("old_until")), _chinese_date(extra.get("valid_until"))
    if extra.get("outcome") == "deemed":
        decided = (
            f"本机关未在该行政许可有效期届满（{old}）前作出是否准予{name}的决定。根据{LAW}"
            f"第五十条第二款“逾期未作决定的，视为准予延续”的规定，该行政许可视为准予{name}。"
        )
    else:
        found = content.sentence(reason) if reason else ""
        decided = (
            f"经审查，该申请符合{name}的条件。{found}根据{article}的规定，本机关决定准予{name}。"
        )
    return _Wording(
        [f"{_request_subject(detail, extra)}。{_request_reason(extra)}", decided],
        f"{article}；{REMEDY_LAWS}",
        closing=[
            f"{name}后的行政许可有效期自{_chinese_date(extra.get('valid_from'))}至{until}。"
            f"原决定书（编号：{extra.get('superseded_number')}）载明的其他内容和条件继续适用。",
            content.remedy_notice(agency),
        ],
        title=f"准予{name}行政许可决定书",
    )


def _surrender_cancellation(
    detail: Application, agency: Agency, reason: str, extra: Mapping[str, Any]
) -> _Wording:
    """注销行政许可通知书 on the holder's own request (product.md §18 B10; docs/legal-basis.md
    F20): cancelled from the notice's day; a temporary use's restoration stays owed."""
    owed = []
    if due := extra.get("restoration_due"):
        owed.append(
            "根据《中华人民共和国森林法》第三十八条第二款的规定，临时使用林地期满后一年内，用地单位"
            f"应当恢复植被和林业生产条件。你单位应当于{_chinese_date(due)}前完成恢复并报本机关检查验收。"
        )
    return _Wording(
        [
            f"{_request_subject(detail, extra)}。{_request_reason(extra)}",
            f"经审查，本机关同意你单位放弃该行政许可。{_reviewed(reason)}",
        ],
        f"{LAW}第七十条；" + ("《中华人民共和国森林法》第三十八条；" if owed else "") + REMEDY_LAWS,
        closing=[
            f"本机关依照{LAW}第七十条的规定，注销该行政许可，该行政许可自本通知作出之日起失效。"
            "你单位依据该行政许可已经承担的义务，不因注销而免除。",
            *owed,
            # A temporary use's restoration is the paragraph above, with its article.
            *_still_owed(extra, skip=("restoration_completion",) if owed else ()),
            "你单位如对本注销行为不服，可以自收到本通知书之日起六十日内向"
            f"{content.reconsideration_body(agency)}申请行政复议，也可以自收到本通知书之日起六个月内"
            f"向{content.litigation_court(agency)}提起行政诉讼。",
        ],
    )


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


def _yuan(value: object) -> str:
    return f"{value}元" if value is not None else "—"


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


WORDING: dict[str, Callable[..., _Wording]] = {
    DocumentKind.ACCEPTANCE_NOTICE: _acceptance,
    DocumentKind.CORRECTION_NOTICE: _correction,
    DocumentKind.NON_ACCEPTANCE: _non_acceptance,
    DocumentKind.EXTENSION_NOTICE: _extension,
    DocumentKind.REVOCATION: _revocation,
    DocumentKind.SPECIAL_PROCEDURE_NOTICE: _special_procedure,
    DocumentKind.FORWARDING_LETTER: _forwarding_letter,
    DocumentKind.FEE_NOTICE: _fee_notice,
    DocumentKind.INTERESTED_PARTY_NOTICE: _interested_party,
    DocumentKind.INSPECTION_REPORT: _inspection_report,
    DocumentKind.RECTIFICATION_NOTICE: _rectification,
    DocumentKind.STATEMENT_NOTICE: _statement,
    DocumentKind.WITHDRAWAL_DECISION: _withdrawal,
    DocumentKind.CANCELLATION_NOTICE: _cancellation,
    DocumentKind.CHANGE_DECISION: _change_decision,
    DocumentKind.RENEWAL_DECISION: _renewal_decision,
}
NEEDS_REASON = (
    DocumentKind.FORWARDING_LETTER,
    DocumentKind.NON_ACCEPTANCE,
    DocumentKind.EXTENSION_NOTICE,
    DocumentKind.REVOCATION,
    DocumentKind.SPECIAL_PROCEDURE_NOTICE,
    DocumentKind.RECTIFICATION_NOTICE,
    DocumentKind.STATEMENT_NOTICE,
    DocumentKind.WITHDRAWAL_DECISION,
)


# ---------------------------------------------------------------------------------- issuing


def _detail(application: Application) -> Application:
    return application.detail if type(application) is Application else application


def _check(kind: DocumentKind, reason: str, items: list[Any]) -> None:
    if kind not in NOTICE_KINDS and kind not in VERSION_KINDS[1:]:
        raise ValueError(f"not a notice: {kind}")
    if kind == DocumentKind.CORRECTION_NOTICE and not items:
        raise InvalidInput(MSG_NO_ITEMS)
    if kind in NEEDS_REASON and not reason:
        raise InvalidInput(MSG_NO_REASON)


def notice_issue(
    *,
    application: Application,
    kind: DocumentKind,
    agency: Agency,
    signed_by_name: str,
    reason: str = "",
    items: Iterable[Any] = (),
    grounds: Iterable[Mapping[str, str]] = (),
    extra: Mapping[str, Any] | None = None,
    addressee: str = "",
    valid_from: date | None = None,
    valid_until: date | None = None,
) -> Certificate:
    """Number one notice of ``application`` issued by ``agency``.

    ``items``: for a correction notice every item to correct, ``{"field", "attachment_kind",
    "message"}`` (dicts or objects with those attributes); for a non-acceptance further reasons.
    ``grounds``: a non-acceptance's grounds as the decision keeps them (``{"code", "source"}``,
    ``ReviewDecision.grounds``): each printed with the clause it quotes.
    ``extra``: acceptance ``accepted_on`` (date, default today), ``deemed`` and the legal period
    (``workflows.outcomes``: ``procedure``, ``deciding_agency``, ``forwards``,
    ``forward_working_days``, ``forward_due_date``, ``decision_working_days``,
    ``decision_due_date``, ``extension_working_days``, ``joint_agencies``,
    ``correction_basis``); extension ``due_date`` (the new decision date),
    ``extension_working_days`` (default 10), ``procedure``; special procedure
    ``procedure_kind``, ``started_on``, ``expected_working_days``; revocation
    ``permit_number`` (default the approval's number); interested party ``compartments``,
    ``working_days``, ``due_date``.
    ``addressee``: whom it is addressed to, when not the applicant (an interested party).
    ``valid_from``, ``valid_until``: a change or renewal granted, the version it makes.
    Call inside the deciding service's transaction, with the application row locked."""
    kind = DocumentKind(kind)
    reason, items = reason.strip(), list(items)
    _check(kind, reason, items)
    detail = _detail(application)
    extra = {**(extra or {}), "grounds": list(grounds)}
    wording = WORDING[kind](detail, agency, reason, items, extra)
    certificate = Certificate(
        application_id=detail.pk,
        document_kind=kind,
        issuing_agency=agency,
        number=document_number_allocate(prefix=agency.document_prefix + NUMBER_CODES[kind]),
        valid_from=valid_from,
        valid_until=valid_until,
        # Appends the decision's events first (``audit_appended_last``): the notice prints the
        # head they make, and the chain head's lock is held from here to the commit.
        chain_head_hash=audit_chain_head_hash(),
    )
    document = NoticeDocument(
        title=wording.title or TITLES[kind],
        number=certificate.number,
        issuing_agency=agency.name,
        addressee=addressee or detail.organisation.name,
        paragraphs=wording.paragraphs,
        items_heading=wording.items_heading,
        items=wording.items,
        grounds_heading=wording.grounds_heading,
        grounds=wording.grounds,
        closing=wording.closing,
        legal_basis=wording.legal_basis,
        signed_by=signed_by_name,
        reference=detail.reference,
        verify_url=verify_url(certificate.number, certificate.check_code),
        check_code=certificate.check_code,
        chain_head_hash=certificate.chain_head_hash,
        issued_on=timezone.localdate(certificate.issued_at),
    )
    certificate.content = notice_content(document)
    certificate.save()
    document_render_after_commit(certificate)
    return certificate
