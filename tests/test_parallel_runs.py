"""The suite in parallel and again (make test-fast, README "Testing"): each pytest-xdist worker
writes files of its own, and a kept SQLite test database is made again when the migrations it
was made from changed."""

import json
import subprocess
import sys
from pathlib import Path

from tests import kept_database

ROOT = Path(__file__).resolve().parent.parent
PER_PROCESS = (
    "MEDIA_ROOT",
    "PERMITS_AUDIT_KEY_FILE",
    "PERMITS_DOCUMENT_SIGNING_DIR",
    "PERMITS_PII_KEY_FILE",
)


def _test_settings(worker: str) -> dict[str, str]:
    script = (
        "import json, config.settings.test as s; "
        f"print(json.dumps({{k: str(getattr(s, k)) for k in {PER_PROCESS!r}}}))"
    )
    result = subprocess.run(  # noqa: S603  this interpreter, an argument list
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PYTEST_XDIST_WORKER": worker},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def test_two_workers_write_no_file_of_the_other():
    gw0, gw1 = _test_settings("gw0"), _test_settings("gw1")
    for name in PER_PROCESS:
        assert gw0[name] != gw1[name], name
    assert Path(gw0["MEDIA_ROOT"]).name == "gw0"


def _migrations(root: Path, text: str) -> None:
    folder = root / "permits" / "migrations"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "0001_initial.py").write_text(text)


def test_a_kept_database_is_made_again_when_its_migrations_change(tmp_path):
    _migrations(tmp_path, "operations = []")
    database = tmp_path / "test-database_gw0"

    # Never made (or a run stopped while making it): made.
    assert kept_database.must_create([database], create=False, root=tmp_path)
    kept_database.stamp([database], root=tmp_path)
    assert not kept_database.must_create([database], create=False, root=tmp_path)
    # --create-db: made, whatever the stamp says.
    assert kept_database.must_create([database], create=True, root=tmp_path)
    kept_database.stamp([database], root=tmp_path)

    # A migration edited in place (or squashed, renamed): made again, once.
    _migrations(tmp_path, "operations = ['changed']")
    assert kept_database.must_create([database], create=False, root=tmp_path)
    kept_database.stamp([database], root=tmp_path)
    assert not kept_database.must_create([database], create=False, root=tmp_path)
    # A new migration file changes the fingerprint too.
    (tmp_path / "permits" / "migrations" / "0002_more.py").write_text("operations = []")
    assert kept_database.must_create([database], create=False, root=tmp_path)


def test_the_fingerprint_covers_the_projects_migrations():
    assert kept_database.migrations_fingerprint() != kept_database.migrations_fingerprint(
        ROOT / "tests"
    )
    assert list(ROOT.glob("*/migrations/0001_initial.py"))
