"""Documents are read-only here: they are issued only by the deciding services."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Certificate


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["number", "document_kind", "application", "issued_at", "valid_until"]
    search_fields = ["number", "application__reference"]
