"""Supervision after approval at scale (issue 29): the holder's and the agency's lists of
obligations, inspections and rectifications, and the tick over the open obligations.

    python bench/supervision_bench.py                                 # SQLite, temporary file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x python bench/supervision_bench.py \
        --sizes 1000 1000000

Builds a fresh database (SQLite: a temporary file; PostgreSQL: ``permits_supervision_bench``,
dropped and created, whatever database the URL names), seeds the demo (its users, and its
applications in every state: the approved ones with their obligations, filings, inspections
and a rectification), runs the tick once so that the demo's own due work is done, then copies
the demo's applications until each size is reached: every copy has the rows of its template
(the application and its type's row, its object permissions, obligations, filings,
inspections with their inspectors, rectifications), under new ids. One copy in eleven is seen
by the demo's own agencies and organisations; the others by stand-in groups of the same shape
(as if they were the other districts' files), so that the demo users see about what a district
sees of a database of that size. Not copied: processes, tasks, clocks, documents, audit events
(the lists do not read them; copied rows point at their template's documents; a copied filing
awaiting review is marked reviewed, having no review task).

At each size it times, for the demo's holder (``applicant_my``) and the 密云 reviewer
(``district_my``), every list as the server answers it (median and p95 of 20 requests after
3 warm-ups, pages of 50) and counts its queries, leaving out the session's renewal (a write
once a minute, whatever the list); the counts must not depend on the size (exit 1
otherwise). Then the tick, job by job: at each size with nothing new due (what it reads
whatever the number of open obligations), then with 100 copied obligations made due
yesterday (it must mark exactly those 100 overdue and touch nothing else).
"""

import argparse
import logging
import statistics
import sys
from collections import Counter
from pathlib import Path
from time import perf_counter

sys.path.insert(0, str(Path(__file__).resolve().parent))

import queue_bench as qb  # noqa: E402  (the database set-up and timing helpers)

qb.BENCH_DATABASE = "permits_supervision_bench"
SIZES = (1_000, 20_000)
WARMUPS, REQUESTS = 3, 20
MADE_DUE = 100
SHARE = 11  # the demo's agencies and organisations see one copy in SHARE

# (user, URL): the holder's and the 密云 agency's lists, API and web.
LISTS = [
    ("applicant_my", "/api/v1/obligations/"),
    ("applicant_my", "/api/v1/rectifications/"),
    ("applicant_my", "/obligations/"),
    ("district_my", "/api/v1/obligations/"),
    ("district_my", "/api/v1/obligations/overdue/"),
    ("district_my", "/api/v1/inspections/"),
    ("district_my", "/api/v1/rectifications/"),
    ("district_my", "/obligations/"),
    ("district_my", "/inspections/"),
    # The public side (product.md §19 P1, P3): the published decisions (no login) and the
    # appraisal of the agencies of Beijing for the quarter of the seeding.
    ("anonymous", "/api/v1/public/decisions/"),
    ("district_my", "/api/v1/appraisal/"),
]


def check(condition: bool, message: str) -> None:
    """A verification failure ends the run (exit 1): figures of a wrong load mean nothing."""
    if not condition:
        sys.exit(f"supervision_bench: {message}")


# ------------------------------------------------------------------------------ copies


def copied_models():
    """The models copied with each application, parents before children."""
    from documents.models import Certificate
    from permits.models import (
        Application,
        ApplicationGroupObjectPermission,
        ApplicationUserObjectPermission,
        Filing,
        IntroductionApplication,
        Obligation,
        OccupationRequest,
        TendingDesign,
    )
    from public.models import Publication
    from supervision.models import Inspection, Rectification
    from workflows.models import StepClock

    return [
        Application,
        TendingDesign,
        OccupationRequest,
        IntroductionApplication,
        ApplicationGroupObjectPermission,
        ApplicationUserObjectPermission,
        Obligation,
        Filing,
        Inspection,
        Inspection.inspectors.through,
        Rectification,
        StepClock,
        Certificate,
        Publication,
    ]


class Copier:
    """Copies of the template rows (every row at the start): copy ``k`` of a row whose id is
    ``i`` has the id ``i + k * stride`` of its table, and so do its foreign keys to copied
    tables, which keeps every copy's rows pointing at each other without a lookup. Tables whose
    ids nothing points at (permissions, the inspectors' table) take new ids from their
    sequence."""

    def __init__(self) -> None:
        from permits.models import Application

        self.models = copied_models()
        self.templates = {m: _max_id(m) for m in self.models}
        self.strides = {m: self.templates[m] + 1 for m in self.models}
        self.templates_count = Application.objects.count()
        self.copies = 0
        self.shadows = _shadow_groups()

    def grow_to(self, size: int) -> None:
        """Copies until there are at least ``size`` applications."""
        from django.core.management.color import no_style
        from django.db import connection, transaction

        from permits.models import Filing

        wanted = max(0, -(-(size - self.templates_count) // self.templates_count))
        new = range(self.copies + 1, wanted + 1)
        if not new:
            return
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                qb._skip_foreign_key_checks(cursor)
            cursor.execute("CREATE TEMPORARY TABLE IF NOT EXISTS bench_copy (k integer)")
            cursor.execute("DELETE FROM bench_copy")
            cursor.executemany("INSERT INTO bench_copy VALUES (%s)", [(k,) for k in new])
            cursor.execute("CREATE TEMPORARY TABLE IF NOT EXISTS bench_group (old int, new int)")
            cursor.execute("DELETE FROM bench_group")
            cursor.executemany("INSERT INTO bench_group VALUES (%s, %s)", self.shadows.items())
            for model in self.models:
                cursor.execute(self._copy_sql(model))
            # A copy has no review process: a copied filing awaiting review is marked
            # reviewed, or the tick would start its review (a filing made before reviews were
            # tasks looks the same).
            filing = Filing._meta.db_table
            cursor.execute(
                f'UPDATE "{filing}" SET reviewed_at = filed_at'  # noqa: S608 (model metadata)
                f" WHERE reviewed_at IS NULL AND id > {self.templates[Filing]}"
            )
            cursor.execute("DROP TABLE bench_copy")
            cursor.execute("DROP TABLE bench_group")
            for statement in connection.ops.sequence_reset_sql(no_style(), self.models):
                cursor.execute(statement)
        self.copies = wanted

    def _copy_sql(self, model) -> str:
        table = model._meta.db_table
        fields = model._meta.local_concrete_fields
        own = next(f for f in fields if f.primary_key)
        shifted = {own.column: model} if own.remote_field is None else {}
        for field in fields:
            target = field.related_model if field.is_relation else None
            if target is not None and target in self.strides:
                shifted[field.column] = target
        identity = own.remote_field is None and not _pointed_at(model, self.models)
        columns, values = [], []
        for field in fields:
            if field is own and identity:
                continue  # a new id from the sequence
            columns.append(f'"{field.column}"')
            if field.column in shifted:
                stride = self.strides[shifted[field.column]]
                values.append(f's."{field.column}" + c.k * {stride}')
            elif field.column == "group_id":
                # One copy in SHARE for the template's group, the others for its stand-in.
                values.append(
                    f"CASE WHEN c.k % {SHARE} = 0 THEN s.group_id ELSE"  # noqa: S608 (a constant)
                    " (SELECT b.new FROM bench_group b WHERE b.old = s.group_id) END"
                )
            elif field.name in ("reference", "number") and field.unique:
                values.append(f"'BENCH-' || (s.\"{own.column}\" + c.k * {self.strides[model]})")
            else:
                values.append(f's."{field.column}"')
        limit = self.templates[model]
        # A user's own permissions go with the copies the template's users see, no others.
        user_permission = model.__name__ == "ApplicationUserObjectPermission"
        seen = f" AND c.k % {SHARE} = 0" if user_permission else ""
        return (
            f'INSERT INTO "{table}" ({", ".join(columns)}) '  # noqa: S608 (model metadata)
            f'SELECT {", ".join(values)} FROM "{table}" s CROSS JOIN bench_copy c '
            f'WHERE s."{own.column}" <= {limit}{seen}'
        )


def _shadow_groups() -> dict[int, int]:
    """A stand-in group for every group holding application permissions: {group: stand-in}."""
    from django.contrib.auth.models import Group

    from permits.models import ApplicationGroupObjectPermission

    holding = ApplicationGroupObjectPermission.objects.values_list("group_id", flat=True)
    return {
        group.pk: Group.objects.create(name=f"bench stand-in {group.pk}").pk
        for group in Group.objects.filter(pk__in=holding.distinct())
    }


def _max_id(model) -> int:
    from django.db.models import Max

    pk = model._meta.pk.attname
    return model._base_manager.aggregate(top=Max(pk))["top"] or 0


def _pointed_at(model, models) -> bool:
    """Does any copied model hold a foreign key to ``model``?"""
    return any(
        f.is_relation and f.related_model is model and f.concrete
        for other in models
        for f in other._meta.local_concrete_fields
    )


# ------------------------------------------------------------------------------ lists


def list_request(username: str, url: str):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    if username != "anonymous":  # the public: no login
        client.force_login(get_user_model().objects.get(username=username))
    probe = client.get(url)
    check(probe.status_code == 200, f"{username} GET {url} answered {probe.status_code}")

    def request():
        response = client.get(url)
        check(response.status_code == 200, f"GET {url} answered {response.status_code}")
        return response

    return request, (probe.json().get("count") if url.startswith("/api/") else None)


def measure(request) -> tuple[list[float], Counter]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARMUPS):
        request()
    seconds, queries = [], Counter()
    for _ in range(REQUESTS):
        with CaptureQueriesContext(connection) as captured:
            started = perf_counter()
            request()
            seconds.append(perf_counter() - started)
        queries[len([q for q in captured.captured_queries if not _renewal(q["sql"])])] += 1
    return seconds, queries


def _renewal(sql: str) -> bool:
    """The session's renewal (SESSION_RENEW_SECONDS) and its transaction."""
    return sql.startswith(('UPDATE "django_session"', "BEGIN", "COMMIT"))


# ------------------------------------------------------------------------------- tick


def tick_measured(now) -> tuple[dict[str, int], dict[str, float], dict[str, int]]:
    """One tick as of ``now``, job by job: what each did, its seconds and its queries. Every
    tick of a run is as of the instant the demo was settled: a day that turns meanwhile (in
    Beijing) would make new work due."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from workflows.tick import jobs

    done, seconds, queries = {}, {}, {}
    for name, job in jobs():
        with CaptureQueriesContext(connection) as captured:
            started = perf_counter()
            done[name] = job(now)
            seconds[name] = perf_counter() - started
        queries[name] = len(captured)
    return done, seconds, queries


def obligations_make_due(count: int, now) -> list[int]:
    """``count`` open copied obligations of approved permits, due the day before ``now``."""
    from datetime import timedelta

    from django.utils import timezone

    from permits.choices import REPORTABLE_STATUSES, ObligationStatus
    from permits.models import Obligation

    chosen = list(
        Obligation.objects.filter(
            status=ObligationStatus.OPEN,
            application__status__in=REPORTABLE_STATUSES,
            application__reference__startswith="BENCH-",
        )
        .order_by("-pk")
        .values_list("pk", flat=True)[:count]
    )
    check(len(chosen) == count, f"only {len(chosen)} open obligations to make due")
    yesterday = timezone.localdate(now) - timedelta(days=1)
    Obligation.objects.filter(pk__in=chosen).update(due_date=yesterday)
    return chosen


def explain_due() -> str:
    """The plan of the overdue job's read, on PostgreSQL."""
    from django.db import connection
    from django.utils import timezone

    from permits.choices import REPORTABLE_STATUSES, ObligationStatus
    from permits.models import Obligation

    if connection.vendor != "postgresql":
        return ""
    rows = Obligation.objects.filter(
        status__in=(ObligationStatus.OPEN, ObligationStatus.RETURNED),
        due_date__lt=timezone.localdate(),
        application__status__in=REPORTABLE_STATUSES,
    ).values_list("pk", flat=True)
    return rows.explain()


# ------------------------------------------------------------------------------ main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=SIZES, metavar="N")
    arguments = parser.parse_args()
    sizes = sorted(arguments.sizes)
    description = qb.django_setup()
    logging.getLogger("axes").setLevel(logging.WARNING)  # a line per force_login otherwise

    from django.core.management import call_command

    from permits.choices import ObligationStatus
    from permits.models import Application, Obligation
    from public.appraisal import appraisals_refresh
    from public.models import AppraisalSnapshot
    from supervision.models import Inspection, Rectification

    print(f"supervision_bench: {description}")
    started = perf_counter()
    call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    from django.utils import timezone

    now = timezone.now()
    settled, _seconds, _queries = tick_measured(now)
    print(f"  demo seeded and ticked in {perf_counter() - started:.1f} s: {settled}")
    copier = Copier()
    check(copier.templates_count <= sizes[0], f"sizes start at {copier.templates_count}")

    results = []
    for size in sizes:
        started = perf_counter()
        copier.grow_to(size)
        qb.analyze()
        counts = {
            "applications": Application.objects.count(),
            "open obligations": Obligation.objects.filter(status=ObligationStatus.OPEN).count(),
            "obligations": Obligation.objects.count(),
            "inspections": Inspection.objects.count(),
            "rectifications": Rectification.objects.count(),
        }
        print(
            f"  grown in {perf_counter() - started:.1f} s: "
            + ", ".join(f"{n:,} {what}" for what, n in counts.items()),
            flush=True,
        )
        # The appraisal is read from the tick's snapshots: computed again here, over the copies,
        # before it is read (what the job costs the tick at this size).
        AppraisalSnapshot.objects.all().delete()
        started = perf_counter()
        stored = appraisals_refresh(now)
        print(
            f"    the tick's appraisals computed ({stored} snapshots) in "
            f"{perf_counter() - started:.1f} s",
            flush=True,
        )
        rows = []
        for username, url in LISTS:
            request, listed = list_request(username, url)
            seconds, queries = measure(request)
            rows.append((username, url, listed, seconds, queries))
            print(f"    {line(username, url, listed, seconds, queries)}", flush=True)
        done, tick_seconds, tick_queries = tick_measured(now)
        busy = {name: n for name, n in done.items() if n}
        check(not busy, f"a tick with nothing due did {busy}")
        print(
            f"    tick, nothing due: {sum(tick_seconds.values()) * 1000:.0f} ms, "
            f"{sum(tick_queries.values())} queries; slowest jobs: "
            + ", ".join(
                f"{name} {tick_seconds[name] * 1000:.1f} ms"
                for name in sorted(tick_seconds, key=tick_seconds.get, reverse=True)[:3]
            ),
            flush=True,
        )
        results.append((size, counts, rows, tick_seconds, tick_queries))

    made_due = obligations_make_due(MADE_DUE, now)
    done, tick_seconds, tick_queries = tick_measured(now)
    overdue = Obligation.objects.filter(pk__in=made_due, status=ObligationStatus.OVERDUE).count()
    check(done.get("overdue obligations") == MADE_DUE, f"the tick did {done}")
    check(overdue == MADE_DUE, f"{overdue} of the {MADE_DUE} obligations made due are overdue")
    print(
        f"  tick with {MADE_DUE} obligations due: {done} in "
        f"{sum(tick_seconds.values()) * 1000:.0f} ms, {sum(tick_queries.values())} queries"
    )
    plan = explain_due()
    if plan:
        print("  the overdue job's read (PostgreSQL's plan):")
        print("    " + plan.replace("\n", "\n    "))

    print()
    print(f"{'user':<13} {'list':<30} " + "".join(f"{s:>22,}" for s in sizes))
    equal = True
    for i, (username, url) in enumerate(LISTS):
        cells = []
        query_sets = []
        for _size, _counts, rows, *_tick in results:
            _u, _url, _listed, seconds, queries = rows[i]
            query_sets.append(set(queries))
            cells.append(
                f"{statistics.median(seconds) * 1000:>7.1f} ms {qb.p95(seconds) * 1000:>6.1f} "
                f"{','.join(map(str, sorted(queries))):>4}q"
            )
        same = all(len(q) == 1 for q in query_sets) and len(set.union(*query_sets)) == 1
        equal &= same
        print(f"{username:<13} {url:<30} " + "".join(f"{c:>22}" for c in cells))
    tick_counts = [sum(q.values()) for *_rest, _seconds, q in results]
    print(
        f"{'tick':<13} {'nothing due':<30} "
        + "".join(
            f"{sum(s.values()) * 1000:>11.0f} ms {sum(q.values()):>6}q" for *_rest, s, q in results
        )
    )
    for name in results[0][4]:
        print(
            f"{'':<13} {name:<30} "
            + "".join(f"{s[name] * 1000:>11.1f} ms {q[name]:>6}q" for *_rest, s, q in results)
        )
    print(f"list query counts equal at every size: {'yes' if equal else 'NO'}")
    print(f"tick query counts equal at every size: {'yes' if len(set(tick_counts)) == 1 else 'NO'}")
    return 0 if equal and len(set(tick_counts)) == 1 else 1


def line(username, url, listed, seconds, queries) -> str:
    count = f"{listed:,} listed" if listed is not None else "page"
    return (
        f"{username:<13} {url:<30} {count:>16}  median {statistics.median(seconds) * 1000:.1f} ms"
        f"  p95 {qb.p95(seconds) * 1000:.1f} ms  queries {','.join(map(str, sorted(queries)))}"
    )


if __name__ == "__main__":
    sys.exit(main())
