"""The 森林督查 pages (issue 48): the district's list of change patches (filters, the national
verification table as CSV or XLSX) and a patch's page: its polygon on the map with the permits
and applications found around it, what the records say, the field verification (made for a
phone: the camera, the position typed or from the device), the send on and the head's close.
Both doors call the same services and selectors as the API (``forest_watch``)."""

from typing import Any

import shapely
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from core.errors import NotVisible
from core.messages import (
    MSG_DONE_PATCH_CLOSED,
    MSG_DONE_PATCH_SENT,
    MSG_DONE_PATCH_VERIFIED,
    MSG_PATCH_READERS,
)
from forest_watch import access as watch_access
from forest_watch import selectors, services
from forest_watch.choices import Classification, PatchStatus
from forest_watch.exports import verification_download
from forest_watch.models import Patch
from permits.models import Application
from roles.models import District
from workflows.selectors import site_check_inspectors

from .common import AuthenticatedHttpRequest, PageAct, error_summary, page_act, posted_action
from .forms.patches import PatchCloseForm, PatchSendOnForm, PatchVerifyForm
from .site_map_svg import drawing_canvas

PAGE_SIZE = 50
FILTERS = ("district", "classification", "status")


def may_read_patches(user: Any) -> bool:
    return watch_access.reads_patches(user)


def _query(request: AuthenticatedHttpRequest, layer: int | None) -> dict[str, Any]:
    query: dict[str, Any] = {"layer": layer}
    choices = {"classification": Classification.values, "status": PatchStatus.values}
    for name in FILTERS:
        value = request.GET.get(name, "")
        allowed = choices.get(name)
        query[name] = (
            value if (allowed is None and value.isdigit()) or value in (allowed or ()) else ""
        )
    return query


@login_required
def patches_list(
    request: AuthenticatedHttpRequest, pk: int | None = None
) -> HttpResponse | StreamingHttpResponse:
    """The patches the official reads (of a layer, or of the current layers), filtered; with
    ``?format=csv|xlsx`` the national verification table of them."""
    if not may_read_patches(request.user):
        raise PermissionDenied(str(MSG_PATCH_READERS))
    query = _query(request, pk)
    rows = selectors.patches_listed(request.user, query)
    table = verification_download(rows, request.GET.get("format"))
    if table is not None:
        return table
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/patches.html",
        {
            "page_obj": page,
            "query": query,
            "classifications": Classification.choices,
            "statuses": PatchStatus.choices,
            "today": timezone.localdate(),
            "filters": request.GET.urlencode(),
        },
    )


def _forms(request: AuthenticatedHttpRequest, patch: Patch, action: str | None) -> dict[str, Any]:
    posted = request.POST if action is not None else None
    files = request.FILES if action is not None else None
    forms_: dict[str, Any] = {"verify": None, "send": None, "close": None}
    agency_id = patch.agency_id
    if (
        patch.status == PatchStatus.ASSIGNED
        and agency_id is not None
        and watch_access.may_verify(request.user, patch)
    ):
        staff = site_check_inspectors(agency_id)
        forms_["verify"] = PatchVerifyForm(
            posted if action == "verify" else None,
            files if action == "verify" else None,
            staff=staff,
            initial={"checked_on": timezone.localdate(), "inspectors": [request.user.username]},
        )
        others = District.objects.filter(jurisdiction_id=patch.jurisdiction_id).exclude(
            pk=patch.district_id
        )
        forms_["send"] = PatchSendOnForm(
            posted if action == "send" else None, districts=others.values_list("code", "name")
        )
    if patch.status == PatchStatus.VERIFIED and watch_access.may_close(request.user, patch):
        forms_["close"] = PatchCloseForm(posted if action == "close" else None)
    return forms_


PATCH_ACTS = {
    "verify": PageAct(services.patch_verify, MSG_DONE_PATCH_VERIFIED),
    "send": PageAct(services.patch_send_on, MSG_DONE_PATCH_SENT, "patches:index"),
    "close": PageAct(services.patch_close, MSG_DONE_PATCH_CLOSED),
}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def patch_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    try:
        patch = selectors.patch_get_visible(request.user, pk)
    except NotVisible:
        raise Http404 from None
    action = posted_action(request)
    forms_ = _forms(request, patch, action)
    submitted = forms_.get(action) if action in PATCH_ACTS else None
    if action is not None:
        if submitted is None:
            raise PermissionDenied(str(MSG_PATCH_READERS))
        url = reverse("patches:detail", args=[pk])
        if response := page_act(request, submitted, PATCH_ACTS[action], url=url, patch_id=pk):
            return response
    return render(
        request,
        "web/patch_detail.html",
        {
            "patch": patch,
            "forms": forms_,
            "error_summary": error_summary(submitted) if submitted is not None else [],
            "canvas": drawing_canvas(None, patch.district, request.user, site=patch.geometry),
            "around": _around(patch),
            "centre": shapely.geometry.shape(patch.geometry).representative_point(),
            "overdue": patch.due_date is not None
            and patch.status in (PatchStatus.ASSIGNED, PatchStatus.VERIFIED)
            and patch.due_date < timezone.localdate(),
        },
        status=400 if submitted is not None else 200,
    )


def _around(patch: Patch) -> dict[str, Any]:
    """The sites of the permits and applications the matching found on the patch, named by
    their references, as the map draws them (one query)."""
    found = patch.found if isinstance(patch.found, dict) else {}
    rows = [*found.get("permits", []), *found.get("applications", [])]
    ids = [row["application"]["id"] for row in rows]
    sites = Application.objects.filter(pk__in=ids).values_list("reference", "site_geometry")
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"name": reference}, "geometry": geometry}
            for reference, geometry in sites
            if geometry
        ],
    }
