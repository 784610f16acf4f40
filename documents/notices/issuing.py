"""Issuing a notice: its title and number code per kind, the wording function of each kind
(``WORDING``, declared here in one table), the checks before a number is taken, and
``notice_issue``, which numbers the notice and stores what it prints."""

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone

from audit.trail import audit_chain_head_hash
from core.errors import InvalidInput
from core.messages import MSG_NO_ITEMS, MSG_NO_REASON
from documents.models import NOTICE_KINDS, VERSION_KINDS, Certificate, DocumentKind
from permits.models import Application
from permits.numbers import document_number_allocate
from roles.models import Agency

from ..issue import verify_url
from ..pdf_files import document_render_after_commit, notice_content
from ..pdf_layout import NoticeDocument
from ..sealing import printed_seal_mode
from ._common import _Wording
from .acceptance import _acceptance, _correction, _non_acceptance
from .cancellation import _cancellation
from .fees import _fee_determination, _fee_notice
from .forwarding import _forwarding_letter
from .hearings import _hearing_notice, _hearing_record
from .holder_requests import _change_decision, _renewal_decision
from .interested_parties import _interested_party
from .revocation import _revocation, _statement, _withdrawal
from .supervision import _inspection_report, _rectification
from .time_limits import _extension, _special_procedure

TITLES = {
    DocumentKind.ACCEPTANCE_NOTICE: "受理通知书",
    DocumentKind.CORRECTION_NOTICE: "补正告知书",
    DocumentKind.NON_ACCEPTANCE: "不予受理决定书",
    DocumentKind.EXTENSION_NOTICE: "延期告知书",
    DocumentKind.REVOCATION: "撤销行政许可决定书",
    DocumentKind.SPECIAL_PROCEDURE_NOTICE: "特别程序期间告知书",
    DocumentKind.FORWARDING_LETTER: "使用林地申请转报函",
    DocumentKind.FEE_NOTICE: "森林植被恢复费缴纳通知书",
    DocumentKind.FEE_DETERMINATION: "森林植被恢复费核定通知书",
    DocumentKind.INTERESTED_PARTY_NOTICE: "利害关系人告知书",
    DocumentKind.INSPECTION_REPORT: "检查验收意见书",
    DocumentKind.RECTIFICATION_NOTICE: "责令限期整改通知书",
    DocumentKind.STATEMENT_NOTICE: "陈述申辩告知书",
    DocumentKind.WITHDRAWAL_DECISION: "撤回行政许可决定书",
    DocumentKind.CANCELLATION_NOTICE: "注销行政许可通知书",
    DocumentKind.CHANGE_DECISION: "准予变更行政许可决定书",
    DocumentKind.RENEWAL_DECISION: "准予延续行政许可决定书",
    DocumentKind.HEARING_NOTICE: "听证权利告知书",
    DocumentKind.HEARING_RECORD: "听证笔录",
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
    DocumentKind.FEE_DETERMINATION: "核",
    DocumentKind.INTERESTED_PARTY_NOTICE: "利",
    DocumentKind.INSPECTION_REPORT: "验",
    DocumentKind.RECTIFICATION_NOTICE: "改",
    DocumentKind.STATEMENT_NOTICE: "陈",
    DocumentKind.WITHDRAWAL_DECISION: "撤回",
    DocumentKind.CANCELLATION_NOTICE: "注",
    DocumentKind.CHANGE_DECISION: "变",
    DocumentKind.RENEWAL_DECISION: "续",
    DocumentKind.HEARING_NOTICE: "听告",
    DocumentKind.HEARING_RECORD: "听录",
}

WORDING: dict[str, Callable[..., _Wording]] = {
    DocumentKind.ACCEPTANCE_NOTICE: _acceptance,
    DocumentKind.CORRECTION_NOTICE: _correction,
    DocumentKind.NON_ACCEPTANCE: _non_acceptance,
    DocumentKind.EXTENSION_NOTICE: _extension,
    DocumentKind.REVOCATION: _revocation,
    DocumentKind.SPECIAL_PROCEDURE_NOTICE: _special_procedure,
    DocumentKind.FORWARDING_LETTER: _forwarding_letter,
    DocumentKind.FEE_NOTICE: _fee_notice,
    DocumentKind.FEE_DETERMINATION: _fee_determination,
    DocumentKind.INTERESTED_PARTY_NOTICE: _interested_party,
    DocumentKind.INSPECTION_REPORT: _inspection_report,
    DocumentKind.RECTIFICATION_NOTICE: _rectification,
    DocumentKind.STATEMENT_NOTICE: _statement,
    DocumentKind.WITHDRAWAL_DECISION: _withdrawal,
    DocumentKind.CANCELLATION_NOTICE: _cancellation,
    DocumentKind.CHANGE_DECISION: _change_decision,
    DocumentKind.RENEWAL_DECISION: _renewal_decision,
    DocumentKind.HEARING_NOTICE: _hearing_notice,
    DocumentKind.HEARING_RECORD: _hearing_record,
}
NEEDS_REASON = (
    DocumentKind.FEE_DETERMINATION,
    DocumentKind.FORWARDING_LETTER,
    DocumentKind.NON_ACCEPTANCE,
    DocumentKind.EXTENSION_NOTICE,
    DocumentKind.REVOCATION,
    DocumentKind.SPECIAL_PROCEDURE_NOTICE,
    DocumentKind.RECTIFICATION_NOTICE,
    DocumentKind.STATEMENT_NOTICE,
    DocumentKind.WITHDRAWAL_DECISION,
    DocumentKind.HEARING_NOTICE,
    DocumentKind.HEARING_RECORD,
)


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
    ``working_days`` (counted from service); hearing notice ``working_days``, ``due_date``,
    ``held_working_days``, ``substantial_interests``, a party's ``holder_credit_code`` and
    ``compartments`` (``reason``: why the hearing is offered); hearing record ``held_on``,
    ``presiding_name``, ``requesters`` (``reason``: the record's text).
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
    document = _notice_document(
        certificate, wording, TITLES[kind], detail, agency, addressee, signed_by_name
    )
    certificate.content = notice_content(document)
    certificate.save()
    document_render_after_commit(certificate)
    return certificate


def _notice_document(
    certificate: Certificate,
    wording: _Wording,
    title: str,
    detail: Application,
    agency: Agency,
    addressee: str,
    signed_by_name: str,
) -> NoticeDocument:
    """What the numbered notice prints: its kind's wording under its number, check code and the
    audit chain's head."""
    return NoticeDocument(
        title=wording.title or title,
        number=certificate.number,
        issuing_agency=agency.name,
        addressee=addressee or detail.organisation.name,
        paragraphs=wording.paragraphs,
        items_heading=wording.items_heading,
        items=wording.items,
        grounds_heading=wording.grounds_heading,
        grounds=wording.grounds,
        closing=wording.closing,
        signatures_heading=wording.signatures_heading,
        signatures=wording.signatures,
        legal_basis=wording.legal_basis,
        statutory=wording.statutory,
        signed_by=signed_by_name,
        reference=detail.reference,
        verify_url=verify_url(certificate.number, certificate.check_code),
        check_code=certificate.check_code,
        chain_head_hash=certificate.chain_head_hash,
        issued_on=timezone.localdate(certificate.issued_at),
        seal=printed_seal_mode(settings.PERMITS_SEAL_MODE, certificate.seal_provider),
    )
