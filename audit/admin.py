"""Audit events are read-only here (the database refuses to change them anyway)."""

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin

from . import labels
from .choices import AuditAction
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
