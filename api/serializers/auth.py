"""``auth/token/`` and ``me/``: the token and the caller."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from audit.trail import display_name
from permits import access

from .base import AgencyRefSerializer, OrganisationRefSerializer


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)


class MembershipSerializer(serializers.Serializer):
    agency = AgencyRefSerializer()
    role = serializers.CharField()


class MeSerializer(serializers.Serializer):
    username = serializers.CharField(source="get_username")
    display_name = serializers.SerializerMethodField()
    memberships = serializers.SerializerMethodField()
    organisation = serializers.SerializerMethodField()

    def get_display_name(self, user) -> str:
        return display_name(user)

    def _memberships(self, user) -> list:
        """All the user's memberships, read once for both fields."""
        if getattr(self, "_read_memberships", None) is None:
            self._read_memberships = list(
                user.memberships.select_related("agency", "organisation").order_by("pk")
            )
        return self._read_memberships

    @extend_schema_field(MembershipSerializer(many=True))
    def get_memberships(self, user):
        memberships = [m for m in self._memberships(user) if m.agency_id is not None]
        return MembershipSerializer(memberships, many=True).data

    @extend_schema_field(OrganisationRefSerializer(allow_null=True))
    def get_organisation(self, user):
        organisation = access.applicant_organisation(user, self._memberships(user))
        return OrganisationRefSerializer(organisation).data if organisation else None
