"""The inspection page's forms (检查验收, product.md §17 A2): the head's assignment (who of the
agency, which day) and an inspector's result, one row of fields per sampled 小班 (they work in
the field, on a phone). The service checks everything again; ``field_names`` maps its field
names (``parcels[1].measured_area_ha``) to these."""

from collections.abc import Mapping
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from core.messages import (
    MSG_ANSWER,
    MSG_FINDINGS_SUPERVISION,
    MSG_NOTE,
    MSG_OFFENCE_HELP,
    MSG_OFFENCE_LABEL,
    MSG_ORDER_REASON,
    MSG_PLANNED_ON,
    MSG_SCORE,
    MSG_TWO_INSPECTORS_SUPERVISION,
    MSG_YEAR_SUPERVISION,
)
from permits.choices import OperationType
from supervision.models import Inspection, InspectionKind, InspectionOutcome, InspectionStatus

from .common import ServiceForm, text_area
from .people import day_field, inspectors_field, person_choices
from .procedures import MultipleFileField

DECIMAL = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})


class InspectionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *InspectionStatus.choices]
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *InspectionKind.choices]
    )


class InspectionAssignForm(ServiceForm):
    inspectors = inspectors_field(
        _("Two or more of the agency's staff."), MSG_TWO_INSPECTORS_SUPERVISION
    )
    planned_on = day_field(_("Day of the inspection"), MSG_PLANNED_ON)

    def __init__(self, *args: Any, staff: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["inspectors"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = person_choices(staff)

    field_names = {"inspectors": "inspectors", "planned_on": "planned_on"}


class InspectionResultForm(ServiceForm):
    """The measurements of each sampled 小班, the score, the outcome and the findings."""

    score = forms.DecimalField(
        label=_("Score (0–100)"),
        min_value=0,
        max_value=100,
        widget=DECIMAL,
        error_messages=dict.fromkeys(("required", "invalid", "min_value", "max_value"), MSG_SCORE),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=InspectionOutcome.choices, widget=forms.RadioSelect
    )
    findings = text_area(
        _("Findings"),
        rows=4,
        max_length=4000,
        help_text=_("Required unless the inspection passes without notes."),
    )
    offence = text_area(MSG_OFFENCE_LABEL, rows=2, max_length=4000, help_text=MSG_OFFENCE_HELP)

    def __init__(
        self,
        *args: Any,
        inspection: Inspection,
        operation: str,
        allowances: Mapping[str, Mapping[str, Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.compartments = [str(code) for code in inspection.sample]
        # What the approval allows per 小班, shown beside its measurements.
        self.allowances = allowances or {}
        self.field_names: dict[str, str] = {
            "score": "score",
            "outcome": "outcome",
            "findings": "findings",
            "offence": "offence",
        }
        self.rows: list[tuple[str, list[str]]] = []
        for index, code in enumerate(self.compartments):
            prefix = f"p{index}_"
            self.fields[f"{prefix}area"] = forms.DecimalField(
                label=_("Measured area (ha)"), min_value=0, widget=DECIMAL
            )
            self.fields[f"{prefix}operation"] = forms.ChoiceField(
                label=_("Operation done"),
                choices=[("", "—"), *OperationType.choices],
                initial=operation,
                required=False,
            )
            self.fields[f"{prefix}intensity"] = forms.DecimalField(
                label=_("Intensity (%)"), min_value=0, max_value=100, required=False, widget=DECIMAL
            )
            self.fields[f"{prefix}volume"] = forms.DecimalField(
                label=_("Volume removed (m³)"), min_value=0, required=False, widget=DECIMAL
            )
            names = {
                "measured_area_ha": "area",
                "operation_type": "operation",
                "intensity_pct": "intensity",
                "volume_m3": "volume",
                "compartment": "area",
            }
            for service_name, own in names.items():
                self.field_names[f"parcels[{index}].{service_name}"] = f"{prefix}{own}"
            self.rows.append(
                (code, [f"{prefix}{n}" for n in ("area", "operation", "intensity", "volume")])
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        outcome = data.get("outcome")
        if (
            outcome
            and outcome != InspectionOutcome.PASS
            and not (data.get("findings") or "").strip()
        ):
            self.add_error("findings", str(MSG_FINDINGS_SUPERVISION))
        return data

    def parcels(self) -> list[dict[str, Any]]:
        """The measurements as the service takes them."""
        rows = []
        for index, code in enumerate(self.compartments):
            prefix = f"p{index}_"
            row: dict[str, Any] = {
                "compartment": code,
                "measured_area_ha": str(self.cleaned_data[f"{prefix}area"]),
            }
            for own, name in (
                ("operation", "operation_type"),
                ("intensity", "intensity_pct"),
                ("volume", "volume_m3"),
            ):
                value = self.cleaned_data.get(f"{prefix}{own}")
                if value not in (None, ""):
                    row[name] = str(value)
            rows.append(row)
        return rows

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "parcels": self.parcels(),
            "score": data["score"],
            "outcome": data["outcome"],
            "findings": data.get("findings", ""),
        }

    def bound_rows(
        self,
    ) -> list[tuple[str, list[forms.BoundField], Mapping[str, Any] | None]]:
        """Each sampled 小班: its code, its fields and what the approval allows for it."""
        return [
            (code, [self[name] for name in names], self.allowances.get(code))
            for code, names in self.rows
        ]


class RectificationAnswerForm(ServiceForm):
    """The holder's answer: what was corrected, with photos (checked by the service)."""

    answer = text_area(_("What was corrected"), rows=5, max_length=4000, required=MSG_ANSWER)
    photos = MultipleFileField(label=_("Photos"), required=False)

    def service_data(self) -> dict[str, Any]:
        return {
            "answer": self.cleaned_data["answer"],
            "uploads": self.cleaned_data.get("photos") or [],
        }


class RectificationDecisionForm(ServiceForm):
    """The agency's 销号 or escalation, with its reason."""

    note = text_area(_("Reason"), rows=3, max_length=4000, required=MSG_NOTE)


class SpotCheckDrawForm(forms.Form):
    """The year whose district-accepted designs the municipal agency draws (product.md §17 A3)."""

    year = forms.IntegerField(
        label=_("Year"),
        min_value=2000,
        error_messages=dict.fromkeys(("required", "invalid", "min_value"), MSG_YEAR_SUPERVISION),
    )


class RectificationOrderForm(forms.Form):
    """What the holder of an overdue obligation must file or correct, and why."""

    opinion = text_area(_("What to correct"), rows=4, max_length=4000, required=MSG_ORDER_REASON)


class ControlReportFinaliseForm(forms.Form):
    report = forms.IntegerField(widget=forms.HiddenInput)
    note = text_area(_("Note"), rows=2, max_length=4000)
