"""Planned tasks are read here; they change only by importing a plan version (the plan admin's
import form, ``plans_import``), so that rule T7 and the appraisal can name the version they
read."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import PlanTask


@admin.register(PlanTask)
class PlanTaskAdmin(ReadOnlyAdmin):
    list_display = ["compartment", "district", "township", "task_type", "area_ha", "plan"]
    list_filter = ["year", "district"]
    search_fields = ["compartment", "township", "village", "responsible_unit"]
