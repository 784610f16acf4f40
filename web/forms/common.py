"""What the forms of several pages share: a radio choice, service problems shown on a form,
the district choice, the lists' text search."""

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.errors import ServiceError
from permits.selectors import SEARCH_MAX_LENGTH
from roles.models import District

from ..messages import MSG_SEARCH_HELP

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def radio_field(
    label: "StrOrPromise", choices: Iterable[tuple[str, Any]], message: "StrOrPromise"
) -> forms.ChoiceField:
    """A required choice among radio buttons; ``message`` whether none or another is posted."""
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages=dict.fromkeys(("required", "invalid_choice"), message),
    )


def problems_to_form(
    form: forms.BaseForm, error: ServiceError, fields: Mapping[str, str] | None = None
) -> None:
    """Show a service's problems next to their fields, or above the form when no field matches.
    ``fields`` renames the service's field names to the form's (``{"file": "site_file"}``)."""
    for problem in error.problems or []:
        field = (fields or {}).get(problem.field or "", problem.field)
        if field and field.endswith("_id"):
            field = field.removesuffix("_id")
        form.add_error(field if field in form.fields else None, str(problem.message))
    if not error.problems:
        form.add_error(None, str(error.detail))


# ModelChoiceField is generic only in django-stubs, not subscriptable at run time.
if TYPE_CHECKING:
    _DistrictChoiceField = forms.ModelChoiceField[District]
else:
    _DistrictChoiceField = forms.ModelChoiceField


class DistrictChoiceField(_DistrictChoiceField):
    def label_from_instance(self, obj: District) -> str:
        return f"{obj.jurisdiction.name} · {obj.name}"


def search_field() -> forms.CharField:
    """The lists' one text search (permits.selectors.application_search)."""
    return forms.CharField(
        label=_("Search"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        help_text=MSG_SEARCH_HELP,
        widget=forms.TextInput({"type": "search"}),
    )
