"""Is this permitted here? The screening frozen with a report: the permits holding the
land, the applications in review, the zones in force and the 小班 its place touches."""

from datetime import date
from typing import Any

import shapely
from django.db.models import Q
from shapely.geometry.base import BaseGeometry

from permits.choices import PENDING_STATUSES, Status
from permits.models import SiteScreening
from zones.index import layer_index

from ._common import ON_THE_LAND

SCREENED_MAX = 20  # of each kind, in the frozen screening


def report_screening(site: BaseGeometry, today: date) -> dict[str, Any]:
    """Is this permitted here? The permits holding the land (and the applications in review)
    whose site the report's place touches, the zones in force and the 小班 it lies on: frozen
    with the report, for the agency's first look."""
    index = layer_index()
    zones = [
        {"name": hit.item.name, "kind": hit.item.kind, "source": hit.item.source}
        for hit in index.zone_hits(site, today)[:SCREENED_MAX]
    ]
    parcels = [
        {
            "district": hit.item.district,
            "compartment": hit.item.compartment,
            "forest_origin": hit.item.forest_origin,
            "welfare_grade": hit.item.welfare_grade,
        }
        for hit in index.parcel_hits(site)[:SCREENED_MAX]
    ]
    permits = _permits_touching(site, today)
    return {
        "screened_on": today.isoformat(),
        "permitted_here": any(p["in_force"] for p in permits),
        "permits": permits,
        "zones": zones,
        "parcels": parcels,
    }


def _permits_touching(site: BaseGeometry, today: date) -> list[dict[str, Any]]:
    """The permits holding the land and the applications in review whose screened site
    ``site`` touches: the stored bounding boxes first, then the shapes themselves."""
    west, south, east, north = site.bounds
    in_force = Q(application__status=Status.APPROVED) & (
        Q(application__valid_until__isnull=True) | Q(application__valid_until__gte=today)
    )
    holding = Q(application__status__in=[s for s in ON_THE_LAND if s != Status.APPROVED])
    in_review = Q(application__status__in=PENDING_STATUSES)
    candidates = (
        SiteScreening.objects.filter(
            in_force | holding | in_review,
            min_lon__lte=east,
            max_lon__gte=west,
            min_lat__lte=north,
            max_lat__gte=south,
        )
        .select_related("application", "application__organisation")
        .order_by("application_id")
    )
    permits = []
    for screened in candidates:
        try:
            shape = shapely.geometry.shape(screened.geometry)
        except (ValueError, TypeError, AttributeError):
            continue
        if not shape.intersects(site):
            continue
        application = screened.application
        permits.append(
            {
                "application_id": application.pk,
                "reference": application.reference,
                "kind": application.kind,
                "status": application.status,
                "holder": application.organisation.name,
                "in_force": application.status in ON_THE_LAND,
            }
        )
        if len(permits) >= SCREENED_MAX:
            break
    return permits
