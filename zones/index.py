"""The in-memory spatial index of the current zone and parcel layers (one per process).

Loading every polygon from the database for each screening would cost far more than the
screening itself (STACK-NOTES: an STRtree over 10,000 polygons answers in ~0.1 ms). So each
process keeps an STRtree over the current layers and rebuilds it when the set of current layer
versions changes, which one indexed query tells. Imports supersede layers, never edit them in
place, so a version id names its polygons for good.
"""

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import shapely
from django.db.models import TextField
from django.db.models.functions import Cast
from shapely import STRtree
from shapely.geometry.base import BaseGeometry

from .geo import area_ha, area_transformer
from .models import BOUNDARY_KINDS, Layer, Parcel, ProtectedZone

# An overlap smaller than this is a shared boundary drawn twice, not a shared piece of land.
MIN_OVERLAP_HA = 0.0001  # 1 m²


@dataclass(frozen=True)
class IndexedZone:
    id: int
    layer_id: int
    kind: str
    name: str
    source: str
    jurisdiction: str
    district: str | None
    effective_from: date | None
    effective_until: date | None
    grade: int | None
    geometry: BaseGeometry

    def in_force(self, day: date) -> bool:
        return (self.effective_from is None or self.effective_from <= day) and (
            self.effective_until is None or day <= self.effective_until
        )


@dataclass(frozen=True)
class IndexedParcel:
    id: int
    layer_id: int
    jurisdiction: str
    district: str
    compartment: str
    forest_origin: str
    welfare_grade: str
    agreement_holder: str
    agreement_holder_code: str
    geometry: BaseGeometry


@dataclass(frozen=True)
class Hit:
    """A zone or parcel the screening found, with the area it shares with the site (0 for a
    point site). ``outside_site``: found only through the 小班 the application names, the site
    itself does not reach it (its area shared with the site is then 0)."""

    item: Any
    overlap_ha: float
    outside_site: bool = False


# A layer version is named by its id and its import instant: ids alone may come back after a
# rolled-back import (SQLite reuses them).
LayerKey = tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class LayerIndex:
    key: LayerKey
    layers: tuple[dict[str, Any], ...]
    zones: tuple[IndexedZone, ...]
    zone_tree: STRtree
    parcels: tuple[IndexedParcel, ...]
    parcel_tree: STRtree

    def zone_hits(
        self, site: BaseGeometry, day: date, *, probe: BaseGeometry | None = None
    ) -> list[Hit]:
        """The zones in force on ``day`` that ``probe`` (default: the site) reaches, each with
        the area it shares with ``site``."""
        probe = site if probe is None else probe
        zones = [self.zones[i] for i in self.zone_tree.query(probe, predicate="intersects")]
        return _hits(site, probe, [z for z in zones if z.in_force(day)])

    def parcel_hits(self, site: BaseGeometry, *, probe: BaseGeometry | None = None) -> list[Hit]:
        """The 小班 that ``probe`` (default: the site) reaches, each with the area it shares
        with ``site``."""
        probe = site if probe is None else probe
        return _hits(
            site, probe, [self.parcels[i] for i in self.parcel_tree.query(probe, "intersects")]
        )

    def parcels_named(self, district: str, compartments: Sequence[str]) -> list[IndexedParcel]:
        wanted = set(compartments)
        return [p for p in self.parcels if p.district == district and p.compartment in wanted]


def _hits(
    site: BaseGeometry, probe: BaseGeometry, items: Sequence[IndexedZone | IndexedParcel]
) -> list[Hit]:
    """The items ``probe`` shares land with, each with the area it shares with ``site``: the
    probe (the site and the 小班 an application names) decides what is found, the site alone
    what area is shown, so a named 小班 shows the part of it the site covers, not its whole
    area, and one the site does not reach is found with 0 and ``outside_site``. A point site
    shares no area: what it lies in is found with 0."""
    if not items:
        return []
    geometries = [item.geometry for item in items]
    if site.geom_type == "Point":
        shared = [0.0] * len(items)
        on_site = [bool(hit) for hit in shapely.intersects(site, geometries)]
    else:
        transformer = area_transformer(site)
        pieces = shapely.intersection(site, geometries)
        shared = [area_ha(piece, transformer) for piece in pieces]
        on_site = [area >= MIN_OVERLAP_HA for area in shared]
    found = on_site
    if probe is not site:
        transformer = area_transformer(probe)
        pieces = shapely.intersection(probe, geometries)
        found = [
            on or area_ha(piece, transformer) >= MIN_OVERLAP_HA
            for on, piece in zip(on_site, pieces, strict=True)
        ]
    return [
        Hit(item, area if on else 0.0, outside_site=not on)
        for item, area, on, hit in zip(items, shared, on_site, found, strict=True)
        if hit
    ]


_lock = threading.Lock()
_cached: LayerIndex | None = None


def current_layer_key() -> LayerKey:
    # The boundaries are for finding places on the maps: no screening reads them.
    rows = (
        Layer.objects.filter(superseded_at__isnull=True)
        .exclude(kind__in=BOUNDARY_KINDS)
        .order_by("pk")
    )
    return tuple((pk, at.isoformat()) for pk, at in rows.values_list("pk", "imported_at"))


def layer_index_forget() -> None:
    """Drop this process's index (tests that roll back imports)."""
    global _cached
    _cached = None


def layer_index() -> LayerIndex:
    """The index of the current layers, rebuilt when an import changed them."""
    global _cached
    key = current_layer_key()
    cached = _cached
    if cached is not None and cached.key == key:
        return cached
    with _lock:
        if _cached is None or _cached.key != key:
            _cached = _build(key)
        return _cached


def _shapes(geometries: list[str]) -> list[BaseGeometry]:
    """Parse and prepare many stored geometries at once: GEOS reads the JSON text, Python
    never builds the coordinate lists."""
    if not geometries:
        return []
    parsed = shapely.from_geojson(geometries)
    shapely.prepare(parsed)
    return list(parsed)


ZONE_FIELDS = (
    "pk",
    "layer_id",
    "kind",
    "name",
    "source",
    "jurisdiction_id",
    "district_id",
    "effective_from",
    "effective_until",
    "grade",
)
PARCEL_FIELDS = (
    "pk",
    "layer_id",
    "jurisdiction_id",
    "district_id",
    "compartment",
    "forest_origin",
    "welfare_grade",
    "agreement_holder",
    "agreement_holder_code",
)


ZONE_ATTRS = (
    "id",
    "layer_id",
    "kind",
    "name",
    "source",
    "jurisdiction",
    "district",
    "effective_from",
    "effective_until",
    "grade",
)
PARCEL_ATTRS = (
    "id",
    "layer_id",
    "jurisdiction",
    "district",
    "compartment",
    "forest_origin",
    "welfare_grade",
    "agreement_holder",
    "agreement_holder_code",
)


def _rows(
    model: type[ProtectedZone] | type[Parcel],
    ids: list[int],
    fields: tuple[str, ...],
    attrs: tuple[str, ...],
) -> list[tuple[dict[str, Any], BaseGeometry]]:
    """(attributes, geometry) of the model's rows in the layers ``ids``."""
    rows = list(
        model.objects.filter(layer_id__in=ids)
        .annotate(text=Cast("geometry", TextField()))
        .values_list(*fields, "text")
    )
    geometries = _shapes([row[-1] for row in rows])
    return [
        (dict(zip(attrs, row[:-1], strict=True)), geometry)
        for row, geometry in zip(rows, geometries, strict=True)
    ]


def _build(key: LayerKey) -> LayerIndex:
    ids = [pk for pk, _at in key]
    layers = tuple(layer.as_version() for layer in Layer.objects.filter(pk__in=ids).order_by("pk"))
    zones = tuple(
        IndexedZone(**attributes, geometry=geometry)
        for attributes, geometry in _rows(ProtectedZone, ids, ZONE_FIELDS, ZONE_ATTRS)
    )
    parcels = tuple(
        IndexedParcel(**attributes, geometry=geometry)
        for attributes, geometry in _rows(Parcel, ids, PARCEL_FIELDS, PARCEL_ATTRS)
    )
    return LayerIndex(
        key,
        layers,
        zones,
        STRtree([z.geometry for z in zones]),
        parcels,
        STRtree([p.geometry for p in parcels]),
    )
