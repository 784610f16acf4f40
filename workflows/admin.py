"""Routes and the calendar are configuration; review records are evidence, read-only here.

viewflow registers its own Process and Task admins, which let an administrator change or delete
a task and leave an application under review with no task and no audit event: they are replaced
by read-only ones. Tasks change only through workflows.services.
"""

from django.contrib import admin
from viewflow.workflow import admin as viewflow_admin
from viewflow.workflow.models import Process, Task

from permits.admin import ReadOnlyAdmin
from permits.selectors import client_ip

from .models import (
    CalendarDay,
    Countersign,
    ReturnItem,
    ReviewDecision,
    Route,
    RouteConsultation,
)
from .services import route_delete, route_save

for model in (Process, Task):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(Process)
class ProcessAdmin(ReadOnlyAdmin, viewflow_admin.ProcessAdmin):
    pass


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin, viewflow_admin.TaskAdmin):
    pass


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

    # Every edit goes through the route services, which audit the before and after.
    def save_model(self, request, obj, form, change):
        pass  # saved with its consulted agencies in save_related, by route_save

    def save_related(self, request, form, formsets, change):
        route_save(
            route=form.instance,
            by=request.user,
            save_related=lambda route: super(RouteAdmin, self).save_related(
                request, form, formsets, change
            ),
            client_ip=client_ip(request),
        )

    def delete_model(self, request, obj):
        route_delete(route=obj, by=request.user, client_ip=client_ip(request))

    def delete_queryset(self, request, queryset):
        for route in queryset:
            route_delete(route=route, by=request.user, client_ip=client_ip(request))


@admin.register(Countersign)
class CountersignAdmin(ReadOnlyAdmin):
    list_display = ["application", "agency", "decision", "decided_by", "decided_at"]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["day", "working", "note"]
    list_filter = ["working"]
    date_hierarchy = "day"


class ReturnItemInline(admin.TabularInline):
    model = ReturnItem
    extra = 0
    can_delete = False
    readonly_fields = ["field", "attachment_kind", "message"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReviewDecision)
class ReviewDecisionAdmin(admin.ModelAdmin):
    """Decisions are records made by the services: read-only here."""

    list_display = ["application", "step", "agency_name", "decision", "decided_by", "decided_at"]
    list_filter = ["step", "decision"]
    readonly_fields = [f.name for f in ReviewDecision._meta.fields]
    inlines = [ReturnItemInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
