"""Importing an annual plan per 小班 (product.md §19 P4), audited, and storing it.

The table is read by ``plans.readers`` (CSV or XLSX) and stored by ``plan_store`` as a new
version of the year's plan of a district (or of the whole jurisdiction); the import
(``plan_import``) is an audit event, because rule T7 and the appraisal read it. The task types
and funding sources a cell may name are a tending design's, handed in by ``permits.plans``
(plans sit below permits).

Columns are found by the names bureaus' tables give them (ours first, then Chinese); values are
checked row by row and every refusal names its row and column, all at once. All or nothing: one
bad row refuses the whole file, and nothing of it is stored.
"""

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from audit.choices import AuditAction
from audit.trail import audit_appended_last
from core.compartments import compartment_key
from core.errors import InvalidInput
from core.messages import (
    MSG_AREA,
    MSG_COLUMNS,
    MSG_COMPARTMENT,
    MSG_DISTRICT_NEEDED_PLANS,
    MSG_DISTRICT_OTHER,
    MSG_DISTRICT_UNKNOWN_PLANS,
    MSG_DUPLICATE,
    MSG_NO_TASKS,
    MSG_NOT_IN_REGISTRY,
    MSG_PLAN_YEAR,
    MSG_REQUIRED,
    MSG_SOURCE_REQUIRED_PLANS,
    MSG_TOO_MANY_PLANS,
    MSG_VALUE_PLANS,
    MSG_YEAR,
)
from roles.models import District, Jurisdiction
from zones.imports import ImportFile, ImportRefused, file_import, version_next
from zones.models import LayerKind, Parcel

from .models import FIRST_YEAR, LAST_YEAR, Plan, PlanTask
from .readers import Row, read_table

MAX_AREA_HA = Decimal("100000")
AREA = re.compile(r"[0-9]{1,9}(?:\.[0-9]{1,8})?")
THOUSANDS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]{1,8})?")
MAX_MESSAGES = 50

# Header names seen in the bureaus' 任务分解表, ours first.
COLUMNS: dict[str, tuple[str, ...]] = {
    "year": ("year", "年度", "年份"),
    "district": ("district", "区", "区县", "区（县）", "区县代码", "XZQDM"),
    "township": ("township", "乡镇", "镇乡", "乡（镇）", "镇（乡）"),
    "village": ("village", "村", "行政村"),
    "compartment": ("compartment", "林班-小班", "林班小班", "小班号"),
    "forest_block": ("forest_block", "林班", "林班号"),
    "sub_compartment": ("sub_compartment", "小班"),
    "task_type": ("task_type", "任务类型", "措施类型", "作业类型", "修复措施"),
    "area_ha": ("area_ha", "面积（公顷）", "面积(公顷)", "面积", "任务面积"),
    "funding_source": ("funding_source", "资金来源", "资金渠道"),
    "responsible_unit": ("responsible_unit", "责任单位", "实施单位", "落实单位"),
}
REQUIRED = ("township", "task_type", "area_ha", "responsible_unit")
COLUMN_NAMES = {
    "year": _("year"),
    "district": _("district"),
    "township": _("township"),
    "village": _("village"),
    "compartment": _("小班 (林班-小班)"),
    "task_type": _("task type"),
    "area_ha": _("area (ha)"),
    "funding_source": _("funding source"),
    "responsible_unit": _("responsible unit"),
}

# The columns as the import form lists them: what each holds, and the header names it may have.
PLAN_COLUMNS = tuple(
    (COLUMN_NAMES.get(column, column), names)
    for column, names in COLUMNS.items()
    if column not in ("forest_block", "sub_compartment")
) + ((_("compartment and sub-compartment, in two columns"), ("林班", "小班")),)


def tasks_in_force(year: int) -> "QuerySet[PlanTask]":
    """The tasks the plans of ``year`` set: those of each current version, a district's own plan
    taking the place of a jurisdiction-wide plan's tasks in that district (the district
    decomposes the municipal plan, 000 二（一）); never both, so nothing counts twice."""
    own_plan = Plan.objects.filter(
        year=OuterRef("year"),
        district_id=OuterRef("district_id"),
        superseded_at__isnull=True,
    )
    return PlanTask.objects.filter(year=year, plan__superseded_at__isnull=True).filter(
        Q(plan__district__isnull=False) | ~Exists(own_plan)
    )


class PlanRefused(ImportRefused):
    """The rows cannot be stored as this plan."""


def _columns(header: Sequence[str]) -> dict[str, str]:
    """Our column name → the file's header name, for the columns the file has."""
    present = {name.strip(): name for name in header if name}
    found = {}
    for column, names in COLUMNS.items():
        for name in names:
            if name in present:
                found[column] = present[name]
                break
            folded = {k.casefold(): v for k, v in present.items()}
            if name.casefold() in folded:
                found[column] = folded[name.casefold()]
                break
    return found


def _missing_columns(found: Mapping[str, str]) -> list[str]:
    missing = [str(COLUMN_NAMES[c]) for c in REQUIRED if c not in found]
    if "compartment" not in found and not {"forest_block", "sub_compartment"} <= set(found):
        missing.append(str(COLUMN_NAMES["compartment"]))
    return missing


@transaction.atomic
@audit_appended_last
def plan_import(
    *,
    file: ImportFile,
    year: int,
    task_types: Mapping[str, str],
    fundings: Mapping[str, str],
) -> Plan:
    """Read ``file`` and store it as the new current version of the year's plan; nothing is
    stored when any row is refused (``InvalidInput`` naming the field ``file``, each message
    its row and column). ``task_types`` and ``fundings`` as ``plan_store`` reads them."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput.on(
            "year", "invalid", MSG_PLAN_YEAR % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )

    def store() -> Plan:
        header, rows = read_table(file.data)
        return plan_store(
            file=file,
            year=year,
            header=header,
            rows=rows,
            task_types=task_types,
            fundings=fundings,
        )

    return file_import(
        file,
        store,
        action=AuditAction.PLAN_IMPORTED,
        unsourced=MSG_SOURCE_REQUIRED_PLANS,
        refused="invalid_row",
        counted=lambda plan: {"tasks": plan.task_count},
    )


@transaction.atomic
def plan_store(
    *,
    file: ImportFile,
    year: int,
    header: Sequence[str],
    rows: Sequence[Row],
    task_types: Mapping[str, str],
    fundings: Mapping[str, str],
) -> Plan:
    """Store ``rows`` read from ``file`` as the new current version of the year's plan of its
    district (or of its whole jurisdiction), superseding (and keeping) the version before it.

    ``task_types`` and ``fundings`` map what a cell may say (a code, its label in any language
    of the site) to the code stored: the operations and funding sources of a tending design."""
    found = _columns(header)
    missing = _missing_columns(found)
    if missing:
        raise PlanRefused([MSG_COLUMNS % {"names": "、".join(missing)}])
    if not rows:
        raise PlanRefused([MSG_NO_TASKS])
    jurisdiction, district = file.jurisdiction, file.district
    tasks = _tasks_read(
        found,
        rows,
        jurisdiction=jurisdiction,
        district=district,
        year=year,
        task_types=task_types,
        fundings=fundings,
    )
    version = version_next(
        Plan.objects.filter(jurisdiction=jurisdiction, district=district, year=year), jurisdiction
    )
    plan = Plan.objects.create(
        year=year, version=version, task_count=len(tasks), **file.version_fields()
    )
    for task in tasks:
        task.plan = plan
    PlanTask.objects.bulk_create(tasks, batch_size=500)
    return plan


def _tasks_read(
    found: Mapping[str, str],
    rows: Sequence[Row],
    *,
    jurisdiction: Jurisdiction,
    district: District | None,
    year: int,
    task_types: Mapping[str, str],
    fundings: Mapping[str, str],
) -> list[PlanTask]:
    """The rows read as the plan's tasks, checked against the districts' registries; every
    row refused at once (``PlanRefused``, the first ``MAX_MESSAGES`` of them)."""
    districts = District.objects.filter(jurisdiction=jurisdiction)
    if district is not None:
        districts = districts.filter(pk=district.pk)
    reader = _RowReader(
        found=found,
        year=year,
        district=district,
        scope=district or jurisdiction,
        districts={d.pk: d for d in districts},
        task_types=task_types,
        fundings=fundings,
        registry=_registry(districts),
    )
    tasks = [reader.task(row) for row in rows]
    if reader.errors:
        shown = reader.errors[:MAX_MESSAGES]
        if len(reader.errors) > MAX_MESSAGES:
            shown.append(MSG_TOO_MANY_PLANS % {"more": len(reader.errors) - MAX_MESSAGES})
        raise PlanRefused(shown)
    return tasks


def _registry(districts: Any) -> dict[str, set[str]]:
    """The 小班 of each district's current registry; a district without one is not checked."""
    held: dict[str, set[str]] = {}
    rows = Parcel.objects.filter(
        district__in=districts,
        layer__kind=LayerKind.PARCELS,
        layer__superseded_at__isnull=True,
    ).values_list("district_id", "compartment")
    for district_id, compartment in rows:
        held.setdefault(district_id, set()).add(compartment_key(compartment))
    return held


class _RowReader:
    def __init__(
        self,
        *,
        found: Mapping[str, str],
        year: int,
        district: District | None,
        scope: object,
        districts: Mapping[str, District],
        task_types: Mapping[str, str],
        fundings: Mapping[str, str],
        registry: Mapping[str, set[str]],
    ) -> None:
        self.found = found
        self.year = year
        self.district = district
        self.scope = scope
        self.districts = districts
        self.by_name = {d.name: d for d in districts.values()}
        self.task_types = {k.casefold(): v for k, v in task_types.items()}
        self.fundings = {k.casefold(): v for k, v in fundings.items()}
        self.registry = registry
        self.errors: list[Any] = []
        self.seen: dict[tuple[str, str, str], int] = {}

    def _cell(self, row: Row, column: str) -> str:
        name = self.found.get(column)
        return row.cells.get(name, "").strip() if name else ""

    def _column(self, column: str) -> object:
        """The column as the file's header names it (else as we do)."""
        if column == "compartment" and "compartment" not in self.found:
            names = [self.found[c] for c in ("forest_block", "sub_compartment") if c in self.found]
            if names:
                return "/".join(names)
        return self.found.get(column) or COLUMN_NAMES.get(column, column)

    def _refuse(self, message: Any, row: Row, column: str, **params: object) -> None:
        self.errors.append(message % {"n": row.n, "column": self._column(column), **params})

    def _required(self, row: Row, column: str) -> str:
        value = self._cell(row, column)
        if not value:
            self._refuse(MSG_REQUIRED, row, column)
        return value

    def task(self, row: Row) -> PlanTask:
        self._year(row)
        district = self._district(row)
        block, sub = self._compartment(row, district)
        task_type = self._choice(row, "task_type", self.task_types, required=True)
        funding = self._choice(row, "funding_source", self.fundings, required=False)
        key = (district.pk if district else "", f"{block}-{sub}", task_type)
        if district and block and task_type:
            if key in self.seen:
                self.errors.append(MSG_DUPLICATE % {"n": row.n, "first": self.seen[key]})
            else:
                self.seen[key] = row.n
        return PlanTask(
            row=row.n,
            year=self.year,
            jurisdiction_id=(district.jurisdiction_id if district else ""),
            district=district,
            township=self._required(row, "township")[:50],
            village=self._cell(row, "village")[:50],
            forest_block=block,
            sub_compartment=sub,
            compartment=f"{block}-{sub}",
            task_type=task_type,
            area_ha=self._area(row),
            funding_source=funding,
            responsible_unit=self._required(row, "responsible_unit")[:200],
        )

    def _year(self, row: Row) -> None:
        value = self._cell(row, "year").removesuffix("年")
        if value and value != str(self.year):
            self._refuse(MSG_YEAR, row, "year", value=value, year=self.year)

    def _district(self, row: Row) -> District | None:
        value = self._cell(row, "district")
        if not value:
            if self.district is None:
                self._refuse(MSG_DISTRICT_NEEDED_PLANS, row, "district")
            return self.district
        found = self.districts.get(value) or self.by_name.get(value)
        if found is None:
            message = (
                MSG_DISTRICT_OTHER if self.district is not None else MSG_DISTRICT_UNKNOWN_PLANS
            )
            self._refuse(message, row, "district", value=value, scope=self.scope)
        return found

    def _compartment(self, row: Row, district: District | None) -> tuple[str, str]:
        code = self._cell(row, "compartment")
        if code:
            block, dash, sub = compartment_key(code).partition("-")
            column = "compartment"
        else:
            block, sub = self._cell(row, "forest_block"), self._cell(row, "sub_compartment")
            dash, code, column = "-", f"{block}-{sub}", "compartment"
            if not block and not sub:
                self._refuse(MSG_REQUIRED, row, column)
                return "", ""
        block, sub = compartment_key(block), compartment_key(sub)
        if not dash or not _number(block) or not _number(sub):
            self._refuse(MSG_COMPARTMENT, row, column, value=code)
            return "", ""
        held = self.registry.get(district.pk) if district else None
        if held is not None and f"{block}-{sub}" not in held:
            self._refuse(
                MSG_NOT_IN_REGISTRY, row, column, value=f"{block}-{sub}", district=district
            )
        return block, sub

    def _choice(self, row: Row, column: str, table: Mapping[str, str], *, required: bool) -> str:
        value = self._required(row, column) if required else self._cell(row, column)
        if not value:
            return ""
        chosen = table.get(value.casefold())
        if chosen is None:
            self._refuse(MSG_VALUE_PLANS, row, column, value=value)
            return ""
        return chosen

    def _area(self, row: Row) -> Decimal:
        value = self._required(row, "area_ha")
        if not value:
            return Decimal(0)
        # Digits with a decimal point, thousands grouped by commas or not ("1,234.5"); nothing
        # else ("1,5" is not 15, "1_0" not 10, "1e3" not a thousand).
        plain = value.replace(",", "") if THOUSANDS.fullmatch(value) else value
        try:
            area = Decimal(plain) if AREA.fullmatch(plain) else Decimal(-1)
        except InvalidOperation:
            area = Decimal(-1)
        if area.is_finite() and 0 < area <= MAX_AREA_HA:
            area = area.quantize(Decimal("0.0001"))
        if not area.is_finite() or area <= 0 or area > MAX_AREA_HA:
            self._refuse(MSG_AREA, row, "area_ha", value=value, most=MAX_AREA_HA)
            return Decimal(0)
        return area


def _number(value: str) -> bool:
    return bool(value) and len(value) <= 20 and value.isascii() and value.isalnum()


__all__ = ["FIRST_YEAR", "LAST_YEAR", "PlanRefused", "plan_import", "plan_store"]
