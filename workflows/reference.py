"""The routes of product.md §5 as data. Idempotent; used by seed_demo and tests."""

from decimal import Decimal

from permits.choices import HabitatDomain, Kind, LandCategory
from roles.models import Agency, AgencyKind
from roles.reference import BEIJING, TIANJIN

from .models import FeeRate, Procedure, Route, RouteConsultation

# The legal periods of the routes that are not two-tier with the law's figures (product.md §16
# L1; docs/legal-basis.md "Time limits"). Joint handling (art. 42(2): 45 + 15 days) only with the
# decision of the 本级人民政府 under art. 26(2) quoted in ``Route.joint_handling_basis`` (issue 46
# item 5): none was found for Tianjin's occupations, which are therefore two-tier.
PROCEDURES: dict[tuple[str, Kind], dict[str, object]] = {}
# Protection work in a core zone is decided at the municipal step (product.md §16 L9), by the
# municipal forestry agency where the district step is otherwise final, under its own numbers.
PROTECTION_WORK = {
    (TIANJIN, Kind.TENDING): {
        "protection_work_final_agency_code": "tj-forestry",
        "protection_work_certificate_prefix": "津规资林抚审",
        "protection_work_refusal_prefix": "津规资林抚不许",
    },
}
TWO_TIER = {
    "procedure": Procedure.TWO_TIER,
    "forward_working_days": 20,
    "decision_working_days": 20,
    "decision_extension_working_days": 10,
}

# (jurisdiction, kind, district agency kind, final agency code or None, prefix, refusal prefix,
#  consulted agencies: (agency code, only for habitat domain or ""))
ROUTES = [
    (BEIJING, Kind.TENDING, AgencyKind.FORESTRY, "bj-forestry", "京园林抚审", "京园林抚不许", []),
    (TIANJIN, Kind.TENDING, AgencyKind.FORESTRY, None, "津蓟林抚审", "津蓟林抚不许", []),
    (
        BEIJING,
        Kind.OCCUPATION,
        AgencyKind.FORESTRY,
        "bj-forestry",
        "京园林地审",
        "京园林地不许",
        [("bj-planning", "")],
    ),
    (
        TIANJIN,
        Kind.OCCUPATION,
        AgencyKind.FORESTRY,
        "tj-forestry",
        "津规资林地审",
        "津规资林地不许",
        [("120119-planning", ""), ("120119-government-service", "")],
    ),
    (
        BEIJING,
        Kind.INTRODUCTION,
        AgencyKind.AGRICULTURE,
        "bj-agriculture",
        "京农外引审",
        "京农外引不许",
        [
            ("bj-forestry", HabitatDomain.FOREST_GRASSLAND_WETLAND),
            ("bj-water", HabitatDomain.WATERS),
            ("bj-ecology", ""),
        ],
    ),
    (
        TIANJIN,
        Kind.INTRODUCTION,
        AgencyKind.AGRICULTURE,
        "tj-agriculture",
        "津农外引审",
        "津农外引不许",
        [],
    ),
]


# The restoration fee's rates (product.md §16 L7): the national minimum of 财税〔2015〕122号 for
# both municipalities until their legal offices enter their own published standard (admin,
# "Restoration fee rates"). "Other" land has no rate: its amount is set by the agency with a
# reason (docs/legal-basis.md, "The restoration fee").
SOURCE_FEE_122 = (
    "《财政部 国家林业局关于调整森林植被恢复费征收标准引导节约集约利用林地的通知》（财税〔2015〕"
    "122号）二：“（一）郁闭度0.2以上的乔木林地（含采伐迹地和火烧迹地）、竹林地、苗圃地，每平方米"
    "不低于10元；灌木林地、疏林地、未成林造林地，每平方米不低于6元；宜林地，每平方米不低于3元。"
    "……（二）国家和省级公益林林地，按照第（一）款规定征收标准2倍征收。（三）城市规划区的林地，按照"
    "第（一）、（二）款规定征收标准2倍征收。（四）城市规划区以外的林地，按占用征收林地建设项目性质实行不同征收标准。属于公共基础设施、"
    "公共事业和国防建设项目的，按照第（一）、（二）款规定征收标准征收；属于经营性建设项目的，按照"
    "第（一）、（二）款规定征收标准2倍征收。”（全国最低标准；本市标准以市财政、林业主管部门公布的"
    "文件为准）"
)
FEE_RATES = {
    LandCategory.NATURAL_FOREST: Decimal(10),
    LandCategory.PLANTED_FOREST: Decimal(10),
    LandCategory.SHRUB_LAND: Decimal(6),
    LandCategory.UNSTOCKED: Decimal(3),
}


def _protection_work(jurisdiction: str, kind: Kind) -> dict[str, object]:
    found = PROTECTION_WORK.get((jurisdiction, kind))
    if found is None:
        return {}
    return {
        "protection_work_final_agency": Agency.objects.get(
            code=found["protection_work_final_agency_code"]
        ),
        "protection_work_certificate_prefix": found["protection_work_certificate_prefix"],
        "protection_work_refusal_prefix": found["protection_work_refusal_prefix"],
    }


def load() -> None:
    for jurisdiction in (BEIJING, TIANJIN):
        for category, rate in FEE_RATES.items():
            FeeRate.objects.get_or_create(
                jurisdiction_id=jurisdiction,
                land_category=category,
                defaults={"yuan_per_m2": rate, "source": SOURCE_FEE_122},
            )
    for jurisdiction, kind, district_kind, final, prefix, refusal, consulted in ROUTES:
        route, _created = Route.objects.update_or_create(
            jurisdiction_id=jurisdiction,
            kind=kind,
            defaults={
                "district_agency_kind": district_kind,
                "final_agency": Agency.objects.get(code=final) if final else None,
                "certificate_prefix": prefix,
                "refusal_prefix": refusal,
                **TWO_TIER,
                **PROCEDURES.get((jurisdiction, kind), {}),
                **_protection_work(jurisdiction, kind),
            },
        )
        for code, domain in consulted:
            RouteConsultation.objects.get_or_create(
                route=route, agency=Agency.objects.get(code=code), habitat_domain=domain
            )
