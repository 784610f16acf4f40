"""Importing and matching a year's change patches (issue 48, "Speed"; goal: under 10 minutes
and 1 GB for 100,000 patches, the matching off the request path).

    python bench/watch_bench.py                                  # 100,000 patches, 200,000 permits
    python bench/watch_bench.py --patches 20000 --permits 50000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x python bench/watch_bench.py \
        --permits 1000000 --patches 100000

Builds a fresh database as queue_bench.py does (PostgreSQL: ``permits_watch_bench``), loads
the reference data, then writes ``--permits`` (``--applications``) granted permits of 1–8 ha
over Beijing (the rows the matching reads: the application's base row with its site, status,
decision day and period; not through the review: ``COPY`` on PostgreSQL, ``bulk_create`` on
SQLite) and a GeoJSON file of ``--patches`` patches of 0.2–3 ha over Beijing's ten districts
(a tenth of them on a permit's land, some beyond it). It times:

It times:

  (a) ``forest_watch.imports.patch_layer_import`` of the file: read, checked, stored, and
      (without a Celery broker) the matching it queues, run in this process after the commit;
  (b) ``forest_watch.matching.patch_layer_match`` again, alone: the STRtree over the patches
      queried with the permits a chunk at a time, the classification and the assignment;

and prints the seconds (wall and this process's CPU) of each, the classification counts, and
the process's peak resident memory since the set-up (VmHWM, reset after the set-up and before
(b): everything the process held, the file and Django included). Then it adds ``--cases``
enforcement cases of 密云 and times the 密云 reviewer's lists (patches and cases, API and
page: median ms and queries) and, on PostgreSQL, EXPLAINs the patch reads.
"""

import argparse
import contextlib
import copy
import json
import math
import random
import resource
import sys
from array import array
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
# The patches' counties: Beijing's districts of the reference data, 密云 (110118) one in ten.
COUNTIES = tuple(code for code in qb.TOWNSHIPS if code.startswith("11"))


def square(lon: float, lat: float, area_ha: float) -> dict:
    side_m = math.sqrt(area_ha * 10_000)
    dlat = side_m / 110_950
    dlon = side_m / (111_320 * math.cos(math.radians(lat)))
    ring = [[lon, lat], [lon + dlon, lat], [lon + dlon, lat + dlat], [lon, lat + dlat], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def permits_load(count: int, rng: random.Random) -> array:
    """``count`` granted permits over Beijing; their south-west corners and areas, flat
    (lon, lat, ha, lon, …: 24 MB at a million). PostgreSQL: ``COPY`` of the rows a template
    row prepares (the set-up only: 1,000,000 in minutes rather than the hour ``bulk_create``
    takes); SQLite: ``bulk_create``."""
    from django.contrib.auth.models import User
    from django.db import connection, transaction
    from django.utils import timezone

    from permits.models import Application
    from roles.models import District, Organisation

    district = District.objects.get(pk="110118")
    template = Application(
        kind="tending",
        reference="",
        status="approved",
        jurisdiction_id="110000",
        district=district,
        organisation=Organisation.objects.filter(district=district).first(),
        created_by=User.objects.filter(username="applicant_110118").first(),
        site_geometry=None,
        decided_at=timezone.make_aware(datetime(2026, 3, 2, 10)),
        valid_until=date(2026, 11, 30),
    )
    corners = array("d")
    west, south, east, north = BEIJING

    def sites(start: int, stop: int):
        for n in range(start, stop):
            lon, lat, ha = rng.uniform(west, east), rng.uniform(south, north), rng.uniform(1, 8)
            corners.extend((lon, lat, ha))
            yield f"TD-2026-{n:07d}", square(lon, lat, ha)

    if connection.vendor != "postgresql":
        for start in range(0, count, BATCH):
            rows = []
            for reference, site in sites(start, min(start + BATCH, count)):
                row = copy.copy(template)
                row.reference, row.site_geometry = reference, site
                rows.append(row)
            with transaction.atomic():
                Application.objects.bulk_create(rows, batch_size=1000)
        return corners

    fields = [f for f in Application._meta.concrete_fields if not f.primary_key]
    prepared = [f.get_db_prep_save(f.pre_save(template, add=True), connection) for f in fields]
    at = {f.name: i for i, f in enumerate(fields)}
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(Application._meta.db_table)
    copy_sql = f"COPY {table} ({columns}) FROM STDIN"
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        cursor.cursor.copy(copy_sql) as stream,
    ):
        for reference, site in sites(0, count):
            row = list(prepared)
            row[at["reference"]] = reference
            row[at["site_geometry"]] = json.dumps(site)
            stream.write_row(row)
    return corners


def patches_file(count: int, permits: array, rng: random.Random) -> bytes:
    """A tenth of the patches on a permit's land (half of those within it, half beyond it),
    the others anywhere; a few fires."""
    west, south, east, north = BEIJING
    features = []
    for n in range(count):
        if n % 10 == 0 and permits:
            at = 3 * rng.randrange(len(permits) // 3)
            lon, lat, ha = permits[at : at + 3]
            area = ha * (0.5 if n % 20 == 0 else 2.5)
        else:
            lon, lat, area = rng.uniform(west, east), rng.uniform(south, north), rng.uniform(0.2, 3)
        features.append(
            {
                "type": "Feature",
                "geometry": square(lon, lat, area),
                "properties": {
                    "number": f"BJ-{n:06d}",
                    "county": COUNTIES[n % len(COUNTIES)],
                    "before_date": "2026-02-01",
                    "after_date": "2026-06-01",
                    "change_type": "fire" if n % 50 == 7 else "felling",
                    "area_ha": f"{area:.4f}",
                    "land_class": "乔木林地",
                },
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def peak_reset() -> None:
    """Forget the set-up's peak (Linux: ``clear_refs`` 5 resets VmHWM), so that the peak
    printed is the measured steps'; elsewhere ``ru_maxrss``, the set-up's included."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def peak_mb() -> float:
    """The process's peak resident memory since ``peak_reset`` (VmHWM), in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def cpu_s() -> float:
    """This process's CPU seconds (user and system): on a shared machine the wall time grows
    with the others' load, this does not (the database server's own time is not in it)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def cases_load(count: int) -> None:
    """``count`` enforcement cases of 密云 opened from the bench's patches (the case list's
    rows; bulk-inserted, the set-up only)."""
    from django.contrib.auth.models import User

    from enforcement.models import Case, CaseSource
    from forest_watch.models import Patch
    from roles.models import Agency

    agency = Agency.objects.get(code=qb.REVIEWER_AGENCY)
    by = User.objects.get(username="district_my")
    patches = Patch.objects.order_by("pk").values_list("pk", flat=True)[:count]
    rows = [
        Case(
            number=f"密林罚立〔2026〕{n + 1}号",
            agency=agency,
            source=CaseSource.PATCH,
            source_id=str(pk),
            facts="bench",
            opened_by=by,
            register_due=date(2026, 7, 1),
        )
        for n, pk in enumerate(patches)
    ]
    Case.objects.bulk_create(rows, batch_size=1000)


LISTS = ("/api/v1/patches/", "/patches/", "/api/v1/cases/", "/cases/")
WARMUPS, REQUESTS = 3, 10


def lists_measure() -> None:
    """Each list of the 密云 reviewer (test Client, first page): median ms and its queries."""
    import logging
    import statistics

    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    logging.getLogger("axes").setLevel(logging.WARNING)
    client = Client()
    client.force_login(User.objects.get(username="district_my"))
    for url in LISTS:
        for _ in range(WARMUPS):
            qb.check(client.get(url).status_code == 200, f"GET {url} did not answer 200")
        seconds, queries = [], Counter()
        for _ in range(REQUESTS):
            with CaptureQueriesContext(connection) as captured:
                started = perf_counter()
                client.get(url)
                seconds.append(perf_counter() - started)
            queries[len(captured)] += 1
        print(
            f"    GET {url}: median {statistics.median(seconds) * 1000:.1f} ms, "
            f"queries {dict(queries)}"
        )


def explain(what: str, read) -> None:
    """EXPLAIN ANALYZE of the query on the patch table that ``read`` runs (PostgreSQL)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        return
    with CaptureQueriesContext(connection) as captured:
        read()
    sql = [q["sql"] for q in captured.captured_queries if '"forest_watch_patch"' in q["sql"]][-1]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {sql}")
        plan = "\n      ".join(row[0] for row in cursor.fetchall())
    print(f"    EXPLAIN {what}:\n      {plan}")


def plans_show() -> None:
    """The plans of the reads on patches by agency, status and deadline: the desk's waiting
    patches (``patches_waiting``), the appraisal's patches due in a quarter, the list's page."""
    from django.contrib.auth.models import User

    from forest_watch.models import Patch
    from forest_watch.selectors import patches_listed, patches_waiting
    from public.appraisal import Quarter, _patches
    from roles.models import Agency

    reviewer = User.objects.get(username="district_my")
    explain("the desk's patches waiting (patches_waiting)", lambda: patches_waiting(reviewer))
    explain(
        "the patch list's first page (patches_listed)",
        lambda: list(patches_listed(reviewer, {})[:50]),
    )
    due = Patch.objects.exclude(due_date=None).values_list("due_date", flat=True).first()
    if due is not None:
        agency = Agency.objects.get(code=qb.REVIEWER_AGENCY)
        explain(
            "the appraisal's patches due in a quarter (public.appraisal._patches)",
            lambda: _patches([agency.pk], Quarter.of(due)),
        )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patches", type=int, default=100_000)
    parser.add_argument("--applications", "--permits", type=int, default=200_000)
    parser.add_argument("--cases", type=int, default=5_000, help="enforcement cases listed")
    parser.add_argument(
        "--no-rematch", action="store_true", help="skip (b), the matching timed alone"
    )
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
    qb.analyze()
    peak_reset()

    started, cpu_started = perf_counter(), cpu_s()
    layer = patch_layer_import(
        file=ImportFile(
            jurisdiction=Jurisdiction.objects.get(pk="110000"),
            source="bench",
            data=data,
            file_name="bench.geojson",
        ),
        year=2026,
    )
    imported, imported_cpu = perf_counter() - started, cpu_s() - cpu_started
    del data
    print(
        f"(a) import of {args.patches:,} patches, then its matching after the commit: "
        f"{imported:.1f} s, CPU {imported_cpu:.1f} s (peak {peak_mb():.0f} MB)"
    )

    matching, peak = 0.0, peak_mb()
    if not args.no_rematch:
        peak_reset()  # (b)'s own peak
        started, cpu_started = perf_counter(), cpu_s()
        matched = patch_layer_match(layer.pk)
        matching = perf_counter() - started
        print(
            f"(b) the matching alone against {args.applications:,} permits: {matching:.1f} s, "
            f"CPU {cpu_s() - cpu_started:.1f} s ({matched:,} patches; peak {peak_mb():.0f} MB)"
        )
    counts = Counter(Patch.objects.filter(layer=layer).values_list("classification", flat=True))
    print("    classified:", dict(sorted(counts.items())))
    total, peak = imported, max(peak, peak_mb())  # (a) holds the matching: (b) ran it alone
    alone = f" (the import alone {imported - matching:.1f} s)" if matching else ""
    print(
        f"import and matching {total:.1f} s{alone}, peak resident memory {peak:.0f} MB "
        f"(goal: under 600 s and 1024 MB)"
    )
    cases_load(args.cases)
    qb.analyze()
    print(f"the 密云 reviewer's lists ({args.cases:,} cases of 密云):")
    lists_measure()
    plans_show()
    return 0 if total < 600 and peak < 1024 else 1


if __name__ == "__main__":
    sys.exit(main())
