"""``audit/``: the trail (JSON or CSV), its verification, the signed checkpoints and their
proofs, and the per-official report (离任审计). Auditors only, but the public keys."""

from collections.abc import Callable
from typing import Any, ClassVar

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from audit import checkpoints
from audit.export import Form, audit_csv_rows
from audit.models import AuditCheckpoint, AuditEvent, AuditSigningKey
from audit.trail import audit_verify
from core.csvexport import csv_download
from core.files import as_download
from core.messages import MSG_AUDITORS_ONLY
from permits import access
from permits.selectors import audit_events_of_person, audit_events_visible_to
from workflows.audit_report_documents import report_csv_rows, report_pdf
from workflows.audit_reports import official_report

from ..filters import AuditEventFilter
from ..serializers.audit import (
    AuditEventSerializer,
    AuditEventsQuerySerializer,
    AuditVerifySerializer,
    CheckpointSerializer,
    ConsistencyQuerySerializer,
    ConsistencySerializer,
    OfficialReportQuerySerializer,
    OfficialReportSerializer,
    ProofQuerySerializer,
    ProofSerializer,
    PublicKeySerializer,
)
from .base import AccessGate, AuthenticatedRequest, OwnBodyView, QueryView, errors, query_data


class IsAuditor(AccessGate):
    message = MSG_AUDITORS_ONLY
    allows = staticmethod(access.is_auditor)


class ReadsAuditTrail(AccessGate):
    """An auditor, or a reader of every person's identity events (the audit administrator)."""

    message = MSG_AUDITORS_ONLY
    allows = staticmethod(access.reads_audit_trail)


class AuditEventListView(OwnBodyView, generics.ListAPIView[AuditEvent]):
    serializer_class = AuditEventSerializer
    permission_classes = [IsAuthenticated, ReadsAuditTrail]
    csv_name = "audit-events.csv"
    filter_backends = [DjangoFilterBackend]
    filterset_class = AuditEventFilter

    def get_queryset(self) -> QuerySet[AuditEvent]:
        # The acting body of a holder's act reads the application's organisation.
        return audit_events_visible_to(self.request.user).select_related(
            "application__organisation"
        )

    @extend_schema(
        parameters=[AuditEventsQuerySerializer],
        responses={
            (200, "application/json"): AuditEventSerializer(many=True),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR),
            **errors(400, 401, 403),
        },
    )
    # The CSV streams: DRF answers whatever response a handler returns; the stub says Response.
    def get(  # type: ignore[override]
        self, request: Request, *args: Any, **kwargs: Any
    ) -> Response | StreamingHttpResponse:
        # An unknown format is refused, not answered as JSON the caller did not ask for.
        query = query_data(AuditEventsQuerySerializer, request)
        if query["format"] == "csv":
            events = self.filter_queryset(self.get_queryset())
            return self.csv(events, query["columns"])
        return super().get(request, *args, **kwargs)

    def csv(self, events: QuerySet[AuditEvent], form: Form) -> StreamingHttpResponse:
        """The audit CSV the workspace writes too (``audit.export``)."""
        return csv_download(audit_csv_rows(events, form), self.csv_name)


class PersonEventListView(AuditEventListView):
    """The case of a person (离任审计): every event where the person is the actor or the
    subject (sign-ins, role changes, acts), oldest first, filtered and exported as the events
    list is; 404 for a person outside the reader's jurisdiction (identity readers: anyone)."""

    def get_queryset(self) -> QuerySet[AuditEvent]:
        if getattr(self, "swagger_fake_view", False):  # the schema, written with no person
            return AuditEvent.objects.none()
        username = self.kwargs["username"]
        self.csv_name = f"audit-person-{username}.csv"
        return audit_events_of_person(self.request.user, username).select_related(
            "application__organisation"
        )

    @extend_schema(
        operation_id="audit_people_events",
        parameters=[AuditEventsQuerySerializer],
        responses={
            (200, "application/json"): AuditEventSerializer(many=True),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR),
            **errors(400, 401, 403, 404),
        },
    )
    def get(  # type: ignore[override]
        self, request: Request, *args: Any, **kwargs: Any
    ) -> Response | StreamingHttpResponse:
        return super().get(request, *args, **kwargs)


class AuditVerifyView(APIView):
    permission_classes = [IsAuthenticated, ReadsAuditTrail]

    @extend_schema(responses={200: AuditVerifySerializer, **errors(401, 403)})
    def get(self, request: AuthenticatedRequest) -> Response:
        return Response(AuditVerifySerializer(audit_verify()).data)


class AuditPublicKeyListView(generics.ListAPIView[AuditSigningKey]):
    """The keys that sign checkpoints, the retired ones too (no login: anyone may verify)."""

    permission_classes = [AllowAny]
    authentication_classes = []
    pagination_class = None
    serializer_class = PublicKeySerializer

    def get_queryset(self) -> QuerySet[AuditSigningKey]:
        return checkpoints.public_keys()


@extend_schema_view(
    get=extend_schema(responses={200: CheckpointSerializer(many=True), **errors(401, 403)})
)
class AuditCheckpointListView(generics.ListAPIView[AuditCheckpoint]):
    """Signed tree heads, newest first."""

    permission_classes = [IsAuthenticated, IsAuditor]
    serializer_class = CheckpointSerializer

    def get_queryset(self) -> QuerySet[AuditCheckpoint]:
        return checkpoints.checkpoints_published()


@extend_schema_view(
    get=extend_schema(responses={200: CheckpointSerializer, **errors(401, 403, 404)})
)
class AuditCheckpointLatestView(generics.RetrieveAPIView[AuditCheckpoint]):
    """The newest signed tree head, with its algorithms (404 while none is signed)."""

    permission_classes = [IsAuthenticated, IsAuditor]
    serializer_class = CheckpointSerializer

    def get_object(self) -> AuditCheckpoint:
        newest = checkpoints.checkpoints_published().first()
        if newest is None:
            raise NotFound
        return newest


class AuditTreeProofView(QueryView):
    # A proof about the Merkle tree of the events (RFC 6962): the query's sizes in, one
    # ``audit.checkpoints`` function, its proof out. A subclass names the three; its schema
    # is written from them. No docstring: the schema would describe every subclass with it.

    permission_classes = [IsAuthenticated, IsAuditor]
    prove: ClassVar[Callable[..., object]]

    def answer(self, user: User, query: dict[str, Any]) -> object:
        return self.prove(**query)


class AuditProofView(AuditTreeProofView):
    query_class = ProofQuerySerializer
    answer_class = ProofSerializer
    prove = staticmethod(checkpoints.audit_proof)


class AuditConsistencyView(AuditTreeProofView):
    """RFC 6962 consistency proof between two tree sizes (issue 26 item 22)."""

    query_class = ConsistencyQuerySerializer
    answer_class = ConsistencySerializer
    prove = staticmethod(checkpoints.audit_consistency)


class OfficialReportView(OwnBodyView):
    """离任审计: one official's decisions over a period (auditors of the official's
    jurisdiction; anyone else's official is 404)."""

    permission_classes = [IsAuthenticated, IsAuditor]

    @extend_schema(
        parameters=[OfficialReportQuerySerializer],
        responses={
            (200, "application/json"): OfficialReportSerializer,
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR),
            (200, "application/pdf"): OpenApiTypes.BINARY,
            **errors(400, 401, 403, 404),
        },
    )
    def get(
        self, request: AuthenticatedRequest, username: str
    ) -> Response | StreamingHttpResponse | HttpResponse:
        wanted = query_data(OfficialReportQuerySerializer, request)
        report = official_report(
            auditor=request.user, username=username, since=wanted["since"], until=wanted["until"]
        )
        name = f"report-{report.official.get_username()}"
        if wanted["format"] == "csv":
            return csv_download(report_csv_rows(report, wanted["columns"]), f"{name}.csv")
        if wanted["format"] == "pdf":
            pdf = HttpResponse(report_pdf(report), content_type="application/pdf")
            return as_download(pdf, f"{name}.pdf")
        return Response(OfficialReportSerializer(report).data)
