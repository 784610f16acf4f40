"""Demo data for ``manage.py seed_demo`` (product.md §9): the agencies, one user per role of api.md
and applications of all three types in every state (tending designs; forest-land occupations and
alien species introductions, some waiting for countersigns), so a newcomer can log in and click
through each role.

The map comes first (product.md §15): demo zone layers and 小班 registries around the demo villages,
read from ``demo/data`` and imported like an administrator's files, flagged ``demo`` and labelled
演示数据，非官方数据. Every submitted demo application lies where its declaration says (its 小班 in
the registry, or a site drawn inside its village), and a few drafts titled 【演示】 show what
each map rule does.

Applications are created and moved only through the services, exactly as people would; nothing
here writes a status, a task or a permission itself. Idempotent: users, organisations and
memberships are get-or-create, a layer is imported only where none exists yet, and a demo
application is recognised by its title and skipped when it exists (whatever state people have
since moved it to).
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any, cast

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas
from viewflow.workflow.models import Task

from core.credit_codes import credit_code_check_character
from licensing.lapses import permits_lapse
from licensing.models import OPEN_REQUEST_STATUSES, PermitRequest
from licensing.requests import permit_request_submit, renewals_deem
from licensing.revocation import permit_revoke
from licensing.services import statement_answer, statement_notice_issue
from licensing.windows import introduction_windows_close
from permits import reference as permits_reference
from permits import services
from permits.choices import AttachmentKind, Decision, Kind, Status
from permits.models import (
    Application,
    IntroductionApplication,
    OccupationRequest,
    TendingDesign,
)
from permits.obligations import add_months
from permits.plans import plan_import
from permits.screening import site_parcels
from permits.selectors import obligations_of
from plans.models import Plan
from public.models import Report
from public.publication import decisions_publish
from public.reports import report_close, report_file, report_site_check
from roles import reference as roles_reference
from roles.models import Agency, District, Jurisdiction, Organisation, Role
from roles.reference import BEIJING, TIANJIN
from roles.services import role_grant
from supervision.inspections import inspection_assign, inspection_result
from supervision.models import Inspection
from supervision.services import filing_submit, incident_submit
from workflows import reference as routes_reference
from workflows import services as task_services
from workflows.clock import clocks_backdate
from workflows.engine import open_tasks
from workflows.models import RestorationFee
from workflows.selectors import interested_parties_of, interested_party_notices_of
from workflows.services import task_decide
from zones.models import Layer, LayerKind, Parcel
from zones.services import layer_import

DEMO_PASSWORD = "Forest-demo-2026"  # noqa: S105 (published in api.md for the demo)
ADMIN_USERNAME = "admin"


# ----------------------------------------------------------------------------- who


def demo_credit_code(first17: str) -> str:
    """A fictitious 统一社会信用代码 (GB 32100) with its check character computed: the kind
    (12 事业单位, 91 企业, N2 村级集体经济组织), the district, and an invented organisation code."""
    return first17 + credit_code_check_character(first17)


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    jurisdiction: str
    district: str
    credit_code: str


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


# ----------------------------------------------------------------------------- where

DEMO_DATA = Path(__file__).resolve().parent / "data"
DEMO_NOTICE = "演示数据，非官方数据"


@dataclass(frozen=True)
class DemoLayer:
    """A layer file of ``demo/data``: invented shapes around the demo villages, never official
    boundaries; every feature's ``source`` says so as well."""

    file_name: str
    kind: str
    jurisdiction: str
    source: str
    district: str | None = None


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


def _polygon(*corners: tuple[float, float]) -> dict[str, Any]:
    """A GeoJSON Polygon (WGS 84) through ``corners`` (longitude, latitude), closed."""
    return {"type": "Polygon", "coordinates": [[[x, y] for x, y in [*corners, corners[0]]]]}


def _point(lon: float, lat: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [lon, lat]}


# Sites the applicants drew (a tending design without one is its 小班 as the registry draws
# them). Each lies where its declaration says on the demo map, and its area is the declared one.
WATER_PIPELINE_SITE = _polygon(  # 1.85 ha: a 16 m working strip along the new main
    (116.962952, 40.434066),
    (116.958433, 40.430551),
    (116.958567, 40.430449),
    (116.963048, 40.433934),
    (116.970021, 40.43513),
    (116.969979, 40.43527),
)
LOOKOUT_TOWER_SITE = _polygon(  # 0.35 ha in 不老屯镇北部山地生态保护红线（演示）
    (117.046993, 40.626572),
    (117.046461, 40.626828),
    (117.04607, 40.626608),
    (117.046231, 40.626185),
    (117.046689, 40.626228),
)
HOTEL_SITE = _polygon(  # 3.2 ha on 小班 31-5, natural forest in the registry
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
        _polygon(*corners)["coordinates"]
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
ZHENZHUQUAN_SITE = _polygon(  # 21 ha inside 小班 52-6 (23.4 ha): its rocky rim is left out
    (116.457883, 40.571023),
    (116.461592, 40.570899),
    (116.464182, 40.569949),
    (116.464236, 40.574365),
    (116.459416, 40.575195),
    (116.459054, 40.573326),
)
# An occupation on 小班 5-3, held by the 东田各庄 village collective (product.md §16 L14).
VILLAGE_RESERVOIR_SITE = _polygon(  # 1.69 ha inside 小班 5-3 (planted forest)
    (117.13241, 40.523122),
    (117.13391, 40.523122),
    (117.13391, 40.524322),
    (117.13241, 40.524322),
)
# The drafts and the application that show the map rules.
VILLAGE_ROAD_SITE = _polygon(  # 0.91 ha, crossing the approved water pipeline's strip
    (116.96673, 40.43851),
    (116.96513, 40.43181),
    (116.96527, 40.43179),
    (116.96687, 40.43849),
)
FIRE_STATION_SITE = _polygon(  # 0.6 ha: 100 m × 60 m north of the approved pipeline
    (116.975, 40.4405),
    (116.97618, 40.4405),
    (116.97618, 40.44104),
    (116.975, 40.44104),
)
WATER_PLANT_SITE = _polygon(  # 12.4 ha: 400 m × 310 m east of the pipeline
    (116.985, 40.436),
    (116.98972, 40.436),
    (116.98972, 40.43879),
    (116.985, 40.43879),
)
FIBRE_CABLE_SITE = _polygon(  # 0.48 ha: 80 m × 60 m south-west of the pipeline
    (116.950000, 40.425000),
    (116.950943, 40.425000),
    (116.950943, 40.425540),
    (116.950000, 40.425540),
)
SEWAGE_STATION_SITE = _polygon(  # 0.48 ha: 80 m × 60 m, west of the fibre cable's strip
    (116.947000, 40.425000),
    (116.947943, 40.425000),
    (116.947943, 40.425540),
    (116.947000, 40.425540),
)
FIREBREAK_SITE = _polygon(  # 1.47 ha: a 30 m strip across 小班 41-5 and 41-4
    (116.345719, 40.68476),
    (116.339953, 40.684264),
    (116.339993, 40.683995),
    (116.345759, 40.684492),
)


# ---------------------------------------------------------------------- what happens


@dataclass(frozen=True)
class Submit:
    def run(
        self, application: Application, *, users: dict[str, User], applicant: User
    ) -> Application:
        return task_services.application_submit(application=application, by=applicant)


@dataclass(frozen=True)
class Decide:
    """The named reviewer decides the application's open task: its one task, or during a
    consultation the task of the consulted agency ``agency`` (an agency code)."""

    by: str
    decision: str
    opinion: str = ""
    agency: str | None = None
    items: tuple[dict[str, Any], ...] = ()

    def run(
        self, application: Application, *, users: dict[str, User], applicant: User
    ) -> Application:
        tasks = open_tasks(application=application)
        if self.agency is not None:
            agency = Agency.objects.get(code=self.agency)
            tasks = tasks.filter(owner_permission_obj_pk=str(agency.pk))
        _task, application = task_decide(
            task_id=tasks.get().pk,
            by=users[self.by],
            decision=self.decision,
            opinion=self.opinion,
            items=list(self.items) or None,
        )
        return application


@dataclass(frozen=True)
class Accept:
    """The district agency's reviewer accepts (受理) the submission: its review clock starts."""

    by: str

    def run(
        self, application: Application, *, users: dict[str, User], applicant: User
    ) -> Application:
        return Decide(self.by, Decision.ACCEPT, ACCEPT_OPINION).run(
            application, users=users, applicant=applicant
        )


@dataclass(frozen=True)
class Backdate:
    """Move the application's running clocks back by ``working_days`` (as if its step had begun
    that many working days ago), so that the demo shows a step about to be deemed accepted or
    overdue. Only the demo does this: real clocks start when their task is created."""

    working_days: int

    def run(
        self, application: Application, *, users: dict[str, User], applicant: User
    ) -> Application:
        clocks_backdate(application=application, working_days=self.working_days)
        # The open tasks were received when their clocks started, not today: a queue showing
        # a task received today and due two days ago read as a broken clock.
        for task in open_tasks(application=application).prefetch_related("clocks"):
            started = min(
                (c.running_since for c in task.clocks.all() if c.running_since), default=None
            )
            if started is not None:
                received = timezone.make_aware(datetime.combine(started, time(9, 0)))
                type(task).objects.filter(pk=task.pk).update(created=received)
        return application


@dataclass(frozen=True)
class SpecialProcedureStart:
    """The named official records a special procedure (art. 45) on the open task."""

    by: str
    kind: str
    reason: str
    expected_working_days: int

    def run(
        self, application: Application, *, users: dict[str, User], applicant: User
    ) -> Application:
        task_services.special_procedure_start(
            task_id=open_tasks(application=application).get().pk,
            by=users[self.by],
            kind=self.kind,
            reason=self.reason,
            expected_working_days=self.expected_working_days,
        )
        return application


@dataclass(frozen=True)
class SiteCheckRecord:
    """Two of the district agency's staff check the occupation's site (现场查验): the area they
    measure is the declared one."""

    by: str
    inspectors: tuple[str, ...]
    findings: str

    def run(
        self, application: Application, *, users: dict[str, User], applicant: User
    ) -> Application:
        detail = cast(OccupationRequest, application.detail)
        task_services.site_check_record(
            task_id=open_tasks(application=application).get().pk,
            by=users[self.by],
            checked_on=timezone.localdate(),
            inspectors=list(self.inspectors),
            findings=self.findings,
            measured_area_ha=str(detail.area_ha),
        )
        return application


@dataclass(frozen=True)
class FeePaid:
    """The deciding agency records the restoration fee the notice demanded (product.md §16 L7):
    the approval is issued."""

    by: str
    receipt_number: str

    def run(
        self, application: Application, *, users: dict[str, User], applicant: User
    ) -> Application:
        fee = RestorationFee.objects.get(application_id=application.pk)
        return task_services.fee_record(
            application_id=application.pk,
            by=users[self.by],
            amount=fee.amount_due,
            paid_on=timezone.localdate(),
            receipt_number=self.receipt_number,
        )


def _open_task(application: Application) -> Task:
    return open_tasks(application=application).get()


@dataclass(frozen=True)
class InterestedPartyNotify:
    """The named official issues a 利害关系人告知书 to each holder of the site's land other than
    the applicant (product.md §16 L14)."""

    by: str

    def run(
        self, application: Application, *, users: dict[str, User], applicant: User
    ) -> Application:
        for party in interested_parties_of(application):
            task_services.interested_party_notify(
                task_id=_open_task(application).pk,
                by=users[self.by],
                holder_credit_code=party.credit_code,
            )
        return application


@dataclass(frozen=True)
class InterestedPartyAnswer:
    """The named official records what each told holder answered, today."""

    by: str
    answer: str

    def run(
        self, application: Application, *, users: dict[str, User], applicant: User
    ) -> Application:
        for notice in interested_party_notices_of(application).filter(answered_on__isnull=True):
            task_services.interested_party_answer(
                notice_id=notice.pk,
                by=users[self.by],
                answer=self.answer,
                answered_on=timezone.localdate(),
            )
        return application


@dataclass(frozen=True)
class StatementNotify:
    """The deciding agency tells the holder the act it intends, on a ground of the law, and
    waits for its statement (陈述申辩告知书, product.md §18 B7)."""

    by: str
    act: str
    ground: str
    facts: str

    def run(
        self, application: Application, *, users: dict[str, User], applicant: User
    ) -> Application:
        statement_notice_issue(
            application=application,
            by=users[self.by],
            act=self.act,
            ground=self.ground,
            facts=self.facts,
        )
        return application


@dataclass(frozen=True)
class StatementAnswer:
    """The holder states and defends itself on the pending statement notice (art. 7)."""

    answer: str

    def run(
        self, application: Application, *, users: dict[str, User], applicant: User
    ) -> Application:
        statement_answer(application=application, by=applicant, answer=self.answer)
        return application


@dataclass(frozen=True)
class Revoke:
    """The deciding agency revokes on the ground the holder was heard on (art. 69)."""

    by: str
    ground: str
    reason: str

    def run(
        self, application: Application, *, users: dict[str, User], applicant: User
    ) -> Application:
        return permit_revoke(
            application=application, by=users[self.by], ground=self.ground, reason=self.reason
        )


@dataclass(frozen=True)
class Ask:
    """The holder asks for a change, a renewal (``until_months`` after the permit's end) or a
    surrender of its permit (product.md §18 B1, B2, B10)."""

    kind: str
    reason: str
    changes: tuple[tuple[str, Any], ...] = ()
    until_months: int = 0

    def run(
        self, application: Application, *, users: dict[str, User], applicant: User
    ) -> Application:
        until = None
        if self.until_months and application.valid_until:
            until = add_months(application.valid_until, self.until_months).isoformat()
        permit_request_submit(
            application=application,
            by=applicant,
            kind=self.kind,
            reason=self.reason,
            changes=dict(self.changes) or None,
            until=until,
        )
        return application


@dataclass(frozen=True)
class DecideRequest:
    """The deciding agency's official decides the open task of the holder's request."""

    by: str
    decision: str
    opinion: str = ""

    def run(
        self, application: Application, *, users: dict[str, User], applicant: User
    ) -> Application:
        from viewflow.workflow.models import Task

        from workflows.engine import OPEN_TASK_STATUSES

        task = Task.objects.get(
            process__permitprocess__application_id=application.pk,
            process__permitprocess__permit_request__status__in=OPEN_REQUEST_STATUSES,
            flow_task_type="HUMAN",
            status__in=OPEN_TASK_STATUSES,
        )
        _task, application = task_decide(
            task_id=task.pk, by=users[self.by], decision=self.decision, opinion=self.opinion
        )
        return application


@dataclass(frozen=True)
class RenewalRunsOut:
    """Only the demo does this: the permit's last day is moved to yesterday (as if the
    accepted renewal had waited out the permit's validity undecided), then the tick's job
    grants it by law (art. 50(2)), as it would have the day after the real last day."""

    def run(
        self, application: Application, *, users: dict[str, User], applicant: User
    ) -> Application:
        yesterday = timezone.localdate() - timedelta(days=1)
        assert application.valid_until is not None  # a renewal was asked of it
        shift = application.valid_until - yesterday
        Application.objects.filter(pk=application.pk).update(valid_until=yesterday)
        # An introduction's window moves with it (never past the monitoring period).
        IntroductionApplication.objects.filter(
            pk=application.pk, introduction_until__isnull=False
        ).update(introduction_until=F("introduction_until") - shift)
        for request in PermitRequest.objects.filter(
            application_id=application.pk, status__in=OPEN_REQUEST_STATUSES
        ):
            # The renewal asked for as long after the moved end as after the real one.
            request.valid_until_then = yesterday
            request.until = request.until - shift if request.until else None
            request.save(update_fields=["valid_until_then", "until"])
        renewals_deem(timezone.now())
        return application


@dataclass(frozen=True)
class ValidityRunsOut:
    """Only the demo does this: a permanent occupation's approval is made to have ended
    yesterday (as if two years had passed without a construction-land approval), then the
    tick's job lapses and cancels it (product.md §18 B4), as it would the day after."""

    def run(
        self, application: Application, *, users: dict[str, User], applicant: User
    ) -> Application:
        yesterday = timezone.localdate() - timedelta(days=1)
        Application.objects.filter(pk=application.pk).update(valid_until=yesterday)
        permits_lapse(timezone.now())
        return application


@dataclass(frozen=True)
class WindowRunsOut:
    """Only the demo does this: an introduction's window is made to have ended yesterday (as
    if its months had passed), then the tick's job records its close (product.md §18 B6): the
    permit stays in force, its monitoring owed."""

    def run(
        self, application: Application, *, users: dict[str, User], applicant: User
    ) -> Application:
        yesterday = timezone.localdate() - timedelta(days=1)
        assert application.status == Status.APPROVED  # only a permit in force has a window
        IntroductionApplication.objects.filter(pk=application.pk).update(
            introduction_until=yesterday
        )
        introduction_windows_close(timezone.now())
        return application


@dataclass(frozen=True)
class File:
    """The holder files its first owed obligation of ``kind`` (product.md §17)."""

    kind: str
    data: tuple[tuple[str, Any], ...]
    note: str = ""

    def run(
        self, application: Application, *, users: dict[str, User], applicant: User
    ) -> Application:
        obligation = obligations_of(application).filter(kind=self.kind, status="open").first()
        assert obligation is not None, (application.reference, self.kind)
        filing_submit(
            obligation_id=obligation.pk, by=applicant, data=dict(self.data), note=self.note
        )
        return application


@dataclass(frozen=True)
class ReportEscape:
    """The holder of an introduction reports an escape (product.md §17 A5)."""

    data: tuple[tuple[str, Any], ...]

    def run(
        self, application: Application, *, users: dict[str, User], applicant: User
    ) -> Application:
        today = timezone.localdate().isoformat()
        data = {k: today if v == "__today__" else v for k, v in self.data}
        incident_submit(application=application, by=applicant, data=data)
        return application


def _shares(application: Application) -> dict[str, Decimal]:
    """Each approved 小班's share of the site (the screening's), else the area split evenly."""
    detail = application.detail
    named = [str(code) for code in getattr(detail, "compartments", None) or []]
    known = {
        str(p["compartment"]): Decimal(str(p["overlap_ha"]))
        for p in site_parcels(detail)
        if p.get("compartment")
    }
    area = Decimal(str(getattr(detail, "area_ha", 0) or 0))
    shares = {code: known.get(code, area / max(len(named), 1)) for code in named}
    total = sum(shares.values(), Decimal(0))
    scale = min(Decimal(1), area / total) if total else Decimal(1)
    return {
        code: (share * scale).quantize(Decimal("0.01"), "ROUND_DOWN")
        for code, share in shares.items()
    }


@dataclass(frozen=True)
class FileCompletion:
    """The holder reports its tending done (product.md §17 A1): each approved 小班 with its
    share of the site and the approved operation."""

    note: str = ""

    def run(
        self, application: Application, *, users: dict[str, User], applicant: User
    ) -> Application:
        obligation = obligations_of(application).get(kind="tending_completion", status="open")
        operation = getattr(application.detail, "operation_type", "")
        parcels = [
            {"compartment": code, "area_ha": str(area), "operation_type": operation}
            for code, area in _shares(application).items()
        ]
        data = {"completed_on": timezone.localdate().isoformat(), "parcels": parcels}
        filing_submit(obligation_id=obligation.pk, by=applicant, data=data, note=self.note)
        return application


@dataclass(frozen=True)
class ReviewFiling:
    """``by`` decides the open review of a filing of the application (product.md §17 A5)."""

    by: str
    decision: str
    opinion: str = ""

    def run(
        self, application: Application, *, users: dict[str, User], applicant: User
    ) -> Application:
        task = Task.objects.filter(
            flow_task_type="HUMAN",
            process__permitprocess__application_id=application.pk,
            process__permitprocess__filing__isnull=False,
            status="NEW",
        ).first()
        assert task is not None, application.reference
        task_decide(
            task_id=task.pk, by=users[self.by], decision=self.decision, opinion=self.opinion
        )
        return application


@dataclass(frozen=True)
class AssignInspection:
    """The head assigns the open inspection to ``inspectors``, ``in_days`` from today."""

    by: str
    inspectors: tuple[str, ...]
    in_days: int = 3

    def run(
        self, application: Application, *, users: dict[str, User], applicant: User
    ) -> Application:
        inspection = Inspection.objects.get(application_id=application.pk, status="planned")
        inspection_assign(
            inspection_id=inspection.pk,
            by=users[self.by],
            inspectors=list(self.inspectors),
            planned_on=timezone.localdate() + timedelta(days=self.in_days),
        )
        return application


@dataclass(frozen=True)
class RecordInspection:
    """An inspector records the result: each sampled 小班 measured at its share of the site
    times ``area_factor``, with ``operation`` (default: the approved one)."""

    by: str
    outcome: str
    score: str
    findings: str = ""
    operation: str = ""
    area_factor: Decimal = Decimal("0.98")

    def run(
        self, application: Application, *, users: dict[str, User], applicant: User
    ) -> Application:
        inspection = Inspection.objects.get(application_id=application.pk, status="assigned")
        shares = _shares(application)
        operation = self.operation or getattr(application.detail, "operation_type", "")
        parcels = [
            {
                "compartment": code,
                "measured_area_ha": str(
                    (shares[code] * self.area_factor).quantize(Decimal("0.01"))
                ),
                "operation_type": operation,
            }
            for code in inspection.sample
        ]
        inspection_result(
            inspection_id=inspection.pk,
            by=users[self.by],
            parcels=parcels,
            score=self.score,
            outcome=self.outcome,
            findings=self.findings,
        )
        return application


# What happens to a demo application after it is created, in order.
DemoStep = (
    Submit
    | Decide
    | Accept
    | Backdate
    | SpecialProcedureStart
    | SiteCheckRecord
    | FeePaid
    | InterestedPartyNotify
    | InterestedPartyAnswer
    | File
    | ReportEscape
    | FileCompletion
    | ReviewFiling
    | AssignInspection
    | RecordInspection
    | StatementNotify
    | StatementAnswer
    | Revoke
    | Ask
    | DecideRequest
    | RenewalRunsOut
    | ValidityRunsOut
    | WindowRunsOut
)


@dataclass(frozen=True)
class DemoApplication:
    applicant: str
    data: dict[str, Any]
    steps: tuple[DemoStep, ...] = ()
    design_document: bool = True
    kind: str = Kind.TENDING
    # The letter of the holder of the 小班's management agreement (rule T6).
    entrustment: bool = False
    # An occupation's compensation agreement with the holders of its land (product.md §16 L14).
    compensation_agreement: bool = False

    @property
    def title(self) -> str:
        title: str = self.data["title"]
        return title

    @property
    def attachment_kinds(self) -> tuple[str, ...]:
        """What the applicant attaches before the steps (all a submission needs)."""
        if self.kind == Kind.OCCUPATION:
            both = (AttachmentKind.PROJECT_APPROVAL, AttachmentKind.SITE_MAP)
            agreement = (AttachmentKind.COMPENSATION_AGREEMENT,)
            return (*both, *agreement) if self.compensation_agreement else both
        if self.kind == Kind.INTRODUCTION:
            return (AttachmentKind.RISK_ASSESSMENT, AttachmentKind.QUARANTINE_CERTIFICATE)
        design = (AttachmentKind.DESIGN_DOCUMENT,) if self.design_document else ()
        return (*design, AttachmentKind.ENTRUSTMENT) if self.entrustment else design


@dataclass(frozen=True)
class DemoPlan:
    """A district's annual plan per 小班 (product.md §19 P4), written as the CSV table a district
    forestry bureau keeps (任务分解表) and imported through ``plan_import``. ``season`` says
    which year: the supervised designs' (this season's) or the designs under review (next
    year's)."""

    district: str
    season: bool
    source: str
    # 乡镇,村,林班,小班,任务类型,面积（公顷）,资金来源,责任单位: a line a task.
    rows: str

    def year(self) -> int:
        return _this_season()[0].year if self.season else _work_period()[0].year

    def table(self) -> bytes:
        header = "乡镇,村,林班,小班,任务类型,面积（公顷）,资金来源,责任单位"
        lines = [header, *(line.strip() for line in self.rows.strip().splitlines())]
        return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _plan_source(district: str) -> str:
    return f"{DEMO_NOTICE}：{district}天然林保护修复年度任务分解表（示意），任务与面积系虚构"


DEMO_PLANS = (
    DemoPlan(
        "110118",
        True,
        _plan_source("密云区"),
        """
        溪翁庄镇,金叵罗村,8,1,中幼林抚育,6.2,森林抚育补助,溪翁庄镇人民政府（演示）
        溪翁庄镇,金叵罗村,8,3,中幼林抚育,5.8,森林抚育补助,溪翁庄镇人民政府（演示）
        檀营乡,,7,2,中幼林抚育,4.5,森林抚育补助,檀营乡人民政府（演示）
        檀营乡,,7,4,中幼林抚育,3.9,森林抚育补助,檀营乡人民政府（演示）
        石城镇,,31,6,中幼林抚育,7.3,森林抚育补助,石城镇人民政府（演示）
        石城镇,,31,5,封育,9.0,国家级公益林管护,石城镇人民政府（演示）
        """,
    ),
    DemoPlan(
        "110118",
        False,
        _plan_source("密云区"),
        """
        冯家峪镇,,8,2,修枝,3.2,森林抚育补助,冯家峪镇人民政府（演示）
        冯家峪镇,,7,3,补植补造,4.1,森林抚育补助,冯家峪镇人民政府（演示）
        不老屯镇,,12,3,抚育间伐,8.6,森林抚育补助,不老屯镇人民政府（演示）
        不老屯镇,,12,4,抚育间伐,7.9,森林抚育补助,不老屯镇人民政府（演示）
        不老屯镇,,15,1,封育,10.4,国家级公益林管护,不老屯镇人民政府（演示）
        不老屯镇,,15,2,封育,9.7,国家级公益林管护,不老屯镇人民政府（演示）
        不老屯镇,,16,4,封育,6.3,国家级公益林管护,不老屯镇人民政府（演示）
        不老屯镇,车道峪村,16,5,封育,17.0,国家级公益林管护,不老屯镇人民政府（演示）
        太师屯镇,,5,1,中幼林抚育,5.5,森林抚育补助,太师屯镇人民政府（演示）
        石城镇,,31,7,中幼林抚育,6.8,森林抚育补助,石城镇人民政府（演示）
        石城镇,,27,1,抚育间伐,5.0,森林健康经营林木抚育,石城镇人民政府（演示）
        石城镇,,27,2,抚育间伐,4.6,森林健康经营林木抚育,石城镇人民政府（演示）
        """,
    ),
    DemoPlan(
        "110119",
        False,
        _plan_source("延庆区"),
        """
        珍珠泉乡,,52,6,人工促进天然更新,6.0,国家级公益林管护,珍珠泉乡人民政府（演示）
        千家店镇,,41,1,封育,12.0,国家级公益林管护,千家店镇人民政府（演示）
        """,
    ),
    DemoPlan(
        "120119",
        False,
        _plan_source("蓟州区"),
        """
        下营镇,,3,4,中幼林抚育,8.0,森林抚育补助,下营镇人民政府（演示）
        下营镇,,12,1,中幼林抚育,5.0,森林抚育补助,下营镇人民政府（演示）
        孙各庄满族乡,,9,1,中幼林抚育,4.0,森林抚育补助,孙各庄满族乡人民政府（演示）
        孙各庄满族乡,,9,2,中幼林抚育,3.5,森林抚育补助,孙各庄满族乡人民政府（演示）
        孙各庄满族乡,,9,3,中幼林抚育,4.2,森林抚育补助,孙各庄满族乡人民政府（演示）
        """,
    ),
)


def _work_period() -> tuple[date, date]:
    """Next year's growing season, so approved permits stay valid while people try the demo."""
    year = timezone.localdate().year + 1
    return date(year, 3, 15), date(year, 11, 15)


def _tending(**fields: Any) -> dict[str, Any]:
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


def _miyun(**fields: Any) -> dict[str, Any]:
    return _tending(jurisdiction_id=BEIJING, district_id="110118", contact_name="王林", **fields)


def _yanqing(**fields: Any) -> dict[str, Any]:
    return _tending(
        jurisdiction_id=BEIJING,
        district_id="110119",
        contact_name="李青山",
        contact_phone="010-69191520",
        **fields,
    )


def _jizhou(**fields: Any) -> dict[str, Any]:
    return _tending(
        jurisdiction_id=TIANJIN,
        district_id="120119",
        contact_name="刘海涛",
        contact_phone="022-29142718",
        design_unit="天津市林业规划设计院",
        **fields,
    )


ACCEPT_OPINION = "申请材料齐全，符合法定形式，予以受理。"
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
        # Key protection zone with thinning: the Beijing T3 advisory (000 二(三)) shows. Its 小班
        # lie in 不老屯镇天然林保护重点区域（演示）.
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
        ),
        (Submit(), Accept("district_my")),
    ),
    DemoApplication(
        "applicant_my",
        # Just submitted: waiting for 密云区园林绿化局 to accept it (受理, 5 working days).
        _miyun(
            title="太师屯镇油松天然林中幼林抚育作业设计",
            township="太师屯镇",
            village="东田各庄村",
            contact_phone="010-69091235",
            compartments=["5-1"],
            age_group="young",
            dominant_species="油松",
            canopy_density=Decimal("0.78"),
            stand_density=2400,
            operation_type="young_forest_tending",
            area_ha=Decimal("12.5"),
            removal_volume_m3=Decimal("18"),
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
        ),
        (
            Submit(),
            Accept("district_my"),
            Decide("district_my", Decision.APPROVE, DISTRICT_OK),
            # Paused for an expert review (art. 45): the municipal step's clock and the legal
            # period wait for its result (product.md §16 L3).
            SpecialProcedureStart("muni_forest", "expert_review", EXPERT_REVIEW_REASON, 15),
        ),
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
        ),
        (
            Submit(),
            Accept("district_my"),
            Decide("district_my", Decision.APPROVE, DISTRICT_OK),
            Decide("muni_forest", Decision.APPROVE, MUNICIPAL_OK),
            # The municipal agency found a defect of the grant: the holder is heard first
            # (product.md §18 B7; its answer or the period's end comes before any revocation).
            StatementNotify("muni_forest", "revoke", "unqualified_applicant", STATEMENT_FACTS),
        ),
    ),
    DemoApplication(
        "applicant_my",
        _miyun(
            title="冯家峪镇油松侧柏疏林补植补造作业设计",
            township="冯家峪镇",
            village="番字牌村",
            contact_phone="010-69031862",
            compartments=["7-3"],
            forest_type="sparse",
            age_group="near_mature",
            dominant_species="油松、侧柏",
            canopy_density=Decimal("0.25"),
            stand_density=450,
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
        ),
        (
            Submit(),
            Accept("district_my"),
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
        ),
        # Submitted five working days ago: deemed accepted at the next working day's tick.
        (Submit(), Backdate(5)),
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
            site_geometry=ZHENZHUQUAN_SITE,
        ),
        (
            Submit(),
            Accept("district_yq"),
            Decide("district_yq", Decision.APPROVE, DISTRICT_OK),
            Decide("muni_forest", Decision.APPROVE, MUNICIPAL_OK),
            # Revoked on a ground of art. 69 after the holder was heard (product.md §18 B7).
            StatementNotify("muni_forest", "revoke", "unlawful_procedure", REVOCATION_FACTS),
            StatementAnswer(REVOCATION_ANSWER),
            Revoke("muni_forest", "unlawful_procedure", REVOCATION_FINDINGS),
        ),
    ),
)


def _this_season() -> tuple[date, date]:
    """A work period under way now: the designs that are already supervised (§17)."""
    today = timezone.localdate()
    return today - timedelta(days=60), today + timedelta(days=30)


def _miyun_now(**fields: Any) -> dict[str, Any]:
    start, end = _this_season()
    return _miyun(start_date=start, end_date=end, **fields)


COMPLETION_NOTE = "各小班已按作业设计完成抚育，清理的枝丫已就地粉碎还林。"
COMPLETION_ACCEPTED = "作业完成报告内容齐全，安排检查验收。"
INSPECTION_PASSED = "抽查小班作业面积、措施与设计相符，保留木分布均匀，未发现越界作业。"
INSPECTION_FAILED = (
    "抽查小班实施了抚育间伐，与批准的中幼林抚育措施不符，且有林木伐除，未见采伐许可证。"
)

# Supervision after the approval (product.md §17): a design whose completion awaits its
# inspection, one that failed with an open rectification, one accepted with its 意见书.
MIYUN_SUPERVISED = (
    DemoApplication(
        "applicant_my",
        _miyun_now(
            title="溪翁庄镇油松天然林中幼林抚育作业设计",
            township="溪翁庄镇",
            village="金叵罗村",
            contact_phone="010-69012271",
            compartments=["8-1", "8-3"],
            age_group="young",
            dominant_species="油松",
            canopy_density=Decimal("0.8"),
            stand_density=2300,
            operation_type="young_forest_tending",
            area_ha=Decimal("14.9"),
        ),
        (
            Submit(),
            Accept("district_my"),
            Decide("district_my", Decision.APPROVE, DISTRICT_OK),
            Decide("muni_forest", Decision.APPROVE, MUNICIPAL_OK),
            FileCompletion(COMPLETION_NOTE),
            ReviewFiling("district_my", Decision.ACCEPT, COMPLETION_ACCEPTED),
        ),
    ),
    DemoApplication(
        "applicant_my",
        _miyun_now(
            title="檀营乡侧柏天然林中幼林抚育作业设计",
            township="檀营乡",
            village="二村",
            contact_phone="010-69041583",
            compartments=["7-2", "7-4"],
            age_group="young",
            dominant_species="侧柏",
            canopy_density=Decimal("0.83"),
            stand_density=2500,
            operation_type="young_forest_tending",
            area_ha=Decimal("19.1"),
        ),
        (
            Submit(),
            Accept("district_my"),
            Decide("district_my", Decision.APPROVE, DISTRICT_OK),
            Decide("muni_forest", Decision.APPROVE, MUNICIPAL_OK),
            FileCompletion(COMPLETION_NOTE),
            ReviewFiling("district_my", Decision.ACCEPT, COMPLETION_ACCEPTED),
            AssignInspection("head_my", ("district_my", "district_my2"), 0),
            RecordInspection("district_my2", "fail", "58", INSPECTION_FAILED, operation="thinning"),
        ),
    ),
    DemoApplication(
        "applicant_my",
        _miyun_now(
            title="石城镇栓皮栎天然林中幼林抚育作业设计（二期）",
            township="石城镇",
            village="黄峪口村",
            contact_phone="010-69016620",
            compartments=["31-6"],
            age_group="young",
            dominant_species="栓皮栎",
            canopy_density=Decimal("0.81"),
            stand_density=2500,
            operation_type="young_forest_tending",
            area_ha=Decimal("28.2"),
        ),
        (
            Submit(),
            Accept("district_my"),
            Decide("district_my", Decision.APPROVE, DISTRICT_OK),
            Decide("muni_forest", Decision.APPROVE, MUNICIPAL_OK),
            FileCompletion(COMPLETION_NOTE),
            ReviewFiling("district_my", Decision.ACCEPT, COMPLETION_ACCEPTED),
            AssignInspection("head_my", ("district_my", "district_my2"), 0),
            RecordInspection("district_my", "pass", "93", INSPECTION_PASSED),
        ),
    ),
)

# Tianjin tending: the district forestry bureau's approval is final (001 三(二)1), except for
# protection work in a core zone, which goes on to the municipal step (product.md §16 L9).
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
        ),
        # Accepted 22 working days ago: the district step is overdue, its head was told.
        (Submit(), Accept("district_jz"), Backdate(22)),
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
        ),
        (Submit(), Accept("district_jz"), Decide("district_jz", Decision.APPROVE, JIZHOU_OK)),
    ),
    DemoApplication(
        "applicant_jz",
        # 小班 9-2's management agreement is the village collective's, which entrusted the farm
        # with the work: its letter (委托书) is attached, so rule T6 is satisfied.
        _jizhou(
            title="孙各庄满族乡隆福寺村集体天然林中幼林抚育作业设计（受托）",
            township="孙各庄满族乡",
            village="隆福寺村",
            compartments=["9-2"],
            age_group="young",
            dominant_species="栓皮栎、山杏",
            canopy_density=Decimal("0.82"),
            stand_density=2200,
            operation_type="young_forest_tending",
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
        _jizhou(
            title="下营镇八仙山核心区油松林松材线虫病防治作业设计",
            township="下营镇",
            village="船舱峪村",
            compartments=["12-1"],
            protection_class="reserve_core",
            age_group="middle",
            dominant_species="油松",
            canopy_density=Decimal("0.72"),
            stand_density=1500,
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

# ------------------------------------------------------------- occupations (占用林地)

BEIJING_COMPANY_CONTACT = {"contact_name": "赵建国", "contact_phone": "010-69088126"}


def _beijing_corp(**fields: Any) -> dict[str, Any]:
    return {
        "jurisdiction_id": BEIJING,
        "district_id": "110118",
        **BEIJING_COMPANY_CONTACT,
        **fields,
    }


def _jizhou_unit(**fields: Any) -> dict[str, Any]:
    return {
        "jurisdiction_id": TIANJIN,
        "district_id": "120119",
        "contact_name": "刘海涛",
        "contact_phone": "022-29142718",
        **fields,
    }


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

CHANGE_REASON = "引种计划调整，引入数量减少；联系电话变更。"
CHANGE_OK = "经审查，申请变更的事项为减少引入数量和变更联系电话，符合法定条件，同意变更。"
RENEWAL_REASON = "引种观察期内尚未完成适应性评价，需延续许可一年继续监测。"
SURRENDER_REASON = "光缆线路改由原有杆路架设，不再需要临时使用林地，申请注销许可。"

OCCUPATION_APPLICATIONS = (
    DemoApplication(
        "applicant_corp",
        _beijing_corp(
            title="穆家峪镇供水管线工程临时使用林地",
            township="穆家峪镇",
            village="阁老峪村",
            project_name="密云区穆家峪镇农村供水管网改造工程",
            project_type="infrastructure",
            project_approval_ref="京密发改〔2026〕31号",
            occupation_kind="temporary",
            duration_months=12,
            land_category="planted_forest",
            protection_class="general",
            area_ha=Decimal("1.86"),
            destroys_surface_vegetation=True,
            restoration_plan=(
                "管线敷设完成后分层回填、覆表土，按原树种补植油松、侧柏容器苗，"
                "株行距2米×3米，临时使用期满前恢复林业生产条件。"
            ),
            site_geometry=WATER_PIPELINE_SITE,
        ),
        (
            Submit(),
            Accept("district_my"),
            SiteCheckRecord("district_my", ("district_my", "district_my2"), SITE_CHECK_MIYUN),
            Decide("district_my", Decision.APPROVE, OCCUPATION_DISTRICT_OK),
            Decide("muni_plan", Decision.AGREE, PLANNING_AGREE, "bj-planning"),
            Decide("muni_forest", Decision.APPROVE, OCCUPATION_APPROVE),
            FeePaid("muni_forest", "京财非税（2026）0104521"),
        ),
        kind=Kind.OCCUPATION,
    ),
    # Surrendered by its holder (product.md §18 B10): the use ended that day, the restoration
    # is owed within the year (森林法 art. 38; §17 A4).
    DemoApplication(
        "applicant_corp",
        _beijing_corp(
            title="穆家峪镇通信光缆线路工程临时使用林地",
            township="穆家峪镇",
            village="荆稍坟村",
            project_name="密云区穆家峪镇通信光缆线路改造工程",
            project_type="infrastructure",
            project_approval_ref="京密发改〔2026〕44号",
            occupation_kind="temporary",
            duration_months=12,
            land_category="planted_forest",
            protection_class="general",
            area_ha=Decimal("0.48"),
            destroys_surface_vegetation=True,
            restoration_plan="施工结束后回填表土，补植侧柏容器苗，恢复林业生产条件。",
            site_geometry=FIBRE_CABLE_SITE,
        ),
        (
            Submit(),
            Accept("district_my"),
            SiteCheckRecord("district_my", ("district_my", "district_my2"), SITE_CHECK_MIYUN),
            Decide("district_my", Decision.APPROVE, OCCUPATION_DISTRICT_OK),
            Decide("muni_plan", Decision.AGREE, PLANNING_AGREE, "bj-planning"),
            Decide("muni_forest", Decision.APPROVE, OCCUPATION_APPROVE),
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
        _beijing_corp(
            title="溪翁庄镇农村污水处理站建设项目使用林地",
            township="溪翁庄镇",
            village="金叵罗村",
            project_name="密云区溪翁庄镇农村污水处理站建设项目",
            project_type="public_facility",
            project_approval_ref="京密发改〔2024〕27号",
            occupation_kind="permanent",
            land_category="planted_forest",
            forest_category="timber",
            protection_class="general",
            area_ha=Decimal("0.48"),
            destroys_surface_vegetation=True,
            site_geometry=SEWAGE_STATION_SITE,
        ),
        (
            Submit(),
            Accept("district_my"),
            SiteCheckRecord("district_my", ("district_my", "district_my2"), SITE_CHECK_MIYUN),
            Decide("district_my", Decision.APPROVE, OCCUPATION_DISTRICT_OK),
            Decide("muni_plan", Decision.AGREE, PLANNING_AGREE, "bj-planning"),
            Decide("muni_forest", Decision.APPROVE, OCCUPATION_APPROVE),
            FeePaid("muni_forest", "京财非税（2026）0104702"),
            ValidityRunsOut(),
        ),
        kind=Kind.OCCUPATION,
    ),
    # Approved, its restoration fee unpaid: no approval is issued until it is (§16 L7).
    DemoApplication(
        "applicant_corp",
        _beijing_corp(
            title="溪翁庄镇森林消防站建设项目使用林地",
            township="溪翁庄镇",
            village="金叵罗村",
            project_name="密云区溪翁庄镇森林消防站建设项目",
            project_type="public_facility",
            project_approval_ref="京密发改〔2026〕63号",
            occupation_kind="permanent",
            land_category="planted_forest",
            forest_category="timber",
            protection_class="general",
            area_ha=Decimal("0.6"),
            destroys_surface_vegetation=True,
            site_geometry=FIRE_STATION_SITE,
        ),
        (
            Submit(),
            Accept("district_my"),
            SiteCheckRecord("district_my", ("district_my", "district_my2"), SITE_CHECK_MIYUN),
            Decide("district_my", Decision.APPROVE, OCCUPATION_DISTRICT_OK),
            Decide("muni_plan", Decision.AGREE, PLANNING_AGREE, "bj-planning"),
            Decide("muni_forest", Decision.APPROVE, "同意使用林地，缴纳森林植被恢复费后核发。"),
        ),
        kind=Kind.OCCUPATION,
    ),
    # 12.4 ha of shelter forest: beyond the municipal authority (森林法实施条例 art. 16(2)),
    # forwarded to 国家林业和草原局 with the first-instance opinion (§16 L6).
    DemoApplication(
        "applicant_corp",
        _beijing_corp(
            title="穆家峪镇水厂扩建工程永久使用林地",
            township="穆家峪镇",
            village="阁老峪村",
            project_name="密云区穆家峪镇第二水厂扩建工程",
            project_type="infrastructure",
            project_approval_ref="京发改〔2026〕211号",
            occupation_kind="permanent",
            land_category="planted_forest",
            forest_category="shelter",
            protection_class="general",
            area_ha=Decimal("12.4"),
            destroys_surface_vegetation=True,
            site_geometry=WATER_PLANT_SITE,
        ),
        (
            Submit(),
            Accept("district_my"),
            SiteCheckRecord("district_my", ("district_my", "district_my2"), SITE_CHECK_MIYUN),
            Decide("district_my", Decision.APPROVE, OCCUPATION_DISTRICT_OK),
            Decide("muni_plan", Decision.AGREE, PLANNING_AGREE, "bj-planning"),
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
        _beijing_corp(
            title="不老屯镇森林防火瞭望塔及巡护道路工程使用林地",
            township="不老屯镇",
            village="燕落村",
            project_name="密云区不老屯镇森林防火瞭望塔及巡护道路工程",
            project_type="public_facility",
            project_approval_ref="京密发改〔2026〕47号",
            occupation_kind="permanent",
            land_category="planted_forest",
            protection_class="red_line",
            area_ha=Decimal("0.35"),
            destroys_surface_vegetation=True,
            site_geometry=LOOKOUT_TOWER_SITE,
        ),
        (
            Submit(),
            Accept("district_my"),
            SiteCheckRecord("district_my", ("district_my", "district_my2"), SITE_CHECK_MIYUN),
            Decide("district_my", Decision.APPROVE, OCCUPATION_DISTRICT_OK),
        ),
        kind=Kind.OCCUPATION,
    ),
    DemoApplication(
        "applicant_corp",
        _beijing_corp(
            title="石城镇山地度假酒店项目使用林地",
            township="石城镇",
            village="黄峪口村",
            project_name="密云区石城镇山地度假酒店项目",
            project_type="commercial",
            project_approval_ref="京密发改（备）〔2026〕9号",
            occupation_kind="permanent",
            land_category="natural_forest",
            protection_class="general",
            area_ha=Decimal("3.2"),
            destroys_surface_vegetation=True,
            site_geometry=HOTEL_SITE,
        ),
        (
            Submit(),
            Accept("district_my"),
            SiteCheckRecord("district_my", ("district_my", "district_my2"), SITE_CHECK_HOTEL),
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
        _jizhou_unit(
            title="下营镇10千伏输电线路塔基临时使用林地",
            township="下营镇",
            village="常州村",
            project_name="蓟州区下营镇10千伏输电线路改造工程",
            project_type="infrastructure",
            project_approval_ref="津蓟发改〔2026〕18号",
            occupation_kind="temporary",
            duration_months=18,
            land_category="planted_forest",
            protection_class="general",
            area_ha=Decimal("0.62"),
            destroys_surface_vegetation=True,
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
        _beijing_corp(
            title="太师屯镇东田各庄村供水蓄水池及管理用房使用林地",
            township="太师屯镇",
            village="东田各庄村",
            project_name="密云区太师屯镇东田各庄村农村供水保障工程",
            project_type="infrastructure",
            project_approval_ref="京密发改〔2026〕58号",
            occupation_kind="permanent",
            land_category="planted_forest",
            protection_class="general",
            area_ha=Decimal("1.69"),
            destroys_surface_vegetation=True,
            site_geometry=VILLAGE_RESERVOIR_SITE,
        ),
        (
            Submit(),
            Accept("district_my"),
            SiteCheckRecord("district_my", ("district_my", "district_my2"), SITE_CHECK_VILLAGE),
            InterestedPartyNotify("district_my"),
            InterestedPartyAnswer("district_my", VILLAGE_ANSWER),
            Decide("district_my", Decision.APPROVE, VILLAGE_OCCUPATION_OK),
        ),
        kind=Kind.OCCUPATION,
    ),
)


# ---------------------------------------------------------- introductions (外来物种引入)

INTRODUCTION_DISTRICT_OK = "风险评估报告和检疫证明齐全，隔离防控措施可行，同意上报。"
WATER_AGREE = "养殖尾水经处理后循环利用，不排入天然水体，同意。"
ECOLOGY_AGREE = "逃逸风险可控，请落实监测和应急处置措施，同意。"
FORESTRY_AGREE = "引种地点不涉及天然林和自然保护地，隔离种植措施可行，同意。"
INTRODUCTION_APPROVE = "准予引入。每6个月报送一次引入后监测报告，监测期2年。"


def _landscaping_introduction(**fields: Any) -> dict[str, Any]:
    """A Miyun landscaping introduction decided by the district agency (the permit's life)."""
    return _beijing_corp(
        taxon_group="plant",
        origin_country="美国",
        quantity_unit="株",
        purpose="landscaping",
        habitat_domain="forest_grassland_wetland",
        containment_measures=(
            "苗木在隔离种植区内定植观察，专人管护；及时清除落果，防止自然扩散；"
            "每季度巡查一次，发现异常立即报告并处置。"
        ),
        monitoring_interval_months=6,
        monitoring_years=2,
        **fields,
    )


PERMIT_LIFE_APPLICATIONS = (
    # A change granted (product.md §18 B1): version 2, its approval superseded.
    DemoApplication(
        "applicant_corp",
        _landscaping_introduction(
            title="北美鹅掌楸园林绿化引种",
            township="溪翁庄镇",
            village="金叵罗村",
            scientific_name="Liriodendron tulipifera L.",
            chinese_name="北美鹅掌楸",
            quantity=Decimal("500"),
            introduction_site="密云区溪翁庄镇绿岭苗圃隔离种植区",
            site_geometry=_point(116.851, 40.451),
        ),
        (
            Submit(),
            Accept("district_agri_my"),
            Decide("district_agri_my", Decision.APPROVE, INTRODUCTION_DISTRICT_OK),
            Decide("muni_forest", Decision.AGREE, FORESTRY_AGREE, "bj-forestry"),
            Decide("muni_eco", Decision.AGREE, ECOLOGY_AGREE, "bj-ecology"),
            Decide("muni_agri", Decision.APPROVE, INTRODUCTION_APPROVE),
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
        _landscaping_introduction(
            title="美国红枫园林绿化引种",
            township="溪翁庄镇",
            village="金叵罗村",
            scientific_name="Acer rubrum L.",
            chinese_name="美国红枫",
            quantity=Decimal("400"),
            introduction_site="密云区溪翁庄镇绿岭苗圃隔离种植区",
            site_geometry=_point(116.855, 40.453),
        ),
        (
            Submit(),
            Accept("district_agri_my"),
            Decide("district_agri_my", Decision.APPROVE, INTRODUCTION_DISTRICT_OK),
            Decide("muni_forest", Decision.AGREE, FORESTRY_AGREE, "bj-forestry"),
            Decide("muni_eco", Decision.AGREE, ECOLOGY_AGREE, "bj-ecology"),
            Decide("muni_agri", Decision.APPROVE, INTRODUCTION_APPROVE),
            Ask("renewal", RENEWAL_REASON, until_months=12),
            DecideRequest("muni_agri", Decision.ACCEPT),
            RenewalRunsOut(),
        ),
        kind=Kind.INTRODUCTION,
    ),
    # A renewal waiting for the agency's acceptance (its queue shows the task).
    DemoApplication(
        "applicant_corp",
        _landscaping_introduction(
            title="北美枫香园林绿化引种",
            township="溪翁庄镇",
            village="金叵罗村",
            scientific_name="Liquidambar styraciflua L.",
            chinese_name="北美枫香",
            quantity=Decimal("300"),
            introduction_site="密云区溪翁庄镇绿岭苗圃隔离种植区",
            site_geometry=_point(116.857, 40.454),
        ),
        (
            Submit(),
            Accept("district_agri_my"),
            Decide("district_agri_my", Decision.APPROVE, INTRODUCTION_DISTRICT_OK),
            Decide("muni_forest", Decision.AGREE, FORESTRY_AGREE, "bj-forestry"),
            Decide("muni_eco", Decision.AGREE, ECOLOGY_AGREE, "bj-ecology"),
            Decide("muni_agri", Decision.APPROVE, INTRODUCTION_APPROVE),
            Ask("renewal", RENEWAL_REASON, until_months=12),
        ),
        kind=Kind.INTRODUCTION,
    ),
)

INTRODUCTION_APPLICATIONS = (
    DemoApplication(
        "applicant_corp",
        _beijing_corp(
            title="北美红栎园林绿化引种",
            township="溪翁庄镇",
            village="金叵罗村",
            scientific_name="Quercus rubra L.",
            chinese_name="北美红栎",
            taxon_group="plant",
            origin_country="美国",
            quantity=Decimal("800"),
            quantity_unit="株",
            purpose="landscaping",
            habitat_domain="forest_grassland_wetland",
            introduction_site="密云区溪翁庄镇绿岭苗圃隔离种植区",
            site_geometry=_point(116.853, 40.452),
            containment_measures=(
                "苗木在隔离种植区内定植观察，专人管护；及时清除落果，防止自然扩散；"
                "每季度巡查一次，发现异常立即报告并处置。"
            ),
            monitoring_interval_months=6,
            monitoring_years=3,
        ),
        (
            Submit(),
            Accept("district_agri_my"),
            Decide("district_agri_my", Decision.APPROVE, INTRODUCTION_DISTRICT_OK),
        ),
        kind=Kind.INTRODUCTION,
    ),
    DemoApplication(
        "applicant_corp",
        _beijing_corp(
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
            site_geometry=_point(116.803, 40.318),
            containment_measures=(
                "封闭循环水车间养殖，进排水口设双层防逃网；养殖尾水经处理后循环利用，"
                "不排入天然水体；死亡个体无害化处理。"
            ),
            monitoring_interval_months=6,
            monitoring_years=2,
        ),
        (
            Submit(),
            Accept("district_agri_my"),
            Decide("district_agri_my", Decision.APPROVE, INTRODUCTION_DISTRICT_OK),
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
        _jizhou_unit(
            title="北美冬青园林绿化引种",
            township="下营镇",
            village="郭家沟村",
            scientific_name="Ilex verticillata (L.) A. Gray",
            chinese_name="北美冬青",
            taxon_group="plant",
            origin_country="美国",
            quantity=Decimal("300"),
            quantity_unit="株",
            purpose="landscaping",
            habitat_domain="forest_grassland_wetland",
            introduction_site="蓟州区下营镇国有林场苗圃",
            site_geometry=_point(117.468, 40.147),
            containment_measures="苗圃内集中栽植，果实成熟前摘除，防止鸟类取食传播。",
            monitoring_interval_months=12,
            monitoring_years=2,
        ),
        (Submit(), Accept("district_agri_jz")),
        kind=Kind.INTRODUCTION,
    ),
)

# ------------------------------------------------------------- what the map says (§15)

# Drafts complete in every other respect, so that what stops them is the map alone; and one
# application in review whose site overlaps another's. Created after the applications they
# overlap.
MAP_RULE_APPLICATIONS = (
    DemoApplication(
        "applicant_my",
        # Declared "general", but 小班 45-2 lies in the reserve core zone (and the red line).
        _miyun(
            title="【演示】新城子镇油松天然林中幼林抚育作业设计：申报一般区域，小班位于自然保护区"
            "核心区（提交时触发 Z1、T2）",
            township="新城子镇",
            village="遥桥峪村",
            contact_phone="010-81023346",
            compartments=["45-2"],
            age_group="young",
            dominant_species="油松",
            canopy_density=Decimal("0.84"),
            stand_density=2300,
            operation_type="young_forest_tending",
            area_ha=Decimal("9.4"),
            removal_volume_m3=Decimal("15"),
        ),
    ),
    DemoApplication(
        "applicant_my",
        # The registry records 小班 27-3 as natural forest.
        _miyun(
            title="【演示】石城镇侧柏林修枝作业设计：申报为人工林，小班登记为天然林"
            "（提交时触发 Z1）",
            township="石城镇",
            village="王庄村",
            contact_phone="010-69016620",
            compartments=["27-3"],
            forest_origin="planted",
            age_group="middle",
            dominant_species="侧柏",
            canopy_density=Decimal("0.7"),
            stand_density=1800,
            operation_type="pruning",
            area_ha=Decimal("8.6"),
        ),
    ),
    DemoApplication(
        "applicant_my",
        # 小班 16-5 measures 17.0 ha on the map.
        _miyun(
            title="【演示】不老屯镇山杏灌木林封育作业设计：申报面积比小班面积大约30%"
            "（显示 Z2 提示）",
            township="不老屯镇",
            village="车道峪村",
            contact_phone="010-69041237",
            compartments=["16-5"],
            forest_type="shrub",
            age_group="middle",
            dominant_species="山杏",
            canopy_density=Decimal("0.5"),
            operation_type="enclosure",
            area_ha=Decimal("22"),
            funding_source="public_welfare_forest",
        ),
    ),
    DemoApplication(
        "applicant_my",
        # 小班 5-2's management agreement is a village collective's; no letter of entrustment.
        _miyun(
            title="【演示】太师屯镇油松天然林中幼林抚育作业设计：小班由村集体经济组织管护，未附委托书"
            "（提交时触发 T6）",
            township="太师屯镇",
            village="东田各庄村",
            contact_phone="010-69091235",
            compartments=["5-2"],
            age_group="young",
            dominant_species="油松",
            canopy_density=Decimal("0.8"),
            stand_density=2300,
            operation_type="young_forest_tending",
            area_ha=Decimal("13.1"),
            removal_volume_m3=Decimal("20"),
        ),
    ),
    DemoApplication(
        "applicant_corp",
        _beijing_corp(
            title="【演示】穆家峪镇村级道路拓宽工程临时使用林地：与已批准的供水管线用地重叠"
            "（提交时触发 Z3）",
            township="穆家峪镇",
            village="阁老峪村",
            project_name="密云区穆家峪镇阁老峪村村级道路拓宽工程",
            project_type="infrastructure",
            project_approval_ref="京密发改〔2026〕52号",
            occupation_kind="temporary",
            duration_months=6,
            land_category="planted_forest",
            protection_class="general",
            area_ha=Decimal("0.91"),
            destroys_surface_vegetation=True,
            restoration_plan="施工便道使用结束后清除硬化层，回填表土，补植侧柏容器苗。",
            site_geometry=VILLAGE_ROAD_SITE,
        ),
        kind=Kind.OCCUPATION,
    ),
    DemoApplication(
        "applicant_yq",
        # Crosses 小班 41-5 of the design submitted above: reviewers of both see the overlap.
        _yanqing(
            title="【演示】千家店镇森林防火隔离带作业设计：与在审作业设计的小班重叠（审查时提示重叠）",
            township="千家店镇",
            village="排字岭村",
            compartments=["41-4", "41-5"],
            age_group="middle",
            dominant_species="油松",
            canopy_density=Decimal("0.72"),
            stand_density=1600,
            operation_type="fire_prevention",
            area_ha=Decimal("1.47"),
            funding_source="self",
            site_geometry=FIREBREAK_SITE,
        ),
        (Submit(), Accept("district_yq")),
    ),
)

APPLICATIONS = (
    MIYUN_APPLICATIONS
    + YANQING_APPLICATIONS
    + JIZHOU_APPLICATIONS
    + OCCUPATION_APPLICATIONS
    + INTRODUCTION_APPLICATIONS
    + MAP_RULE_APPLICATIONS
    + MIYUN_SUPERVISED
    + PERMIT_LIFE_APPLICATIONS
)


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


def _pdf_upload(name: str, title: str, lines: list[str]) -> SimpleUploadedFile:
    pdf = design_document_pdf(title=title, lines=lines)
    return SimpleUploadedFile(f"{name}.pdf", pdf, content_type="application/pdf")


def _location(detail: Application) -> str:
    return f"{detail.jurisdiction.name}{detail.district.name}{detail.township}{detail.village}"


def project_approval_upload(detail: Application) -> SimpleUploadedFile:
    """立项批准文件 of an occupation."""
    assert isinstance(detail, OccupationRequest)  # only occupations attach it
    lines = [
        f"文号：{detail.project_approval_ref}",
        f"项目名称：{detail.project_name}",
        f"建设单位：{detail.organisation.name}",
        f"建设地点：{_location(detail)}",
        "经研究，同意该项目立项。请据此办理用地、规划、环评等相关手续。",
    ]
    return _pdf_upload(f"{detail.project_name}（立项批准）", "项目立项批准文件", lines)


def _boundary_points(geometry: dict[str, Any] | None) -> list[list[float]]:
    """The corners of a site's outer rings, in order (every part of a MultiPolygon)."""
    if not geometry or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        return []
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    return [corner for polygon in polygons for corner in polygon[0][:-1]]


def site_map_upload(detail: Application) -> SimpleUploadedFile:
    """用地范围图 of an occupation: the site's boundary points as text."""
    assert isinstance(detail, OccupationRequest)  # only occupations attach it
    corners = _boundary_points(detail.site_geometry)[:16]
    lines = [
        f"项目名称：{detail.project_name}",
        f"用地位置：{_location(detail)}",
        f"用地面积：{detail.area_ha} 公顷",
        *[f"界址点{n}：东经{x:.6f}° 北纬{y:.6f}°" for n, (x, y) in enumerate(corners, 1)],
        "坐标系：WGS84",
    ]
    return _pdf_upload(f"{detail.project_name}（用地范围图）", "使用林地用地范围图", lines)


def risk_assessment_upload(detail: Application) -> SimpleUploadedFile:
    """风险评估报告 of an introduction."""
    assert isinstance(detail, IntroductionApplication)  # only introductions attach it
    lines = [
        f"物种：{detail.chinese_name}（{detail.scientific_name}）",
        f"原产地：{detail.origin_country}",
        f"引入地点：{detail.introduction_site}",
        f"引入数量：{detail.quantity} {detail.quantity_unit}",
        "评估结论：在落实隔离防控措施的前提下，逃逸和扩散风险低，可以引入。",
    ]
    return _pdf_upload(f"{detail.chinese_name}引入风险评估报告", "外来物种引入风险评估报告", lines)


def quarantine_certificate_upload(detail: Application) -> SimpleUploadedFile:
    """检疫证明 of an introduction."""
    assert isinstance(detail, IntroductionApplication)  # only introductions attach it
    lines = [
        f"物种：{detail.chinese_name}（{detail.scientific_name}）",
        f"数量：{detail.quantity} {detail.quantity_unit}",
        f"输出国家：{detail.origin_country}",
        "检疫结果：未发现检疫性有害生物，准予调运。",
    ]
    return _pdf_upload(f"{detail.chinese_name}检疫证明", "检疫证明", lines)


def design_document_upload(application: Application) -> SimpleUploadedFile:
    detail = application.detail if type(application) is Application else application
    assert isinstance(detail, TendingDesign)  # only tending designs attach it
    lines = [
        f"申请编号：{detail.reference}",
        f"作业地点：{detail.district.name}{detail.township}{detail.village}",
        f"林班-小班：{'、'.join(detail.compartments)}",
        f"优势树种：{detail.dominant_species}    郁闭度：{detail.canopy_density}",
        f"作业面积：{detail.area_ha} 公顷",
        f"作业期限：{detail.start_date} 至 {detail.end_date}",
        f"设计单位：{detail.design_unit}",
    ]
    return _pdf_upload(detail.title, f"{detail.title}（作业设计书）", lines)


def entrustment_upload(application: Application) -> SimpleUploadedFile:
    """委托书 of the holders of the design's 小班 whose management agreement is not the
    applicant's (as the registry names them), entrusting the applicant with the work."""
    detail = application.detail if type(application) is Application else application
    assert isinstance(detail, TendingDesign)  # only tending designs attach it
    organisation = detail.organisation
    held = (
        Parcel.objects.filter(
            layer__superseded_at__isnull=True,
            district_id=detail.district_id,
            compartment__in=detail.compartments,
        )
        .exclude(agreement_holder_code=organisation.unified_credit_code)
        .order_by("compartment")
    )
    holders = sorted({(p.agreement_holder, p.agreement_holder_code) for p in held})
    lines = [
        *[f"委托单位：{name}（统一社会信用代码：{code}）" for name, code in holders],
        f"受托单位：{organisation.name}（统一社会信用代码：{organisation.unified_credit_code}）",
        f"林班-小班：{'、'.join(p.compartment for p in held)}",
        f"委托事项：按管护责任协议，委托受托单位实施“{detail.title}”所列抚育作业。",
        f"委托期限：{detail.start_date} 至 {detail.end_date}",
        f"{DEMO_NOTICE}：委托单位与信用代码系虚构",
    ]
    return _pdf_upload(f"{detail.title}（委托书）", "委托书", lines)


def compensation_agreement_upload(application: Application) -> SimpleUploadedFile:
    """补偿协议 of an occupation with the holders of its land (product.md §16 L14), named after
    them, as the engine reads it (workflows.selectors.interested_parties_of)."""
    detail = application.detail if type(application) is Application else application
    assert isinstance(detail, OccupationRequest)  # only occupations attach it
    holders = [(p.name, p.credit_code) for p in interested_parties_of(detail)]
    lines = [
        *[f"甲方（林地管护单位）：{name}（统一社会信用代码：{code}）" for name, code in holders],
        f"乙方（建设单位）：{detail.organisation.name}",
        f"项目名称：{detail.project_name}",
        "补偿内容：林地、林木补偿费按规定标准一次性支付。",
        f"{DEMO_NOTICE}：协议双方与信用代码系虚构",
    ]
    names = "、".join(name for name, _code in holders)
    return _pdf_upload(f"补偿协议（{names}）", "使用林地补偿协议", lines)


# How each kind of demo attachment is made from the application it belongs to.
ATTACHMENT_UPLOADS: dict[str, Callable[[Application], SimpleUploadedFile]] = {
    AttachmentKind.DESIGN_DOCUMENT: design_document_upload,
    AttachmentKind.PROJECT_APPROVAL: project_approval_upload,
    AttachmentKind.SITE_MAP: site_map_upload,
    AttachmentKind.RISK_ASSESSMENT: risk_assessment_upload,
    AttachmentKind.QUARANTINE_CERTIFICATE: quarantine_certificate_upload,
    AttachmentKind.ENTRUSTMENT: entrustment_upload,
    AttachmentKind.COMPENSATION_AGREEMENT: compensation_agreement_upload,
}


# ----------------------------------------------------------------------------- seeding


@dataclass
class DemoSummary:
    users_created: list[str] = field(default_factory=list)
    layers_imported: list[str] = field(default_factory=list)
    plans_imported: list[str] = field(default_factory=list)
    users_total: int = 0
    applications_created: list[str] = field(default_factory=list)
    applications_skipped: list[str] = field(default_factory=list)
    by_status: Counter[str] = field(default_factory=Counter)
    # (kind, status) of every demo application
    by_kind_status: Counter[tuple[str, str]] = field(default_factory=Counter)
    reports_filed: list[str] = field(default_factory=list)


def _organisation(spec: DemoOrganisation) -> Organisation:
    organisation, _created = Organisation.objects.get_or_create(
        name=spec.name,
        defaults={
            "jurisdiction_id": spec.jurisdiction,
            "district_id": spec.district,
            "unified_credit_code": spec.credit_code,
        },
    )
    return organisation


def _user(spec: DemoUser, password_hash: str, summary: DemoSummary) -> User:
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


def _layer(spec: DemoLayer) -> Layer | None:
    """Import the demo layer unless the layer exists already, demo or not: a layer an
    administrator imported is never superseded by invented data."""
    scope = {"kind": spec.kind, "jurisdiction_id": spec.jurisdiction}
    if Layer.objects.filter(**scope, district_id=spec.district).exists():
        return None
    return layer_import(
        kind=spec.kind,
        jurisdiction=Jurisdiction.objects.get(pk=spec.jurisdiction),
        district=District.objects.get(pk=spec.district) if spec.district else None,
        source=spec.source,
        data=(DEMO_DATA / spec.file_name).read_bytes(),
        file_name=spec.file_name,
        demo=True,
    )


def _plan(spec: DemoPlan) -> Plan | None:
    """Import the demo plan unless a plan of that year and district exists already, demo or
    not (an administrator's plan is never superseded by invented data)."""
    district = District.objects.get(pk=spec.district)
    year = spec.year()
    if Plan.objects.filter(district=district, year=year).exists():
        return None
    return plan_import(
        jurisdiction=district.jurisdiction,
        district=district,
        year=year,
        source=spec.source,
        data=spec.table(),
        file_name=f"plan-{spec.district}-{year}.csv",
        demo=True,
    )


def _demo_applications() -> QuerySet[Application]:
    # django-stubs cannot type Application's manager (django-fsm's mixin reads as Any).
    demo: QuerySet[Application] = Application.objects.filter(
        title__in=[spec.title for spec in APPLICATIONS]
    )
    return demo


def _application(spec: DemoApplication, users: dict[str, User]) -> Application | None:
    applicant = users[spec.applicant]
    if _demo_applications().filter(title=spec.title, created_by=applicant).exists():
        return None
    application = services.application_create(by=applicant, kind=spec.kind, data=spec.data)
    for kind in spec.attachment_kinds:
        services.attachment_add(
            application=application,
            by=applicant,
            kind=kind,
            upload=ATTACHMENT_UPLOADS[kind](application),
        )
    for step in spec.steps:
        application = step.run(application, users=users, applicant=applicant)
    return application


# ----------------------------------------------------------------------------- reports


@dataclass(frozen=True)
class DemoReport:
    """A report from the public (product.md §19 P2), with a tracking code the README names (a
    real report's is drawn at random) and how far its handling has gone."""

    tracking_code: str
    kind: str
    description: str
    site: dict[str, Any]
    contact: str = ""
    # (inspectors, findings) of the site check, then (outcome, findings) of the closing.
    checked: tuple[tuple[str, ...], str] | None = None
    closed: tuple[str, str] | None = None


REPORTS = (
    DemoReport(
        "JB1A-2026-0001",
        "illegal_felling",
        "穆家峪镇荆稍坟村北山坡上有人用油锯砍伐侧柏，已砍倒十余棵，现场有三轮车运木材。",
        _point(116.9525, 40.4262),
        contact="李女士 13900000000",
    ),
    DemoReport(
        "JB1A-2026-0002",
        "alien_species",
        "密云水库下游河道边有人成箱放生巴西龟和牛蛙，已连续两个周末。",
        _point(116.8710, 40.3790),
        checked=(
            ("district_my", "district_my2"),
            "现场河道边发现散落的外来龟类十余只，已拍照并通知农业农村部门。",
        ),
    ),
    DemoReport(
        "JB1A-2026-0003",
        "land_occupation",
        "溪翁庄镇金叵罗村西侧林地被推平，正在打地基，未见任何公示牌。",
        _point(116.8900, 40.4540),
        checked=(
            ("district_my", "district_my2"),
            "现场林地约0.2公顷被推平，正在建设简易房，无使用林地审核手续。",
        ),
        closed=("no_permit", "未经审核擅自改变林地用途建设简易房，已立案调查并责令停止施工。"),
    ),
)


def _report(spec: DemoReport, users: dict[str, User]) -> bool:
    if Report.objects.filter(tracking_code=spec.tracking_code).exists():
        return False
    report = report_file(
        kind=spec.kind,
        description=spec.description,
        site_geometry=spec.site,
        district="110118",
        contact=spec.contact,
    )
    Report.objects.filter(pk=report.pk).update(tracking_code=spec.tracking_code)
    if spec.checked is not None:
        inspectors, findings = spec.checked
        report_site_check(
            report_id=report.pk,
            by=users[inspectors[0]],
            checked_on=timezone.localdate(),
            inspectors=list(inspectors),
            findings=findings,
        )
    if spec.closed is not None:
        outcome, findings = spec.closed
        report_close(
            report_id=report.pk, by=users["district_my"], outcome=outcome, findings=findings
        )
    return True


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
    for username, role, agency in EXTRA_ROLES:
        role_grant(user=users[username], role=role, agency=Agency.objects.get(code=agency))
    _admin(summary)
    # The map before the applications: each is screened against it when saved and submitted.
    summary.layers_imported = [spec.file_name for spec in DEMO_LAYERS if _layer(spec)]
    # The annual plans before the designs: rule T7 reads them at submission (§19 P4).
    summary.plans_imported = [str(plan) for spec in DEMO_PLANS if (plan := _plan(spec))]
    for spec in APPLICATIONS:
        created = _application(spec, users)
        target = summary.applications_created if created else summary.applications_skipped
        target.append(spec.title)
    summary.reports_filed = [spec.tracking_code for spec in REPORTS if _report(spec, users)]
    # What the tick's first run would publish of the decisions just made (product.md §19 P1).
    decisions_publish(timezone.now())
    summary.users_total = len(USERS) + 1
    summary.by_status = Counter(_demo_applications().values_list("status", flat=True))
    summary.by_kind_status = Counter(_demo_applications().values_list("kind", "status"))
    return summary
