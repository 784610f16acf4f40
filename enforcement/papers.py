"""The case's numbered documents (§13 layout: the documents' notice template): the
registration form (立案审批表), the prior notice (行政处罚事先告知书, 行政处罚法 arts. 44, 45, 63),
the penalty decision (行政处罚决定书, art. 59) or the decision not to penalise. Each is numbered
in the issuing agency's sequence and stores what it prints inside the act's transaction; the
PDF is drawn from that content alone (``documents.pdf_files.document_pdf``)."""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import cast

from django.conf import settings
from django.utils import timezone

from audit.trail import audit_chain_head_hash, display_name
from core.chinese import display_zh
from documents import content
from documents.models import check_code_new
from documents.pdf_files import notice_content
from documents.pdf_layout import NoticeDocument
from permits.acts import Act
from permits.numbers import document_number_allocate

from . import grounds as no_penalty_grounds
from . import law
from .law import Combination, Reckoning
from .models import (
    Case,
    CaseDocument,
    CaseDocumentKind,
    CaseFile,
    CaseHearing,
    CaseHearingStatus,
    CaseService,
    ReferralThreshold,
)
from .selectors import is_natural_person, masked_id_number

LAW = "《中华人民共和国行政处罚法》"
REFERRAL_RULES = "《行政执法机关移送涉嫌犯罪案件的规定》"
INTERPRETATION = "《最高人民法院关于审理破坏森林资源刑事案件适用法律若干问题的解释》"

TITLES = {
    CaseDocumentKind.CASE_REGISTRATION: "林业行政处罚立案审批表",
    CaseDocumentKind.PENALTY_PRIOR_NOTICE: "林业行政处罚事先告知书",
    CaseDocumentKind.PENALTY_DECISION: "林业行政处罚决定书",
    CaseDocumentKind.NO_PENALTY_DECISION: "不予行政处罚决定书",
    CaseDocumentKind.HEARING_NOTICE: "行政处罚听证通知书",
    CaseDocumentKind.HEARING_RECORD: "行政处罚听证笔录",
    CaseDocumentKind.REPLANTING_INSPECTION: "补种验收记录",
    CaseDocumentKind.CRIME_REFERRAL: "涉嫌犯罪案件移送书",
    CaseDocumentKind.REFERRAL_REPORT: "涉嫌犯罪案件情况的调查报告",
    CaseDocumentKind.REFERRAL_DECLINED: "不予移送涉嫌犯罪案件记录",
    CaseDocumentKind.TRANSFER_CLOSE: "移送案件结案报告",
    CaseDocumentKind.HEARING_POSTPONEMENT: "延期举行听证通知书",
    CaseDocumentKind.HEARING_RECUSAL: "听证主持人回避决定书",
    CaseDocumentKind.PERFORMANCE_DEMAND: "履行催告书",
    CaseDocumentKind.SUBSTITUTE_DECISION: "代履行决定书",
    CaseDocumentKind.SUBSTITUTE_RECORD: "代履行记录",
    CaseDocumentKind.PAYMENT_DEFERRAL: "暂缓（分期）缴纳罚款批准书",
    CaseDocumentKind.COURT_DEMAND: "催告书",
    CaseDocumentKind.COURT_APPLICATION: "强制执行申请书",
    CaseDocumentKind.SERVICE_RECEIPT: "送达回证",
}
# The characters after the agency's abbreviation: 密园林罚立〔2026〕0001号.
NUMBER_CODES = {
    CaseDocumentKind.CASE_REGISTRATION: "罚立",
    CaseDocumentKind.PENALTY_PRIOR_NOTICE: "罚告",
    CaseDocumentKind.PENALTY_DECISION: "罚决",
    CaseDocumentKind.NO_PENALTY_DECISION: "不罚",
    CaseDocumentKind.HEARING_NOTICE: "罚听通",
    CaseDocumentKind.HEARING_RECORD: "罚听录",
    CaseDocumentKind.REPLANTING_INSPECTION: "补验",
    CaseDocumentKind.CRIME_REFERRAL: "刑移",
    CaseDocumentKind.REFERRAL_REPORT: "移报",
    CaseDocumentKind.REFERRAL_DECLINED: "不移",
    CaseDocumentKind.TRANSFER_CLOSE: "移结",
    CaseDocumentKind.HEARING_POSTPONEMENT: "罚听延",
    CaseDocumentKind.HEARING_RECUSAL: "罚听避",
    CaseDocumentKind.PERFORMANCE_DEMAND: "催告",
    CaseDocumentKind.SUBSTITUTE_DECISION: "代履决",
    CaseDocumentKind.SUBSTITUTE_RECORD: "代履录",
    CaseDocumentKind.PAYMENT_DEFERRAL: "缓缴",
    CaseDocumentKind.COURT_DEMAND: "执催",
    CaseDocumentKind.COURT_APPLICATION: "执申",
    CaseDocumentKind.SERVICE_RECEIPT: "送回",
}
CASE_NUMBER_CODE = "罚案"
# Who signs a hearing's record in person (行政处罚法 art. 64(8)).
SIGNATURES_HEADING = (
    "听证参加人核对无误后签字或者盖章（拒绝签字或者盖章的，由听证主持人在笔录中注明）："
)

# The hearing's articles as published (行政处罚法 2021; docs/legal-basis.md "Enforcement cases").
ARTICLE_64_2 = "行政机关应当在举行听证的七日前，通知当事人及有关人员听证的时间、地点"
ARTICLE_64_3 = "除涉及国家秘密、商业秘密或者个人隐私依法予以保密外，听证公开举行"
ARTICLE_64_4 = (
    "听证由行政机关指定的非本案调查人员主持；当事人认为主持人与本案有直接利害关系的，有权申请回避"
)
ARTICLE_64_5 = "当事人可以亲自参加听证，也可以委托一至二人代理"
ARTICLE_64_6 = (
    "当事人及其代理人无正当理由拒不出席听证或者未经许可中途退出听证的，视为放弃听证权利，"
    "行政机关终止听证"
)
ARTICLE_64_8 = (
    "听证应当制作笔录。笔录应当交当事人或者其代理人核对无误后签字或者盖章。当事人或者其代理人"
    "拒绝签字或者盖章的，由听证主持人在笔录中注明"
)
ARTICLE_65 = "听证结束后，行政机关应当根据听证笔录，依照本法第五十七条的规定，作出决定。"


def case_number_allocate(case_agency_prefix: str) -> str:
    """The case's own number (密园林罚案〔2026〕0001号), gap-free per agency and year."""
    return document_number_allocate(prefix=f"{case_agency_prefix}{CASE_NUMBER_CODE}")


def _yuan(value: Decimal | None) -> str:
    return f"{value:,.2f}元" if value is not None else "—"


def party_line(case: Case) -> str:
    """当事人 as a document prints it: the id number masked (art. 50)."""
    if is_natural_person(case):
        return f"{case.party_name}（身份证号码：{masked_id_number(case.party_id_number)}）"
    if case.party_credit_code:
        return f"{case.party_name}（统一社会信用代码：{case.party_credit_code}）"
    return str(case.party_name)


def you(case: Case) -> str:
    """How a paper addresses the party: 你 a natural person (named by an id number), 你单位 an
    organisation (named by its credit code), 你（单位） only where the case names neither."""
    if is_natural_person(case):
        return "你"
    return "你单位" if case.party_credit_code else "你（单位）"


def party_lines(case: Case) -> list[str]:
    """当事人 and its 地址 (art. 59(1)), as the notice and the decision print them."""
    lines = [f"当事人：{party_line(case)}"]
    if case.party_address:
        lines.append(f"地址：{case.party_address}")
    return lines


DIGITS = "零一二三四五六七八九"


def chinese_count(number: int) -> str:
    """A count of days as the law writes it (五, 十五, 二十, 一百零五): 0-999."""
    hundreds, rest = divmod(number, 100)
    tens, units = divmod(rest, 10)
    text = f"{DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        text += ("" if tens == 1 and not hundreds else DIGITS[tens]) + "十"
    elif hundreds and units:
        text += "零"
    if units or not text:
        text += DIGITS[units]
    return text


def evidence_lines(case: Case) -> list[str]:
    return [
        f"{item.get('kind_label', item.get('kind', ''))}：{item.get('description', '')}"
        for item in case.evidence
    ]


def _issue(
    case: Case,
    act: Act,
    kind: CaseDocumentKind,
    *,
    paragraphs: Sequence[str],
    legal_basis: str,
    items_heading: str = "",
    items: Sequence[str] = (),
    grounds_heading: str = "",
    grounds: Sequence[str] = (),
    closing: Sequence[str] = (),
    title: str = "",
    signatures: Sequence[str] = (),
    addressee: str | None = None,
) -> CaseDocument:
    agency = case.agency
    number = document_number_allocate(prefix=f"{agency.document_prefix}{NUMBER_CODES[kind]}")
    check_code = check_code_new()
    chain_head = audit_chain_head_hash()
    document = NoticeDocument(
        title=title or TITLES[kind],
        number=number,
        issuing_agency=agency.name,
        addressee=(case.party_name or "") if addressee is None else addressee,
        paragraphs=list(paragraphs),
        verify_url=f"{settings.SITE_URL}/cases/{case.pk}/",
        chain_head_hash=chain_head,
        issued_on=timezone.localdate(),
        reference=case.number,
        items_heading=items_heading,
        items=list(items),
        grounds_heading=grounds_heading,
        grounds=list(grounds),
        closing=list(closing),
        legal_basis=legal_basis,
        signed_by=display_name(act.by) if act.by is not None else "",
        check_code=check_code,
        seal=settings.PERMITS_SEAL_MODE,
        signatures_heading=SIGNATURES_HEADING if signatures else "",
        signatures=list(signatures),
    )
    return CaseDocument.objects.create(
        case=case,
        kind=kind,
        number=number,
        issuing_agency=agency,
        chain_head_hash=chain_head,
        content=notice_content(document),
    )


def _source_ref(case: Case) -> str:
    return f"（{case.source_id}）" if case.source_id else ""


def _today() -> str:
    return content.chinese_date(timezone.localdate())


def registration_issue(case: Case, act: Act) -> CaseDocument:
    return _issue(
        case,
        act,
        CaseDocumentKind.CASE_REGISTRATION,
        paragraphs=[
            f"当事人：{party_line(case)}",
            f"案件来源：{display_zh(case, 'source')}{_source_ref(case)}",
            f"违法事实：{case.facts}",
            f"经本机关负责人审批，决定立案调查（立案日期：{_today()}）。",
        ],
        legal_basis=f"{LAW}第五十四条第二款",
    )


def prior_notice_issue(case: Case, act: Act, working_days: int) -> CaseDocument:
    """The notice (arts. 44, 45, 63): its period counted from its receipt, as the service act
    counts it (``serving.case_serve``): no day it cannot know is printed."""
    proposed = case.proposed
    period = f"自收到本告知书之日起{chinese_count(working_days)}个工作日内"
    rights = (
        f"根据{LAW}第四十四条、第四十五条的规定，{you(case)}享有陈述、申辩的权利；"
        f"请{period}向本机关提出陈述、申辩意见，逾期视为放弃。"
    )
    closing = [rights]
    if case.hearing_right:
        closing.append(
            f"根据{LAW}第六十三条、第六十四条第一项的规定，{you(case)}有权要求举行听证；"
            f"要求听证的，应当{period}提出（第八十五条：五日指工作日）。"
        )
    return _issue(
        case,
        act,
        CaseDocumentKind.PENALTY_PRIOR_NOTICE,
        paragraphs=[
            *party_lines(case),
            f"经调查，本机关查明：{case.facts}",
            f"{you(case)}的上述行为违反了{proposed.get('citation', '')}的规定。",
            f"本机关拟作出如下行政处罚：{proposed.get('penalty_text', '')}",
        ],
        items_heading="证据",
        items=evidence_lines(case),
        grounds_heading="依据",
        grounds=[proposed.get("source", "")],
        closing=closing,
        legal_basis=f"{LAW}第四十四条、第四十五条",
    )


def penalty_text(case: Case) -> str:
    parts = []
    if case.fine:
        parts.append(f"罚款{_yuan(case.fine)}")
    if case.replant_trees:
        parts.append(f"责令限期补种树木{case.replant_trees}株")
    if case.measures:
        parts.append(case.measures)
    return "；".join(parts) or "—"


def chinese_percent(share: Decimal) -> str:
    """A share as the law writes it (0.03: 百分之三; 0.005: 百分之零点五; 0.5: 百分之五十)."""
    whole, _, decimals = f"{(share * 100).normalize():f}".partition(".")
    fraction = f"点{''.join(DIGITS[int(d)] for d in decimals)}" if decimals else ""
    return f"百分之{chinese_count(int(whole))}{fraction}"


def surcharge_told(case: Case) -> str:
    """The standard of the 加处罚款, which the party is told (行政强制法 art. 45(1)): the rate
    and cap ``law.surcharge_owed`` computes with (the jurisdiction's row), in the law's words."""
    standard = law.standard_of(case.agency.jurisdiction_id)
    rate = chinese_percent(standard.surcharge_daily_rate)
    share = standard.surcharge_cap_share
    cap = "罚款的数额" if share == 1 else f"罚款数额的{chinese_percent(share)}"
    return (
        f"到期不缴纳罚款的，每日按罚款数额的{rate}加处罚款，加处罚款的数额不得超出{cap}"
        f"（{LAW}第七十二条第一款第一项）。"
    )


def _fine_days(case: Case) -> int:
    return law.standard_of(case.agency.jurisdiction_id).fine_payment_days


def decision_issue(case: Case, act: Act) -> CaseDocument:
    """The decision (art. 59): the party, the facts and evidence, the article violated and the
    penalty, how and by when to comply, the remedies, the agency and the day."""
    penalty = case.outcome == "penalty"
    article = case.article
    remedy = content.remedy_notice(case.agency, you=you(case))
    paragraphs = [
        *party_lines(case),
        f"经查：{case.facts}",
        f"以上事实有下列证据证明：{'；'.join(evidence_lines(case)) or '—'}。",
    ]
    if case.statement_kind:
        paragraphs.append(
            f"当事人陈述、申辩及听证情况：{display_zh(case, 'statement_kind')}。{case.statement}"
        )
    paragraphs += hearing_cited(case)
    if penalty and article is not None:
        paragraphs += [
            f"本机关认为，当事人的上述行为违反了{article.citation}的规定（{article.offence}）。",
            f"理由：{case.reasons}",
            f"依据{article.citation}的规定，本机关决定给予如下行政处罚：{penalty_text(case)}。",
            f"罚款请自收到本决定书之日起{chinese_count(_fine_days(case))}日内缴至指定银行或者"
            f"通过电子支付系统缴纳（{LAW}第六十七条第三款）。{surcharge_told(case)}"
            if case.fine
            else "",
            f"补种树木请于{content.chinese_date(case.replant_due)}前完成，本机关将检查验收。"
            if case.replant_due and case.replant_trees
            else "",
        ]
        basis = f"{article.citation}；{LAW}第五十七条第一款第一项"
        grounds = [article.source]
    else:
        # The one ground found (art. 57(1)(2), (3)), not the list of every ground.
        ground = no_penalty_grounds.basis_of(case.no_penalty_ground)
        paragraphs += [
            f"本机关认为：{display_zh(case, 'no_penalty_ground')}。理由：{case.reasons}",
            f"依据{no_penalty_grounds.cited(case.no_penalty_ground)}的规定，本机关决定不予"
            "行政处罚。",
        ]
        basis = no_penalty_grounds.cited(case.no_penalty_ground)
        grounds = [f"{basis}：{ground.words}"]
    kind = CaseDocumentKind.PENALTY_DECISION if penalty else CaseDocumentKind.NO_PENALTY_DECISION
    return _issue(
        case,
        act,
        kind,
        paragraphs=[p for p in paragraphs if p],
        legal_basis=basis,
        grounds_heading=("所违反及适用的条款" if penalty else "所适用的条款") if grounds else "",
        grounds=grounds,
        closing=[remedy],
    )


# ------------------------------------------------------------------------------- hearing


def _openness(hearing: CaseHearing) -> str:
    return "公开举行" if hearing.public else f"不公开举行（{hearing.private_reason}）"


def hearing_notice_issue(case: Case, act: Act, hearing: CaseHearing) -> CaseDocument:
    """听证通知书 (art. 64(2)-(6)): the day and place told at least seven days before, open or
    not, who presides and the party's rights there."""
    assert hearing.held_on is not None
    proposed = case.proposed
    return _issue(
        case,
        act,
        CaseDocumentKind.HEARING_NOTICE,
        paragraphs=[
            f"当事人：{party_line(case)}",
            f"{you(case)}要求举行听证。本机关拟作出的行政处罚：{proposed.get('penalty_text', '')}"
            f"（{proposed.get('citation', '')}）。",
            f"本机关定于{content.chinese_date(hearing.held_on)}在{hearing.place}举行听证，"
            f"听证{_openness(hearing)}。",
            f"听证主持人：{display_name(hearing.presiding)}（本机关指定的非本案调查人员）；{you(case)}认为"
            "主持人与本案有直接利害关系的，有权申请回避。",
            f"{you(case)}可以亲自参加听证，也可以委托一至二人代理；无正当理由拒不出席听证或者未经"
            f"许可中途退出听证的，视为放弃听证权利，本机关终止听证。{you(case)}不承担听证的费用。",
        ],
        grounds_heading="依据",
        grounds=[
            f"{LAW}第六十四条第二项：“{ARTICLE_64_2}”",
            f"第三项：“{ARTICLE_64_3}”",
            f"第四项：“{ARTICLE_64_4}”",
            f"第五项：“{ARTICLE_64_5}”",
            f"第六项：“{ARTICLE_64_6}”",
        ],
        legal_basis=f"{LAW}第六十三条、第六十四条",
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def hearing_record_issue(case: Case, act: Act, hearing: CaseHearing) -> CaseDocument:
    """听证笔录 (art. 64(8)): held, what was heard as the participants check and sign it, on
    which the decision rests (art. 65); waived (64(6)), why the hearing ended without it."""
    officers = "、".join(display_name(o) for o in case.officers.order_by("pk"))
    when = (
        f"听证时间：{content.chinese_date(hearing.held_on)}；地点：{hearing.place}；"
        f"{_openness(hearing)}；听证主持人：{display_name(hearing.presiding)}。"
        if hearing.held_on
        else ""
    )
    if hearing.status == CaseHearingStatus.WAIVED:
        paragraphs = [
            f"当事人：{party_line(case)}",
            when,
            f"当事人撤回听证申请或者未出席听证。依照{LAW}第六十四条第六项“{ARTICLE_64_6}”的"
            "规定，视为放弃听证权利，本机关终止听证，依法作出决定。",
        ]
        return _issue(
            case,
            act,
            CaseDocumentKind.HEARING_RECORD,
            title="" if hearing.held_on else "放弃听证记录",
            paragraphs=[p for p in paragraphs if p],
            items_heading="情况说明" if hearing.record else "",
            items=_lines(hearing.record),
            legal_basis=f"{LAW}第六十四条第六项",
        )
    return _issue(
        case,
        act,
        CaseDocumentKind.HEARING_RECORD,
        paragraphs=[
            f"当事人：{party_line(case)}",
            when,
            f"案件调查人员：{officers or '—'}。调查人员提出当事人违法的事实、证据和行政处罚建议"
            f"（{case.proposed.get('penalty_text', '')}），当事人进行申辩和质证。",
            f"依照{LAW}第六十四条第八项“{ARTICLE_64_8}”的规定，本笔录经当事人或者其代理人"
            "核对无误后签字或者盖章，签字的笔录原件存入本案卷。",
        ],
        items_heading="听证笔录",
        items=_lines(hearing.record),
        closing=[f"根据{LAW}第六十五条“{ARTICLE_65}”的规定，本机关将根据本听证笔录作出决定。"],
        legal_basis=f"{LAW}第六十四条第八项、第六十五条",
        signatures=[
            f"当事人或者其代理人：{case.party_name}",
            f"听证主持人：{display_name(hearing.presiding)}",
            *(f"案件调查人员：{display_name(o)}" for o in case.officers.order_by("pk")),
        ],
    )


def hearing_cited(case: Case) -> list[str]:
    """What a decision says of the hearing (art. 65): held, that it rests on its record; waived,
    that the right was given up (64(6)); none asked for, nothing."""
    hearing = CaseHearing.objects.filter(case=case).first()
    record = case.documents.filter(kind=CaseDocumentKind.HEARING_RECORD).first()
    if hearing is None or record is None:
        return []
    if hearing.status == CaseHearingStatus.HELD and hearing.held_on is not None:
        return [
            f"本机关于{content.chinese_date(hearing.held_on)}依法举行听证（听证笔录：{record.number}），"
            f"根据听证笔录作出本决定（{LAW}第六十五条）。"
        ]
    return [f"当事人放弃听证权利（{LAW}第六十四条第六项；{record.number}）。"]


FOREST_LAW = "《中华人民共和国森林法》"


def replanting_inspection_issue(
    case: Case,
    act: Act,
    *,
    checked_on: date,
    officers: Sequence[str],
    trees_alive: int,
    passed: bool,
    notes: str,
    position: dict[str, object] | None,
    photos: Sequence[CaseFile],
    next_due: date | None,
) -> CaseDocument:
    """补种验收记录: the check on the ground of the trees the decision ordered replanted, by
    the officers named; a failed check states the new day (森林法 arts. 74, 76, 81)."""
    decision = case.documents.filter(kind=CaseDocumentKind.PENALTY_DECISION).first()
    where = "—"
    if position:
        lon, lat = cast(list[float], position["coordinates"])
        where = f"东经{lon}°，北纬{lat}°"
    result = "合格" if passed else "不合格"
    decision_number = decision.number if decision else "—"
    paragraphs = [
        f"当事人：{party_line(case)}",
        f"处罚决定：{decision_number}，责令限期补种树木{case.replant_trees}株。",
        f"检查日期：{content.chinese_date(checked_on)}；检查人员：{'、'.join(officers)}。",
        f"检查位置：{where}；成活株数：{trees_alive}株。",
        f"验收结论：{result}。{notes}",
    ]
    if next_due is not None:
        paragraphs.append(
            f"请于{content.chinese_date(next_due)}前重新补种；逾期仍未补种或者补种不符合国家有关规定的，"
            f"本机关将依照{FOREST_LAW}第八十一条的规定依法组织代为履行，所需费用由{you(case)}承担。"
        )
    article = case.article.citation if case.article else FOREST_LAW
    return _issue(
        case,
        act,
        CaseDocumentKind.REPLANTING_INSPECTION,
        paragraphs=paragraphs,
        legal_basis=f"{article}；{FOREST_LAW}第八十一条",
        items_heading="照片" if photos else "",
        items=[f"{p.name}（SHA-256：{p.sha256}）" for p in photos],
    )


def _quantity_lines(quantities: dict[str, str], met: Sequence[ReferralThreshold]) -> list[str]:
    reached = {t.code for t in met}
    return [
        f"{code}：{amount}{'（达到移送标准）' if code in reached else ''}"
        for code, amount in quantities.items()
    ]


def _combination_lines(quantities: dict[str, str], combined: Sequence[Combination]) -> list[str]:
    """按相应比例折算合计 (法释〔2023〕8号 arts. 1, 4, 6, item (三)): each group's sum."""
    amounts = {code: Decimal(value) for code, value in quantities.items()}
    return [
        f"按相应比例折算合计：{c.line(amounts)}（{'达到' if c.met else '未达到'}移送标准）"
        for c in combined
    ]


def _amounts(quantities: dict[str, Decimal]) -> dict[str, str]:
    return {code: str(amount) for code, amount in quantities.items()}


def cumulation_lines(reckoning: Reckoning) -> list[str]:
    """The earlier cases added (法释〔2023〕8号 第九条: 累计计算) and the thresholds lowered for
    a party penalised before (第一条第二款第（四）项), as the report and the record print them."""
    lines = []
    for earlier in reckoning.earlier:
        found = "、".join(f"{code} {amount}" for code, amount in earlier.quantities.items())
        lines.append(
            f"累计计算：同一当事人未经处理的案件{earlier.number}"
            f"（{content.chinese_date(earlier.opened_on)}立案）"
            f"{'：' + found if found else '：尚未查明数量，未计入'}"
            f"（{INTERPRETATION}第九条）"
        )
    if reckoning.earlier:
        lines.append(
            "累计数量：" + "、".join(f"{code} {amount}" for code, amount in reckoning.total.items())
        )
    if reckoning.lowered.codes:
        lowered = "、".join(f"{c} {q.normalize():f}" for c, q in reckoning.lowered.codes.items())
        lines.append(
            f"当事人曾受行政处罚（{'、'.join(reckoning.lowered.penalties)}），"
            f"移送标准按{INTERPRETATION}第一条第二款第（四）项降为：{lowered}"
        )
    return lines


def referral_report_issue(
    case: Case,
    act: Act,
    met: Sequence[ReferralThreshold],
    combined: Sequence[Combination] = (),
    reckoning: Reckoning | None = None,
) -> CaseDocument:
    """涉嫌犯罪案件情况的调查报告 (移送规定 art. 6(2)): the facts, the evidence (its list stands
    for the 涉案物品清单 of art. 6(3) where the officers list the things seized there), the
    quantities established and the thresholds they reach."""
    officers = "、".join(display_name(u) for u in case.officers.all()) or "—"
    return _issue(
        case,
        act,
        CaseDocumentKind.REFERRAL_REPORT,
        paragraphs=[
            f"当事人：{party_line(case) or '尚未查明'}",
            f"案件来源：{display_zh(case, 'source')}{_source_ref(case)}",
            f"违法事实：{case.facts}",
            f"调查人员：{officers}",
            f"涉嫌犯罪的理由：{case.referral_reasons}",
            *_quantity_lines(
                _amounts(reckoning.total) if reckoning else case.referral_quantities, met
            ),
            *_combination_lines(
                _amounts(reckoning.total) if reckoning else case.referral_quantities, combined
            ),
            *(cumulation_lines(reckoning) if reckoning else []),
        ],
        items_heading="证据及涉案物品清单",
        items=evidence_lines(case) or ["（尚无证据记录）"],
        grounds_heading="移送标准" if met or any(c.met for c in combined) else "",
        grounds=[t.source for t in met]
        + [source for c in combined if c.met for source in (*_sources(c.rows), c.source)]
        + _cumulation_sources(reckoning),
        legal_basis=f"{REFERRAL_RULES}第三条、第六条",
        addressee=case.police_agency,
    )


def referral_issue(case: Case, act: Act, report: CaseDocument) -> CaseDocument:
    """涉嫌犯罪案件移送书 (移送规定 arts. 5, 6(1); 行政处罚法 art. 27): to the police, with the
    materials art. 6 lists; carried within the standard's hours of the approval."""
    assert case.transfer_by is not None
    deadline = timezone.localtime(case.transfer_by).strftime("%Y-%m-%d %H:%M")
    return _issue(
        case,
        act,
        CaseDocumentKind.CRIME_REFERRAL,
        paragraphs=[
            f"本机关在查处{case.party_name or '当事人'}违法一案（{case.number}）中，"
            "发现违法事实涉嫌构成犯罪，依法需要追究刑事责任。",
            f"违法事实：{case.facts}",
            f"移送理由：{case.referral_reasons}",
            f"经本机关正职负责人或者主持工作的负责人于{_today()}批准，根据{REFERRAL_RULES}第三条、第五条和{LAW}"
            "第二十七条第一款的规定，现将该案移送你局，请依法审查，并将是否立案的决定书面告知本机关"
            f"（{REFERRAL_RULES}第八条）。",
        ],
        items_heading=f"附件（{REFERRAL_RULES}第六条）",
        items=[
            f"涉嫌犯罪案件情况的调查报告（{report.number}）",
            f"涉案物品清单及证据材料{len(case.evidence)}项（见调查报告）",
            "有关检验报告或者鉴定结论（如有）",
            "其他有关涉嫌犯罪的材料",
        ],
        closing=[
            f"本机关于{deadline}前将本移送书及附件送达你局（{REFERRAL_RULES}第五条第二款）。",
            f"请在本移送书回执上签字（{REFERRAL_RULES}第七条）。",
        ],
        legal_basis=f"{REFERRAL_RULES}第三条、第五条、第六条；{LAW}第二十七条",
        addressee=case.police_agency,
    )


def _sources(rows: Sequence[ReferralThreshold]) -> list[str]:
    return [r.source for r in rows]


def _cumulation_sources(reckoning: Reckoning | None) -> list[str]:
    if reckoning is None:
        return []
    counted = {code for e in reckoning.earlier for code in e.quantities}
    rows = {t.code: t for t in reckoning.thresholds}
    sources = [rows[c].prosecution_source for c in sorted(counted) if rows[c].prosecution_source]
    sources += [rows[c].repeat_source for c in reckoning.lowered.codes if rows[c].repeat_source]
    return list(dict.fromkeys(sources))


def referral_declined_issue(
    case: Case,
    act: Act,
    reckoning: Reckoning,
    combined: Sequence[Combination],
) -> CaseDocument:
    """不予移送涉嫌犯罪案件记录 (移送规定 art. 5(2): 决定不批准的，应当将不予批准的理由记录在案):
    the head's finding that the quantities found reach no threshold, alone or combined, and why;
    the administrative case then goes on (art. 11(1) no longer holds the decision back)."""
    quantities = _amounts(reckoning.total)
    rows = {t.code: t for t in reckoning.thresholds}
    lines = [
        f"{rows[code].offence}（{code}）：{amount}{display_zh(rows[code], 'unit')}，"
        f"移送标准{rows[code].quantity.normalize():f}{display_zh(rows[code], 'unit')}，未达到"
        for code, amount in quantities.items()
        if code in rows
    ]
    return _issue(
        case,
        act,
        CaseDocumentKind.REFERRAL_DECLINED,
        paragraphs=[
            f"当事人：{party_line(case) or '尚未查明'}",
            f"案件来源：{display_zh(case, 'source')}{_source_ref(case)}",
            f"违法事实：{case.facts}",
            "经审查，本案查明的数量如下：" if lines else "经审查，本案未查明达到移送标准的数量。",
            *lines,
            *_combination_lines(quantities, combined),
            *cumulation_lines(reckoning),
            f"不予移送的理由：{case.referral_declined_reasons}",
            f"经本机关正职负责人或者主持工作的负责人于{_today()}决定，本案未达到涉嫌犯罪的移送标准，不予移送公安机关，"
            "依法继续办理行政处罚案件。",
        ],
        grounds_heading="移送标准" if lines else "",
        grounds=[rows[code].source for code in quantities if code in rows]
        + [c.source for c in combined if c.source]
        + _cumulation_sources(reckoning),
        legal_basis=f"{REFERRAL_RULES}第三条、第五条第二款、第十一条第一款",
        addressee="",
    )


def transfer_close_issue(case: Case, act: Act, note: str) -> CaseDocument:
    """移送案件结案报告: the case closed by its transfer, the police having opened a criminal case
    (移送规定 art. 8) and received the materials (art. 12); 行政处罚法 art. 57(1)(4)."""
    letter = case.documents.filter(kind=CaseDocumentKind.CRIME_REFERRAL).first()
    assert case.police_answered_on is not None and case.handed_over_on is not None
    paragraphs = [
        f"当事人：{party_line(case) or '尚未查明'}",
        f"违法事实：{case.facts}",
        f"本案经本机关正职负责人或者主持工作的负责人批准，以{letter.number if letter else '—'}"
        f"移送{case.police_agency}。",
        f"{case.police_agency}于{content.chinese_date(case.police_answered_on)}书面通知决定立案；"
        f"本机关于{content.chinese_date(case.handed_over_on)}将涉案物品以及与案件有关的其他材料"
        "移交公安机关，并办结交接手续。",
    ]
    if note:
        paragraphs.append(f"说明：{note}")
    paragraphs.append("结案方式：移送公安机关立案，本机关不再作出行政处罚决定。")
    return _issue(
        case,
        act,
        CaseDocumentKind.TRANSFER_CLOSE,
        paragraphs=paragraphs,
        legal_basis=f"{LAW}第二十七条第一款、第五十七条第一款第（四）项；{REFERRAL_RULES}第八条、第十二条",
        addressee="",
    )


# ------------------------------------------------------------------------------- service


def service_receipt_issue(
    case: Case, act: Act, facts: CaseService, published_on: date | None = None
) -> CaseDocument:
    """送达回证 (民事诉讼法 art. 87) of the service ``facts`` (not saved yet): the document
    served, to whom, where, how and the day it was received, the witness of a refusal (art.
    89), the post's number (art. 91); for a public notice the day it was published and the day
    it is deemed served (art. 95(1): 自发出公告之日起，经过三十日，即视为送达), its ground and its
    course (art. 95(2): 公告送达，应当在案卷中记明原因和经过)."""
    document = facts.document
    title = str((document.content.get("document") or {}).get("title", "")) or document.number
    day = content.chinese_date(facts.served_on)
    lines = [
        f"送达文书：{title}（{document.number}）",
        *party_lines(case),
        f"送达方式：{display_zh(facts, 'method')}",
        f"公告送达原因：{display_zh(facts, 'ground')}" if facts.ground else "",
        f"发出公告日期：{content.chinese_date(published_on)}" if published_on else "",
        f"视为送达日期：{day}" if published_on else f"收到日期：{day}",
        f"签收人：{facts.recipient}" if facts.recipient else "",
        f"送达地点：{facts.place}" if facts.place else "",
        f"见证人：{facts.witness}" if facts.witness else "",
        f"邮件号码或电子送达地址：{facts.reference}" if facts.reference else "",
        "当事人已同意并签订确认书（行政处罚法第六十一条第二款）。" if facts.consent_signed else "",
        f"{'公告送达经过' if published_on else '备注'}：{facts.note}" if facts.note else "",
    ]
    return _issue(
        case,
        act,
        CaseDocumentKind.SERVICE_RECEIPT,
        paragraphs=[line for line in lines if line],
        legal_basis=f"{LAW}第六十一条；《中华人民共和国民事诉讼法》第八十七条"
        + ("、第九十五条" if published_on else ""),
    )
