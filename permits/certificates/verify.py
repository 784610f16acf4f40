"""Public verification of a decision document (API.md, "Certificates and documents (public)").

Anyone may learn whether a number is a real document, of which kind, and its status; the details
(who, what, which agency, until when) only with the document's check code, printed on it and in
its QR code, so that a list of guessed numbers reveals nothing about applicants.
"""

import hmac
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from permits.models import NOTICE_KINDS, Application, Certificate, DocumentKind
from roles.models import Agency

from .issue import issuing_agency


@dataclass(frozen=True)
class Verification:
    certificate: Certificate
    status: str  # valid / revoked / expired / refused
    with_details: bool  # the check code matched
    issuing_agency: str = ""

    @property
    def is_notice(self) -> bool:
        """A notice or procedural decision: authentic, but it grants no permit."""
        return self.certificate.document_kind in NOTICE_KINDS


def check_code_matches(certificate: Certificate, code: str | None) -> bool:
    given = (code or "").strip().upper().encode()
    expected = certificate.check_code.encode()
    # Constant time: the comparison must not tell how much of a guess was right.
    return bool(expected) and hmac.compare_digest(given, expected)


def certificate_verification(
    *, number: str, code: str | None, decisions_of: Callable[[Application], Iterable[Any]]
) -> Verification | None:
    """None when no document has this number. ``decisions_of(application)``: the decisions of
    its latest review pass, oldest first (who refused names the refusal's issuing agency); the
    doors call ``workflows.selectors.certificate_verification``, which passes them."""
    certificate = (
        Certificate.objects.select_related(
            "application__organisation",
            "application__lead_agency",
            "application__district_agency",
            "issuing_agency",
            "signed_by",
        )
        .filter(number=number)
        .first()
    )
    if certificate is None:
        return None
    if not check_code_matches(certificate, code):
        return Verification(certificate=certificate, status=certificate.status, with_details=False)
    return Verification(
        certificate=certificate,
        status=certificate.status,
        with_details=True,
        issuing_agency=agency.name if (agency := _issuer(certificate, decisions_of)) else "",
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
