"""What the API's views share: the error answers of the schema, the parsing of a query or a
body, the caller as the services take it, the role gates, the negotiation of the views that
write their own body, and the application of the URL with its record. Each view parses, calls
one service or selector, and serializes; who may see or do what is asked of ``permits.access``
(through the services and the gates), never decided here."""

from collections.abc import Sequence
from typing import Any, ClassVar, Protocol, TypedDict

from django.contrib.auth.models import User
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import BasePermission
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.serializers import Serializer
from rest_framework.views import APIView

from permits import access
from permits.access import AnyUser
from permits.models import Application
from permits.readmemo import read_once
from permits.selectors import client_ip

from ..serializers.applications import application_serializer_for
from ..serializers.base import ErrorSerializer


class AuthenticatedRequest(Request):
    """The request of a view behind ``IsAuthenticated`` (the API's default permission): its user
    is signed in, a ``User``, not ``AnonymousUser``. A type for the views' annotations only
    (django-stubs' recipe for ``login_required``); DRF builds the requests."""

    user: User


def errors(*codes: int) -> dict[int, type[ErrorSerializer]]:
    """Schema entries for the error answers of an operation (one body shape for all)."""
    return dict.fromkeys(codes, ErrorSerializer)


def _validated(serializer_class: type[Serializer[Any]], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def query_data(serializer_class: type[Serializer[Any]], request: Request) -> dict[str, Any]:
    """The query string as ``serializer_class`` validates it (400 if it does not)."""
    return _validated(serializer_class, request.query_params)


def body_data(serializer_class: type[Serializer[Any]], request: Request) -> dict[str, Any]:
    """The body as ``serializer_class`` validates it (400 if it does not)."""
    return _validated(serializer_class, request.data)


class Acting(TypedDict):
    by: User
    client_ip: str | None


def acting(request: AuthenticatedRequest) -> Acting:
    """The keyword arguments every service takes of the person acting: who, and from which
    address (the audit trail records both)."""
    return {"by": request.user, "client_ip": client_ip(request)}


class UserCheck(Protocol):
    def __call__(self, user: AnyUser, /) -> bool: ...


class AccessGate(BasePermission):
    """A role gate of ``permits.access`` in front of a view: ``allows`` the caller, or refuses
    with ``message``."""

    allows: ClassVar[UserCheck]

    def has_permission(self, request: Request, view: APIView) -> bool:
        return self.allows(request.user)


class OwnBodyNegotiation(DefaultContentNegotiation):
    """For views that write their own body (PDF, CSV): whatever ``Accept`` or ``?format=``
    asks for, the negotiated renderer is JSON, which is only used for error answers."""

    # DRF passes the view's list (``APIView.get_renderers``); the stub says any iterable.
    def select_renderer(  # type: ignore[override]
        self,
        request: Request,
        renderers: Sequence[BaseRenderer],
        format_suffix: str | None = None,
    ) -> tuple[BaseRenderer, str]:
        return renderers[0], renderers[0].media_type


class OwnBodyView(APIView):
    # A view that writes its own body (a file, a CSV): JSON is only for its error answers. No
    # docstring: the schema would describe every subclass with it.

    renderer_classes = [JSONRenderer]
    content_negotiation_class = OwnBodyNegotiation


def application_data(application: Application, request: Request) -> dict[str, Any]:
    """The record, built after the service committed: its repeated reads made once."""
    serializer_class = application_serializer_for(application.kind)
    with read_once():
        return serializer_class(application, context={"request": request}).data


class VisibleApplicationMixin(APIView):
    """The application of the URL, or 404 whether it does not exist or is not the user's."""

    def application(self) -> Application:
        """The shared row: enough for a view that reads no field of the type, and for a
        service, which re-reads the application under its lock."""
        return access.application_get_visible(self.request.user, self.kwargs["pk"])

    def application_detail(self) -> Application:
        """The type's row (TendingDesign, …), with every field: for the record."""
        return self.application().detail
