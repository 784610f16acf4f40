"""Web forms. They collect input and show errors; every rule lives in the services they feed.

Layouts use viewflow's Material form renderer (``{% render form form.layout %}``).
"""

import json
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast
from xml.etree import ElementTree

from django import forms
from django.db import models
from django.http import QueryDict
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from viewflow.forms import FieldSet, Layout, Row, Span

from audit.choices import AuditAction
from core import jsonsafe
from core.errors import ServiceError
from permits.choices import (
    AttachmentKind,
    Decision,
    Kind,
    Status,
    Step,
    attachment_kinds_of,
    grounded_decision,
    step_decisions,
)
from permits.facts import detail_field_names
from permits.models import (
    APPLICATION_FIELDS,
    DETAIL_MODEL,
    Application,
    IntroductionApplication,
    OccupationRequest,
    TendingDesign,
)
from permits.selectors import SEARCH_MAX_LENGTH
from permits.services import MSG_REASON_REQUIRED, application_field_names
from roles.models import District, Jurisdiction

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Applicants type compartments as "12-3, 12-4"; Chinese commas and 顿号 are accepted as well.
COMPARTMENT_SEPARATORS = re.compile(r"[,，、;；\s]+")


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
            [("land_category", "protection_class"), ("area_ha", "destroys_surface_vegetation")],
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


def section_field_names(kind) -> list[str]:
    return [name for _title, rows in SECTIONS[kind] for row in rows for name in row]


class FieldWithReturnItems(Span):
    """A field, followed by what the open return asks to correct in it (the form's
    ``return_items``, field name → messages): the applicant answers each item where it applies."""

    def append(self, layout, form, root):
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


def sections_layout(kind) -> Layout:
    def node(row):
        spans = [FieldWithReturnItems(name) for name in row]
        return Row(*spans) if len(spans) > 1 else spans[0]

    return Layout(
        *(FieldSet(title, *(node(row) for row in rows)) for title, rows in SECTIONS[kind])
    )


def form_field_names(model) -> list[str]:
    """What the applicant fills in: the shared facts and every field of the type's own model."""
    return [*COMMON_FORM_FIELDS, *detail_field_names(model)]


def _model_label(name):
    """The model field's (translated) name, capitalised as ModelForm does for its own fields."""
    return capfirst(Application._meta.get_field(name).verbose_name)


def _textarea(rows=3):
    return forms.Textarea(attrs={"rows": rows})


class SiteGeometryField(forms.JSONField):
    """The site as GeoJSON text, parsed as every JSON from outside is (``core.jsonsafe``: no
    crash on deep nesting, no NaN); the model field's validator then checks the geometry."""

    def to_python(self, value):
        if self.disabled or value in self.empty_values:
            return None
        if isinstance(value, list | dict | int | float):
            return value
        try:
            return jsonsafe.loads(value)
        except jsonsafe.JSONRefused as refused:
            raise forms.ValidationError(refused.message, code="invalid") from None

    def prepare_value(self, value):
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        return json.dumps(value, ensure_ascii=False) if value is not None else ""

    def bound_data(self, data, initial):
        if self.disabled:
            return initial
        try:
            return jsonsafe.loads(data) if data not in self.empty_values else None
        except jsonsafe.JSONRefused:
            return forms.fields.InvalidJSONInput(data)


# The browser may fill in the contact person from what it knows of the user (WCAG 1.3.5).
CONTACT_AUTOCOMPLETE = {"contact_name": "name", "contact_phone": "tel"}


class ApplicationForm(forms.ModelForm):
    """What every type's form shares. Every field may stay empty in a draft; submission checks
    completeness and the rules, and the application page lists what is missing.

    The site comes as GeoJSON text (typed, pasted or drawn on the map by ``site_draw.js``) or
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

    def __init__(self, *args, return_items: dict[str, list[str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Field name → what the open return asks to correct there (shown beside the field).
        self.return_items = return_items or {}
        for name, token in CONTACT_AUTOCOMPLETE.items():
            if name in self.fields:
                self.fields[name].widget.attrs["autocomplete"] = token

    def site_upload(self):
        """The site file chosen, once the form has been cleaned (None without one)."""
        return getattr(self, "cleaned_data", {}).get("site_file")

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

    def __init__(self, attrs=None):
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


APPLICATION_FORMS = {
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

    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": MSG_REASON_REQUIRED},
    )

    def __init__(self, *args, required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required


OPINION_HELP_REVIEW = _(
    "Required when returning or rejecting: list everything the applicant must fix "
    "(one-time notice)."
)
OPINION_HELP_COUNTERSIGN = _(
    "Your agency's countersign opinion. Required when disagreeing: give the reasons."
)
OPINION_HELP_AGAINST_DISAGREEMENT = _(
    "A consulted agency disagreed: give your reasons whatever you decide (required to approve)."
)


MSG_DECISION_REQUIRED = _("Choose a decision.")
GROUNDS_HELP = _(
    "When rejecting, tick the rules the application violates: the refusal decision cites their "
    "clauses. Rules the checks flagged are ticked already."
)
NON_ACCEPTANCE_GROUNDS_HELP = _(
    "When not accepting, tick the grounds the law allows: the decision of non-acceptance quotes "
    "them. If the matter is another agency's, name that agency in your opinion: the decision "
    "tells the applicant to apply there."
)
# The grounds' fieldset as the step's decision that rests on them names it.
GROUNDS_LABELS = {
    Decision.REJECT: (_("Grounds of the refusal"), GROUNDS_HELP),
    Decision.NOT_ACCEPT: (_("Grounds of the non-acceptance"), NON_ACCEPTANCE_GROUNDS_HELP),
}


class DecisionForm(forms.Form):
    """A review decision, or a consulted agency's countersign (agree / disagree).

    No option is chosen beforehand: several end the application for good, and a press of Enter
    must not record one nobody picked. The template draws the options as a fieldset (viewflow's
    radio widget has no group and legend); ``layout`` renders the rest."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        error_messages={"required": MSG_DECISION_REQUIRED},
    )
    opinion = forms.CharField(
        label=_("Opinion"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    # What a rejection or a non-acceptance rests on (issue 26 item 7): drawn by the template as
    # a fieldset of checkboxes, each with its code and what it says; the service checks them.
    grounds = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    layout = Layout("opinion")

    def __init__(
        self,
        *args,
        step=Step.DISTRICT_REVIEW,
        disagreement=False,
        grounds=(),
        flagged=(),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        field = cast(forms.MultipleChoiceField, self.fields["grounds"])
        if (grounded := grounded_decision(step)) is not None:
            field.label, field.help_text = GROUNDS_LABELS[grounded]
            field.choices = [(g.code, f"{g.code} {g.description}") for g in grounds]
            field.initial = [g.code for g in grounds if g.code in flagged]
        else:
            del self.fields["grounds"]
        # Fields are declared above; ``fields`` maps names to the base Field type.
        cast(forms.ChoiceField, self.fields["decision"]).choices = [
            (d.value, d.label) for d in step_decisions(step)
        ]
        if step == Step.CONSULTATION:
            self.fields["opinion"].help_text = OPINION_HELP_COUNTERSIGN
        elif disagreement:
            self.fields["opinion"].help_text = OPINION_HELP_AGAINST_DISAGREEMENT
        else:
            self.fields["opinion"].help_text = OPINION_HELP_REVIEW


MSG_ITEM_MESSAGE_REQUIRED = _("Say what to correct.")
RETURN_ITEM_ROWS = 0  # rows appear when the reviewer adds one (or chooses "return", with JS)


def _model_field(model, name) -> "models.Field":
    # Every name here is a concrete field of the model (never a reverse relation).
    return cast("models.Field", model._meta.get_field(name))


def return_item_targets(kind) -> list:
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
    message = forms.CharField(
        label=_("What to correct"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, kind=Kind.TENDING, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["target"]).choices = return_item_targets(kind)

    def clean(self):
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


class BaseReturnItemFormSet(forms.BaseFormSet):
    def items(self) -> list[dict[str, str | None]]:
        return [item for form in self.forms if (item := form.item()) is not None]


ReturnItemFormSet = forms.formset_factory(
    ReturnItemForm,
    formset=BaseReturnItemFormSet,
    extra=RETURN_ITEM_ROWS,
    max_num=50,
    validate_max=True,
)


def return_item_formset(data=None, *, kind, add_row=False) -> BaseReturnItemFormSet:
    """The return's items; ``add_row`` re-displays the posted rows with one more blank row (the
    "add another item" button, which needs no JavaScript)."""
    if data is not None and add_row:
        data = data.copy()
        key = "items-TOTAL_FORMS"
        try:
            data[key] = str(min(int(data.get(key, "0")), 49) + 1)
        except ValueError:
            data[key] = str(RETURN_ITEM_ROWS)
    formset = ReturnItemFormSet(data, prefix="items", form_kwargs={"kind": kind})
    return cast(BaseReturnItemFormSet, formset)


class ResubmitForm(forms.Form):
    """The applicant's answer to a return (补正说明), sent with the resubmission."""

    note = forms.CharField(
        label=_("Correction note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Say what you corrected for each item; the reviewer reads it with your changes."
        ),
    )


class ReturnUploadForm(forms.Form):
    """A file answering a return item that asks for a kind of document, chosen on the edit page
    beside the item (its prefix names the kind)."""

    file = forms.FileField(label=_("File"), required=False)


class ReportForm(forms.Form):
    """The permit holder files one of the reports the permit obliges (monitoring, restoration)."""

    report = forms.TypedChoiceField(label=_("Report due"), coerce=int)
    text = forms.CharField(
        label=pgettext_lazy("report text", "Report"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What was monitored or restored, and what was found."),
    )
    file = forms.FileField(label=_("Attachment (optional)"), required=False)

    layout = Layout("report", "text", "file")

    def __init__(self, *args, reports=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["report"]).choices = [
            (r.pk, report_label(r)) for r in reports
        ]
        if reports:
            self.fields["report"].initial = reports[0].pk


def report_label(report) -> str:
    return _("%(kind)s no. %(number)s, due %(due)s") % {
        "kind": report.get_kind_display(),
        "number": report.sequence,
        "due": report.due_date.isoformat(),
    }


MSG_SEARCH_HELP = _("Reference, title or applicant organisation")


def search_field() -> forms.CharField:
    """The lists' one text search (permits.selectors.application_search)."""
    return forms.CharField(
        label=_("Search"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        help_text=MSG_SEARCH_HELP,
        widget=forms.TextInput({"type": "search"}),
    )


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [("", _("All")), *Kind.choices]
        cast(forms.ChoiceField, self.fields["status"]).choices = [("", _("All")), *Status.choices]


class TaskFilterForm(forms.Form):
    q = search_field()
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    district = DistrictChoiceField(
        label=_("District"),
        required=False,
        queryset=District.objects.select_related("jurisdiction"),
    )
    step = forms.ChoiceField(
        label=_("Step"), required=False, choices=[("", _("All")), *Step.choices]
    )
    overdue = forms.ChoiceField(
        label=_("Overdue"),
        required=False,
        choices=[("", _("All")), ("1", _("Overdue only")), ("0", _("Within time limit"))],
    )
    ordering = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("", _("Oldest first")),
            ("due_date", _("Due date, soonest first")),
            ("-due_date", _("Due date, latest first")),
            ("-created", _("Newest first")),
        ],
    )

    # The search stands alone; the rest folds away on a phone (task_queue.html).
    layout = Layout(Row("kind", "district", "step"), Row("overdue", "ordering"))
    search_layout = Layout(Row("q"))

    # Filters other than the search: when one is set, the folded filters are shown open.
    FOLDED = ("kind", "district", "step", "overdue", "ordering")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [("", _("All")), *Kind.choices]


MSG_PERIOD_REVERSED = _("The end of the period must not be before its start.")


class StatsPeriodForm(forms.Form):
    """The dashboard's period: both ends optional, ISO dates."""

    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput({"type": "date"})
    )
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput({"type": "date"}))

    layout = Layout(Row("since", "until"))

    def clean(self):
        data = super().clean() or {}
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", MSG_PERIOD_REVERSED)
        return data


# --- The auditor's workspace ---------------------------------------------------------------


class AuditSearchForm(StatsPeriodForm):
    """Event search (product.md §7, §13): who, which agency, what, which application, when, with
    which outcome (the status it led to)."""

    actor = forms.CharField(label=_("Person (user name)"), required=False, max_length=150)
    # The agency by its name; the value is its code, what the events store.
    agency = forms.ChoiceField(label=_("Agency"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    application = forms.CharField(label=_("Reference"), required=False, max_length=20)
    outcome = forms.ChoiceField(label=_("Outcome (status after)"), required=False)

    layout = Layout(
        Row("actor", "agency", "action"), Row("application", "outcome"), Row("since", "until")
    )

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["agency"]).choices = [
            ("", _("All")),
            *((agency.code, agency.name) for agency in agencies),
        ]
        cast(forms.ChoiceField, self.fields["action"]).choices = [
            ("", _("All")),
            *AuditAction.choices,
        ]
        cast(forms.ChoiceField, self.fields["outcome"]).choices = [("", _("All")), *Status.choices]


# --- People (absences, reassignment) --------------------------------------------------------


# The browser's date picker reads and writes ISO dates, whatever the page's language.
ISO_DATE_PICKER = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _person_choices(people) -> list[tuple[str, str]]:
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

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["substitute"]).choices = _person_choices(candidates)


class ReassignForm(forms.Form):
    """The head of the task's agency gives the task to another member who may act on its step."""

    to = forms.ChoiceField(label=_("Reassign to"))
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["to"]).choices = _person_choices(candidates)


# --- The 小班 registry ----------------------------------------------------------------------


class ParcelFilterForm(forms.Form):
    district = DistrictChoiceField(
        label=_("District"),
        required=False,
        queryset=District.objects.select_related("jurisdiction"),
    )
    compartment = forms.CharField(
        label=_("Compartment"),
        required=False,
        max_length=41,
        help_text=_("A 林班 (“12”) or a 林班-小班 code (“12-3”)."),
    )

    layout = Layout(Row("district", "compartment"))
