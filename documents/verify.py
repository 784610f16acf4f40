"""Public verification of a decision document (api.md, "Certificates and documents (public)").

Anyone may learn whether a number is a real document, of which kind, and its status; the details
(who, what, which agency, until when, and where, how much, what work and when, as the document
prints them, never contact data) only with the document's check code, printed on it and in its
QR code, so that a list of guessed numbers reveals nothing about applicants. A code that does not
match is said to be wrong, and then no verdict is given: a forged paper with a made-up code must
not be answered "valid".
"""

import hmac
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from core.masking import name_public
from core.messages import (
    MSG_STANDING_ACCEPTED,
    MSG_STANDING_CANCELLED,
    MSG_STANDING_DEADLINE,
    MSG_STANDING_EXPIRED,
    MSG_STANDING_LAPSED,
    MSG_STANDING_NOTICE,
    MSG_STANDING_REFUSED,
    MSG_STANDING_REVOKED,
    MSG_STANDING_SINCE,
    MSG_STANDING_SUPERSEDED,
    MSG_STANDING_UNDER_RECTIFICATION,
    MSG_STANDING_VALID,
    MSG_STANDING_WITHDRAWN,
)
from documents.models import NOTICE_KINDS, Certificate, CertificateStatus, DocumentKind
from permits.choices import Kind
from permits.models import Application
from roles.models import Agency

from .issue import issuing_agency
from .sealing import SealState, seal_state
from .selectors import permit_licence_identifier

# What a ranger in the field compares with the paper, per kind: the document's own rows (as it
# prints them, from its stored content), besides its location and validity. Never contact data.
FIELD_FACTS = {
    Kind.TENDING: ("林班/小班", "作业类型", "作业面积（公顷）"),
    Kind.OCCUPATION: ("项目名称", "使用方式", "面积（公顷）", "使用期限"),
    Kind.INTRODUCTION: ("物种", "数量", "引入地点"),
}


# What each status means for work on the ground, said to a ranger beside the paper.
STANDING_MEANING = {
    CertificateStatus.VALID: MSG_STANDING_VALID,
    CertificateStatus.ACCEPTED: MSG_STANDING_ACCEPTED,
    CertificateStatus.UNDER_RECTIFICATION: MSG_STANDING_UNDER_RECTIFICATION,
    CertificateStatus.SUPERSEDED: MSG_STANDING_SUPERSEDED,
    CertificateStatus.REVOKED: MSG_STANDING_REVOKED,
    CertificateStatus.WITHDRAWN: MSG_STANDING_WITHDRAWN,
    CertificateStatus.LAPSED: MSG_STANDING_LAPSED,
    CertificateStatus.CANCELLED: MSG_STANDING_CANCELLED,
    CertificateStatus.EXPIRED: MSG_STANDING_EXPIRED,
    CertificateStatus.REFUSED: MSG_STANDING_REFUSED,
}


@dataclass(frozen=True)
class Standing:
    """Where the permit a document grants stands, as the public is told (``public.standing``
    derives it): the status (``CertificateStatus``), the day it began, and a rectification's
    deadline."""

    status: CertificateStatus
    since: date | None = None
    deadline: date | None = None


@dataclass(frozen=True)
class Verification:
    certificate: Certificate
    standing: Standing
    with_details: bool  # the check code matched
    issuing_agency: str = ""
    code_given: bool = False  # a code was typed in (or came with the QR code)
    # With the code: where, how much, what and when, as the document prints them.
    location: str = ""
    particulars: tuple[tuple[str, str], ...] = ()
    validity: str = ""
    # With the code: the seal, by its provider (issues 46, 49), the stored file checked.
    seal: SealState | None = None
    # With the code: the permit's electronic licence identifier (issue 49, GB/T 36904).
    licence_identifier: str | None = None

    @property
    def holder(self) -> str:
        """The holder (or a refusal's applicant) as the public reads it: a natural person
        masked as the published decisions mask it (issue 49; the paper names it in full)."""
        organisation = self.certificate.application.organisation
        return name_public(organisation.name, organisation.unified_credit_code or "")

    @property
    def status(self) -> str:
        return str(self.standing.status)

    @property
    def status_on(self) -> date | None:
        return self.standing.since

    @property
    def status_label(self) -> str:
        return str(CertificateStatus(self.standing.status).label)

    @property
    def meaning(self) -> list[str]:
        """What the status means for work on the ground, then since when and until when."""
        standing = self.standing
        if self.is_notice:
            return [str(MSG_STANDING_NOTICE)]
        said = [str(STANDING_MEANING[CertificateStatus(standing.status)])]
        if standing.deadline is not None:
            said.append(str(MSG_STANDING_DEADLINE % {"deadline": standing.deadline.isoformat()}))
        if standing.since is not None:
            said.append(str(MSG_STANDING_SINCE % {"since": standing.since.isoformat()}))
        return said

    @property
    def is_notice(self) -> bool:
        """A notice or procedural decision: authentic, but it grants no permit (a change or
        renewal refused grants nothing either)."""
        certificate = self.certificate
        if certificate.document_kind in NOTICE_KINDS:
            return True
        return certificate.document_kind != DocumentKind.APPROVAL and certificate.valid_from is None

    @property
    def seal_data(self) -> dict[str, Any] | None:
        """The seal as the API answers it (``SealState.answer``): its provider and when, the
        certificate or who pressed it, and why the file is refused when it was changed."""
        return None if self.seal is None else self.seal.answer()

    @property
    def refused(self) -> bool:
        """The file is not the one sealed: no verdict of authenticity is given."""
        return self.seal is not None and self.seal.refused

    @property
    def particular_rows(self) -> list[dict[str, str]]:
        return [{"label": label, "value": value} for label, value in self.particulars]

    @property
    def code_wrong(self) -> bool:
        """A code was given and is not this document's (校验码不正确): no verdict is shown."""
        return self.code_given and not self.with_details


def printed_particulars(certificate: Certificate) -> tuple[str, tuple[tuple[str, str], ...], str]:
    """(location, rows, validity) as the decision document prints them; empty for a notice and
    for a document issued before documents stored what they print."""
    document = (certificate.content or {}).get("document") or {}
    facts = dict(tuple(pair) for pair in document.get("facts") or ())
    wanted = FIELD_FACTS.get(Kind(certificate.application.kind), ())
    rows = tuple((label, str(facts[label])) for label in wanted if facts.get(label))
    return document.get("location") or "", rows, document.get("validity") or ""


def check_code_matches(certificate: Certificate, code: str | None) -> bool:
    given = (code or "").strip().upper().encode()
    expected = certificate.check_code.encode()
    # Constant time: the comparison must not tell how much of a guess was right.
    return bool(expected) and hmac.compare_digest(given, expected)


def certificate_verification(
    *,
    number: str,
    code: str | None,
    decisions_of: Callable[[Application], Iterable[Any]],
    standing_of: Callable[[Certificate], Standing],
) -> Verification | None:
    """None when no document has this number. ``decisions_of(application)``: the decisions of
    its latest review pass, oldest first (who refused names the refusal's issuing agency);
    ``standing_of(certificate)``: where its permit stands. The doors call
    ``public.standing.certificate_verification``, which passes both."""
    certificate = (
        Certificate.objects.select_related(
            "application__organisation",
            "application__lead_agency",
            "application__district_agency",
            "issuing_agency",
            "signed_by",
            "seal__agency",
            "seal__sealed_by",
        )
        .filter(number=number)
        .first()
    )
    if certificate is None:
        return None
    code_given = bool((code or "").strip())
    if not check_code_matches(certificate, code):
        return Verification(
            certificate=certificate,
            standing=standing_of(certificate),
            with_details=False,
            code_given=code_given,
        )
    location, particulars, validity = printed_particulars(certificate)
    return Verification(
        certificate=certificate,
        standing=standing_of(certificate),
        with_details=True,
        issuing_agency=agency.name if (agency := _issuer(certificate, decisions_of)) else "",
        code_given=code_given,
        location=location,
        particulars=particulars,
        validity=validity,
        seal=seal_state(certificate, check_file=True),
        licence_identifier=permit_licence_identifier(certificate),
    )


def _issuer(
    certificate: Certificate, decisions_of: Callable[[Application], Iterable[Any]]
) -> Agency | None:
    if certificate.issuing_agency is not None:  # notices name theirs
        return certificate.issuing_agency
    approval = certificate.document_kind == DocumentKind.APPROVAL
    application = certificate.application
    decisions = [] if approval else list(decisions_of(application))
    return issuing_agency(application, approval, decisions)
