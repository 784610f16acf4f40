"""The district reviewer's work queue at 1,000 and 20,000 applications (``make bench``), or
at the sizes given.

    python bench/queue_bench.py                                   # SQLite, temporary file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/permits_bench python bench/queue_bench.py
    DATABASE_URL=postgres://... python bench/queue_bench.py --sizes 1000 100000 1000000

Builds a fresh database (SQLite: a temporary file; PostgreSQL: the database ``permits_bench`` on
the server DATABASE_URL names, dropped and created, whatever database the URL names), migrates
it, seeds the reference data and the 密云 reviewer, then grows the number of applications with
an open district_review task to each size, spread over all eleven districts (PostgreSQL clones
the rows in SQL, then VACUUM ANALYZE; SQLite through the ORM). At each size it checks that the
reviewer's queue holds exactly the 密云 tasks, then times the queue as the server answers it
(median and p95 of 30 requests after 3 warm-ups) and counts its SQL queries. The query count
must not depend on the number of applications: the script exits 1 otherwise.

See bench/README.md for the figures and what they mean.
"""

import argparse
import atexit
import json
import os
import shutil
import statistics
import sys
import tempfile
from collections import Counter
from datetime import timedelta
from pathlib import Path
from time import perf_counter
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "permits_bench"
SIZES = (1_000, 20_000)
THROUGH_SERVICES_PER_DISTRICT = 2
WARMUPS, REQUESTS, PAGE_SIZE = 3, 30, 50
QUEUE_URL = "/api/v1/tasks/?queue=queue"
REVIEWER_AGENCY = "110118-forestry"  # 密云区园林绿化局
POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql")

# One township per district, for the applications made through the services.
TOWNSHIPS = {
    "110108": "苏家坨镇",
    "110109": "清水镇",
    "110111": "霞云岭乡",
    "110113": "龙湾屯镇",
    "110114": "流村镇",
    "110115": "长子营镇",
    "110116": "喇叭沟门满族乡",
    "110117": "镇罗营镇",
    "110118": "不老屯镇",
    "110119": "千家店镇",
    "120119": "下营镇",
}


# ------------------------------------------------------------------------ the database


def bench_database_url() -> tuple[str, str]:
    """(DATABASE_URL for Django, a description); PostgreSQL's bench database is recreated."""
    given = os.environ.get("DATABASE_URL", "")
    scheme = urlsplit(given).scheme
    if scheme in POSTGRES_SCHEMES:
        url = urlunsplit(urlsplit(given)._replace(scheme="postgresql", path=f"/{BENCH_DATABASE}"))
        postgres_recreate(url)
        return url, f"PostgreSQL {urlsplit(url).hostname}/{BENCH_DATABASE}"
    if given and scheme != "sqlite":
        sys.exit(f"queue_bench: unsupported DATABASE_URL scheme {scheme!r}")
    # A fresh file even when DATABASE_URL names an SQLite file: the bench never touches yours.
    path = Path(temporary_directory("queue-bench-")) / "bench.sqlite3"
    return f"sqlite:///{path}", f"SQLite {path}"


def temporary_directory(prefix: str) -> str:
    """Removed when the script ends."""
    directory = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    return directory


def postgres_recreate(url: str) -> None:
    import psycopg
    from psycopg import sql

    maintenance = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    name = sql.Identifier(BENCH_DATABASE)
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(name))


def django_setup() -> str:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    url, description = bench_database_url()
    os.environ["DATABASE_URL"] = url

    import django

    django.setup()

    from django.core.management import call_command
    from django.test.utils import override_settings, setup_test_environment

    setup_test_environment()  # the test Client's host, in-memory mail
    override_settings(MEDIA_ROOT=temporary_directory("queue-bench-media-")).enable()
    call_command("migrate", verbosity=0, interactive=False)
    return description


# ----------------------------------------------------------------------------- data


def seed_people():
    """Reference data, the 密云 reviewer, and one applicant organisation per district."""
    from django.contrib.auth import get_user_model

    from roles import reference as roles_reference
    from roles.models import Agency, District, Organisation, Role
    from roles.services import role_grant
    from workflows import reference as routes_reference

    roles_reference.load()
    routes_reference.load()
    User = get_user_model()
    reviewer = User.objects.create_user("district_my", first_name="张明")
    role_grant(user=reviewer, role=Role.REVIEWER, agency=Agency.objects.get(code=REVIEWER_AGENCY))
    applicants = {}
    for district in District.objects.all():
        organisation = Organisation.objects.create(
            name=f"{district.name}国有林场",
            jurisdiction_id=district.jurisdiction_id,
            district=district,
        )
        applicant = User.objects.create_user(f"applicant_{district.code}", first_name="王林")
        role_grant(user=applicant, role=Role.APPLICANT, organisation=organisation)
        applicants[district] = applicant
    return reviewer, applicants


def square_site(district, number: int, area_ha: float) -> dict:
    """A GeoJSON square of ``area_ha`` hectares, one per district and number, none touching:
    submission needs the site (issue 9); the bench loads no zone layers, so nothing is hit."""
    import math

    west = 115.6 + sorted(TOWNSHIPS).index(district.code) * 0.1
    south = 39.6 + number * 0.01
    side_m = math.sqrt(area_ha * 10_000)
    north = south + side_m / 110_950
    east = west + side_m / (111_320 * math.cos(math.radians((south + north) / 2)))
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def tending_data(district, number: int) -> dict:
    from datetime import date
    from decimal import Decimal

    township = TOWNSHIPS[district.code]
    return {
        "jurisdiction_id": district.jurisdiction_id,
        "district_id": district.code,
        "township": township,
        "village": "第一村",
        "title": f"{township}油松天然林中幼林抚育作业设计（{number}）",
        "contact_name": "王林",
        "contact_phone": "010-69041237",
        "compartments": [f"{number % 60 + 1}-{number % 9 + 1}"],
        "forest_origin": "natural",
        "forest_type": "arbor",
        "age_group": "middle",
        "dominant_species": "油松",
        "canopy_density": Decimal("0.85"),
        "stand_density": 1800,
        "protection_class": "general",
        "operation_type": "young_forest_tending",
        "area_ha": Decimal("12.5"),
        "site_geometry": square_site(district, number, 12.5),
        "start_date": date(2027, 3, 15),
        "end_date": date(2027, 11, 15),
        "funding_source": "tending_subsidy",
        "design_unit": "北京市林业勘察设计院",
    }


def accept(application):
    """Accept (受理) the submission as a reviewer of its district agency would: the queue
    measured is the district review's."""
    from django.contrib.auth import get_user_model

    from permits.access import members_who_may_act
    from roles.models import Role
    from roles.services import role_grant
    from workflows import services as task_services
    from workflows.engine import open_tasks

    task = open_tasks(application=application).get()
    agency = application.district_agency
    reviewer = members_who_may_act(agency_id=agency.pk, permission=task.owner_permission).first()
    if reviewer is None:
        reviewer = get_user_model().objects.create_user(f"reviewer_{agency.code}")
        role_grant(user=reviewer, role=Role.REVIEWER, agency=agency)
    _task, accepted = task_services.task_decide(
        task_id=task.pk, by=reviewer, decision="accept", opinion="予以受理"
    )
    return accepted


def submit_through_services(applicants) -> list:
    """A few applications per district, made exactly as an applicant makes them and accepted:
    the templates whose rows the bulk load copies."""
    from demo.documents import design_document_upload
    from permits import services
    from workflows import services as task_services

    templates = []
    for district, applicant in applicants.items():
        for number in range(THROUGH_SERVICES_PER_DISTRICT):
            draft = services.application_create(
                by=applicant, kind="tending", data=tending_data(district, number)
            )
            services.attachment_add(
                application=draft,
                by=applicant,
                kind="design_document",
                upload=design_document_upload(draft),
            )
            submitted = task_services.application_submit(application=draft, by=applicant)
            templates.append(accept(submitted))
    return templates


class Prototype:
    """Every row the services wrote for one submitted application, to be cloned in bulk.

    Not cloned: its audit events (a hash chain, not a copy), its attachment (a file), the
    reference-number sequence (bulk references use their own range), its acceptance (the
    decision, its notice, the finished acceptance task and gateways: the clone's review task
    follows its start directly) and its acceptance clock. Its district review's clock is cloned
    with the clone's dates.
    """

    def __init__(self, application):
        from django.contrib.contenttypes.models import ContentType
        from viewflow.workflow.models import Task

        from permits.models import ApplicationGroupObjectPermission
        from roles.models import Agency
        from workflows.flows import TendingFlow
        from workflows.models import PermitProcess, StepClock

        self.application = application
        self.process = PermitProcess.objects.get(application_id=application.pk)
        tasks = Task.objects.filter(process=self.process)
        self.start_task = tasks.get(flow_task_type="START")
        self.review_task = tasks.get(flow_task_type="HUMAN", status="NEW")
        self.clock = StepClock.objects.get(task=self.review_task)
        self.permissions = list(
            ApplicationGroupObjectPermission.objects.filter(
                content_object_id=application.pk
            ).values_list("group_id", "permission_id")
        )
        expected = {
            "flow_task": TendingFlow.district_review,
            "status": "NEW",
            "owner_permission": "roles.review_for_agency",
            "owner_permission_content_type_id": ContentType.objects.get_for_model(Agency).pk,
            "owner_permission_obj_pk": str(application.district_agency_id),
        }
        actual = {name: getattr(self.review_task, name) for name in expected}
        check(actual == expected, f"the flow no longer writes what the bench clones: {actual}")


def clone(instance, model, **overrides):
    """A new unsaved ``model`` row with ``instance``'s local column values and ``overrides``."""
    values = {
        f.attname: getattr(instance, f.attname)
        for f in model._meta.local_concrete_fields
        if not f.primary_key
    }
    values.update(overrides)
    return model(**values)


def insert_child_rows(model, rows) -> None:
    """bulk_create refuses multi-table children (TendingDesign, PermitProcess); their parent
    rows already exist, so insert only the child's own columns, as Model.save() does."""
    from django.db import router

    fields = model._meta.local_concrete_fields
    using = router.db_for_write(model)
    for start in range(0, len(rows), 1000):
        model._base_manager._insert(rows[start : start + 1000], fields=fields, using=using)


SPREAD_MINUTES = 90 * 24 * 60  # bulk applications were created over the last 90 days


def bulk_load(prototypes: list[Prototype], count: int, first_number: int) -> None:
    """``count`` more submitted applications with an open district_review task each, cloning
    the prototypes round-robin (so every district gets its share), created over 90 days:
    bulk application ``number`` was created ``number * 37 % SPREAD_MINUTES`` minutes ago.
    PostgreSQL clones in SQL (a million in minutes), other databases through the ORM."""
    from django.db import connection

    if count <= 0:
        return
    if connection.vendor == "postgresql":
        bulk_load_sql(prototypes, count, first_number)
    else:
        bulk_load_orm(prototypes, count, first_number)


def bulk_load_orm(prototypes: list[Prototype], count: int, first_number: int) -> None:
    from django.db import transaction
    from django.utils import timezone
    from viewflow.workflow.models import Process, Task

    from permits.models import Application, ApplicationGroupObjectPermission, TendingDesign
    from workflows.deadlines import add_working_days
    from workflows.models import PermitProcess, StepClock

    now = timezone.now()
    plan = []
    for i in range(count):
        number = first_number + i
        created = now - timedelta(minutes=number * 37 % SPREAD_MINUTES)
        plan.append((prototypes[i % len(prototypes)], number, created))

    with transaction.atomic():
        applications = Application.objects.bulk_create(
            [
                clone(
                    p.application,
                    Application,
                    reference=f"TD-2026-{900000 + number}",
                    title=f"{p.application.township}抚育作业设计（批量{number}）",
                    created=created,
                    submitted_at=created,
                )
                for p, number, created in plan
            ],
            batch_size=1000,
        )
        insert_child_rows(
            TendingDesign,
            [
                clone(p.application, TendingDesign, application_ptr_id=a.pk)
                for (p, _n, _c), a in zip(plan, applications, strict=True)
            ],
        )
        processes = Process.objects.bulk_create(
            [clone(p.process, Process, created=created) for p, _n, created in plan],
            batch_size=1000,
        )
        insert_child_rows(
            PermitProcess,
            [
                clone(p.process, PermitProcess, process_ptr_id=process.pk, application_id=a.pk)
                for (p, _n, _c), process, a in zip(plan, processes, applications, strict=True)
            ],
        )
        starts = Task.objects.bulk_create(
            [
                clone(
                    p.start_task,
                    Task,
                    process_id=process.pk,
                    created=created,
                    started=created,
                    finished=created,
                )
                for (p, _n, created), process in zip(plan, processes, strict=True)
            ],
            batch_size=1000,
        )
        reviews = Task.objects.bulk_create(
            [
                clone(p.review_task, Task, process_id=process.pk, created=created)
                for (p, _n, created), process in zip(plan, processes, strict=True)
            ],
            batch_size=1000,
        )
        StepClock.objects.bulk_create(
            [
                clone(
                    p.clock,
                    StepClock,
                    application_id=a.pk,
                    task_id=review.pk,
                    started_on=timezone.localdate(created),
                    running_since=timezone.localdate(created),
                    due_date=add_working_days(
                        timezone.localdate(created), p.clock.limit_working_days
                    ),
                )
                for (p, _n, created), a, review in zip(plan, applications, reviews, strict=True)
            ],
            batch_size=1000,
        )
        Task.previous.through.objects.bulk_create(
            [
                Task.previous.through(from_task_id=review.pk, to_task_id=start.pk)
                for review, start in zip(reviews, starts, strict=True)
            ],
            batch_size=2000,
        )
        ApplicationGroupObjectPermission.objects.bulk_create(
            [
                ApplicationGroupObjectPermission(
                    group_id=group_id, permission_id=permission_id, content_object_id=a.pk
                )
                for (p, _n, _c), a in zip(plan, applications, strict=True)
                for group_id, permission_id in p.permissions
            ],
            batch_size=2000,
        )


def bulk_load_sql(prototypes: list[Prototype], count: int, first_number: int) -> None:
    """The same clones as ``bulk_load_orm``, made by PostgreSQL: a plan of ``count`` rows
    (``generate_series``: number, template ids, new ids, creation time), then one
    ``INSERT ... SELECT`` per table copying each template row column by column, with the
    clone's own ids, names and dates. New ids follow the tables' current maxima; the
    sequences are moved past them at the end. The due dates come from ``add_working_days``
    (the Chinese calendar is Python's), one per day and time limit in a small table."""
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.utils import timezone
    from viewflow.workflow.models import Process, Task

    from permits.models import Application
    from workflows.deadlines import add_working_days

    now = timezone.now()
    days = {timezone.localdate(now - timedelta(minutes=m)) for m in range(0, SPREAD_MINUTES, 30)}
    days |= {timezone.localdate(now), timezone.localdate(now - timedelta(minutes=SPREAD_MINUTES))}
    limits = {p.clock.limit_working_days for p in prototypes}
    templates = [
        (n, p.application.pk, p.process.pk, p.start_task.pk, p.review_task.pk, p.clock.pk)
        for n, p in enumerate(prototypes)
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        _skip_foreign_key_checks(cursor)
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_template (proto int, application int, process int,"
            " start_task int, review_task int, clock int) ON COMMIT DROP"
        )
        cursor.executemany("INSERT INTO bench_template VALUES (%s, %s, %s, %s, %s, %s)", templates)
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_due (day date, limit_days int, due date) ON COMMIT DROP"
        )
        cursor.executemany(
            "INSERT INTO bench_due VALUES (%s, %s, %s)",
            [(day, limit, add_working_days(day, limit)) for day in days for limit in limits],
        )
        cursor.execute(
            _PLAN_SQL,
            {
                "first": first_number,
                "count": count,
                "templates": len(prototypes),
                "spread": SPREAD_MINUTES,
                "now": now,
                "zone": str(timezone.get_current_timezone()),
                "application": _next_id(cursor, Application),
                "process": _next_id(cursor, Process),
                "task": _next_id(cursor, Task),
            },
        )
        for model, source, overrides in _clones():
            cursor.execute(_clone_sql(model, source, overrides))
        for statement in connection.ops.sequence_reset_sql(
            no_style(), [Application, Process, Task]
        ):
            cursor.execute(statement)


# One row per clone: its number, its template's rows, its own ids (the start task and the
# review task take two consecutive ids) and its creation time (as bulk_load_orm computes it).
_PLAN_SQL = """
CREATE TEMPORARY TABLE bench_plan ON COMMIT DROP AS
SELECT *, (created AT TIME ZONE %(zone)s)::date AS started_on FROM (
    SELECT g.i + %(first)s AS number,
           t.application AS t_application, t.process AS t_process, t.start_task AS t_start,
           t.review_task AS t_review, t.clock AS t_clock,
           %(application)s + g.i AS application, %(process)s + g.i AS process,
           %(task)s + 2 * g.i AS start_task, %(task)s + 2 * g.i + 1 AS review_task,
           %(now)s::timestamptz
               - make_interval(mins => ((g.i + %(first)s) * 37 %% %(spread)s)::int) AS created
    FROM generate_series(0, %(count)s - 1) AS g(i)
    JOIN bench_template t ON t.proto = g.i %% %(templates)s
) AS plan
"""


def _skip_foreign_key_checks(cursor) -> None:
    """Django's foreign keys are checked at COMMIT, one trigger call per row and key: minutes
    for a million clones (some forty keys each). The clones point at their template's rows or
    at rows made in the same load, so a superuser skips the checks for this transaction
    (``session_replication_role``); any other role pays for them."""
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    if cursor.fetchone()[0]:
        cursor.execute("SET LOCAL session_replication_role = replica")


def _next_id(cursor, model) -> int:
    table = model._meta.db_table
    cursor.execute(f'SELECT coalesce(max(id), 0) + 1 FROM "{table}"')  # noqa: S608 (a model's table)
    return cursor.fetchone()[0]


def _clones():
    """(model, how the template's rows ``s`` join the plan ``p`` (None: no template row), SQL
    for the columns that differ from the template's: ``None`` leaves a column to its default)."""
    from django.db.models import Model
    from viewflow.workflow.models import Process, Task

    from permits.models import Application, ApplicationGroupObjectPermission, TendingDesign
    from workflows.models import PermitProcess, StepClock

    clones: list[tuple[type[Model], str | None, dict[str, str | None]]] = [
        (
            Application,
            "s.id = p.t_application",
            {
                "id": "p.application",
                "reference": "'TD-2026-' || (900000 + p.number)",
                "title": "s.township || '抚育作业设计（批量' || p.number || '）'",
                "created": "p.created",
                "updated": "p.created",
                "submitted_at": "p.created",
            },
        ),
        (
            TendingDesign,
            "s.application_ptr_id = p.t_application",
            {"application_ptr_id": "p.application"},
        ),
        (Process, "s.id = p.t_process", {"id": "p.process", "created": "p.created"}),
        (
            PermitProcess,
            "s.process_ptr_id = p.t_process",
            {"process_ptr_id": "p.process", "application_id": "p.application"},
        ),
        (
            Task,
            "s.id = p.t_start",
            {
                "id": "p.start_task",
                "process_id": "p.process",
                "created": "p.created",
                "started": "p.created",
                "finished": "p.created",
            },
        ),
        (
            Task,
            "s.id = p.t_review",
            {"id": "p.review_task", "process_id": "p.process", "created": "p.created"},
        ),
        (
            Task.previous.through,
            None,
            {"id": None, "from_task_id": "p.review_task", "to_task_id": "p.start_task"},
        ),
        (
            StepClock,
            "s.id = p.t_clock",
            {
                "id": None,
                "application_id": "p.application",
                "task_id": "p.review_task",
                "started_on": "p.started_on",
                "running_since": "p.started_on",
                "due_date": (
                    "(SELECT d.due FROM bench_due d"
                    " WHERE d.day = p.started_on AND d.limit_days = s.limit_working_days)"
                ),
            },
        ),
        (
            ApplicationGroupObjectPermission,
            "s.content_object_id = p.t_application",
            {"id": None, "content_object_id": "p.application"},
        ),
    ]
    return clones


def _clone_sql(model, source: str | None, overrides: dict[str, str | None]) -> str:
    """INSERT ... SELECT cloning ``model``'s template rows for every plan row."""
    table = model._meta.db_table
    columns = [f.column for f in model._meta.local_concrete_fields]
    unknown = set(overrides) - set(columns)
    check(not unknown, f"{model.__name__} has no columns {sorted(unknown)}")
    kept = [c for c in columns if overrides.get(c, "") is not None]
    values = [overrides.get(c) or f's."{c}"' for c in kept]
    check(source is not None or len(columns) == len(overrides), f"{table}: a column left out")
    template = f' JOIN "{table}" s ON {source}' if source else ""
    names = ", ".join(f'"{c}"' for c in kept)
    # Identifiers from the models' metadata, expressions from _clones(): no outside input.
    select = f"SELECT {', '.join(values)} FROM bench_plan p{template}"  # noqa: S608
    return f'INSERT INTO "{table}" ({names}) {select}'


def analyze() -> None:
    """Statistics for the planner after a bulk load; on PostgreSQL also VACUUM, as autovacuum
    would after so many inserts, so that the visibility map allows index-only scans."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")


# ------------------------------------------------------------------------ the queue


def queue_page(user) -> dict:
    """The first page of the queue as api.md lists a task, for when /api/v1/tasks/ is missing."""
    from roles.models import Agency
    from workflows.selectors import task_application, tasks_deadlines, tasks_for_user
    from workflows.services import task_step

    tasks = tasks_for_user(user=user, queue="queue")
    page = list(tasks[:PAGE_SIZE])
    agencies = Agency.objects.in_bulk({int(t.owner_permission_obj_pk) for t in page})
    deadlines = tasks_deadlines(page)

    def row(task):
        application = task_application(task)
        agency = agencies[int(task.owner_permission_obj_pk)]
        deadline = deadlines[task.pk]
        return {
            "id": task.pk,
            "application": {
                "id": application.pk,
                "reference": application.reference,
                "kind": application.kind,
                "title": application.title,
                "district": application.district_id,
            },
            "step": task_step(task).value,
            "agency": {"code": agency.code, "name": agency.name},
            "status": task.status,
            "created": task.created.isoformat(),
            "due_date": deadline["due_date"].isoformat() if deadline["due_date"] else None,
            "working_days_left": deadline["working_days_left"],
            "paused": deadline["paused"],
            "overdue": deadline["overdue"],
        }

    return {"count": tasks.count(), "results": [row(task) for task in page]}


def check(condition: bool, message: str) -> None:
    """A verification failure ends the run (exit 1), figures from a wrong queue mean nothing."""
    if not condition:
        sys.exit(f"queue_bench: {message}")


def queue_request(reviewer, expected: int, direct: bool):
    """A callable answering the reviewer's queue the way the server does, and its mode: the HTTP
    endpoint when it exists (unless ``direct``), else the selector plus serialisation."""
    from django.test import Client

    client = Client()
    client.force_login(reviewer)
    probe = None if direct else client.get(QUEUE_URL)
    if probe is None or probe.status_code == 404:

        def selector():
            body = json.dumps(queue_page(reviewer), ensure_ascii=False)
            check(json.loads(body)["count"] == expected, "the serialised count is wrong")
            return body

        why = "--direct" if probe is None else "no endpoint yet"
        return selector, f"tasks_for_user + serialising {PAGE_SIZE} rows ({why})"
    check(probe.status_code == 200, f"GET {QUEUE_URL} answered {probe.status_code}")
    count = probe.json().get("count")
    check(count == expected, f"GET {QUEUE_URL} counts {count} tasks, expected {expected}")

    def http():
        response = client.get(QUEUE_URL)
        check(response.status_code == 200, f"GET {QUEUE_URL} answered {response.status_code}")
        return response.content

    return http, f"HTTP GET {QUEUE_URL} (test Client, force_login)"


def measure(request) -> tuple[list[float], list[float], Counter]:
    """Seconds per request, seconds of SQL per request, and how many requests ran N queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARMUPS):
        request()
    seconds, sql_seconds, queries = [], [], Counter()
    for _ in range(REQUESTS):
        with CaptureQueriesContext(connection) as captured:
            started = perf_counter()
            request()
            seconds.append(perf_counter() - started)
        sql_seconds.append(sum(float(q["time"]) for q in captured.captured_queries))
        queries[len(captured)] += 1
    return seconds, sql_seconds, queries


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def figures(size, queue, seconds, sql_seconds, queries: Counter) -> str:
    return (
        f"{size:>12,}  {queue:>11,}  {statistics.median(seconds) * 1000:>9.1f}  "
        f"{p95(seconds) * 1000:>7.1f}  {statistics.median(sql_seconds) * 1000:>13.1f}  "
        + ", ".join(str(n) for n in sorted(queries))
    )


# ------------------------------------------------------------------------------ main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--direct",
        action="store_true",
        help="measure tasks_for_user + serialisation even when /api/v1/tasks/ exists",
    )
    parser.add_argument(
        "--sizes",
        nargs="+",
        type=int,
        default=SIZES,
        metavar="N",
        help="numbers of applications (default: 1000 20000); PostgreSQL loads a million in a "
        "few minutes, SQLite's ORM load is for tens of thousands",
    )
    arguments = parser.parse_args()
    sizes = sorted(arguments.sizes)
    if sizes[0] < THROUGH_SERVICES_PER_DISTRICT * len(TOWNSHIPS):
        parser.error(f"sizes start at {THROUGH_SERVICES_PER_DISTRICT * len(TOWNSHIPS)}")
    description = django_setup()

    from permits.access import applications_visible_to
    from permits.models import Application
    from workflows.selectors import tasks_for_user

    print(f"queue_bench: {description}")
    started = perf_counter()
    reviewer, applicants = seed_people()
    prototypes = [Prototype(a) for a in submit_through_services(applicants)]
    print(
        f"  {len(prototypes)} applications through the services in {perf_counter() - started:.1f} s"
    )

    results = []
    for size in sizes:
        started = perf_counter()
        existing = Application.objects.count()
        bulk_load(prototypes, size - existing, first_number=existing)
        analyze()
        load_seconds = perf_counter() - started

        miyun = Application.objects.filter(district_id="110118").count()
        queue = tasks_for_user(user=reviewer, queue="queue").count()
        check(Application.objects.count() == size, f"{size:,} applications were not loaded")
        check(queue == miyun, f"the 密云 reviewer's queue holds {queue} tasks, expected {miyun}")
        visible = applications_visible_to(reviewer).count()
        check(visible == miyun, f"the 密云 reviewer sees {visible} applications, expected {miyun}")

        request, mode = queue_request(reviewer, expected=miyun, direct=arguments.direct)
        seconds, sql_seconds, queries = measure(request)
        results.append((size, queue, seconds, sql_seconds, queries))
        print(f"  {size:,} applications loaded in {load_seconds:.1f} s; measured {mode}")
        print(f"  {figures(size, queue, seconds, sql_seconds, queries)}", flush=True)

    print()
    print(
        f"{'applications':>12}  {'queue tasks':>11}  {'median ms':>9}  {'p95 ms':>7}  "
        f"{'SQL median ms':>13}  queries/request"
    )
    for result in results:
        print(figures(*result))
    counts = [set(queries) for *_rest, queries in results]
    equal = all(len(c) == 1 for c in counts) and len(set.union(*counts)) == 1
    print(f"query counts equal at every size: {'yes' if equal else 'NO'}")
    return 0 if equal else 1


if __name__ == "__main__":
    sys.exit(main())
