"""Routes and the calendar are configuration; review records are evidence, read-only here.

viewflow registers its own Process and Task admins, which let an administrator change or delete
a task and leave an application under review with no task and no audit event: they are replaced
by read-only ones. Tasks change only through workflows.services.
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from viewflow.workflow import admin as viewflow_admin
from viewflow.workflow.fields import get_flow_ref
from viewflow.workflow.models import Process, Task

from core.admin import ReadOnlyAdmin
from permits.admin import AuditedAdmin
from roles.admin import ConfigurationAdmin, NamedRecordsAdmin, yes_no_column

from .models import (
    CalendarDay,
    Countersign,
    FeeRate,
    Forwarding,
    RestorationFee,
    ReturnItem,
    ReviewDecision,
    Route,
    RouteConsultation,
)
from .services import fee_rate_delete, fee_rate_save, route_delete, route_save

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    # The stubs' admin classes are generic in their models; Django's cannot be subscripted at
    # run time (no django_stubs_ext.monkeypatch()), so only the type checker sees the models.
    _RouteConsultationInline = admin.TabularInline[RouteConsultation, Route]
    _ReturnItemInline = admin.TabularInline[ReturnItem, ReviewDecision]
else:
    _RouteConsultationInline = _ReturnItemInline = admin.TabularInline

for model in (Process, Task):
    if admin.site.is_registered(model):
        admin.site.unregister(model)

FLOW = Process._meta.get_field("flow_class").verbose_name


def task_name(task: Task) -> str:
    """The step's title and status ("区级审核 · 待处理 #132"): viewflow's ``__str__`` is the node's
    code name (``<tending.District Review/132> - NEW``)."""
    return f"{task.title} · {task.get_status_display()} #{task.pk}"


def task_links(tasks: Iterable[Task]) -> str:
    """Tasks as links to their admin pages, one a line, named by ``task_name``."""
    return format_html_join(
        mark_safe("<br>"),
        '<a href="{}">{}</a>',
        ((reverse("admin:viewflow_task_change", args=[t.pk]), task_name(t)) for t in tasks),
    )


@admin.register(Process)
class ProcessAdmin(ReadOnlyAdmin, viewflow_admin.ProcessAdmin):
    list_display = ["number", "created", "flow", "status", "participants", "brief"]
    list_display_links = ["number", "created", "flow"]
    # The tasks as links, not viewflow's inline of tasks, which names each by its __str__.
    inlines = []
    readonly_fields = ["flow", "status", "created", "finished", "brief", "tasks"]
    fields = tuple(readonly_fields)

    @admin.display(description="#", ordering="pk")
    def number(self, process: Process) -> int:
        number: int = process.pk  # viewflow ships no types: its models read as Any
        return number

    @admin.display(description=FLOW, ordering="flow_class")
    def flow(self, process: Process) -> str:
        return process.flow_class.process_title if process.flow_class else "-"

    @admin.display(description=_("participants"))
    def participants(self, process: Process) -> str:
        participants: str = super().participants(process)
        return participants

    @admin.display(description=_("summary"))
    def brief(self, process: Process) -> str:
        return process.brief or "-"

    @admin.display(description=_("tasks"))
    def tasks(self, process: Process) -> str:
        return task_links(process.task_set.order_by("pk"))


class TaskFlowFilter(admin.SimpleListFilter):
    """viewflow's flow filter of tasks lists flows by class path; this one by title."""

    title = FLOW
    parameter_name = "flow"

    def lookups(
        self, request: HttpRequest, model_admin: "admin.ModelAdmin[Any]"
    ) -> list[tuple[str, "StrOrPromise"]]:
        flows = Process._default_manager.order_by("flow_class").values_list("flow_class", flat=True)
        return [(get_flow_ref(f), f.process_title) for f in flows.distinct() if f is not None]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Task]) -> QuerySet[Task]:
        return queryset.filter(process__flow_class=self.value()) if self.value() else queryset


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin, NamedRecordsAdmin, viewflow_admin.TaskAdmin):
    list_display = [
        "number",
        "created",
        "process",
        "step",
        "status",
        "owner",
        "owner_permission",
        "started",
        "finished",
    ]
    list_display_links = ["number", "created", "step"]
    list_filter = ["status", TaskFlowFilter]
    readonly_fields = [
        "process",
        "step",
        "status",
        "created",
        "started",
        "finished",
        "owner",
        "previous_tasks",
    ]
    fields = tuple(readonly_fields)

    def record_name(self, task: Task) -> str:
        return task_name(task)

    @admin.display(description="#", ordering="pk")
    def number(self, task: Task) -> int:
        number: int = task.pk
        return number

    @admin.display(description=Task._meta.get_field("flow_task").verbose_name)
    def step(self, task: Task) -> str:
        return task.title or "-"

    @admin.display(description=Task._meta.get_field("previous").verbose_name)
    def previous_tasks(self, task: Task) -> str:
        return task_links(task.previous.order_by("pk"))


class RouteConsultationInline(_RouteConsultationInline):
    model = RouteConsultation
    extra = 0


@admin.register(Route)
class RouteAdmin(AuditedAdmin):
    inlines = [RouteConsultationInline]
    list_display = [
        "jurisdiction",
        "kind",
        "district_agency_kind",
        "final_agency",
        "procedure",
        "certificate_prefix",
    ]
    list_filter = ["jurisdiction", "kind", "procedure"]

    # Every edit goes through the route services, which audit the before and after.
    def save_model(
        self, request: HttpRequest, obj: Route, form: "ModelForm[Route]", change: bool
    ) -> None:
        pass  # saved with its consulted agencies in save_related, by route_save

    def save_related(
        self,
        request: HttpRequest,
        form: "ModelForm[Route]",
        formsets: "list[BaseInlineFormSet[RouteConsultation, Route, Any]]",
        change: bool,
    ) -> None:
        route_save(
            route=form.instance,
            save_related=lambda route: super(RouteAdmin, self).save_related(
                request, form, formsets, change
            ),
            **self.audited(request),
        )

    def delete(self, obj: Route, **audited: Any) -> None:
        route_delete(route=obj, **audited)


@admin.register(FeeRate)
class FeeRateAdmin(AuditedAdmin):
    """The restoration fee's rates (product.md §16 L7), each citing its document; every edit
    audited (``fee_rate_save``)."""

    list_display = [
        "jurisdiction",
        "land_category",
        "yuan_per_m2",
        "commercial_factor",
        "welfare_factor",
        "urban_factor",
    ]
    list_filter = ["jurisdiction"]

    def save(self, obj: FeeRate, **audited: Any) -> None:
        fee_rate_save(rate=obj, **audited)

    def delete(self, obj: FeeRate, **audited: Any) -> None:
        fee_rate_delete(rate=obj, **audited)


@admin.register(Forwarding)
class ForwardingAdmin(ReadOnlyAdmin):
    list_display = ["application", "agency", "forwarded_on", "national_number", "outcome"]
    exclude = ["task"]  # viewflow's own description of a task is not translated


@admin.register(RestorationFee)
class RestorationFeeAdmin(ReadOnlyAdmin):
    list_display = ["application", "agency", "amount_due", "status", "paid_on", "receipt_number"]
    list_filter = ["status"]


@admin.register(Countersign)
class CountersignAdmin(ReadOnlyAdmin):
    list_display = ["application", "agency", "decision", "decided_by", "decided_at"]


@admin.register(CalendarDay)
class CalendarDayAdmin(ConfigurationAdmin):
    working_icon = staticmethod(yes_no_column(CalendarDay, "working"))
    list_display = ["day", "working_icon", "note"]
    list_filter = ["working"]
    date_hierarchy = "day"


class ReturnItemInline(_ReturnItemInline):
    model = ReturnItem
    extra = 0
    can_delete = False
    readonly_fields = ["field", "attachment_kind", "message"]

    def has_add_permission(self, request: HttpRequest, obj: ReviewDecision | None = None) -> bool:
        return False


@admin.register(ReviewDecision)
class ReviewDecisionAdmin(ReadOnlyAdmin):
    """Decisions are records made by the services: read-only here."""

    list_display = ["application", "step", "agency_name", "decision", "decided_by", "decided_at"]
    list_filter = ["step", "decision"]
    readonly_fields = [f.name for f in ReviewDecision._meta.fields]
    inlines = [ReturnItemInline]
