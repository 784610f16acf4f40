"""The error summary at the top of every page (``{% load permits_forms %}``, config/settings
TEMPLATES libraries): after a refused post, every error of the page's forms, each linked to its
field, above everything else, so that a phone shows it first (focus goes there)."""

from collections.abc import Iterable
from typing import Any

from django import forms, template
from django.forms.formsets import BaseFormSet

from .common import FormError, error_summary

register = template.Library()


@register.simple_tag(takes_context=True)
def page_error_summary(context: template.Context) -> list[FormError]:
    """The view's own ``error_summary`` when it gave one; else, after a post, the errors of
    every bound form of the page (a form, a formset, or one in a pair such as ``(notice id,
    form)``). A page of filters read from a GET shows its errors beside the fields only."""
    given = context.get("error_summary")
    if given:
        return list(given)
    request = context.get("request")
    if request is None or request.method != "POST":
        return []
    lines: list[FormError] = []
    seen: set[int] = set()
    for value in context.flatten().values():
        for form in _forms_in(value):
            if id(form) not in seen and form.is_bound and form.errors:
                seen.add(id(form))
                lines += error_summary(form)
    return lines


def _forms_in(value: Any) -> Iterable[forms.BaseForm]:
    if isinstance(value, forms.BaseForm):
        yield value
    elif isinstance(value, BaseFormSet):
        yield from value.forms
    elif isinstance(value, tuple):
        for item in value:
            if isinstance(item, forms.BaseForm | BaseFormSet):
                yield from _forms_in(item)
