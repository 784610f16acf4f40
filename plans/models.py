"""The annual plan per 小班 (product.md §19 P4; 000 二(一) "将天然林保护修复任务逐项分解落实到镇乡、
村和小班地块"; 001 附件 任务分解表).

A ``Plan`` is one imported version of one year's plan of a jurisdiction, or of one of its
districts; importing the same year and scope again supersedes the current version and keeps it,
as the map layers do. Its ``PlanTask`` rows are the tasks per 小班: where (district, township,
village, 林班-小班), what (the operation, as a design names it), how much (hectares), the money
and who answers for it. What was approved and accepted against them is read from the
applications (``public.plans``), never typed in.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import protected_fk
from roles.models import District, Jurisdiction
from zones.models import ImportedVersion, current_version_index, scope_district

# The years a plan may be for: the engine's records start in the 2020s; a plan is made at most a
# few years ahead.
FIRST_YEAR = 2000
LAST_YEAR = 2100


class Plan(ImportedVersion):
    subject = "year"

    district = scope_district(_("Empty when the plan covers the whole jurisdiction."))
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    task_count = models.PositiveIntegerField(_("tasks"), default=0)

    class Meta:
        verbose_name = _("annual plan version")
        verbose_name_plural = _("annual plan versions")
        ordering = ["jurisdiction", "-year", "district", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "district", "year", "version"],
                name="plan_version_unique",
            ),
        ]
        indexes = [current_version_index("jurisdiction", "year", name="plan_current")]


class PlanTask(models.Model):
    """One planned task on one 小班 (a row of the 任务分解表)."""

    plan = protected_fk(Plan, _("plan version"), related_name="tasks")
    row = models.PositiveIntegerField(_("row of the file"))
    year = models.PositiveSmallIntegerField(_("year"))
    jurisdiction = protected_fk(Jurisdiction, _("jurisdiction"))
    district = protected_fk(District, _("district"))
    township = models.CharField(_("township"), max_length=50)
    village = models.CharField(_("village"), max_length=50, blank=True)
    forest_block = models.CharField(_("compartment (林班)"), max_length=20)
    sub_compartment = models.CharField(_("sub-compartment (小班)"), max_length=20)
    # "林班-小班", as applications and the registry name them ("12-3").
    compartment = models.CharField(_("compartment code"), max_length=41)
    # permits.choices.OperationType's values (plans sit below permits: checked at import).
    task_type = models.CharField(_("task type"), max_length=25)
    area_ha = models.DecimalField(
        _("area (ha)"),
        max_digits=12,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0.0001"))],
    )
    # permits.choices.FundingSource's values, or blank when the table names none.
    funding_source = models.CharField(_("funding source"), max_length=25, blank=True)
    responsible_unit = models.CharField(_("responsible unit"), max_length=200)

    class Meta:
        verbose_name = _("planned task")
        verbose_name_plural = _("planned tasks")
        ordering = ["district", "township", "forest_block", "sub_compartment", "row"]
        indexes = [
            models.Index(fields=["year", "district", "compartment"], name="plantask_site"),
            models.Index(fields=["plan", "row"], name="plantask_row"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.district_id} {self.compartment} {self.task_type}"
