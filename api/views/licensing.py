"""The permit's own life (product.md §18): the holder heard before a revocation or withdrawal.

``POST /applications/{id}/statement-notice/`` (the deciding agency), ``/statement-answer/``
(the holder), ``/statement-notice/drop/`` (the deciding agency), ``GET
/applications/{id}/statement-notices/`` (whoever sees the application)."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from licensing import services
from licensing.lapses import land_approval_record
from licensing.models import PermitRequest, RequestKind, StatementNotice
from licensing.requests import permit_request_submit
from licensing.selectors import permit_versions

from ..serializers.licensing import (
    ChangeRequestInputSerializer,
    LandApprovalInputSerializer,
    LandApprovalSerializer,
    PermitRequestSerializer,
    PermitVersionSerializer,
    RenewalRequestInputSerializer,
    StatementAnswerInputSerializer,
    StatementDropInputSerializer,
    StatementNoticeInputSerializer,
    StatementNoticeSerializer,
    SurrenderInputSerializer,
)
from .base import AuthenticatedRequest, VisibleApplicationMixin, acting, body_data, errors


def _answer(notice: StatementNotice, code: int = status.HTTP_200_OK) -> Response:
    stored = StatementNotice.objects.select_related("agency", "notice", "decision").get(
        pk=notice.pk
    )
    return Response(StatementNoticeSerializer(stored).data, status=code)


class StatementNoticeListView(VisibleApplicationMixin, APIView):
    """Every statement notice of the permit, oldest first."""

    @extend_schema(responses={200: StatementNoticeSerializer(many=True), **errors(401, 404)})
    def get(self, request: AuthenticatedRequest, pk: int) -> Response:
        rows = StatementNotice.objects.filter(application_id=self.application().pk).select_related(
            "agency", "notice", "decision"
        )
        return Response(StatementNoticeSerializer(rows, many=True).data)


class StatementNoticeCreateView(VisibleApplicationMixin, APIView):
    """The deciding agency tells the holder the act it intends (陈述申辩告知书)."""

    @extend_schema(
        request=StatementNoticeInputSerializer,
        responses={201: StatementNoticeSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        application = self.application()
        body = body_data(StatementNoticeInputSerializer, request)
        notice = services.statement_notice_issue(
            application=application,
            act=body["act"],
            ground=body["ground"],
            facts=body["facts"],
            **acting(request),
        )
        return _answer(notice, status.HTTP_201_CREATED)


class StatementAnswerView(VisibleApplicationMixin, APIView):
    """The holder states and defends itself within the period."""

    @extend_schema(
        request=StatementAnswerInputSerializer,
        responses={200: StatementNoticeSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        application = self.application()
        body = body_data(StatementAnswerInputSerializer, request)
        notice = services.statement_answer(
            application=application, answer=body["answer"], **acting(request)
        )
        return _answer(notice)


class StatementDropView(VisibleApplicationMixin, APIView):
    """The deciding agency does not pursue the act it told."""

    @extend_schema(
        request=StatementDropInputSerializer,
        responses={200: StatementNoticeSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        application = self.application()
        body = body_data(StatementDropInputSerializer, request)
        notice = services.statement_drop(
            application=application, reason=body["reason"], **acting(request)
        )
        return _answer(notice)


class LandApprovalView(VisibleApplicationMixin, APIView):
    """The holder of a permanent occupation records its construction-land approval (建设用地
    批准文件), which keeps the approval from lapsing (product.md §18 B4)."""

    @extend_schema(
        request=LandApprovalInputSerializer,
        responses={201: LandApprovalSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        application = self.application()
        body = body_data(LandApprovalInputSerializer, request)
        record = land_approval_record(
            application=application,
            number=body["number"],
            approved_on=body["approved_on"],
            authority=body["authority"],
            **acting(request),
        )
        return Response(LandApprovalSerializer(record).data, status=status.HTTP_201_CREATED)


def _request_answer(row: PermitRequest) -> Response:
    stored = PermitRequest.objects.select_related("decision").get(pk=row.pk)
    return Response(PermitRequestSerializer(stored).data, status=status.HTTP_201_CREATED)


class ChangeRequestView(VisibleApplicationMixin, APIView):
    """The holder asks to change its permit (变更, art. 49): GET lists every request on the
    permit, POST makes one (accepted, then decided, by the deciding agency)."""

    @extend_schema(responses={200: PermitRequestSerializer(many=True), **errors(401, 404)})
    def get(self, request: AuthenticatedRequest, pk: int) -> Response:
        rows = PermitRequest.objects.filter(application_id=self.application().pk).select_related(
            "decision"
        )
        return Response(PermitRequestSerializer(rows, many=True).data)

    @extend_schema(
        request=ChangeRequestInputSerializer,
        responses={201: PermitRequestSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        application = self.application()
        body = body_data(ChangeRequestInputSerializer, request)
        row = permit_request_submit(
            application=application,
            kind=RequestKind.CHANGE,
            changes=body["changes"],
            reason=body["reason"],
            **acting(request),
        )
        return _request_answer(row)


class RenewalRequestView(VisibleApplicationMixin, APIView):
    """The holder asks to renew its permit (延续, art. 50; a permanent occupation's 延期)."""

    @extend_schema(
        request=RenewalRequestInputSerializer,
        responses={201: PermitRequestSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        application = self.application()
        body = body_data(RenewalRequestInputSerializer, request)
        row = permit_request_submit(
            application=application,
            kind=RequestKind.RENEWAL,
            until=body["until"],
            reason=body["reason"],
            **acting(request),
        )
        return _request_answer(row)


class SurrenderView(VisibleApplicationMixin, APIView):
    """The holder gives its permit up and asks for its 注销 (product.md §18 B10)."""

    @extend_schema(
        request=SurrenderInputSerializer,
        responses={201: PermitRequestSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        application = self.application()
        body = body_data(SurrenderInputSerializer, request)
        row = permit_request_submit(
            application=application,
            kind=RequestKind.SURRENDER,
            reason=body["reason"],
            **acting(request),
        )
        return _request_answer(row)


class PermitVersionListView(VisibleApplicationMixin, APIView):
    """The permit's versions, the approval first, each with its document's status."""

    @extend_schema(responses={200: PermitVersionSerializer(many=True), **errors(401, 404)})
    def get(self, request: AuthenticatedRequest, pk: int) -> Response:
        rows = permit_versions(self.application())
        return Response(PermitVersionSerializer(rows, many=True).data)
