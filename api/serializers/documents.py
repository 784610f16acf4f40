"""``applications/<id>/documents/``: the notices and decisions of an application."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from audit.trail import display_name
from documents.models import Certificate, DocumentKind, DocumentSeal, SealMode, SealProvider
from documents.sealing import SEAL_STATES, seal_state

from .base import PresentIfGivenText, RefuseUnknownFieldsMixin, ServiceCheckedValue


class DocumentSerializer(serializers.Serializer[Any]):
    """One document of an application (api.md ``documents``): a notice or a decision."""

    kind = serializers.ChoiceField(source="document_kind", choices=DocumentKind.choices)
    number = serializers.CharField()
    code = serializers.CharField(
        source="check_code", help_text=_("The check code (校验码) printed on the document.")
    )
    issued_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField()

    def get_url(self, certificate: Certificate) -> str:
        path = reverse(
            "api:application-document-pdf", args=[certificate.application_id, certificate.pk]
        )
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class DocumentSealStateSerializer(serializers.Serializer[Any]):
    """The seal (issues 46, 49): its provider, where it stands (``sealing``: 盖章中, the e-seal
    platform has not sealed it yet) and when; what the document printed (``mode``) and the day
    a paper original's seal was pressed (``sealed_on``)."""

    provider = serializers.ChoiceField(choices=SealProvider.choices)
    state = serializers.ChoiceField(choices=SEAL_STATES)
    sealed_at = serializers.CharField(allow_null=True)
    # An electronic seal's certificate; who recorded a seal pressed by hand (null until then).
    certificate = PresentIfGivenText()
    sealed_by = PresentIfGivenText()
    mode = serializers.ChoiceField(choices=SealMode.choices)
    sealed = serializers.BooleanField()
    sealed_on = serializers.DateField(allow_null=True)


class ApplicationDocumentSerializer(DocumentSerializer):
    """A document in the application's list, with its seal."""

    seal = serializers.SerializerMethodField()

    @extend_schema_field(DocumentSealStateSerializer())
    def get_seal(self, certificate: Certificate) -> dict[str, Any]:
        answer = seal_state(certificate).answer(statement=False)
        sealed_on = answer["sealed_on"]
        return {**answer, "sealed_on": sealed_on.isoformat() if sealed_on is not None else None}


@extend_schema_field(serializers.DateField(help_text=_("The day the seal was pressed.")))
class SealedOnField(ServiceCheckedValue):
    """A day, YYYY-MM-DD (checked by the service)."""


class DocumentSealBodySerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    sealed_on = SealedOnField()


class DocumentSealSerializer(serializers.ModelSerializer[DocumentSeal]):
    """The record that a document's paper original was sealed."""

    document = serializers.CharField(source="certificate.number")
    agency = serializers.CharField(source="agency.name")
    sealed_by = serializers.SerializerMethodField()

    class Meta:
        model = DocumentSeal
        fields = ("document", "agency", "sealed_on", "sealed_by", "recorded_at")
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(help_text=_("Who recorded the seal.")))
    def get_sealed_by(self, seal: DocumentSeal) -> str:
        return display_name(seal.sealed_by)
