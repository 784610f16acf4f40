"""What a permit holder owes after approval (product.md §3.3 S3, 引入后使用管控; and the restoration
of temporarily occupied forest land), and how long each permit is valid."""

import calendar
from datetime import date
from typing import cast

from django.db.models import QuerySet

from .choices import REPORTABLE_STATUSES, Kind, OccupationKind
from .models import (
    Application,
    IntroductionApplication,
    ObligationKind,
    OccupationRequest,
    ScheduledReport,
    TendingDesign,
)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def validity(detail: Application, approved_on: date) -> tuple[date | None, date | None]:
    """(valid from, valid until) of an approval; None until = no end (permanent occupation).

    Tending: the design's work period. Temporary occupation: its duration from approval.
    Introduction: the monitoring period from approval.
    """
    # ``detail`` is the type's child row (``Application.detail``): its kind says which.
    if detail.kind == Kind.TENDING:
        design = cast(TendingDesign, detail)
        return design.start_date, design.end_date
    if detail.kind == Kind.OCCUPATION:
        occupation = cast(OccupationRequest, detail)
        if occupation.occupation_kind == OccupationKind.TEMPORARY and occupation.duration_months:
            return approved_on, add_months(approved_on, occupation.duration_months)
        return approved_on, None
    if detail.kind == Kind.INTRODUCTION:
        introduction = cast(IntroductionApplication, detail)
        if introduction.monitoring_years:
            return approved_on, add_months(approved_on, 12 * introduction.monitoring_years)
    return approved_on, None


def report_due_dates(detail: Application, approved_on: date) -> list[tuple[str, date]]:
    """The reports an approval obliges, as (kind, due date), in order."""
    _start, until = validity(detail, approved_on)
    # ``detail`` is the type's child row (``Application.detail``): its kind says which.
    if detail.kind == Kind.INTRODUCTION:
        interval = cast(IntroductionApplication, detail).monitoring_interval_months
        if interval and until:
            dues: list[tuple[str, date]] = []
            step = 1
            while (due := add_months(approved_on, step * interval)) <= until:
                dues.append((ObligationKind.MONITORING, due))
                step += 1
            if not dues or dues[-1][1] < until:
                # The period always closes with a report, even when it is not a whole number
                # of intervals (or shorter than one).
                dues.append((ObligationKind.MONITORING, until))
            return dues
    if (
        detail.kind == Kind.OCCUPATION
        and cast(OccupationRequest, detail).occupation_kind == OccupationKind.TEMPORARY
    ):
        return [(ObligationKind.RESTORATION, until)] if until else []
    return []


def obligations_schedule(*, application: Application, approved_on: date) -> list[ScheduledReport]:
    """Create the schedule of reports (inside the approving transaction)."""
    counters: dict[str, int] = {}
    reports = []
    for kind, due in report_due_dates(application, approved_on):
        counters[kind] = counters.get(kind, 0) + 1
        reports.append(
            ScheduledReport(
                application_id=application.pk, kind=kind, sequence=counters[kind], due_date=due
            )
        )
    return ScheduledReport.objects.bulk_create(reports)


def reports_overdue(today: date) -> QuerySet[ScheduledReport]:
    """Reports past their due date and not filed, on permits still in force."""
    return ScheduledReport.objects.filter(
        filed_at__isnull=True,
        due_date__lt=today,
        application__status__in=REPORTABLE_STATUSES,
    ).select_related("application")
