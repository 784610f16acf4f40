"""Every demo application, in the order it is created: an application is created after those
whose sites or 小班 it overlaps, and a title is how a second run recognises it. Each group is a
table of a scenario file beside this module (``demo.data.tables`` reads them)."""

from demo.data.records import DemoApplication
from demo.data.tables import applications

# (file, group) in creation order.
GROUPS = (
    ("tending.toml", "miyun"),
    ("tending.toml", "yanqing"),
    ("tending.toml", "jizhou"),
    ("occupations.toml", "occupations"),
    ("introductions.toml", "introductions"),
    ("map_rules.toml", "map_rules"),
    ("tending.toml", "miyun_supervised"),
    ("introductions.toml", "permit_life"),
)

APPLICATIONS: tuple[DemoApplication, ...] = tuple(
    application for file_name, group in GROUPS for application in applications(file_name, group)
)
