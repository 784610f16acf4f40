"""``applications/<id>/attachments/``: the files of an application."""

from rest_framework import serializers

from permits.choices import AttachmentKind
from permits.models import Attachment

from .base import RefuseUnknownFieldsMixin


class AttachmentSerializer(RefuseUnknownFieldsMixin, serializers.ModelSerializer[Attachment]):
    """Upload (multipart ``file`` + ``kind``) and its answer; the service checks size and type."""

    file = serializers.FileField(write_only=True, max_length=None, use_url=False)
    kind = serializers.ChoiceField(choices=AttachmentKind.choices)

    class Meta:
        model = Attachment
        fields = ("id", "kind", "name", "size", "sha256", "content_type", "uploaded_at", "file")
        read_only_fields = ("name", "size", "sha256", "content_type", "uploaded_at")
