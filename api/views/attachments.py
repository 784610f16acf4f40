"""``applications/<id>/attachments/``: the files of an application, and one file's download."""

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from core.files import file_response
from permits import services, uploads
from permits.models import Application, Attachment

from ..parsers import FormParser, MultiPartParser
from ..serializers.attachments import AttachmentSerializer
from .base import (
    ApplicationRowsView,
    AuthenticatedRequest,
    OwnBodyView,
    VisibleApplicationMixin,
    acting,
    body_data,
    errors,
)


class AttachmentListView(ApplicationRowsView):
    parser_classes = [MultiPartParser, FormParser]
    rows_class = AttachmentSerializer

    def rows(self, user: User, application: Application) -> QuerySet[Attachment]:
        return application.attachments.all()

    @extend_schema(
        request={"multipart/form-data": AttachmentSerializer},
        responses={201: AttachmentSerializer, **errors(400, 401, 403, 404, 409, 413, 415)},
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        application = self.application()
        body = body_data(AttachmentSerializer, request)
        attachment = services.attachment_add(
            application=application, kind=body["kind"], upload=body["file"], **acting(request)
        )
        return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)


class AttachmentDownloadView(OwnBodyView, VisibleApplicationMixin):
    @extend_schema(
        responses={
            # The type the content was found to be on upload (permits.uploads).
            **{(200, kind): OpenApiTypes.BINARY for kind in uploads.EXTENSIONS},
            **errors(401, 404),
        }
    )
    def get(self, request: AuthenticatedRequest, pk: int, attachment_id: int) -> FileResponse:
        attachment = get_object_or_404(self.application().attachments, pk=attachment_id)
        return file_response(
            attachment.file,
            content_type=attachment.content_type,
            filename=attachment.name,
            download=True,
        )
