"""``certificates/<number>/verify/``: the public verification of a document (no login)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from public.standing import certificate_verification

from ..serializers.certificates import CertificateVerifySerializer
from .base import errors


class CertificateVerifyView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        auth=[],
        parameters=[
            OpenApiParameter(
                "code", str, description=_("The check code (校验码) printed on the document.")
            )
        ],
        responses={200: CertificateVerifySerializer, **errors(404)},
    )
    def get(self, request: Request, number: str) -> Response:
        verification = certificate_verification(
            number=number, code=request.query_params.get("code")
        )
        if verification is None:
            raise NotFound()
        return Response(CertificateVerifySerializer(verification).data)
