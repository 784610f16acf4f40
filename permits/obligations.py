"""What a permit holder owes after approval (product.md §17: the felling permit and the
completion of a tending design, the restoration of temporarily occupied forest land, an
introduction's monitoring and yearly control reports), and how long each permit is valid."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import cast

from django.db.models import QuerySet
from django.utils import timezone

from .choices import (
    OWED_OBLIGATION_STATUSES,
    REPORTABLE_STATUSES,
    Kind,
    ObligationKind,
    ObligationStatus,
    OccupationKind,
)
from .models import (
    Application,
    IntroductionApplication,
    Obligation,
    OccupationRequest,
    SupervisionStandard,
    TendingDesign,
)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def validity(
    detail: Application, approved_on: date, standard: "Standard | None" = None
) -> tuple[date | None, date | None]:
    """(valid from, valid until) of an approval; None until = no end.

    Tending: the design's work period. Temporary occupation: its duration from approval.
    Permanent occupation: the jurisdiction's ``permanent_validity_months`` (two years, 35号令
    art. 25) from approval, unless the construction-land approval is obtained (product.md §18
    B4). Introduction: the monitoring period from approval.
    """
    # ``detail`` is the type's child row (``Application.detail``): its kind says which.
    if detail.kind == Kind.TENDING:
        design = cast(TendingDesign, detail)
        return design.start_date, design.end_date
    if detail.kind == Kind.OCCUPATION:
        occupation = cast(OccupationRequest, detail)
        if occupation.occupation_kind == OccupationKind.TEMPORARY and occupation.duration_months:
            return approved_on, add_months(approved_on, occupation.duration_months)
        if occupation.occupation_kind == OccupationKind.PERMANENT:
            months = (standard or standard_of(detail.jurisdiction_id)).permanent_validity_months
            return approved_on, add_months(approved_on, months)
        return approved_on, None
    if detail.kind == Kind.INTRODUCTION:
        introduction = cast(IntroductionApplication, detail)
        if introduction.monitoring_years:
            return approved_on, add_months(approved_on, 12 * introduction.monitoring_years)
    return approved_on, None


def introduction_window(
    detail: Application, approved_on: date, standard: "Standard | None" = None
) -> date | None:
    """The last day an approved introduction may bring the species in (product.md §18 B6): the
    standard's window from the approval, never past the monitoring period; None for the other
    types."""
    if detail.kind != Kind.INTRODUCTION:
        return None
    months = (standard or standard_of(detail.jurisdiction_id)).introduction_window_months
    until = add_months(approved_on, months)
    _start, monitoring_until = validity(detail, approved_on, standard)
    return min(until, monitoring_until) if monitoring_until else until


# What each obligation rests on, printed to the holder and kept on the row (docs/legal-basis.md,
# "Supervision after approval"). Per jurisdiction where its own documents differ: a Tianjin
# permit never cites Beijing's seeds, nor the reverse (product.md §16 L11).
BEIJING, TIANJIN = "110000", "120000"
_LICENSING_61 = (
    "《中华人民共和国行政许可法》第六十一条第一款：行政机关应当建立健全监督制度，"
    "通过核查反映被许可人从事行政许可事项活动情况的有关材料，履行监督责任"
)
# A design's completion is inspected under the Forest Law, which supervises the forest's
# restoration whatever the approval is: a 批复 is not governed by the Licensing Law's art. 61
# (issue 46 item 3; the 检查验收意见书 cites the same article).
_FOREST_66 = (
    "《中华人民共和国森林法》第六十六条：县级以上人民政府林业主管部门依照本法规定，对森林资源的"
    "保护、修复、利用、更新等进行监督检查，依法查处破坏森林资源等违法行为"
)
_BIOSAFETY_60 = (
    "《中华人民共和国生物安全法》第六十条：加强对外来入侵物种的调查、监测、预警、控制、评估、"
    "清除以及生态修复等工作"
)
BASIS: dict[str, dict[str, str]] = {
    ObligationKind.FELLING_PERMIT: {
        "": (
            "《中华人民共和国森林法》第五十六条第一款：采伐林地上的林木应当申请采伐许可证，"
            "并按照采伐许可证的规定进行采伐"
        ),
    },
    ObligationKind.TENDING_COMPLETION: {
        BEIJING: (
            f"{_FOREST_66}；“加大天然林保护年度核查检查力度，实行绩效管理。”"
            "（《北京市天然林保护修复制度实施方案》二（八））"
        ),
        TIANJIN: (
            f"{_FOREST_66}；“开展修复质量评价，建立天然林保护修复档案。”"
            "（《蓟州区落实天然林保护修复制度实施方案》三（三）1）"
        ),
        "": _FOREST_66,
    },
    ObligationKind.RESTORATION_COMPLETION: {
        "": (
            "《中华人民共和国森林法》第三十八条第二款：临时使用林地期满后一年内，"
            "用地单位或者个人应当恢复植被和林业生产条件"
        ),
    },
    ObligationKind.MONITORING: {
        BEIJING: (
            "“依法严格外来物种引入审批，强化引入后使用管控。”"
            f"（《北京市生态保护2023年行动计划》二4）；{_BIOSAFETY_60}"
        ),
        "": f"{_BIOSAFETY_60}；{_LICENSING_61}",
    },
    ObligationKind.ANNUAL_CONTROL: {
        BEIJING: (
            "“强化引入后使用管控。”“完成年度防控报告。”"
            f"（《北京市生态保护2023年行动计划》二4）；{_BIOSAFETY_60}"
        ),
        "": _BIOSAFETY_60,
    },
    ObligationKind.ESCAPE_INCIDENT: {
        "": (
            f"{_BIOSAFETY_60}；《中华人民共和国行政许可法》第六十二条第一款："
            "被许可人应当如实提供有关情况和材料"
        ),
    },
}


def basis_for(kind: str, jurisdiction_id: object) -> str:
    """What an obligation of ``kind`` rests on in the jurisdiction."""
    texts = BASIS.get(kind, {})
    return texts.get(str(jurisdiction_id), texts.get("", ""))


# Each year's control report is due by this day, so that the December draft of the 年度防控报告
# (product.md §17 A5) reads it; a year is reported once it held this many days of the permit.
ANNUAL_CONTROL_DUE = (11, 30)
ANNUAL_CONTROL_AFTER_DAYS = 60


def report_due_dates(
    detail: Application, approved_on: date, standard: "Standard | None" = None
) -> list[tuple[str, date]]:
    """The filings an approval obliges, as (kind, due date), in order (product.md §17)."""
    standard = standard or Standard()
    _start, until = validity(detail, approved_on, standard)
    # ``detail`` is the type's child row (``Application.detail``): its kind says which.
    if detail.kind == Kind.TENDING:
        design = cast(TendingDesign, detail)
        dues: list[tuple[str, date]] = []
        start, end = design.start_date or approved_on, design.end_date or approved_on
        if design.removal_volume_m3:
            # Where timber is removed, the felling permit comes before the work (art. 56); a
            # work already begun leaves the holder the reminder's days to give its number.
            grace = approved_on + timedelta(days=standard.reminder_days)
            dues.append((ObligationKind.FELLING_PERMIT, max(start, grace)))
        completion = end + timedelta(days=standard.completion_days)
        dues.append((ObligationKind.TENDING_COMPLETION, completion))
        return dues
    if detail.kind == Kind.INTRODUCTION:
        interval = cast(IntroductionApplication, detail).monitoring_interval_months
        dues = []
        if interval and until:
            step = 1
            while (due := add_months(approved_on, step * interval)) <= until:
                dues.append((ObligationKind.MONITORING, due))
                step += 1
            if not dues or dues[-1][1] < until:
                # The period always closes with a report, even when it is not a whole number
                # of intervals (or shorter than one).
                dues.append((ObligationKind.MONITORING, until))
        if until:
            for year in range(approved_on.year, until.year + 1):
                due = date(year, *ANNUAL_CONTROL_DUE)
                if approved_on + timedelta(days=ANNUAL_CONTROL_AFTER_DAYS) <= due <= until:
                    dues.append((ObligationKind.ANNUAL_CONTROL, due))
        return sorted(dues, key=lambda kind_due: kind_due[1])
    if (
        detail.kind == Kind.OCCUPATION
        and cast(OccupationRequest, detail).occupation_kind == OccupationKind.TEMPORARY
        and until
    ):
        return [
            (
                ObligationKind.RESTORATION_COMPLETION,
                add_months(until, standard.restoration_months),
            )
        ]
    return []


@dataclass(frozen=True)
class Standard:
    """``SupervisionStandard`` as read (its defaults without a row)."""

    completion_days: int = 30
    restoration_months: int = 12
    restoration_reminder_days: tuple[int, ...] = (90, 30)
    reminder_days: int = 7
    area_tolerance_pct: Decimal = Decimal(5)
    intensity_tolerance_points: Decimal = Decimal(5)
    sample_all_up_to: int = 5
    sample_pct: int = 30
    spot_check_pct: int = 10
    rectification_after_days: int = 30
    review_working_days: int = 10
    incident_working_days: int = 1
    correction_days: int = 15
    rectification_days: int = 30
    statement_working_days: int = 5
    permanent_validity_months: int = 24
    renewal_days_before: int = 30
    extension_months_before: int = 3
    temporary_renewal_months: int = 3
    temporary_renewal_project_types: tuple[str, ...] = ("infrastructure", "major_national_project")
    temporary_max_months: int = 24
    request_acceptance_working_days: int = 5
    request_review_working_days: int = 20
    introduction_window_months: int = 12
    report_working_days: int = 15
    report_contact_days: int = 30

    def reminders_for(self, kind: str) -> tuple[int, ...]:
        """Days before the due date at which the holder is reminded, farthest first."""
        if kind == ObligationKind.RESTORATION_COMPLETION:
            return tuple(sorted(self.restoration_reminder_days, reverse=True))
        if kind == ObligationKind.ESCAPE_INCIDENT:
            return ()
        return (self.reminder_days,)

    def review_limit(self, kind: str) -> int:
        """Working days the district agency has to review a filing of ``kind``."""
        if kind == ObligationKind.ESCAPE_INCIDENT:
            return self.incident_working_days
        return self.review_working_days

    def as_thresholds(self) -> dict[str, str | int]:
        """What an inspection freezes (JSON)."""
        return {
            "area_tolerance_pct": str(self.area_tolerance_pct),
            "intensity_tolerance_points": str(self.intensity_tolerance_points),
            "sample_all_up_to": self.sample_all_up_to,
            "sample_pct": self.sample_pct,
        }


def reminder_days_clean(value: object) -> tuple[int, ...]:
    """The restoration reminders as kept (``SupervisionStandard``'s validator refuses anything
    else): whole numbers of days, 1 to 730; anything else read as none."""
    if not isinstance(value, list):
        return ()
    return tuple(
        d for d in value if isinstance(d, int) and not isinstance(d, bool) and 0 < d <= 730
    )


# The municipal spot check of district-accepted designs (product.md §17 A3) is Beijing's: 000
# 二（八） "加大天然林保护年度核查检查力度"; Tianjin's seed (001) asks for none. Without a
# standard of its own, a jurisdiction draws this share (a row in the admin overrides it).
SPOT_CHECK_PCT_DEFAULT = {"110000": 10}


def standard_of(jurisdiction_id: object) -> Standard:
    """The jurisdiction's supervision standard (data), or the defaults."""
    row = SupervisionStandard.objects.filter(jurisdiction_id=jurisdiction_id).first()
    if row is None:
        return Standard(spot_check_pct=SPOT_CHECK_PCT_DEFAULT.get(str(jurisdiction_id), 0))
    return Standard(
        completion_days=row.completion_days,
        restoration_months=row.restoration_months,
        restoration_reminder_days=reminder_days_clean(row.restoration_reminder_days),
        reminder_days=row.reminder_days,
        area_tolerance_pct=row.area_tolerance_pct,
        intensity_tolerance_points=row.intensity_tolerance_points,
        sample_all_up_to=row.sample_all_up_to,
        sample_pct=row.sample_pct,
        spot_check_pct=row.spot_check_pct,
        rectification_after_days=row.rectification_after_days,
        review_working_days=row.review_working_days,
        incident_working_days=row.incident_working_days,
        correction_days=row.correction_days,
        rectification_days=row.rectification_days,
        statement_working_days=row.statement_working_days,
        permanent_validity_months=row.permanent_validity_months,
        renewal_days_before=row.renewal_days_before,
        extension_months_before=row.extension_months_before,
        temporary_renewal_months=row.temporary_renewal_months,
        temporary_renewal_project_types=tuple(
            str(t) for t in (row.temporary_renewal_project_types or []) if isinstance(t, str)
        ),
        temporary_max_months=row.temporary_max_months,
        request_acceptance_working_days=row.request_acceptance_working_days,
        request_review_working_days=row.request_review_working_days,
        introduction_window_months=row.introduction_window_months,
        report_working_days=row.report_working_days,
        report_contact_days=row.report_contact_days,
    )


def obligations_schedule(*, application: Application, approved_on: date) -> list[Obligation]:
    """Create what the approval obliges (inside the approving transaction); the due dates are
    frozen on the rows, so a later change of the standard moves none of them."""
    standard = standard_of(application.jurisdiction_id)
    counters: dict[str, int] = {}
    rows = []
    for kind, due in report_due_dates(application, approved_on, standard):
        counters[kind] = counters.get(kind, 0) + 1
        rows.append(
            Obligation(
                application_id=application.pk,
                kind=kind,
                sequence=counters[kind],
                due_date=due,
                basis=basis_for(kind, application.jurisdiction_id),
            )
        )
    return Obligation.objects.bulk_create(rows)


def obligations_overdue(today: date) -> QuerySet[Obligation]:
    """Obligations past their due date and still owed, on permits under supervision."""
    return Obligation.objects.filter(
        status__in=OWED_OBLIGATION_STATUSES,
        due_date__lt=today,
        application__status__in=REPORTABLE_STATUSES,
    ).select_related("application")


@dataclass(frozen=True)
class StillOwed:
    """An obligation a permit's early end left owed, as the ending document lists it."""

    kind: str
    due_date: date
    # The last of its kind (an introduction's monitoring runs to its period's end).
    last_due: date
    count: int
    # Its first date had passed when the permit ended.
    overdue: bool


def obligations_at_end(detail: Application, *, ended_on: date) -> list[StillOwed]:
    """A permit given up, revoked or withdrawn on ``ended_on`` (docs/legal-basis.md F38): what
    concerned work never begun ends (``ended``: never late); what the work done left stays
    owed, and is returned for the ending document to list, first due first. Inside the ending
    act's transaction.

    - a tending design: its felling-permit number ends (no felling may follow); whose work
      period had not begun, its completion report ends too; begun, the completion report (of
      the work done) is due the standard's days after the end, when that is sooner;
    - a temporary occupation: the restoration is due the standard's months after the end, when
      that is sooner (森林法 art. 38);
    - an introduction: the monitoring and yearly control reports stay owed to the monitoring
      period's end (the organisms brought in are still there), escapes reported at any time.
    An obligation already past its date stays as it is."""
    standard = standard_of(detail.jurisdiction_id)
    owed = Obligation.objects.filter(
        application_id=detail.pk, status__in=OWED_OBLIGATION_STATUSES, due_date__gte=ended_on
    ).exclude(kind=ObligationKind.ESCAPE_INCIDENT)
    if detail.kind == Kind.TENDING:
        start = cast(TendingDesign, detail).start_date
        # No felling may follow the end, and a number for felling done is asked by the
        # inspection of the work (timber removed without one fails it).
        ending = [ObligationKind.FELLING_PERMIT]
        if start is not None and start > ended_on:
            ending.append(ObligationKind.TENDING_COMPLETION)
        owed.filter(kind__in=ending).update(status=ObligationStatus.ENDED, closed_at=timezone.now())
        if ObligationKind.TENDING_COMPLETION not in ending:
            owed.filter(
                kind=ObligationKind.TENDING_COMPLETION,
                due_date__gt=ended_on + timedelta(days=standard.completion_days),
            ).update(due_date=ended_on + timedelta(days=standard.completion_days))
    owed.filter(
        kind=ObligationKind.RESTORATION_COMPLETION,
        due_date__gt=add_months(ended_on, standard.restoration_months),
    ).update(due_date=add_months(ended_on, standard.restoration_months))
    left: dict[str, list[date]] = {}
    for kind, due in (
        Obligation.objects.filter(application_id=detail.pk, status__in=OWED_OBLIGATION_STATUSES)
        .exclude(kind=ObligationKind.ESCAPE_INCIDENT)
        .order_by("due_date")
        .values_list("kind", "due_date")
    ):
        left.setdefault(kind, []).append(due)
    return sorted(
        (
            StillOwed(kind, dues[0], dues[-1], len(dues), dues[0] < ended_on)
            for kind, dues in left.items()
        ),
        key=lambda owed: (owed.due_date, owed.kind),
    )


def still_owed_extra(detail: Application, owed: list[StillOwed]) -> dict[str, object]:
    """What the ending document and the act's audit event read (JSON): the obligations left
    owed, those the end ended, and whether escapes are still to be reported (an
    introduction)."""
    ended = Obligation.objects.filter(
        application_id=detail.pk, status=ObligationStatus.ENDED
    ).values_list("kind", "sequence")
    return {
        "ended": sorted({kind for kind, _sequence in ended}),
        "items": [
            {
                "kind": item.kind,
                "due": item.due_date.isoformat(),
                "last": item.last_due.isoformat(),
                "count": item.count,
                "overdue": item.overdue,
            }
            for item in owed
        ],
        "escapes": detail.kind == Kind.INTRODUCTION,
    }
