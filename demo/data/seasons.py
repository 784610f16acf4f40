"""The work periods the demo's designs declare, counted from today: the demo never ages."""

from datetime import date, timedelta

from django.utils import timezone


def work_period() -> tuple[date, date]:
    """Next year's growing season, so approved permits stay valid while people try the demo."""
    year = timezone.localdate().year + 1
    return date(year, 3, 15), date(year, 11, 15)


def this_season() -> tuple[date, date]:
    """A work period under way now: the designs that are already supervised (§17)."""
    today = timezone.localdate()
    return today - timedelta(days=60), today + timedelta(days=30)
