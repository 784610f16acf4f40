"""Imports go one way (docs/architecture.md, "Layers"): config -> web | api | demo -> desks
-> forest_watch -> public -> licensing | supervision -> workflows -> documents -> permits
-> plans -> zones -> audit -> roles -> core, function-local imports included. `make test` runs
lint-imports too; this test makes a plain pytest run fail on a cycle as well."""

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp

from tests.packages import PACKAGES

ROOT = Path(__file__).resolve().parent.parent


LAYERS = [
    "config",
    "web | api | demo",
    "desks",
    "forest_watch",
    "public",
    "licensing | supervision",
    "enforcement",
    "workflows",
    "documents",
    "permits",
    "plans",
    "zones",
    "audit",
    "roles",
    "core",
]


def _contracts() -> dict[str, dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    return {c["id"]: c for c in config["contracts"]}


def test_the_layers_contract_lists_every_package_in_order():
    contract = _contracts()["layers"]
    assert contract["type"] == "layers"
    assert contract["layers"] == LAYERS
    # Every top-level Python package of the project is in a layer, and every layer is one.
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests", "bench"}
    assert packages == set(PACKAGES)
    named = {n for layer in LAYERS for n in layer.split(" | ")}
    assert named == packages


def test_the_rules_are_pure():
    """import-linter forbids the rules every record (the ``rules-pure`` contract); it forbids only
    whole external packages, so that they import nothing of ``django.db`` is checked here."""
    contract = _contracts()["rules-pure"]
    assert contract["source_modules"] == ["permits.rules"]
    for path in sorted((ROOT / "permits" / "rules").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            assert not any(n == "django.db" or n.startswith("django.db.") for n in names), path


def test_no_import_goes_up_a_layer():
    result = subprocess.run(  # noqa: S603 - our own virtualenv's tool, fixed arguments
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache", "--no-logo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_layers_side_by_side_are_declared_siblings():
    """A layer sits above the next one only if something of it imports something of that one;
    two that import none of each other are declared siblings (``a | b``, issue 44), so that the
    order states no dependency the code does not have."""
    graph = grimp.build_graph(*PACKAGES)
    layers = [layer.split(" | ") for layer in LAYERS]
    unjustified = [
        (upper, lower)
        for upper, lower in zip(layers, layers[1:], strict=False)
        if not any(
            graph.direct_import_exists(importer=a, imported=b, as_packages=True)
            for a in upper
            for b in lower
        )
    ]
    assert unjustified == []
