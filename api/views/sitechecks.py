"""``tasks/<id>/site-check/``: the site check (现场查验) of an occupation's district step
(product.md §16 L12; Administrative Licensing Law art. 34 para. 3), which its approval needs."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows import selectors as task_selectors
from workflows import services as task_services

from ..parsers import FormParser, JSONParser, MultiPartParser
from ..serializers.sitechecks import (
    SiteCheckRecordJsonSerializer,
    SiteCheckRecordSerializer,
    SiteCheckSerializer,
)
from .base import AuthenticatedRequest, acting, body_data, errors


class SiteCheckView(APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        request={
            "application/json": SiteCheckRecordJsonSerializer,
            "multipart/form-data": SiteCheckRecordSerializer,
        },
        responses={201: SiteCheckSerializer, **errors(400, 401, 403, 404, 409, 413, 415)},
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        body = body_data(SiteCheckRecordSerializer, request)
        check = task_services.site_check_record(
            task_id=pk,
            checked_on=body["checked_on"],
            inspectors=body["inspectors"],
            findings=body["findings"],
            measured_area_ha=body["measured_area_ha"],
            uploads=body["files"],
            **acting(request),
        )
        # Read again as the record reads it.
        stored = task_selectors.site_checks_of(check.application).get(pk=check.pk)
        answer = SiteCheckSerializer(stored, context={"request": request})
        return Response(answer.data, status=status.HTTP_201_CREATED)
