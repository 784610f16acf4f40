"""The decision documents and notices (product.md §11, §13), and the gap-free counters that
number them.

A document's printed content is stored by the deciding transaction; the PDF is drawn from it
alone after commit (``documents.pdf_files``) and signed (``documents.signing``).
"""

import secrets
from datetime import date, timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.fields import optional_moment, protected_fk
from permits.choices import PERIOD_OVER_STATUSES, Status
from permits.models import Application
from roles.models import Agency


class CertificateStatus(models.TextChoices):
    """What the public verification answers of a document (``Certificate.status``): the one
    vocabulary of the verification page, the public decisions and the API."""

    VALID = "valid", _("Valid")
    SUPERSEDED = "superseded", pgettext_lazy("verification", "Superseded")
    REVOKED = "revoked", pgettext_lazy("verification", "Revoked")
    WITHDRAWN = "withdrawn", pgettext_lazy("verification", "Withdrawn")
    LAPSED = "lapsed", pgettext_lazy("verification", "Lapsed")
    CANCELLED = "cancelled", pgettext_lazy("verification", "Cancelled")
    EXPIRED = "expired", pgettext_lazy("verification", "Expired")
    REFUSED = "refused", pgettext_lazy("verification", "Refused")


# The permit ended by an act (or by the law): what its documents verify as.
_PERMIT_ENDED = {
    Status.REVOKED: CertificateStatus.REVOKED,
    Status.WITHDRAWN_BY_AGENCY: CertificateStatus.WITHDRAWN,
    Status.LAPSED: CertificateStatus.LAPSED,
    Status.CANCELLED: CertificateStatus.CANCELLED,
    Status.SURRENDERED: CertificateStatus.CANCELLED,  # 注销 on the holder's request
}


class DocumentKind(models.TextChoices):
    APPROVAL = "approval", _("Approval decision")
    REFUSAL = "refusal", _("Refusal decision")
    ACCEPTANCE_NOTICE = "acceptance_notice", _("Acceptance notice")
    CORRECTION_NOTICE = "correction_notice", _("Correction notice")
    NON_ACCEPTANCE = "non_acceptance", _("Non-acceptance decision")
    EXTENSION_NOTICE = "extension_notice", _("Extension notice")
    REVOCATION = "revocation", _("Revocation decision")
    SPECIAL_PROCEDURE_NOTICE = "special_procedure_notice", _("Special procedure notice")
    # The first-instance opinion and the letter forwarding it to the national authority (§16 L6).
    FORWARDING_LETTER = "forwarding_letter", _("Forwarding letter")
    # The restoration fee to pay before the approval is issued (§16 L7).
    FEE_NOTICE = "fee_notice", _("Fee notice")
    INTERESTED_PARTY_NOTICE = "interested_party_notice", _("Interested party notice")
    # Supervision after the approval (product.md §17 A2, A6).
    INSPECTION_REPORT = "inspection_report", _("Inspection report")
    RECTIFICATION_NOTICE = "rectification_notice", _("Rectification notice")
    # The permit's own life (product.md §18 B7, B8): the holder heard before it is revoked.
    STATEMENT_NOTICE = "statement_notice", _("Statement notice")
    # The permit withdrawn because the law or the circumstances changed (art. 8(2); §18 B8).
    WITHDRAWAL_DECISION = "withdrawal_decision", _("Withdrawal decision")
    # 注销 of a permit no longer in force (art. 70; §18 B4, B10).
    CANCELLATION_NOTICE = "cancellation_notice", _("Cancellation notice")
    # The holder's change or renewal asked and decided (arts. 49, 50; §18 B1-B4): granted, a
    # new version of the permit, the document before it superseded; refused, a decision only.
    CHANGE_DECISION = "change_decision", _("Change decision")
    RENEWAL_DECISION = "renewal_decision", _("Renewal decision")


# Notices and procedural decisions (product.md §11): they grant nothing, so what happens to the
# permit later does not change them; their verification answers "valid".
NOTICE_KINDS = (
    DocumentKind.ACCEPTANCE_NOTICE,
    DocumentKind.CORRECTION_NOTICE,
    DocumentKind.NON_ACCEPTANCE,
    DocumentKind.EXTENSION_NOTICE,
    DocumentKind.REVOCATION,
    DocumentKind.SPECIAL_PROCEDURE_NOTICE,
    DocumentKind.FORWARDING_LETTER,
    DocumentKind.FEE_NOTICE,
    DocumentKind.INTERESTED_PARTY_NOTICE,
    DocumentKind.INSPECTION_REPORT,
    DocumentKind.RECTIFICATION_NOTICE,
    DocumentKind.STATEMENT_NOTICE,
    DocumentKind.WITHDRAWAL_DECISION,
    DocumentKind.CANCELLATION_NOTICE,
)


# A permit's version: the approval, then each change or renewal granted (licensing.PermitVersion).
VERSION_KINDS = (
    DocumentKind.APPROVAL,
    DocumentKind.CHANGE_DECISION,
    DocumentKind.RENEWAL_DECISION,
)


# Printed on the document for people to type: no 0/O, 1/I/L. 16 characters carry 80 bits.
CHECK_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CHECK_CODE_LENGTH = 16


def check_code_new() -> str:
    """A random check code (校验码): who holds the document can read its full verification."""
    return "".join(secrets.choice(CHECK_CODE_ALPHABET) for _ in range(CHECK_CODE_LENGTH))


class Certificate(models.Model):
    number = models.CharField(_("number"), max_length=40, unique=True)
    check_code = models.CharField(
        _("check code"), max_length=32, default=check_code_new, editable=False
    )
    application = protected_fk(Application, _("application"), related_name="certificates")
    document_kind = models.CharField(
        _("document kind"), max_length=40, choices=DocumentKind.choices
    )
    # Set for notices (the agency that issued them); approvals and refusals name theirs from the
    # review pass's decisions (documents.issue.issuing_agency).
    issuing_agency = protected_fk(Agency, _("issuing agency"), optional=True)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    chain_head_hash = models.CharField(_("audit chain head hash"), max_length=64)
    # What the document prints, stored by the deciding transaction; the PDF is rendered from it
    # alone after commit (documents.pdf_files), then ``rendered_at`` is set.
    content = models.JSONField(_("printed content"), default=dict, editable=False)
    rendered_at = optional_moment(_("rendered"))
    pdf = models.FileField(_("PDF file"), upload_to="certificates/%Y/", max_length=255, blank=True)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True)
    # Every document carries the issuing agency's PAdES signature, added after the decision
    # commits (documents.signing); null until then and after a re-render.
    signed_at = optional_moment(_("signed"))
    signed_by = protected_fk(Agency, _("signed by"), optional=True)
    # A later change or renewal made a new version of the permit (product.md §18 B1, B2): from
    # this day the document verifies as "superseded".
    superseded_on = models.DateField(_("superseded on"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]
        indexes = [
            # permits_tick looks for unsigned documents every minute: only those rows.
            models.Index(
                fields=["document_kind"],
                condition=models.Q(signed_at__isnull=True),
                name="certificate_unsigned",
            ),
            # ... and for documents not rendered yet (a lost task, a worker down).
            models.Index(
                fields=["issued_at"],
                condition=models.Q(rendered_at__isnull=True),
                name="certificate_unrendered",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def status(self) -> CertificateStatus:
        """What the public verification answers (``CertificateStatus``). A change or renewal
        decision that granted nothing (no validity of its own) is a decision like a notice's:
        valid."""
        if self.document_kind == DocumentKind.REFUSAL:
            return CertificateStatus.REFUSED
        if self.document_kind in NOTICE_KINDS:
            return CertificateStatus.VALID
        if self.document_kind != DocumentKind.APPROVAL and self.valid_from is None:
            return CertificateStatus.VALID
        if self.superseded_on is not None and self.superseded_on <= timezone.localdate():
            return CertificateStatus.SUPERSEDED
        # A temporary use given up is cancelled (its approval marked 已注销) though its land
        # is still to be restored (``use_ended``).
        marked_cancelled = ((self.content or {}).get("document") or {}).get("revoked_act") == "注销"
        return _PERMIT_ENDED.get(self.application.status) or (
            CertificateStatus.CANCELLED
            if marked_cancelled
            else CertificateStatus.EXPIRED
            if self.application.status in PERIOD_OVER_STATUSES
            else CertificateStatus.VALID
        )

    @property
    def status_on(self) -> date | None:
        """The day the status began (product.md §18 B10, "each with its date"): when the permit
        was revoked, withdrawn or cancelled (the date its approval's mark prints), or the day
        after the last day of one that expired or lapsed; None while valid and for a refusal or
        a notice."""
        status = self.status
        if status in (CertificateStatus.VALID, CertificateStatus.REFUSED):
            return None
        if status == CertificateStatus.SUPERSEDED:
            return self.superseded_on
        marked = ((self.content or {}).get("document") or {}).get("revoked_on")
        if not marked and self.document_kind != DocumentKind.APPROVAL:
            # A change or renewal decision: the act that ended the permit marked its approval.
            approval = self.application.certificates.filter(
                document_kind=DocumentKind.APPROVAL
            ).first()
            content = approval.content if approval is not None else {}
            marked = ((content or {}).get("document") or {}).get("revoked_on")
        if marked:
            return date.fromisoformat(marked)
        until = self.application.valid_until
        since = until + timedelta(days=1) if until else None
        # A design accepted on inspection before its work period ended is "expired" from a day
        # this field cannot tell: no date rather than one still to come.
        return since if since is not None and since <= timezone.localdate() else None
