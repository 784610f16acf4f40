"""The annual plan per 小班 as permits read it (product.md §19 P4): its import in a tending
design's words, and what rule T7 reads of it.

The audited import is ``plans.services.plan_import``; plans sit below permits, so the operations
and funding sources a task may name (a tending design's, ``permits.choices``, by code or by their
label in either language) are handed to it here. The admin, ``plans_import`` and ``seed_demo``
call ``plan_import`` of this module.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import translation

from plans import services as plan_services
from plans.models import Plan
from plans.services import tasks_in_force
from zones.imports import ImportFile

from .choices import FundingSource, OperationType
from .readmemo import PLANS, remembered


def choice_table(choices: type[models.TextChoices]) -> dict[str, str]:
    """What a cell may say for each code: the code and its label in every language of the
    site (抚育间伐, “Tending thinning”, thinning)."""
    table = {value: value for value in choices.values}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            table.update({str(label): value for value, label in choices.choices})
    return table


def plan_import(*, file: ImportFile, year: int) -> Plan:
    """``plans.services.plan_import``, a task naming a tending design's operation and funding."""
    return plan_services.plan_import(
        file=file,
        year=year,
        task_types=choice_table(OperationType),
        fundings=choice_table(FundingSource),
    )


def current_tasks(*, year: int, districts: Iterable[str]) -> Any:
    """The tasks the plans of ``year`` set in ``districts`` (``plans.services.tasks_in_force``)."""
    return tasks_in_force(year).filter(district_id__in=list(districts))


def plan_facts(*, district_id: str | None, start: date | None, today: date) -> dict[str, Any]:
    """What rule T7 reads: the year of the work (its planned start, else this year) and the
    小班 the current plans of that year give a task in the district, or ``None`` when they give
    the district none (no plan to judge against): one query, once per ``read_once`` block."""
    year = (start or today).year
    planned: frozenset[str] = (
        remembered((PLANS, district_id, year), lambda: _planned(district_id, year))
        if district_id
        else frozenset()
    )
    return {"plan_year": year, "planned_compartments": planned or None}


def _planned(district_id: str, year: int) -> frozenset[str]:
    return frozenset(
        current_tasks(year=year, districts=[district_id]).values_list("compartment", flat=True)
    )
