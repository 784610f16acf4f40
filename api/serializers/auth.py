"""``auth/token/`` and ``me/``: the token and the caller."""

from typing import Any, cast

from django.contrib.auth.models import User
from drf_spectacular.utils import extend_schema_field
from knox.models import AuthToken
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from audit.api_tokens import token_handle
from audit.trail import display_name
from permits import access
from roles.models import Membership

from .base import AgencyRefSerializer, OrganisationRefSerializer


class TokenRequestSerializer(AuthTokenSerializer):
    """The credentials, and ``rotate``: revoke the caller's other tokens (docs/api.md)."""

    rotate = serializers.BooleanField(required=False, default=False)
    otp = serializers.CharField(
        required=False,
        help_text="The current code of the authenticator app (or a recovery code): required of "
        "officials when the second factor is on.",
    )


class TokenSerializer(serializers.Serializer[Any]):
    token = serializers.CharField(read_only=True)
    expires_at = serializers.DateTimeField(read_only=True)


class TokenListQuerySerializer(serializers.Serializer[Any]):
    everyone = serializers.BooleanField(required=False, default=False)


class ApiTokenSerializer(serializers.Serializer[AuthToken]):
    """A live token as its owner and the security administrator see it: never the token."""

    id = serializers.SerializerMethodField()
    username = serializers.CharField(source="user.get_username", read_only=True)
    created_at = serializers.DateTimeField(source="created", read_only=True)
    expires_at = serializers.DateTimeField(source="expiry", read_only=True)

    def get_id(self, token: AuthToken) -> str:
        return token_handle(token)


class MembershipSerializer(serializers.Serializer[Any]):
    agency = AgencyRefSerializer()
    role = serializers.CharField()


class MeSerializer(serializers.Serializer[User]):
    username = serializers.CharField(source="get_username")
    display_name = serializers.SerializerMethodField()
    memberships = serializers.SerializerMethodField()
    organisation = serializers.SerializerMethodField()

    def get_display_name(self, user: User) -> str:
        return display_name(user)

    def _memberships(self, user: User) -> list[Membership]:
        """All the user's memberships, read once for both fields."""
        if getattr(self, "_read_memberships", None) is None:
            self._read_memberships = list(
                user.memberships.select_related("agency", "organisation").order_by("pk")
            )
        return self._read_memberships

    @extend_schema_field(MembershipSerializer(many=True))
    def get_memberships(self, user: User) -> ReturnList[Any]:
        memberships = [m for m in self._memberships(user) if m.agency_id is not None]
        # many=True: a ListSerializer, whose data the stubs do not know to be a list.
        return cast("ReturnList[Any]", MembershipSerializer(memberships, many=True).data)

    @extend_schema_field(OrganisationRefSerializer(allow_null=True))
    def get_organisation(self, user: User) -> ReturnDict[str, Any] | None:
        organisation = access.applicant_organisation(user, self._memberships(user))
        return OrganisationRefSerializer(organisation).data if organisation else None
