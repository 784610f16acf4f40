"""The SQLite test database that ``--reuse-db`` keeps between runs (make test-fast).

Without ``--reuse-db`` SQLite's test database is in memory and made afresh each run. With it, each
process keeps a file under var/: ``var/test-database``, or ``var/test-database_gw0``,
``_gw1``... under pytest-xdist. ``migrate`` runs on a kept database at every start, so a new
migration is applied on top; a database whose migration files were edited, renamed or squashed
since it was made is made again, as ``--create-db`` makes it (the migrations' fingerprint is
written beside each file once it is made). PostgreSQL keeps its test databases on the server;
their fingerprints are written under var/ (``var/test_permits_gw0.migrations``).
"""

import hashlib
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEPT_SQLITE = ROOT / "var" / "test-database"


def name_sqlite_file(worker: str | None) -> None:
    """On SQLite without a TEST NAME of its own: a file to keep, one per xdist worker."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    test = database.setdefault("TEST", {})
    if database["ENGINE"] == "django.db.backends.sqlite3" and not test.get("NAME"):
        KEPT_SQLITE.parent.mkdir(exist_ok=True)
        test["NAME"] = str(KEPT_SQLITE) + (f"_{worker}" if worker else "")


def kept() -> list[Path]:
    """What --reuse-db keeps, as the paths beside which each one's fingerprint is written: an
    SQLite file itself, or for a PostgreSQL test database (kept by its server) var/<its name>."""
    from django.conf import settings

    found = []
    for database in settings.DATABASES.values():
        name = database.get("TEST", {}).get("NAME")
        if database["ENGINE"] != "django.db.backends.sqlite3":
            found.append(ROOT / "var" / (name or f"test_{database['NAME']}"))
        elif name and name != ":memory:":
            found.append(Path(name))
    return found


def migrations_fingerprint(root: Path = ROOT) -> str:
    """A digest of every migration file of the project, names and contents."""
    digest = hashlib.sha256()
    for path in sorted(root.glob("*/migrations/*.py")):
        digest.update(f"{path.relative_to(root)}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _stamp_of(database: Path) -> Path:
    return database.with_name(database.name + ".migrations")


def must_create(databases: Iterable[Path], *, create: bool, root: Path = ROOT) -> bool:
    """Whether the kept ``databases`` are to be made afresh: asked (``create``), or one was made
    from other migrations than today's, or never finished being made. Their stamps go first, so
    that a run interrupted while making them makes them again."""
    stamps = [_stamp_of(database) for database in databases]
    fingerprint = migrations_fingerprint(root)
    if create or any(not s.exists() or s.read_text() != fingerprint for s in stamps):
        for stamp in stamps:
            stamp.unlink(missing_ok=True)
        return True
    return False


def stamp(databases: Iterable[Path], root: Path = ROOT) -> None:
    """Write today's fingerprint beside each kept database, once it is made and migrated."""
    fingerprint = migrations_fingerprint(root)
    for database in databases:
        database.parent.mkdir(exist_ok=True)
        _stamp_of(database).write_text(fingerprint)
