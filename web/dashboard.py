"""The agency dashboard: what the caller's agencies received, how fast and how often on time
they decided, and which of their steps are overdue (the figures of GET /api/v1/stats/), with a
bar chart drawn here as SVG (no script, no external library)."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from core.messages import MSG_OFFICIALS_ONLY
from permits import access
from permits.choices import Kind, Status
from workflows.stats import Period, agency_stats

from .common import AuthenticatedHttpRequest
from .forms.dashboard import StatsPeriodForm
from .tasks import task_rows

# The chart's geometry, in SVG user units.
CHART_WIDTH = 640
LABEL_WIDTH = 150
BAR_HEIGHT = 22
BAR_GAP = 8
VALUE_WIDTH = 40


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    status: str
    y: int
    width: int

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT // 2 + 5

    @property
    def value_x(self) -> int:
        return LABEL_WIDTH + self.width + 6


def status_bars(by_status: dict[str, int]) -> list[Bar]:
    """One bar per status that has applications, scaled to the largest count."""
    shown = [(status, n) for status, n in by_status.items() if n]
    longest = max((n for _status, n in shown), default=0) or 1
    room = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    return [
        Bar(
            label=str(Status(status).label),
            value=n,
            status=status,
            y=index * (BAR_HEIGHT + BAR_GAP),
            width=max(2, round(room * n / longest)),
        )
        for index, (status, n) in enumerate(shown)
    ]


@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.is_official(request.user):
        raise PermissionDenied(MSG_OFFICIALS_ONLY)
    form = StatsPeriodForm(request.GET or None)
    period = Period()
    if form.is_valid():
        period = Period(since=form.cleaned_data["since"], until=form.cleaned_data["until"])
    stats = agency_stats(user=request.user, period=period)
    bars = status_bars(stats.by_status)
    today = timezone.localdate()
    return render(
        request,
        "web/dashboard.html",
        {
            "form": form,
            "stats": stats,
            "statuses": [(Status(s).label, n) for s, n in stats.by_status.items()],
            "kinds": [(Kind(k).label, n) for k, n in stats.by_kind.items()],
            "on_time_percent": None
            if stats.on_time_rate is None
            else round(stats.on_time_rate * 100, 1),
            "bars": bars,
            "chart": {
                "width": CHART_WIDTH,
                "height": max(1, len(bars)) * (BAR_HEIGHT + BAR_GAP),
                "label_width": LABEL_WIDTH,
                "bar_height": BAR_HEIGHT,
            },
            "overdue_rows": task_rows(list(stats.overdue), today),
        },
    )
