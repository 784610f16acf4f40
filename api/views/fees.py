"""``applications/<id>/national-decision/`` and ``applications/<id>/fee/``: what the deciding
agency records after its review of an occupation (product.md §16 L6, L7): the national
authority's decision on what it forwarded, and the restoration fee paid."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows import services as task_services

from ..parsers import FormParser, JSONParser, MultiPartParser
from ..serializers.applications import APPLICATION_SCHEMA
from ..serializers.fees import (
    FeeRecordJsonSerializer,
    FeeRecordSerializer,
    NationalDecisionRecordSerializer,
)
from .base import AuthenticatedRequest, acting, application_data, body_data, errors


class NationalDecisionView(APIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        request={"multipart/form-data": NationalDecisionRecordSerializer},
        responses={200: APPLICATION_SCHEMA, **errors(400, 401, 403, 404, 409, 413, 415)},
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        body = body_data(NationalDecisionRecordSerializer, request)
        application = task_services.national_decision_record(
            application_id=pk,
            number=body["number"],
            decided_on=body["decided_on"],
            outcome=body["outcome"],
            uploads=body["files"],
            **acting(request),
        )
        return Response(application_data(application, request))


class FeeView(APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        request={
            "application/json": FeeRecordJsonSerializer,
            "multipart/form-data": FeeRecordSerializer,
        },
        responses={200: APPLICATION_SCHEMA, **errors(400, 401, 403, 404, 409, 413, 415)},
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        body = body_data(FeeRecordSerializer, request)
        application = task_services.fee_record(
            application_id=pk,
            amount=body["amount"],
            paid_on=body["paid_on"],
            receipt_number=body["receipt_number"],
            reason=body["reason"],
            uploads=body["files"],
            **acting(request),
        )
        return Response(application_data(application, request))
