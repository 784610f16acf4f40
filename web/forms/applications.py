"""The application forms (one per kind, in the sections the application page shows), its
attachments, withdrawal and revocation, and the applications list's filters."""

import json
import re
from typing import TYPE_CHECKING, Any, cast
from xml.etree import ElementTree

from django import forms
from django.http import QueryDict
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from viewflow.forms import FieldSet, Layout, Row, Span

from core import jsonsafe
from core.messages import MSG_REASON_REQUIRED
from permits.choices import AttachmentKind, Kind, Status
from permits.facts import detail_field_names
from permits.models import (
    APPLICATION_FIELDS,
    Application,
    IntroductionApplication,
    OccupationRequest,
    TendingDesign,
)
from roles.models import District, Jurisdiction

from .common import DistrictChoiceField, search_field, text_area

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from permits.uploads import Upload

# Applicants type compartments as "12-3, 12-4"; Chinese commas and 顿号 are accepted as well.
COMPARTMENT_SEPARATORS = re.compile(r"[,，、;；\s]+")


class CompartmentsField(forms.CharField):
    """A list of compartment / sub-compartment numbers, entered as comma-separated text."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        return value

    # A list of numbers where CharField cleans to a str: the field's whole point.
    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value)
        return [part for part in COMPARTMENT_SEPARATORS.split(text or "") if part]


DATE_WIDGET = forms.DateInput(format="%Y-%m-%d")

# The fields every type's form shares (the shared Application row); the type's own fields follow.
COMMON_FORM_FIELDS = APPLICATION_FIELDS

# Each type's form in sections of rows; the application page groups its facts the same way.
# A section: its title and its rows of field names.
Section = tuple["StrOrPromise", list[tuple[str, ...]]]
APPLICATION_SECTION: Section = (
    _("Application"),
    [("title",), ("contact_name", "contact_phone")],
)
LOCATION_ROWS: list[tuple[str, ...]] = [("jurisdiction", "district"), ("township", "village")]
SECTIONS: dict[str, list[Section]] = {
    Kind.TENDING: [
        APPLICATION_SECTION,
        (_("Operation site"), [*LOCATION_ROWS, ("compartments",)]),
        (
            _("Stand"),
            [
                ("forest_origin", "forest_type", "age_group"),
                ("dominant_species", "canopy_density", "stand_density"),
                ("protection_class",),
            ],
        ),
        (
            _("Operation"),
            [("operation_type", "area_ha"), ("thinning_intensity_pct", "removal_volume_m3")],
        ),
        (_("Schedule"), [("start_date", "end_date")]),
        (_("Funding"), [("funding_source", "design_unit")]),
    ],
    Kind.OCCUPATION: [
        APPLICATION_SECTION,
        (_("Occupation site"), LOCATION_ROWS),
        (
            _("Project"),
            [("project_name",), ("project_type", "project_approval_ref")],
        ),
        (
            _("Forest land"),
            [
                ("land_category", "forest_category"),
                ("protection_class", "area_ha"),
                ("destroys_surface_vegetation",),
                # What the restoration fee rests on (财税〔2015〕122号 二, 三).
                ("public_welfare_forest", "urban_planning_area"),
                ("fee_exemption",),
            ],
        ),
        (
            _("Occupation"),
            [("occupation_kind", "duration_months"), ("restoration_plan",)],
        ),
    ],
    Kind.INTRODUCTION: [
        APPLICATION_SECTION,
        (_("Location"), [*LOCATION_ROWS, ("introduction_site",)]),
        (
            _("Species"),
            [("scientific_name", "chinese_name"), ("taxon_group", "origin_country")],
        ),
        (
            _("Introduction"),
            [("quantity", "quantity_unit", "purpose"), ("habitat_domain",)],
        ),
        (
            _("Containment and monitoring"),
            [("containment_measures",), ("monitoring_interval_months", "monitoring_years")],
        ),
    ],
}


# Fields the form's "Site" section shows beside the map (includes/site_form.html), not the layout.
SITE_FORM_FIELDS = ("site_file", "site_geometry")


def section_field_names(kind: str) -> list[str]:
    return [name for _title, rows in SECTIONS[kind] for row in rows for name in row]


class FieldWithReturnItems(Span):
    """A field, followed by what the open return asks to correct in it (the form's
    ``return_items``, field name → messages): the applicant answers each item where it applies."""

    def append(self, layout: Layout, form: forms.BaseForm, root: ElementTree.Element) -> None:
        super().append(layout, form, root)
        for message in getattr(form, "return_items", {}).get(self.field_name, ()):
            note = ElementTree.SubElement(
                root,
                "div",
                {"class": "permits-return-item", "data-return-item": self.field_name},
            )
            ElementTree.SubElement(note, "strong").text = str(RETURN_ITEM_PREFIX)
            ElementTree.SubElement(note, "span").text = message


RETURN_ITEM_PREFIX = _("To correct:")


def sections_layout(kind: str) -> Layout:
    def node(row: tuple[str, ...]) -> "Row | FieldWithReturnItems":
        spans = [FieldWithReturnItems(name) for name in row]
        return Row(*spans) if len(spans) > 1 else spans[0]

    return Layout(
        *(FieldSet(title, *(node(row) for row in rows)) for title, rows in SECTIONS[kind])
    )


def form_field_names(model: type[Application]) -> list[str]:
    """What the applicant fills in: the shared facts and every field of the type's own model."""
    return [*COMMON_FORM_FIELDS, *detail_field_names(model)]


def _model_label(name: str) -> "StrOrPromise":
    """The model field's (translated) name, capitalised as ModelForm does for its own fields."""
    label: StrOrPromise = Application._meta.get_field(name).verbose_name
    return capfirst(label)


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class SiteGeometryField(forms.JSONField):
    """The site as GeoJSON text, parsed as every JSON from outside is (``core.jsonsafe``: no
    crash on deep nesting, no NaN); the model field's validator then checks the geometry."""

    # Any JSON value (CharField's stub says str).
    def to_python(self, value: Any) -> Any:
        if self.disabled or value in self.empty_values:
            return None
        if isinstance(value, list | dict | int | float):
            return value
        try:
            return jsonsafe.loads(value)
        except jsonsafe.JSONRefused as refused:
            raise forms.ValidationError(refused.message, code="invalid") from None

    def prepare_value(self, value: Any) -> str:
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        return json.dumps(value, ensure_ascii=False) if value is not None else ""

    def bound_data(self, data: Any, initial: Any) -> Any:
        if self.disabled:
            return initial
        try:
            return jsonsafe.loads(data) if data not in self.empty_values else None
        except jsonsafe.JSONRefused:
            return forms.fields.InvalidJSONInput(data)


# The browser may fill in the contact person from what it knows of the user (WCAG 1.3.5).
CONTACT_AUTOCOMPLETE = {"contact_name": "name", "contact_phone": "tel"}


# ModelForm is generic only in django-stubs, not subscriptable at run time.
if TYPE_CHECKING:
    _ApplicationModelForm = forms.ModelForm[Application]
else:
    _ApplicationModelForm = forms.ModelForm


class ApplicationForm(_ApplicationModelForm):
    """What every type's form shares. Every field may stay empty in a draft; submission checks
    completeness and the rules, and the application page lists what is missing.

    The site comes as GeoJSON text (typed, pasted or drawn on the map by ``site_map.js``) or
    as a file (``site_file``): the view reads the file through the service and its geometry
    replaces the text."""

    jurisdiction = forms.ModelChoiceField(
        label=_model_label("jurisdiction"), queryset=Jurisdiction.objects.all()
    )
    district = DistrictChoiceField(
        label=_model_label("district"),
        queryset=District.objects.select_related("jurisdiction"),
    )
    site_geometry = SiteGeometryField(
        label=_("Site as GeoJSON"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "class": "permits-geojson"}),
        help_text=_(
            "A GeoJSON Polygon or MultiPolygon in WGS 84 longitude/latitude (an introduction "
            "may give a Point). Drawing on the map fills it in."
        ),
    )
    site_file = forms.FileField(
        label=_("Site file"),
        required=False,
        help_text=_(
            "GeoJSON, KML, or a zipped shapefile with its .prj (WGS 84 or CGCS2000). Its "
            "geometry replaces the GeoJSON below."
        ),
    )

    def __init__(
        self, *args: Any, return_items: dict[str, list[str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # Field name → what the open return asks to correct there (shown beside the field).
        self.return_items = return_items or {}
        for name, token in CONTACT_AUTOCOMPLETE.items():
            if name in self.fields:
                self.fields[name].widget.attrs["autocomplete"] = token

    def site_upload(self) -> "Upload | None":
        """The site file chosen, once the form has been cleaned (None without one)."""
        upload: Upload | None = getattr(self, "cleaned_data", {}).get("site_file")
        return upload

    def site_taken(self, site: dict[str, Any]) -> None:
        """The uploaded file's geometry replaces the typed one, and the text box shows it: a
        page shown again for another field's error does not ask for the file again."""
        self.cleaned_data["site_geometry"] = site
        self.errors.pop("site_geometry", None)  # about the text the file replaces
        # A mutable copy (the posted QueryDict is immutable), keeping every value of every key.
        data = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
        data[self.add_prefix("site_geometry")] = json.dumps(site, ensure_ascii=False)
        self.data = data

    def service_data(self) -> dict[str, Any]:
        """The cleaned values under the model field names the services take; the jurisdiction
        and district as the rows the form's validation read."""
        return {name: self.cleaned_data[name] for name in self._meta.fields or ()}


class TendingDesignForm(ApplicationForm):
    """天然林抚育作业设计 (product.md §3.1)."""

    compartments = CompartmentsField(
        label=capfirst(TendingDesign._meta.get_field("compartments").verbose_name),
        required=False,
        help_text=_("Separate several numbers with commas, e.g. 12-3, 12-4"),
    )

    layout = sections_layout(Kind.TENDING)

    class Meta:
        model = TendingDesign
        fields = form_field_names(TendingDesign)
        widgets = {"start_date": DATE_WIDGET, "end_date": DATE_WIDGET}


class StatedYesNoSelect(forms.NullBooleanSelect):
    """Yes / no, or not stated yet (a draft may leave it open; submission requires it)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.choices = [("unknown", _("Not stated")), ("true", _("Yes")), ("false", _("No"))]


class OccupationRequestForm(ApplicationForm):
    """占用林地 (product.md §3.2)."""

    layout = sections_layout(Kind.OCCUPATION)

    class Meta:
        model = OccupationRequest
        fields = form_field_names(OccupationRequest)
        widgets = {
            "destroys_surface_vegetation": StatedYesNoSelect,
            "restoration_plan": _textarea(4),
        }
        help_texts = {
            "project_approval_ref": _(
                "Number of the document approving the project, e.g. 京发改（核）〔2026〕12号"
            ),
            "duration_months": _("Temporary occupation only."),
            "restoration_plan": _(
                "Temporary occupation only: how and when the vegetation will be restored."
            ),
        }


class IntroductionApplicationForm(ApplicationForm):
    """外来物种引入 (product.md §3.3)."""

    layout = sections_layout(Kind.INTRODUCTION)

    class Meta:
        model = IntroductionApplication
        fields = form_field_names(IntroductionApplication)
        widgets = {"containment_measures": _textarea(4)}
        help_texts = {
            "scientific_name": _("Latin name as in the quarantine certificate."),
            "habitat_domain": _(
                "Decides which agencies are consulted: forestry for forest, grassland and "
                "wetland; water for rivers, lakes and waters."
            ),
            "monitoring_interval_months": _(
                "After approval a monitoring report is due at the end of every interval."
            ),
        }


APPLICATION_FORMS: dict[str, type[ApplicationForm]] = {
    Kind.TENDING: TendingDesignForm,
    Kind.OCCUPATION: OccupationRequestForm,
    Kind.INTRODUCTION: IntroductionApplicationForm,
}


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

    reason = text_area(_("Reason"), rows=3, required=MSG_REASON_REQUIRED)

    def __init__(self, *args: Any, required: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required


class ApplicationFilterForm(forms.Form):
    q = search_field()
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    district = DistrictChoiceField(
        label=_("District"),
        required=False,
        queryset=District.objects.select_related("jurisdiction"),
    )

    layout = Layout(Row("q", "kind", "status", "district"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [("", _("All")), *Kind.choices]
        cast(forms.ChoiceField, self.fields["status"]).choices = [("", _("All")), *Status.choices]
