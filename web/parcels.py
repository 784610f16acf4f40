"""The 小班 registry (product.md §15): the list of current sub-compartments and one parcel's page
with its facts, its map and the applications whose site touched it.

Any signed-in user reads the registry (it is the map applicants draw on); a parcel's history
lists only the applications the reader may see (``parcel_histories``).
"""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser, User
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from permits import access
from permits.choices import Kind
from permits.selectors import parcel_histories, parcels_current
from permits.site_map_plan import MAX_FEATURES, near_filter
from supervision.selectors import compartment_inspections
from zones.maps import MapFeature, MapPlan, map_svg
from zones.models import Parcel

from .common import PAGE_SIZE, AuthenticatedHttpRequest
from .forms.applications import APPLICATION_FORMS
from .forms.parcels import ParcelFilterForm
from .site_map_svg import MAP_HEIGHT, MAP_WIDTH, svg_safe


@login_required
def parcel_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ParcelFilterForm(request.GET or None)
    query = form.cleaned_data if form.is_valid() else {}
    parcels = parcels_current(
        district=query.get("district"), compartment=query.get("compartment", "")
    ).select_related("district", "layer")
    page = Paginator(parcels, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/parcel_list.html", {"filter_form": form, "page_obj": page})


@login_required
def parcel_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    parcel = get_object_or_404(
        Parcel.objects.select_related("district__jurisdiction", "layer"), pk=pk
    )
    code = (parcel.district_id, parcel.compartment)
    history = parcel_histories(request.user, [parcel]).get(code, [])
    inspected = compartment_inspections(history, parcel.compartment)
    current: Parcel | None = parcel
    if not parcel.layer.is_current:
        current = (
            parcels_current(district=parcel.district).filter(compartment=parcel.compartment).first()
        )
    plan = MapPlan(
        site=MapFeature(parcel.geometry, "site", parcel.compartment),
        features=tuple(_neighbours(parcel)),
    )
    return render(
        request,
        "web/parcel_detail.html",
        {
            "parcel": parcel,
            "current": current,
            # Each application with what its inspections found on this 小班 (product.md §17 A7).
            "history": [(application, inspected[application.pk]) for application in history],
            "map": svg_safe(map_svg(plan, width=MAP_WIDTH, height=MAP_HEIGHT)),
            "use_as_site": _use_as_site(request.user, current),
        },
    )


def _use_as_site(user: User | AnonymousUser, parcel: Parcel | None) -> list[dict[str, str]]:
    """ "Use this 小班 as the site": a new application of each kind starting with the current
    version of the 小班 as its site, for a user who applies (none for a superseded 小班 with no
    current version)."""
    if parcel is None or access.applicant_organisation(user) is None:
        return []
    query = urlencode({"parcel": parcel.pk})
    return [
        {
            "kind": kind,
            "label": str(Kind(kind).label),
            "url": f"{reverse('applications:create', args=[kind])}?{query}",
        }
        for kind in APPLICATION_FORMS
    ]


def _neighbours(parcel: Parcel) -> list[MapFeature]:
    """The 小班 of the same registry version around the parcel (a bounding-box query)."""
    bounds = (parcel.min_lon, parcel.min_lat, parcel.max_lon, parcel.max_lat)
    near = (
        Parcel.objects.filter(layer_id=parcel.layer_id, **near_filter(bounds))
        .exclude(pk=parcel.pk)
        .only("geometry", "compartment")[:MAX_FEATURES]
    )
    return [MapFeature(p.geometry, "parcel", p.compartment) for p in near]
