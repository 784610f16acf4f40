"""Imports go one way (docs/architecture.md, "Layers"): config -> web | api | demo -> workflows
-> permits -> zones -> roles, function-local imports included. `make test` runs lint-imports
too; this test makes a plain pytest run fail on a cycle as well."""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_layers_contract_lists_every_package_in_order():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (contract,) = config["contracts"]
    assert contract["type"] == "layers"
    assert contract["layers"] == [
        "config",
        "web | api | demo",
        "workflows",
        "permits",
        "zones",
        "roles",
    ]
    assert set(config["root_packages"]) == {
        "config", "web", "api", "demo", "workflows", "permits", "zones", "roles",
    }  # fmt: skip
    # Every top-level Python package of the project is in a layer.
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests", "bench"}
    assert packages == set(config["root_packages"])


def test_no_import_goes_up_a_layer():
    result = subprocess.run(  # noqa: S603 - our own virtualenv's tool, fixed arguments
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache", "--no-logo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout
