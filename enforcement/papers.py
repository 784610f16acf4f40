"""The case's numbered documents (§13 layout: the documents' notice template): the
registration form (立案审批表), the prior notice (行政处罚事先告知书, 行政处罚法 arts. 44, 45, 63),
the penalty decision (行政处罚决定书, art. 59) or the decision not to penalise. Each is numbered
in the issuing agency's sequence and stores what it prints inside the act's transaction; the
PDF is drawn from that content alone (``documents.pdf_files.document_pdf``)."""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from audit.trail import audit_chain_head_hash, display_name
from documents import content
from documents.models import check_code_new
from documents.pdf_files import notice_content
from documents.pdf_layout import NoticeDocument
from permits.acts import Act
from permits.numbers import document_number_allocate

from .models import Case, CaseDocument, CaseDocumentKind
from .selectors import is_natural_person, masked_id_number

LAW = "《中华人民共和国行政处罚法》"

TITLES = {
    CaseDocumentKind.CASE_REGISTRATION: "林业行政处罚立案审批表",
    CaseDocumentKind.PENALTY_PRIOR_NOTICE: "林业行政处罚事先告知书",
    CaseDocumentKind.PENALTY_DECISION: "林业行政处罚决定书",
    CaseDocumentKind.NO_PENALTY_DECISION: "不予行政处罚决定书",
}
# The characters after the agency's abbreviation: 密园林罚立〔2026〕0001号.
NUMBER_CODES = {
    CaseDocumentKind.CASE_REGISTRATION: "罚立",
    CaseDocumentKind.PENALTY_PRIOR_NOTICE: "罚告",
    CaseDocumentKind.PENALTY_DECISION: "罚决",
    CaseDocumentKind.NO_PENALTY_DECISION: "不罚",
}
CASE_NUMBER_CODE = "罚案"


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
    return case.party_name


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
) -> CaseDocument:
    agency = case.agency
    number = document_number_allocate(prefix=f"{agency.document_prefix}{NUMBER_CODES[kind]}")
    check_code = check_code_new()
    chain_head = audit_chain_head_hash()
    document = NoticeDocument(
        title=TITLES[kind],
        number=number,
        issuing_agency=agency.name,
        addressee=case.party_name or "",
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
            f"案件来源：{case.get_source_display()}{_source_ref(case)}",
            f"违法事实：{case.facts}",
            f"经本机关负责人审批，决定立案调查（立案日期：{_today()}）。",
        ],
        legal_basis=f"{LAW}第五十四条第二款",
    )


def prior_notice_issue(case: Case, act: Act, statement_due: date) -> CaseDocument:
    proposed = case.proposed
    rights = (
        f"根据{LAW}第四十四条、第四十五条的规定，你（单位）享有陈述、申辩的权利；"
        f"请于{content.chinese_date(statement_due)}前向本机关提出陈述、申辩意见，逾期视为放弃。"
    )
    closing = [rights]
    if case.hearing_right:
        closing.append(
            f"根据{LAW}第六十三条、第六十四条第一项的规定，你（单位）有权要求举行听证；"
            "要求听证的，应当在收到本告知书之日起五日内提出。"
        )
    return _issue(
        case,
        act,
        CaseDocumentKind.PENALTY_PRIOR_NOTICE,
        paragraphs=[
            f"当事人：{party_line(case)}",
            f"经调查，本机关查明：{case.facts}",
            f"你（单位）的上述行为违反了{proposed.get('citation', '')}的规定。",
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


def decision_issue(case: Case, act: Act) -> CaseDocument:
    """The decision (art. 59): the party, the facts and evidence, the article violated and the
    penalty, how and by when to comply, the remedies, the agency and the day."""
    penalty = case.outcome == "penalty"
    article = case.article
    remedy = content.remedy_notice(case.agency)
    if is_natural_person(case):
        remedy = remedy.replace("你单位", "你")
    paragraphs = [
        f"当事人：{party_line(case)}",
        f"经查：{case.facts}",
        f"以上事实有下列证据证明：{'；'.join(evidence_lines(case)) or '—'}。",
    ]
    if case.statement_kind:
        paragraphs.append(
            f"当事人陈述、申辩及听证情况：{case.get_statement_kind_display()}。{case.statement}"
        )
    if penalty and article is not None:
        paragraphs += [
            f"本机关认为，当事人的上述行为违反了{article.citation}的规定（{article.offence}）。",
            f"理由：{case.reasons}",
            f"依据{article.citation}的规定，本机关决定给予如下行政处罚：{penalty_text(case)}。",
            f"罚款请于{content.chinese_date(case.fine_due)}前缴至指定银行或者通过电子支付系统缴纳"
            f"（{LAW}第六十七条第三款）。"
            if case.fine_due and case.fine
            else "",
            f"补种树木请于{content.chinese_date(case.replant_due)}前完成，本机关将检查验收。"
            if case.replant_due and case.replant_trees
            else "",
        ]
        basis = f"{article.citation}；{LAW}第五十七条第一款第一项"
        grounds = [article.source]
    else:
        paragraphs += [f"本机关决定不予行政处罚。理由：{case.reasons}"]
        basis = f"{LAW}第五十七条第一款第二项、第三项，第三十三条"
        grounds = []
    kind = CaseDocumentKind.PENALTY_DECISION if penalty else CaseDocumentKind.NO_PENALTY_DECISION
    return _issue(
        case,
        act,
        kind,
        paragraphs=[p for p in paragraphs if p],
        legal_basis=basis,
        grounds_heading="所违反及适用的条款" if grounds else "",
        grounds=grounds,
        closing=[remedy],
    )
