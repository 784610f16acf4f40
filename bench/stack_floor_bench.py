"""What a request of this stack costs before it does any work, and what issue 10's targets leave.

    python bench/stack_floor_bench.py                 # 4 clients, 8 s an endpoint
    python bench/stack_floor_bench.py --clients 4 --seconds 15 --workers 4

Issue 10 asks, on the same machine, for ≥ 25 lifecycles/s with 4 clients and every lifecycle
request ≤ 1.7× the cost of ``GET /api/v1/me/``. This bench measures the floor those targets
meet, with nothing of the project's work in it:

- viewflow alone, in this process, no HTTP: a flow of a start, three human tasks and an end
  (``bench/floor/floorflow``), each step in its own transaction as the project runs them;
- the same gunicorn, settings, authentication and database as ``lifecycle_bench.py`` (whose
  setup it uses: it **drops and creates the database ``permits_lifecycle_bench``**), serving
  the project's URLs plus one view (``bench/floor/floor_urls.py``) that makes k reads of one
  agency by key in one transaction and nothing else, through the ORM or as hand-written SQL on
  the cursor: k + 2 statements with BEGIN and COMMIT (counted as the lifecycle's counts count
  a savepoint and its release); for k = 0 none, and no transaction.

With the clients keeping the workers busy, the machine's time per request is the inverse of the
rate: the empty request's (k = 0) is a request's floor, and the slope to the most statements is
what one more statement costs (BEGIN and COMMIT shared among them).

Printed: each endpoint's rate, p50 and machine time, those costs, and what the targets leave:
how many statements a request may make within 1.7× ``/me/``, what viewflow alone completing a
task costs as a request, and how many statements a lifecycle of ``--requests`` requests may
make at 25 lifecycles/s.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lifecycle_bench import (
    API,
    APPLICANT,
    PASSWORD,
    ROOT,
    Timer,
    database_url,
    django_setup,
    free_port,
    gunicorn_start,
    percentile,
    request,
    run_clients,
    server_environment,
    stop,
)

FLOOR = Path(__file__).resolve().parent / "floor"
ORM_COUNTS = (0, 2, 10, 30)
RAW_COUNTS = (10, 30)


def path_client(port, token, path, seconds, start_at, results) -> None:
    timer = Timer(port)
    while time.time() < start_at:
        time.sleep(0.001)
    deadline = start_at + seconds
    while time.time() < deadline:
        timer("request", "GET", path, token=token)
    results.put((len(timer.times["request"]), dict(timer.times), None))


def statements_counted(token: str, path: str) -> int:
    """The SQL statements of one request through Django's test client in this process, the
    token's lookup left out: what the view itself makes (its k reads, BEGIN and COMMIT)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from knox.models import AuthToken

    tokens_table = AuthToken._meta.db_table
    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    client.get(path)  # the agencies' keys, read once per process
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return sum(
        1
        for query in captured.captured_queries
        if tokens_table not in query["sql"]
        and not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    )


def bare_lifecycle(user) -> list[int]:
    """One lifecycle of viewflow alone (``floorflow.flows.BareFlow``), as the project makes one:
    a transaction to start the process, one for each of its three human tasks (read, assigned,
    started, done: viewflow's ``Task.activation`` and its lock); each transaction's statements
    (its BEGIN and COMMIT, or savepoints, included)."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from floorflow.flows import BareFlow
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import PROCESS, STATUS

    counts = []
    with CaptureQueriesContext(connection) as captured, transaction.atomic():
        process = BareFlow.start.run()
    counts.append(len(captured.captured_queries))
    for _step in range(3):
        with CaptureQueriesContext(connection) as captured, transaction.atomic():
            task = Task.objects.get(process=process, flow_task_type="HUMAN", status=STATUS.NEW)
            with task.activation() as activation:
                activation.assign(user)
                activation.start(None)
                activation.execute()
        counts.append(len(captured.captured_queries))
    process.refresh_from_db()
    assert process.status == PROCESS.DONE, process.status
    return counts


def bare_viewflow(count: int) -> list[int]:
    """``count`` lifecycles of viewflow alone in this process, one after another; the
    statements of each transaction of one."""
    from django.contrib.auth.models import User
    from django.db import connection

    user = User.objects.get(username=APPLICANT)
    statements = bare_lifecycle(user)
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(count):
        bare_lifecycle(user)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    connection.close()
    print("  viewflow alone (start, three human tasks, end), one process, no HTTP:")
    print(f"    {count / seconds:.1f} lifecycles/s, {seconds / count * 1000:.1f} ms each "
          f"({cpu / count * 1000:.1f} ms of it this process's CPU); statements: "
          f"{sum(statements)} (start {statements[0]}, each task "
          f"{', '.join(map(str, statements[1:]))})\n")  # fmt: skip
    return statements


def per_statement(points: list[tuple[int, float]]) -> float:
    """The cost of one more statement: the slope from the fewest statements to the most."""
    (k0, ms0), (k1, ms1) = min(points), max(points)
    return (ms1 - ms0) / (k1 - k0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--bare", type=int, default=100, help="lifecycles of viewflow alone")
    parser.add_argument(
        "--requests",
        type=int,
        default=10,
        help="requests a lifecycle makes (lifecycle_bench.py: create, attach, submit, three "
        "queue pages, three decisions, the certificate at least once)",
    )
    args = parser.parse_args()

    directory = Path(tempfile.mkdtemp(prefix="stack-floor-bench-"))
    server = None
    try:
        url = database_url()
        environment = server_environment(url, directory, celery=False)
        environment["DJANGO_SETTINGS_MODULE"] = "floor_settings"
        environment["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(FLOOR)])
        sys.path.insert(0, str(FLOOR))
        print(f"stack_floor_bench: {time.strftime('%Y-%m-%d')}, {os.cpu_count()} CPUs")
        print(f"  setting up (migrate, seed_demo) in {directory}")
        django_setup(environment)
        bare = bare_viewflow(args.bare)
        port = free_port()
        server = gunicorn_start(environment, port, args.workers, directory / "gunicorn.log")
        token = request(
            port, "POST", f"{API}/auth/token/", body={"username": APPLICANT, "password": PASSWORD}
        )[1]["token"]

        endpoints = [("GET /api/v1/me/", f"{API}/me/", None, None)]
        endpoints += [(f"floor, {k} ORM reads", f"/floor/{k}/orm/", "orm", k) for k in ORM_COUNTS]
        endpoints += [(f"floor, {k} SQL reads", f"/floor/{k}/raw/", "raw", k) for k in RAW_COUNTS]
        statements = {}
        for _label, path, how, k in endpoints:
            if how is not None:
                statements[path] = statements_counted(token, path)
                expected = k + 2 if k else 0
                assert statements[path] == expected, f"{path}: {statements[path]} statements"
        from django.db import connection

        connection.close()
        print(f"  gunicorn: {args.workers} sync workers, DEBUG off; {args.clients} clients, "
              f"{args.seconds:.0f} s an endpoint\n")  # fmt: skip
        print(f"  {'endpoint':24} {'per s':>7} {'p50 ms':>7} {'p95 ms':>7} {'machine ms':>11}")
        machine: dict[str, list[tuple[int, float]]] = {"orm": [], "raw": []}
        me_ms = 0.0
        for label, path, how, _k in endpoints:
            done, seconds, times, errors = run_clients(
                path_client, args.clients, lambda i, path=path: (port, token, path, args.seconds)
            )
            if errors:
                sys.exit(f"{label}: {errors[0]}")
            rate = done / seconds
            ms = 1000 / rate
            walls = times["request"]
            print(f"  {label:24} {rate:7.0f} {statistics.median(walls) * 1000:7.1f} "
                  f"{percentile(walls, 0.95) * 1000:7.1f} {ms:11.2f}")  # fmt: skip
            if how is None:
                me_ms = ms
            else:
                machine[how].append((statements[path], ms))
        machine["raw"].insert(0, machine["orm"][0])  # k = 0 is the same request either way

        empty = min(machine["orm"])[1]
        orm, raw = per_statement(machine["orm"]), per_statement(machine["raw"])
        print(f"\n  an empty request (authenticated, no statement): {empty:.2f} ms of "
              "machine time")  # fmt: skip
        print(f"  one statement more: {orm:.3f} ms through the ORM, "
              f"{raw:.3f} ms as hand-written SQL")  # fmt: skip
        budget = 1.7 * me_ms
        print(f"\n  1.7 × /me/ = {budget:.2f} ms: a request may make "
              f"{(budget - empty) / orm:.1f} ORM statements, or "
              f"{(budget - empty) / raw:.1f} hand-written ones, and nothing else")  # fmt: skip
        task = max(bare[1:])
        task_ms = empty + (task - 2) * orm
        print(f"  viewflow alone completing a task: {task} statements with BEGIN and COMMIT, "
              f"estimated {task_ms:.2f} ms as a request: {task_ms / me_ms:.1f}× /me/")  # fmt: skip
        lifecycle_ms = 1000 / 25
        left = lifecycle_ms - args.requests * empty
        print(f"  25 lifecycles/s = {lifecycle_ms:.0f} ms a lifecycle; its {args.requests} "
              f"requests, empty, leave {left:.1f} ms: {max(left, 0) / orm:.0f} ORM "
              f"statements or {max(left, 0) / raw:.0f} hand-written ones a lifecycle, "
              "before it does anything else or renders its document")  # fmt: skip
    finally:
        stop(server)
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()
