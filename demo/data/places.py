"""Where the demo happens (product.md §15): the demo zone layers and 小班 registries around the
demo villages (the files of this folder, imported like an administrator's, flagged ``demo``), and
the sites the applicants drew."""

from pathlib import Path
from typing import Any

from demo.data.records import DEMO_NOTICE, DemoLayer
from roles.reference import BEIJING, TIANJIN
from zones.models import LayerKind

# The layer files sit beside this module.
DEMO_DATA = Path(__file__).resolve().parent

DEMO_LAYERS = (
    DemoLayer(
        "beijing-reserve_core.geojson",
        LayerKind.RESERVE_CORE,
        BEIJING,
        f"{DEMO_NOTICE}：自然保护区核心区示意范围（密云雾灵山、延庆松山），界线系虚构",
    ),
    DemoLayer(
        "beijing-red_line.geojson",
        LayerKind.RED_LINE,
        BEIJING,
        f"{DEMO_NOTICE}：生态保护红线示意范围（密云、延庆），界线系虚构",
    ),
    DemoLayer(
        "beijing-key_zone.geojson",
        LayerKind.KEY_ZONE,
        BEIJING,
        f"{DEMO_NOTICE}：天然林保护重点区域示意范围（密云不老屯镇、延庆千家店镇），界线系虚构",
    ),
    DemoLayer(
        "beijing-water_source.geojson",
        LayerKind.WATER_SOURCE,
        BEIJING,
        f"{DEMO_NOTICE}：密云水库一级水源保护区示意范围，界线系虚构",
    ),
    DemoLayer(
        "tianjin-reserve_core.geojson",
        LayerKind.RESERVE_CORE,
        TIANJIN,
        f"{DEMO_NOTICE}：八仙山自然保护区核心区示意范围，界线系虚构",
    ),
    DemoLayer(
        "tianjin-red_line.geojson",
        LayerKind.RED_LINE,
        TIANJIN,
        f"{DEMO_NOTICE}：蓟州区生态保护红线示意范围，界线系虚构",
    ),
    DemoLayer(
        "tianjin-key_zone.geojson",
        LayerKind.KEY_ZONE,
        TIANJIN,
        f"{DEMO_NOTICE}：蓟州区天然林保护重点区域示意范围，界线系虚构",
    ),
    DemoLayer(
        "tianjin-water_source.geojson",
        LayerKind.WATER_SOURCE,
        TIANJIN,
        f"{DEMO_NOTICE}：于桥水库一级水源保护区示意范围，界线系虚构",
    ),
    DemoLayer(
        "beijing-forest_land_grade.geojson",
        LayerKind.FOREST_LAND_GRADE,
        BEIJING,
        f"{DEMO_NOTICE}：林地保护等级示意范围（密云雾灵山、不老屯镇，延庆松山、千家店镇），界线与等级系虚构",
    ),
    DemoLayer(
        "tianjin-forest_land_grade.geojson",
        LayerKind.FOREST_LAND_GRADE,
        TIANJIN,
        f"{DEMO_NOTICE}：林地保护等级示意范围（蓟州八仙山、下营镇），界线与等级系虚构",
    ),
    DemoLayer(
        "parcels-110118.geojson",
        LayerKind.PARCELS,
        BEIJING,
        f"{DEMO_NOTICE}：密云区小班登记示意（林班、小班界线与属性系虚构）",
        "110118",
    ),
    DemoLayer(
        "parcels-110119.geojson",
        LayerKind.PARCELS,
        BEIJING,
        f"{DEMO_NOTICE}：延庆区小班登记示意（林班、小班界线与属性系虚构）",
        "110119",
    ),
    DemoLayer(
        "parcels-120119.geojson",
        LayerKind.PARCELS,
        TIANJIN,
        f"{DEMO_NOTICE}：蓟州区小班登记示意（林班、小班界线与属性系虚构）",
        "120119",
    ),
)


def polygon(*corners: tuple[float, float]) -> dict[str, Any]:
    """A GeoJSON Polygon (WGS 84) through ``corners`` (longitude, latitude), closed."""
    return {"type": "Polygon", "coordinates": [[[x, y] for x, y in [*corners, corners[0]]]]}


def point(lon: float, lat: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [lon, lat]}


# Sites the applicants drew (a tending design without one is its 小班 as the registry draws
# them). Each lies where its declaration says on the demo map, and its area is the declared one.
WATER_PIPELINE_SITE = polygon(  # 1.85 ha: a 16 m working strip along the new main
    (116.962952, 40.434066),
    (116.958433, 40.430551),
    (116.958567, 40.430449),
    (116.963048, 40.433934),
    (116.970021, 40.43513),
    (116.969979, 40.43527),
)
LOOKOUT_TOWER_SITE = polygon(  # 0.35 ha in 不老屯镇北部山地生态保护红线（演示）
    (117.046993, 40.626572),
    (117.046461, 40.626828),
    (117.04607, 40.626608),
    (117.046231, 40.626185),
    (117.046689, 40.626228),
)
HOTEL_SITE = polygon(  # 3.2 ha on 小班 31-5, natural forest in the registry
    (116.810289, 40.495632),
    (116.809459, 40.496055),
    (116.807853, 40.495996),
    (116.807652, 40.495032),
    (116.808468, 40.494261),
    (116.809695, 40.494564),
)
POWER_LINE_SITE = {  # four tower bases of 0.155 ha
    "type": "MultiPolygon",
    "coordinates": [
        polygon(*corners)["coordinates"]
        for corners in (
            (
                (117.465387, 40.173265),
                (117.465807, 40.173413),
                (117.465613, 40.173735),
                (117.465193, 40.173587),
            ),
            (
                (117.468687, 40.175965),
                (117.469107, 40.176113),
                (117.468913, 40.176435),
                (117.468493, 40.176287),
            ),
            (
                (117.471987, 40.178665),
                (117.472407, 40.178813),
                (117.472213, 40.179135),
                (117.471793, 40.178987),
            ),
            (
                (117.475287, 40.181365),
                (117.475707, 40.181513),
                (117.475513, 40.181835),
                (117.475093, 40.181687),
            ),
        )
    ],
}
ZHENZHUQUAN_SITE = polygon(  # 21 ha inside 小班 52-6 (23.4 ha): its rocky rim is left out
    (116.457883, 40.571023),
    (116.461592, 40.570899),
    (116.464182, 40.569949),
    (116.464236, 40.574365),
    (116.459416, 40.575195),
    (116.459054, 40.573326),
)
# An occupation on 小班 5-3, held by the 东田各庄 village collective (product.md §16 L14).
VILLAGE_RESERVOIR_SITE = polygon(  # 1.69 ha inside 小班 5-3 (planted forest)
    (117.13241, 40.523122),
    (117.13391, 40.523122),
    (117.13391, 40.524322),
    (117.13241, 40.524322),
)
# The drafts and the application that show the map rules.
VILLAGE_ROAD_SITE = polygon(  # 0.91 ha, crossing the approved water pipeline's strip
    (116.96673, 40.43851),
    (116.96513, 40.43181),
    (116.96527, 40.43179),
    (116.96687, 40.43849),
)
FIRE_STATION_SITE = polygon(  # 0.6 ha: 100 m × 60 m north of the approved pipeline
    (116.975, 40.4405),
    (116.97618, 40.4405),
    (116.97618, 40.44104),
    (116.975, 40.44104),
)
WATER_PLANT_SITE = polygon(  # 12.4 ha: 400 m × 310 m east of the pipeline
    (116.985, 40.436),
    (116.98972, 40.436),
    (116.98972, 40.43879),
    (116.985, 40.43879),
)
FIBRE_CABLE_SITE = polygon(  # 0.48 ha: 80 m × 60 m south-west of the pipeline
    (116.950000, 40.425000),
    (116.950943, 40.425000),
    (116.950943, 40.425540),
    (116.950000, 40.425540),
)
SEWAGE_STATION_SITE = polygon(  # 0.48 ha: 80 m × 60 m, west of the fibre cable's strip
    (116.947000, 40.425000),
    (116.947943, 40.425000),
    (116.947943, 40.425540),
    (116.947000, 40.425540),
)
FIREBREAK_SITE = polygon(  # 1.47 ha: a 30 m strip across 小班 41-5 and 41-4
    (116.345719, 40.68476),
    (116.339953, 40.684264),
    (116.339993, 40.683995),
    (116.345759, 40.684492),
)

# The drawn sites by the name the scenario tables give them (demo.data.tables).
SITES = {
    "water_pipeline": WATER_PIPELINE_SITE,
    "lookout_tower": LOOKOUT_TOWER_SITE,
    "hotel": HOTEL_SITE,
    "power_line": POWER_LINE_SITE,
    "zhenzhuquan": ZHENZHUQUAN_SITE,
    "village_reservoir": VILLAGE_RESERVOIR_SITE,
    "village_road": VILLAGE_ROAD_SITE,
    "fire_station": FIRE_STATION_SITE,
    "water_plant": WATER_PLANT_SITE,
    "fibre_cable": FIBRE_CABLE_SITE,
    "sewage_station": SEWAGE_STATION_SITE,
    "firebreak": FIREBREAK_SITE,
}
