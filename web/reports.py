"""Reports after approval: the holder files them, the deciding agencies see the overdue ones."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from permits import services
from permits.selectors import (
    client_ip,
    reports_of,
    reports_overdue_for,
)

from .applications import _render_detail
from .common import PAGE_SIZE, AuthenticatedHttpRequest, _visible_application, refusals
from .forms.reports import ReportForm

MSG_REPORT_FILED = _("The report was filed.")


@login_required
@require_POST
def report_file(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The permit holder files a scheduled report; the service checks who, when and what."""
    application = _visible_application(request, pk)
    open_reports = [r for r in reports_of(application) if r.filed_at is None]
    form = ReportForm(request.POST, request.FILES, reports=open_reports)
    if form.is_valid():
        detail_url = reverse("application-detail", args=[pk])
        with refusals(request, form=form, conflict_url=detail_url) as outcome:
            services.report_file(
                application=application,
                by=request.user,
                report_id=form.cleaned_data["report"],
                text=form.cleaned_data["text"],
                upload=form.cleaned_data["file"],
                client_ip=client_ip(request),
            )
        if outcome.response:
            return outcome.response
        if outcome.succeeded:
            messages.success(request, MSG_REPORT_FILED)
            return redirect(f"{reverse('application-detail', args=[pk])}#reports")
    return _render_detail(request, application, report_form=form)


@login_required
def reports_overdue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Reports the user's agencies are owed and did not get in time (S3 引入后使用管控)."""
    today = timezone.localdate()
    reports = reports_overdue_for(request.user, today).select_related(
        "application__district", "application__organisation"
    )
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    for report in page:
        report.days_overdue = (today - report.due_date).days
    return render(request, "web/reports_overdue.html", {"page_obj": page, "today": today})
