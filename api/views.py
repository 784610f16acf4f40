"""REST endpoints of api.md. Each view parses, calls one service or selector, and serializes;
who may see or do what is asked of ``permits.access`` (through the services), never decided here."""

from typing import ClassVar, Protocol

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import NotFound, Throttled, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from audit import checkpoints
from audit.export import audit_csv_rows
from audit.trail import audit_verify
from core.csvexport import csv_lines
from documents.casefile import case_file_response
from documents.rendering import document_rendered
from documents.selectors import application_document, application_documents
from permits import access, services, uploads
from permits.models import Application
from permits.readmemo import read_once
from permits.selectors import (
    application_history,
    audit_events_visible_to,
    client_ip,
    reports_of,
    reports_overdue_for,
)
from roles import login_throttling
from workflows import people
from workflows import selectors as task_selectors
from workflows import services as task_services
from workflows.audit_report_documents import report_csv_rows, report_pdf
from workflows.audit_reports import official_report
from workflows.selectors import certificate_verification
from workflows.stats import Period, agency_stats

from . import serializers as s
from .filters import ApplicationFilter, AuditEventFilter
from .parsers import FormParser, JSONParser, MultiPartParser

MSG_AUDITORS_ONLY = _("Only auditors can read the audit trail.")
MSG_NO_DOCUMENT = _("There is no decision document for this application.")
MSG_REVIEWERS_ONLY = _("Only reviewers, approvers and heads of agencies can list overdue reports.")
MSG_OFFICIALS_ONLY = _("Only agency officials can read agency statistics.")


def errors(*codes: int) -> dict:
    """Schema entries for the error answers of an operation (one body shape for all)."""
    return dict.fromkeys(codes, s.ErrorSerializer)


class IsAuditor(BasePermission):
    message = MSG_AUDITORS_ONLY

    def has_permission(self, request, view):
        return access.is_auditor(request.user)


class ReviewsOrHeads(BasePermission):
    """As the overdue reports page (``web.home.may_use_tasks``)."""

    message = MSG_REVIEWERS_ONLY

    def has_permission(self, request, view):
        return access.reviews_or_heads(request.user)


class IsOfficial(BasePermission):
    message = MSG_OFFICIALS_ONLY

    def has_permission(self, request, view):
        return access.is_official(request.user)


class OwnBodyNegotiation(DefaultContentNegotiation):
    """For views that write their own body (PDF, CSV): whatever ``Accept`` or ``?format=``
    asks for, the negotiated renderer is JSON, which is only used for error answers."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


# ---- authentication ------------------------------------------------------------------------


class LoginLockedOut(Throttled):
    """A locked-out attempt (django-axes, roles.login_throttling): 429 in the error format, with
    Retry-After the time its locks still hold; the right password does not help until then."""

    default_code = "throttled"

    def __init__(self, request) -> None:
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
        responses={200: s.TokenSerializer, **errors(400, 429)},
    )
    def post(self, request, *args, **kwargs):
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
    @extend_schema(responses={200: s.MeSerializer, **errors(401)})
    def get(self, request):
        return Response(s.MeSerializer(request.user).data)


# ---- applications --------------------------------------------------------------------------


def application_data(application, request) -> dict:
    """The record, built after the service committed: its repeated reads made once."""
    serializer_class = s.application_serializer_for(application.kind)
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


class ApplicationListView(generics.ListCreateAPIView):
    serializer_class = s.ApplicationSummarySerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ApplicationFilter

    def get_queryset(self):
        return access.applications_visible_to(self.request.user).order_by("-created", "-pk")

    @extend_schema(responses={200: s.ApplicationSummarySerializer(many=True), **errors(400, 401)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=s.APPLICATION_SCHEMA,
        responses={201: s.APPLICATION_SCHEMA, **errors(400, 401, 403)},
    )
    def post(self, request, *args, **kwargs):
        kind = s.KindSerializer(data=request.data)
        kind.is_valid(raise_exception=True)
        kind = kind.validated_data["kind"]
        serializer = s.application_serializer_for(kind)(data=request.data)
        serializer.is_valid(raise_exception=True)
        # The record reuses the creation's reads (the applicant's organisation, the screening
        # it stored), as a submission's and a decision's do.
        with read_once(task_services.DECISION_READS):
            application = services.application_create(
                by=request.user,
                kind=kind,
                data=serializer.service_data(),
                client_ip=client_ip(request),
            )
            return Response(application_data(application, request), status=status.HTTP_201_CREATED)


class ApplicationDetailView(VisibleApplicationMixin, APIView):
    http_method_names = ["get", "patch", "head", "options"]

    @extend_schema(responses={200: s.APPLICATION_SCHEMA, **errors(401, 404)})
    def get(self, request, pk):
        return Response(application_data(self.application_detail(), request))

    @extend_schema(
        request=s.APPLICATION_SCHEMA,
        responses={200: s.APPLICATION_SCHEMA, **errors(400, 401, 403, 404, 409)},
    )
    def patch(self, request, pk):
        application = self.application_detail()
        serializer_class = s.application_serializer_for(application.kind)
        serializer = serializer_class(application, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        with read_once(task_services.DECISION_READS):  # as the creation's
            application = services.application_update(
                application=application,
                by=request.user,
                data=serializer.service_data(),
                client_ip=client_ip(request),
            )
            return Response(application_data(application, request))


class AttachmentListView(VisibleApplicationMixin, APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses={200: s.AttachmentSerializer(many=True), **errors(401, 404)})
    def get(self, request, pk):
        attachments = self.application().attachments.all()
        return Response(s.AttachmentSerializer(attachments, many=True).data)

    @extend_schema(
        request={"multipart/form-data": s.AttachmentSerializer},
        responses={201: s.AttachmentSerializer, **errors(400, 401, 403, 404, 409, 413, 415)},
    )
    def post(self, request, pk):
        application = self.application()
        serializer = s.AttachmentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        attachment = services.attachment_add(
            application=application,
            by=request.user,
            kind=serializer.validated_data["kind"],
            upload=serializer.validated_data["file"],
            client_ip=client_ip(request),
        )
        return Response(s.AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)


class ApplicationSiteView(VisibleApplicationMixin, APIView):
    """The site from a file: GeoJSON, KML or a zipped shapefile with its ``.prj``."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": s.SiteUploadSerializer},
        responses={200: s.APPLICATION_SCHEMA, **errors(400, 401, 403, 404, 409, 413)},
    )
    def post(self, request, pk):
        application = self.application_detail()
        serializer = s.SiteUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        updated = services.application_site_upload(
            application=application,
            by=request.user,
            upload=serializer.validated_data["file"],
            client_ip=client_ip(request),
        )
        return Response(application_data(updated, request))


class AttachmentDownloadView(VisibleApplicationMixin, APIView):
    renderer_classes = [JSONRenderer]
    content_negotiation_class = OwnBodyNegotiation

    @extend_schema(
        responses={
            # The type the content was found to be on upload (permits.uploads).
            **{(200, kind): OpenApiTypes.BINARY for kind in uploads.EXTENSIONS},
            **errors(401, 404),
        }
    )
    def get(self, request, pk, attachment_id):
        attachment = get_object_or_404(self.application().attachments, pk=attachment_id)
        return FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.name,
            content_type=attachment.content_type,
        )


class ApplicationActionView(VisibleApplicationMixin, APIView):
    """A POST that moves the application; answers with the full record."""

    def post(self, request, pk):
        application = self.perform(self.application(), request)
        return Response(application_data(application, request))

    def perform(self, application, request):
        raise NotImplementedError


class ApplicationSubmitView(ApplicationActionView):
    @extend_schema(
        request=s.SubmitSerializer,
        responses={200: s.APPLICATION_SCHEMA, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request, pk):
        # The record reuses the submission's reads of the attachments and the screening.
        with read_once(task_services.DECISION_READS):
            return super().post(request, pk)

    def perform(self, application, request):
        body = s.SubmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return task_services.application_submit(
            application=application,
            by=request.user,
            note=body.validated_data["note"],
            client_ip=client_ip(request),
        )


class ReasonService(Protocol):
    def __call__(
        self, *, application: Application, by: User, reason: str, client_ip: str | None
    ) -> Application: ...


class ReasonActionView(ApplicationActionView):
    """Withdraw and revoke: a ``reason`` and one service call."""

    service: ClassVar[ReasonService]

    @extend_schema(
        request=s.ReasonSerializer,
        responses={200: s.APPLICATION_SCHEMA, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request, pk):
        return super().post(request, pk)

    def perform(self, application, request):
        body = s.ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self.service(
            application=application,
            by=request.user,
            reason=body.validated_data["reason"],
            client_ip=client_ip(request),
        )


class ApplicationWithdrawView(ReasonActionView):
    service = staticmethod(task_services.application_withdraw)


class ApplicationRevokeView(ReasonActionView):
    service = staticmethod(task_services.application_revoke)


class ApplicationHistoryView(VisibleApplicationMixin, APIView):
    @extend_schema(responses={200: s.AuditEventSerializer(many=True), **errors(401, 404)})
    def get(self, request, pk):
        application = self.application()
        events = application_history(request.user, application)
        return Response(s.AuditEventSerializer(events, many=True).data)


class CertificatePdfView(VisibleApplicationMixin, APIView):
    renderer_classes = [JSONRenderer]
    content_negotiation_class = OwnBodyNegotiation

    @extend_schema(
        summary="The decision document (approval, or 不予许可决定书 when rejected)",
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, **errors(401, 404)},
    )
    def get(self, request, pk):
        application = self.application()
        certificate = application_document(application)
        if certificate is None:
            raise NotFound(MSG_NO_DOCUMENT)
        return FileResponse(
            document_rendered(certificate).pdf.open("rb"),
            content_type="application/pdf",
            filename=f"{certificate.number}.pdf",
        )


class CaseFileView(VisibleApplicationMixin, APIView):
    renderer_classes = [JSONRenderer]
    content_negotiation_class = OwnBodyNegotiation

    @extend_schema(
        summary="The case file (案卷): record, files, documents, events with inclusion proofs",
        responses={(200, "application/zip"): OpenApiTypes.BINARY, **errors(401, 403, 404)},
    )
    def get(self, request, pk):
        application = self.application_detail()
        access.require(
            access.can_download_case_file(request.user, application),
            access.MSG_CASE_FILE_OFFICIALS,
        )
        return case_file_response(application)


class DocumentListView(VisibleApplicationMixin, APIView):
    @extend_schema(
        summary="Every document of the application (notices and decisions), oldest first",
        responses={200: s.DocumentSerializer(many=True), **errors(401, 404)},
    )
    def get(self, request, pk):
        documents = application_documents(self.application())
        return Response(
            s.DocumentSerializer(documents, many=True, context={"request": request}).data
        )


class DocumentPdfView(VisibleApplicationMixin, APIView):
    renderer_classes = [JSONRenderer]
    content_negotiation_class = OwnBodyNegotiation

    @extend_schema(
        summary="One document of the application as PDF",
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, **errors(401, 404)},
    )
    def get(self, request, pk, document_id):
        document = get_object_or_404(application_documents(self.application()), pk=document_id)
        return FileResponse(
            document_rendered(document).pdf.open("rb"),
            content_type="application/pdf",
            filename=f"{document.number}.pdf",
        )


# ---- reports after approval ----------------------------------------------------------------


class ApplicationReportListView(VisibleApplicationMixin, APIView):
    """The reports the permit holder owes after approval; the applicant organisation files them
    (JSON, or multipart with a ``file``)."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(responses={200: s.ReportSerializer(many=True), **errors(401, 404)})
    def get(self, request, pk):
        reports = reports_of(self.application()).select_related("filed_by", "attachment")
        return Response(s.ReportSerializer(reports, many=True).data)

    @extend_schema(
        request={
            "application/json": s.ReportFileJsonSerializer,
            "multipart/form-data": s.ReportFileSerializer,
        },
        responses={201: s.ReportSerializer, **errors(400, 401, 403, 404, 409, 413, 415)},
    )
    def post(self, request, pk):
        application = self.application()
        body = s.ReportFileSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        report = services.report_file(
            application=application,
            by=request.user,
            report_id=body.validated_data["report"],
            text=body.validated_data["text"],
            upload=body.validated_data.get("file"),
            client_ip=client_ip(request),
        )
        return Response(s.ReportSerializer(report).data, status=status.HTTP_201_CREATED)


class OverdueReportListView(generics.ListAPIView):
    """Unfiled reports past their due date, on the permits the caller's agencies decided."""

    serializer_class = s.OverdueReportSerializer
    permission_classes = [IsAuthenticated, ReviewsOrHeads]

    def get_queryset(self):
        return reports_overdue_for(self.request.user, timezone.localdate()).select_related(
            "application__district"
        )

    @extend_schema(responses={200: s.OverdueReportSerializer(many=True), **errors(401, 403)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


# ---- tasks ---------------------------------------------------------------------------------


class _CountedRows:
    """A page of the task list is read as rows (``TaskSerializer`` writes them), counted on
    the tasks alone: the rows' joins would make the count read every row of the queue."""

    def __init__(self, tasks: QuerySet, rows: QuerySet) -> None:
        self.tasks, self.rows, self.ordered = tasks, rows, tasks.ordered

    def count(self) -> int:
        return self.tasks.count()

    def __getitem__(self, key: slice) -> QuerySet:
        return self.rows[key]


class TaskListView(generics.ListAPIView):
    serializer_class = s.TaskSerializer

    def get_queryset(self):
        query = s.TaskQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        filters = dict(query.validated_data)
        tasks = task_selectors.tasks_for_user(user=self.request.user, queue=filters.pop("queue"))
        ordering = filters.pop("ordering", None)
        tasks = task_selectors.tasks_order(task_selectors.tasks_filter(tasks, **filters), ordering)
        return _CountedRows(tasks, tasks.values_list(*s.TASK_ROW_LOOKUPS))

    @extend_schema(
        parameters=[s.TaskQuerySerializer],
        responses={200: s.TaskSerializer(many=True), **errors(400, 401)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class TaskClaimView(APIView):
    @extend_schema(request=None, responses={200: s.TaskSerializer, **errors(401, 403, 404, 409)})
    def post(self, request, pk):
        task = task_services.task_claim(task_id=pk, by=request.user, client_ip=client_ip(request))
        return Response(s.TaskSerializer(task).data)


class TaskUnclaimView(APIView):
    @extend_schema(request=None, responses={200: s.TaskSerializer, **errors(401, 403, 404, 409)})
    def post(self, request, pk):
        task = task_services.task_unclaim(task_id=pk, by=request.user, client_ip=client_ip(request))
        return Response(s.TaskSerializer(task).data)


class TaskDecideView(APIView):
    @extend_schema(
        # A form could not carry a return's items (a list of objects): JSON is the contract.
        request={"application/json": s.DecisionSerializer},
        responses={200: s.DecisionResultSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request, pk):
        body = s.DecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        # One block for the decision and its record: the record reuses the decision's reads
        # of the attachments, the screening and the decider's agency permission
        # (docs/architecture.md "Reads made once").
        with read_once(task_services.DECISION_READS):
            return self._decide(request, pk, body.validated_data)

    def _decide(self, request, pk, validated_data):
        task, application = task_services.task_decide(
            task_id=pk, by=request.user, client_ip=client_ip(request), **validated_data
        )
        return Response(
            {
                "task": s.TaskSerializer(task).data,
                "application": application_data(application, request),
            }
        )


# ---- agency statistics ---------------------------------------------------------------------


class StatsView(APIView):
    """The dashboard of the caller's agencies (workflows.stats)."""

    permission_classes = [IsAuthenticated, IsOfficial]

    @extend_schema(
        parameters=[s.StatsQuerySerializer],
        responses={200: s.StatsSerializer, **errors(400, 401, 403)},
    )
    def get(self, request):
        query = s.StatsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        stats = agency_stats(user=request.user, period=Period(**query.validated_data))
        return Response(s.StatsSerializer(stats).data)


# ---- public certificate verification -------------------------------------------------------


class CertificateVerifyView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        auth=[],
        parameters=[
            OpenApiParameter(
                "code", str, description=_("The check code (校验码) printed on the document.")
            )
        ],
        responses={200: s.CertificateVerifySerializer, **errors(404)},
    )
    def get(self, request, number):
        verification = certificate_verification(
            number=number, code=request.query_params.get("code")
        )
        if verification is None:
            raise NotFound()
        return Response(s.CertificateVerifySerializer(verification).data)


# ---- audit ---------------------------------------------------------------------------------


class AuditEventListView(generics.ListAPIView):
    serializer_class = s.AuditEventSerializer
    permission_classes = [IsAuthenticated, IsAuditor]
    filter_backends = [DjangoFilterBackend]
    filterset_class = AuditEventFilter
    renderer_classes = [JSONRenderer]
    content_negotiation_class = OwnBodyNegotiation

    def get_queryset(self):
        return audit_events_visible_to(self.request.user)

    @extend_schema(
        parameters=[s.AuditEventsQuerySerializer],
        responses={
            (200, "application/json"): s.AuditEventSerializer(many=True),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR),
            **errors(400, 401, 403),
        },
    )
    def get(self, request, *args, **kwargs):
        # An unknown format is refused, not answered as JSON the caller did not ask for.
        query = s.AuditEventsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        if query.validated_data["format"] == "csv":
            events = self.filter_queryset(self.get_queryset())
            return self.csv(events, query.validated_data["columns"])
        return super().get(request, *args, **kwargs)

    def csv(self, events, form):
        """The audit CSV the workspace writes too (``audit.export``)."""
        lines = csv_lines(audit_csv_rows(events, form))
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="audit-events.csv"'
        return response


class AuditVerifyView(APIView):
    permission_classes = [IsAuthenticated, IsAuditor]

    @extend_schema(responses={200: s.AuditVerifySerializer, **errors(401, 403)})
    def get(self, request):
        return Response(s.AuditVerifySerializer(audit_verify()).data)


class AuditPublicKeyListView(generics.ListAPIView):
    """The keys that sign checkpoints, the retired ones too (no login: anyone may verify)."""

    permission_classes = [AllowAny]
    authentication_classes = []
    pagination_class = None
    serializer_class = s.PublicKeySerializer

    def get_queryset(self):
        return checkpoints.public_keys()


@extend_schema_view(
    get=extend_schema(responses={200: s.CheckpointSerializer(many=True), **errors(401, 403)})
)
class AuditCheckpointListView(generics.ListAPIView):
    """Signed tree heads, newest first."""

    permission_classes = [IsAuthenticated, IsAuditor]
    serializer_class = s.CheckpointSerializer

    def get_queryset(self):
        return checkpoints.checkpoints_published()


class AuditProofView(APIView):
    permission_classes = [IsAuthenticated, IsAuditor]

    @extend_schema(
        parameters=[s.ProofQuerySerializer],
        responses={200: s.ProofSerializer, **errors(400, 401, 403)},
    )
    def get(self, request):
        query = s.ProofQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        proof = checkpoints.audit_proof(**query.validated_data)
        return Response(s.ProofSerializer(proof).data)


class AuditConsistencyView(APIView):
    """RFC 6962 consistency proof between two tree sizes (issue 26 item 22)."""

    permission_classes = [IsAuthenticated, IsAuditor]

    @extend_schema(
        parameters=[s.ConsistencyQuerySerializer],
        responses={200: s.ConsistencySerializer, **errors(400, 401, 403)},
    )
    def get(self, request):
        query = s.ConsistencyQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        proof = checkpoints.audit_consistency(**query.validated_data)
        return Response(s.ConsistencySerializer(proof).data)


class OfficialReportView(APIView):
    """离任审计: one official's decisions over a period (auditors of the official's
    jurisdiction; anyone else's official is 404)."""

    permission_classes = [IsAuthenticated, IsAuditor]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = OwnBodyNegotiation

    @extend_schema(
        parameters=[s.OfficialReportQuerySerializer],
        responses={
            (200, "application/json"): s.OfficialReportSerializer,
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR),
            (200, "application/pdf"): OpenApiTypes.BINARY,
            **errors(400, 401, 403, 404),
        },
    )
    def get(self, request, username):
        query = s.OfficialReportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        wanted = query.validated_data
        report = official_report(
            auditor=request.user, username=username, since=wanted["since"], until=wanted["until"]
        )
        name = f"report-{report.official.get_username()}"
        if wanted["format"] == "csv":
            response = StreamingHttpResponse(
                csv_lines(report_csv_rows(report, wanted["columns"])),
                content_type="text/csv; charset=utf-8",
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
            return response
        if wanted["format"] == "pdf":
            pdf = HttpResponse(report_pdf(report), content_type="application/pdf")
            pdf["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
            return pdf
        return Response(s.OfficialReportSerializer(report).data)


# ---- people (absences, reassignment) ---------------------------------------------------------


class TaskReassignView(APIView):
    @extend_schema(
        request=s.ReassignSerializer,
        responses={200: s.TaskSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request, pk):
        body = s.ReassignSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        task = people.task_reassign(
            task_id=pk,
            by=request.user,
            to_username=body.validated_data["to"],
            reason=body.validated_data["reason"],
            client_ip=client_ip(request),
        )
        return Response(s.TaskSerializer(task).data)


class TaskExtendView(APIView):
    @extend_schema(
        request=s.ExtendSerializer,
        responses={200: s.TaskSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request, pk):
        body = s.ExtendSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        task = people.task_extend(
            task_id=pk,
            by=request.user,
            reason=body.validated_data["reason"],
            client_ip=client_ip(request),
        )
        return Response(s.TaskSerializer(task).data)


class AbsenceListView(generics.ListAPIView):
    """One's own absences, those one substitutes in, and those of the agencies one heads."""

    serializer_class = s.AbsenceSerializer

    def get_queryset(self):
        return access.absences_visible_to(self.request.user)

    @extend_schema(
        request=s.AbsenceCreateSerializer,
        responses={201: s.AbsenceSerializer, **errors(400, 401, 403)},
    )
    def post(self, request):
        body = s.AbsenceCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        absence = people.absence_declare(
            by=request.user,
            substitute_username=data["substitute"],
            starts=data["starts"],
            ends=data["ends"],
            reason=data["reason"],
            client_ip=client_ip(request),
        )
        return Response(s.AbsenceSerializer(absence).data, status=status.HTTP_201_CREATED)
