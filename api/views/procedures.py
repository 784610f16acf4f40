"""``tasks/<id>/special-procedure/`` and ``special-procedures/<id>/end/``: a hearing, test,
appraisal, expert review or tender (Administrative Licensing Law art. 45) started on a review
task, which pauses the decision period, and its end with the result, which lets it run again."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows import services as task_services
from workflows.models import SpecialProcedure

from ..parsers import FormParser, JSONParser, MultiPartParser
from ..serializers.procedures import (
    SpecialProcedureEndJsonSerializer,
    SpecialProcedureEndSerializer,
    SpecialProcedureSerializer,
    SpecialProcedureStartSerializer,
)
from .base import AuthenticatedRequest, acting, body_data, errors


def _answer(procedure: SpecialProcedure, request: AuthenticatedRequest) -> Response:
    return Response(SpecialProcedureSerializer(procedure, context={"request": request}).data)


class SpecialProcedureStartView(APIView):
    @extend_schema(
        request={"application/json": SpecialProcedureStartSerializer},
        responses={200: SpecialProcedureSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        body = body_data(SpecialProcedureStartSerializer, request)
        procedure = task_services.special_procedure_start(task_id=pk, **body, **acting(request))
        return _answer(procedure, request)


class SpecialProcedureEndView(APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        request={
            "application/json": SpecialProcedureEndJsonSerializer,
            "multipart/form-data": SpecialProcedureEndSerializer,
        },
        responses={200: SpecialProcedureSerializer, **errors(400, 401, 403, 404, 409, 413, 415)},
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        body = body_data(SpecialProcedureEndSerializer, request)
        procedure = task_services.special_procedure_end(
            procedure_id=pk, result=body["result"], uploads=body["files"], **acting(request)
        )
        return _answer(procedure, request)
