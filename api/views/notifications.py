"""``notifications/`` (api.md, Notifications): the caller's own, newest first; another user's
→ 404."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from permits import notifications
from permits.access import AnyUser
from permits.models import Notification

from ..serializers.notifications import (
    MarkedReadSerializer,
    NotificationQuerySerializer,
    NotificationSerializer,
)
from .base import AuthenticatedRequest, ListView, errors


class NotificationPagination(PageNumberPagination):
    """The page, with the caller's unread count beside ``count`` (for the bell)."""

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        assert self.request is not None  # set by paginate_queryset, which always runs first
        response.data["unread_count"] = notifications.notifications_unread_count(self.request.user)
        return response

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paginated = super().get_paginated_response_schema(schema)
        paginated["required"] = [*paginated.get("required", []), "unread_count"]
        paginated["properties"]["unread_count"] = {"type": "integer", "example": 3}
        return paginated


class NotificationListView(ListView):
    serializer_class = NotificationSerializer
    pagination_class = NotificationPagination
    query_class = NotificationQuerySerializer

    def rows(self, user: AnyUser, query: dict[str, Any]) -> QuerySet[Notification]:
        return notifications.notifications_for(user, unread=query["unread"])


class NotificationReadView(APIView):
    @extend_schema(request=None, responses={200: NotificationSerializer, **errors(401, 404)})
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        notification = notifications.notification_mark_read(user=request.user, notification_id=pk)
        return Response(NotificationSerializer(notification).data)


class NotificationReadAllView(APIView):
    @extend_schema(request=None, responses={200: MarkedReadSerializer, **errors(401)})
    def post(self, request: AuthenticatedRequest) -> Response:
        marked = notifications.notifications_mark_all_read(user=request.user)
        return Response({"marked": marked})
