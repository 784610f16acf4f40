"""Applications, certificates and audit events are read-only here: they change only through
the services (which check permissions and write the audit trail)."""

from django.contrib import admin

from .models import Application, AuditEvent, Certificate, InvasiveSpecies, ScheduledReport


class ReadOnlyAdmin(admin.ModelAdmin):
    """View only: no add, change or delete (so no bulk delete action either)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["reference", "kind", "title", "status", "district", "organisation", "created"]
    list_filter = ["kind", "status", "jurisdiction", "district"]
    search_fields = ["reference", "title", "organisation__name"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["number", "document_kind", "application", "issued_at", "valid_until"]
    search_fields = ["number", "application__reference"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["seq", "at", "action", "application_reference", "actor_username", "agency_name"]
    list_filter = ["action"]
    search_fields = ["application_reference", "actor_username", "agency_name"]


@admin.register(InvasiveSpecies)
class InvasiveSpeciesAdmin(admin.ModelAdmin):
    """The key invasive species list rule S1 reads (004 二4); administrators keep it current."""

    list_display = ["chinese_name", "scientific_name", "taxon_group", "active"]
    list_filter = ["taxon_group", "active"]
    search_fields = ["chinese_name", "scientific_name", "synonyms"]


@admin.register(ScheduledReport)
class ScheduledReportAdmin(ReadOnlyAdmin):
    list_display = ["application", "kind", "sequence", "due_date", "filed_at"]
    list_filter = ["kind"]
    search_fields = ["application__reference"]
