"""``tasks/<id>/interested-party-notice/`` and ``interested-party-notices/<id>/answer/``: the
利害关系人告知书 of an occupation's district step (product.md §16 L14; Administrative Licensing
Law art. 36) and the holder's answer, which its approval waits for."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows import selectors as task_selectors
from workflows import services as task_services
from workflows.models import InterestedPartyNotice

from ..serializers.parties import (
    InterestedPartyAnswerSerializer,
    InterestedPartyNoticeSerializer,
    InterestedPartyNotifySerializer,
)
from .base import AuthenticatedRequest, acting, body_data, errors


def _answer(notice: InterestedPartyNotice, request: AuthenticatedRequest, code: int) -> Response:
    # Read again as the record reads it.
    stored = task_selectors.interested_party_notices_of(notice.application).get(pk=notice.pk)
    data = InterestedPartyNoticeSerializer(stored, context={"request": request}).data
    return Response(data, status=code)


class InterestedPartyNotifyView(APIView):
    @extend_schema(
        request={"application/json": InterestedPartyNotifySerializer},
        responses={201: InterestedPartyNoticeSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        body = body_data(InterestedPartyNotifySerializer, request)
        notice = task_services.interested_party_notify(task_id=pk, **body, **acting(request))
        return _answer(notice, request, status.HTTP_201_CREATED)


class InterestedPartyAnswerView(APIView):
    @extend_schema(
        request={"application/json": InterestedPartyAnswerSerializer},
        responses={200: InterestedPartyNoticeSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        body = body_data(InterestedPartyAnswerSerializer, request)
        notice = task_services.interested_party_answer(notice_id=pk, **body, **acting(request))
        return _answer(notice, request, status.HTTP_200_OK)
