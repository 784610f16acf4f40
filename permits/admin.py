"""Applications and their reports are read-only here: they change only through
the services (which check permissions and write the audit trail)."""

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin
from core.errors import ServiceError
from plans.models import FIRST_YEAR, LAST_YEAR, Plan
from plans.services import PLAN_COLUMNS
from roles.admin import ConfigurationAdmin, yes_no_column
from roles.models import District, Jurisdiction
from zones.imports import ImportFile
from zones.models import Layer, LayerKind
from zones.services import layer_import

from . import access
from .models import Application, Filing, InvasiveSpecies, Obligation, SupervisionStandard
from .plans import plan_import
from .selectors import client_ip
from .services import supervision_standard_save
from .uploads import Upload

if TYPE_CHECKING:
    # ModelAdmin is generic only in django-stubs, not subscriptable at run time.
    _AnyModelAdmin = admin.ModelAdmin[Any]
else:
    _AnyModelAdmin = admin.ModelAdmin


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["reference", "kind", "title", "status", "district", "organisation", "created"]
    list_filter = ["kind", "status", "jurisdiction", "district"]
    search_fields = ["reference", "title", "organisation__name"]


@admin.register(InvasiveSpecies)
class InvasiveSpeciesAdmin(ConfigurationAdmin):
    """The key invasive species list rule S1 reads (004 二4); administrators keep it current."""

    active_icon = staticmethod(yes_no_column(InvasiveSpecies, "active"))
    list_display = ["chinese_name", "scientific_name", "taxon_group", "active_icon"]
    list_filter = ["taxon_group", "active"]
    search_fields = ["chinese_name", "scientific_name", "synonyms"]


@admin.register(Obligation)
class ObligationAdmin(ReadOnlyAdmin):
    list_display = ["application", "kind", "sequence", "due_date", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["application__reference"]


@admin.register(Filing)
class FilingAdmin(ReadOnlyAdmin):
    list_display = ["obligation", "filed_at", "filed_by", "review_decision"]
    search_fields = ["obligation__application__reference"]


class AuditedAdmin(_AnyModelAdmin):
    """Configuration edited through its app's audited services (``save``, ``delete``), which
    record the before and after with who and from where. The admin lets only signed-in staff
    in: its requests' user is a User (the cast)."""

    def save(self, obj: Any, **audited: Any) -> None:
        raise NotImplementedError

    def delete(self, obj: Any, **audited: Any) -> None:
        raise NotImplementedError

    @staticmethod
    def audited(request: HttpRequest) -> dict[str, Any]:
        return {"by": cast(User, request.user), "client_ip": client_ip(request)}

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        self.save(obj, **self.audited(request))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self.delete(obj, **self.audited(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            self.delete(obj, **self.audited(request))


@admin.register(SupervisionStandard)
class SupervisionStandardAdmin(AuditedAdmin):
    """The periods and thresholds of supervision after approval (product.md §17), per
    jurisdiction; every edit audited with the standard as it was and as it is."""

    list_display = ["jurisdiction", "completion_days", "restoration_months", "spot_check_pct"]

    def save(self, obj: SupervisionStandard, **audited: Any) -> None:
        supervision_standard_save(standard=obj, **audited)

    def delete(self, obj: SupervisionStandard, **audited: Any) -> None:
        supervision_standard_save(standard=obj, delete=True, **audited)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # the defaults return only through an edit, which the trail records


class _ImportForm(forms.Form):
    """What every import names: whose (a jurisdiction, or one district of it), on which
    document, whether it is demo data, and the file."""

    jurisdiction = forms.ModelChoiceField(
        label=_("jurisdiction"), queryset=Jurisdiction.objects.all()
    )
    district = forms.ModelChoiceField(
        label=_("district"), queryset=District.objects.all(), required=False
    )
    source = forms.CharField(label=_("source document"), widget=forms.Textarea(attrs={"rows": 2}))
    demo = forms.BooleanField(label=_("demo data"), required=False)
    file = forms.FileField(label=_("file"))


class LayerImportForm(_ImportForm):
    field_order = [
        "kind",
        "jurisdiction",
        "district",
        "source",
        "effective_from",
        "effective_until",
        "demo",
        "file",
    ]
    kind = forms.ChoiceField(label=_("layer"), choices=LayerKind.choices)
    effective_from = forms.DateField(label=_("effective from"), required=False)
    effective_until = forms.DateField(label=_("effective until"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].help_text = _("Empty when the layer covers the whole jurisdiction.")
        self.fields["source"].help_text = _(
            "Title and number of the document that defines the layer."
        )


def _this_year() -> int:
    return timezone.localdate().year


class PlanImportForm(_ImportForm):
    field_order = ["jurisdiction", "district", "year", "source", "demo", "file"]
    year = forms.IntegerField(
        label=_("year"), min_value=FIRST_YEAR, max_value=LAST_YEAR, initial=_this_year
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].help_text = _("Empty when the plan covers the whole jurisdiction.")
        self.fields["source"].help_text = _(
            "Title and number of the document that sets the plan (its table of tasks)."
        )


class _ImportAdmin(ReadOnlyAdmin):
    """Versions are imported (the add form is the import), never edited or deleted; each
    flagged demo or not by its icon (Django's alt text for the flag is English)."""

    form_class: type[forms.Form]
    title: Any
    intro: Any
    # The file's columns: (what it holds, the header names it may have).
    columns: Any = ()
    # What a version is of (``ImportedVersion.subject``) and how many rows it holds.
    subject: str
    count: str
    exclude = ["demo"]
    readonly_fields = ["demo_icon"]

    def get_list_display(self, request: HttpRequest) -> tuple[str, ...]:
        scope = ("jurisdiction", "district", "version", self.count)
        return ("__str__", self.subject, *scope, "demo_icon", "imported_at", "superseded_at")

    def get_list_filter(self, request: HttpRequest) -> tuple[str, ...]:
        return (self.subject, "jurisdiction", "demo")

    def do_import(self, request: HttpRequest, data: dict[str, Any]) -> Model:
        raise NotImplementedError

    @staticmethod
    def file_handed(request: HttpRequest, data: dict[str, Any]) -> ImportFile:
        """The file every import's service takes: the scope, the document, the file, who and
        from where (``_ImportForm``)."""
        upload: Upload = data["file"]
        return ImportFile(
            jurisdiction=data["jurisdiction"],
            district=data["district"],
            source=data["source"],
            data=upload.read(),
            file_name=upload.name or "",
            demo=data["demo"],
            **AuditedAdmin.audited(request),
        )

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        """The import form: refusals beside their fields (or above the form, a row's), the new
        version named on the change list it returns to."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = self.form_class(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                imported = self.do_import(request, form.cleaned_data)
            except ServiceError as error:
                for problem in error.problems or []:
                    field = problem.field if problem.field in form.fields else None
                    form.add_error(field, str(problem.message))
            else:
                messages.success(request, _("Imported: %(layer)s.") % {"layer": imported})
                changes = f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"
                return HttpResponseRedirect(reverse(changes))
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "opts": self.opts,
            "title": self.title,
            "intro": self.intro,
            "columns": self.columns,
        }
        return TemplateResponse(request, "admin/import.html", context)


@admin.register(Layer)
class LayerAdmin(_ImportAdmin):
    form_class = LayerImportForm
    title = _("Import a map layer")
    intro = _(
        "GeoJSON, KML, or a zipped shapefile with its .prj (WGS 84 or CGCS2000). The new version "
        "replaces the current version of the same layer, which is kept; screenings record the "
        "version they read."
    )
    subject, count = "kind", "feature_count"
    demo_icon = staticmethod(yes_no_column(Layer, "demo"))

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return access.can_import_layers(request.user)

    def do_import(self, request: HttpRequest, data: dict[str, Any]) -> Layer:
        return layer_import(
            kind=data["kind"],
            file=self.file_handed(request, data),
            effective_from=data["effective_from"],
            effective_until=data["effective_until"],
        )


@admin.register(Plan)
class PlanAdmin(_ImportAdmin):
    form_class = PlanImportForm
    title = _("Import an annual plan")
    intro = _(
        "A CSV table (UTF-8 or GB18030) or an XLSX workbook, one task a row under a header row "
        "that names its columns as below; the district's column only when the plan covers the "
        "whole jurisdiction. The new version replaces the current plan of the same year and "
        "scope, which is kept. One wrong row refuses the whole file; each error names its row."
    )
    columns = PLAN_COLUMNS
    subject, count = "year", "task_count"
    demo_icon = staticmethod(yes_no_column(Plan, "demo"))

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return access.can_import_plans(request.user)

    def do_import(self, request: HttpRequest, data: dict[str, Any]) -> Plan:
        return plan_import(file=self.file_handed(request, data), year=data["year"])
