"""``absences/``: declared absences and their substitutes."""

from typing import Any

from rest_framework import serializers

from roles.models import Absence

from .base import AgencyRefSerializer, RefuseUnknownFieldsMixin


class AbsenceCreateSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    substitute = serializers.CharField(max_length=150)
    starts = serializers.DateField()
    ends = serializers.DateField()
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class AbsenceSerializer(serializers.Serializer[Absence]):
    id = serializers.IntegerField(source="pk")
    user = serializers.CharField(source="user.username")
    substitute = serializers.CharField(source="substitute.username")
    agency = AgencyRefSerializer()
    starts = serializers.DateField()
    ends = serializers.DateField()
    reason = serializers.CharField()
    created = serializers.DateTimeField()
