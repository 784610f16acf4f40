"""People: absences and their substitutes, reassignment."""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib.auth.models import User
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from viewflow.forms import Layout, Row

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The browser's date picker reads and writes ISO dates, whatever the page's language.
ISO_DATE_PICKER = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def day_field(label: "StrOrPromise", message: "StrOrPromise") -> forms.DateField:
    """A required day from the picker; ``message`` whether it is missing or not a day."""
    return forms.DateField(
        label=label,
        widget=ISO_DATE_PICKER,
        error_messages=dict.fromkeys(("required", "invalid"), message),
    )


def inspectors_field(
    help_text: "StrOrPromise",
    too_few: "StrOrPromise",
    not_staff: "StrOrPromise | None" = None,
) -> forms.MultipleChoiceField:
    """The people who went (a site check's, a report's, a patch's, an inspection's), ticked
    among the choices the form is given; ``not_staff`` names a refused one."""
    messages: dict[str, Any] = {"required": too_few}
    if not_staff is not None:
        # Django fills in the refused value.
        messages["invalid_choice"] = format_lazy(not_staff, names="%(value)s")
    return forms.MultipleChoiceField(
        label=_("Inspectors"),
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
        error_messages=messages,
    )


def person_choices(people: Iterable[User]) -> list[tuple[str, str]]:
    return [
        (
            person.get_username(),
            f"{person.get_full_name() or person.get_username()} ({person.get_username()})",
        )
        for person in people
    ]


class AbsenceForm(forms.Form):
    """A member declares an absence and names a colleague who acts on their tasks meanwhile."""

    substitute = forms.ChoiceField(label=_("Substitute"))
    starts = forms.DateField(label=_("First day"), widget=ISO_DATE_PICKER)
    ends = forms.DateField(label=_("Last day"), widget=ISO_DATE_PICKER)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=200)

    layout = Layout("substitute", Row("starts", "ends"), "reason")

    def __init__(self, *args: Any, candidates: Iterable[User] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["substitute"]).choices = person_choices(candidates)


class ReassignForm(forms.Form):
    """The head of the task's agency gives the task to another member who may act on its step."""

    to = forms.ChoiceField(label=_("Reassign to"))
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, candidates: Iterable[User] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["to"]).choices = person_choices(candidates)


class ExtensionForm(forms.Form):
    """The head's extension of the decision period: its reason, read back on the confirmation
    page (the service checks it again and says why it refuses)."""

    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea)
