"""Screening a site (product.md §15): its area, the zones and 小班 it touches, the effective
protection class, and the other applications it overlaps.

``screening_refresh`` stores the result for the application (drafts on every save, every
submission authoritatively); rules read it through ``screening_facts``. The map decides what
the declaration may not weaken: the effective class is the stricter of the two.
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import shapely
from django.db.models import Q
from django.utils import timezone
from shapely.geometry.base import BaseGeometry

from core.masking import holder_as_kept
from zones.geo import (
    SITE_TYPES,
    GeometryRefused,
    area_ha,
    area_transformer,
    geojson,
    geometry_from_geojson,
)
from zones.index import (
    MIN_OVERLAP_HA,
    Hit,
    IndexedParcel,
    IndexedZone,
    LayerIndex,
    layer_index,
)
from zones.models import ZoneKind

from . import access
from .choices import ON_THE_LAND_UNPERMITTED_STATUSES, ForestOrigin, Kind, ProtectionClass, Status
from .models import Application, SiteOverlap, SiteParcel, SiteScreening
from .readmemo import OVERLAPS, SCREENING, forget, remember, remembered
from .rules.zones import PROTECTION_ORDER, stricter

ZONE_PROTECTION = {
    ZoneKind.RESERVE_CORE: ProtectionClass.RESERVE_CORE,
    ZoneKind.RED_LINE: ProtectionClass.RED_LINE,
    ZoneKind.KEY_ZONE: ProtectionClass.KEY_ZONE,
}


def _ha(value: float) -> Decimal:
    return Decimal(f"{value:.4f}")


def site_geometry(detail: Application) -> tuple[BaseGeometry | None, bool]:
    """The site to screen and whether it came from the registry: the declared geometry, else
    (tending designs) the registry's 小班 the design names, when the registry has them all."""
    if detail.site_geometry:
        try:
            return geometry_from_geojson(detail.site_geometry, types=SITE_TYPES), False
        except GeometryRefused:
            return None, False  # the field's validator reports it
    compartments = getattr(detail, "compartments", None) or []
    if detail.kind != Kind.TENDING or not compartments or not detail.district_id:
        return None, False
    named = layer_index().parcels_named(detail.district_id, [str(c) for c in compartments])
    if {p.compartment for p in named} != {str(c) for c in compartments}:
        return None, False
    return shapely.union_all([p.geometry for p in named]), True


def _named_parcels(detail: Application, index: LayerIndex) -> list[BaseGeometry]:
    compartments = getattr(detail, "compartments", None) or []
    if not compartments or not detail.district_id:
        return []
    named = index.parcels_named(detail.district_id, [str(c) for c in compartments])
    return [p.geometry for p in named]


@dataclass(frozen=True)
class OverlapFound:
    other_id: int
    overlap_ha: float


def _active_others(detail: Application, today: date) -> Q:
    in_force = Q(application__status=Status.APPROVED) & (
        Q(application__valid_until__isnull=True) | Q(application__valid_until__gte=today)
    )
    on_the_land = Q(application__status__in=ON_THE_LAND_UNPERMITTED_STATUSES)
    return (in_force | on_the_land) & ~Q(application_id=detail.pk)


def overlaps_find(detail: Application, site: BaseGeometry, today: date) -> list[OverlapFound]:
    """Active permits and applications in review whose screened site shares land with ``site``."""
    if site.geom_type == "Point":
        return []
    min_lon, min_lat, max_lon, max_lat = site.bounds
    candidates = SiteScreening.objects.filter(
        _active_others(detail, today),
        min_lon__lte=max_lon,
        max_lon__gte=min_lon,
        min_lat__lte=max_lat,
        max_lat__gte=min_lat,
    ).values_list("application_id", "geometry")
    transformer = area_transformer(site)
    found = []
    for other_id, geometry in candidates:
        shared = area_ha(site.intersection(shapely.geometry.shape(geometry)), transformer)
        if shared >= MIN_OVERLAP_HA:
            found.append(OverlapFound(other_id, shared))
    return found


def _zone_row(hit: Hit) -> dict[str, Any]:
    zone: IndexedZone = hit.item
    return {
        "id": zone.id,
        "name": zone.name,
        "kind": zone.kind,
        "overlap_ha": float(_ha(hit.overlap_ha)),
        "outside_site": hit.outside_site,
        "source": zone.source,
        "layer": zone.layer_id,
        "protection_class": ZONE_PROTECTION.get(ZoneKind(zone.kind), ""),
        "grade": zone.grade,
    }


def _parcel_row(hit: Hit, named: set[tuple[str, str]]) -> dict[str, Any]:
    parcel: IndexedParcel = hit.item
    return {
        "id": parcel.id,
        "district": parcel.district,
        "compartment": parcel.compartment,
        "forest_origin": parcel.forest_origin,
        "welfare_grade": parcel.welfare_grade,
        "agreement_holder": holder_as_kept(parcel.agreement_holder, parcel.agreement_holder_code),
        "agreement_holder_code": parcel.agreement_holder_code,
        "overlap_ha": float(_ha(hit.overlap_ha)),
        "outside_site": hit.outside_site,
        "declared": (parcel.district, parcel.compartment) in named,
        "layer": parcel.layer_id,
    }


def _versions_used(
    layers: Iterable[dict[str, Any]], jurisdiction: str, hits: Iterable[Hit]
) -> list[dict[str, Any]]:
    """Every current layer of the application's jurisdiction, and any other that was hit."""
    hit_layers = {h.item.layer_id for h in hits}
    return [v for v in layers if v["jurisdiction"] == jurisdiction or v["id"] in hit_layers]


# ``overlaps_now``'s key beside ``overlaps_of``'s, of the same kind (forgotten with it).
FOUND_NOW = "found_now"


def screening_refresh(
    detail: Application, *, today: date | None = None, first: bool = False
) -> SiteScreening | None:
    """Screen the application's site now and store the result (None, and nothing stored, when
    there is no site to screen). Runs inside the caller's transaction. ``first``: the
    application was created in this transaction, so no earlier screening can be there."""
    today = today or timezone.localdate()
    try:
        screening, found = _screening_store(detail, today, first=first)
    finally:
        # This screening and the overlaps of every application it touches are read afresh.
        forget(SCREENING, OVERLAPS)
    # What was just stored and found is what the next reads would ask for.
    remember((SCREENING, detail.pk), screening)
    remember((OVERLAPS, detail.pk, today, FOUND_NOW), found)
    return screening


def _screening_store(
    detail: Application, today: date, *, first: bool
) -> tuple[SiteScreening | None, list[OverlapFound]]:
    site, from_registry = site_geometry(detail)
    if site is None:
        if not first:
            SiteScreening.objects.filter(application_id=detail.pk).delete()
        return None, []
    index = layer_index()  # one version of the layers for the whole screening
    # A design is screened with the 小班 it names as well as the area it draws: naming 12-3
    # while drawing elsewhere does not keep 12-3's zones and facts from the rules. What they
    # share with the site is measured on the site alone (issue 26: a named 小班 showed its whole
    # area as its overlap).
    named = _named_parcels(detail, index) if not from_registry else []
    probe = shapely.union_all([site, *named]) if named else site
    zone_hits = index.zone_hits(site, today, probe=probe)
    parcel_hits = index.parcel_hits(site, probe=probe)
    declared_compartments = {
        (detail.district_id, str(c)) for c in getattr(detail, "compartments", None) or []
    }
    zones = sorted(
        (_zone_row(h) for h in zone_hits),
        key=lambda z: (-PROTECTION_ORDER.index(z["protection_class"] or "general"), z["name"]),
    )
    declared = getattr(detail, "protection_class", "") or ""
    min_lon, min_lat, max_lon, max_lat = site.bounds
    screening = SiteScreening(
        application_id=detail.pk,
        geometry=geojson(site),
        from_registry=from_registry,
        min_lon=min_lon,
        min_lat=min_lat,
        max_lon=max_lon,
        max_lat=max_lat,
        site_area_ha=_ha(area_ha(site)),
        declared_protection_class=declared,
        effective_protection_class=stricter(declared, *(z["protection_class"] for z in zones)),
        zones=zones,
        parcels=[_parcel_row(h, declared_compartments) for h in parcel_hits],
        layer_versions=_versions_used(
            index.layers, detail.jurisdiction_id, [*zone_hits, *parcel_hits]
        ),
    )
    _screening_replace(screening, first=first)
    SiteParcel.objects.bulk_create(
        SiteParcel(
            screening=screening,
            district_id=p["district"],
            compartment=p["compartment"],
            overlap_ha=_ha(p["overlap_ha"]),
        )
        for p in screening.parcels
    )
    found = overlaps_find(detail, site, today)
    SiteOverlap.objects.bulk_create(
        SiteOverlap(screening=screening, other_id=o.other_id, overlap_ha=_ha(o.overlap_ha))
        for o in found
    )
    return screening, found


# Every column a refresh writes over: the whole row but its key.
SCREENING_COLUMNS = [f.name for f in SiteScreening._meta.concrete_fields if not f.primary_key]


def _screening_replace(screening: SiteScreening, *, first: bool) -> None:
    """Store ``screening`` in place of the application's last one: the 小班 and overlaps that
    one found deleted, the row written over in one statement (``INSERT … ON CONFLICT DO
    UPDATE``). Deleting the row through the ORM's cascade first read it back, then deleted its
    rows and itself: five statements where this takes three (one for a new application)."""
    if not first:
        SiteOverlap.objects.filter(screening_id=screening.pk).delete()
        SiteParcel.objects.filter(screening_id=screening.pk).delete()
    SiteScreening.objects.bulk_create(
        [screening],
        update_conflicts=True,
        unique_fields=["application"],
        update_fields=SCREENING_COLUMNS,
    )


def screening_of(application: Application) -> SiteScreening | None:
    """The stored screening, read afresh (a refresh replaces the row); once per
    ``readmemo.read_once`` block."""
    return remembered(
        (SCREENING, application.pk),
        lambda: SiteScreening.objects.filter(application_id=application.pk).first(),
    )


ALL = object()  # screening_record: every overlap, for the record rather than for a reader


def overlaps_of(application: Application, *, today: date | None = None) -> list[dict[str, Any]]:
    """The active applications this one shares land with, found by either side's screening:
    ``[{"application", "reference", "kind", "status", "overlap_ha"}]``, largest first."""
    today = today or timezone.localdate()
    rows = remembered((OVERLAPS, application.pk, today), lambda: _overlaps(application, today))
    return list(rows)


def _overlaps(application: Application, today: date) -> list[dict[str, Any]]:
    # Both sides in one query (a screening's key is its application's): the rows this
    # application's screening found, and the rows other screenings found on it. Where both
    # sides found the pair, this side's area is the one shown.
    pairs = SiteOverlap.objects.filter(
        Q(screening_id=application.pk) | Q(other_id=application.pk)
    ).select_related("other", "screening__application")
    found: dict[int, tuple[Application, Decimal]] = {}
    for row in pairs:
        if row.screening_id == application.pk:
            found[row.other_id] = (row.other, row.overlap_ha)
        else:
            found.setdefault(row.screening_id, (row.screening.application, row.overlap_ha))
    rows = [
        {
            "application": other,
            "reference": other.reference,
            "kind": other.kind,
            "status": other.status,
            "overlap_ha": float(overlap),
            "in_force": _active(other, today),
        }
        for other, overlap in found.values()
        if _active(other, today)
    ]
    return sorted(rows, key=lambda r: (-r["overlap_ha"], r["reference"]))


def overlaps_shown_to(
    user: Any, application: Application, *, today: date | None = None
) -> list[dict[str, Any]]:
    """The rows of ``overlaps_of`` as ``user`` may be told of them (product.md §6, §15), each with
    ``named`` (whether its reference, kind and status are told) and ``visible`` (whether the
    user may open it).

    Named: the permits in force (decisions that are published) and the applications the reader
    may see (``access.visible_among``), whoever the reader is. Any other application
    in review is flagged without saying which (``reference``, ``kind`` and ``status`` empty),
    with the area shared, and only once this application is submitted: a draft, re-screened
    at every save, would otherwise let its author probe where others have applied. The maps
    draw only the named ones. ``user`` None: what a document handed to the holder shows, the
    holder's organisation's own applications named. ``application`` stays in each row for the
    caller's own use (the shared land drawn, a link for who may open it), never to be shown."""
    rows = overlaps_of(application, today=today)
    if not rows:  # the usual case: nothing to tell, nothing to ask
        return rows
    if user is None:
        visible = {
            row["application"].pk
            for row in rows
            if row["application"].organisation_id == application.organisation_id
        }
    else:
        visible = access.visible_among(user, (row["application"].pk for row in rows))
    flag_unnamed = application.status != Status.DRAFT
    shown = []
    for row in rows:
        seen = row["application"].pk in visible
        if seen or row["status"] == Status.APPROVED:
            shown.append({**row, "named": True, "visible": seen})
        elif flag_unnamed:
            shown.append(
                {**row, "reference": "", "kind": "", "status": "", "named": False, "visible": False}
            )
    return shown


def overlaps_now(application: Application, *, today: date | None = None) -> list[dict[str, Any]]:
    """``overlaps_of`` computed afresh from the stored sites (not from the rows the screenings
    left): what a grant checks, since two applications submitted at the same moment did not
    see each other in review. In a ``read_once`` block, the search of the block's
    ``screening_refresh`` of the application, made a moment before, is the answer."""
    today = today or timezone.localdate()
    key = (OVERLAPS, application.pk, today, FOUND_NOW)
    found = {
        o.other_id: o.overlap_ha for o in remembered(key, lambda: _found_now(application, today))
    }
    others = Application.objects.filter(pk__in=found)
    return [
        {
            "reference": o.reference,
            "kind": o.kind,
            "status": o.status,
            "overlap_ha": float(_ha(found[o.pk])),
            "in_force": True,
        }
        for o in others
    ]


def _found_now(application: Application, today: date) -> list[OverlapFound]:
    """The overlaps of the stored site with the others' stored sites, searched now; the same
    transaction's ``screening_refresh`` has just searched them."""
    screening = screening_of(application)
    if screening is None:
        return []
    return overlaps_find(application, shapely.geometry.shape(screening.geometry), today)


def _active(application: Application, today: date) -> bool:
    if application.status == Status.APPROVED:
        return application.valid_until is None or application.valid_until >= today
    return application.status in ON_THE_LAND_UNPERMITTED_STATUSES


# A 小班 counts as the site's when it holds this share of the site (a boundary drawn a little
# over the neighbour's line does not make the neighbour's facts the site's), or when the
# application names it.
PARCEL_SHARE = 0.05


def _site_parcels(screening: SiteScreening) -> tuple[dict[str, Any], ...]:
    area = float(screening.site_area_ha)
    return tuple(
        p
        for p in screening.parcels
        if area == 0 or p.get("declared") or p["overlap_ha"] >= PARCEL_SHARE * area
    )


def site_parcels(detail: Application) -> tuple[dict[str, Any], ...]:
    """The screening's 小班 of the site as the rules take them (named, or covered by a
    meaningful share); none without a screening."""
    screening = screening_of(detail)
    return _site_parcels(screening) if screening is not None else ()


def screening_facts(detail: Application) -> dict[str, Any]:
    """What the rules read of the screening (none of it when there is no screening): the
    effective protection class, the zones, the 小班 and their official facts, the overlaps."""
    screening = screening_of(detail)
    if screening is None:
        return {}
    declared = getattr(detail, "protection_class", "") or ""
    zone_classes = {z["protection_class"] for z in screening.zones if z["protection_class"]}
    parcels = _site_parcels(screening)
    origin: dict[str, Any] = {}
    if detail.kind == Kind.TENDING:
        # The registry's word on the forest origin is what T1 and T5 read.
        declared_origin = getattr(detail, "forest_origin", "")
        natural = any(p["forest_origin"] == ForestOrigin.NATURAL for p in parcels)
        origin = {
            "declared_forest_origin": declared_origin,
            "forest_origin": ForestOrigin.NATURAL if natural else declared_origin,
        }
    return {
        **origin,
        "screened": True,
        "site_area_ha": screening.site_area_ha,
        "site_is_polygonal": screening.geometry.get("type") in ("Polygon", "MultiPolygon"),
        "declared_protection_class": declared,
        "protection_class": stricter(declared, *zone_classes),
        "protection_classes": frozenset({declared, *zone_classes} - {""}),
        "map_zones": tuple(screening.zones),
        "parcels": parcels,
        "overlaps": tuple(
            {k: v for k, v in row.items() if k != "application"} for row in overlaps_of(detail)
        ),
    }


def geometry_sha256(geometry: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(geometry, sort_keys=True).encode()).hexdigest()


def screening_record(application: Application, *, shown_to: Any = ALL) -> dict[str, Any] | None:
    """The API's ``screening`` (api.md "Zones and parcels") as ``shown_to`` may see it (its
    overlaps: ``overlaps_shown_to``), and, with every overlap (the default), what audit events
    keep."""
    screening = screening_of(application)
    if screening is None:
        return None
    overlaps = (
        overlaps_of(application) if shown_to is ALL else overlaps_shown_to(shown_to, application)
    )
    return {
        "site_area_ha": float(screening.site_area_ha),
        "effective_protection_class": screening.effective_protection_class,
        "from_registry": screening.from_registry,
        "zones": [
            {
                **{k: z[k] for k in ("id", "name", "kind", "overlap_ha", "source")},
                # Screenings stored before grades came have none.
                "grade": z.get("grade"),
            }
            for z in screening.zones
        ],
        "parcels": [
            {k: p[k] for k in ("id", "district", "compartment", "overlap_ha")}
            for p in screening.parcels
        ],
        "overlaps": [
            {
                "reference": o["reference"] or None,  # None: not told (``overlaps_shown_to``)
                "status": o["status"] or None,
                "overlap_ha": o["overlap_ha"],
            }
            for o in overlaps
        ],
        "layer_versions": screening.layer_versions,
        "geometry_sha256": geometry_sha256(screening.geometry),
    }
