"""``notifications/`` (api.md, Notifications): the caller's own."""

from typing import Any

from rest_framework import serializers

from permits.models import Application, Notification


class NotificationApplicationSerializer(serializers.Serializer[Application]):
    id = serializers.IntegerField()
    reference = serializers.CharField()


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    application = NotificationApplicationSerializer(allow_null=True, read_only=True)
    read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "message", "application", "created", "read"]
        read_only_fields = fields

    def get_read(self, notification: Notification) -> bool:
        return notification.read_at is not None


class NotificationQuerySerializer(serializers.Serializer[Any]):
    unread = serializers.BooleanField(required=False, default=False)


class MarkedReadSerializer(serializers.Serializer[Any]):
    marked = serializers.IntegerField()
