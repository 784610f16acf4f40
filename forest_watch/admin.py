"""The change patch layers are imported here (the add form is the import, as a zone layer's:
``permits.admin``), never edited; the patches are read only (they change by the acts of
``forest_watch.services``); the bureau keeps its figures (``WatchStandard``)."""

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin
from permits import access
from permits.admin import _ImportAdmin, _ImportForm
from roles.admin import ConfigurationAdmin, yes_no_column

from .imports import FIRST_YEAR, LAST_YEAR, patch_layer_import
from .models import Patch, PatchLayer, WatchStandard


def _this_year() -> int:
    return timezone.localdate().year


class PatchLayerImportForm(_ImportForm):
    field_order = ["jurisdiction", "district", "year", "source", "demo", "file"]
    year = forms.IntegerField(
        label=_("year"), min_value=FIRST_YEAR, max_value=LAST_YEAR, initial=_this_year
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].help_text = _("Empty when the layer covers the whole jurisdiction.")
        self.fields["source"].help_text = _(
            "Title and number of the document that sent the year's change patches."
        )


@admin.register(PatchLayer)
class PatchLayerAdmin(_ImportAdmin):
    form_class = PatchLayerImportForm
    title = _("Import a layer of change patches")
    intro = _(
        "GeoJSON, a zipped shapefile with its .prj, or a GeoPackage (WGS 84 or CGCS2000), one "
        "polygon a patch with the properties number, county, before_date, after_date, "
        "change_type, area_ha and land_class. The new version replaces the current one of the "
        "same year and scope, which is kept. One wrong feature refuses the whole file; each "
        "error names its feature. The patches are matched against the permits in the "
        "background."
    )
    subject, count = "year", "patch_count"
    demo_icon = staticmethod(yes_no_column(PatchLayer, "demo"))

    def get_list_display(self, request: HttpRequest) -> tuple[str, ...]:
        return (*super().get_list_display(request), "match_status", "matched")

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return access.can_import_layers(request.user)

    def do_import(self, request: HttpRequest, data: dict[str, Any]) -> PatchLayer:
        return patch_layer_import(file=self.file_handed(request, data), year=data["year"])


@admin.register(Patch)
class PatchAdmin(ReadOnlyAdmin):
    list_display = ["number", "district", "change_type", "classification", "status", "layer"]
    list_filter = ["classification", "status", "change_type", "district"]
    search_fields = ["number"]
    exclude = ["geometry", "found"]


@admin.register(WatchStandard)
class WatchStandardAdmin(ConfigurationAdmin):
    list_display = ["jurisdiction", "verification_days", "covered_share"]
