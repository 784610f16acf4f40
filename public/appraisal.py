"""The appraisal (考核, product.md §19 P3; seeds 000 二(二)/(八), 001 三(一)2 and 四(二)(1), 002
(二十八)): per agency of a jurisdiction and per quarter, the indicators computed from the
records, never typed in. Each indicator is a share of cases (``met`` of ``total``) or, for the
working days, a median; each is one grouped query, whatever the number of applications:

- ``decisions_on_time``: the review steps the agency decided in the quarter within their time
  limit (its step clocks ended in the quarter, a withdrawal's not counted);
- ``median_working_days``: the working days those steps took (the clocks' own count);
- ``inspections_passed``: its inspections recorded in the quarter that passed (with or without
  notes);
- ``obligations_on_time``: the obligations of the permits it issued that fell due in the
  quarter, filed by their due day (an escape incident is owed at any time: not counted);
- ``rectifications_closed``: its rectifications whose deadline fell in the quarter, closed (销号);
- ``restorations_in_year``: the restorations of the temporary uses it supervises due in the
  quarter (one year after the use ended, 森林法 第三十八条), accepted;
- ``reports_on_time``: the reports from the public it leads whose day fell in the quarter,
  closed by that day;
- ``plan_completion``: the forestry agencies' share of the tasks of the current annual plan of
  the quarter's year (§19 P4) whose work was accepted on inspection by the quarter's end (a
  district agency its district's tasks, the municipal one its jurisdiction's;
  ``public.plans``);
- ``patches_verified_on_time``: the remote-sensing change patches (森林督查, issue 48) it was
  to verify by a day in the quarter, whose field result was recorded by that day (the
  ``forest_watch`` app sits above this one: its patches are read through the app registry,
  and the figure is empty where the app is not installed);
- ``cases_decided_on_time``: its enforcement cases whose decision period (行政处罚法 第六十条,
  ninety days from 立案 by default) ended in the quarter, decided within it (docs/legal-basis.md
  F40: why this and not the 结案 after execution);
- ``cases_closed_on_time``: its cases decided with a penalty whose last period of execution (the
  later of the fine's fifteen days, 行政处罚法 第六十七条, and the replanting period the decision
  set, 森林法) ended in the quarter, closed (结案) by that day (F40: the issue's "cases closed").

Officials read their agencies' jurisdictions, auditors theirs; applicants nothing. The public
reads the same table for every quarter that has ended (001 三(三)3 "定期发布")."""

import re
import statistics
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import (
    Aggregate,
    Count,
    DateField,
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, Greatest
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.csvexport import csv_download
from core.files import as_download
from core.messages import MSG_QUARTER, MSG_QUARTER_LABEL
from enforcement.models import Case, CaseOutcome
from permits.choices import ObligationKind, ObligationStatus
from permits.models import Filing, Obligation
from roles.models import Agency, AgencyKind, Jurisdiction
from supervision.models import (
    PASSING_OUTCOMES,
    Inspection,
    InspectionStatus,
    Rectification,
    RectificationStatus,
)
from workflows.models import StepClock

from .models import AppraisalSnapshot, Report, ReportStatus
from .plans import plan_completion

QUARTER = re.compile(r"^(?P<year>20[0-9]{2})Q(?P<q>[1-4])\Z")
INDICATORS: tuple[tuple[str, Any], ...] = (
    ("decisions_on_time", _("Steps decided within the time limit")),
    ("median_working_days", _("Median working days a step took")),
    ("inspections_passed", _("Inspections passed")),
    ("obligations_on_time", _("Obligations filed on time")),
    ("rectifications_closed", _("Rectifications closed")),
    ("restorations_in_year", _("Restorations accepted within the year")),
    ("reports_on_time", _("Reports from the public handled on time")),
    ("plan_completion", _("Annual plan completed")),
    ("patches_verified_on_time", _("Change patches verified on time")),
    ("cases_decided_on_time", _("Enforcement cases decided within the period")),
    ("cases_closed_on_time", _("Enforcement cases executed and closed on time")),
)
SHARES = tuple(name for name, _label in INDICATORS if name != "median_working_days")
# The agencies appraised: every one that decides, supervises or is consulted (not the audit
# bureaus nor the government-service centres, which decide nothing here).
APPRAISED_KINDS = (
    AgencyKind.FORESTRY,
    AgencyKind.AGRICULTURE,
    AgencyKind.PLANNING,
    AgencyKind.ECOLOGY,
    AgencyKind.WATER,
)


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, value: object) -> "Quarter":
        match = QUARTER.match(value.strip()) if isinstance(value, str) else None
        if match is None:
            raise ValueError(str(MSG_QUARTER))
        return cls(int(match["year"]), int(match["q"]))

    @classmethod
    def of(cls, day: date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def since(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def until(self) -> date:
        following = (
            date(self.year + 1, 1, 1)
            if self.number == 4
            else date(self.year, 3 * self.number + 1, 1)
        )
        return following - timedelta(days=1)

    def previous(self) -> "Quarter":
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def label(self) -> str:
        """The quarter as people read it (2026年第4季度)."""
        return str(MSG_QUARTER_LABEL) % {"year": self.year, "number": self.number}


@dataclass
class Figure:
    """One indicator of one agency: ``met`` of ``total`` (a share), or a median."""

    total: int = 0
    met: int = 0
    median: float | None = None

    @property
    def value(self) -> float | None:
        if self.median is not None:
            return self.median
        return round(self.met / self.total, 4) if self.total else None


@dataclass
class AppraisalRow:
    agency: Agency
    figures: dict[str, Figure] = field(default_factory=dict)

    @property
    def has_data(self) -> bool:
        """Whether any indicator counted a case of the agency in the quarter."""
        return any(figure.total for figure in self.figures.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "agency": {"code": self.agency.code, "name": self.agency.name},
            "level": self.agency.level,
            "district": self.agency.district_id,
            "indicators": {
                name: {
                    "value": self.figures[name].value,
                    "met": self.figures[name].met if name != "median_working_days" else None,
                    "total": self.figures[name].total,
                }
                for name, _label in INDICATORS
            },
        }


class Appraisal(list[AppraisalRow]):
    """The rows of the agencies that had a case in the quarter, and when they were computed:
    ``as_of`` the tick's time when they were read from its snapshot (``AppraisalSnapshot``), None
    when computed for this request. ``without_data``: the agencies appraised that had no case to
    count (named once, not listed as rows of dashes)."""

    as_of: datetime | None = None
    without_data: tuple[Agency, ...] = ()

    @classmethod
    def of(cls, rows: Iterable[AppraisalRow], as_of: datetime | None = None) -> "Appraisal":
        every = list(rows)
        found = cls(row for row in every if row.has_data)
        found.as_of = as_of
        found.without_data = tuple(row.agency for row in every if not row.has_data)
        return found


def appraisal(*, jurisdictions: Iterable[str], quarter: Quarter, district: str = "") -> Appraisal:
    """The appraisal of the agencies of ``jurisdictions`` (of one district's, and the
    municipal ones, when ``district`` is given) for ``quarter``: read from the tick's snapshot
    when every jurisdiction has one (two queries), else computed (a fixed number)."""
    agencies = Agency.objects.filter(
        jurisdiction_id__in=list(jurisdictions), kind__in=APPRAISED_KINDS
    ).order_by("jurisdiction_id", "-level", "district_id", "kind", "code")
    if district:
        agencies = agencies.filter(Q(district_id=district) | Q(district__isnull=True))
    rows = {agency.pk: AppraisalRow(agency) for agency in agencies}
    if not rows:
        return Appraisal()
    snapshots = list(
        AppraisalSnapshot.objects.filter(
            jurisdiction_id__in={row.agency.jurisdiction_id for row in rows.values()},
            period=str(quarter),
        )
    )
    stored = {pk: figures for s in snapshots for pk, figures in s.figures.items()}
    # Every jurisdiction stored, and every agency in it (one created since is computed).
    if len(snapshots) == len({row.agency.jurisdiction_id for row in rows.values()}) and all(
        str(pk) in stored for pk in rows
    ):
        for pk, row in rows.items():
            figures = stored.get(str(pk), {})
            row.figures = {
                name: Figure(*figures.get(name, (0, 0, None))) for name, _label in INDICATORS
            }
        return Appraisal.of(rows.values(), as_of=min(s.computed_at for s in snapshots))
    _compute(rows, quarter)
    return Appraisal.of(rows.values())


def _compute(rows: dict[int, AppraisalRow], quarter: Quarter) -> None:
    ids = list(rows)
    found: dict[str, dict[int, Figure]] = {
        "decisions_on_time": _steps_on_time(ids, quarter),
        "median_working_days": _median_days(ids, quarter),
        "inspections_passed": _inspections(ids, quarter),
        "obligations_on_time": _obligations(ids, quarter),
        "rectifications_closed": _rectifications(ids, quarter),
        "restorations_in_year": _restorations(ids, quarter),
        "reports_on_time": _reports(ids, quarter),
        "plan_completion": _plan_completion(list(rows.values()), quarter),
        "patches_verified_on_time": _patches(ids, quarter),
        "cases_decided_on_time": _cases(ids, quarter),
        "cases_closed_on_time": _cases_closed(ids, quarter),
    }
    for name, _label in INDICATORS:
        for pk, row in rows.items():
            row.figures[name] = found[name].get(pk, Figure())


def appraisals_refresh(now: datetime) -> int:
    """The tick's job "appraisals computed": for each jurisdiction, the quarter just ended once
    (its figures kept from then on: ``final``) and the current quarter when its snapshot is
    older than ``PERMITS_APPRAISAL_REFRESH_MINUTES``. Returns the snapshots written."""
    today = timezone.localdate(now)
    current = Quarter.of(today)
    ended = current.previous()
    stale = now - timedelta(minutes=settings.PERMITS_APPRAISAL_REFRESH_MINUTES)
    kept = {
        (s.jurisdiction_id, s.period): s
        for s in AppraisalSnapshot.objects.filter(period__in=[str(current), str(ended)])
    }
    written = 0
    for jurisdiction in Jurisdiction.objects.order_by("code").values_list("code", flat=True):
        last = kept.get((jurisdiction, str(ended)))
        if last is None or not last.final:
            written += _snapshot_store(jurisdiction, ended, now, final=True)
        this = kept.get((jurisdiction, str(current)))
        if this is None or this.computed_at <= stale:
            written += _snapshot_store(jurisdiction, current, now, final=False)
    return written


def _snapshot_store(jurisdiction: str, quarter: Quarter, now: datetime, *, final: bool) -> int:
    agencies = Agency.objects.filter(jurisdiction_id=jurisdiction, kind__in=APPRAISED_KINDS)
    rows = {agency.pk: AppraisalRow(agency) for agency in agencies}
    if rows:
        _compute(rows, quarter)
    figures = {
        str(pk): {
            name: [figure.total, figure.met, figure.median] for name, figure in row.figures.items()
        }
        for pk, row in rows.items()
    }
    try:
        with transaction.atomic():
            AppraisalSnapshot.objects.update_or_create(
                jurisdiction_id=jurisdiction,
                period=str(quarter),
                defaults={"computed_at": now, "final": final, "figures": figures},
            )
    except IntegrityError:  # another tick stored it first
        return 0
    return 1


def _plan_completion(rows: list[AppraisalRow], quarter: Quarter) -> dict[int, Figure]:
    forestry = [row.agency for row in rows if row.agency.kind == AgencyKind.FORESTRY]
    if not forestry:
        return {}
    until = min(quarter.until, timezone.localdate())
    done = plan_completion(
        jurisdiction_ids={a.jurisdiction_id for a in forestry}, year=quarter.year, until=until
    )
    found = {}
    for agency in forestry:
        met, total = done.get((agency.jurisdiction_id, agency.district_id), (0, 0))
        if total:
            found[agency.pk] = Figure(total=total, met=met)
    return found


def _shares(rows: QuerySet[Any], key: str, met: Q) -> dict[int, Figure]:
    grouped = rows.order_by().values(key).annotate(total=Count("pk"), met=Count("pk", filter=met))
    return {row[key]: Figure(total=row["total"], met=row["met"]) for row in grouped}


def _in(name: str, quarter: Quarter) -> Q:
    return Q(**{f"{name}__gte": quarter.since, f"{name}__lte": quarter.until})


def _moments(quarter: Quarter) -> tuple[datetime, datetime]:
    """The quarter's first instant and the next quarter's, in local time: a range an index on
    the timestamp serves (a filter on its date would not)."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(quarter.since, time.min, tzinfo=zone)
    end = datetime.combine(quarter.until + timedelta(days=1), time.min, tzinfo=zone)
    return start, end


def _during(name: str, quarter: Quarter) -> Q:
    start, end = _moments(quarter)
    return Q(**{f"{name}__gte": start, f"{name}__lt": end})


def _steps(ids: list[int], quarter: Quarter) -> QuerySet[StepClock]:
    return StepClock.objects.filter(
        _during("ended_at", quarter),
        agency_id__in=ids,
        ended_by_withdrawal=False,
        due_date__isnull=False,
    )


def _steps_on_time(ids: list[int], quarter: Quarter) -> dict[int, Figure]:
    return _shares(_steps(ids, quarter), "agency_id", Q(ended_at__date__lte=F("due_date")))


class Median(Aggregate):
    """PostgreSQL's median of a column (``percentile_cont``, an ordered-set aggregate)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _median_days(ids: list[int], quarter: Quarter) -> dict[int, Figure]:
    """The median of the working days the clocks counted, per agency: PostgreSQL's
    percentile_cont in the one query; elsewhere (SQLite) the values read and the median taken
    here."""
    steps = _steps(ids, quarter).order_by()
    if connection.vendor == "postgresql":
        grouped = steps.values("agency_id").annotate(
            n=Count("pk"), median=Median("used_working_days")
        )
        return {
            row["agency_id"]: Figure(total=row["n"], median=float(row["median"])) for row in grouped
        }
    values: dict[int, list[int]] = {}
    for agency_id, days in steps.values_list("agency_id", "used_working_days"):
        values.setdefault(agency_id, []).append(days)
    return {
        pk: Figure(total=len(days), median=float(statistics.median(days)))
        for pk, days in values.items()
    }


def _inspections(ids: list[int], quarter: Quarter) -> dict[int, Figure]:
    done = Inspection.objects.filter(
        _during("recorded_at", quarter), agency_id__in=ids, status=InspectionStatus.DONE
    )
    return _shares(done, "agency_id", Q(outcome__in=PASSING_OUTCOMES))


def _first_filed() -> Subquery:
    return Subquery(
        Filing.objects.filter(obligation=OuterRef("pk")).order_by("filed_at").values("filed_at")[:1]
    )


def _obligations(ids: list[int], quarter: Quarter) -> dict[int, Figure]:
    due = (
        Obligation.objects.filter(_in("due_date", quarter), application__district_agency_id__in=ids)
        .exclude(kind=ObligationKind.ESCAPE_INCIDENT)
        # No longer owed (the permit ended before the work): never late (F38).
        .exclude(status=ObligationStatus.ENDED)
        .annotate(first_filed=_first_filed())
    )
    return _shares(due, "application__district_agency_id", Q(first_filed__date__lte=F("due_date")))


def _rectifications(ids: list[int], quarter: Quarter) -> dict[int, Figure]:
    ordered = Rectification.objects.filter(_in("deadline", quarter), agency_id__in=ids)
    return _shares(ordered, "agency_id", Q(status=RectificationStatus.CLOSED))


def _restorations(ids: list[int], quarter: Quarter) -> dict[int, Figure]:
    due = Obligation.objects.filter(
        _in("due_date", quarter),
        application__district_agency_id__in=ids,
        kind=ObligationKind.RESTORATION_COMPLETION,
    )
    return _shares(due, "application__district_agency_id", Q(status=ObligationStatus.ACCEPTED))


def _reports(ids: list[int], quarter: Quarter) -> dict[int, Figure]:
    due = Report.objects.filter(_in("due_on", quarter), agency_id__in=ids)
    on_time = Q(status=ReportStatus.CLOSED, closed_at__date__lte=F("due_on"))
    return _shares(due, "agency_id", on_time)


# The patches of the 森林督查 (forest_watch, a layer above): read by name, as enforcement.sources
# reads its sources, so that this app imports nothing of it.
WATCH_APP = "forest_watch"


def _patches(ids: list[int], quarter: Quarter) -> dict[int, Figure]:
    if not apps.is_installed(WATCH_APP):
        return {}
    patch: Any = apps.get_model(WATCH_APP, "Patch")
    verification: Any = apps.get_model(WATCH_APP, "Verification")
    in_time = verification.objects.filter(
        patch=OuterRef("pk"), recorded_at__date__lte=OuterRef("due_date")
    )
    due = patch.objects.filter(_in("due_date", quarter), agency_id__in=ids).annotate(
        verified_in_time=Exists(in_time)
    )
    return _shares(due, "agency_id", Q(verified_in_time=True))


def _cases(ids: list[int], quarter: Quarter) -> dict[int, Figure]:
    due = Case.objects.filter(_in("decide_due", quarter), agency_id__in=ids)
    return _shares(due, "agency_id", Q(decided_at__date__lte=F("decide_due")))


def _cases_closed(ids: list[int], quarter: Quarter) -> dict[int, Figure]:
    """The penalty cases whose last period of execution ended in the quarter: the later of the
    fine's day and the replanting's, whichever are set (each Coalesce'd to the other, as SQLite's
    GREATEST is null when any argument is)."""
    last_day = Greatest(
        Coalesce("fine_due", "replant_due"),
        Coalesce("replant_due", "fine_due"),
        output_field=DateField(),
    )
    due = Case.objects.filter(
        agency_id__in=ids, outcome=CaseOutcome.PENALTY, decided_at__isnull=False
    ).annotate(executed_by=last_day)
    due = due.filter(_in("executed_by", quarter))
    return _shares(due, "agency_id", Q(closed_at__date__lte=F("executed_by")))


def public_quarters(today: date | None = None, count: int = 8) -> list[Quarter]:
    """The quarters the public summary offers: the last ``count`` that have ended."""
    quarter = Quarter.of(today or timezone.localdate()).previous()
    found = []
    for _i in range(count):
        found.append(quarter)
        quarter = quarter.previous()
    return found


def appraisal_table(rows: list[AppraisalRow]) -> Iterator[list[object]]:
    """The rows of the CSV and XLSX exports: a header, then one line per agency (a share as a
    percentage with its counts, a median in working days; empty where nothing was due)."""
    header: list[object] = [str(_("Agency")), str(_("District"))]
    for _name, label in INDICATORS:
        header += [str(label), str(_("counted"))]
    yield header
    for row in rows:
        line: list[object] = [row.agency.name, row.agency.district_id or ""]
        for name, _label in INDICATORS:
            figure = row.figures[name]
            value = figure.value
            if name == "median_working_days":
                line += [value if value is not None else "", figure.total]
            else:
                line += [round(value * 100, 1) if value is not None else "", figure.total]
        yield line


def appraisal_xlsx(table: Iterable[list[object]], *, title: str) -> bytes:
    """The table as an XLSX workbook (openpyxl's write-only mode: rows are written as they come,
    never held as cells); text that a spreadsheet would read as a formula is written as text."""
    import io

    from openpyxl import Workbook

    from core.csvexport import safe_cell

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    for line in table:
        sheet.append([safe_cell(v) if isinstance(v, str) else v for v in line])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def appraisal_download(
    rows: list[AppraisalRow], quarter: Quarter, wanted: str | None
) -> HttpResponse | StreamingHttpResponse | None:
    """The appraisal of ``quarter`` as the spreadsheet ``wanted`` (``csv`` or ``xlsx``), saved
    as ``appraisal-<quarter>``, for both doors; None for any other (the page, the JSON)."""
    name = f"appraisal-{quarter}"
    if wanted == "csv":
        return csv_download(appraisal_table(rows), f"{name}.csv")
    if wanted == "xlsx":
        book = appraisal_xlsx(appraisal_table(rows), title=name)
        return as_download(HttpResponse(book, content_type=XLSX), f"{name}.xlsx")
    return None
