"""``licences/<identifier>/``: an approval as an electronic licence, to officials and auditors
(issue 49 item 4); to anyone else, and for an identifier not issued, 404."""

from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from documents.licences import licence_find
from permits import access
from public.standing import standing_of

from ..serializers.licences import LicenceSerializer, licence_data
from .base import AuthenticatedRequest, errors


class LicenceView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: LicenceSerializer, **errors(401, 404)})
    def get(self, request: AuthenticatedRequest, identifier: str) -> Response:
        licence = licence_find(identifier) if access.reads_licences(request.user) else None
        if licence is None:
            raise NotFound()
        data = licence_data(licence.metadata, standing_of(licence.certificate))
        return Response(LicenceSerializer(data).data)
