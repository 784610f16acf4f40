"""What the forms of several pages share: a form posted to a service, a radio choice, service
problems shown on a form, the district choice, the lists' text search, a text typed over lines."""

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Self

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from core.errors import ServiceError
from core.messages import MSG_SEARCH_HELP
from permits.models import Application
from permits.selectors import SEARCH_MAX_LENGTH
from roles.models import District
from workflows.services import MSG_TOO_LONG, TEXT_MAX

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


class ServiceForm(forms.Form):
    """A form posted to one service: its clean fields are the service's keywords, as
    ``service_data`` gives them (a form whose fields differ says how)."""

    @classmethod
    def for_application(cls, data: Any, files: Any, application: "Application") -> Self:
        """The form bound to the post as the page of ``application`` offers it."""
        return cls(data, files)

    def service_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class PostedForm(ServiceForm):
    """A form the service judges even where the page did not offer it (the service then says
    why it refuses, not the form): its service data are the clean values, or what was posted
    when the form is not valid. The files of ``files_field`` go to the service as ``uploads``,
    from a valid form only."""

    files_field = ""

    def service_data(self) -> dict[str, Any]:
        valid = self.is_valid()
        data = {name: self._posted(name) for name in self.fields if name != self.files_field}
        if self.files_field:
            data["uploads"] = (self.cleaned_data.get(self.files_field) or ()) if valid else ()
        return data

    def _posted(self, name: str) -> object:
        if name in self.cleaned_data:
            return self.cleaned_data[name]
        if not isinstance(self.fields[name], forms.MultipleChoiceField):
            return self.data.get(self.add_prefix(name))
        return self.data.getlist(self.add_prefix(name)) if isinstance(self.data, QueryDict) else []


def text_area(
    label: "StrOrPromise",
    *,
    rows: int,
    max_length: int | None = None,
    required: "StrOrPromise | None" = None,
    too_long: "StrOrPromise | None" = None,
    **options: Any,
) -> forms.CharField:
    """Text typed over ``rows`` lines: ``required`` is the message when it is left empty (None:
    the field is optional), ``too_long`` the one beyond ``max_length``."""
    messages = {"required": required, "max_length": too_long}
    return forms.CharField(
        label=label,
        required=required is not None,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={name: text for name, text in messages.items() if text is not None},
        **options,
    )


def record_text(
    label: "StrOrPromise", *, rows: int, required: "StrOrPromise | None" = None, **options: Any
) -> forms.CharField:
    """A ``text_area`` of a record the workflows services keep: at most their ``TEXT_MAX``
    characters, ``MSG_TOO_LONG`` beyond."""
    return text_area(
        label, rows=rows, max_length=TEXT_MAX, required=required, too_long=MSG_TOO_LONG, **options
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
