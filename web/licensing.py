"""The permit's own life on the application page (product.md §18): the deciding agency's
statement notice before a revocation or withdrawal, the holder's answer, the agency's drop.
Each form posts to its view; the service decides who, whether and when."""

from collections.abc import Callable
from dataclasses import replace
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from core.errors import InvalidInput
from licensing import services
from licensing.lapses import MSG_NOT_HOLDER as MSG_NOT_LAND_HOLDER
from licensing.lapses import land_approval_record
from licensing.models import RequestKind
from licensing.requests import MSG_NOT_HOLDER as MSG_NOT_REQUESTER
from licensing.requests import permit_request_submit
from licensing.selectors import is_temporary
from permits import access
from permits.models import Application
from permits.selectors import client_ip
from permits.services import MSG_NO_REVOKE

from .applications import _detail_url, _render_detail
from .common import AuthenticatedHttpRequest, _visible_application, refusals
from .forms.licensing import (
    ChangeRequestForm,
    LandApprovalForm,
    RenewalRequestForm,
    StatementAnswerForm,
    StatementDropForm,
    StatementNoticeForm,
    SurrenderForm,
)
from .messages import (
    MSG_DROPPED,
    MSG_LAND_RECORDED,
    MSG_NOTIFIED,
    MSG_REQUESTED,
    MSG_STATEMENT_ANSWERED,
)


def _act(
    request: AuthenticatedHttpRequest,
    pk: int,
    *,
    may: Callable[[Any, Application], bool],
    refusal: object,
    form: Form,
    form_name: str,
    call: Callable[[Application, dict[str, Any]], object],
    done: object,
) -> HttpResponse:
    application = _visible_application(request, pk)
    if not may(request.user, application):
        raise PermissionDenied(str(refusal))
    if form.is_valid():
        with refusals(request, form=form, conflict_url=_detail_url(pk)) as outcome:
            call(application, form.cleaned_data)
        if outcome.response:
            return outcome.response
        if outcome.succeeded:
            messages.success(request, str(done))
            return redirect("application-detail", pk=pk)
    return _render_detail(request, application, status=400, **{form_name: form})


@login_required
@require_POST
def statement_notice(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        may=access.can_revoke,
        refusal=MSG_NO_REVOKE,
        form=StatementNoticeForm(request.POST),
        form_name="statement_form",
        call=lambda application, data: services.statement_notice_issue(
            application=application,
            by=request.user,
            act=data["act"],
            ground=data["ground"],
            facts=data["facts"],
            client_ip=client_ip(request),
        ),
        done=MSG_NOTIFIED,
    )


@login_required
@require_POST
def statement_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        may=access.can_edit_application,
        refusal=services.MSG_NOT_HOLDER,
        form=StatementAnswerForm(request.POST),
        form_name="statement_answer_form",
        call=lambda application, data: services.statement_answer(
            application=application,
            by=request.user,
            answer=data["answer"],
            client_ip=client_ip(request),
        ),
        done=MSG_STATEMENT_ANSWERED,
    )


@login_required
@require_POST
def statement_drop(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        may=access.can_revoke,
        refusal=MSG_NO_REVOKE,
        form=StatementDropForm(request.POST),
        form_name="statement_drop_form",
        call=lambda application, data: services.statement_drop(
            application=application,
            by=request.user,
            reason=data["reason"],
            client_ip=client_ip(request),
        ),
        done=MSG_DROPPED,
    )


@login_required
@require_POST
def land_approval(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        may=access.can_edit_application,
        refusal=MSG_NOT_LAND_HOLDER,
        form=LandApprovalForm(request.POST),
        form_name="land_approval_form",
        call=lambda application, data: land_approval_record(
            application=application,
            by=request.user,
            number=data["number"],
            approved_on=data["approved_on"].isoformat(),
            authority=data["authority"],
            client_ip=client_ip(request),
        ),
        done=MSG_LAND_RECORDED,
    )


def _request(
    request: AuthenticatedHttpRequest,
    pk: int,
    *,
    form: Form,
    form_name: str,
    kind: str,
    fields: Callable[[Form], dict[str, Any]],
) -> HttpResponse:
    def call(application: Application, data: dict[str, Any]) -> object:
        try:
            return permit_request_submit(
                application=application,
                by=request.user,
                kind=kind,
                client_ip=client_ip(request),
                **{"reason": data["reason"], **fields(form)},
            )
        except InvalidInput as refused:  # ``changes.<field>`` is the form's field
            raise InvalidInput(
                problems=[
                    replace(p, field=(p.field or "").removeprefix("changes.") or None)
                    for p in refused.problems
                ]
            ) from None

    return _act(
        request,
        pk,
        may=access.can_edit_application,
        refusal=MSG_NOT_REQUESTER,
        form=form,
        form_name=form_name,
        call=call,
        done=MSG_REQUESTED,
    )


@login_required
@require_POST
def change_request(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = _visible_application(request, pk)
    form = ChangeRequestForm(
        request.POST, kind=application.kind, temporary=is_temporary(application)
    )
    return _request(
        request,
        pk,
        form=form,
        form_name="change_request_form",
        kind=RequestKind.CHANGE,
        fields=lambda f: {"changes": cast(ChangeRequestForm, f).changes()},
    )


@login_required
@require_POST
def renewal_request(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _request(
        request,
        pk,
        form=RenewalRequestForm(request.POST),
        form_name="renewal_request_form",
        kind=RequestKind.RENEWAL,
        fields=lambda f: {"until": f.cleaned_data["until"].isoformat()},
    )


@login_required
@require_POST
def surrender(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _request(
        request,
        pk,
        form=SurrenderForm(request.POST),
        form_name="surrender_form",
        kind=RequestKind.SURRENDER,
        fields=lambda f: {},
    )
