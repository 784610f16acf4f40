"""Rules Z1–Z3: what the map says about the site (product.md §15), with the clauses they rest on:
each jurisdiction its own (§16 L11), so each rule is one row per jurisdiction.

Facts are the application's own plus the screening's (``permits.screening.screening_facts``):
``declared_protection_class``, ``protection_class`` (the effective, stricter class),
``map_zones``, ``parcels`` (the 小班 the site lies on), ``site_area_ha`` and ``overlaps``.
Without a screening (no site yet) none of these rules fires.
"""

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from core.messages import MSG_Z1, MSG_Z1_ORIGIN, MSG_Z2, MSG_Z3
from permits.choices import (
    GRANTED_STATUSES,
    ForestOrigin,
    Kind,
    LandCategory,
    ProtectionClass,
)

from .base import Facts, Rule, Severity
from .occupation import SOURCE_004_3_7_RED_LINE, SOURCE_142_1_1_RED_LINE
from .tending import BEIJING, SOURCE_000_2_3_CORE, SOURCE_FOREST_LAW_55_3, TIANJIN

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Strictness, weakest first. A red line is a statutory land-use control (004 三7) over a wider
# area than a forest key zone; a reserve core zone forbids everything (000 二(三)).
PROTECTION_ORDER: tuple[str, ...] = (
    ProtectionClass.GENERAL,
    ProtectionClass.KEY_ZONE,
    ProtectionClass.RED_LINE,
    ProtectionClass.RESERVE_CORE,
)


def stricter(*classes: str) -> str:
    """The strictest of ``classes`` (unknown or empty values ignored); general if none."""
    known = [c for c in classes if c in PROTECTION_ORDER]
    return max(known, key=PROTECTION_ORDER.index, default=ProtectionClass.GENERAL)


# Z1 rests on the rules of the zones it finds: the core zone's and the red line's.
SOURCE_Z1 = f"{SOURCE_000_2_3_CORE}；{SOURCE_004_3_7_RED_LINE}"
SOURCE_Z1_TIANJIN = f"{SOURCE_FOREST_LAW_55_3}；{SOURCE_142_1_1_RED_LINE}"
SOURCE_000_2_1_PARCELS = "000 二（一）《北京市天然林保护修复制度实施方案》：“将天然林保护修复任务逐项分解落实到镇乡、村和小班地块”"
SOURCE_001_3_3_3_DATABASE = (
    "001 三（三）3《蓟州区落实天然林保护修复制度实施方案》：“建立全区天然林数据库。”"
)
SOURCE_Z1_PARCEL = SOURCE_000_2_1_PARCELS
SOURCE_Z1_PARCEL_TIANJIN = SOURCE_001_3_3_3_DATABASE
SOURCE_Z2 = (
    "000 二（一）《北京市天然林保护修复制度实施方案》：“将天然林保护修复任务逐项分解落实到镇乡、村和小班地块，"
    "明确天然林保护修复目标任务、重点区域和保障措施。”"
)
# Our reading: the district's natural forest database is what a declared area is checked against.
SOURCE_Z2_TIANJIN = (
    "001 三（三）3《蓟州区落实天然林保护修复制度实施方案》：“收集整理、定期发布天然林保护修复信息、"
    "监测评估报告。建立全区天然林数据库。”"
)
SOURCE_FOREST_LAW_37_1 = (
    "《中华人民共和国森林法》第三十七条：“矿藏勘查、开采以及其他各类工程建设，应当不占或者少占林地”"
)
SOURCE_Z3 = (
    f"{SOURCE_FOREST_LAW_37_1}；"
    "000 二（四）《北京市天然林保护修复制度实施方案》：“严管天然林地占用，严格控制天然林地转为其他用途”"
)
SOURCE_Z3_TIANJIN = (
    f"{SOURCE_FOREST_LAW_37_1}；"
    "001 三（二）2《蓟州区落实天然林保护修复制度实施方案》：“严格控制天然林地转为其他用途”"
)


AREA_TOLERANCE = Decimal("0.10")


def _label(value: str) -> str:
    return str(ProtectionClass(value).label) if value in ProtectionClass.values else value


def stricter_zones(facts: Facts) -> list[Mapping[str, Any]]:
    """The mapped zones stricter than the declared class (none when nothing is declared)."""
    declared = facts.get("declared_protection_class") or ""
    if declared not in PROTECTION_ORDER:
        return []
    rank = PROTECTION_ORDER.index(declared)
    return [
        z
        for z in facts.get("map_zones", ())
        if z.get("protection_class") and PROTECTION_ORDER.index(z["protection_class"]) > rank
    ]


def map_stricter_than_declared(facts: Facts) -> bool:
    return bool(stricter_zones(facts))


def map_stricter_params(facts: Facts) -> dict[str, str]:
    zones = "、".join(f"“{z['name']}”（{z['source']}）" for z in stricter_zones(facts))
    return {
        "zones": zones,
        "declared": _label(facts.get("declared_protection_class") or ""),
        "effective": _label(facts.get("protection_class") or ""),
    }


def natural_parcels(facts: Facts) -> list[Mapping[str, Any]]:
    return [p for p in facts.get("parcels", ()) if p.get("forest_origin") == ForestOrigin.NATURAL]


def declared_planted_on_natural_parcel(facts: Facts) -> bool:
    if not natural_parcels(facts):
        return False
    if facts.get("kind") == Kind.OCCUPATION:
        return bool(facts.get("land_category") == LandCategory.PLANTED_FOREST)
    declared = facts.get("declared_forest_origin", facts.get("forest_origin"))
    return bool(declared == ForestOrigin.PLANTED)


def natural_parcel_params(facts: Facts) -> dict[str, str]:
    return {"parcels": "、".join(f"小班 {p['compartment']}" for p in natural_parcels(facts))}


def area_differs(facts: Facts) -> bool:
    declared, computed = facts.get("area_ha"), facts.get("site_area_ha")
    if declared in (None, "") or not computed or not facts.get("site_is_polygonal"):
        return False
    computed = Decimal(str(computed))
    return abs(Decimal(str(declared)) - computed) > computed * AREA_TOLERANCE


def area_params(facts: Facts) -> dict[str, str]:
    return {
        "declared": str(facts.get("area_ha")),
        "computed": f"{Decimal(str(facts.get('site_area_ha'))):.2f}",
        "tolerance": str(int(AREA_TOLERANCE * 100)),
    }


def occupations_in_force(facts: Facts) -> list[Mapping[str, Any]]:
    return [
        o
        for o in facts.get("overlaps", ())
        # A grant awaiting its restoration fee is decided (product.md §16 L7); a temporary use
        # ended holds its land until restored (§17 A4).
        if o.get("kind") == Kind.OCCUPATION and o.get("status") in GRANTED_STATUSES
    ]


def over_active_occupation(facts: Facts) -> bool:
    return facts.get("kind") == Kind.OCCUPATION and bool(occupations_in_force(facts))


def over_active_occupation_params(facts: Facts) -> dict[str, str]:
    rows = occupations_in_force(facts)
    return {"permits": "、".join(f"{o['reference']}（{o['overlap_ha']:.4f} ha）" for o in rows)}


def _per_jurisdiction(
    code: str,
    severity: Severity,
    field: str,
    message: "StrOrPromise",
    sources: Mapping[str, str],
    violated: Callable[[Facts], bool],
    params: Callable[[Facts], Mapping[str, object]],
) -> tuple[Rule, ...]:
    """One row per jurisdiction, each citing its own ``sources[jurisdiction]``."""
    return tuple(
        Rule(code, frozenset({j}), severity, field, message, source, violated, params)
        for j, source in sources.items()
    )


Z1 = _per_jurisdiction(
    "Z1",
    Severity.BLOCKING,
    "protection_class",
    MSG_Z1,
    {BEIJING: SOURCE_Z1, TIANJIN: SOURCE_Z1_TIANJIN},
    map_stricter_than_declared,
    map_stricter_params,
)
# One rule, a planted origin declared on a natural 小班, refused on the field where each kind
# of application declares it: a tending design's forest origin, an occupation's land category.
Z1_ORIGIN, Z1_LAND = (
    _per_jurisdiction(
        "Z1",
        Severity.BLOCKING,
        field,
        MSG_Z1_ORIGIN,
        {BEIJING: SOURCE_Z1_PARCEL, TIANJIN: SOURCE_Z1_PARCEL_TIANJIN},
        declared_planted_on_natural_parcel,
        natural_parcel_params,
    )
    for field in ("forest_origin", "land_category")
)
Z2 = _per_jurisdiction(
    "Z2",
    Severity.ADVISORY,
    "area_ha",
    MSG_Z2,
    {BEIJING: SOURCE_Z2, TIANJIN: SOURCE_Z2_TIANJIN},
    area_differs,
    area_params,
)
Z3 = _per_jurisdiction(
    "Z3",
    Severity.BLOCKING,
    "site_geometry",
    MSG_Z3,
    {BEIJING: SOURCE_Z3, TIANJIN: SOURCE_Z3_TIANJIN},
    over_active_occupation,
    over_active_occupation_params,
)

TENDING_ZONE_RULES: tuple[Rule, ...] = (*Z1, *Z1_ORIGIN, *Z2)
OCCUPATION_ZONE_RULES: tuple[Rule, ...] = (*Z1, *Z1_LAND, *Z2, *Z3)
