"""Demo data for ``manage.py seed_demo`` (PRODUCT §9): the agencies, one user per role of API.md
and tending applications in every state, so a newcomer can log in and click through each role.

Applications are created and moved only through the services, exactly as people would; nothing
here writes a status, a task or a permission itself. Idempotent: users, organisations and
memberships are get-or-create, and a demo application is recognised by its title and skipped
when it exists (whatever state people have since moved it to).
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from io import BytesIO

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from permits import reference as permits_reference
from roles import reference as roles_reference
from roles.models import Agency, Organisation, Role
from roles.reference import BEIJING, TIANJIN
from roles.services import role_grant
from workflows import reference as routes_reference
from workflows.engine import open_tasks
from workflows.services import task_decide

from . import services
from .choices import AttachmentKind, Decision, Kind
from .models import Application

DEMO_PASSWORD = "Forest-demo-2026"  # noqa: S105 (published in API.md for the demo)
ADMIN_USERNAME = "admin"


# ----------------------------------------------------------------------------- who


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    jurisdiction: str
    district: str


MIYUN_FARM = DemoOrganisation("密云区国有林场", BEIJING, "110118")
YANQING_UNIT = DemoOrganisation("延庆区森林经营管理中心", BEIJING, "110119")
BEIJING_COMPANY = DemoOrganisation("北京绿岭生态建设有限公司", BEIJING, "110118")
JIZHOU_FARM = DemoOrganisation("蓟州区国有林场", TIANJIN, "120119")
ORGANISATIONS = (MIYUN_FARM, YANQING_UNIT, BEIJING_COMPANY, JIZHOU_FARM)


@dataclass(frozen=True)
class DemoUser:
    """``name`` goes whole into first_name: get_full_name() then reads 王林, not "林 王"."""

    username: str
    name: str
    role: str
    agency: str | None = None
    organisation: DemoOrganisation | None = None


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
)
ADMIN_NAME = "系统管理员"


# ---------------------------------------------------------------------- what happens


@dataclass(frozen=True)
class Submit:
    def run(self, application, *, users, applicant):
        return services.application_submit(application=application, by=applicant)


@dataclass(frozen=True)
class Decide:
    """The named reviewer decides the application's one open task."""

    by: str
    decision: str
    opinion: str = ""

    def run(self, application, *, users, applicant):
        task = open_tasks(application=application).get()
        _task, application = task_decide(
            task_id=task.pk, by=users[self.by], decision=self.decision, opinion=self.opinion
        )
        return application


@dataclass(frozen=True)
class DemoApplication:
    applicant: str
    data: dict
    steps: tuple = ()
    design_document: bool = True

    @property
    def title(self) -> str:
        return self.data["title"]


def _site(lon: float, lat: float, size: float = 0.006) -> dict:
    """A small square with its south-west corner at a point (GeoJSON Polygon, WGS84)."""
    corners = [(lon, lat), (lon + size, lat), (lon + size, lat + size), (lon, lat + size)]
    return {"type": "Polygon", "coordinates": [[[x, y] for x, y in [*corners, corners[0]]]]}


def _work_period() -> tuple[date, date]:
    """Next year's growing season, so approved permits stay valid while people try the demo."""
    year = timezone.localdate().year + 1
    return date(year, 3, 15), date(year, 11, 15)


def _tending(**fields) -> dict:
    start, end = _work_period()
    data = {
        "forest_origin": "natural",
        "forest_type": "arbor",
        "protection_class": "general",
        "start_date": start,
        "end_date": end,
        "funding_source": "tending_subsidy",
        "design_unit": "北京市林业勘察设计院",
    }
    data.update(fields)
    return data


def _miyun(**fields) -> dict:
    return _tending(jurisdiction_id=BEIJING, district_id="110118", contact_name="王林", **fields)


def _yanqing(**fields) -> dict:
    return _tending(
        jurisdiction_id=BEIJING,
        district_id="110119",
        contact_name="李青山",
        contact_phone="010-69191520",
        **fields,
    )


def _jizhou(**fields) -> dict:
    return _tending(
        jurisdiction_id=TIANJIN,
        district_id="120119",
        contact_name="刘海涛",
        contact_phone="022-29142718",
        design_unit="天津市林业规划设计院",
        **fields,
    )


DISTRICT_OK = "经现场核查，林班小班界线清楚，作业设计符合技术规程，同意上报。"
MUNICIPAL_OK = "同意按作业设计实施，作业期间注意森林防火和野生动物保护。"
JIZHOU_OK = "经审查，作业设计符合《蓟州区落实天然林保护修复制度实施方案》要求，准予实施。"
RETURN_OPINION = (
    "请一次性补正以下材料：1. 补充各小班调查表（含现有林分密度、郁闭度实测数据）；"
    "2. 作业设计书缺少作业区位图；3. 补植树种与苗木规格需与立地条件相符，请说明。"
)
REJECT_OPINION = (
    "拟作业小班位于密云水库上游水源涵养区，坡度大于35度，设计间伐强度35%明显偏高，"
    "易造成水土流失，不符合天然林以封育和自然修复为主的要求，不予批准。"
)

MIYUN_APPLICATIONS = (
    DemoApplication(
        "applicant_my",
        _miyun(
            title="冯家峪镇侧柏林修枝作业设计",
            township="冯家峪镇",
            village="西口外村",
            contact_phone="010-69031862",
            compartments=["8-2"],
            age_group="middle",
            dominant_species="侧柏",
            canopy_density=Decimal("0.62"),
            operation_type="pruning",
            design_unit="",
        ),
        design_document=False,
    ),
    DemoApplication(
        "applicant_my",
        # Key protection zone with thinning: the Beijing T3 advisory (000 二(三)) shows.
        _miyun(
            title="不老屯镇油松天然林抚育间伐作业设计",
            township="不老屯镇",
            village="燕落村",
            contact_phone="010-69041237",
            compartments=["12-3", "12-4"],
            age_group="middle",
            dominant_species="油松",
            canopy_density=Decimal("0.86"),
            stand_density=2100,
            protection_class="key_zone",
            operation_type="thinning",
            thinning_intensity_pct=Decimal("15"),
            area_ha=Decimal("18.6"),
            removal_volume_m3=Decimal("96"),
            site_geometry=_site(117.031, 40.612),
        ),
        (Submit(),),
    ),
    DemoApplication(
        "applicant_my",
        _miyun(
            title="石城镇栓皮栎天然林中幼林抚育作业设计",
            township="石城镇",
            village="黄峪口村",
            contact_phone="010-69016620",
            compartments=["31-7"],
            age_group="young",
            dominant_species="栓皮栎",
            canopy_density=Decimal("0.82"),
            stand_density=2600,
            operation_type="young_forest_tending",
            area_ha=Decimal("25.3"),
            removal_volume_m3=Decimal("40"),
            site_geometry=_site(116.812, 40.497),
        ),
        (Submit(), Decide("district_my", Decision.APPROVE, DISTRICT_OK)),
    ),
    DemoApplication(
        "applicant_my",
        _miyun(
            title="不老屯镇山杏灌木林封育作业设计",
            township="不老屯镇",
            village="车道峪村",
            contact_phone="010-69041237",
            compartments=["15-1", "15-2", "16-4"],
            forest_type="shrub",
            age_group="middle",
            dominant_species="山杏",
            canopy_density=Decimal("0.55"),
            operation_type="enclosure",
            area_ha=Decimal("42"),
            funding_source="public_welfare_forest",
            site_geometry=_site(117.076, 40.648),
        ),
        (
            Submit(),
            Decide("district_my", Decision.APPROVE, DISTRICT_OK),
            Decide("muni_forest", Decision.APPROVE, MUNICIPAL_OK),
        ),
    ),
    DemoApplication(
        "applicant_my",
        _miyun(
            title="冯家峪镇油松侧柏疏林补植补造作业设计",
            township="冯家峪镇",
            village="番字牌村",
            contact_phone="010-69031862",
            compartments=["5-3"],
            forest_type="sparse",
            age_group="near_mature",
            dominant_species="油松、侧柏",
            canopy_density=Decimal("0.25"),
            stand_density=450,
            operation_type="replanting",
            area_ha=Decimal("9.8"),
            site_geometry=_site(116.905, 40.655),
        ),
        (Submit(), Decide("district_my", Decision.RETURN, RETURN_OPINION)),
    ),
    DemoApplication(
        "applicant_my",
        _miyun(
            title="石城镇侧柏林抚育间伐作业设计",
            township="石城镇",
            village="王庄村",
            contact_phone="010-69016620",
            compartments=["27-1", "27-2"],
            age_group="middle",
            dominant_species="侧柏",
            canopy_density=Decimal("0.9"),
            stand_density=2800,
            operation_type="thinning",
            thinning_intensity_pct=Decimal("35"),
            area_ha=Decimal("14.2"),
            removal_volume_m3=Decimal("150"),
            funding_source="health_management",
            site_geometry=_site(116.846, 40.523),
        ),
        (
            Submit(),
            Decide("district_my", Decision.APPROVE, DISTRICT_OK),
            Decide("muni_forest", Decision.REJECT, REJECT_OPINION),
        ),
    ),
)

YANQING_APPLICATIONS = (
    DemoApplication(
        "applicant_yq",
        _yanqing(
            title="千家店镇油松天然林中幼林抚育作业设计",
            township="千家店镇",
            village="排字岭村",
            compartments=["41-2", "41-5"],
            age_group="young",
            dominant_species="油松",
            canopy_density=Decimal("0.84"),
            stand_density=2400,
            operation_type="young_forest_tending",
            area_ha=Decimal("33.5"),
            removal_volume_m3=Decimal("55"),
            site_geometry=_site(116.338, 40.682),
        ),
        (Submit(),),
    ),
    DemoApplication(
        "applicant_yq",
        _yanqing(
            title="珍珠泉乡栓皮栎次生林人工促进天然更新作业设计",
            township="珍珠泉乡",
            village="八亩地村",
            compartments=["52-6"],
            age_group="mature",
            dominant_species="栓皮栎",
            canopy_density=Decimal("0.35"),
            stand_density=600,
            operation_type="assisted_regeneration",
            area_ha=Decimal("21"),
            funding_source="public_welfare_forest",
            site_geometry=_site(116.455, 40.575),
        ),
        (
            Submit(),
            Decide("district_yq", Decision.APPROVE, DISTRICT_OK),
            Decide("muni_forest", Decision.APPROVE, MUNICIPAL_OK),
        ),
    ),
)

# Tianjin tending: the district forestry bureau's approval is final (001 三(二)1).
JIZHOU_APPLICATIONS = (
    DemoApplication(
        "applicant_jz",
        _jizhou(
            title="下营镇油松天然林中幼林抚育作业设计",
            township="下营镇",
            village="常州村",
            compartments=["3-4"],
            age_group="young",
            dominant_species="油松",
            canopy_density=Decimal("0.83"),
            stand_density=2300,
            operation_type="young_forest_tending",
            area_ha=Decimal("16.4"),
            removal_volume_m3=Decimal("28"),
            site_geometry=_site(117.482, 40.168),
        ),
        (Submit(),),
    ),
    DemoApplication(
        "applicant_jz",
        _jizhou(
            title="孙各庄满族乡侧柏疏林补植补造作业设计",
            township="孙各庄满族乡",
            village="隆福寺村",
            compartments=["9-1", "9-3"],
            forest_type="sparse",
            age_group="middle",
            dominant_species="侧柏、山杏",
            canopy_density=Decimal("0.3"),
            stand_density=500,
            operation_type="replanting",
            area_ha=Decimal("11.7"),
            site_geometry=_site(117.561, 40.128),
        ),
        (Submit(), Decide("district_jz", Decision.APPROVE, JIZHOU_OK)),
    ),
)

APPLICATIONS = MIYUN_APPLICATIONS + YANQING_APPLICATIONS + JIZHOU_APPLICATIONS


# ------------------------------------------------------------------------- documents

PDF_FONT = "STSong-Light"  # a CID font: real, extractable text in a file of a few kilobytes


def _pdf_font() -> str:
    if PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    return PDF_FONT


def design_document_pdf(*, title: str, lines: list[str]) -> bytes:
    """A one-page 作业设计书, rendered in memory."""
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(title)
    canvas.setFont(_pdf_font(), 16)
    canvas.drawCentredString(A4[0] / 2, 265 * mm, title)
    canvas.setFont(_pdf_font(), 11)
    y = 245 * mm
    for line in lines:
        canvas.drawString(25 * mm, y, line)
        y -= 8 * mm
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def design_document_upload(application) -> SimpleUploadedFile:
    detail = application.detail if type(application) is Application else application
    lines = [
        f"申请编号：{detail.reference}",
        f"作业地点：{detail.district.name}{detail.township}{detail.village}",
        f"林班-小班：{'、'.join(detail.compartments)}",
        f"优势树种：{detail.dominant_species}    郁闭度：{detail.canopy_density}",
        f"作业面积：{detail.area_ha} 公顷",
        f"作业期限：{detail.start_date} 至 {detail.end_date}",
        f"设计单位：{detail.design_unit}",
    ]
    pdf = design_document_pdf(title=f"{detail.title}（作业设计书）", lines=lines)
    return SimpleUploadedFile(f"{detail.title}.pdf", pdf, content_type="application/pdf")


# ----------------------------------------------------------------------------- seeding


@dataclass
class DemoSummary:
    users_created: list[str] = field(default_factory=list)
    users_total: int = 0
    applications_created: list[str] = field(default_factory=list)
    applications_skipped: list[str] = field(default_factory=list)
    by_status: Counter = field(default_factory=Counter)


def _organisation(spec: DemoOrganisation) -> Organisation:
    organisation, _created = Organisation.objects.get_or_create(
        name=spec.name,
        defaults={"jurisdiction_id": spec.jurisdiction, "district_id": spec.district},
    )
    return organisation


def _user(spec: DemoUser, password_hash: str, summary: DemoSummary):
    # The password is set on creation only: a second run must not rewrite anything.
    user, created = get_user_model().objects.get_or_create(
        username=spec.username, defaults={"first_name": spec.name, "password": password_hash}
    )
    if created:
        summary.users_created.append(spec.username)
    agency = Agency.objects.get(code=spec.agency) if spec.agency else None
    organisation = _organisation(spec.organisation) if spec.organisation else None
    role_grant(user=user, role=spec.role, agency=agency, organisation=organisation)
    return user


def _admin(summary: DemoSummary) -> None:
    User = get_user_model()
    if not User.objects.filter(username=ADMIN_USERNAME).exists():
        User.objects.create_superuser(
            username=ADMIN_USERNAME, password=DEMO_PASSWORD, first_name=ADMIN_NAME, email=""
        )
        summary.users_created.append(ADMIN_USERNAME)


def _demo_applications():
    return Application.objects.filter(title__in=[spec.title for spec in APPLICATIONS])


def _application(spec: DemoApplication, users: dict) -> Application | None:
    applicant = users[spec.applicant]
    if _demo_applications().filter(title=spec.title, created_by=applicant).exists():
        return None
    application = services.application_create(by=applicant, kind=Kind.TENDING, data=spec.data)
    if spec.design_document:
        services.attachment_add(
            application=application,
            by=applicant,
            kind=AttachmentKind.DESIGN_DOCUMENT,
            upload=design_document_upload(application),
        )
    for step in spec.steps:
        application = step.run(application, users=users, applicant=applicant)
    return application


@transaction.atomic
def demo_seed() -> DemoSummary:
    """Load reference data, demo users and demo applications; a second run changes nothing."""
    summary = DemoSummary()
    roles_reference.load()
    routes_reference.load()
    permits_reference.load()
    # One hash for the one published demo password: PBKDF2 costs ~0.5 s a user.
    password_hash = make_password(DEMO_PASSWORD)
    users = {spec.username: _user(spec, password_hash, summary) for spec in USERS}
    _admin(summary)
    for spec in APPLICATIONS:
        created = _application(spec, users)
        target = summary.applications_created if created else summary.applications_skipped
        target.append(spec.title)
    summary.users_total = len(USERS) + 1
    summary.by_status = Counter(_demo_applications().values_list("status", flat=True))
    return summary
