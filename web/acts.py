"""An act posted from the application page by its own form (the permit's statement notice, the
holder's requests, the deciding agency's records): who may, the form, the service, the message.
One view per act, made by ``permit_act_view``; the service decides who, whether and when."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.views.decorators.http import require_POST

from licensing.selectors import application_actions
from permits.models import Application

from .applications import _detail_url, _render_detail
from .common import (
    AuthenticatedHttpRequest,
    _visible_application,
    form_act,
    is_confirmed,
    posted_to,
    render_confirmation,
)
from .forms.common import ServiceForm

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class PermitAct:
    """Who may (asked of ``permits.access``, so that someone who may not gets 403 before any
    form), the form (shown again under ``form_name`` with its errors), the service it posts to
    and the message after success. ``fields`` renames the service's field names to the form's;
    ``offered_by``, the page's action that offers the act: where the page did not offer it, the
    service says why it refuses, not the form; ``by_id``: the service takes ``application_id``."""

    may: Callable[[Any, Application], bool]
    refusal: "StrOrPromise"
    form_class: type[ServiceForm]
    form_name: str
    service: Callable[..., object]
    done: "StrOrPromise"
    fields: Mapping[str, str] | None = None
    offered_by: str | None = None
    by_id: bool = False
    # An act that ends something for good asks first (title, consequence, button; the form's
    # ``reason`` read back on the confirmation page, web/confirm.html).
    confirm: "tuple[StrOrPromise, StrOrPromise, StrOrPromise] | None" = None
    # The consequence where it depends on the application (what its decision is in law).
    consequence_of: "Callable[[Application], StrOrPromise] | None" = None


def _permit_act(request: AuthenticatedHttpRequest, pk: int, act: PermitAct) -> HttpResponse:
    """The posted form sent to the act's service; the page again with the form's errors (400)
    when it is not valid or the service refuses a field."""
    application = _visible_application(request, pk)
    if not act.may(request.user, application):
        raise PermissionDenied(str(act.refusal))
    form = act.form_class.for_application(request.POST, request.FILES, application)
    offered = act.offered_by is None or act.offered_by in application_actions(
        user=request.user, application=application
    )
    if act.confirm and offered and form.is_valid() and not is_confirmed(request):
        title, consequence, button = act.confirm
        if act.consequence_of is not None:
            consequence = act.consequence_of(application)
        return render_confirmation(
            request,
            title=title,
            consequence=consequence,
            form=form,
            reason_field="reason",
            action_url=request.path,
            cancel_url=_detail_url(pk),
            button=button,
            keep=tuple(request.POST),
        )
    keys = {"application_id": application.pk} if act.by_id else {"application": application}
    response = form_act(
        request,
        form,
        posted_to(request, form, act.service, **keys),
        url=_detail_url(pk),
        done=act.done,
        fields=act.fields,
        offered=offered,
    )
    return response or _render_detail(request, application, status=400, **{act.form_name: form})


def permit_act_view(act: PermitAct) -> Callable[[AuthenticatedHttpRequest, int], HttpResponse]:
    """The view of the application page's ``act`` (a post only, signed in)."""

    @login_required
    @require_POST
    def view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
        return _permit_act(request, pk, act)

    return view
