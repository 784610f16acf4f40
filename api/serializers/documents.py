"""``applications/<id>/documents/``: the notices and decisions of an application."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from documents.models import Certificate, DocumentKind


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
