from django.contrib import admin

from .models import Route


@admin.register(Route)
class RouteAdmin(admin.ModelAdmin):
    list_display = [
        "jurisdiction",
        "kind",
        "district_agency_kind",
        "final_agency",
        "certificate_prefix",
    ]
    list_filter = ["jurisdiction", "kind"]
