"""The web door's one translation of a service refusal (web.common.refusals)."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from core.errors import (
    InvalidInput,
    NotAllowed,
    NotVisible,
    Problem,
    RulesViolated,
    StateConflict,
)
from web.common import refusals


class ReasonForm(forms.Form):
    reason = forms.CharField(required=False)


@pytest.fixture
def request_():
    request = RequestFactory().post("/")
    request._messages = CookieStorage(request)
    return request


def texts(request) -> list[str]:
    return [str(m) for m in get_messages(request)]


def test_success_leaves_the_outcome_empty(request_):
    with refusals(request_) as outcome:
        pass
    assert outcome.succeeded and outcome.response is None and texts(request_) == []


@pytest.mark.parametrize(
    ("error", "raised"), [(NotVisible(), Http404), (NotAllowed(), PermissionDenied)]
)
def test_access_refusals_become_404_and_403(request_, error, raised):
    with pytest.raises(raised), refusals(request_, form=ReasonForm({}), conflict_url="/x/"):
        raise error


def test_conflict_with_a_url_is_a_message_and_a_redirect(request_):
    form = ReasonForm({})
    with refusals(request_, form=form, conflict_url="/detail/") as outcome:
        raise StateConflict("moved on")
    assert outcome.response.status_code == 302 and outcome.response.url == "/detail/"
    assert texts(request_) == ["moved on"]
    assert not form.errors


def test_other_refusals_go_next_to_the_form_fields(request_):
    form = ReasonForm({})
    form.is_valid()
    with refusals(request_, form=form, conflict_url="/detail/") as outcome:
        raise InvalidInput(problems=[Problem("reason", "required", "A reason is required.")])
    assert not outcome.succeeded and outcome.response is None
    assert form.errors == {"reason": ["A reason is required."]}
    assert texts(request_) == []


def test_without_a_form_refusals_are_messages(request_):
    with refusals(request_) as outcome:
        raise InvalidInput(problems=[Problem(None, "a", "first"), Problem(None, "b", "second")])
    assert texts(request_) == ["first", "second"] and outcome.response is None


def test_left_refusals_are_only_recorded(request_):
    form = ReasonForm({})
    form.is_valid()
    error = RulesViolated(problems=[Problem("reason", "rule_violation", "O3")])
    with refusals(request_, form=form, leave=(RulesViolated,)) as outcome:
        raise error
    assert outcome.error is error and not form.errors and texts(request_) == []


def test_other_exceptions_pass_through(request_):
    with pytest.raises(ZeroDivisionError), refusals(request_):
        1 / 0  # noqa: B018
