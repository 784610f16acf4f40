"""``certificates/<number>/verify/``: the public verification of a document."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from documents.models import CertificateStatus, DocumentKind, SealMode, SealProvider
from documents.sealing import SEAL_STATES
from documents.verify import Verification
from permits.choices import Kind

from .base import PresentIfGivenText

STATUS_ON_HELP = _(
    "Since when the status holds: the day the document was issued (valid, refused), the day the "
    "inspection accepted the work, the day the rectification was ordered, the day of the change "
    "that superseded it, of the revocation, withdrawal or cancellation, or the day after the "
    "last day of an expired or lapsed permit."
)
# What the deadline of a rectification the permit is under means.
DEADLINE_HELP = _("Under rectification: the day by which the holder must have put it right.")

# Without the check code, only these (api.md).
VERIFY_PUBLIC_FIELDS = ("number", "document_kind", "status")


class VerifyParticularSerializer(serializers.Serializer[Any]):
    # The field named "label" shadows Field.label for the type checker only: DRF's metaclass
    # takes declared fields off the class.
    label = serializers.CharField()  # type: ignore[assignment]
    value = serializers.CharField()


class VerifySealSerializer(serializers.Serializer[Any]):
    """The seal (issues 46, 49): who sealed the document (``provider``) and when; an electronic
    seal's certificate, or who pressed the seal on the paper original; ``state`` and, when the
    file was changed after it was sealed, the ``problem`` (the verification refuses it)."""

    provider = serializers.ChoiceField(choices=SealProvider.choices)
    state = serializers.ChoiceField(choices=SEAL_STATES)
    sealed_at = serializers.CharField(
        allow_null=True,
        help_text=_(
            "When it was sealed: a moment (ISO 8601) for an electronic seal, the day for a "
            "seal pressed by hand; null while it is not."
        ),
    )
    certificate = PresentIfGivenText(
        help_text=_("An electronic seal's certificate: subject, serial number, issuer."),
    )
    sealed_by = PresentIfGivenText(
        help_text=_("A seal pressed by hand: who recorded pressing it."),
    )
    problem = serializers.CharField(
        required=False, help_text=_("Why the file is refused: it was changed after sealing.")
    )
    mode = serializers.ChoiceField(choices=SealMode.choices)
    sealed = serializers.BooleanField()
    sealed_on = serializers.DateField(allow_null=True)
    statement = serializers.CharField(help_text=_("What the seal means, in words."))


class CertificateVerifySerializer(serializers.Serializer[Verification]):
    """A ``documents.verify.Verification``; the details only with the check code."""

    number = serializers.CharField(source="certificate.number")
    document_kind = serializers.ChoiceField(
        source="certificate.document_kind", choices=DocumentKind.choices
    )
    status = serializers.ChoiceField(choices=CertificateStatus.choices)
    status_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=STATUS_ON_HELP,
    )
    kind = serializers.ChoiceField(
        source="certificate.application.kind", choices=Kind.choices, required=False
    )
    reference = serializers.CharField(source="certificate.application.reference", required=False)
    holder = serializers.CharField(
        required=False,
        help_text=_(
            "The permit holder, or the applicant of a refusal; a natural person (no unified "
            "social credit code) by the first character of the name, as the public decisions."
        ),
    )
    issuing_agency = serializers.CharField(required=False)
    issued_at = serializers.DateTimeField(source="certificate.issued_at", required=False)
    valid_until = serializers.DateField(
        source="certificate.valid_until", required=False, allow_null=True
    )
    valid_from = serializers.DateField(
        source="certificate.valid_from", required=False, allow_null=True
    )
    location = serializers.CharField(
        required=False, help_text=_("Where, as the document prints it (empty for a notice).")
    )
    validity = serializers.CharField(
        required=False, help_text=_("The period of validity, as the document prints it.")
    )
    particulars = VerifyParticularSerializer(
        source="particular_rows",
        many=True,
        required=False,
        help_text=_(
            "What the document prints about the site, the work and its extent, to compare with "
            "the paper (labels in Chinese, as printed). Never contact data."
        ),
    )
    seal = VerifySealSerializer(source="seal_data", required=False, allow_null=True)
    licence_identifier = serializers.CharField(
        required=False,
        allow_null=True,
        help_text=_(
            "The permit's electronic licence identifier (GB/T 36904): an approval's, which its "
            "changes and renewals keep; null for other documents or while unassigned."
        ),
    )
    code_valid = serializers.BooleanField(
        required=False,
        help_text=_(
            "Present when a code was given: whether it is the document's. A wrong code gets "
            "only the public fields."
        ),
    )

    def to_representation(self, verification: Verification) -> dict[str, Any]:
        data = super().to_representation(verification)
        if not verification.with_details:
            data = {name: data[name] for name in VERIFY_PUBLIC_FIELDS}
        if verification.code_given:
            data["code_valid"] = verification.with_details
        else:
            data.pop("code_valid", None)
        return data
