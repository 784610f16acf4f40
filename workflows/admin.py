from django.contrib import admin

from .models import CalendarDay, Countersign, Route, RouteConsultation


class RouteConsultationInline(admin.TabularInline):
    model = RouteConsultation
    extra = 0


@admin.register(Route)
class RouteAdmin(admin.ModelAdmin):
    inlines = [RouteConsultationInline]
    list_display = [
        "jurisdiction",
        "kind",
        "district_agency_kind",
        "final_agency",
        "certificate_prefix",
    ]
    list_filter = ["jurisdiction", "kind"]


@admin.register(Countersign)
class CountersignAdmin(admin.ModelAdmin):
    list_display = ["application", "agency", "decision", "decided_by", "decided_at"]
    readonly_fields = [f.name for f in Countersign._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["day", "working", "note"]
    list_filter = ["working"]
    date_hierarchy = "day"
