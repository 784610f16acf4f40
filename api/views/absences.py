"""``absences/``: one's absences and the substitutes who act for one meanwhile."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from permits import access
from roles.models import Absence
from workflows import people

from ..serializers.absences import AbsenceCreateSerializer, AbsenceSerializer
from .base import AuthenticatedRequest, acting, body_data, errors


class AbsenceListView(generics.ListAPIView[Absence]):
    """One's own absences, those one substitutes in, and those of the agencies one heads."""

    serializer_class = AbsenceSerializer

    def get_queryset(self) -> QuerySet[Absence]:
        return access.absences_visible_to(self.request.user)

    @extend_schema(
        request=AbsenceCreateSerializer,
        responses={201: AbsenceSerializer, **errors(400, 401, 403)},
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        data = body_data(AbsenceCreateSerializer, request)
        absence = people.absence_declare(
            substitute_username=data["substitute"],
            starts=data["starts"],
            ends=data["ends"],
            reason=data["reason"],
            **acting(request),
        )
        return Response(AbsenceSerializer(absence).data, status=status.HTTP_201_CREATED)
