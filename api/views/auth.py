"""``auth/token/`` and ``me/``: the token door (django-axes counts its failures) and the caller."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from roles import login_throttling

from ..parsers import FormParser, JSONParser, MultiPartParser
from ..serializers.auth import MeSerializer, TokenSerializer
from .base import AuthenticatedRequest, errors


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


class TokenView(ObtainAuthToken):
    """Credentials go through ``authenticate(request=...)`` (AuthTokenSerializer passes the
    request), so django-axes counts failures and refuses locked-out accounts here as on the web
    and admin login pages; a success is recorded as theirs are (the address becomes familiar to
    the account, roles.login_throttling)."""

    authentication_classes = []
    parser_classes = [JSONParser, FormParser, MultiPartParser]  # ObtainAuthToken sets DRF's own
    throttle_classes = []

    @extend_schema(
        operation_id="auth_token_create",
        request=AuthTokenSerializer,
        responses={200: TokenSerializer, **errors(400, 429)},
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
        login_throttling.remember_login(request, user)
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class MeView(APIView):
    @extend_schema(responses={200: MeSerializer, **errors(401)})
    def get(self, request: AuthenticatedRequest) -> Response:
        return Response(MeSerializer(request.user).data)
