"""Introductions of alien species (外来物种引入), and what happens to each, up to the permit's
changes, renewals, monitoring and escapes."""

from decimal import Decimal
from typing import Any

from demo.data.acts import (
    Accept,
    Ask,
    Decide,
    DecideRequest,
    DemoStep,
    File,
    RenewalRunsOut,
    ReportEscape,
    Submit,
    WindowRunsOut,
)
from demo.data.applicants import beijing_corp, jizhou_unit
from demo.data.places import point
from demo.data.records import DemoApplication
from permits.choices import Decision, Kind

INTRODUCTION_DISTRICT_OK = "风险评估报告和检疫证明齐全，隔离防控措施可行，同意上报。"
WATER_AGREE = "养殖尾水经处理后循环利用，不排入天然水体，同意。"
ECOLOGY_AGREE = "逃逸风险可控，请落实监测和应急处置措施，同意。"
FORESTRY_AGREE = "引种地点不涉及天然林和自然保护地，隔离种植措施可行，同意。"
INTRODUCTION_APPROVE = "准予引入。每6个月报送一次引入后监测报告，监测期2年。"


CHANGE_REASON = "引种计划调整，引入数量减少；联系电话变更。"
CHANGE_OK = "经审查，申请变更的事项为减少引入数量和变更联系电话，符合法定条件，同意变更。"
RENEWAL_REASON = "引种观察期内尚未完成适应性评价，需延续许可一年继续监测。"


# Submitted, accepted and forwarded by 密云区农业农村局: the city's agencies decide next.
FORWARDED: tuple[DemoStep, ...] = (
    Submit(),
    Accept("district_agri_my"),
    Decide("district_agri_my", Decision.APPROVE, INTRODUCTION_DISTRICT_OK),
)
# Forwarded, agreed by the forestry and ecology agencies, approved by 北京市农业农村局.
LANDSCAPING_APPROVED: tuple[DemoStep, ...] = (
    *FORWARDED,
    Decide("muni_forest", Decision.AGREE, FORESTRY_AGREE, "bj-forestry"),
    Decide("muni_eco", Decision.AGREE, ECOLOGY_AGREE, "bj-ecology"),
    Decide("muni_agri", Decision.APPROVE, INTRODUCTION_APPROVE),
)

# What a landscaping plant from the United States says unless its row says otherwise.
LANDSCAPING_PLANT = {
    "taxon_group": "plant",
    "origin_country": "美国",
    "quantity_unit": "株",
    "purpose": "landscaping",
    "habitat_domain": "forest_grassland_wetland",
    "monitoring_years": 2,
}
NURSERY = "密云区溪翁庄镇绿岭苗圃隔离种植区"


def _landscaping(
    chinese_name: str, scientific_name: str, quantity: str, site: dict[str, Any], **fields: Any
) -> dict[str, Any]:
    """A landscaping plant of 北京绿岭 (applicant_corp) in its 溪翁庄镇 nursery, titled after
    the plant: its names, how many and where in the nursery, then what it says otherwise."""
    return beijing_corp(
        **{
            **LANDSCAPING_PLANT,
            "title": f"{chinese_name}园林绿化引种",
            "township": "溪翁庄镇",
            "village": "金叵罗村",
            "scientific_name": scientific_name,
            "chinese_name": chinese_name,
            "quantity": Decimal(quantity),
            "introduction_site": NURSERY,
            "site_geometry": site,
            "containment_measures": (
                "苗木在隔离种植区内定植观察，专人管护；及时清除落果，防止自然扩散；"
                "每季度巡查一次，发现异常立即报告并处置。"
            ),
            "monitoring_interval_months": 6,
            **fields,
        }
    )


PERMIT_LIFE_APPLICATIONS = (
    # A change granted (product.md §18 B1): version 2, its approval superseded.
    DemoApplication(
        "applicant_corp",
        _landscaping("北美鹅掌楸", "Liriodendron tulipifera L.", "500", point(116.851, 40.451)),
        (
            *LANDSCAPING_APPROVED,
            Ask(
                "change",
                CHANGE_REASON,
                changes=(("quantity", "300"), ("contact_phone", "010-69041234")),
            ),
            DecideRequest("muni_agri", Decision.ACCEPT),
            DecideRequest("muni_agri", Decision.APPROVE, CHANGE_OK),
        ),
        kind=Kind.INTRODUCTION,
    ),
    # A renewal the agency accepted and left undecided: granted by law (art. 50(2); B2).
    DemoApplication(
        "applicant_corp",
        _landscaping("美国红枫", "Acer rubrum L.", "400", point(116.855, 40.453)),
        (
            *LANDSCAPING_APPROVED,
            Ask("renewal", RENEWAL_REASON, until_months=12),
            DecideRequest("muni_agri", Decision.ACCEPT),
            RenewalRunsOut(),
        ),
        kind=Kind.INTRODUCTION,
    ),
    # A renewal waiting for the agency's acceptance (its queue shows the task).
    DemoApplication(
        "applicant_corp",
        _landscaping("北美枫香", "Liquidambar styraciflua L.", "300", point(116.857, 40.454)),
        (
            *LANDSCAPING_APPROVED,
            Ask("renewal", RENEWAL_REASON, until_months=12),
        ),
        kind=Kind.INTRODUCTION,
    ),
)

INTRODUCTION_APPLICATIONS = (
    DemoApplication(
        "applicant_corp",
        _landscaping(
            "北美红栎", "Quercus rubra L.", "800", point(116.853, 40.452), monitoring_years=3
        ),
        FORWARDED,
        kind=Kind.INTRODUCTION,
    ),
    DemoApplication(
        "applicant_corp",
        beijing_corp(
            title="匙吻鲟苗种引进养殖",
            township="河南寨镇",
            village="套里村",
            scientific_name="Polyodon spathula (Walbaum, 1792)",
            chinese_name="匙吻鲟",
            taxon_group="aquatic",
            origin_country="美国",
            quantity=Decimal("20000"),
            quantity_unit="尾",
            purpose="aquaculture",
            habitat_domain="waters",
            introduction_site="密云区河南寨镇水产良种场封闭循环水养殖车间",
            site_geometry=point(116.803, 40.318),
            containment_measures=(
                "封闭循环水车间养殖，进排水口设双层防逃网；养殖尾水经处理后循环利用，"
                "不排入天然水体；死亡个体无害化处理。"
            ),
            monitoring_interval_months=6,
            monitoring_years=2,
        ),
        (
            *FORWARDED,
            Decide("muni_water", Decision.AGREE, WATER_AGREE, "bj-water"),
            Decide("muni_eco", Decision.AGREE, ECOLOGY_AGREE, "bj-ecology"),
            Decide("muni_agri", Decision.APPROVE, INTRODUCTION_APPROVE),
            File(
                "monitoring",
                (
                    ("alive_count", 19640),
                    ("escaped", False),
                    ("containment", "contained"),
                    ("disposal", "死亡个体 360 尾经无害化处理"),
                ),
                note="双层防逃网完好，尾水处理设施运行正常。",
            ),
            ReportEscape(
                (
                    ("occurred_on", "__today__"),
                    ("escape_count", 12),
                    ("escape_place", "养殖车间 3 号池排水口防逃网破损处"),
                    ("containment", "partly_contained"),
                    ("measures", "已关闭排水阀，更换防逃网，下游沉淀池回捕 9 尾，其余在排查"),
                )
            ),
            WindowRunsOut(),
        ),
        kind=Kind.INTRODUCTION,
    ),
    DemoApplication(
        "applicant_jz",
        jizhou_unit(
            title="北美冬青园林绿化引种",
            township="下营镇",
            village="郭家沟村",
            scientific_name="Ilex verticillata (L.) A. Gray",
            chinese_name="北美冬青",
            **LANDSCAPING_PLANT,
            quantity=Decimal("300"),
            introduction_site="蓟州区下营镇国有林场苗圃",
            site_geometry=point(117.468, 40.147),
            containment_measures="苗圃内集中栽植，果实成熟前摘除，防止鸟类取食传播。",
            monitoring_interval_months=12,
        ),
        (Submit(), Accept("district_agri_jz")),
        kind=Kind.INTRODUCTION,
    ),
)
