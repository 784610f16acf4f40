"""Occupations of forest land (占用林地), and what happens to each."""

from decimal import Decimal

from demo.data.acts import (
    Accept,
    Ask,
    Decide,
    DecideRequest,
    DemoStep,
    FeePaid,
    InterestedPartyAnswer,
    InterestedPartyNotify,
    SiteCheckRecord,
    Submit,
    ValidityRunsOut,
)
from demo.data.applicants import corp_occupation, jizhou_occupation
from demo.data.places import (
    FIBRE_CABLE_SITE,
    FIRE_STATION_SITE,
    HOTEL_SITE,
    LOOKOUT_TOWER_SITE,
    POWER_LINE_SITE,
    SEWAGE_STATION_SITE,
    VILLAGE_RESERVOIR_SITE,
    WATER_PIPELINE_SITE,
    WATER_PLANT_SITE,
)
from demo.data.records import DemoApplication
from permits.choices import Decision, Kind

OCCUPATION_DISTRICT_OK = "经现场踏查，用地范围与用地范围图一致，占用林地为人工林地，同意上报。"
PLANNING_AGREE = "经核查，项目用地符合国土空间规划和用途管制要求，同意。"
OCCUPATION_APPROVE = (
    "准予临时使用林地。期满后一年内恢复植被和林业生产条件，按期报送植被恢复情况报告。"
)
PLANNING_DISAGREE = (
    "项目用地位于城镇开发边界外，不符合国土空间总体规划，且经营性建设项目不得占用天然林地，不同意。"
)
OCCUPATION_REJECT = (
    "拟占用天然林地建设经营性项目，不符合《北京市天然林保护修复制度实施方案》"
    "“严格控制天然林地转为其他用途”的要求，规划部门会签不同意，不予许可。"
)
# 现场查验 (product.md §16 L12): two of the district agency's staff check each occupation.
SITE_CHECK_MIYUN = "现场踏查用地范围，界桩与用地范围图一致，占用林地为人工林地，未发现超范围施工。"
SITE_CHECK_HOTEL = "现场踏查，拟用地范围位于山地阔叶林内，与申请材料所述林地类型一致。"
SITE_CHECK_JIZHOU = "现场核查塔基位置及施工便道，占用人工林地，未涉及天然林地。"
SITE_CHECK_VILLAGE = (
    "现场踏查，拟用地位于5-3小班人工油松林内，与用地范围图一致，该小班由村集体经济组织管护。"
)
# 利害关系人 (product.md §16 L14): the village collective's answer, given in writing.
VILLAGE_ANSWER = (
    "经村股份经济合作社成员代表会议讨论，同意该工程使用本社管护的5-3小班林地，"
    "要求建设单位按规定标准支付林木补偿费，并在施工中保护周边林木。"
)
VILLAGE_OCCUPATION_OK = (
    "已现场查验，已告知林地管护单位并听取其意见（同意使用，要求依法补偿），同意上报。"
)
JIZHOU_OCCUPATION_OK = "经现场核查，塔基及施工便道占用人工林地，不涉及天然林地，同意上报。"

SURRENDER_REASON = "光缆线路改由原有杆路架设，不再需要临时使用林地，申请注销许可。"


def site_checked(findings: str) -> tuple[DemoStep, ...]:
    """Submitted, accepted by 密云区园林绿化局, and its site checked by two of its staff."""
    inspectors = ("district_my", "district_my2")
    return (Submit(), Accept("district_my"), SiteCheckRecord("district_my", inspectors, findings))


# The way of a 密云 occupation to its approval: the district agency checks the site and
# forwards it, 市规划自然资源委 agrees, 北京市园林绿化局 approves.
FORWARDED: tuple[DemoStep, ...] = (
    *site_checked(SITE_CHECK_MIYUN),
    Decide("district_my", Decision.APPROVE, OCCUPATION_DISTRICT_OK),
)
PLANNING_AGREED: tuple[DemoStep, ...] = (
    *FORWARDED,
    Decide("muni_plan", Decision.AGREE, PLANNING_AGREE, "bj-planning"),
)
APPROVED: tuple[DemoStep, ...] = (
    *PLANNING_AGREED,
    Decide("muni_forest", Decision.APPROVE, OCCUPATION_APPROVE),
)

OCCUPATION_APPLICATIONS = (
    DemoApplication(
        "applicant_corp",
        corp_occupation(
            title="穆家峪镇供水管线工程临时使用林地",
            township="穆家峪镇",
            village="阁老峪村",
            project_name="密云区穆家峪镇农村供水管网改造工程",
            project_type="infrastructure",
            project_approval_ref="京密发改〔2026〕31号",
            occupation_kind="temporary",
            duration_months=12,
            area_ha=Decimal("1.86"),
            restoration_plan=(
                "管线敷设完成后分层回填、覆表土，按原树种补植油松、侧柏容器苗，"
                "株行距2米×3米，临时使用期满前恢复林业生产条件。"
            ),
            site_geometry=WATER_PIPELINE_SITE,
        ),
        (
            *APPROVED,
            FeePaid("muni_forest", "京财非税（2026）0104521"),
        ),
        kind=Kind.OCCUPATION,
    ),
    # Surrendered by its holder (product.md §18 B10): the use ended that day, the restoration
    # is owed within the year (森林法 art. 38; §17 A4).
    DemoApplication(
        "applicant_corp",
        corp_occupation(
            title="穆家峪镇通信光缆线路工程临时使用林地",
            township="穆家峪镇",
            village="荆稍坟村",
            project_name="密云区穆家峪镇通信光缆线路改造工程",
            project_type="infrastructure",
            project_approval_ref="京密发改〔2026〕44号",
            occupation_kind="temporary",
            duration_months=12,
            area_ha=Decimal("0.48"),
            restoration_plan="施工结束后回填表土，补植侧柏容器苗，恢复林业生产条件。",
            site_geometry=FIBRE_CABLE_SITE,
        ),
        (
            *APPROVED,
            FeePaid("muni_forest", "京财非税（2026）0104688"),
            Ask("surrender", SURRENDER_REASON),
            DecideRequest("muni_forest", Decision.ACCEPT),
            DecideRequest("muni_forest", Decision.APPROVE),
        ),
        kind=Kind.OCCUPATION,
    ),
    # A permanent occupation whose approval ran out without its construction-land approval:
    # lapsed and cancelled by the tick (product.md §18 B4).
    DemoApplication(
        "applicant_corp",
        corp_occupation(
            title="溪翁庄镇农村污水处理站建设项目使用林地",
            township="溪翁庄镇",
            village="金叵罗村",
            project_name="密云区溪翁庄镇农村污水处理站建设项目",
            project_type="public_facility",
            project_approval_ref="京密发改〔2024〕27号",
            occupation_kind="permanent",
            forest_category="timber",
            area_ha=Decimal("0.48"),
            site_geometry=SEWAGE_STATION_SITE,
        ),
        (
            *APPROVED,
            FeePaid("muni_forest", "京财非税（2026）0104702"),
            ValidityRunsOut(),
        ),
        kind=Kind.OCCUPATION,
    ),
    # Approved, its restoration fee unpaid: no approval is issued until it is (§16 L7).
    DemoApplication(
        "applicant_corp",
        corp_occupation(
            title="溪翁庄镇森林消防站建设项目使用林地",
            township="溪翁庄镇",
            village="金叵罗村",
            project_name="密云区溪翁庄镇森林消防站建设项目",
            project_type="public_facility",
            project_approval_ref="京密发改〔2026〕63号",
            occupation_kind="permanent",
            forest_category="timber",
            area_ha=Decimal("0.6"),
            site_geometry=FIRE_STATION_SITE,
        ),
        (
            *PLANNING_AGREED,
            Decide("muni_forest", Decision.APPROVE, "同意使用林地，缴纳森林植被恢复费后核发。"),
        ),
        kind=Kind.OCCUPATION,
    ),
    # 12.4 ha of shelter forest: beyond the municipal authority (森林法实施条例 art. 16(2)),
    # forwarded to 国家林业和草原局 with the first-instance opinion (§16 L6).
    DemoApplication(
        "applicant_corp",
        corp_occupation(
            title="穆家峪镇水厂扩建工程永久使用林地",
            township="穆家峪镇",
            village="阁老峪村",
            project_name="密云区穆家峪镇第二水厂扩建工程",
            project_type="infrastructure",
            project_approval_ref="京发改〔2026〕211号",
            occupation_kind="permanent",
            forest_category="shelter",
            area_ha=Decimal("12.4"),
            site_geometry=WATER_PLANT_SITE,
        ),
        (
            *PLANNING_AGREED,
            Decide(
                "muni_forest",
                Decision.FORWARD,
                "经初步审查，项目符合供水专项规划，用地范围与现场查验一致，同意上报国家林业和草原局审核。",
            ),
        ),
        kind=Kind.OCCUPATION,
    ),
    # In the ecological red line: the approver may approve only if 市规划自然资源委 agrees (O3).
    DemoApplication(
        "applicant_corp",
        corp_occupation(
            title="不老屯镇森林防火瞭望塔及巡护道路工程使用林地",
            township="不老屯镇",
            village="燕落村",
            project_name="密云区不老屯镇森林防火瞭望塔及巡护道路工程",
            project_type="public_facility",
            project_approval_ref="京密发改〔2026〕47号",
            occupation_kind="permanent",
            protection_class="red_line",
            area_ha=Decimal("0.35"),
            site_geometry=LOOKOUT_TOWER_SITE,
        ),
        FORWARDED,
        kind=Kind.OCCUPATION,
    ),
    DemoApplication(
        "applicant_corp",
        corp_occupation(
            title="石城镇山地度假酒店项目使用林地",
            township="石城镇",
            village="黄峪口村",
            project_name="密云区石城镇山地度假酒店项目",
            project_type="commercial",
            project_approval_ref="京密发改（备）〔2026〕9号",
            occupation_kind="permanent",
            land_category="natural_forest",
            area_ha=Decimal("3.2"),
            site_geometry=HOTEL_SITE,
        ),
        (
            *site_checked(SITE_CHECK_HOTEL),
            Decide("district_my", Decision.APPROVE, "材料齐全，报市级审批。"),
            Decide("muni_plan", Decision.DISAGREE, PLANNING_DISAGREE, "bj-planning"),
            Decide("muni_forest", Decision.REJECT, OCCUPATION_REJECT),
        ),
        kind=Kind.OCCUPATION,
        # 小班 31-5 is the state farm's: the company settled its compensation (L14).
        compensation_agreement=True,
    ),
    # Tianjin: 蓟州分局 has agreed, 区政务服务办 has not answered yet; no municipal task exists.
    DemoApplication(
        "applicant_jz",
        jizhou_occupation(
            title="下营镇10千伏输电线路塔基临时使用林地",
            township="下营镇",
            village="常州村",
            project_name="蓟州区下营镇10千伏输电线路改造工程",
            project_type="infrastructure",
            project_approval_ref="津蓟发改〔2026〕18号",
            occupation_kind="temporary",
            duration_months=18,
            area_ha=Decimal("0.62"),
            restoration_plan="施工结束后拆除临时设施，回填表土，补植侧柏、山杏，恢复林地植被。",
            site_geometry=POWER_LINE_SITE,
        ),
        (
            Submit(),
            Accept("district_jz"),
            SiteCheckRecord("district_jz", ("district_jz", "head_jz"), SITE_CHECK_JIZHOU),
            Decide("district_jz", Decision.APPROVE, JIZHOU_OCCUPATION_OK),
            Decide("jz_plan", Decision.AGREE, PLANNING_AGREE, "120119-planning"),
        ),
        kind=Kind.OCCUPATION,
    ),
    # On 小班 5-3 of the 东田各庄 village collective (product.md §16 L14): the district agency
    # told the collective with a 利害关系人告知书 and recorded its answer before approving.
    DemoApplication(
        "applicant_corp",
        corp_occupation(
            title="太师屯镇东田各庄村供水蓄水池及管理用房使用林地",
            township="太师屯镇",
            village="东田各庄村",
            project_name="密云区太师屯镇东田各庄村农村供水保障工程",
            project_type="infrastructure",
            project_approval_ref="京密发改〔2026〕58号",
            occupation_kind="permanent",
            area_ha=Decimal("1.69"),
            site_geometry=VILLAGE_RESERVOIR_SITE,
        ),
        (
            *site_checked(SITE_CHECK_VILLAGE),
            InterestedPartyNotify("district_my"),
            InterestedPartyAnswer("district_my", VILLAGE_ANSWER),
            Decide("district_my", Decision.APPROVE, VILLAGE_OCCUPATION_OK),
        ),
        kind=Kind.OCCUPATION,
    ),
)
