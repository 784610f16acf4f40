"""``desk/``: every act waiting for the caller, sorted by due date (desks.selectors), the
holder's or the official's, as the web desks show it."""

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.messages import MSG_NO_DESK
from desks.selectors import desk_of, desk_role
from permits.access import AnyUser

from ..serializers.desk import DeskSerializer
from .base import AccessGate, AuthenticatedRequest, errors


def _has_desk(user: AnyUser) -> bool:
    return desk_role(user) is not None


class HasDesk(AccessGate):
    message = MSG_NO_DESK
    allows = staticmethod(_has_desk)


class DeskView(APIView):
    """What waits for the caller: a holder's notices to answer, rectifications, obligations due
    and requests in progress, with its applications under way; an official's tasks, reports
    from the public, inspections and rectification answers."""

    permission_classes = [IsAuthenticated, HasDesk]

    @extend_schema(responses={200: DeskSerializer, **errors(401, 403)})
    def get(self, request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> Response:
        desk = desk_of(user=request.user, today=timezone.localdate())
        if desk is None:  # HasDesk let no such caller in
            return Response(status=403)
        return Response(DeskSerializer(desk).data)
