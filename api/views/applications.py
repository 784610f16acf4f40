"""``applications/``: the list, one record, and what moves it (submit, withdraw, revoke); its
site from a file; its history."""

from typing import Any, cast

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.models import AuditEvent
from licensing.revocation import permit_revoke, permit_withdraw
from permits import access, services
from permits.models import Application
from permits.readmemo import read_once
from permits.selectors import application_history
from workflows import services as task_services
from workflows.clock import clocks_none_yet

from ..filters import ApplicationFilter
from ..parsers import FormParser, MultiPartParser
from ..serializers.applications import (
    APPLICATION_SCHEMA,
    KindSerializer,
    ReasonSerializer,
    SiteUploadSerializer,
    SubmitSerializer,
    application_serializer_for,
)
from ..serializers.audit import AuditEventSerializer
from ..serializers.base import ApplicationSummarySerializer
from ..serializers.licensing import PermitWithdrawSerializer, RevokeSerializer
from .base import (
    ApplicationActView,
    ApplicationAnswerMixin,
    ApplicationRowsView,
    AuthenticatedRequest,
    VisibleApplicationMixin,
    acting,
    application_data,
    body_data,
    errors,
)


class ApplicationListView(generics.ListCreateAPIView[Application]):
    serializer_class = ApplicationSummarySerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ApplicationFilter

    def get_queryset(self) -> QuerySet[Application]:
        return access.applications_visible_to(self.request.user).order_by("-created", "-pk")

    @extend_schema(responses={200: ApplicationSummarySerializer(many=True), **errors(400, 401)})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=APPLICATION_SCHEMA,
        responses={201: APPLICATION_SCHEMA, **errors(400, 401, 403)},
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        kind = body_data(KindSerializer, request)["kind"]
        serializer = application_serializer_for(kind)(data=request.data)
        serializer.is_valid(raise_exception=True)
        # The record reuses the creation's reads (the applicant's organisation, the screening
        # it stored), as a submission's and a decision's do.
        with read_once(task_services.DECISION_READS):
            application = services.application_create(
                # IsAuthenticated (the API's default permission) let only a signed-in user in.
                kind=kind,
                data=serializer.service_data(),
                **acting(cast(AuthenticatedRequest, request)),
            )
            clocks_none_yet(application)
            return Response(application_data(application, request), status=status.HTTP_201_CREATED)


class ApplicationDetailView(VisibleApplicationMixin, APIView):
    http_method_names = ["get", "patch", "head", "options"]

    @extend_schema(responses={200: APPLICATION_SCHEMA, **errors(401, 404)})
    def get(self, request: AuthenticatedRequest, pk: int) -> Response:
        return Response(application_data(self.application_detail(), request))

    @extend_schema(
        request=APPLICATION_SCHEMA,
        responses={200: APPLICATION_SCHEMA, **errors(400, 401, 403, 404, 409)},
    )
    def patch(self, request: AuthenticatedRequest, pk: int) -> Response:
        application = self.application_detail()
        serializer_class = application_serializer_for(application.kind)
        serializer = serializer_class(application, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        with read_once(task_services.DECISION_READS):  # as the creation's
            application = services.application_update(
                application=application, data=serializer.service_data(), **acting(request)
            )
            return Response(application_data(application, request))


class ApplicationSiteView(VisibleApplicationMixin, APIView):
    """The site from a file: GeoJSON, KML or a zipped shapefile with its ``.prj``."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": SiteUploadSerializer},
        responses={200: APPLICATION_SCHEMA, **errors(400, 401, 403, 404, 409, 413)},
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        application = self.application_detail()
        body = body_data(SiteUploadSerializer, request)
        updated = services.application_site_upload(
            application=application, upload=body["file"], **acting(request)
        )
        return Response(application_data(updated, request))


class ApplicationActionView(ApplicationAnswerMixin, ApplicationActView):
    """A POST that moves the application; answers with the full record."""


class ApplicationSubmitView(ApplicationActionView):
    body_class = SubmitSerializer
    act = staticmethod(task_services.application_submit)

    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        # The record reuses the submission's reads of the attachments, the screening and the
        # applicant's permissions on the application.
        with read_once(task_services.TASK_DECISION_READS):
            return super().post(request, pk)


class ReasonActionView(ApplicationActionView):
    """Withdraw: a ``reason`` and one service call."""

    body_class = ReasonSerializer


class ApplicationWithdrawView(ReasonActionView):
    act = staticmethod(task_services.application_withdraw)


class ApplicationRevokeView(ApplicationActionView):
    """Revocation on a ground of art. 69 the holder was heard on (product.md §18 B7)."""

    body_class = RevokeSerializer
    act = staticmethod(permit_revoke)


class ApplicationWithdrawPermitView(ApplicationActionView):
    """Withdrawal (撤回, art. 8(2)) on the ground the holder was heard on (product.md §18 B8)."""

    body_class = PermitWithdrawSerializer
    act = staticmethod(permit_withdraw)


class ApplicationHistoryView(ApplicationRowsView):
    rows_class = AuditEventSerializer

    def rows(self, user: User, application: Application) -> list[AuditEvent]:
        return application_history(user, application)
