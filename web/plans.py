"""The annual plan per 小班 (product.md §19 P4) as a page: planned vs approved vs accepted per
district and township, each share drawn as a bar (SVG written here, no script), then the tasks,
a page at a time. Officials and auditors, their jurisdictions (as the appraisal)."""

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.messages import MSG_PLANS_READERS, MSG_YEAR_WEB
from permits import access
from permits.choices import FundingSource, OperationType
from public.plans import PlanLine, plan_progress
from roles.models import District

from .common import AuthenticatedHttpRequest

BAR_WIDTH = 80
YEARS_BACK = 5
TASKS_PER_PAGE = 100


class PlanForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Year"), coerce=int, required=False, error_messages={"invalid_choice": MSG_YEAR_WEB}
    )
    district = forms.ChoiceField(label=_("District"), required=False)

    def __init__(self, *args: Any, jurisdictions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        years = range(this_year + 1, this_year - YEARS_BACK, -1)
        self.fields["year"].choices = [(y, str(y)) for y in years]  # type: ignore[attr-defined]
        self.fields["year"].initial = this_year
        districts = District.objects.filter(jurisdiction_id__in=jurisdictions).order_by("code")
        self.fields["district"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *districts.values_list("code", "name"),
        ]


def _bar(share: float | None) -> int:
    return round(BAR_WIDTH * min(share, 1.0)) if share is not None else 0


def _line(line: PlanLine) -> dict[str, Any]:
    return {
        "line": line,
        "approved_bar": _bar(line.approved_share),
        "accepted_bar": _bar(line.completion),
    }


def may_read_plans(user: Any) -> bool:
    return bool(access.appraisal_jurisdictions(user))


@login_required
@require_safe
def plans_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    jurisdictions = access.appraisal_jurisdictions(request.user)
    if not jurisdictions:
        raise PermissionDenied(str(MSG_PLANS_READERS))
    query = request.GET.copy()
    query.pop("page", None)
    form = PlanForm(query or None, jurisdictions=jurisdictions)
    year, district = timezone.localdate().year, ""
    refused = form.is_bound and not form.is_valid()
    if form.is_bound and not refused:
        year = form.cleaned_data["year"] or year
        district = form.cleaned_data["district"]
    progress = (
        None
        if refused
        else plan_progress(jurisdictions=jurisdictions, year=year, district=district)
    )
    tasks = Paginator(progress.tasks if progress else [], TASKS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    types, fundings = dict(OperationType.choices), dict(FundingSource.choices)
    return render(
        request,
        "web/plans.html",
        {
            "form": form,
            "year": year,
            "districts": [_line(line) for line in progress.districts] if progress else [],
            "townships": [_line(line) for line in progress.townships] if progress else [],
            "tasks": tasks,
            "task_rows": [
                {
                    "item": item,
                    "task_type": types.get(item.task.task_type, item.task.task_type),
                    "funding": fundings.get(item.task.funding_source, ""),
                    "area": format(item.task.area_ha.normalize(), "f"),
                }
                for item in tasks.object_list
            ],
            "bar_width": BAR_WIDTH,
            "query": query.urlencode(),
        },
        status=400 if refused else 200,
    )
