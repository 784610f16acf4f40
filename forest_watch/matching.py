"""The patches of a layer matched against the records (issue 48 item 2), in the background.

An STRtree over the layer's patches (a municipality's year: thousands; the bench: 100,000) is
queried with the applications of the jurisdiction read in chunks (``APPLICATION_CHUNK`` at a
time, their sites parsed by GEOS from the stored JSON text), so memory holds the patches and
one chunk, never a million sites. Each patch then gets:

- the permits in force at its dates (granted: a permit status, decided on or before the later
  image, its period not ended before the earlier one) with the area each shares with it;
- the other applications on its land (pending, refused, or not in force then);
- the zones in force at the later image and the 小班 it reaches (``zones.index``);
- its classification: ``permitted`` when the permits cover at least the jurisdiction's
  ``WatchStandard.covered_share`` of it, ``exceeds_permit`` when they cover less, else
  ``unclassified`` for a change no permit governs (fire, pest, natural) and ``no_permit``.

It is never run on a request: the import queues it after its commit (``core.background``:
the Celery task ``MATCH_TASK``, or in this process after the commit when there is no broker),
and it records its progress on the layer every ``BATCH`` patches. Then each patch is assigned
to its district's forestry agency with its deadline (``forest_watch.services``)."""

import json
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import shapely
from django.db import connection, transaction
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import timezone
from shapely import STRtree
from shapely.geometry.base import BaseGeometry

from permits.choices import PERMIT_STATUSES, Status
from permits.models import Application
from zones.geo import area_ha, area_transformer
from zones.index import MIN_OVERLAP_HA, layer_index

from .choices import PERMIT_FREE_CHANGES, Classification, MatchStatus
from .models import Patch, PatchLayer, WatchStandard
from .services import patches_assign, watch_standard

logger = logging.getLogger(__name__)

MATCH_TASK = "forest_watch.patch_layer_match"
APPLICATION_CHUNK = 20_000
BATCH = 2_000
# Never a draft: what nobody filed is no record of the land.
UNFILED = (Status.DRAFT,)


@dataclass
class _Found:
    """What one patch shares land with: (application row, overlap, shared piece) triples."""

    applications: list[tuple[tuple[Any, ...], float, BaseGeometry]] = field(default_factory=list)


def patch_layer_match(layer_id: int) -> int:
    """Match every patch of the layer, record the progress, assign the patches; the number of
    patches matched. A failure marks the layer ``failed`` (logged) and changes no patch."""
    layer = PatchLayer.objects.filter(pk=layer_id).first()
    if layer is None:
        return 0
    PatchLayer.objects.filter(pk=layer_id).update(
        match_status=MatchStatus.RUNNING, matched=0, match_started_at=timezone.now()
    )
    try:
        matched = _match(layer)
    except Exception:
        logger.exception("Matching patch layer %s failed", layer_id)
        PatchLayer.objects.filter(pk=layer_id).update(
            match_status=MatchStatus.FAILED, match_finished_at=timezone.now()
        )
        raise
    return matched


def _match(layer: PatchLayer) -> int:
    rows = list(
        Patch.objects.filter(layer=layer)
        .annotate(text=Cast("geometry", TextField()))
        .order_by("pk")
        .values_list("pk", "before_date", "after_date", "change_type", "text")
    )
    shapes = shapely.from_geojson([row[-1] for row in rows]) if rows else np.array([])
    tree = STRtree(shapes)
    found = _applications_found(layer, tree, shapes)
    standard = watch_standard(layer.jurisdiction)
    index = layer_index()
    done = 0
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        updates = [
            _matched(row, shapes[start + i], found.get(start + i), standard, index)
            for i, row in enumerate(batch)
        ]
        with transaction.atomic():
            _store(updates)
            done += len(updates)
            PatchLayer.objects.filter(pk=layer.pk).update(matched=done)
    with transaction.atomic():
        patches_assign(layer=layer)
        PatchLayer.objects.filter(pk=layer.pk).update(
            match_status=MatchStatus.DONE, match_finished_at=timezone.now()
        )
    return done


def _store(patches: list[Patch]) -> None:
    """The matching's fields of ``patches`` written with one prepared statement run for each
    (Django's ``bulk_update`` builds a CASE per row and field: minutes at 100,000 patches)."""
    table = connection.ops.quote_name(Patch._meta.db_table)
    fields = {f.name: str(f.column) for f in Patch._meta.concrete_fields}
    columns = [
        connection.ops.quote_name(fields[name])
        for name in ("classification", "covered_ha", "found", "id")
    ]
    assignments = ", ".join(f"{column} = %s" for column in columns[:3])
    sql = f"UPDATE {table} SET {assignments} WHERE {columns[3]} = %s"  # noqa: S608 (quoted names)
    rows = [
        (p.classification, str(p.covered_ha), json.dumps(p.found, ensure_ascii=False), p.pk)
        for p in patches
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


APPLICATION_COLUMNS = ("pk", "reference", "status", "decided_at", "valid_until")


def _applications_found(layer: PatchLayer, tree: STRtree, shapes: Any) -> dict[int, _Found]:
    """For each patch (by its position in ``shapes``), the applications whose site shares
    land with it: the applications of the jurisdiction read a chunk at a time."""
    found: dict[int, _Found] = defaultdict(_Found)
    if not len(shapes):
        return found
    applications = (
        Application.objects.filter(jurisdiction=layer.jurisdiction, site_geometry__isnull=False)
        .exclude(status__in=UNFILED)
        .annotate(text=Cast("site_geometry", TextField()))
        .order_by("pk")
        .values_list(*APPLICATION_COLUMNS, "text")
    )
    last = 0
    while True:
        chunk = list(applications.filter(pk__gt=last)[:APPLICATION_CHUNK])
        if not chunk:
            return found
        last = chunk[-1][0]
        sites = shapely.from_geojson([row[-1] for row in chunk], on_invalid="ignore")
        site_at, patch_at = tree.query(sites, predicate="intersects")
        if len(site_at):
            pieces = shapely.intersection(sites[site_at], shapes[patch_at])
            for s, p, piece in zip(site_at, patch_at, pieces, strict=True):
                overlap = area_ha(piece, area_transformer(shapes[p]))
                if overlap >= MIN_OVERLAP_HA:
                    found[int(p)].applications.append((chunk[s][:-1], overlap, piece))


def _in_force(row: tuple[Any, ...], before: date, after: date) -> bool:
    """A permit in force during the change: granted, decided by the later image, its period
    not over before the earlier one. (A permit ended by an act is counted as in force to the
    end of its period: when the act took effect is the trail's, not this row's.)"""
    _pk, _reference, status, decided_at, valid_until = row
    if status not in PERMIT_STATUSES or decided_at is None:
        return False
    decided = timezone.localdate(decided_at)
    return bool(decided <= after and (valid_until is None or valid_until >= before))


def _matched(
    row: tuple[Any, ...],
    shape: BaseGeometry,
    found: _Found | None,
    standard: WatchStandard,
    index: Any,
) -> Patch:
    pk, before, after, change_type, _text = row
    hits = found.applications if found is not None else []
    permits = [hit for hit in hits if _in_force(hit[0], before, after)]
    others = [hit for hit in hits if not _in_force(hit[0], before, after)]
    covered = _covered_ha(shape, [piece for _a, _o, piece in permits])
    patch_ha = area_ha(shape)
    if permits:
        share = Decimal(covered / patch_ha) if patch_ha else Decimal(1)
        enough = share >= standard.covered_share
        classification = Classification.PERMITTED if enough else Classification.EXCEEDS_PERMIT
    elif change_type in PERMIT_FREE_CHANGES:
        classification = Classification.UNCLASSIFIED
    else:
        classification = Classification.NO_PERMIT
    return Patch(
        pk=pk,
        classification=classification,
        covered_ha=Decimal(f"{covered:.4f}"),
        found={
            "permits": [_application(a, overlap) for a, overlap, _piece in permits],
            "applications": [
                {**_application(a, overlap), "status": a[2]} for a, overlap, _piece in others
            ],
            "zones": [
                {"id": hit.item.id, "kind": hit.item.kind, "name": hit.item.name}
                for hit in index.zone_hits(shape, after)
            ],
            "parcels": [
                {"id": hit.item.id, "compartment": hit.item.compartment}
                for hit in index.parcel_hits(shape)
            ],
        },
    )


def _application(row: tuple[Any, ...], overlap: float) -> dict[str, Any]:
    return {"application": {"id": row[0], "reference": row[1]}, "overlap_ha": round(overlap, 4)}


def _covered_ha(shape: BaseGeometry, pieces: list[BaseGeometry]) -> float:
    """The area of the patch the permits cover together (their overlaps counted once)."""
    if not pieces:
        return 0.0
    return area_ha(shapely.union_all(pieces), area_transformer(shape))
