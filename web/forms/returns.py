"""Returns: the reviewer's items to correct (on the task page), the applicant's correction
note and the files answering items (on the edit page)."""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.db import models
from django.http import QueryDict
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.messages import MSG_ITEM_MESSAGE_REQUIRED
from permits.choices import Kind, attachment_kinds_of
from permits.models import DETAIL_MODEL
from permits.services import application_field_names

from .applications import section_field_names
from .common import text_area

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

RETURN_ITEM_ROWS = 0  # rows appear when the reviewer adds one (or chooses "return", with JS)


# Django's choices with named groups: (value, label), or (group label, [(value, label), …]).
TargetChoices = list[tuple["StrOrPromise", "StrOrPromise | Sequence[tuple[str, StrOrPromise]]"]]


def _model_field(model: type[models.Model], name: str) -> "models.Field[Any, Any]":
    # Every name here is a concrete field of the model (never a reverse relation).
    return cast("models.Field[Any, Any]", model._meta.get_field(name))


def return_item_targets(kind: str) -> TargetChoices:
    """What a return item may name: nothing, one of the kind's fields (in the form's order), or
    an attachment kind; a field is ``field:<name>``, an attachment kind ``attachment:<kind>``."""
    model = DETAIL_MODEL[kind]
    names = section_field_names(kind)
    names += [n for n in application_field_names(kind) if n not in names]
    fields = [(f"field:{n}", capfirst(_model_field(model, n).verbose_name)) for n in names]
    kinds = [(f"attachment:{k.value}", k.label) for k in attachment_kinds_of(kind)]
    return [
        ("", _("The application as a whole")),
        (_("Field"), fields),
        (_("Attachment"), kinds),
    ]


class ReturnItemForm(forms.Form):
    """One thing to correct: where (a field, an attachment kind, or the whole) and what."""

    target = forms.ChoiceField(label=_("Concerns"), required=False)
    message = text_area(_("What to correct"), rows=2, max_length=2000)

    def __init__(
        self,
        *args: Any,
        kind: str = Kind.TENDING,
        targets: TargetChoices | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = return_item_targets(kind) if targets is None else targets
        cast(forms.ChoiceField, self.fields["target"]).choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("target") and not (data.get("message") or "").strip():
            self.add_error("message", MSG_ITEM_MESSAGE_REQUIRED)
        return data

    def item(self) -> dict[str, str | None] | None:
        """The item as the service takes it; None for a row left blank."""
        target, message = self.cleaned_data.get("target"), self.cleaned_data.get("message")
        if not (message or "").strip():
            return None
        where, _sep, name = (target or "").partition(":")
        return {
            "field": name if where == "field" else None,
            "attachment_kind": name if where == "attachment" else None,
            "message": message,
        }


# BaseFormSet is generic only in django-stubs, not subscriptable at run time.
if TYPE_CHECKING:
    _ReturnItemBaseFormSet = forms.BaseFormSet[ReturnItemForm]
else:
    _ReturnItemBaseFormSet = forms.BaseFormSet


class BaseReturnItemFormSet(_ReturnItemBaseFormSet):
    def items(self) -> list[dict[str, str | None]]:
        return [item for form in self.forms if (item := form.item()) is not None]


ReturnItemFormSet = forms.formset_factory(
    ReturnItemForm,
    formset=BaseReturnItemFormSet,
    extra=RETURN_ITEM_ROWS,
    max_num=50,
    validate_max=True,
)


def return_item_formset(
    data: QueryDict | None = None,
    *,
    kind: str,
    add_row: bool = False,
    targets: TargetChoices | None = None,
) -> BaseReturnItemFormSet:
    """The return's items; ``add_row`` re-displays the posted rows with one more blank row (the
    "add another item" button, which needs no JavaScript). ``targets``: what an item may name
    when it is not the application's fields (a filing's, ``filing_return_targets``)."""
    if data is not None and add_row:
        data = data.copy()
        key = "items-TOTAL_FORMS"
        try:
            data[key] = str(min(int(data.get(key, "0")), 49) + 1)
        except ValueError:
            data[key] = str(RETURN_ITEM_ROWS)
    formset = ReturnItemFormSet(
        data, prefix="items", form_kwargs={"kind": kind, "targets": targets}
    )
    return cast(BaseReturnItemFormSet, formset)


class ResubmitForm(forms.Form):
    """The applicant's answer to a return (补正说明), sent with the resubmission."""

    note = text_area(
        _("Correction note"),
        rows=4,
        max_length=2000,
        help_text=_(
            "Say what you corrected for each item; the reviewer reads it with your changes."
        ),
    )


class ReturnUploadForm(forms.Form):
    """A file answering a return item that asks for a kind of document, chosen on the edit page
    beside the item (its prefix names the kind)."""

    file = forms.FileField(label=_("File"), required=False)
