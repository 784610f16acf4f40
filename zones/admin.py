"""Zones and 小班 are read here; they change only by importing a layer version (the layer
admin's import form, ``zones_import``), so that every screening can name the version it read."""

from collections.abc import Iterable
from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from core.admin import ReadOnlyAdmin

from .geo import MAP_VIEW_MAX_SPAN
from .models import Parcel, ProtectedZone


def zones_frame(zones: Iterable[ProtectedZone]) -> dict[str, float] | None:
    """Where a map of ``zones`` opens: their extent (their stored bounding boxes), or the
    first one's where that is too wide for the map's layers to load (MAP_VIEW_MAX_SPAN, with a
    margin: a map three times wider than tall shows more than the extent); None for none."""
    boxes = [(z.min_lon, z.min_lat, z.max_lon, z.max_lat) for z in zones]
    if not boxes:
        return None
    west, south = min(b[0] for b in boxes), min(b[1] for b in boxes)
    east, north = max(b[2] for b in boxes), max(b[3] for b in boxes)
    if max(east - west, north - south) > MAP_VIEW_MAX_SPAN / 3:
        west, south, east, north = boxes[0]
    return {"west": west, "south": south, "east": east, "north": north}


@admin.register(ProtectedZone)
class ProtectedZoneAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "jurisdiction", "district", "layer", "effective_from"]
    list_filter = ["kind", "jurisdiction", "layer__superseded_at"]
    search_fields = ["name", "source"]
    exclude = ["geometry"]
    # The list under a Leaflet map of the zones with their names (issue 45): the site's map
    # (static/web/site_map.js) and its layers, opened on the zones of the page shown.
    change_list_template = "admin/zones/protectedzone/change_list.html"

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        if isinstance(response, TemplateResponse) and response.context_data is not None:
            listed = response.context_data.get("cl")  # the page of the list shown
            frame = zones_frame(listed.result_list) if listed is not None else None
            response.context_data["zone_canvas"] = {"frame": frame} if frame else None
        return response


@admin.register(Parcel)
class ParcelAdmin(ReadOnlyAdmin):
    list_display = ["compartment", "district", "forest_origin", "welfare_grade", "layer"]
    list_filter = ["district", "forest_origin", "welfare_grade"]
    # Not the holder's name: stored encrypted (core.pii), a search would compare ciphertext.
    search_fields = ["compartment", "agreement_holder_code"]
    exclude = ["geometry"]
