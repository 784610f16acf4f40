"""``applications/<id>/documents/``, ``certificate.pdf`` and ``case-file.zip``: the documents
an application was issued, and its case file (案卷)."""

from typing import Any

from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from core.files import file_response
from core.messages import MSG_CASE_FILE_OFFICIALS, MSG_NO_DOCUMENT
from documents import seals
from documents.casefile import case_file_response
from documents.models import Certificate
from documents.pdf_files import document_rendered
from documents.selectors import application_document, application_documents
from permits import access

from ..serializers.documents import (
    ApplicationDocumentSerializer,
    DocumentSealBodySerializer,
    DocumentSealSerializer,
)
from .base import ActView, AuthenticatedRequest, OwnBodyView, VisibleApplicationMixin, errors


def _pdf(document: Certificate) -> FileResponse:
    """The document's PDF as rendered (and signed) for it, named by its number."""
    return file_response(
        document_rendered(document).pdf,
        content_type="application/pdf",
        filename=f"{document.number}.pdf",
    )


class CertificatePdfView(OwnBodyView, VisibleApplicationMixin):
    @extend_schema(
        summary="The decision document (approval, or 不予许可决定书 when rejected)",
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, **errors(401, 404)},
    )
    def get(self, request: AuthenticatedRequest, pk: int) -> FileResponse:
        application = self.application()
        certificate = application_document(application)
        if certificate is None:
            raise NotFound(MSG_NO_DOCUMENT)
        return _pdf(certificate)


class CaseFileView(OwnBodyView, VisibleApplicationMixin):
    @extend_schema(
        summary="The case file (案卷): record, files, documents, events with inclusion proofs",
        responses={(200, "application/zip"): OpenApiTypes.BINARY, **errors(401, 403, 404)},
    )
    def get(self, request: AuthenticatedRequest, pk: int) -> HttpResponse:
        application = self.application_detail()
        access.require(
            access.can_download_case_file(request.user, application),
            MSG_CASE_FILE_OFFICIALS,
        )
        return case_file_response(application)


class DocumentListView(VisibleApplicationMixin, APIView):
    @extend_schema(
        summary="Every document of the application (notices and decisions), oldest first",
        responses={200: ApplicationDocumentSerializer(many=True), **errors(401, 404)},
    )
    def get(self, request: AuthenticatedRequest, pk: int) -> Response:
        documents = application_documents(self.application())
        context = {"request": request}
        return Response(ApplicationDocumentSerializer(documents, many=True, context=context).data)


class DocumentPdfView(OwnBodyView, VisibleApplicationMixin):
    @extend_schema(
        summary="One document of the application as PDF",
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, **errors(401, 404)},
    )
    def get(self, request: AuthenticatedRequest, pk: int, document_id: int) -> FileResponse:
        document = get_object_or_404(application_documents(self.application()), pk=document_id)
        return _pdf(document)


class DocumentSealView(ActView):
    body_class = DocumentSealBodySerializer
    body_media_type = "application/json"
    act = staticmethod(seals.document_seal)
    answer_class = DocumentSealSerializer
    answer_status = 201

    def acted_on(self) -> dict[str, Any]:
        return {"application": self.kwargs["pk"], "document_id": self.kwargs["document_id"]}
