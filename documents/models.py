"""The decision documents and notices (product.md §11, §13), and the gap-free counters that
number them.

A document's printed content is stored by the deciding transaction; the PDF is drawn from it
alone after commit (``documents.pdf_files``) and signed (``documents.signing``).
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.fields import optional_moment, protected_fk, user_fk
from core.messages import MSG_LICENCE_TYPE_CODE
from permits.choices import Kind
from permits.models import Application
from roles.models import Agency, Jurisdiction

from .licence_identifiers import licence_type_code_valid


class CertificateStatus(models.TextChoices):
    """What the public verification answers of a document: the one vocabulary of the
    verification page, the public decisions and the API, derived by ``public.standing`` from
    the permit's state and its supervision (product.md §18 B10)."""

    VALID = "valid", _("Valid")
    # The work (or a temporary use's restoration) was done and passed its inspection.
    ACCEPTED = "accepted", pgettext_lazy("verification", "Accepted on inspection")
    # Found not kept (a failed inspection, a filing or a report): ordered corrected by a deadline.
    UNDER_RECTIFICATION = (
        "under_rectification",
        pgettext_lazy("verification", "Under rectification"),
    )
    SUPERSEDED = "superseded", pgettext_lazy("verification", "Superseded")
    REVOKED = "revoked", pgettext_lazy("verification", "Revoked")
    WITHDRAWN = "withdrawn", pgettext_lazy("verification", "Withdrawn")
    LAPSED = "lapsed", pgettext_lazy("verification", "Lapsed")
    CANCELLED = "cancelled", pgettext_lazy("verification", "Cancelled")
    EXPIRED = "expired", pgettext_lazy("verification", "Expired")
    REFUSED = "refused", pgettext_lazy("verification", "Refused")


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
    # The agency's written 核定 of a fee the notice could not compute (待核定).
    FEE_DETERMINATION = "fee_determination", _("Fee determination notice")
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
    # The hearing (product.md §16 L16; arts. 46–48): the right told, the record kept.
    HEARING_NOTICE = "hearing_notice", _("Hearing notice")
    HEARING_RECORD = "hearing_record", _("Hearing record")


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
    DocumentKind.FEE_DETERMINATION,
    DocumentKind.INTERESTED_PARTY_NOTICE,
    DocumentKind.INSPECTION_REPORT,
    DocumentKind.RECTIFICATION_NOTICE,
    DocumentKind.STATEMENT_NOTICE,
    DocumentKind.WITHDRAWAL_DECISION,
    DocumentKind.CANCELLATION_NOTICE,
    DocumentKind.HEARING_NOTICE,
    DocumentKind.HEARING_RECORD,
)


# A permit's version: the approval, then each change or renewal granted (licensing.PermitVersion).
VERSION_KINDS = (
    DocumentKind.APPROVAL,
    DocumentKind.CHANGE_DECISION,
    DocumentKind.RENEWAL_DECISION,
)


class SealMode(models.TextChoices):
    """How a document stands to the agency's seal (行政许可法 arts. 32, 38, 39) until an official
    e-seal is configured (issue 46): set for the installation (``PERMITS_SEAL_MODE``) and kept
    in what each document prints (``content["document"]["seal"]``)."""

    # The PDF prints a blank seal area; the agency stamps the paper original and records it.
    WET = "wet", _("Paper original sealed by hand")
    # The PDF says it is an electronic copy that carries no seal.
    UNSEALED = "unsealed", _("Electronic copy without the seal")
    # The agency's electronic seal (issue 49: ``pades`` or ``eseal``): no seal area; the file
    # is the original and its seal is verified online.
    ELECTRONIC = "electronic", _("Electronic seal")


class SealProvider(models.TextChoices):
    """Who seals a document (issue 49; ``documents.sealing``): set for the installation
    (``PERMITS_SEAL_PROVIDER``) and kept on each document when it is issued."""

    PADES = "pades", _("PAdES signature of the agency")
    ESEAL = "eseal", _("Province e-seal platform")
    WET = "wet", _("Seal pressed by hand on the paper original")


def seal_provider_configured() -> str:
    """The installation's provider, kept on each document as it is issued."""
    return str(settings.PERMITS_SEAL_PROVIDER)


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
    # Who seals it (issue 49, ``SealProvider``), chosen when it is issued; when its electronic
    # seal was made (``pades``, ``eseal``; a wet seal's record is ``DocumentSeal``) and what
    # proves it (the certificate, the platform's signature over the file's digest).
    seal_provider = models.CharField(
        _("seal provider"),
        max_length=10,
        choices=SealProvider.choices,
        default=seal_provider_configured,
        editable=False,
    )
    sealed_at = optional_moment(_("sealed"))
    seal_evidence = models.JSONField(_("seal evidence"), default=dict, blank=True, editable=False)
    # The e-seal platform down or slow: how many tries failed, when the next is due, and why.
    seal_attempts = models.PositiveIntegerField(_("sealing attempts"), default=0, editable=False)
    seal_retry_at = optional_moment(_("next sealing attempt"))
    seal_error = models.CharField(_("last sealing error"), max_length=500, blank=True)
    # A later change or renewal made a new version of the permit (product.md §18 B1, B2): from
    # this day the document verifies as "superseded" (``public.standing``).
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
            # ... for documents the e-seal platform has not sealed yet (issue 49) ...
            models.Index(
                fields=["seal_retry_at"],
                condition=models.Q(sealed_at__isnull=True, seal_provider="eseal"),
                name="certificate_unsealed",
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
    def printed_seal(self) -> str:
        """What the document printed about its seal (``SealMode``): wet for a document issued
        before documents said (issue 46)."""
        printed = ((self.content or {}).get("document") or {}).get("seal")
        return printed if printed in SealMode.values else SealMode.WET


class DocumentSeal(models.Model):
    """The agency's record that it pressed its seal on the paper original of a document (wet
    sealing, issue 46): who, for which agency, on which day. One per document."""

    certificate = models.OneToOneField(
        Certificate, on_delete=models.PROTECT, related_name="seal", verbose_name=_("document")
    )
    agency = protected_fk(Agency, _("agency"))
    sealed_on = models.DateField(_("sealed on"))
    sealed_by = user_fk(_("sealed by"))
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("seal record")
        verbose_name_plural = _("seal records")

    def __str__(self) -> str:
        return f"{self.certificate_id} {self.sealed_on}"


class ActForm(models.TextChoices):
    """What the decision on an application type is in law (issue 46 item 3): an administrative
    licence (行政许可) only where a law, an administrative regulation, a local regulation or a
    provincial government rule sets it (行政许可法 arts. 14, 15, 17); otherwise the approval of a
    work design (批复), which the Licensing Law does not govern."""

    LICENCE = "licence", _("Administrative licence")
    APPROVAL = "approval", _("Approval of a work design")


class DecisionForm(models.Model):
    """The legal office's classification of the decision on one application type in one
    jurisdiction (docs/legal-basis.md, "What each decision is"), with the provision that requires
    the approval, quoted with its source. The documents print the title, the decision formula,
    the basis and the supervision that follow from it (``documents.forms``)."""

    jurisdiction = protected_fk(Jurisdiction, _("jurisdiction"))
    kind = models.CharField(_("application type"), max_length=20, choices=Kind.choices)
    form = models.CharField(_("what the decision is"), max_length=10, choices=ActForm.choices)
    requiring_provision = models.TextField(
        _("provision requiring the approval"),
        help_text=_(
            "Quoted with its source. For a licence: the law or regulation that sets it. For an "
            "approval of a work design: the programme document under which the work design is "
            "approved (printed as its basis, never as a statutory condition)."
        ),
    )
    reading = models.TextField(
        _("reading"),
        blank=True,
        help_text=_("Why the office classifies it so, and what it could not find."),
    )

    class Meta:
        verbose_name = _("decision form")
        verbose_name_plural = _("decision forms")
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "kind"], name="decision_form_unique")
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction} · {self.get_kind_display()} · {self.get_form_display()}"


def validate_licence_type_code(value: str) -> None:
    """The defining authority's credit code and three digits (GB/T 36904, as published)."""
    if not licence_type_code_valid(value):
        raise ValidationError(MSG_LICENCE_TYPE_CODE, code="invalid_licence_type_code")


class LicenceType(models.Model):
    """The electronic licence type (证照类型) the approval of one application type is issued as
    (GB/T 36904; issue 49 item 4): its type code as the national catalogue of electronic licence
    types lists it, and where the legal office took it from. Edited in the admin, audited;
    licences already issued keep the code they were issued with."""

    kind = models.CharField(_("application type"), max_length=20, choices=Kind.choices, unique=True)
    code = models.CharField(
        _("licence type code"), max_length=21, validators=[validate_licence_type_code]
    )
    name = models.CharField(
        _("licence name"),
        max_length=80,
        help_text=_("The licence's name as the national catalogue of licence types names it."),
    )
    source = models.TextField(
        _("source"),
        help_text=_(
            "Where the code comes from: the catalogue entry (its publisher, date and the line "
            "that lists the code), quoted."
        ),
    )

    class Meta:
        verbose_name = _("electronic licence type")
        verbose_name_plural = _("electronic licence types")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.code}"


LICENCE_IDENTIFIER_LENGTH = 100


class Licence(models.Model):
    """An approval as an electronic licence (电子证照): its GB/T 36904 identifier and its GB/T
    36903 metadata as issued, kept beside the decision's PDF (the ``Certificate``). Written in
    the transaction that numbers the approval (``documents.licences``); the current status is
    read, not stored (``public.standing``)."""

    certificate = models.OneToOneField(
        Certificate, on_delete=models.PROTECT, related_name="licence", verbose_name=_("document")
    )
    identifier = models.CharField(
        _("licence identifier"), max_length=LICENCE_IDENTIFIER_LENGTH, unique=True
    )
    metadata = models.JSONField(_("licence metadata"), default=dict, editable=False)
    assigned_at = models.DateTimeField(_("assigned"), default=timezone.now)

    class Meta:
        verbose_name = _("electronic licence")
        verbose_name_plural = _("electronic licences")

    def __str__(self) -> str:
        return self.identifier
