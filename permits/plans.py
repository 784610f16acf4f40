"""Importing an annual plan per 小班 (product.md §19 P4), audited, and what rule T7 reads of it.

The table is read by ``plans.readers`` (CSV or XLSX) and stored by ``plans.services.plan_store``
as a new version of the year's plan of a district (or of the whole jurisdiction); the import is
an audit event, because rule T7 and the appraisal read it. The admin, ``plans_import`` and
``seed_demo`` call this one function. The operations and funding sources a task may name are a
tending design's (``permits.choices``), by code or by their label in either language.
"""

import hashlib
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from audit.choices import AuditAction
from audit.trail import audit_appended_last, audit_record
from core.errors import InvalidInput, Problem
from plans.models import FIRST_YEAR, LAST_YEAR, Plan
from plans.readers import TableRefused, read_table
from plans.services import PlanRefused, plan_store, tasks_in_force
from roles.models import District, Jurisdiction, Role

from .choices import FundingSource, OperationType
from .readmemo import PLANS, remembered

MSG_SOURCE_REQUIRED = _("Name the source document of the plan (its title and number).")
MSG_YEAR = _("Give the plan's year, from %(first)s to %(last)s.")
MSG_DISTRICT = _("The district does not belong to the jurisdiction.")


def choice_table(choices: type[models.TextChoices]) -> dict[str, str]:
    """What a cell may say for each code: the code and its label in every language of the
    site (抚育间伐, “Tending thinning”, thinning)."""
    table = {value: value for value in choices.values}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            table.update({str(label): value for value, label in choices.choices})
    return table


@transaction.atomic
@audit_appended_last
def plan_import(
    *,
    jurisdiction: Jurisdiction,
    year: int,
    source: str,
    data: bytes,
    file_name: str = "",
    district: District | None = None,
    by: User | None = None,
    demo: bool = False,
    client_ip: str | None = None,
) -> Plan:
    """Read ``data`` and store it as the new current version of the year's plan; nothing is
    stored when any row is refused (``InvalidInput`` naming the field ``file``, each message
    its row and column)."""
    if not source.strip():
        raise InvalidInput.on("source", "required", MSG_SOURCE_REQUIRED)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput.on(
            "year", "invalid", MSG_YEAR % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    if district is not None and district.jurisdiction_id != jurisdiction.pk:
        raise InvalidInput.on("district", "district_outside_jurisdiction", MSG_DISTRICT)
    try:
        header, rows = read_table(data)
        plan = plan_store(
            jurisdiction=jurisdiction,
            district=district,
            year=year,
            source=source.strip(),
            header=header,
            rows=rows,
            task_types=choice_table(OperationType),
            fundings=choice_table(FundingSource),
            file_name=file_name,
            file_sha256=hashlib.sha256(data).hexdigest(),
            by=by,
            demo=demo,
        )
    except TableRefused as refused:
        raise InvalidInput.on("file", refused.code, refused.message) from None
    except PlanRefused as refused:
        raise InvalidInput(
            problems=[Problem("file", "invalid_row", str(m)) for m in refused.messages]
        ) from None
    audit_record(
        action=AuditAction.PLAN_IMPORTED,
        actor=by,
        role=Role.ADMIN if by else "system",
        client_ip=client_ip,
        opinion=plan.source,
        details={
            **plan.as_version(),
            "file_name": file_name,
            "sha256": plan.file_sha256,
            "tasks": plan.task_count,
        },
    )
    return plan


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
