"""Who the demo knows: the applicants' organisations, the holders of the demo 小班, and one user
per role of api.md with the agency or organisation it acts for."""

from core.credit_codes import credit_code_check_character
from demo.data.records import DemoOrganisation, DemoUser
from roles.models import Role
from roles.reference import BEIJING, TIANJIN

DEMO_PASSWORD = "Forest-demo-2026"  # noqa: S105 (published in api.md for the demo)
ADMIN_USERNAME = "admin"


def demo_credit_code(first17: str) -> str:
    """A fictitious 统一社会信用代码 (GB 32100) with its check character computed: the kind
    (12 事业单位, 91 企业, N2 村级集体经济组织), the district, and an invented organisation code."""
    return first17 + credit_code_check_character(first17)


MIYUN_FARM = DemoOrganisation(
    "密云区国有林场", BEIJING, "110118", demo_credit_code("12110118MB1Y00001")
)
YANQING_UNIT = DemoOrganisation(
    "延庆区森林经营管理中心", BEIJING, "110119", demo_credit_code("12110119MB1Y00002")
)
BEIJING_COMPANY = DemoOrganisation(
    "北京绿岭生态建设有限公司", BEIJING, "110118", demo_credit_code("91110118MA1Y00003")
)
JIZHOU_FARM = DemoOrganisation(
    "蓟州区国有林场", TIANJIN, "120119", demo_credit_code("12120119MB1Y00004")
)
# Who holds the management agreement (管护责任协议) of the demo 小班 (demo/data/parcels-*.geojson,
# names marked 演示): each district's demo applicant, except a few 小班 held by a village
# collective that applies for nothing (rule T6, product.md §16 L13).
DEMO_HOLDERS = {"110118": MIYUN_FARM, "110119": YANQING_UNIT, "120119": JIZHOU_FARM}
VILLAGE_COLLECTIVES = {
    ("110118", ("5-2", "5-3", "5-4")): (
        "密云区太师屯镇东田各庄村股份经济合作社（演示）",
        demo_credit_code("N2110118MF1Y00005"),
    ),
    ("120119", ("9-2", "9-4")): (
        "蓟州区孙各庄满族乡隆福寺村股份经济合作社（演示）",
        demo_credit_code("N2120119MF1Y00006"),
    ),
}


USERS = (
    DemoUser("applicant_my", "王林", Role.APPLICANT, organisation=MIYUN_FARM),
    DemoUser("applicant_yq", "李青山", Role.APPLICANT, organisation=YANQING_UNIT),
    DemoUser("applicant_corp", "赵建国", Role.APPLICANT, organisation=BEIJING_COMPANY),
    DemoUser("applicant_jz", "刘海涛", Role.APPLICANT, organisation=JIZHOU_FARM),
    DemoUser("district_my", "张明", Role.REVIEWER, "110118-forestry"),
    DemoUser("district_yq", "陈静", Role.REVIEWER, "110119-forestry"),
    DemoUser("district_agri_my", "孙丽", Role.REVIEWER, "110118-agriculture"),
    DemoUser("district_jz", "周涛", Role.REVIEWER, "120119-forestry"),
    DemoUser("district_agri_jz", "吴芳", Role.REVIEWER, "120119-agriculture"),
    DemoUser("muni_forest", "郑国华", Role.APPROVER, "bj-forestry"),
    DemoUser("muni_agri", "冯雪", Role.APPROVER, "bj-agriculture"),
    DemoUser("muni_plan", "何平", Role.CONSULTANT, "bj-planning"),
    DemoUser("muni_eco", "韩冰", Role.CONSULTANT, "bj-ecology"),
    DemoUser("muni_water", "杨帆", Role.CONSULTANT, "bj-water"),
    DemoUser("tj_forest", "马骏", Role.APPROVER, "tj-forestry"),
    DemoUser("tj_agri", "黄磊", Role.APPROVER, "tj-agriculture"),
    DemoUser("jz_plan", "许诺", Role.CONSULTANT, "120119-planning"),
    DemoUser("jz_gov", "邓悦", Role.CONSULTANT, "120119-government-service"),
    DemoUser("auditor_bj", "罗敏", Role.AUDITOR, "bj-audit"),
    DemoUser("auditor_tj", "高远", Role.AUDITOR, "120119-audit"),
    DemoUser("district_my2", "刘洋", Role.REVIEWER, "110118-forestry"),
    DemoUser("head_my", "赵德明", Role.HEAD, "110118-forestry"),
    DemoUser("head_jz", "钱宏", Role.HEAD, "120119-forestry"),
    DemoUser("head_forest", "秦岭", Role.HEAD, "bj-forestry"),
)
ADMIN_NAME = "系统管理员"

# 北京市园林绿化局 is also a consulted agency (林草湿地 introductions, product.md §5) and
# api.md names one user of it: muni_forest countersigns for it as well, so no demo consultation
# is a dead end.
EXTRA_ROLES = (("muni_forest", Role.CONSULTANT, "bj-forestry"),)
