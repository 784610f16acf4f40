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
from licensing.models import StatementNotice

from ..serializers.licensing import (
    LandApprovalInputSerializer,
    LandApprovalSerializer,
    StatementAnswerInputSerializer,
    StatementDropInputSerializer,
    StatementNoticeInputSerializer,
    StatementNoticeSerializer,
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
