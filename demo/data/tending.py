"""Tending designs (天然林抚育作业设计) of 密云, 延庆 and 蓟州, and what happens to each."""

from decimal import Decimal

from demo.data.acts import (
    Accept,
    AssignInspection,
    Backdate,
    Decide,
    DemoStep,
    FileCompletion,
    RecordInspection,
    ReviewFiling,
    Revoke,
    SpecialProcedureStart,
    StatementAnswer,
    StatementNotify,
    Submit,
)
from demo.data.applicants import YOUNG_TENDING, jizhou, miyun, miyun_now, stand, yanqing
from demo.data.places import ZHENZHUQUAN_SITE
from demo.data.records import DemoApplication
from permits.choices import Decision

EXPERT_REVIEW_REASON = "作业区涉及栓皮栎幼林密度调整，需组织专家对抚育强度和保留木选择进行评审"
DISTRICT_OK = "经现场核查，林班小班界线清楚，作业设计符合技术规程，同意上报。"
MUNICIPAL_OK = "同意按作业设计实施，作业期间注意森林防火和野生动物保护。"
JIZHOU_OK = "经审查，作业设计符合《蓟州区落实天然林保护修复制度实施方案》要求，准予实施。"
JIZHOU_PROTECTION_WORK_FORWARD = (
    "经现场核查，疫木分布与作业设计一致，防治措施限于清理疫木和药剂防治，"
    "不涉及防治所需以外的采伐，同意上报市级审批。"
)
RETURN_OPINION = (
    "请一次性补正以下材料：1. 补充各小班调查表（含现有林分密度、郁闭度实测数据）；"
    "2. 作业设计书缺少作业区位图；3. 补植树种与苗木规格需与立地条件相符，请说明。"
)
RETURN_ITEMS = (
    {
        "field": "stand_density",
        "attachment_kind": None,
        "message": "补充各小班调查表（含现有林分密度、郁闭度实测数据）。",
    },
    {"field": None, "attachment_kind": "site_map", "message": "作业设计书缺少作业区位图。"},
    {
        "field": "dominant_species",
        "attachment_kind": None,
        "message": "补植树种与苗木规格需与立地条件相符，请说明。",
    },
)
REJECT_OPINION = (
    "拟作业小班位于密云水库上游水源涵养区，坡度大于35度，设计间伐强度35%明显偏高，"
    "易造成水土流失，不符合天然林以封育和自然修复为主的要求，不予批准。"
)

STATEMENT_FACTS = (
    "该设计所列16-4小班属于车道峪村集体经济组织管护，申请单位未取得其委托，对该小班不具备申请资格。"
)

REVOCATION_FACTS = (
    "该设计审批前，区级审核未按规定组织现场查验，审核意见所附现场照片系41-2小班的照片，"
    "52-6小班的林分现状未经核实。"
)
REVOCATION_ANSWER = (
    "52-6小班现状与设计一致，照片系上报时误附，本单位可补交52-6小班现场照片，请求不予撤销。"
)
REVOCATION_FINDINGS = (
    "现场查验是核实林分现状的法定程序，补交照片不能替代审批前的现场查验；准予许可所依据的"
    "林分现状未经核实，申辩理由不能成立。你单位可在补充现场查验材料后重新申请。"
)


def forwarded(reviewer: str) -> tuple[DemoStep, ...]:
    """Submitted, accepted and approved by the district agency's ``reviewer``: the design
    waits for 北京市园林绿化局."""
    return (Submit(), Accept(reviewer), Decide(reviewer, Decision.APPROVE, DISTRICT_OK))


def approved(reviewer: str) -> tuple[DemoStep, ...]:
    """Forwarded by ``reviewer``, then approved by 北京市园林绿化局: the permit is granted."""
    return (*forwarded(reviewer), Decide("muni_forest", Decision.APPROVE, MUNICIPAL_OK))


MIYUN_APPLICATIONS = (
    DemoApplication(
        "applicant_my",
        miyun(
            title="冯家峪镇侧柏林修枝作业设计",
            township="冯家峪镇",
            village="西口外村",
            compartments=["8-2"],
            age_group="middle",
            **stand("侧柏", "0.62"),
            operation_type="pruning",
            design_unit="",
        ),
        design_document=False,
    ),
    DemoApplication(
        "applicant_my",
        # Key protection zone with thinning: the Beijing T3 advisory (000 二(三)) shows. Its 小班
        # lie in 不老屯镇天然林保护重点区域（演示）.
        miyun(
            title="不老屯镇油松天然林抚育间伐作业设计",
            township="不老屯镇",
            village="燕落村",
            compartments=["12-3", "12-4"],
            age_group="middle",
            **stand("油松", "0.86", 2100),
            protection_class="key_zone",
            operation_type="thinning",
            thinning_intensity_pct=Decimal("15"),
            area_ha=Decimal("18.6"),
            removal_volume_m3=Decimal("96"),
        ),
        (Submit(), Accept("district_my")),
    ),
    DemoApplication(
        "applicant_my",
        # Just submitted: waiting for 密云区园林绿化局 to accept it (受理, 5 working days).
        miyun(
            title="太师屯镇油松天然林中幼林抚育作业设计",
            township="太师屯镇",
            village="东田各庄村",
            compartments=["5-1"],
            **YOUNG_TENDING,
            **stand("油松", "0.78", 2400),
            area_ha=Decimal("12.5"),
            removal_volume_m3=Decimal("18"),
        ),
        (Submit(),),
    ),
    DemoApplication(
        "applicant_my",
        miyun(
            title="石城镇栓皮栎天然林中幼林抚育作业设计",
            township="石城镇",
            village="黄峪口村",
            compartments=["31-7"],
            **YOUNG_TENDING,
            **stand("栓皮栎", "0.82", 2600),
            area_ha=Decimal("25.3"),
            removal_volume_m3=Decimal("40"),
        ),
        (
            *forwarded("district_my"),
            # Paused for an expert review (art. 45): the municipal step's clock and the legal
            # period wait for its result (product.md §16 L3).
            SpecialProcedureStart("muni_forest", "expert_review", EXPERT_REVIEW_REASON, 15),
        ),
    ),
    DemoApplication(
        "applicant_my",
        miyun(
            title="不老屯镇山杏灌木林封育作业设计",
            township="不老屯镇",
            village="车道峪村",
            compartments=["15-1", "15-2", "16-4"],
            forest_type="shrub",
            age_group="middle",
            **stand("山杏", "0.55"),
            operation_type="enclosure",
            area_ha=Decimal("42"),
            funding_source="public_welfare_forest",
        ),
        (
            *approved("district_my"),
            # The municipal agency found a defect of the grant: the holder is heard first
            # (product.md §18 B7; its answer or the period's end comes before any revocation).
            StatementNotify("muni_forest", "revoke", "unqualified_applicant", STATEMENT_FACTS),
        ),
    ),
    DemoApplication(
        "applicant_my",
        miyun(
            title="冯家峪镇油松侧柏疏林补植补造作业设计",
            township="冯家峪镇",
            village="番字牌村",
            compartments=["7-3"],
            forest_type="sparse",
            age_group="near_mature",
            **stand("油松、侧柏", "0.25", 450),
            operation_type="replanting",
            area_ha=Decimal("9.8"),
        ),
        (
            Submit(),
            Accept("district_my"),
            Decide("district_my", Decision.RETURN, RETURN_OPINION, items=RETURN_ITEMS),
        ),
    ),
    DemoApplication(
        "applicant_my",
        miyun(
            title="石城镇侧柏林抚育间伐作业设计",
            township="石城镇",
            village="王庄村",
            compartments=["27-1", "27-2"],
            age_group="middle",
            **stand("侧柏", "0.9", 2800),
            operation_type="thinning",
            thinning_intensity_pct=Decimal("35"),
            area_ha=Decimal("14.2"),
            removal_volume_m3=Decimal("150"),
            funding_source="health_management",
        ),
        (
            *forwarded("district_my"),
            Decide("muni_forest", Decision.REJECT, REJECT_OPINION),
        ),
    ),
)

YANQING_APPLICATIONS = (
    DemoApplication(
        "applicant_yq",
        yanqing(
            title="千家店镇油松天然林中幼林抚育作业设计",
            township="千家店镇",
            village="排字岭村",
            compartments=["41-2", "41-5"],
            **YOUNG_TENDING,
            **stand("油松", "0.84", 2400),
            area_ha=Decimal("33.5"),
            removal_volume_m3=Decimal("55"),
        ),
        # Submitted five working days ago: deemed accepted at the next working day's tick.
        (Submit(), Backdate(5)),
    ),
    DemoApplication(
        "applicant_yq",
        yanqing(
            title="珍珠泉乡栓皮栎次生林人工促进天然更新作业设计",
            township="珍珠泉乡",
            village="八亩地村",
            compartments=["52-6"],
            age_group="mature",
            **stand("栓皮栎", "0.35", 600),
            operation_type="assisted_regeneration",
            area_ha=Decimal("21"),
            funding_source="public_welfare_forest",
            site_geometry=ZHENZHUQUAN_SITE,
        ),
        (
            *approved("district_yq"),
            # Revoked on a ground of art. 69 after the holder was heard (product.md §18 B7).
            StatementNotify("muni_forest", "revoke", "unlawful_procedure", REVOCATION_FACTS),
            StatementAnswer(REVOCATION_ANSWER),
            Revoke("muni_forest", "unlawful_procedure", REVOCATION_FINDINGS),
        ),
    ),
)


COMPLETION_NOTE = "各小班已按作业设计完成抚育，清理的枝丫已就地粉碎还林。"
COMPLETION_ACCEPTED = "作业完成报告内容齐全，安排检查验收。"
INSPECTION_PASSED = "抽查小班作业面积、措施与设计相符，保留木分布均匀，未发现越界作业。"
INSPECTION_FAILED = (
    "抽查小班实施了抚育间伐，与批准的中幼林抚育措施不符，且有林木伐除，未见采伐许可证。"
)

# Approved, its work reported done and the report accepted: its inspection is owed.
COMPLETED: tuple[DemoStep, ...] = (
    *approved("district_my"),
    FileCompletion(COMPLETION_NOTE),
    ReviewFiling("district_my", Decision.ACCEPT, COMPLETION_ACCEPTED),
)
INSPECTION_ASSIGNED: tuple[DemoStep, ...] = (
    *COMPLETED,
    AssignInspection("head_my", ("district_my", "district_my2"), 0),
)

# Supervision after the approval (product.md §17): a design whose completion awaits its
# inspection, one that failed with an open rectification, one accepted with its 意见书.
MIYUN_SUPERVISED = (
    DemoApplication(
        "applicant_my",
        miyun_now(
            title="溪翁庄镇油松天然林中幼林抚育作业设计",
            township="溪翁庄镇",
            village="金叵罗村",
            compartments=["8-1", "8-3"],
            **YOUNG_TENDING,
            **stand("油松", "0.8", 2300),
            area_ha=Decimal("14.9"),
        ),
        COMPLETED,
    ),
    DemoApplication(
        "applicant_my",
        miyun_now(
            title="檀营乡侧柏天然林中幼林抚育作业设计",
            township="檀营乡",
            village="二村",
            compartments=["7-2", "7-4"],
            **YOUNG_TENDING,
            **stand("侧柏", "0.83", 2500),
            area_ha=Decimal("19.1"),
        ),
        (
            *INSPECTION_ASSIGNED,
            RecordInspection("district_my2", "fail", "58", INSPECTION_FAILED, operation="thinning"),
        ),
    ),
    DemoApplication(
        "applicant_my",
        miyun_now(
            title="石城镇栓皮栎天然林中幼林抚育作业设计（二期）",
            township="石城镇",
            village="黄峪口村",
            compartments=["31-6"],
            **YOUNG_TENDING,
            **stand("栓皮栎", "0.81", 2500),
            area_ha=Decimal("28.2"),
        ),
        (
            *INSPECTION_ASSIGNED,
            RecordInspection("district_my", "pass", "93", INSPECTION_PASSED),
        ),
    ),
)

# Tianjin tending: the district forestry bureau's approval is final (001 三(二)1), except for
# protection work in a core zone, which goes on to the municipal step (product.md §16 L9).
JIZHOU_APPLICATIONS = (
    DemoApplication(
        "applicant_jz",
        jizhou(
            title="下营镇油松天然林中幼林抚育作业设计",
            township="下营镇",
            village="常州村",
            compartments=["3-4"],
            **YOUNG_TENDING,
            **stand("油松", "0.83", 2300),
            area_ha=Decimal("16.4"),
            removal_volume_m3=Decimal("28"),
        ),
        # Accepted 22 working days ago: the district step is overdue, its head was told.
        (Submit(), Accept("district_jz"), Backdate(22)),
    ),
    DemoApplication(
        "applicant_jz",
        jizhou(
            title="孙各庄满族乡侧柏疏林补植补造作业设计",
            township="孙各庄满族乡",
            village="隆福寺村",
            compartments=["9-1", "9-3"],
            forest_type="sparse",
            age_group="middle",
            **stand("侧柏、山杏", "0.3", 500),
            operation_type="replanting",
            area_ha=Decimal("11.7"),
        ),
        (Submit(), Accept("district_jz"), Decide("district_jz", Decision.APPROVE, JIZHOU_OK)),
    ),
    DemoApplication(
        "applicant_jz",
        # 小班 9-2's management agreement is the village collective's, which entrusted the farm
        # with the work: its letter (委托书) is attached, so rule T6 is satisfied.
        jizhou(
            title="孙各庄满族乡隆福寺村集体天然林中幼林抚育作业设计（受托）",
            township="孙各庄满族乡",
            village="隆福寺村",
            compartments=["9-2"],
            **YOUNG_TENDING,
            **stand("栓皮栎、山杏", "0.82", 2200),
            area_ha=Decimal("6.2"),
            removal_volume_m3=Decimal("9"),
        ),
        (Submit(), Accept("district_jz")),
        entrustment=True,
    ),
    DemoApplication(
        "applicant_jz",
        # 小班 12-1 lies in the 八仙山 reserve core zone (and the red line): pest control there is
        # protection work, not production, so T2 advises instead of refusing and the route sends
        # the design on to 天津市规划资源局 (product.md §16 L9), where it waits.
        jizhou(
            title="下营镇八仙山核心区油松林松材线虫病防治作业设计",
            township="下营镇",
            village="船舱峪村",
            compartments=["12-1"],
            protection_class="reserve_core",
            age_group="middle",
            **stand("油松", "0.72", 1500),
            operation_type="pest_control",
            area_ha=Decimal("6.1"),
            funding_source="public_welfare_forest",
        ),
        (
            Submit(),
            Accept("district_jz"),
            Decide("district_jz", Decision.APPROVE, JIZHOU_PROTECTION_WORK_FORWARD),
        ),
    ),
)
