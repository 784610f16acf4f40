"""Reports from the public (product.md §19 P2) as pages: the citizen's form and the tracking
code's page (no login; made for a phone), and the handling agencies' list and report page with
the site check and the closing (every act decided again by ``public.reports``)."""

from typing import Any

import shapely
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from core.errors import NotVisible, TooManyRequests
from core.files import file_response
from core.messages import (
    MSG_CHECKED,
    MSG_CLOSED_WEB,
    MSG_MOVED_ON,
    MSG_NOT_HANDLING,
    MSG_PHOTOS_AGAIN,
    MSG_STATUS_THROTTLED,
    MSG_SUB_COMPARTMENTS,
    MSG_THROTTLED,
    MSG_TRANSFERRED,
)
from enforcement.selectors import cases_visible_to
from permits import access
from permits.choices import Kind, Status
from permits.obligations import standard_of
from public import reports as services
from public.models import Report, ReportOutcome, ReportStatus
from public.throttle import Quota, throttle
from roles.models import District

from .common import (
    PAGE_SIZE,
    AuthenticatedHttpRequest,
    PageAct,
    error_summary,
    page_act,
    posted_action,
    refusals,
)
from .forms.reports import (
    PublicReportForm,
    ReportCloseForm,
    ReportSiteCheckForm,
    ReportTransferForm,
    TrackForm,
)
from .site_map_svg import drawing_canvas, form_canvas

FILED_SESSION_KEY = "public_report_filed"
DEFAULT_JURISDICTION = "110000"  # the page's words before a district is chosen


def _district_of(value: object) -> District | None:
    if not isinstance(value, str) or not value.isdigit():
        return None
    return services.report_districts().filter(code=value[:6]).first()


@require_http_methods(["GET", "HEAD", "POST"])
def public_report_new(request: HttpRequest) -> HttpResponse:
    """Anyone reports harm to a forest, forest land or wildlife: the kind, what was seen, the
    place on the map, photos and (if they wish) a contact. The answer is a tracking code."""
    posted = request.method == "POST"
    form = PublicReportForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        initial={"district": request.GET.get("district", "")[:6]},
    )
    status = 200
    if posted:
        try:
            throttle(request, "report_attempt")
            quota = Quota(request, "report")
        except TooManyRequests:
            form.add_error(None, str(MSG_THROTTLED))
            return _report_form(request, form, status=429)
        with quota:
            if form.is_valid():
                data = form.cleaned_data
                with refusals(request, form=form) as outcome:
                    report = services.report_file(
                        kind=data["kind"],
                        description=data["description"],
                        site_geometry=data["site_geometry"],
                        district=data["district"],
                        contact=data["contact"],
                        uploads=data["photos"],
                    )
                if outcome.succeeded:
                    quota.keep()
                    # The code goes to the next page through the session, never in an address
                    # (access logs would tie it to the reporter's address).
                    request.session[FILED_SESSION_KEY] = report.tracking_code
                    return redirect(f"{reverse('public-report-track')}?filed=1")
        status = 400
        if request.FILES:
            form.add_error("photos", str(MSG_PHOTOS_AGAIN))
    return _report_form(request, form, status=status)


def _report_form(request: HttpRequest, form: PublicReportForm, *, status: int) -> HttpResponse:
    """The form once a district is chosen (its map to draw on); before, the district's choice."""
    chosen = request.POST.get("district") if request.method == "POST" else None
    district = _district_of(chosen or request.GET.get("district"))
    return render(
        request,
        "web/public_report_new.html",
        {
            "form": form,
            "district": district,
            "districts": list(services.report_districts().values_list("code", "name")),
            "standard": standard_of(district.jurisdiction_id if district else DEFAULT_JURISDICTION),
            # The district's map, with the place drawn once posted.
            "canvas": form_canvas(form, None, None, district) if district else None,
            "error_summary": error_summary(form) if form.is_bound and form.errors else [],
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache  # a status changes, and the page names a code: never kept by a browser or a proxy
def public_report_track(request: HttpRequest) -> HttpResponse:
    """A report's status and outcome by its tracking code: nothing of its text, place or people,
    and the same answer for a code that is not one as for one that is unknown. The code is
    posted, not put in the address (access logs would keep it with the asker's address); right
    after filing it comes from the session, once."""
    form = TrackForm(request.POST if request.method == "POST" else None)
    found = None
    status = 200
    filed = request.session.pop(FILED_SESSION_KEY, None) if request.GET.get("filed") else None
    if filed:
        found = services.report_public_status(filed)
    elif form.is_bound and form.is_valid():
        code = services.tracking_code_normal(form.cleaned_data["code"])
        try:
            throttle(request, "status", code=code or form.cleaned_data["code"][:40])
        except TooManyRequests:
            form.add_error("code", str(MSG_STATUS_THROTTLED))
            status = 429
        else:
            found = services.report_public_status(code)
            if found is None:
                status = 404
    elif form.is_bound:
        status = 400
    if found is not None:
        found["status_label"] = ReportStatus(found["status"]).label
        if found["outcome"]:
            found["outcome_label"] = ReportOutcome(found["outcome"]).label
    receipt = services.report_receipt(filed) if filed and found else None
    return render(
        request,
        "web/public_report_track.html",
        {"form": form, "found": found, "filed": bool(filed and found), "receipt": receipt},
        status=status,
    )


# --------------------------------------------------------------------------- the agencies


@login_required
@require_safe
def reports_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The reports of the agencies the official handles them for, newest first."""
    rows = services.reports_visible_to(request.user)
    wanted = request.GET.get("status", "")
    if wanted in ReportStatus.values:
        rows = rows.filter(status=wanted)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/reports.html",
        {
            "page_obj": page,
            "rows": [(report, report_place(report)) for report in page],
            "statuses": ReportStatus.choices,
            "wanted": wanted,
            "today": timezone.localdate(),
        },
    )


PLACE_NAMES_SHOWN = 3
PLACE_WORDS_SHOWN = 40


def report_place(report: Report) -> str:
    """Where a report is, as a list names it: the zones and 小班 its place lies in (frozen at
    receipt), else the start of what the reporter wrote (which often says where)."""
    screening = report.screening or {}
    names = [zone["name"] for zone in screening.get("zones", []) if zone.get("name")]
    parcels = [row["compartment"] for row in screening.get("parcels", []) if row.get("compartment")]
    parts = names[:PLACE_NAMES_SHOWN]
    if parcels:
        shown = "、".join(parcels[:PLACE_NAMES_SHOWN])
        parts.append(f"{MSG_SUB_COMPARTMENTS}：{shown}")
    if parts:
        return "；".join(parts)
    text = " ".join(report.description.split())
    return text if len(text) <= PLACE_WORDS_SHOWN else f"{text[:PLACE_WORDS_SHOWN]}…"


def _screening_rows(report: Report) -> dict[str, Any]:
    screening = report.screening or {}
    permits = [
        {
            **row,
            "kind_label": Kind(row["kind"]).label if row.get("kind") in Kind.values else "",
            "status_label": (
                Status(row["status"]).label if row.get("status") in Status.values else ""
            ),
        }
        for row in screening.get("permits", [])
    ]
    return {**screening, "permits": permits}


def _report_forms(
    request: AuthenticatedHttpRequest, report: Report, action: str | None
) -> dict[str, Any]:
    """The handling agency's forms at the report's status: the site check and the transfer while
    received, the closing once checked (each bound to the post that sent it)."""
    user = request.user
    posted = request.POST if action is not None else None
    handles = services.may_handle(user, report)
    received = handles and report.status == ReportStatus.RECEIVED
    forms_: dict[str, Any] = {"handles": handles, "check": None, "close": None}
    if received:
        # The inspectors the service accepts: the staff of the handling agencies.
        forms_["check"] = ReportSiteCheckForm(
            posted if action == "check" else None,
            staff=services.report_staff(report),
            initial={"checked_on": timezone.localdate(), "inspectors": [user.get_username()]},
        )
    forms_["transfer"] = (
        ReportTransferForm(posted if action == "transfer" else None, current=report.district_id)
        if received
        else None
    )
    if handles and report.status == ReportStatus.SITE_CHECKED:
        acting = services.acting_agency(user, report)
        forms_["close"] = ReportCloseForm(
            posted if action == "close" else None, may_refer=access.is_head(user, acting.pk)
        )
    return forms_


# What each of a report's posted forms does.
REPORT_ACTS = {
    "check": PageAct(services.report_site_check, MSG_CHECKED),
    "close": PageAct(services.report_close, MSG_CLOSED_WEB),
    "transfer": PageAct(services.report_transfer, MSG_TRANSFERRED, "reports:index"),
}


def _case_context(user: Any, report: Report) -> dict[str, Any]:
    """The enforcement case the report's closing opened, and its page where ``user`` sees it."""
    case = services.report_cases(report.pk).first()
    if case is None or not cases_visible_to(user).filter(pk=case.pk).exists():
        return {"case": case, "case_url": None}
    return {"case": case, "case_url": reverse("case-detail", args=[case.pk])}


def _report_context(
    user: Any, report: Report, forms_: dict[str, Any], submitted: Any
) -> dict[str, Any]:
    return {
        "report": report,
        "check_form": forms_["check"],
        "close_form": forms_["close"],
        "transfer_form": forms_["transfer"],
        "centre": shapely.geometry.shape(report.site_geometry).representative_point(),
        "error_summary": error_summary(submitted) if submitted is not None else [],
        "canvas": drawing_canvas(None, report.district, user, site=report.site_geometry),
        "screening": _screening_rows(report),
        **_case_context(user, report),
        "overdue": report.status != ReportStatus.CLOSED and report.due_on < timezone.localdate(),
        "contact_days": standard_of(report.district.jurisdiction_id).report_contact_days,
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    try:
        report = services.report_get_visible(request.user, pk)
    except NotVisible:
        raise Http404 from None
    action = posted_action(request)
    forms_ = _report_forms(request, report, action)
    submitted = forms_[action] if action in REPORT_ACTS else None
    if action is not None:
        if submitted is None:
            # An act this person may not take here (or no longer: the report moved on).
            handles = forms_["handles"]
            messages.error(request, str(MSG_NOT_HANDLING if not handles else MSG_MOVED_ON))
            return redirect(reverse("reports:detail", args=[pk]))
        url = reverse("reports:detail", args=[pk])
        if response := page_act(request, submitted, REPORT_ACTS[action], url=url, report_id=pk):
            return response
    return render(
        request,
        "web/report_detail.html",
        _report_context(request.user, report, forms_, submitted),
        status=400 if submitted is not None else 200,
    )


@login_required
@require_safe
def report_photo(request: AuthenticatedHttpRequest, pk: int, photo: int) -> FileResponse:
    try:
        found = services.report_photo_get(request.user, pk, photo)
    except NotVisible:
        raise Http404 from None
    return file_response(found.file, content_type=found.content_type)
