"""What checking an API token costs a request (issue 47 Speed: "the per-request cost of token
checking does not move the lifecycle bench by more than 5%").

    .venv/bin/python bench/token_check_bench.py [--checks 2000]

A test database (SQLite, created and dropped, or ``DATABASE_URL``'s server), one official with
one knox token issued as the API issues it (``audit.api_tokens.api_token_issue``); then the
token door's check (``api.authentication.ExpiringTokenAuthentication``) on ``--checks``
requests, timed, and its SQL statements counted. Printed: per check, the time and the
statements, and what the checks of one lifecycle's requests (bench/lifecycle_bench.py: 13
requests with a token) cost beside the lifecycle's time on this machine (bench/README.md).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUESTS_A_LIFECYCLE = 13  # the token requests of one lifecycle (bench/lifecycle_bench.py)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checks", type=int, default=2000)
    checks = parser.parse_args().checks
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from rest_framework.request import Request

    from api.authentication import ExpiringTokenAuthentication
    from audit.api_tokens import api_token_issue
    from tests.factories import member

    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        from roles import reference
        from roles.models import Role

        reference.load()
        user = member(role=Role.REVIEWER, agency_code="110118-forestry", username="bench_my")
        token = api_token_issue(user=user, client_ip="127.0.0.1").token
        door = ExpiringTokenAuthentication()
        factory = RequestFactory()

        def check() -> None:
            request = Request(factory.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}"))
            authenticated = door.authenticate(request)
            assert authenticated is not None and authenticated[0].pk == user.pk

        check()
        with CaptureQueriesContext(connection) as captured:
            check()
        times = []
        for _ in range(checks):
            start = time.perf_counter()
            check()
            times.append(time.perf_counter() - start)
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)
    per_check = statistics.median(times) * 1000
    print(f"{connection.vendor}: {checks} checks")
    p95 = sorted(times)[int(checks * 0.95)] * 1000
    print(f"per check: median {per_check:.3f} ms, p95 {p95:.3f} ms")
    print(f"statements per check: {len(captured.captured_queries)}")
    lifecycle = per_check * REQUESTS_A_LIFECYCLE
    print(f"a lifecycle's {REQUESTS_A_LIFECYCLE} token checks: {lifecycle:.1f} ms")


if __name__ == "__main__":
    main()
