"""The permit's own life (product.md §18): the holder heard before a revocation or withdrawal.

``POST /applications/{id}/statement-notice/`` (the deciding agency), ``/statement-answer/``
(the holder), ``/statement-notice/drop/`` (the deciding agency), ``GET
/applications/{id}/statement-notices/`` (whoever sees the application)."""

from functools import partial
from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet

from licensing import services
from licensing.lapses import land_approval_record
from licensing.models import PermitRequest, RequestKind, StatementNotice
from licensing.requests import permit_request_submit
from licensing.selectors import permit_versions
from permits.models import Application
from public.standing import versions_standing

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
from .base import ApplicationActView, ApplicationRowsView, UploadActView


def _notice_stored(notice: StatementNotice) -> StatementNotice:
    return (
        StatementNotice.objects.select_related("agency", "notice", "decision")
        .prefetch_related("answer_attachments")
        .get(pk=notice.pk)
    )


class StatementNoticeListView(ApplicationRowsView):
    """Every statement notice of the permit, oldest first."""

    rows_class = StatementNoticeSerializer

    def rows(self, user: User, application: Application) -> QuerySet[StatementNotice]:
        return (
            StatementNotice.objects.filter(application_id=application.pk)
            .select_related("agency", "notice", "decision")
            .prefetch_related("answer_attachments")
        )


class StatementActView(ApplicationActView):
    # An act of the statement procedure; answers with the notice. No docstring: the schema
    # would describe every subclass with it.

    read = staticmethod(_notice_stored)
    answer_class = StatementNoticeSerializer


class StatementNoticeCreateView(StatementActView):
    """The deciding agency tells the holder the act it intends (陈述申辩告知书)."""

    body_class = StatementNoticeInputSerializer
    act = staticmethod(services.statement_notice_issue)
    answer_status = 201


class StatementAnswerView(UploadActView, StatementActView):
    """The holder states and defends itself within the period (JSON, or multipart with
    ``attachments``)."""

    body_class = StatementAnswerInputSerializer
    act = staticmethod(services.statement_answer)


class StatementDropView(StatementActView):
    """The deciding agency does not pursue the act it told."""

    body_class = StatementDropInputSerializer
    act = staticmethod(services.statement_drop)


class LandApprovalView(ApplicationActView):
    """The holder of a permanent occupation records its construction-land approval (建设用地
    批准文件), which keeps the approval from lapsing (product.md §18 B4)."""

    body_class = LandApprovalInputSerializer
    act = staticmethod(land_approval_record)
    answer_class = LandApprovalSerializer
    answer_status = 201


def _request_stored(row: PermitRequest) -> PermitRequest:
    return PermitRequest.objects.select_related("decision").get(pk=row.pk)


class PermitRequestActView(ApplicationActView):
    # A holder's request on its permit (``kind`` made by ``act``); answers with the request.
    # No docstring: the schema would describe every subclass with it.

    read = staticmethod(_request_stored)
    answer_class = PermitRequestSerializer
    answer_status = 201


class ChangeRequestView(ApplicationRowsView, PermitRequestActView):
    """The holder asks to change its permit (变更, art. 49): GET lists every request on the
    permit, POST makes one (accepted, then decided, by the deciding agency)."""

    body_class = ChangeRequestInputSerializer
    act = partial(permit_request_submit, kind=RequestKind.CHANGE)
    rows_class = PermitRequestSerializer

    def rows(self, user: User, application: Application) -> QuerySet[PermitRequest]:
        return PermitRequest.objects.filter(application_id=application.pk).select_related(
            "decision"
        )


class RenewalRequestView(PermitRequestActView):
    """The holder asks to renew its permit (延续, art. 50; a permanent occupation's 延期)."""

    body_class = RenewalRequestInputSerializer
    act = partial(permit_request_submit, kind=RequestKind.RENEWAL)


class SurrenderView(PermitRequestActView):
    """The holder gives its permit up and asks for its 注销 (product.md §18 B10)."""

    body_class = SurrenderInputSerializer
    act = partial(permit_request_submit, kind=RequestKind.SURRENDER)


class PermitVersionListView(ApplicationRowsView):
    """The permit's versions, the approval first, each with its document's status."""

    rows_class = PermitVersionSerializer

    def rows(self, user: User, application: Application) -> list[dict[str, Any]]:
        return versions_standing(permit_versions(application))
