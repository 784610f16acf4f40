"""What every page of the web UI shares: the page size, how a service's refusal is shown,
and the application or the task of the URL (or 404)."""

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from viewflow.workflow.models import Task

from core.errors import NotAllowed, NotVisible, ServiceError, StateConflict
from permits import access
from permits.models import Application
from permits.selectors import client_ip
from workflows import selectors as task_selectors

from .forms.common import ServiceForm, problems_to_form

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PAGE_SIZE = 25

T = TypeVar("T")


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a view behind ``login_required``: its user is signed in, a ``User`` (not
    ``AnonymousUser``). A type for the views' annotations only (django-stubs' recipe); Django
    builds the requests."""

    user: User


@dataclass
class Outcome:
    """What became of the service call inside ``refusals``: ``error`` is the refusal (None when
    the call succeeded), ``response`` the page to send instead when there is one."""

    error: ServiceError | None = None
    response: HttpResponse | None = None

    @property
    def succeeded(self) -> bool:
        return self.error is None


@contextmanager
def refusals(
    request: HttpRequest,
    *,
    form: forms.BaseForm | None = None,
    conflict_url: str | None = None,
    leave: tuple[type[ServiceError], ...] = (),
    fields: Mapping[str, str] | None = None,
) -> Iterator[Outcome]:
    """The one translation of a service's ``ServiceError`` for the web pages.

    NotVisible → 404 (no existence leak); NotAllowed → 403. A StateConflict (the page moved on
    under the user) becomes messages and, with ``conflict_url``, a redirect there. Any other
    refusal goes next to the fields of ``form``, or into messages when there is no form. Errors of
    the ``leave`` types are only recorded in the outcome: the view shows those itself. ``fields``
    renames the service's field names to the form's.
    """
    outcome = Outcome()
    try:
        yield outcome
    except ServiceError as error:
        outcome.error = error
        if isinstance(error, NotVisible):
            raise Http404 from error
        if isinstance(error, NotAllowed):
            raise PermissionDenied(str(error.detail)) from error
        if isinstance(error, leave):
            return
        if isinstance(error, StateConflict) and conflict_url is not None:
            _error_messages(request, error)
            outcome.response = redirect(conflict_url)
        elif form is not None:
            problems_to_form(form, error, fields)
        else:
            _error_messages(request, error)


def act_redirect(
    request: HttpRequest,
    act: Callable[[], T],
    *,
    url: str,
    done: "StrOrPromise | Callable[[T], StrOrPromise]",
    next_url: str | Callable[[T], str] | None = None,
    form: forms.BaseForm | None = None,
    fields: Mapping[str, str] | None = None,
) -> HttpResponse | None:
    """A post's service call, ``act``, inside ``refusals`` (a conflict goes back to ``url``).
    The answer is the page to send: after success the redirect to ``next_url`` (else ``url``)
    with the message ``done`` (either may be read from what ``act`` returned), or the refusal's
    own; None when the refusal went beside the fields of ``form`` or into messages."""
    with refusals(request, form=form, conflict_url=url, fields=fields) as outcome:
        result = act()
    if outcome.response or not outcome.succeeded:
        return outcome.response
    messages.success(request, done(result) if callable(done) else done)
    return redirect(next_url(result) if callable(next_url) else next_url or url)


def form_act(
    request: HttpRequest,
    form: forms.BaseForm,
    act: Callable[[], T],
    *,
    url: str,
    done: "StrOrPromise | Callable[[T], StrOrPromise]",
    next_url: str | Callable[[T], str] | None = None,
    fields: Mapping[str, str] | None = None,
    offered: bool = True,
) -> HttpResponse | None:
    """A posted form's act: when the form is valid, or when the page did not offer the act (the
    service then says why it refuses, not the form), ``act_redirect``; None when the page is
    shown again with the form's errors."""
    if not form.is_valid() and offered:
        return None
    return act_redirect(
        request, act, url=url, done=done, next_url=next_url, form=form, fields=fields
    )


def posted_to(
    request: "AuthenticatedHttpRequest",
    form: ServiceForm,
    service: Callable[..., T],
    **keys: object,
) -> Callable[[], T]:
    """The call of ``service`` that a valid ``form`` posts: the page's ``keys`` (its object), who
    posts and from where, and the form's ``service_data``."""
    return lambda: service(
        **keys, by=request.user, client_ip=client_ip(request), **form.service_data()
    )


@dataclass(frozen=True)
class PageAct:
    """One of a page's posted forms (``posted_action`` names which): the service it posts to,
    the message after success and the page then shown by its URL name (None: the page's own)."""

    service: Callable[..., object]
    done: "StrOrPromise"
    next_page: str | None = None


def page_act(
    request: "AuthenticatedHttpRequest",
    form: ServiceForm,
    act: PageAct,
    *,
    url: str,
    fields: Mapping[str, str] | None = None,
    **keys: object,
) -> HttpResponse | None:
    """The posted ``form`` sent to ``act``'s service with the page's ``keys`` (``form_act``)."""
    return form_act(
        request,
        form,
        posted_to(request, form, act.service, **keys),
        url=url,
        done=act.done,
        next_url=reverse(act.next_page) if act.next_page else None,
        fields=fields,
    )


def posted_action(request: HttpRequest) -> str | None:
    """The ``action`` field of a post (which of a page's forms was sent), None on a GET."""
    return request.POST.get("action") if request.method == "POST" else None


def _error_messages(request: HttpRequest, error: ServiceError) -> None:
    """A refusal the user cannot fix in a form field (the state moved on, or a refusal)."""
    for problem in error.problems or []:
        messages.error(request, str(problem.message))
    if not error.problems:
        messages.error(request, str(error.detail))


def _visible_application(request: HttpRequest, pk: int) -> Application:
    """The application's type row (all its facts), or 404."""
    try:
        return access.application_get_visible(request.user, pk).detail
    except NotVisible:
        raise Http404 from None


def _visible_task(request: HttpRequest, task_id: int) -> Task:
    """The human task, or 404 when its application is not visible."""
    try:
        return task_selectors.task_get_visible(user=request.user, task_id=task_id)
    except NotVisible:
        raise Http404 from None


# Irreversible actions (withdraw, revoke, reject, not_accept) take two posts: the first, from the
# page's form, answers with a confirmation page that repeats the reason; only a post carrying
# ``confirmed=1`` reaches the service. The service still requires the reason itself.
CONFIRMED = "confirmed"


def is_confirmed(request: HttpRequest) -> bool:
    return request.POST.get(CONFIRMED) == "1"


def render_confirmation(
    request: HttpRequest,
    *,
    title: "StrOrPromise",
    consequence: "StrOrPromise",
    form: forms.BaseForm,
    reason_field: str,
    action_url: str,
    cancel_url: str,
    button: "StrOrPromise",
    keep: tuple[str, ...] = (),
) -> HttpResponse:
    """The confirmation page of an irreversible action: what it does, the reason (editable,
    required) and the posted fields named in ``keep`` carried along unchanged."""
    hidden = [
        (name, value)
        for name in keep
        if name not in (reason_field, CONFIRMED, "csrfmiddlewaretoken")
        for value in request.POST.getlist(name)
    ]
    return render(
        request,
        "web/confirm.html",
        {
            "title": title,
            "consequence": consequence,
            "reason": form[reason_field],
            "hidden": hidden,
            "action_url": action_url,
            "cancel_url": cancel_url,
            "button": button,
            "confirmed_name": CONFIRMED,
        },
    )


@dataclass(frozen=True)
class FormError:
    """One line of a page's error summary: the message and, for a field's error, the field's
    label and the id of its element (the line's link)."""

    message: str
    label: str = ""
    anchor: str = ""


def error_summary(*submitted: forms.BaseForm | None) -> list[FormError]:
    """Every error of the submitted forms, in their order, for the summary above them
    (``web/includes/error_summary.html``): after a failed submit focus goes there, so a
    keyboard or screen-reader user hears them all and follows a link to each field."""
    lines: list[FormError] = []
    for form in submitted:
        if form is None or not form.is_bound:
            continue
        lines += [FormError(str(error)) for error in form.non_field_errors()]
        lines += [
            FormError(str(error), str(field.label), field.auto_id or "")
            for field in form
            for error in field.errors
        ]
    return lines
