"""The project's own Python packages, as the import-linter contract lists them (pyproject.toml
``root_packages``): the tests that read every module of the product take them from here, so a
new app is read as soon as it is in the contract."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES: tuple[str, ...] = tuple(
    tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["root_packages"]
)
