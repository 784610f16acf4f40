"""Web forms. They collect input and show errors; every rule lives in the services they feed.

Layouts use viewflow's Material form renderer (``{% render form form.layout %}``).
"""

import re

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from viewflow.forms import FieldSet, Layout, Row

from roles.models import District, Jurisdiction

from .choices import (
    REVIEW_DECISIONS,
    AttachmentKind,
    Decision,
    Kind,
    Status,
)
from .errors import ServiceError
from .models import TendingDesign

# Applicants type compartments as "12-3, 12-4"; Chinese commas and 顿号 are accepted as well.
COMPARTMENT_SEPARATORS = re.compile(r"[,，、;；\s]+")


def problems_to_form(form: forms.Form, error: ServiceError) -> None:
    """Show a service's problems next to their fields, or above the form when no field matches."""
    for problem in error.problems or []:
        field = problem.field
        if field and field.endswith("_id"):
            field = field.removesuffix("_id")
        form.add_error(field if field in form.fields else None, str(problem.message))
    if not error.problems:
        form.add_error(None, str(error.detail))


class CompartmentsField(forms.CharField):
    """A list of compartment / sub-compartment numbers, entered as comma-separated text."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        return [part for part in COMPARTMENT_SEPARATORS.split(text or "") if part]


class DistrictChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.jurisdiction.name} · {obj.name}"


DATE_WIDGET = forms.DateInput(format="%Y-%m-%d")


def _model_label(name):
    """The model field's (translated) name, capitalised as ModelForm does for its own fields."""
    return capfirst(TendingDesign._meta.get_field(name).verbose_name)


class TendingDesignForm(forms.ModelForm):
    """天然林抚育作业设计. Every field may stay empty in a draft; submission checks completeness."""

    jurisdiction = forms.ModelChoiceField(
        label=_model_label("jurisdiction"), queryset=Jurisdiction.objects.all()
    )
    district = DistrictChoiceField(
        label=_model_label("district"),
        queryset=District.objects.select_related("jurisdiction"),
    )
    compartments = CompartmentsField(
        label=_model_label("compartments"),
        required=False,
        help_text=_("Separate several numbers with commas, e.g. 12-3, 12-4"),
    )

    layout = Layout(
        FieldSet(
            _("Application"),
            "title",
            Row("contact_name", "contact_phone"),
        ),
        FieldSet(
            _("Location"),
            Row("jurisdiction", "district"),
            Row("township", "village"),
            "compartments",
        ),
        FieldSet(
            _("Stand"),
            Row("forest_origin", "forest_type", "age_group"),
            Row("dominant_species", "canopy_density", "stand_density"),
            "protection_class",
        ),
        FieldSet(
            _("Operation"),
            Row("operation_type", "area_ha"),
            Row("thinning_intensity_pct", "removal_volume_m3"),
        ),
        FieldSet(_("Schedule"), Row("start_date", "end_date")),
        FieldSet(_("Funding"), Row("funding_source", "design_unit")),
    )

    class Meta:
        model = TendingDesign
        fields = [
            "title",
            "contact_name",
            "contact_phone",
            "jurisdiction",
            "district",
            "township",
            "village",
            "compartments",
            "forest_origin",
            "forest_type",
            "age_group",
            "dominant_species",
            "canopy_density",
            "stand_density",
            "protection_class",
            "operation_type",
            "area_ha",
            "thinning_intensity_pct",
            "removal_volume_m3",
            "start_date",
            "end_date",
            "funding_source",
            "design_unit",
        ]
        widgets = {"start_date": DATE_WIDGET, "end_date": DATE_WIDGET}

    def service_data(self) -> dict:
        """The cleaned values under the model field names the services take."""
        data = {name: self.cleaned_data[name] for name in self._meta.fields}
        data["jurisdiction_id"] = data.pop("jurisdiction").pk
        data["district_id"] = data.pop("district").pk
        return data


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Document type"),
        choices=AttachmentKind.choices,
        initial=AttachmentKind.DESIGN_DOCUMENT,
    )
    file = forms.FileField(label=_("File"))

    layout = Layout(Row("kind", "file"))


class ReasonForm(forms.Form):
    """Withdrawal and revocation: the reason goes into the audit trail (the service requires it
    where the law does)."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(d.value, d.label) for d in REVIEW_DECISIONS],
        widget=forms.RadioSelect,
        initial=Decision.APPROVE,
    )
    opinion = forms.CharField(
        label=_("Opinion"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Required when returning or rejecting: list everything the applicant must fix "
            "(one-time notice)."
        ),
    )


class ApplicationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    district = DistrictChoiceField(
        label=_("District"),
        required=False,
        queryset=District.objects.select_related("jurisdiction"),
    )

    layout = Layout(Row("q", "kind", "status", "district"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All")), *Kind.choices]
        self.fields["status"].choices = [("", _("All")), *Status.choices]


class TaskFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    district = DistrictChoiceField(
        label=_("District"),
        required=False,
        queryset=District.objects.select_related("jurisdiction"),
    )
    overdue = forms.ChoiceField(
        label=_("Overdue"),
        required=False,
        choices=[("", _("All")), ("1", _("Overdue only")), ("0", _("Within time limit"))],
    )

    layout = Layout(Row("kind", "district", "overdue"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All")), *Kind.choices]
