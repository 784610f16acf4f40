"""Who may decide an occupation by its area (product.md §16 L6), and the restoration fee it owes
before its approval is issued (§16 L7). Pure: the thresholds and the rates are the route's and
the fee table's data, passed in.

森林法实施条例 art. 16(2) gives the national forestry authority the occupations of forest land at
or above an area that depends on the land's forest category (林种); below it the provincial
(here municipal) authority decides. 以上 counts the figure itself (a 10 ha occupation of shelter
forest is the national authority's). The article governs 占用或者征收、征用 (a permanent
occupation); a temporary use is approved under 森林法 art. 38 by the county-level authority or
above and is never forwarded. An application that does not state its forest category is held to
the lowest threshold, the one that cannot let an agency decide beyond its power
(docs/legal-basis.md, "Authority by area").
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from permits.choices import ForestCategory, Kind, OccupationKind, ProjectType

from .base import Facts

SOURCE_REGULATION_16_1 = (
    "《中华人民共和国森林法实施条例》第十六条第（一）项：“用地单位应当向县级以上人民政府林业主管部门"
    "提出用地申请，经审核同意后，按照国家规定的标准预交森林植被恢复费，领取使用林地审核同意书。”"
)
SOURCE_REGULATION_16_2 = (
    "《中华人民共和国森林法实施条例》第十六条第（二）项：“占用或者征收、征用防护林林地或者特种用途林"
    "林地面积10公顷以上的，用材林、经济林、薪炭林林地及其采伐迹地面积35公顷以上的，其他林地面积"
    "70公顷以上的，由国务院林业主管部门审核；占用或者征收、征用林地面积低于上述规定数量的，由省、"
    "自治区、直辖市人民政府林业主管部门审核。”"
)
SOURCE_FOREST_LAW_37 = (
    "《中华人民共和国森林法》第三十七条第二款：“占用林地的单位应当缴纳森林植被恢复费。”"
)
SOURCE_FEE_MEASURES_4 = (
    "《森林植被恢复费征收使用管理暂行办法》（财综〔2002〕73号）第四条：“凡勘查、开采矿藏和修建"
    "道路、水利、电力、通讯等各项建设工程需要占用、征用或者临时占用林地，经县级以上林业主管部门"
    "审核同意或批准的，用地单位应当按照本办法规定向县级以上林业主管部门预缴森林植被恢复费。”"
)

# The three groups of art. 16(2), each with the route's threshold of the same name.
PROTECTION, TIMBER, OTHER = "protection", "timber", "other"
THRESHOLD_GROUPS = (PROTECTION, TIMBER, OTHER)
CATEGORY_GROUP: dict[str, str] = {
    ForestCategory.SHELTER: PROTECTION,
    ForestCategory.SPECIAL_USE: PROTECTION,
    ForestCategory.TIMBER: TIMBER,
    ForestCategory.ECONOMIC: TIMBER,
    ForestCategory.FUELWOOD: TIMBER,
    ForestCategory.OTHER: OTHER,
}
# The land as a letter names it (the 转报函).
CATEGORY_NAMES: dict[str, str] = {
    ForestCategory.SHELTER: "防护林林地",
    ForestCategory.SPECIAL_USE: "特种用途林林地",
    ForestCategory.TIMBER: "用材林林地",
    ForestCategory.ECONOMIC: "经济林林地",
    ForestCategory.FUELWOOD: "薪炭林林地",
    ForestCategory.OTHER: "其他林地",
}
UNSTATED_CATEGORY = "未注明林种的林地"
# The law's figures, for a route frozen before the thresholds were route data.
LAW_THRESHOLDS_HA = {PROTECTION: Decimal(10), TIMBER: Decimal(35), OTHER: Decimal(70)}
GROUP_NAMES = {
    PROTECTION: "防护林林地或者特种用途林林地",
    TIMBER: "用材林、经济林、薪炭林林地及其采伐迹地",
    OTHER: "其他林地",
}


def _decimal(value: object) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def threshold_group(facts: Facts) -> str:
    """The group of art. 16(2) the land falls in; unstated: the lowest threshold's."""
    return CATEGORY_GROUP.get(facts.get("forest_category") or "", PROTECTION)


@dataclass(frozen=True)
class Authority:
    """Whether the occupation is the national authority's, and why (for the messages)."""

    national: bool
    group: str
    threshold_ha: Decimal
    area_ha: Decimal | None
    category: str = ""

    @property
    def group_name(self) -> str:
        return GROUP_NAMES[self.group]

    @property
    def category_name(self) -> str:
        return CATEGORY_NAMES.get(self.category, UNSTATED_CATEGORY)


def authority_by_area(facts: Facts, thresholds: Mapping[str, object]) -> Authority | None:
    """For a permanent occupation, the threshold it is held to and whether it reaches it;
    None when art. 16(2) does not apply (other types, temporary use)."""
    if facts.get("kind") != Kind.OCCUPATION or facts.get("occupation_kind") != (
        OccupationKind.PERMANENT
    ):
        return None
    group = threshold_group(facts)
    threshold = _decimal(thresholds.get(group)) or LAW_THRESHOLDS_HA[group]
    area = _decimal(facts.get("area_ha"))
    category = str(facts.get("forest_category") or "")
    return Authority(area is not None and area >= threshold, group, threshold, area, category)


# ---- the restoration fee (product.md §16 L7) -----------------------------------------------------

# 经营性建设项目 of 财税〔2015〕122号 二(四): charged twice the rate. Which project types are
# 经营性 is our reading (docs/legal-basis.md, "The restoration fee").
COMMERCIAL_PROJECT_TYPES = frozenset(
    {
        ProjectType.COMMERCIAL,
        ProjectType.MINING,
        ProjectType.ECO_TOURISM,
        ProjectType.FOREST_WELLNESS,
    }
)
SQUARE_METRES_PER_HA = Decimal(10000)
CENTS = Decimal("0.01")


# What each factor rests on, as the notice prints it (财税〔2015〕122号 二).
FACTOR_WELFARE = "国家和省级公益林林地，按征收标准的{factor}倍征收（财税〔2015〕122号二（二））。"
FACTOR_URBAN = "城市规划区的林地，按征收标准的{factor}倍征收（财税〔2015〕122号二（三））。"
FACTOR_COMMERCIAL = (
    "城市规划区以外的经营性建设项目，按征收标准的{factor}倍征收（财税〔2015〕122号二（四））。"
)
# What the engine cannot settle: the agency decides it, with its reason, when it records the
# amount (a recorded decision, never a guess).
UNDETERMINED_WELFARE = (
    "林地数据库显示用地范围内有公益林小班（{parcels}），与申请中“不涉及国家和省级公益林”的填报"
    "不一致，是否按财税〔2015〕122号二（二）加倍征收由本机关核定"
)
PUBLIC_WELFARE_GRADES = frozenset({"national", "local"})


@dataclass(frozen=True)
class FeeComputed:
    """The amount a fee notice demands and what it rests on (printed and kept): ``factors``
    the lines of each factor applied; ``undetermined`` what the agency must decide first
    (then ``amount`` is None and the agency records the amount with its reason)."""

    area_ha: Decimal
    rate_yuan_per_m2: Decimal
    factor: Decimal
    amount: Decimal | None
    source: str
    factors: tuple[str, ...] = ()
    undetermined: tuple[str, ...] = ()


def _factor(rate: Mapping[str, object], name: str) -> Decimal:
    return _decimal(rate.get(name)) or Decimal(1)


def _fee_factors(facts: Facts, rate: Mapping[str, object]) -> list[tuple[Decimal, str]]:
    """Each factor of 122号 二 that applies, with its printed line: 公益林 (二), the city
    planning area (三) and, outside it only, the commercial project (四)."""
    applied = []
    if facts.get("public_welfare_forest") is True:
        applied.append((_factor(rate, "welfare_factor"), FACTOR_WELFARE))
    if facts.get("urban_planning_area") is True:
        applied.append((_factor(rate, "urban_factor"), FACTOR_URBAN))
    elif facts.get("project_type") in COMMERCIAL_PROJECT_TYPES:
        applied.append((_factor(rate, "commercial_factor"), FACTOR_COMMERCIAL))
    return [(f, line.format(factor=f"{f.normalize():f}")) for f, line in applied if f != 1]


def _fee_undetermined(facts: Facts) -> list[str]:
    """The registry's 公益林 小班 on the site where the application declared none."""
    if facts.get("public_welfare_forest") is True:
        return []
    welfare = sorted(
        {
            str(p.get("compartment"))
            for p in facts.get("parcels", ())
            if p.get("welfare_grade") in PUBLIC_WELFARE_GRADES
        }
    )
    if not welfare:
        return []
    return [UNDETERMINED_WELFARE.format(parcels="、".join(f"小班 {c}" for c in welfare))]


def fee_compute(facts: Facts, rate: Mapping[str, object] | None) -> FeeComputed | None:
    """Area × rate of the land category × each factor of 122号 二 that applies (公益林, city
    planning area, else a 经营性 project); the amount None where the registry contradicts what
    was declared (the agency decides, with its reason). None without a rate for the land's
    category (the agency then records the amount with its reason) or without an area."""
    area = _decimal(facts.get("area_ha"))
    if rate is None or area is None or area <= 0:
        return None
    per_m2 = _decimal(rate.get("yuan_per_m2"))
    if per_m2 is None or per_m2 <= 0:
        return None
    applied = _fee_factors(facts, rate)
    factor = Decimal(1)
    for each, _line in applied:
        factor *= each
    undetermined = tuple(_fee_undetermined(facts))
    amount = (area * SQUARE_METRES_PER_HA * per_m2 * factor).quantize(CENTS, ROUND_HALF_UP)
    return FeeComputed(
        area,
        per_m2,
        factor,
        None if undetermined else amount,
        str(rate.get("source") or ""),
        tuple(line for _f, line in applied),
        undetermined,
    )
