"""Screening one site against 10,000 zone polygons (product.md §15; target: median ≤ 20 ms).

    python bench/screening_bench.py                       # SQLite, temporary file
    python bench/screening_bench.py --profile             # and where the screening's time goes
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x python bench/screening_bench.py

Builds a fresh database as queue_bench.py does (PostgreSQL: the database
``permits_screening_bench``, dropped and created, so it can run beside the other benches), then
imports through ``zones.services.layer_store`` 10,000 zone polygons of 64 vertices over Beijing
(0.5–5 km², seven kinds, one layer per kind) and a 小班 registry of 5,000 parcels (32 vertices,
5–30 ha, in 50 forest farms of 100), and submits a few tending designs overlapping the sites
measured (so that the overlap search has candidates). It times:

  (a) ``zones.index.layer_index()`` built cold, as after a layer import or in a new process;
  (b) ``permits.screening.screening_refresh`` of a tending application, warm index, inside a
      transaction as at submission (the commit is left out: it is the submission's);
  (c) the index alone: ``zone_hits`` + ``parcel_hits`` of the site;
  (d) ``permits.site_map_plan.site_map_plan``: what the decision documents' map reads near the site;

over ``--runs`` runs (default 200) cycling through eight sites, and prints median and p95 in
milliseconds and the SQL queries per run. See bench/README.md for the figures.
"""

import argparse
import cProfile
import io
import math
import pstats
import statistics
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from time import perf_counter

sys.path.insert(0, str(Path(__file__).resolve().parent))

import queue_bench  # noqa: E402

ZONES, ZONE_VERTICES = 10_000, 64
ZONE_KM2 = (0.5, 5.0)
ZONE_KINDS = (
    "reserve_core",
    "red_line",
    "key_zone",
    "basic_farmland",
    "water_source",
    "eco_control",
    "forest_land_grade",
)
FARMS, PARCELS_PER_FARM, PARCEL_VERTICES = 50, 100, 32
PARCEL_HA = (5.0, 30.0)
SITES, SITE_VERTICES, SITE_HA = 8, 24, (5.0, 40.0)
BEIJING = (115.42, 39.44, 117.50, 41.06)  # west, south, east, north
TARGET_MS = 20.0
WARMUPS = 5
SEED = 20261123


# --------------------------------------------------------------------------- geometry


def blob(rng, lon: float, lat: float, area_m2: float, vertices: int):
    """An irregular star-shaped polygon (so always simple) of about ``area_m2`` around lon/lat."""
    import numpy as np
    import shapely

    angles = np.linspace(0, 2 * math.pi, vertices, endpoint=False)
    waves = rng.integers(2, 6)
    radius = 1 + 0.25 * np.sin(waves * angles + rng.uniform(0, 2 * math.pi))
    radius += rng.uniform(-0.08, 0.08, vertices)
    x, y = radius * np.cos(angles), radius * np.sin(angles)
    unit_area = 0.5 * abs(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1)))
    scale = math.sqrt(area_m2 / unit_area)
    lons = lon + x * scale / (111_320 * math.cos(math.radians(lat)))
    lats = lat + y * scale / 110_950
    return shapely.Polygon(np.column_stack((lons, lats)))


@dataclass(frozen=True)
class Feature:
    geometry: object
    properties: dict[str, object]


def zone_features(rng, kind: str, count: int) -> list[Feature]:
    west, south, east, north = BEIJING
    return [
        Feature(
            blob(
                rng,
                rng.uniform(west, east),
                rng.uniform(south, north),
                rng.uniform(*ZONE_KM2) * 1_000_000,
                ZONE_VERTICES,
            ),
            {
                "name": f"{kind} {n}",
                "source": "京政发〔2026〕1号（测试）",
                # Only forest_land_grade zones carry (and need) a grade.
                **({"grade": 1 + n % 4} if kind == "forest_land_grade" else {}),
            },
        )
        for n in range(count)
    ]


def farm_centres(rng) -> list[tuple[float, float]]:
    west, south, east, north = BEIJING
    return [
        (rng.uniform(west, east - 0.05), rng.uniform(south, north - 0.05)) for _ in range(FARMS)
    ]


def parcel_features(rng, centres, districts: list[str]) -> list[Feature]:
    """Each farm a 10 × 10 grid of 小班 about 400 m apart, each with the registry's facts."""
    features = []
    side = int(math.sqrt(PARCELS_PER_FARM))
    for farm, (lon, lat) in enumerate(centres):
        dlon, dlat = 400 / (111_320 * math.cos(math.radians(lat))), 400 / 110_950
        for n in range(PARCELS_PER_FARM):
            row, column = divmod(n, side)
            geometry = blob(
                rng,
                lon + column * dlon,
                lat + row * dlat,
                rng.uniform(*PARCEL_HA) * 10_000 * 0.5,  # shares of the 16 ha cell, gaps between
                PARCEL_VERTICES,
            )
            properties = {
                "district": districts[farm % len(districts)],
                "forest_block": str(farm + 1),
                "sub_compartment": str(n + 1),
                "forest_origin": "natural" if n % 3 else "planted",
                "welfare_grade": ("national", "local", "commercial")[n % 3],
            }
            features.append(Feature(geometry, properties))
    return features


def sites(rng, centres) -> list[dict]:
    """Sites inside forest farms: each spans a few 小班 and, where it falls, a zone or two."""
    from zones.geo import geojson

    chosen = rng.choice(len(centres), SITES, replace=False)
    found = []
    for i in chosen:
        lon, lat = centres[i]
        dlon, dlat = 1800 / (111_320 * math.cos(math.radians(lat))), 1800 / 110_950
        site = blob(
            rng,
            lon + rng.uniform(0.2, 0.8) * dlon,
            lat + rng.uniform(0.2, 0.8) * dlat,
            rng.uniform(*SITE_HA) * 10_000,
            SITE_VERTICES,
        )
        found.append(geojson(site))
    return found


# ------------------------------------------------------------------------------- data


def load_layers(rng) -> tuple[list, float]:
    """The zone layers and the 小班 registry, stored by zones.services.layer_store."""
    from roles.models import District, Jurisdiction
    from zones.imports import ImportFile
    from zones.services import layer_store

    beijing = Jurisdiction.objects.get(pk="110000")
    started = perf_counter()
    per_kind = ZONES // len(ZONE_KINDS)
    counts = [per_kind + (1 if i < ZONES % len(ZONE_KINDS) else 0) for i in range(len(ZONE_KINDS))]
    for kind, count in zip(ZONE_KINDS, counts, strict=True):
        layer_store(
            kind=kind,
            file=ImportFile(
                jurisdiction=beijing, source=f"{kind}（测试图层）", data=b"", demo=True
            ),
            features=zone_features(rng, kind, count),
        )
    centres = farm_centres(rng)
    districts = list(District.objects.filter(jurisdiction=beijing).values_list("pk", flat=True))
    layer_store(
        kind="parcels",
        file=ImportFile(jurisdiction=beijing, source="小班登记（测试图层）", data=b"", demo=True),
        features=parcel_features(rng, centres, districts),
    )
    return centres, perf_counter() - started


def applicant():
    from django.contrib.auth import get_user_model

    from roles import reference as roles_reference
    from roles.models import District, Organisation, Role
    from roles.services import role_grant
    from workflows import reference as routes_reference

    roles_reference.load()
    routes_reference.load()
    district = District.objects.get(code="110118")
    organisation = Organisation.objects.create(
        name="密云区国有林场", jurisdiction_id=district.jurisdiction_id, district=district
    )
    user = get_user_model().objects.create_user("applicant_my", first_name="王林")
    role_grant(user=user, role=Role.APPLICANT, organisation=organisation)
    return user, district


def design(user, district, number: int, site: dict):
    """A tending design of ``site`` as an applicant drafts it, declaring the class the map
    gives (so that rule Z1 does not refuse its submission)."""
    from permits import services
    from permits.rules.zones import stricter
    from permits.screening import ZONE_PROTECTION, site_geometry
    from zones.geo import geometry_from_geojson
    from zones.index import layer_index

    geometry = geometry_from_geojson(site)
    classes = [
        ZONE_PROTECTION.get(hit.item.kind, "")
        for hit in layer_index().zone_hits(geometry, date.today())
    ]
    data = queue_bench.tending_data(district, number) | {
        "site_geometry": site,
        "protection_class": stricter("general", *classes) or "general",
    }
    draft = services.application_create(by=user, kind="tending", data=data)
    assert site_geometry(draft)[0] is not None
    return draft


def others_in_review(user, district, site_list: list[dict]) -> int:
    """Designs submitted next to each site (shifted by a third of its width): the active
    applications the overlap search finds. Returns how many the rules let through."""
    from core.errors import RulesViolated
    from demo.documents import design_document_upload
    from permits import services
    from workflows import services as task_services

    submitted = 0
    for n, site in enumerate(site_list):
        ring = site["coordinates"][0]
        width = max(p[0] for p in ring) - min(p[0] for p in ring)
        shifted = {"type": "Polygon", "coordinates": [[[x + width / 3, y] for x, y in ring]]}
        draft = design(user, district, 1000 + n, shifted)
        services.attachment_add(
            application=draft, by=user, kind="design_document", upload=design_document_upload(draft)
        )
        try:
            task_services.application_submit(application=draft, by=user)
            submitted += 1
        except RulesViolated:
            pass
    return submitted


# ----------------------------------------------------------------------------- timing


@dataclass
class Timing:
    label: str
    seconds: list[float]
    queries: Counter

    def line(self) -> str:
        values = sorted(self.seconds)
        median = statistics.median(values) * 1000
        p95 = (
            statistics.quantiles(values, n=20, method="inclusive")[18] * 1000
            if len(values) > 1
            else median
        )
        counts = ", ".join(str(n) for n in sorted(self.queries)) or "0"
        return f"{self.label:<44} {median:>9.2f} {p95:>8.2f} {len(values):>5}  {counts}"


def timed(label: str, runs: int, work: Callable[[int], object], atomic: bool = False) -> Timing:
    from contextlib import nullcontext

    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    for i in range(WARMUPS):
        with transaction.atomic() if atomic else nullcontext():
            work(i)
    seconds, queries = [], Counter()
    for i in range(runs):
        scope = transaction.atomic() if atomic else nullcontext()
        with scope, CaptureQueriesContext(connection) as captured:
            started = perf_counter()
            work(i)
            seconds.append(perf_counter() - started)
        queries[len(captured)] += 1
    return Timing(label, seconds, queries)


def cold_build(runs: int) -> Timing:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    import zones.index

    seconds, queries = [], Counter()
    for _ in range(runs):
        zones.index._cached = None  # as in a fresh process, or after an import
        with CaptureQueriesContext(connection) as captured:
            started = perf_counter()
            zones.index.layer_index()
            seconds.append(perf_counter() - started)
        queries[len(captured)] += 1
    return Timing("(a) layer_index() cold build", seconds, queries)


def profile(work: Callable[[int], object], runs: int) -> str:
    from django.db import transaction

    profiler = cProfile.Profile()
    for i in range(runs):
        with transaction.atomic():
            profiler.enable()
            work(i)
            profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("tottime")
    stats.print_stats(20)
    return out.getvalue()


# ------------------------------------------------------------------------------- main


def database_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
        cursor.execute("select sqlite_version()")
        return f"SQLite {cursor.fetchone()[0]}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=200, help="timed runs per measurement")
    parser.add_argument("--profile", action="store_true", help="profile the screening (cProfile)")
    arguments = parser.parse_args()

    import numpy as np

    queue_bench.BENCH_DATABASE = "permits_screening_bench"  # its own, beside the other benches
    description = queue_bench.django_setup()

    import os
    import platform

    import django
    import shapely

    from permits.screening import screening_refresh
    from zones.geo import geometry_from_geojson
    from zones.index import layer_index
    from zones.models import Parcel, ProtectedZone

    print(f"screening_bench: {date.today().isoformat()}, {description}")
    print(
        f"  Python {platform.python_version()}, Django {django.get_version()}, "
        f"shapely {shapely.__version__} (GEOS {shapely.geos_version_string}), "
        f"{database_version()}, {os.cpu_count()} CPUs"
    )
    rng = np.random.default_rng(SEED)
    user, district = applicant()
    centres, load_seconds = load_layers(rng)
    queue_bench.analyze()
    zones_stored, parcels_stored = ProtectedZone.objects.count(), Parcel.objects.count()
    print(f"  {zones_stored:,} zones and {parcels_stored:,} 小班 stored in {load_seconds:.1f} s")

    site_list = sites(rng, centres)
    started = perf_counter()
    application = design(user, district, 0, site_list[0])
    in_review = others_in_review(user, district, site_list)
    print(
        f"  {1 + len(site_list)} designs drafted, {in_review} submitted beside the sites, "
        f"in {perf_counter() - started:.1f} s"
    )

    geometries = [geometry_from_geojson(s) for s in site_list]
    today = date.today()
    index = layer_index()
    hits = [(len(index.zone_hits(g, today)), len(index.parcel_hits(g))) for g in geometries]
    print("  zones / 小班 hit per site: " + ", ".join(f"{z}/{p}" for z, p in hits))

    def screen(i: int) -> None:
        application.site_geometry = site_list[i % len(site_list)]
        screening_refresh(application)

    def index_only(i: int) -> None:
        geometry, index = geometries[i % len(geometries)], layer_index()  # 1 query: fresh?
        index.zone_hits(geometry, today)
        index.parcel_hits(geometry)

    results = [cold_build(5)]
    results.append(timed("(b) screening_refresh (warm index)", arguments.runs, screen, atomic=True))
    results.append(timed("(c) zone_hits + parcel_hits (index alone)", arguments.runs, index_only))
    results.append(map_plan_timing(application, site_list, arguments.runs))

    print()
    print(f"{'measurement':<44} {'median ms':>9} {'p95 ms':>8} {'runs':>5}  queries/run")
    for result in results:
        print(result.line())
    median = statistics.median(results[1].seconds) * 1000
    verdict = "meets" if median <= TARGET_MS else "MISSES"
    print(f"screening median {median:.1f} ms {verdict} the {TARGET_MS:.0f} ms target")

    if arguments.profile or median > TARGET_MS:
        print()
        print("Where a screening's time goes (cProfile, 50 runs, by own time):")
        print(profile(screen, 50))
    if arguments.profile:
        print("Where the documents' map plan's time goes (cProfile, 50 runs, by own time):")
        print(profile(lambda _i: map_plan(application), 50))
        print("Where the cold build's time goes (cProfile, 1 run, by own time):")
        print(profile(lambda _i: cold_build(1), 1))
    return 0


def map_plan(application) -> None:
    from permits.models import Application
    from permits.site_map_plan import site_map_plan

    site_map_plan(Application.objects.get(pk=application.pk))


def map_plan_timing(application, site_list: list[dict], runs: int) -> Timing:
    """(d): each site screened once, then its map plan read ``runs / SITES`` times."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from permits.models import Application
    from permits.screening import screening_refresh
    from permits.site_map_plan import site_map_plan

    seconds, queries = [], Counter()
    for site in site_list:
        with transaction.atomic():
            application.site_geometry = site
            screening_refresh(application)
            for _ in range(max(1, runs // len(site_list))):
                fresh = Application.objects.get(pk=application.pk)  # no cached screening
                with CaptureQueriesContext(connection) as captured:
                    started = perf_counter()
                    site_map_plan(fresh)
                    seconds.append(perf_counter() - started)
                queries[len(captured)] += 1
    return Timing("(d) site_map_plan (the documents' map)", seconds, queries)


if __name__ == "__main__":
    sys.exit(main())
