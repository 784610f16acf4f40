"""``auth/token/``, ``auth/tokens/`` and ``me/``: the token door (django-axes counts its
failures), the caller's tokens (and, for a security administrator, everyone's), the caller."""

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from drf_spectacular.utils import OpenApiParameter, extend_schema
from knox.models import AuthToken
from rest_framework.authentication import BaseAuthentication
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import APIException, Throttled, ValidationError
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from audit import api_tokens
from audit.sign_ins import api_sign_in_record
from core.messages import MSG_OTP_INVALID, MSG_OTP_NOT_ENROLLED, MSG_OTP_REQUIRED
from permits.selectors import client_ip
from roles import login_throttling
from roles import second_factor as factor

from ..authentication import ExpiringTokenAuthentication
from ..parsers import FormParser, JSONParser, MultiPartParser
from ..serializers.auth import (
    ApiTokenSerializer,
    MeSerializer,
    TokenListQuerySerializer,
    TokenRequestSerializer,
    TokenSerializer,
)
from .base import AuthenticatedRequest, errors, query_data


class LoginLockedOut(Throttled):
    """A locked-out attempt (django-axes, roles.login_throttling): 429 in the error format, with
    Retry-After the time its locks still hold; the right password does not help until then."""

    default_code = "throttled"

    def __init__(self, request: Request) -> None:
        credentials = getattr(request, "axes_credentials", None)
        seconds = login_throttling.seconds_left(request, credentials)
        # The message already names the time left; DRF would append its own sentence for ``wait``.
        super().__init__(detail=login_throttling.lockout_message(seconds))
        self.wait = seconds


class SecondFactorMissing(APIException):
    """401 without an authentication scheme (DRF would turn its NotAuthenticated into 403)."""

    status_code = 401
    default_code = "otp_required"


class SecondFactorInvalid(APIException):
    status_code = 401
    default_code = "otp_invalid"


def second_factor_pass(request: Request, user: User) -> None:
    """The second factor of an official under PERMITS_REQUIRE_2FA, given as ``otp`` beside the
    password (roles.second_factor); raises the door's refusal unless it passed or is not
    needed. A wrong code counts as a failed login."""
    data = request.data if isinstance(request.data, Mapping) else {}
    outcome = factor.check(request, user, data.get("otp"))
    if outcome is factor.Check.LOCKED:
        raise LoginLockedOut(request)
    if outcome is factor.Check.REQUIRED:
        raise SecondFactorMissing(MSG_OTP_REQUIRED)
    if outcome is factor.Check.NOT_ENROLLED:
        raise SecondFactorMissing(MSG_OTP_NOT_ENROLLED)
    if outcome is factor.Check.INVALID:
        raise SecondFactorInvalid(MSG_OTP_INVALID)


def issue_token(request: Request, user: User, *, rotate: bool = False) -> Response:
    """A new API token for ``user``, whose credentials (and any second factor) were checked:
    200 ``{"token", "expires_at"}``; ``rotate`` revokes their other tokens."""
    issued = api_tokens.api_token_issue(user=user, client_ip=client_ip(request), rotate=rotate)
    return Response(TokenSerializer(issued).data)


class TokenView(ObtainAuthToken):
    """POST: credentials go through ``authenticate(request=...)`` (AuthTokenSerializer passes
    the request), so django-axes counts failures and refuses locked-out accounts here as on the
    web and admin login pages; a success is recorded as theirs are (the address becomes
    familiar to the account, roles.login_throttling), then a token is issued. DELETE: the
    token the request carries is revoked."""

    parser_classes = [JSONParser, FormParser, MultiPartParser]  # ObtainAuthToken sets DRF's own
    serializer_class = TokenRequestSerializer
    throttle_classes = []

    def get_authenticators(self) -> list[BaseAuthentication]:
        # Signing in reads no credentials but the body's; revoking, only a token.
        if getattr(self.request, "method", None) == "DELETE":
            return [ExpiringTokenAuthentication()]
        return []

    def get_permissions(self) -> list[BasePermission]:
        deleting = getattr(self.request, "method", None) == "DELETE"
        return [IsAuthenticated()] if deleting else [AllowAny()]

    @extend_schema(
        operation_id="auth_token_create",
        request=TokenRequestSerializer,
        responses={200: TokenSerializer, **errors(400, 401, 409, 429)},
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        try:
            serializer.is_valid(raise_exception=True)
        except ValidationError:
            if getattr(request, "axes_locked_out", False):
                raise LoginLockedOut(request) from None
            raise
        user = serializer.validated_data["user"]
        second_factor_pass(request, user)
        login_throttling.remember_login(request, user)
        # DRF sends no user_logged_in: the sign-in goes on the chain here (issue 47 item 4).
        api_sign_in_record(request, user)
        return issue_token(request, user, rotate=serializer.validated_data["rotate"])

    @extend_schema(
        operation_id="auth_token_revoke", request=None, responses={204: None, **errors(401)}
    )
    def delete(self, request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> Response:
        assert isinstance(request.auth, AuthToken)  # the only authenticator here
        api_tokens.api_token_revoke(
            token=request.auth, by=request.user, client_ip=client_ip(request)
        )
        return Response(status=204)


class TokenListView(APIView):
    @extend_schema(
        parameters=[TokenListQuerySerializer],
        responses={200: ApiTokenSerializer(many=True), **errors(400, 401, 403)},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        everyone = query_data(TokenListQuerySerializer, request)["everyone"]
        tokens = api_tokens.tokens_visible_to(request.user, everyone=everyone)
        return Response(ApiTokenSerializer(tokens, many=True).data)


class TokenDetailView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("handle", str, OpenApiParameter.PATH)],
        responses={204: None, **errors(401, 404)},
    )
    def delete(self, request: AuthenticatedRequest, handle: str) -> Response:
        token = api_tokens.token_for(request.user, handle)
        api_tokens.api_token_revoke(token=token, by=request.user, client_ip=client_ip(request))
        return Response(status=204)


class MeView(APIView):
    @extend_schema(responses={200: MeSerializer, **errors(401)})
    def get(self, request: AuthenticatedRequest) -> Response:
        return Response(MeSerializer(request.user).data)
