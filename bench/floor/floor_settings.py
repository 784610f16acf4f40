"""The project's production settings, ``floor_urls`` their URLconf, with ``floorflow``
(``stack_floor_bench.py``)."""

from config.settings.base import *  # noqa: F403 (the project's settings, two lines changed)

ROOT_URLCONF = "floor_urls"
INSTALLED_APPS = [*INSTALLED_APPS, "floorflow"]  # noqa: F405 (from the project's settings)
