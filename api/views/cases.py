"""Enforcement cases (林业行政处罚, issue 48 item 5): the officials' list and record, opening a
case, the acts of ``enforcement.services``, the case's documents; and the public list of the
penalty decisions published (双公示)."""

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import NotVisible
from documents.pdf_files import document_pdf
from enforcement import collection, execution, hearings, referrals, services, serving
from enforcement.models import (
    Case,
    CaseHearingChange,
    CaseReview,
    CaseService,
    CourtEnforcement,
    PaymentDeferral,
    PerformanceDemand,
    ReplantingInspection,
    SubstitutePerformance,
)
from enforcement.selectors import case_get_visible, cases_visible_to, penalties_published, row_id
from permits.access import AnyUser
from roles.models import Agency

from ..serializers.cases import (
    CaseCloseSerializer,
    CaseCourtApplicationSerializer,
    CaseCourtRulingSerializer,
    CaseDecisionSerializer,
    CaseDocumentContentSerializer,
    CaseEvidenceJsonSerializer,
    CaseEvidenceSerializer,
    CaseExecutionSerializer,
    CaseFilterSerializer,
    CaseHearingPostponeSerializer,
    CaseHearingRecordSerializer,
    CaseHearingRecusalSerializer,
    CaseHearingScheduleSerializer,
    CaseInstalmentMissedSerializer,
    CaseLegalReviewSerializer,
    CaseOpenSerializer,
    CasePaymentDeferralSerializer,
    CasePerformanceDemandSerializer,
    CasePriorNoticeSerializer,
    CaseReferralAnswerSerializer,
    CaseReferralDeclineSerializer,
    CaseReferralReceivedSerializer,
    CaseReferralReportSerializer,
    CaseReferralReturnSerializer,
    CaseReferralSerializer,
    CaseRegisterSerializer,
    CaseReplantingInspectionJsonSerializer,
    CaseReplantingInspectionSerializer,
    CaseReviewEndedSerializer,
    CaseReviewFiledSerializer,
    CaseSerializer,
    CaseServeSerializer,
    CaseStatementSerializer,
    CaseSubstituteDoneSerializer,
    CaseSubstituteSerializer,
    CaseTransferCloseSerializer,
    PublicPenaltySerializer,
)
from .base import (
    ActView,
    AuthenticatedRequest,
    ListView,
    OwnBodyView,
    UploadActView,
    acting,
    body_data,
    errors,
    filtered,
)
from .public import CappedPagination

# What a case's record reads beside its row.
CASE_RELATED = (
    "officers",
    "replanting_inspections__officers",
    "replanting_inspections__photos",
    "replanting_inspections__document",
    "performance_demands__document",
    "payment_deferrals__document",
    "reviews",
    "hearing__changes__document",
    "hearing__changes__presiding",
    "hearing__changes__presiding_before",
    "services__document",
    "services__receipt",
    "services__recorded_by",
)
# The one-to-one rows a case's record reads (its hearing, its substitute performance).
CASE_JOINED = (
    "agency",
    "article",
    "hearing__presiding",
    "substitute__decision",
    "substitute__record",
    "substitute__supervisor",
    "court_enforcement__demand",
    "court_enforcement__application",
)


def _case_stored(case: Case) -> Case:
    return Case.objects.select_related(*CASE_JOINED).prefetch_related(*CASE_RELATED).get(pk=case.pk)


def _case_of_inspection(inspection: ReplantingInspection) -> Case:
    return _case_stored(inspection.case)


# The rows an act on a case answers with (``CaseRowActView``): each belongs to one case.
CaseRow = (
    CaseHearingChange
    | PerformanceDemand
    | SubstitutePerformance
    | PaymentDeferral
    | CaseReview
    | CourtEnforcement
    | CaseService
)


def _case_of(row: CaseRow) -> Case:
    """The case of an act's row (a hearing change, a demand, a substitute performance, a
    deferral, a review, the court's enforcement, a document's service)."""
    case = row.hearing.case if isinstance(row, CaseHearingChange) else row.case
    return _case_stored(case)


class CaseListView(ListView):
    """The cases of the caller's agencies (officials) and audited jurisdictions (auditors),
    ``?status=&source=``; POST opens one (``source`` patch|report|inspection|manual)."""

    serializer_class = CaseSerializer
    query_class = CaseFilterSerializer

    def rows(self, user: AnyUser, query: dict[str, Any]) -> QuerySet[Case]:
        return (
            filtered(cases_visible_to(user), query, "status", "source")
            .select_related(*CASE_JOINED)
            .prefetch_related(*CASE_RELATED)
        )

    @extend_schema(
        request=CaseOpenSerializer,
        responses={201: CaseSerializer, 200: CaseSerializer, **errors(400, 401, 403, 409)},
    )
    def post(self, request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> Response:
        body = body_data(CaseOpenSerializer, request)
        code = body.pop("agency", None)
        agency = None
        if code:
            agency = Agency.objects.filter(code=code).first()
            if agency is None:
                raise NotVisible()
        case, created = services.case_open(**body, agency=agency, **acting(request))
        data = CaseSerializer(_case_stored(case)).data
        return Response(data, status=201 if created else 200)


class CaseDetailView(APIView):
    """One case (officials of its agency, auditors; others 404)."""

    @extend_schema(responses={200: CaseSerializer, **errors(401, 404)})
    def get(self, request: AuthenticatedRequest, pk: int) -> Response:
        case = case_get_visible(request.user, pk)
        return Response(CaseSerializer(_case_stored(case)).data)


class CaseDocumentListView(APIView):
    """The case's numbered documents with what each prints."""

    @extend_schema(responses={200: CaseDocumentContentSerializer(many=True), **errors(401, 404)})
    def get(self, request: AuthenticatedRequest, pk: int) -> Response:
        case = case_get_visible(request.user, pk)
        return Response(CaseDocumentContentSerializer(case.documents.all(), many=True).data)


class CaseDocumentPdfView(OwnBodyView):
    """One document of the case as its PDF, drawn from what it stored."""

    @extend_schema(responses={(200, "application/pdf"): bytes, **errors(401, 404)})
    def get(self, request: AuthenticatedRequest, pk: int, document: int) -> HttpResponse:
        case = case_get_visible(request.user, pk)
        row = case.documents.filter(pk=row_id(document) or 0).first()
        if row is None:
            raise NotVisible()
        return HttpResponse(document_pdf(row.content), content_type="application/pdf")


class CaseFileView(OwnBodyView):
    """One photo or file of the case's evidence."""

    @extend_schema(responses={(200, "application/octet-stream"): bytes, **errors(401, 404)})
    def get(self, request: AuthenticatedRequest, pk: int, file: int) -> FileResponse:
        case = case_get_visible(request.user, pk)
        row = case.files.filter(pk=row_id(file) or 0).first()
        if row is None:
            raise NotVisible()
        return FileResponse(row.file.open("rb"), content_type=row.content_type, filename=row.name)


class VisibleCaseMixin(ActView):
    # The case of the URL as the caller sees it, before the body is read: whoever does not see
    # it gets 404 whatever they send, never a 400 telling the case is there. No docstring: see
    # ``ActView``.

    def acted_on(self) -> dict[str, Any]:
        return {"case_id": case_get_visible(self.request.user, self.kwargs["pk"]).pk}


class CaseActView(VisibleCaseMixin, ActView):
    # An act on the case of the URL; answers with the case. No docstring: the schema would
    # describe every subclass with it.

    target = "case_id"
    read = staticmethod(_case_stored)
    answer_class = CaseSerializer


class CaseRegisterView(CaseActView):
    """立案: the head names the party (行政处罚法 art. 54)."""

    body_class = CaseRegisterSerializer
    act = staticmethod(services.case_register)


class CaseEvidenceView(UploadActView, CaseActView):
    """调查取证 by two or more officers (arts. 42, 55): JSON, or multipart with ``files``."""

    body_class = CaseEvidenceSerializer
    json_body_class = CaseEvidenceJsonSerializer
    act = staticmethod(services.case_evidence)


class CasePriorNoticeView(CaseActView):
    """The 行政处罚事先告知书 (arts. 44, 45, 63)."""

    body_class = CasePriorNoticeSerializer
    act = staticmethod(services.case_prior_notice)


class CaseStatementView(CaseActView):
    """The party's statement, hearing request or waiver."""

    body_class = CaseStatementSerializer
    act = staticmethod(services.case_statement)


class CaseHearingScheduleView(CaseActView):
    """The head schedules the hearing asked for (art. 64): at least seven days ahead, presided
    by an official who did not investigate the case; the 听证通知书 issued."""

    body_class = CaseHearingScheduleSerializer
    act = staticmethod(hearings.case_hearing_schedule)


class CaseHearingRecordView(CaseActView):
    """The hearing held with its record (art. 64(8)), or waived (64(6)); the 听证笔录 issued."""

    body_class = CaseHearingRecordSerializer
    act = staticmethod(hearings.case_hearing_record)


class CaseRowActView(VisibleCaseMixin, ActView):
    # An act answering with its own row: the answer is the case it belongs to (the case looked
    # up as the caller sees it first, as for every act on a case).

    target = "case_id"
    read = staticmethod(_case_of)
    answer_class = CaseSerializer


class CaseHearingPostponeView(CaseRowActView):
    """延期举行: the head moves the hearing with its reason, the party told again at least seven
    working days before the new day (art. 64(2)); the 延期举行听证通知书 issued."""

    body_class = CaseHearingPostponeSerializer
    act = staticmethod(hearings.case_hearing_postpone)


class CaseHearingRecusalView(CaseRowActView):
    """回避 (art. 64(4)): the head grants the party's request with a new presiding officer who
    did not investigate, or refuses it; the 回避决定书 issued."""

    body_class = CaseHearingRecusalSerializer
    act = staticmethod(hearings.case_hearing_recusal)


class CasePerformanceDemandView(CaseRowActView):
    """催告 (行政强制法 arts. 35, 50): the head demands the late or failed replanting by a day."""

    body_class = CasePerformanceDemandSerializer
    act = staticmethod(execution.case_performance_demand)


class CaseSubstituteView(CaseRowActView):
    """代为履行 decided by the head (森林法 art. 81; 行政强制法 arts. 50, 51): the 代履行决定书."""

    body_class = CaseSubstituteSerializer
    act = staticmethod(execution.case_substitute_decide)


class CaseSubstituteDoneView(CaseRowActView):
    """代为履行 done: the day, the supervising official, the cost the party bears (art. 51)."""

    body_class = CaseSubstituteDoneSerializer
    act = staticmethod(execution.case_substitute_done)


class CasePaymentDeferralView(CaseRowActView):
    """暂缓或者分期缴纳 (行政处罚法 art. 66(2)): the head approves the party's application."""

    body_class = CasePaymentDeferralSerializer
    act = staticmethod(collection.case_payment_defer)


class CaseInstalmentMissedView(CaseRowActView):
    """An instalment missed: the 加处罚款 runs again after its day."""

    body_class = CaseInstalmentMissedSerializer
    act = staticmethod(collection.case_instalment_missed)


class CaseReviewFiledView(CaseRowActView):
    """The party's reconsideration or suit filed (行政处罚法 art. 73(3))."""

    body_class = CaseReviewFiledSerializer
    act = staticmethod(collection.case_review_file)


class CaseReviewEndedView(CaseRowActView):
    """The reconsideration or suit ended: upheld, changed, or revoked (the case closes)."""

    body_class = CaseReviewEndedSerializer
    act = staticmethod(collection.case_review_end)


class CaseCourtDemandView(CaseRowActView):
    """催告 before the court (行政强制法 art. 54): the 催告书, the days to apply set."""

    act = staticmethod(collection.case_court_demand)


class CaseCourtApplicationView(CaseRowActView):
    """申请人民法院强制执行 (行政强制法 arts. 53-55): the 强制执行申请书."""

    body_class = CaseCourtApplicationSerializer
    act = staticmethod(collection.case_court_apply)


class CaseCourtRulingView(CaseRowActView):
    """The court's ruling: granted (the case waits for the payment) or refused (it closes)."""

    body_class = CaseCourtRulingSerializer
    act = staticmethod(collection.case_court_ruling)


class CaseLegalReviewView(CaseActView):
    """法制审核 (art. 58) by the agency's legal reviewer."""

    body_class = CaseLegalReviewSerializer
    act = staticmethod(services.case_legal_review)


class CaseDecisionView(CaseActView):
    """The head's decision: penalty or no penalty (art. 57)."""

    body_class = CaseDecisionSerializer
    act = staticmethod(services.case_decide)


class CaseServiceView(CaseRowActView):
    """送达: the day one of the case's documents reached the party, how and to whom (送达回证;
    行政处罚法 art. 61); the notice's period and the fine's day run from it."""

    body_class = CaseServeSerializer
    act = staticmethod(serving.case_serve)


class CaseExecutionView(CaseActView):
    """The fine paid, the trees replanted (执行)."""

    body_class = CaseExecutionSerializer
    act = staticmethod(services.case_execute)


class CaseReplantingInspectionView(VisibleCaseMixin, UploadActView):
    """补种验收 on the ground by two or more officers (森林法 arts. 74, 76, 81): JSON, or
    multipart with ``photos``; a failed check sets a new day. Answers with the case."""

    body_class = CaseReplantingInspectionSerializer
    json_body_class = CaseReplantingInspectionJsonSerializer
    act = staticmethod(services.case_replanting_inspect)
    target = "case_id"
    read = staticmethod(_case_of_inspection)
    answer_class = CaseSerializer


class CaseCloseView(CaseActView):
    """结案 by the head."""

    body_class = CaseCloseSerializer
    act = staticmethod(services.case_close)


class CaseReferralView(CaseActView):
    """The head approves the referral of a suspected crime to the police (移送规定 art. 5)."""

    body_class = CaseReferralSerializer
    act = staticmethod(services.case_refer)


class CaseReferralReportView(CaseActView):
    """The officers report a suspected crime to the head (移送规定 art. 5(1))."""

    body_class = CaseReferralReportSerializer
    act = staticmethod(referrals.case_referral_report)


class CaseReferralReceivedView(CaseActView):
    """The day the police received the referral (移送规定 arts. 5(2), 8)."""

    body_class = CaseReferralReceivedSerializer
    act = staticmethod(referrals.case_referral_received)


class CaseReferralAnswerView(CaseActView):
    """The police's written answer to the referral: accepted, or not (移送规定 arts. 8, 10)."""

    body_class = CaseReferralAnswerSerializer
    act = staticmethod(services.case_referral_answer)


class CaseReferralDeclineView(CaseActView):
    """The head finds the referral thresholds not met (不予移送, 移送规定 arts. 5(2), 11)."""

    body_class = CaseReferralDeclineSerializer
    act = staticmethod(referrals.case_referral_decline)


class CaseTransferCloseView(CaseActView):
    """结案 by the transfer: the police opened a criminal case (移送规定 arts. 8, 12)."""

    body_class = CaseTransferCloseSerializer
    act = staticmethod(referrals.case_transfer_close)


class CaseReferralReturnView(CaseActView):
    """A judicial authority sent the case back for a penalty (行政处罚法 art. 27(1))."""

    body_class = CaseReferralReturnSerializer
    act = staticmethod(referrals.case_referral_return)


# The acts on a case, as their URLs name them (api/urls.py: POST /cases/{id}/<act>/), in the
# order of the procedure.
CASE_ACTS: tuple[tuple[str, type[ActView]], ...] = (
    ("register", CaseRegisterView),
    ("evidence", CaseEvidenceView),
    ("prior-notice", CasePriorNoticeView),
    ("statement", CaseStatementView),
    ("hearing", CaseHearingScheduleView),
    ("hearing-record", CaseHearingRecordView),
    ("hearing-postponement", CaseHearingPostponeView),
    ("hearing-recusal", CaseHearingRecusalView),
    ("performance-demand", CasePerformanceDemandView),
    ("substitute", CaseSubstituteView),
    ("substitute-done", CaseSubstituteDoneView),
    ("payment-deferral", CasePaymentDeferralView),
    ("instalment-missed", CaseInstalmentMissedView),
    ("review-filed", CaseReviewFiledView),
    ("review-ended", CaseReviewEndedView),
    ("court-demand", CaseCourtDemandView),
    ("court-application", CaseCourtApplicationView),
    ("court-ruling", CaseCourtRulingView),
    ("legal-review", CaseLegalReviewView),
    ("decision", CaseDecisionView),
    ("service", CaseServiceView),
    ("execution", CaseExecutionView),
    ("replanting-inspection", CaseReplantingInspectionView),
    ("close", CaseCloseView),
    ("referral-report", CaseReferralReportView),
    ("referral", CaseReferralView),
    ("referral-received", CaseReferralReceivedView),
    ("referral-answer", CaseReferralAnswerView),
    ("referral-decline", CaseReferralDeclineView),
    ("transfer-close", CaseTransferCloseView),
    ("referral-return", CaseReferralReturnView),
)


class PublicPenaltyListView(GenericAPIView[Case]):
    """No login: the penalty decisions published (双公示), newest first; a natural person's
    name masked."""

    authentication_classes = []
    permission_classes = [AllowAny]
    pagination_class = CappedPagination

    @extend_schema(auth=[], responses={200: PublicPenaltySerializer(many=True)})
    def get(self, request: Request) -> Response:
        rows = penalties_published()
        page = self.paginate_queryset(rows)
        data = PublicPenaltySerializer(page if page is not None else rows, many=True).data
        return self.get_paginated_response(data)
