"""Zones and 小班 are read here; they change only by importing a layer version (the layer
admin's import form, ``zones_import``), so that every screening can name the version it read."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Parcel, ProtectedZone


@admin.register(ProtectedZone)
class ProtectedZoneAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "jurisdiction", "district", "layer", "effective_from"]
    list_filter = ["kind", "jurisdiction", "layer__superseded_at"]
    search_fields = ["name", "source"]
    exclude = ["geometry"]


@admin.register(Parcel)
class ParcelAdmin(ReadOnlyAdmin):
    list_display = ["compartment", "district", "forest_origin", "welfare_grade", "layer"]
    list_filter = ["district", "forest_origin", "welfare_grade"]
    search_fields = ["compartment", "agreement_holder", "agreement_holder_code"]
    exclude = ["geometry"]
