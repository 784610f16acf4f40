"""SQL queries per request of one Beijing tending lifecycle over the HTTP API (issue 10).

    python bench/lifecycle_queries.py            # each request's count
    python bench/lifecycle_queries.py --sql      # and every statement with the project's frames
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME python bench/lifecycle_queries.py

Runs ``tests/api/test_lifecycle_queries.py`` (Django's test client, the test personas, a fresh
test database: ``test_NAME`` on PostgreSQL), which also fails when a request goes over its
ceiling. The test client runs no after-commit work, so the approval document is rendered at
its first download; ``lifecycle_bench.py`` counts the same lifecycle against production
settings.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sql", action="store_true", help="print each statement and its frames")
    args = parser.parse_args()
    environment = {**os.environ, "LIFECYCLE_SQL": "2" if args.sql else "1"}
    command = [sys.executable, "-m", "pytest", "tests/api/test_lifecycle_queries.py", "-s", "-q"]
    command += ["-p", "no:cacheprovider", "--create-db"]
    sys.exit(subprocess.call(command, cwd=ROOT, env=environment))  # noqa: S603 (our own command)


if __name__ == "__main__":
    main()
