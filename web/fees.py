"""What the deciding agency does after its review of an occupation, as the application page
shows it (product.md §16 L6, L7): the forwarding to the national authority and the national
decision it records, the restoration fee demanded and the payment it records. Every page about
the application shows them; the forms only to the deciding agency, when the state allows (the
record's ``actions``). The services decide again on every post."""

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import BaseForm
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from permits import access
from permits.models import Application
from permits.selectors import client_ip
from workflows import selectors
from workflows import services as task_services
from workflows.services import fees as fee_services
from workflows.services import national as national_services

from .applications import _render_detail
from .common import AuthenticatedHttpRequest, _visible_application, form_act, posted_value
from .forms.fees import FeeForm, NationalDecisionForm
from .messages import MSG_FEE_RECORDED, MSG_NATIONAL_RECORDED

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _detail_url(pk: int) -> str:
    return reverse("application-detail", args=[pk])


def _deciding_agency_record(
    request: AuthenticatedHttpRequest,
    pk: int,
    *,
    form_class: type[BaseForm],
    form_name: str,
    refusal: "StrOrPromise",
    action: str,
    record: Callable[[BaseForm, Application], object],
    done: "StrOrPromise",
    fields: Mapping[str, str],
) -> HttpResponse:
    """A record the deciding agency posts from the application page with its files: the form
    comes back with its errors when the page offered ``action``, else the service says why."""
    application = _visible_application(request, pk)
    if not access.can_act_for_deciding_agency(request.user, application):
        raise PermissionDenied(str(refusal))
    form = form_class(request.POST, request.FILES)
    offered = action in selectors.application_actions(user=request.user, application=application)
    response = form_act(
        request,
        form,
        lambda: record(form, application),
        url=_detail_url(pk),
        done=done,
        fields=fields,
        offered=offered,
    )
    if response:
        return response
    return _render_detail(request, application, status=400, **{form_name: form})


@login_required
@require_POST
def application_fee(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Record the restoration fee paid; the approval is then issued."""
    by, address = request.user, client_ip(request)
    return _deciding_agency_record(
        request,
        pk,
        form_class=FeeForm,
        form_name="fee_form",
        refusal=fee_services.MSG_NOT_YOURS,
        action="record_fee",
        record=lambda form, application: task_services.fee_record(
            application_id=application.pk,
            by=by,
            amount=posted_value(form, "amount"),
            paid_on=posted_value(form, "paid_on"),
            receipt_number=posted_value(form, "receipt_number"),
            reason=posted_value(form, "reason") or "",
            uploads=form.cleaned_data.get("receipt_files") or () if form.is_valid() else (),
            client_ip=address,
        ),
        done=MSG_FEE_RECORDED,
        fields={"file": "receipt_files"},
    )


@login_required
@require_POST
def application_national_decision(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Record the national authority's decision on a forwarded occupation, with its document."""
    by, address = request.user, client_ip(request)
    return _deciding_agency_record(
        request,
        pk,
        form_class=NationalDecisionForm,
        form_name="national_form",
        refusal=national_services.MSG_NOT_YOURS,
        action="record_national_decision",
        record=lambda form, application: task_services.national_decision_record(
            application_id=application.pk,
            by=by,
            number=posted_value(form, "number"),
            decided_on=posted_value(form, "decided_on"),
            outcome=posted_value(form, "outcome"),
            uploads=form.cleaned_data.get("document_files") or () if form.is_valid() else (),
            client_ip=address,
        ),
        done=MSG_NATIONAL_RECORDED,
        fields={"files": "document_files"},
    )
