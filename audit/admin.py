"""Audit events are read-only here (the database refuses to change them anyway). The superuser
reads them all; the audit administrator (issue 47 item 5) reads the administrators' trail and
exports it, each export itself an event."""

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.auth.models import User
from django.db.models import Count, Max, Min, QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin
from core.csvexport import csv_download
from roles.administrators import READ_ADMINISTRATORS_TRAIL, request_client_ip

from . import labels
from .administration import administration_record, administrators_trail
from .choices import AuditAction
from .export import audit_csv_rows
from .models import AuditEvent

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class AuditActionFilter(admin.SimpleListFilter):
    title = _("Action")
    parameter_name = "action"

    def lookups(
        self, request: HttpRequest, model_admin: "admin.ModelAdmin[Any]"
    ) -> Iterable[tuple[str, "StrOrPromise"]]:
        return AuditAction.choices

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[AuditEvent]
    ) -> QuerySet[AuditEvent]:
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    # Columns with the audit workspace's headings: the model's fields carry no verbose names.
    list_display = ["number", "time", "action_label", "reference", "person", "agency"]
    list_filter = [AuditActionFilter]
    search_fields = ["application_reference", "actor_username", "agency_name"]
    actions = ["export_csv"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEvent]:
        if request.user.is_superuser:
            return super().get_queryset(request)
        if request.user.has_perm(READ_ADMINISTRATORS_TRAIL):
            return administrators_trail()
        return AuditEvent.objects.none()

    def has_export_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser or request.user.has_perm(READ_ADMINISTRATORS_TRAIL)

    @admin.action(description=_("Export the selected events (CSV)"), permissions=["export"])
    def export_csv(
        self, request: HttpRequest, queryset: QuerySet[AuditEvent]
    ) -> StreamingHttpResponse:
        events = queryset.order_by("seq")
        exported = events.aggregate(count=Count("pk"), first=Min("seq"), last=Max("seq"))
        administration_record(
            AuditAction.TRAIL_EXPORTED,
            by=request.user if isinstance(request.user, User) else None,
            client_ip=request_client_ip(request),
            details=exported,
        )
        return csv_download(audit_csv_rows(events), "administrators-trail.csv")

    @admin.display(description="#", ordering="seq")
    def number(self, event: AuditEvent) -> int:
        return event.seq

    @admin.display(description=_("Time"), ordering="at")
    def time(self, event: AuditEvent) -> datetime:
        return event.at

    @admin.display(description=_("Action"), ordering="action")
    def action_label(self, event: AuditEvent) -> str:
        return labels.event_action_label(event.action, event.details)

    @admin.display(description=_("Reference"), ordering="application_reference")
    def reference(self, event: AuditEvent) -> str:
        return event.application_reference

    @admin.display(description=_("Person"), ordering="actor_username")
    def person(self, event: AuditEvent) -> str:
        return event.actor_display_name or event.actor_username

    @admin.display(description=_("Agency"), ordering="agency_name")
    def agency(self, event: AuditEvent) -> str:
        return event.agency_name
