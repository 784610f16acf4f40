"""Importing and matching a year's change patches (issue 48, "Speed"; goal: under 10 minutes
and 1 GB for 100,000 patches, the matching off the request path).

    python bench/watch_bench.py                                  # 100,000 patches, 200,000 permits
    python bench/watch_bench.py --patches 20000 --applications 50000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x python bench/watch_bench.py

Builds a fresh database as queue_bench.py does (PostgreSQL: ``permits_watch_bench``), loads
the reference data, then writes ``--applications`` granted permits of 1–8 ha over Beijing
(the rows the matching reads: the application's base row with its site, status, decision
day and period; bulk-inserted, not through the review) and a GeoJSON file of ``--patches``
patches of 0.2–3 ha (a tenth of them on a permit's land, some beyond it). It times:

  (a) ``forest_watch.imports.patch_layer_import`` of the file: read, checked, stored, and
      (without a Celery broker) the matching it queues, run in this process after the commit;
  (b) ``forest_watch.matching.patch_layer_match`` again, alone: the STRtree over the patches
      queried with the permits a chunk at a time, the classification and the assignment;

and prints the seconds of each, the classification counts, and the process's peak resident
memory (``ru_maxrss``: everything the process held, the file and Django included).
"""

import argparse
import json
import math
import random
import resource
import sys
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from time import perf_counter

sys.path.insert(0, str(Path(__file__).resolve().parent))

import queue_bench as qb  # noqa: E402  (the database set-up)

qb.BENCH_DATABASE = "permits_watch_bench"
BEIJING = (115.60, 39.60, 117.30, 40.90)  # west, south, east, north, away from the edges
SEED = 20261128
BATCH = 5_000


def square(lon: float, lat: float, area_ha: float) -> dict:
    side_m = math.sqrt(area_ha * 10_000)
    dlat = side_m / 110_950
    dlon = side_m / (111_320 * math.cos(math.radians(lat)))
    ring = [[lon, lat], [lon + dlon, lat], [lon + dlon, lat + dlat], [lon, lat + dlat], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def permits_load(count: int, rng: random.Random) -> list[tuple[float, float, float]]:
    """``count`` granted permits over Beijing, bulk-inserted; their south-west corners."""
    from django.contrib.auth.models import User
    from django.db import transaction
    from django.utils import timezone

    from permits.models import Application
    from roles.models import District, Organisation

    district = District.objects.get(pk="110118")
    organisation = Organisation.objects.filter(district=district).first()
    author = User.objects.filter(username="applicant_110118").first()
    decided = timezone.make_aware(datetime(2026, 3, 2, 10))
    corners = []
    west, south, east, north = BEIJING
    for start in range(0, count, BATCH):
        rows = []
        for n in range(start, min(start + BATCH, count)):
            lon, lat, ha = rng.uniform(west, east), rng.uniform(south, north), rng.uniform(1, 8)
            corners.append((lon, lat, ha))
            rows.append(
                Application(
                    kind="tending",
                    reference=f"TD-2026-{n:07d}",
                    status="approved",
                    jurisdiction_id="110000",
                    district=district,
                    organisation=organisation,
                    created_by=author,
                    site_geometry=square(lon, lat, ha),
                    decided_at=decided,
                    valid_until=date(2026, 11, 30),
                )
            )
        with transaction.atomic():
            Application.objects.bulk_create(rows, batch_size=1000)
    return corners


def patches_file(
    count: int, permits: list[tuple[float, float, float]], rng: random.Random
) -> bytes:
    """A tenth of the patches on a permit's land (half of those within it, half beyond it),
    the others anywhere; a few fires."""
    west, south, east, north = BEIJING
    features = []
    for n in range(count):
        if n % 10 == 0 and permits:
            lon, lat, ha = permits[rng.randrange(len(permits))]
            area = ha * (0.5 if n % 20 == 0 else 2.5)
        else:
            lon, lat, area = rng.uniform(west, east), rng.uniform(south, north), rng.uniform(0.2, 3)
        features.append(
            {
                "type": "Feature",
                "geometry": square(lon, lat, area),
                "properties": {
                    "number": f"BJ-{n:06d}",
                    "county": "110118",
                    "before_date": "2026-02-01",
                    "after_date": "2026-06-01",
                    "change_type": "fire" if n % 50 == 7 else "felling",
                    "area_ha": f"{area:.4f}",
                    "land_class": "乔木林地",
                },
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patches", type=int, default=100_000)
    parser.add_argument("--applications", type=int, default=200_000)
    args = parser.parse_args()
    description = qb.django_setup()
    qb.seed_people()
    rng = random.Random(SEED)

    from forest_watch.imports import patch_layer_import
    from forest_watch.matching import patch_layer_match
    from forest_watch.models import Patch
    from roles.models import Jurisdiction
    from zones.imports import ImportFile

    started = perf_counter()
    permits = permits_load(args.applications, rng)
    loaded = perf_counter() - started
    data = patches_file(args.patches, permits, rng)
    print(
        f"{description}: {args.applications:,} permits loaded in {loaded:.1f} s; "
        f"patch file {len(data) / 2**20:.1f} MB"
    )
    del permits

    started = perf_counter()
    layer = patch_layer_import(
        file=ImportFile(
            jurisdiction=Jurisdiction.objects.get(pk="110000"),
            source="bench",
            data=data,
            file_name="bench.geojson",
        ),
        year=2026,
    )
    imported = perf_counter() - started
    del data
    print(
        f"(a) import of {args.patches:,} patches, then its matching after the commit: "
        f"{imported:.1f} s (peak {peak_mb():.0f} MB)"
    )

    started = perf_counter()
    matched = patch_layer_match(layer.pk)
    matching = perf_counter() - started
    print(
        f"(b) the matching alone against {args.applications:,} permits: {matching:.1f} s "
        f"({matched:,} patches; peak {peak_mb():.0f} MB)"
    )
    counts = Counter(Patch.objects.filter(layer=layer).values_list("classification", flat=True))
    print("    classified:", dict(sorted(counts.items())))
    total = imported  # (a) holds the matching: (b) ran it again to time it alone
    print(
        f"import and matching {total:.1f} s (the import alone {imported - matching:.1f} s), "
        f"peak resident memory {peak_mb():.0f} MB "
        f"(goal: under 600 s and 1024 MB)"
    )
    return 0 if total < 600 and peak_mb() < 1024 else 1


if __name__ == "__main__":
    sys.exit(main())
