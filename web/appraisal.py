"""The appraisal (考核, product.md §19 P3) as pages: the officials' and auditors' table per agency
and quarter, each share drawn as a bar (SVG written here, no script), with its CSV and XLSX; and
the public quarterly summary (no login) of every quarter that has ended (001 三(三)3 "定期发布")."""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.messages import MSG_APPRAISAL_READERS, MSG_QUARTER
from permits import access
from public.appraisal import (
    INDICATORS,
    AppraisalRow,
    Quarter,
    appraisal,
    appraisal_download,
    public_quarters,
)
from roles.models import District, Jurisdiction

from .common import AuthenticatedHttpRequest

BAR_WIDTH = 80  # SVG user units of a 100 % bar
QUARTERS_OFFERED = 11  # before the current one: the last three years


class AppraisalForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Quarter"),
        required=False,
        error_messages={"invalid_choice": MSG_QUARTER},
    )
    district = forms.ChoiceField(label=_("District"), required=False)

    def __init__(self, *args: Any, jurisdictions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = Quarter.of(timezone.localdate())
        offered = [current, *public_quarters(count=QUARTERS_OFFERED)]
        self.fields["period"].choices = [(str(q), q.label) for q in offered]  # type: ignore[attr-defined]
        districts = District.objects.filter(jurisdiction_id__in=jurisdictions).order_by("code")
        self.fields["district"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *districts.values_list("code", "name"),
        ]

    def clean_period(self) -> Quarter:
        value = self.cleaned_data.get("period") or ""
        return Quarter.parse(value) if value else Quarter.of(timezone.localdate())


@dataclass(frozen=True)
class Cell:
    value: float | None
    met: int
    total: int
    share: bool
    label: str = ""  # the indicator's, beside the value when a phone shows a row as a card

    @property
    def text(self) -> str:
        if self.value is None:
            return "—"
        return f"{self.value * 100:.1f}%" if self.share else f"{self.value:g}"

    @property
    def bar(self) -> int:
        return round(BAR_WIDTH * self.value) if self.share and self.value is not None else 0


def may_read_appraisal(user: Any) -> bool:
    """Officials and auditors (their jurisdictions); nobody else."""
    return bool(access.appraisal_jurisdictions(user))


def _cells(rows: list[AppraisalRow]) -> list[dict[str, Any]]:
    table = []
    for row in rows:
        cells = []
        for name, label in INDICATORS:
            figure = row.figures[name]
            share = name != "median_working_days"
            cells.append(Cell(figure.value, figure.met, figure.total, share, str(label)))
        table.append({"agency": row.agency, "cells": cells})
    return table


def _answer(
    request: HttpRequest,
    rows: list[AppraisalRow],
    quarter: Quarter,
    template: str,
    *,
    status: int = 200,
    **extra: Any,
) -> HttpResponse | StreamingHttpResponse:
    wanted = request.GET.get("format")
    spreadsheet = appraisal_download(rows, quarter, wanted)
    if spreadsheet is not None:
        return spreadsheet
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        template,
        {
            "quarter": quarter,
            "labels": [label for _name, label in INDICATORS],
            "table": _cells(rows),
            "bar_width": BAR_WIDTH,
            "query": query.urlencode(),
            "as_of": getattr(rows, "as_of", None),
            "without_data": getattr(rows, "without_data", ()),
            **extra,
        },
        status=status,
    )


@login_required
@require_safe
def appraisal_page(request: AuthenticatedHttpRequest) -> HttpResponse | StreamingHttpResponse:
    jurisdictions = access.appraisal_jurisdictions(request.user)
    if not jurisdictions:
        raise PermissionDenied(str(MSG_APPRAISAL_READERS))
    form = AppraisalForm(request.GET or None, jurisdictions=jurisdictions)
    quarter = Quarter.of(timezone.localdate())
    district = ""
    if form.is_bound and form.is_valid():
        quarter = form.cleaned_data["period"]
        district = form.cleaned_data["district"]
    refused = form.is_bound and not form.is_valid()
    # A wrong filter is said next to its field, and nothing is listed (nor exported).
    rows = (
        []
        if refused
        else appraisal(jurisdictions=jurisdictions, quarter=quarter, district=district)
    )
    return _answer(
        request, rows, quarter, "web/appraisal.html", status=400 if refused else 200, form=form
    )


@require_safe
def public_appraisal_page(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The quarterly summary, for everyone: the quarters that have ended, a jurisdiction at a
    time."""
    quarters = public_quarters()
    offered = {str(q): q for q in quarters}
    quarter = offered.get(request.GET.get("period", ""), quarters[0])
    jurisdictions = list(Jurisdiction.objects.order_by("code").values_list("code", "name"))
    chosen = request.GET.get("jurisdiction", "")
    if chosen not in {code for code, _name in jurisdictions}:
        chosen = jurisdictions[0][0] if jurisdictions else ""
    rows = appraisal(jurisdictions=[chosen], quarter=quarter) if chosen else []
    return _answer(
        request,
        rows,
        quarter,
        "web/public_appraisal.html",
        quarters=quarters,
        jurisdictions=jurisdictions,
        chosen=chosen,
    )
