"""Zones and 小班 are read here; they change only by importing a layer version (the layer
admin's import form, ``zones_import``), so that every screening can name the version it read."""

from typing import TYPE_CHECKING

from django.contrib import admin
from django.http import HttpRequest

from .models import Bounded, Parcel, ProtectedZone

if TYPE_CHECKING:
    # The stubs' ModelAdmin is generic in its model; Django's class cannot be subscripted at
    # run time (no django_stubs_ext.monkeypatch()), so only the type checker sees the model.
    _BoundedAdmin = admin.ModelAdmin[Bounded]
else:
    _BoundedAdmin = admin.ModelAdmin


class ReadOnly(_BoundedAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Bounded | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Bounded | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Bounded | None = None) -> bool:
        return False


@admin.register(ProtectedZone)
class ProtectedZoneAdmin(ReadOnly):
    list_display = ["name", "kind", "jurisdiction", "district", "layer", "effective_from"]
    list_filter = ["kind", "jurisdiction", "layer__superseded_at"]
    search_fields = ["name", "source"]
    exclude = ["geometry"]


@admin.register(Parcel)
class ParcelAdmin(ReadOnly):
    list_display = ["compartment", "district", "forest_origin", "welfare_grade", "layer"]
    list_filter = ["district", "forest_origin", "welfare_grade"]
    search_fields = ["compartment", "agreement_holder", "agreement_holder_code"]
    exclude = ["geometry"]
