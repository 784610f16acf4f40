"""Where a login's time goes (issue 45 item 21): the web login page's POST through the test
Client, with the production password hasher (base settings', not the suite's MD5), phase by phase.

    python bench/login_bench.py            # SQLite, a temporary file; about a minute

Prints, for 10 logins after 2 warm-ups: the median wall and CPU time of the whole POST, of one
``check_password`` alone, and how many times the hasher verified per login (must be 1), with the SQL
queries per login. See bench/README.md.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOGINS, WARMUPS = 10, 2


def django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    folder = tempfile.mkdtemp(prefix="login-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    import django
    from django.conf import settings

    django.setup()
    from django.core.management import call_command
    from django.test.utils import override_settings, setup_test_environment

    setup_test_environment()
    # The production hashers: the base settings name none, so Django's defaults.
    from django.conf import global_settings

    hashers = getattr(sys.modules["config.settings.base"], "PASSWORD_HASHERS", None)
    override_settings(
        PASSWORD_HASHERS=hashers or global_settings.PASSWORD_HASHERS, MEDIA_ROOT=folder
    ).enable()
    from django.contrib.auth.hashers import get_hashers

    get_hashers.cache_clear()
    print("hasher:", settings.PASSWORD_HASHERS[0])
    call_command("migrate", verbosity=0, interactive=False)


def main() -> None:
    django_setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import get_hasher
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    user = get_user_model().objects.create_user("bench_login", password="Bench-passw0rd-45")
    runs = {"count": 0}
    hasher = type(get_hasher())
    original = hasher.verify

    def counted(self: object, *args: object, **kwargs: object) -> bool:
        runs["count"] += 1
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    hasher.verify = counted  # type: ignore[method-assign]
    check_cpu = []
    for _ in range(5):
        started = time.process_time()
        assert user.check_password("Bench-passw0rd-45")
        check_cpu.append(time.process_time() - started)
    walls, cpus, queries, hashes, sql = [], [], [], [], []
    for index in range(WARMUPS + LOGINS):
        client = Client(HTTP_USER_AGENT="bench", REMOTE_ADDR="10.0.0.9")
        client.get("/accounts/login/")
        runs["count"] = 0
        wall, cpu = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as captured:
            response = client.post(
                "/accounts/login/", {"username": "bench_login", "password": "Bench-passw0rd-45"}
            )
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        assert response.status_code == 302, response.status_code
        if index >= WARMUPS:
            walls.append(wall)
            cpus.append(cpu)
            queries.append(len(captured))
            hashes.append(runs["count"])
            sql.append(sum(float(query["time"]) for query in captured.captured_queries))
    ms = 1000
    print(f"check_password alone: median CPU {statistics.median(check_cpu) * ms:.0f} ms")
    print(
        f"login POST ({LOGINS}): median wall {statistics.median(walls) * ms:.0f} ms, "
        f"CPU {statistics.median(cpus) * ms:.0f} ms, {max(hashes)} hash(es), "
        f"{statistics.median(queries):.0f} queries taking {statistics.median(sql) * ms:.0f} ms"
    )
    for sql in captured.captured_queries:
        print("  ", sql["sql"][:110])


if __name__ == "__main__":
    main()
