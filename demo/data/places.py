"""Where the demo happens (product.md §15): the demo zone layers and 小班 registries around the
demo villages (the GeoJSON files of this folder, imported like an administrator's, flagged
``demo``), and the sites the applicants drew, as ``places.toml`` declares them."""

from typing import Any

from demo.data.records import DEMO_NOTICE, DemoLayer, demo_table
from zones.models import LayerKind


def polygon(*corners: tuple[float, float]) -> dict[str, Any]:
    """A GeoJSON Polygon (WGS 84) through ``corners`` (longitude, latitude), closed."""
    return {"type": "Polygon", "coordinates": [[[x, y] for x, y in [*corners, corners[0]]]]}


def point(lon: float, lat: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [lon, lat]}


def _site(spec: dict[str, Any]) -> dict[str, Any]:
    if "polygon" in spec:
        return polygon(*spec["polygon"])
    parts = [polygon(*corners)["coordinates"] for corners in spec["polygons"]]
    return {"type": "MultiPolygon", "coordinates": parts}


_PLACES = demo_table("places.toml")

DEMO_LAYERS = tuple(
    DemoLayer(
        row["file_name"],
        LayerKind(row["kind"]),
        row["jurisdiction"],
        f"{DEMO_NOTICE}：{row['source']}",
        row.get("district"),
    )
    for row in _PLACES["layers"]
)
# The drawn sites by the name the scenario tables give them (demo.data.tables).
SITES = {name: _site(spec) for name, spec in _PLACES["sites"].items()}
