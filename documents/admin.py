"""Documents are read-only here: they are issued only by the deciding services. What each
decision is (``DecisionForm``) is the legal office's, edited here and audited."""

from typing import Any

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from permits.admin import AuditedAdmin

from .forms import decision_form_save
from .licences import licence_type_save
from .models import Certificate, DecisionForm, Licence, LicenceType


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = [
        "number",
        "document_kind",
        "application",
        "issued_at",
        "valid_until",
        "seal_provider",
        "sealed_at",
    ]
    search_fields = ["number", "application__reference"]


@admin.register(DecisionForm)
class DecisionFormAdmin(AuditedAdmin):
    """What each decision is in law, per jurisdiction and type (issue 46 item 3): the legal
    office's classification, which the documents follow; every edit audited."""

    list_display = ["jurisdiction", "kind", "form"]
    list_filter = ["jurisdiction", "kind", "form"]

    def save(self, obj: DecisionForm, **audited: Any) -> None:
        decision_form_save(row=obj, **audited)

    def delete(self, obj: DecisionForm, **audited: Any) -> None:
        decision_form_save(row=obj, delete=True, **audited)


@admin.register(LicenceType)
class LicenceTypeAdmin(AuditedAdmin):
    """The electronic licence type code of each application type's approval (GB/T 36904; issue
    49 item 4): the legal office's, from the national catalogue, every edit audited."""

    list_display = ["kind", "code", "name"]

    def save(self, obj: LicenceType, **audited: Any) -> None:
        licence_type_save(row=obj, **audited)

    def delete(self, obj: LicenceType, **audited: Any) -> None:
        licence_type_save(row=obj, delete=True, **audited)


@admin.register(Licence)
class LicenceAdmin(ReadOnlyAdmin):
    list_display = ["identifier", "certificate", "assigned_at"]
    search_fields = ["identifier", "certificate__number"]
