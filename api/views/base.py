"""What the API's views share: the error answers of the schema, the parsing of a query or a
body, the caller as the services take it, the role gates, the negotiation of the views that
write their own body, and the application of the URL with its record. Each view parses, calls
one service or selector, and serializes; who may see or do what is asked of ``permits.access``
(through the services and the gates), never decided here."""

from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar, Protocol, TypedDict

from django.contrib.auth.models import User
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import BasePermission
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer
from rest_framework.views import APIView

from permits import access
from permits.access import AnyUser
from permits.models import Application
from permits.readmemo import read_once
from permits.selectors import client_ip

from ..parsers import FormParser, JSONParser, MultiPartParser
from ..serializers.applications import APPLICATION_SCHEMA, application_serializer_for
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


class ApplicationRowsView(VisibleApplicationMixin, APIView):
    # A list on the application of the URL, a GET, in one page: the ``rows`` of it the caller
    # reads, written by ``rows_class``. Its schema is written from the same attribute. No
    # docstring: the schema would describe every subclass with it.

    rows_class: ClassVar[type[Serializer[Any]]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        responses = {200: cls.rows_class(many=True), **errors(401, 404)}
        extend_schema_view(get=extend_schema(responses=responses))(cls)

    def get(self, request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> Response:
        rows = self.rows(request.user, self.application())
        return Response(self.rows_class(rows, many=True).data)

    def rows(self, user: User, application: Application) -> Iterable[Any]:
        raise NotImplementedError


# The parsers of an act whose body is JSON, or multipart with its files.
UPLOAD_PARSERS = [JSONParser, MultiPartParser, FormParser]
ACT_CODES = (400, 401, 403, 404, 409)
# An act with files: the body too large (413) or a file of a type refused (415).
UPLOAD_CODES = (*ACT_CODES, 413, 415)


class ActView(APIView):
    # One act, a POST: its body, validated by ``body_class`` (when it has one), goes with the
    # caller to the one service ``act``, the URL's id as its ``target`` keyword; what the
    # service returns is read again by ``read`` (when the answer needs its relations) and
    # answered as ``answer_class`` writes it (with ``answer_status``; no body when it is
    # None). A subclass names them; its schema is written from the same attributes
    # (``json_body_class``: the body as JSON, when multipart adds files; ``body_media_type``
    # when the schema lists one media type only; ``codes`` its error answers). No docstring:
    # the schema would describe every subclass with it.

    body_class: ClassVar[type[Serializer[Any]] | None] = None
    json_body_class: ClassVar[type[Serializer[Any]] | None] = None
    body_media_type: ClassVar[str | None] = None
    act: ClassVar[Callable[..., Any]]
    target: ClassVar[str | None] = None
    read: ClassVar[Callable[..., Any] | None] = None
    answer_class: ClassVar[Any] = None
    answer_status: ClassVar[int] = 200
    codes: ClassVar[tuple[int, ...]] = ACT_CODES

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        codes = cls.codes if cls.body_class else tuple(c for c in cls.codes if c != 400)
        responses = {cls.answer_status: cls.answer_class, **errors(*codes)}
        request: Any = cls.body_class
        if cls.body_media_type is not None:  # the only one the schema lists
            request = {cls.body_media_type: cls.body_class}
        if cls.json_body_class is not None:  # the same body without its files
            request = {"application/json": cls.json_body_class, "multipart/form-data": request}
        extend_schema_view(post=extend_schema(request=request, responses=responses))(cls)

    def acted_on(self) -> dict[str, Any]:
        """The service's keyword naming what the URL names."""
        return {} if self.target is None else {self.target: self.kwargs["pk"]}

    def post(self, request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> Response:
        acted_on = self.acted_on()
        body = {} if self.body_class is None else body_data(self.body_class, request)
        done = self.act(**acted_on, **body, **acting(request))
        if self.answer_class is None:
            return Response(status=self.answer_status)
        return Response(self.answer_data(done, request), status=self.answer_status)

    def answer_data(self, done: Any, request: Request) -> Any:
        row = done if self.read is None else self.read(done)
        return self.answer_class(row, context={"request": request}).data


class UploadActView(ActView):
    # An act whose body may carry files: JSON, or multipart with its files (``UPLOAD_PARSERS``),
    # and the answers of a body too large or a file refused (``UPLOAD_CODES``). No docstring:
    # see ``ActView``.

    parser_classes = UPLOAD_PARSERS
    codes = UPLOAD_CODES


def reread(rows_of: Callable[[Application], QuerySet[Any]]) -> Callable[[Any], Any]:
    """For ``ActView.read``: the row a service returned, read again as ``rows_of`` its
    application reads it (the record's reads)."""

    def read(row: Any) -> Any:
        return rows_of(row.application).get(pk=row.pk)

    return read


class ApplicationActView(VisibleApplicationMixin, ActView):
    # An act on the application of the URL, which the service takes as it is visible to the
    # caller (404 before the body is read). No docstring: see ``ActView``.

    def acted_on(self) -> dict[str, Any]:
        return {"application": self.application()}


class ApplicationAnswerMixin(ActView):
    # An act that answers with the application's full record. No docstring: see ``ActView``.

    answer_class = APPLICATION_SCHEMA

    def answer_data(self, done: Any, request: Request) -> Any:
        return application_data(done, request)


class QueryView(APIView):
    # A read, a GET: the query string as ``query_class`` validates it goes with the caller to
    # ``answer``, whose result ``answer_class`` writes. Its schema is written from the same
    # attributes. No docstring: the schema would describe every subclass with it.

    query_class: ClassVar[type[Serializer[Any]]]
    answer_class: ClassVar[type[Serializer[Any]]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if hasattr(cls, "answer_class"):  # an abstract subclass names none
            responses = {200: cls.answer_class, **errors(400, 401, 403)}
            schema = extend_schema(parameters=[cls.query_class], responses=responses)
            extend_schema_view(get=schema)(cls)

    def get(self, request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> Response:
        answer = self.answer(request.user, query_data(self.query_class, request))
        return Response(self.answer_class(answer).data)

    def answer(self, user: User, query: dict[str, Any]) -> Any:
        raise NotImplementedError


def filtered(rows: QuerySet[Any], query: dict[str, Any], *fields: str) -> QuerySet[Any]:
    """``rows`` with each of ``fields`` the query gives; an empty filter filters nothing."""
    given = {field: query[field] for field in fields if query.get(field)}
    return rows.filter(**given) if given else rows


class ListView(generics.ListAPIView[Any]):
    # A list, a GET: the ``rows`` the caller sees, given the query string as ``query_class``
    # validates it (when it has one), a page of them written by ``serializer_class``. Its
    # schema is written from the same attributes (``codes`` its error answers). No docstring:
    # the schema would describe every subclass with it.

    serializer_class: type[Serializer[Any]]  # every list names it
    query_class: ClassVar[type[Serializer[Any]] | None] = None
    codes: ClassVar[tuple[int, ...]] = (400, 401)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        codes = cls.codes if cls.query_class else tuple(c for c in cls.codes if c != 400)
        parameters = None if cls.query_class is None else [cls.query_class]
        responses = {200: cls.serializer_class(many=True), **errors(*codes)}
        extend_schema_view(get=extend_schema(parameters=parameters, responses=responses))(cls)

    def get_queryset(self) -> QuerySet[Any]:
        query = {} if self.query_class is None else query_data(self.query_class, self.request)
        return self.rows(self.request.user, query)

    def rows(self, user: AnyUser, query: dict[str, Any]) -> QuerySet[Any]:
        raise NotImplementedError
