"""The forms of what a permit holder files after approval (product.md §17): one form per
obligation kind, its fields those the service checks (``permits.filings.FIELDS``); a tending
completion has one row per approved 小班."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from viewflow.forms import Layout, Row

from permits.choices import ObligationKind, ObligationStatus, OperationType
from permits.filings import FIELDS, MAX_PHOTOS, Containment
from permits.models import Application
from supervision.services import FILING_EXTRA_FIELDS

from .procedures import MultipleFileField

CONTAINMENT_LABELS = {
    "contained": _("Contained"),
    "partly_contained": _("Partly contained"),
    "not_contained": _("Not contained"),
}

DATE = forms.DateInput(attrs={"type": "date"})
TEXT = forms.Textarea(attrs={"rows": 3})


def _fields(kind: str) -> dict[str, forms.Field]:
    containment = forms.ChoiceField(
        label=_("Containment"),
        choices=[(c, CONTAINMENT_LABELS[c]) for c in Containment.CHOICES],
    )
    by_kind: dict[str, dict[str, forms.Field]] = {
        ObligationKind.RESTORATION_COMPLETION: {
            "completed_on": forms.DateField(label=_("Restoration completed on"), widget=DATE),
            "area_ha": forms.DecimalField(label=_("Area restored (ha)"), min_value=0),
            "species": forms.CharField(label=_("Species planted"), max_length=2000),
            "survival_pct": forms.DecimalField(
                label=_("Survival rate (%)"), min_value=0, max_value=100
            ),
            "measures": forms.CharField(label=_("Measures taken"), widget=TEXT, max_length=2000),
        },
        ObligationKind.MONITORING: {
            "alive_count": forms.IntegerField(label=_("Individuals alive"), min_value=0),
            "escaped": forms.BooleanField(label=_("Any escaped"), required=False),
            "escape_count": forms.IntegerField(
                label=_("Number escaped"), min_value=0, required=False
            ),
            "escape_place": forms.CharField(
                label=_("Where they escaped"), max_length=2000, required=False
            ),
            "containment": containment,
            "disposal": forms.CharField(
                label=_("Disposal"), widget=TEXT, max_length=2000, required=False
            ),
        },
        ObligationKind.ANNUAL_CONTROL: {
            "alive_count": forms.IntegerField(label=_("Individuals alive"), min_value=0),
            "escapes": forms.IntegerField(label=_("Escapes this year"), min_value=0),
            "measures": forms.CharField(label=_("Control measures"), widget=TEXT, max_length=2000),
        },
        ObligationKind.ESCAPE_INCIDENT: {
            "occurred_on": forms.DateField(label=_("Escape noticed on"), widget=DATE),
            "escape_count": forms.IntegerField(label=_("Number escaped"), min_value=0),
            "escape_place": forms.CharField(label=_("Where they escaped"), max_length=2000),
            "containment": containment,
            "measures": forms.CharField(label=_("Measures taken"), widget=TEXT, max_length=2000),
        },
        ObligationKind.FELLING_PERMIT: {
            "permit_number": forms.CharField(label=_("Felling permit number"), max_length=100),
            "issued_on": forms.DateField(label=_("Issued on"), widget=DATE),
            "issuing_agency": forms.CharField(label=_("Issued by"), max_length=200),
        },
        ObligationKind.WORK_START: {
            "started_on": forms.DateField(label=_("Work started on"), widget=DATE),
        },
        ObligationKind.TENDING_COMPLETION: {
            "completed_on": forms.DateField(label=_("Work completed on"), widget=DATE),
        },
    }
    return by_kind[kind]


class FilingForm(forms.Form):
    """One filing: the kind's fields, a note and photos. ``data()`` is what the service takes;
    ``field_names`` maps the service's field names back to this form's."""

    def __init__(self, *args: Any, kind: str, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields.update(_fields(kind))
        self.compartments: list[str] = []
        self.field_names: dict[str, str] = {f"data.{name}": name for name in self.fields}
        rows: list[Any] = list(self.fields)
        if kind == ObligationKind.TENDING_COMPLETION:
            self.compartments = [str(c) for c in getattr(application, "compartments", None) or []]
            operation = getattr(application, "operation_type", "")
            intensity = getattr(application, "thinning_intensity_pct", None)
            for index, compartment in enumerate(self.compartments):
                prefix = f"parcel_{index}_"
                self.fields[f"{prefix}area_ha"] = forms.DecimalField(
                    label=_("Sub-compartment %(code)s: area treated (ha)") % {"code": compartment},
                    min_value=0,
                )
                self.fields[f"{prefix}operation_type"] = forms.ChoiceField(
                    label=_("Operation done"), choices=OperationType.choices, initial=operation
                )
                self.fields[f"{prefix}intensity_pct"] = forms.DecimalField(
                    label=_("Intensity (%)"),
                    min_value=0,
                    max_value=100,
                    required=False,
                    initial=intensity,
                )
                self.fields[f"{prefix}volume_m3"] = forms.DecimalField(
                    label=_("Volume removed (m³)"), min_value=0, required=False
                )
                names = ("area_ha", "operation_type", "intensity_pct", "volume_m3")
                for name in names:
                    self.field_names[f"data.parcels[{index}].{name}"] = f"{prefix}{name}"
                self.field_names[f"data.parcels[{index}].compartment"] = f"{prefix}area_ha"
                rows.append(Row(*(f"{prefix}{name}" for name in names)))
            self.field_names["data.parcels"] = "completed_on"
        self.fields["note"] = forms.CharField(
            label=_("Note"), widget=TEXT, max_length=2000, required=False
        )
        self.fields["photos"] = MultipleFileField(
            label=_("Photos (at most %(max)s)") % {"max": MAX_PHOTOS}, required=False
        )
        self.field_names["photos"] = "photos"
        self.layout = Layout(*rows, "note", "photos")

    def data_for_service(self) -> dict[str, Any]:
        cleaned = self.cleaned_data
        data: dict[str, Any] = {
            name: _plain(cleaned.get(name)) for name in _fields(self.kind) if name in cleaned
        }
        if self.kind == ObligationKind.TENDING_COMPLETION:
            data["parcels"] = [
                {
                    "compartment": compartment,
                    **{
                        name: _plain(cleaned.get(f"parcel_{index}_{name}"))
                        for name in ("area_ha", "operation_type", "intensity_pct", "volume_m3")
                    },
                }
                for index, compartment in enumerate(self.compartments)
            ]
        if self.kind == ObligationKind.MONITORING and not data.get("escaped"):
            data.pop("escape_count", None)
            data.pop("escape_place", None)
        return {key: value for key, value in data.items() if value is not None}


def _plain(value: Any) -> Any:
    """A form value as JSON would carry it."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return str(value)


class ObligationFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All"))] + ObligationStatus.choices, required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All"))] + ObligationKind.choices, required=False
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)


PARCEL_LABELS = {
    "compartment": _("Sub-compartment"),
    "area_ha": _("Area treated (ha)"),
    "operation_type": _("Operation done"),
    "intensity_pct": _("Intensity (%)"),
    "volume_m3": _("Volume removed (m³)"),
}


def filing_lines(filing: Any) -> list[tuple[Any, str]]:
    """A filing's data as (label, text) lines for the pages, in the form's order; the 小班 of a
    tending completion one line each."""
    kind = filing.obligation.kind
    labels = {name: field.label for name, field in _fields(kind).items()}
    lines: list[tuple[Any, str]] = []
    for name, value in (filing.data or {}).items():
        if name == "parcels":
            for parcel in value or []:
                shown = dict(parcel)
                if shown.get("operation_type") in OperationType.values:
                    shown["operation_type"] = OperationType(shown["operation_type"]).label
                text = "; ".join(
                    f"{PARCEL_LABELS[key]} {shown[key]}"
                    for key in ("area_ha", "operation_type", "intensity_pct", "volume_m3")
                    if shown.get(key) not in (None, "")
                )
                lines.append((PARCEL_LABELS["compartment"], f"{parcel.get('compartment')}: {text}"))
            continue
        if name == "containment":
            value = CONTAINMENT_LABELS.get(value, value)
        elif isinstance(value, bool):
            value = _("Yes") if value else _("No")
        lines.append((labels.get(name, name), str(value)))
    return lines


def filing_return_targets(kind: str) -> list[tuple[Any, Any]]:
    """What an item of a filing's return may name (``web.forms.returns.TargetChoices``): the
    filing as a whole, one of its kind's fields, its note or its photos."""
    labels = {name: field.label for name, field in _fields(kind).items()}
    if kind == ObligationKind.TENDING_COMPLETION:
        labels["parcels"] = _("Sub-compartments")
    names = [*FIELDS[kind], *FILING_EXTRA_FIELDS]
    extra = {"note": _("Note"), "photos": _("Photos")}
    fields = [(f"field:{name}", labels.get(name) or extra.get(name, name)) for name in names]
    return [("", _("The filing as a whole")), (_("Field"), fields)]
