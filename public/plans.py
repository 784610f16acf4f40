"""The annual plan against what was done (product.md §19 P4): per 小班 task of the current plan
of a year, the tending designs approved for that year's work on its 小班 and whether their work
was accepted on inspection; summed per district and township (planned vs approved vs accepted),
and the plan's completion for the appraisal (P3).

Read from the records, never typed in: a task is *approved* when a tending design of its district
whose planned start falls in the plan's year names its 小班 and holds a permit (approved, and not
revoked, withdrawn or given up since); *accepted* when such a design's completion inspection
passed (with or without notes). Officials and auditors read their jurisdictions, as the
appraisal."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from core.compartments import compartment_key
from permits.choices import PERMIT_STOOD_STATUSES
from permits.models import TendingDesign
from plans.models import PlanTask
from plans.services import tasks_in_force
from roles.models import District
from supervision.models import PASSING_OUTCOMES, Inspection, InspectionKind, InspectionStatus


@dataclass
class Tally:
    tasks: int = 0
    area_ha: Decimal = Decimal(0)

    def add(self, task: PlanTask) -> None:
        self.tasks += 1
        self.area_ha += task.area_ha

    def as_dict(self) -> dict[str, Any]:
        return {"tasks": self.tasks, "area_ha": str(self.area_ha)}


@dataclass
class PlanLine:
    """One district's, or one township's, planned, approved and accepted tasks."""

    district: District
    township: str = ""
    planned: Tally = field(default_factory=Tally)
    approved: Tally = field(default_factory=Tally)
    accepted: Tally = field(default_factory=Tally)

    @property
    def completion(self) -> float | None:
        """The share of the planned area accepted."""
        if not self.planned.area_ha:
            return None
        return round(float(self.accepted.area_ha / self.planned.area_ha), 4)

    @property
    def approved_share(self) -> float | None:
        if not self.planned.area_ha:
            return None
        return round(float(self.approved.area_ha / self.planned.area_ha), 4)

    def count(self, task: PlanTask, approved: bool, accepted: bool) -> None:
        self.planned.add(task)
        if approved:
            self.approved.add(task)
        if accepted:
            self.accepted.add(task)

    def as_dict(self) -> dict[str, Any]:
        return {
            "district": {"code": self.district.code, "name": self.district.name},
            "township": self.township,
            "planned": self.planned.as_dict(),
            "approved": self.approved.as_dict(),
            "accepted": self.accepted.as_dict(),
            "completion": self.completion,
        }


@dataclass
class TaskProgress:
    task: PlanTask
    designs: list[dict[str, Any]]
    accepted: bool

    @property
    def approved(self) -> bool:
        return bool(self.designs)

    def as_dict(self) -> dict[str, Any]:
        task = self.task
        return {
            "id": task.pk,
            "year": task.year,
            "district": task.district_id,
            "township": task.township,
            "village": task.village,
            "compartment": task.compartment,
            "task_type": task.task_type,
            "area_ha": str(task.area_ha),
            "funding_source": task.funding_source,
            "responsible_unit": task.responsible_unit,
            "plan": {"id": task.plan_id, "version": task.plan.version},
            "approved": [{"id": d["pk"], "reference": d["reference"]} for d in self.designs],
            "accepted": self.accepted,
        }


@dataclass
class PlanProgress:
    year: int
    tasks: list[TaskProgress]
    districts: list[PlanLine]
    townships: list[PlanLine]


def plan_tasks(
    *, jurisdictions: Iterable[str], year: int, district: str = ""
) -> QuerySet[PlanTask]:
    """The tasks the plans of ``year`` set in ``jurisdictions`` (a district's own plan in
    place of a jurisdiction-wide plan's tasks there: ``plans.services.tasks_in_force``)."""
    tasks = tasks_in_force(year).filter(jurisdiction_id__in=list(jurisdictions))
    if district:
        tasks = tasks.filter(district_id=district)
    return tasks


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


def _designs(
    tasks: list[PlanTask], year: int, until: date
) -> tuple[dict[tuple[str, str], list[dict[str, Any]]], set[int]]:
    """The designs approved for ``year``'s work per (district, 小班) of ``tasks``, and those of
    them whose completion inspection passed by ``until``: two queries."""
    districts = sorted({t.district_id for t in tasks})
    rows = (
        TendingDesign.objects.filter(
            district_id__in=districts, status__in=PERMIT_STOOD_STATUSES, start_date__year=year
        )
        .order_by("reference")
        .values("pk", "reference", "district_id", "compartments")
    )
    by_site: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    ids = []
    for row in rows:
        ids.append(row["pk"])
        for code in row["compartments"] or ():
            by_site[(row["district_id"], compartment_key(code))].append(row)
    accepted = set(
        Inspection.objects.filter(
            application_id__in=ids,
            kind=InspectionKind.COMPLETION,
            status=InspectionStatus.DONE,
            outcome__in=PASSING_OUTCOMES,
            recorded_at__lte=_end_of(until),
        ).values_list("application_id", flat=True)
    )
    return by_site, accepted


def plan_progress(
    *, jurisdictions: Iterable[str], year: int, district: str = "", until: date | None = None
) -> PlanProgress:
    """Each task of the current plan of ``year`` with its approved designs and whether their
    work was accepted (by ``until``, today when not given), and the sums per district and
    township: a fixed number of queries."""
    tasks = list(
        plan_tasks(jurisdictions=jurisdictions, year=year, district=district)
        .select_related("district", "plan")
        .order_by("district_id", "township", "forest_block", "sub_compartment", "row", "pk")
    )
    by_site, accepted = _designs(tasks, year, until or timezone.localdate())
    progress = []
    districts: dict[str, PlanLine] = {}
    townships: dict[tuple[str, str], PlanLine] = {}
    for task in tasks:
        designs = by_site.get((task.district_id, compartment_key(task.compartment)), [])
        done = any(d["pk"] in accepted for d in designs)
        progress.append(TaskProgress(task, designs, done))
        line = districts.setdefault(task.district_id, PlanLine(task.district))
        line.count(task, bool(designs), done)
        key = (task.district_id, task.township)
        township = townships.setdefault(key, PlanLine(task.district, task.township))
        township.count(task, bool(designs), done)
    return PlanProgress(year, progress, list(districts.values()), list(townships.values()))


def plan_completion(
    *, jurisdiction_ids: Iterable[str], year: int, until: date
) -> dict[tuple[str, str | None], tuple[int, int]]:
    """For the appraisal: (tasks accepted by ``until``, tasks planned) per district of the
    current plans of ``year``, and per jurisdiction (the key's district ``None``)."""
    progress = plan_progress(jurisdictions=jurisdiction_ids, year=year, until=until)
    found: dict[tuple[str, str | None], tuple[int, int]] = {}
    for item in progress.tasks:
        task = item.task
        for key in ((task.jurisdiction_id, task.district_id), (task.jurisdiction_id, None)):
            met, total = found.get(key, (0, 0))
            found[key] = (met + item.accepted, total + 1)
    return found
