"""The map of an application's site (product.md §15 "Maps without the internet"): the site with
the zones, 小班 and other applications near it, as a ``zones.maps.MapPlan`` that the pages draw
as SVG and the documents as ReportLab graphics.

Only what lies near the site is drawn: the candidates come from the stored bounding boxes of
the current layers (an indexed range query), so a map costs one query per layer table.
"""

from typing import Any

import shapely
from django.db.models import Q, QuerySet
from django.utils import timezone
from shapely.geometry.base import BaseGeometry

from zones.geo import POLYGONAL, geojson
from zones.maps import VIEW_PADDING, MapFeature, MapPlan
from zones.models import Parcel, ProtectedZone

from .models import Application, SiteScreening
from .screening import overlaps_shown_to, screening_of

# The map shows this much around the site on each side (as a share of its extent).
MARGIN = 0.6
# At least this much (degrees, ~1 km): a tiny site still shows its neighbourhood.
MIN_MARGIN = 0.01
# A map is for reading: the nearest features, not a whole layer.
MAX_FEATURES = 60


def near_filter(geometry_bounds: tuple[float, float, float, float]) -> dict[str, float]:
    """Bounding-box lookups of what lies near these bounds (the map's view around a site)."""
    min_lon, min_lat, max_lon, max_lat = geometry_bounds
    dx = max((max_lon - min_lon) * MARGIN, MIN_MARGIN)
    dy = max((max_lat - min_lat) * MARGIN, MIN_MARGIN)
    return {
        "min_lon__lte": max_lon + dx,
        "max_lon__gte": min_lon - dx,
        "min_lat__lte": max_lat + dy,
        "max_lat__gte": min_lat - dy,
    }


def _near(queryset: QuerySet[Any], view: dict[str, float]) -> QuerySet[Any]:
    return queryset.filter(layer__superseded_at__isnull=True, **view)


def site_map_plan(application: Application, *, shown_to: Any = None, title: str = "") -> MapPlan:
    """The site (as screened) and what lies near it, of the other applications only the land
    they share with it that ``shown_to`` may be told of (``overlaps_shown_to``; None: what a
    document handed to the holder shows); an empty plan without a site."""
    screening = screening_of(application)
    if screening is None:
        return MapPlan(site=None, title=title)
    bounds = (screening.min_lon, screening.min_lat, screening.max_lon, screening.max_lat)
    features = layer_features(near_filter(bounds), limit=MAX_FEATURES)
    site = shapely.geometry.shape(screening.geometry)
    features += _overlap_features(application, site, shown_to)
    return MapPlan(
        site=MapFeature(screening.geometry, "site", application.reference),
        features=tuple(features),
        title=title,
    )


def layer_features(view: dict[str, float], *, limit: int) -> list[MapFeature]:
    """The zones in force today and the 小班 of the current layers within ``view`` (the
    lookups of ``near_filter`` or ``within``), at most ``limit`` of each (the smallest zones
    first)."""
    today = timezone.localdate()
    zones = _near(ProtectedZone.objects.all(), view).filter(
        Q(effective_from__isnull=True) | Q(effective_from__lte=today),
        Q(effective_until__isnull=True) | Q(effective_until__gte=today),
    )
    features = [
        MapFeature(z.geometry, z.kind, z.name)
        for z in zones.order_by("area_ha")[:limit].only("geometry", "kind", "name")
    ]
    parcels = _near(Parcel.objects.all(), view).order_by("pk")
    features += [
        MapFeature(p.geometry, "parcel", p.compartment)
        for p in parcels.only("geometry", "compartment")[:limit]
    ]
    return features


def within(bounds: tuple[float, float, float, float]) -> dict[str, float]:
    """Bounding-box lookups of what lies within these bounds (west, south, east, north)."""
    west, south, east, north = bounds
    return {
        "min_lon__lte": east,
        "max_lon__gte": west,
        "min_lat__lte": north,
        "max_lat__gte": south,
    }


# The drawing map of a district shows more of the registry than a site's map: it is where the
# applicant looks for the site.
MAX_CONTEXT_FEATURES = 400
# A district is framed with this much around it (a share of its extent), a 小班 or a site
# with the site map's margin.
DISTRICT_PADDING = 0.03


def context_plan(
    bounds: tuple[float, float, float, float],
    *,
    site: dict[str, Any] | None = None,
    padding: float | None = None,
    title: str = "",
) -> MapPlan:
    """A map framed on ``bounds`` (a district, the 小班 an application names, or a site not
    yet screened) with the current registry and zones in it; ``site`` drawn as the site. No
    other application is drawn: only a screened site is told of overlaps."""
    view = near_filter(bounds) if padding is None else within(bounds)
    features = layer_features(view, limit=MAX_CONTEXT_FEATURES)
    return MapPlan(
        site=MapFeature(site, "site", title) if site else None,
        features=tuple(features),
        title=title,
        view=bounds,
        view_padding=VIEW_PADDING if padding is None else padding,
    )


def _overlap_features(
    application: Application, site: BaseGeometry, shown_to: Any
) -> list[MapFeature]:
    """The land this site shares with each other application its reader is told the name of
    (``overlaps_shown_to``), never the other's whole site: the reader may not be allowed to see
    the other application. One not named is not drawn: a draft of 10,000 ha drawn around
    another's site would give back its outline."""
    rows = [row for row in overlaps_shown_to(shown_to, application) if row["named"]]
    references = {row["application"].pk: row["reference"] for row in rows[:MAX_FEATURES]}
    others = SiteScreening.objects.filter(application_id__in=references).only("geometry")
    features = []
    for other in others:
        shared = site.intersection(shapely.geometry.shape(other.geometry))
        if not shared.is_empty and shared.geom_type in POLYGONAL:
            features.append(MapFeature(geojson(shared), "overlap", references[other.pk]))
    return features
