"""The demo's change patches (issue 48, 演示数据): one layer a jurisdiction for the demo year,
around 密云 and 延庆 (Beijing) and 蓟州 (Tianjin), with each kind of patch: one within a demo
permit's site and one beyond it (where the district has a permit), one felling with no permit,
one fire (no permit needed); and in 密云 a small felling with no permit that the demo carries
from its verification to a closed enforcement case (``demo.cases``). Imported through
``forest_watch.imports.patch_layer_import`` as demo data, ``IMPORTED_DAYS_AGO`` (the case's acts
follow, dated), and matched and assigned then, as the background work would (the matching
queued for after the seed's commit runs again: it changes no patch, only the layer's matching
times); a layer of that year already there (demo or an administrator's) is never superseded."""

import json
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from demo.acts import clock_at, days_ago
from forest_watch.imports import patch_layer_import
from forest_watch.matching import patch_layer_match
from forest_watch.models import PatchLayer
from permits.choices import PERMIT_STATUSES
from permits.models import Application
from roles.models import Jurisdiction
from zones.imports import ImportFile

# Where each district's patches without a permit lie (south-west corners, degrees).
DISTRICTS = {
    "110000": {"110118": (116.95, 40.52), "110119": (115.98, 40.50)},
    "120000": {"120119": (117.42, 40.08)},
}
SOURCE = "森林督查变化图斑（演示数据）"
# The patch the demo's case is opened from (``demo.cases``): 密云's, numbered …-103.
CASE_DISTRICT, CASE_SERIAL = "110118", 103
# When the demo layers are imported: before the case's field check and acts (``demo.cases``).
IMPORTED_DAYS_AGO = 45
# The case's patch: a square of 0.0007 degrees, some 60 m by 78 m at 密云's latitude.
CASE_PATCH_SIZE = 0.0007


def case_patch_number(year: int) -> str:
    return f"{CASE_DISTRICT}-{year}-{CASE_SERIAL}"


def _case_patch_corner() -> tuple[float, float]:
    lon, lat = DISTRICTS["110000"][CASE_DISTRICT]
    return lon + 0.02, lat


def case_patch_centre() -> tuple[float, float]:
    """Where the officers stand when they record the field check (longitude, latitude)."""
    lon, lat = _case_patch_corner()
    return lon + CASE_PATCH_SIZE / 2, lat + CASE_PATCH_SIZE / 2


def _box(lon: float, lat: float, size: float) -> dict[str, Any]:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def _feature(geometry: dict[str, Any], number: str, district: str, **props: str) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": geometry,
        "properties": {"number": number, "county": district, "land_class": "乔木林地", **props},
    }


def _permit_patches(district: str, n: int, year: int) -> list[dict[str, Any]]:
    """Within a demo permit's site and around it, dated around its decision."""
    permit = (
        Application.objects.filter(
            district_id=district, status__in=PERMIT_STATUSES, site_geometry__isnull=False
        )
        .exclude(decided_at=None)
        .order_by("pk")
        .first()
    )
    if permit is None or permit.decided_at is None or permit.site_geometry is None:
        return []
    decided = timezone.localdate(permit.decided_at)
    dates = {
        "before_date": (decided - timedelta(days=30)).isoformat(),
        "after_date": (decided + timedelta(days=30)).isoformat(),
    }
    west, south, east, north = _bounds(permit.site_geometry)
    inner = min(east - west, north - south) / 3
    inside = _box(west + inner, south + inner, inner)
    around = _box(
        west - (east - west), south - (north - south), 3 * max(east - west, north - south)
    )
    return [
        _feature(
            inside,
            f"{district}-{year}-{n:03d}",
            district,
            change_type="felling",
            area_ha="0.5",
            **dates,
        ),
        _feature(
            around,
            f"{district}-{year}-{n + 1:03d}",
            district,
            change_type="felling",
            area_ha="30",
            **dates,
        ),
    ]


def _bounds(geometry: dict[str, Any]) -> tuple[float, float, float, float]:
    points: list[list[float]] = []
    stack: list[Any] = [geometry["coordinates"]]
    while stack:
        value = stack.pop()
        if value and isinstance(value[0], int | float):
            points.append(value)
        else:
            stack.extend(value)
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return min(lons), min(lats), max(lons), max(lats)


def _layer_file(jurisdiction: str, year: int) -> bytes:
    features = []
    dates = {
        "before_date": date(year, 3, 1).isoformat(),
        "after_date": date(year, 9, 1).isoformat(),
    }
    for district, (lon, lat) in DISTRICTS[jurisdiction].items():
        features += _permit_patches(district, 1, year)
        features.append(
            _feature(
                _box(lon, lat, 0.004),
                f"{district}-{year}-101",
                district,
                change_type="采伐",
                area_ha="12.1",
                **dates,
            )
        )
        features.append(
            _feature(
                _box(lon + 0.01, lat, 0.003),
                f"{district}-{year}-102",
                district,
                change_type="火灾",
                area_ha="6.8",
                **dates,
            )
        )
        if district == CASE_DISTRICT:
            features.append(_case_feature(year, dates))
    return json.dumps(
        {"type": "FeatureCollection", "features": features}, ensure_ascii=False
    ).encode()


def _case_feature(year: int, dates: dict[str, str]) -> dict[str, Any]:
    """Some 80 poplars felled without a permit on about 0.4 ha: below the criminal threshold,
    a case for the district's forestry agency."""
    return _feature(
        _box(*_case_patch_corner(), CASE_PATCH_SIZE),
        case_patch_number(year),
        CASE_DISTRICT,
        change_type="采伐",
        area_ha="0.46",
        **dates,
    )


def demo_patch_layers(year: int | None = None) -> list[str]:
    """Import the demo year's patch layers that are not there yet, ``IMPORTED_DAYS_AGO``, and
    match them then; what was imported."""
    with clock_at(days_ago(IMPORTED_DAYS_AGO)):
        year = year or timezone.localdate().year
        layers = [_layer_import(j, year) for j in DISTRICTS]
        for layer in layers:
            if layer is not None:
                patch_layer_match(layer.pk)
    return [str(layer) for layer in layers if layer is not None]


def _layer_import(jurisdiction: str, year: int) -> PatchLayer | None:
    if PatchLayer.objects.filter(jurisdiction_id=jurisdiction, year=year).exists():
        return None
    return patch_layer_import(
        file=ImportFile(
            jurisdiction=Jurisdiction.objects.get(pk=jurisdiction),
            source=SOURCE,
            data=_layer_file(jurisdiction, year),
            file_name=f"patches-{jurisdiction}-{year}.geojson",
            demo=True,
        ),
        year=year,
    )
