"""The task page's special procedures (product.md §16 L3; Administrative Licensing Law art. 45):
record one, and record its end with the result. The service checks everything again; these
fields give the same messages beside the field before it is asked."""

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from viewflow.forms import Layout

from core.messages import (
    MSG_DAYS,
    MSG_KIND_WORKFLOWS,
    MSG_REASON_REQUIRED_WORKFLOWS,
    MSG_RESULT_REQUIRED,
    MSG_TOO_MANY_RESULT_FILES,
)
from workflows.models import SPECIAL_PROCEDURE_MAX_WORKING_DAYS, SpecialProcedureKind

from .common import PostedForm, record_text

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The service's message with its bound, translated when shown.
MSG_DAYS_RANGE = format_lazy(MSG_DAYS, most=SPECIAL_PROCEDURE_MAX_WORKING_DAYS)
# Files of one result (each checked by the service like any upload).
RESULT_FILES_MAX = 10

PROCEDURE_HELP = _(
    "The time of a hearing, an inspection, test or quarantine, an appraisal, an expert review or "
    "a tender is not counted in the decision period (Administrative Licensing Law art. 45). A "
    "notice is issued to the applicant, and the clock stops until you record the end."
)
# A 批复's: its time is out of the agency's commitment, as the 批复's notice says (no art. 45).
PROCEDURE_HELP_APPROVAL = _(
    "The time of a hearing, an inspection, test or quarantine, an appraisal, an expert review or "
    "a tender is not counted in the committed time limit. A notice is issued to the applicant, "
    "and the clock stops until you record the end."
)
RESULT_HELP = _("What the procedure found; the applicant reads it with the application.")


class SpecialProcedureForm(PostedForm):
    """Start a special procedure on the task's step: its kind, why, and how long it is expected
    to take (the notice to the applicant states all three). ``kind_required``: the kind's
    message in the words of the decision's form (``web.procedures.procedure_start_form``)."""

    kind = forms.ChoiceField(
        label=_("Kind of procedure"),
        choices=[("", "—"), *SpecialProcedureKind.choices],
        error_messages={"required": MSG_KIND_WORKFLOWS, "invalid_choice": MSG_KIND_WORKFLOWS},
    )
    reason = record_text(_("Reason"), rows=3, required=MSG_REASON_REQUIRED_WORKFLOWS)
    expected_working_days = forms.IntegerField(
        label=_("Expected working days"),
        min_value=1,
        max_value=SPECIAL_PROCEDURE_MAX_WORKING_DAYS,
        error_messages=dict.fromkeys(
            ("required", "invalid", "min_value", "max_value"), MSG_DAYS_RANGE
        ),
    )

    layout = Layout("kind", "reason", "expected_working_days")

    def __init__(
        self, *args: Any, kind_required: "StrOrPromise" = MSG_KIND_WORKFLOWS, **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", "procedure")
        super().__init__(*args, **kwargs)
        messages = self.fields["kind"].error_messages
        messages["required"] = messages["invalid_choice"] = kind_required


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name (Django's documented recipe): a list, empty when none."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class SpecialProcedureEndForm(PostedForm):
    """End the running special procedure: its result, and the files that carry it (expert
    opinions, test reports, the hearing's record)."""

    result = record_text(_("Result"), rows=4, required=MSG_RESULT_REQUIRED, help_text=RESULT_HELP)
    files_field = "result_files"
    result_files = MultipleFileField(label=_("Result files (optional)"), required=False)

    layout = Layout("result")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "procedure-end")
        super().__init__(*args, **kwargs)

    def clean_result_files(self) -> list[Any]:
        files: list[Any] = self.cleaned_data["result_files"]
        if len(files) > RESULT_FILES_MAX:
            raise forms.ValidationError(MSG_TOO_MANY_RESULT_FILES % {"most": RESULT_FILES_MAX})
        return files
