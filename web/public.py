"""Public pages (no login): the published decisions (product.md §19 P1)."""

from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.messages import MSG_PERIOD_REVERSED
from core.pagination import CappedPaginator
from documents.models import CertificateStatus, DocumentKind
from permits.choices import Kind
from public.inspections import permit_inspections
from public.publication import entries_of, public_decisions
from roles.models import District

PAGE_SIZE = 20


class PublicDecisionFilterForm(forms.Form):
    district = forms.ChoiceField(label=_("District"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", "—"), *Kind.choices])
    since = forms.DateField(label=_("Decided from"), required=False)
    until = forms.DateField(label=_("Decided until"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        districts = District.objects.order_by("code").values_list("code", "name")
        self.fields["district"].choices = [("", "—"), *districts]  # type: ignore[attr-defined]
        for name in ("since", "until"):
            self.fields[name].widget = forms.DateInput(attrs={"type": "date"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", MSG_PERIOD_REVERSED)
        return data


@require_safe
def public_decisions_page(request: HttpRequest) -> HttpResponse:
    form = PublicDecisionFilterForm(request.GET or None)
    rows = public_decisions()
    if form.is_bound:
        # A filter that is wrong is said next to its field, and nothing is listed: a list that
        # ignored it would look like its answer.
        rows = (
            public_decisions(**{k: v for k, v in form.cleaned_data.items() if v})
            if form.is_valid()
            else rows.none()
        )
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    entries = []
    rows_shown = list(page)
    for row, entry in zip(rows_shown, entries_of(rows_shown), strict=True):
        entry["kind_label"] = Kind(entry["kind"]).label
        # The document's own printed title where it has one (不予变更行政许可决定书 tells a
        # refused change from a granted one; the kind alone does not).
        title = ((row.document.content or {}).get("document") or {}).get("title")
        entry["document_kind_label"] = title or DocumentKind(entry["document_kind"]).label
        entry["status_label"] = CertificateStatus(entry["status"]).label
        entries.append(entry)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "web/public_decisions.html",
        {"form": form, "page": page, "entries": entries, "query": query.urlencode()},
    )


@require_safe
def permit_inspections_page(request: HttpRequest, number: str) -> HttpResponse:
    """No login: a permit's inspection records (行政许可法 art. 61(2), "公众有权查阅")."""
    found = permit_inspections(number)
    if found is None:
        raise Http404
    return render(request, "web/public_inspections.html", {"permit": found})
