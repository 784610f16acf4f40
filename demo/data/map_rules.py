"""What the map says (product.md §15): drafts titled 【演示】 that each show one map rule."""

from decimal import Decimal

from demo.data.acts import Accept, Submit
from demo.data.applicants import YOUNG_TENDING, corp_occupation, miyun, stand, yanqing
from demo.data.places import FIREBREAK_SITE, VILLAGE_ROAD_SITE
from demo.data.records import DemoApplication
from permits.choices import Kind

# Drafts complete in every other respect, so that what stops them is the map alone; and one
# application in review whose site overlaps another's. Created after the applications they
# overlap.
MAP_RULE_APPLICATIONS = (
    DemoApplication(
        "applicant_my",
        # Declared "general", but 小班 45-2 lies in the reserve core zone (and the red line).
        miyun(
            title="【演示】新城子镇油松天然林中幼林抚育作业设计：申报一般区域，小班位于自然保护区"
            "核心区（提交时触发 Z1、T2）",
            township="新城子镇",
            village="遥桥峪村",
            compartments=["45-2"],
            **YOUNG_TENDING,
            **stand("油松", "0.84", 2300),
            area_ha=Decimal("9.4"),
            removal_volume_m3=Decimal("15"),
        ),
    ),
    DemoApplication(
        "applicant_my",
        # The registry records 小班 27-3 as natural forest.
        miyun(
            title="【演示】石城镇侧柏林修枝作业设计：申报为人工林，小班登记为天然林"
            "（提交时触发 Z1）",
            township="石城镇",
            village="王庄村",
            compartments=["27-3"],
            forest_origin="planted",
            age_group="middle",
            **stand("侧柏", "0.7", 1800),
            operation_type="pruning",
            area_ha=Decimal("8.6"),
        ),
    ),
    DemoApplication(
        "applicant_my",
        # 小班 16-5 measures 17.0 ha on the map.
        miyun(
            title="【演示】不老屯镇山杏灌木林封育作业设计：申报面积比小班面积大约30%"
            "（显示 Z2 提示）",
            township="不老屯镇",
            village="车道峪村",
            compartments=["16-5"],
            forest_type="shrub",
            age_group="middle",
            **stand("山杏", "0.5"),
            operation_type="enclosure",
            area_ha=Decimal("22"),
            funding_source="public_welfare_forest",
        ),
    ),
    DemoApplication(
        "applicant_my",
        # 小班 5-2's management agreement is a village collective's; no letter of entrustment.
        miyun(
            title="【演示】太师屯镇油松天然林中幼林抚育作业设计：小班由村集体经济组织管护，未附委托书"
            "（提交时触发 T6）",
            township="太师屯镇",
            village="东田各庄村",
            compartments=["5-2"],
            **YOUNG_TENDING,
            **stand("油松", "0.8", 2300),
            area_ha=Decimal("13.1"),
            removal_volume_m3=Decimal("20"),
        ),
    ),
    DemoApplication(
        "applicant_corp",
        corp_occupation(
            title="【演示】穆家峪镇村级道路拓宽工程临时使用林地：与已批准的供水管线用地重叠"
            "（提交时触发 Z3）",
            township="穆家峪镇",
            village="阁老峪村",
            project_name="密云区穆家峪镇阁老峪村村级道路拓宽工程",
            project_type="infrastructure",
            project_approval_ref="京密发改〔2026〕52号",
            occupation_kind="temporary",
            duration_months=6,
            area_ha=Decimal("0.91"),
            restoration_plan="施工便道使用结束后清除硬化层，回填表土，补植侧柏容器苗。",
            site_geometry=VILLAGE_ROAD_SITE,
        ),
        kind=Kind.OCCUPATION,
    ),
    DemoApplication(
        "applicant_yq",
        # Crosses 小班 41-5 of the 千家店镇 design in review (demo.data.tending): reviewers of
        # both see the overlap.
        yanqing(
            title="【演示】千家店镇森林防火隔离带作业设计：与在审作业设计的小班重叠（审查时提示重叠）",
            township="千家店镇",
            village="排字岭村",
            compartments=["41-4", "41-5"],
            age_group="middle",
            **stand("油松", "0.72", 1600),
            operation_type="fire_prevention",
            area_ha=Decimal("1.47"),
            funding_source="self",
            site_geometry=FIREBREAK_SITE,
        ),
        (Submit(), Accept("district_yq")),
    ),
)
