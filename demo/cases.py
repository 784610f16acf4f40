"""The demo's enforcement cases (issue 48 item 7), each carried on one path through every act of
``enforcement.services`` to a paid fine and the trees replanted, then closed:

- from the public report JB1A-2026-0003, closed as done without a permit (its closing opened the
  case): a building on forest land, complex enough for the legal office's review (法制审核);
- from the change patch 110118-<year>-103 (``demo.patches``): a felling without a permit found
  in the field by two of 密云's officials, closed as unlawful by the head (``patch_close``
  opens the case): a party that states its defence, no legal review required.

Each act is done on its day, counted back from today (``demo.acts.days_ago``): the report closed
``REPORT_CLOSED_DAYS_AGO`` (``demo.seed`` files it then) and its case carried before the patch's
layer is imported (``demo.patches.IMPORTED_DAYS_AGO``), as the seed opens the two cases (their
numbers follow their days); every period of the law is kept. Idempotent: a source whose
case has moved on is left as people moved it."""

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from demo.acts import clock_at, days_ago
from demo.data.people import demo_credit_code
from demo.patches import CASE_DISTRICT, IMPORTED_DAYS_AGO, case_patch_centre, case_patch_number
from enforcement import reference as enforcement_reference
from enforcement import services, serving
from enforcement.models import Case, CaseDocumentKind, CaseSource, CaseStatus
from forest_watch.choices import ChangeType, Outcome, PatchStatus
from forest_watch.models import Patch
from forest_watch.services import patch_close, patch_verify
from public.models import Report, ReportOutcome

DEMO_REPORT = "JB1A-2026-0003"
# When the demo report is filed, checked and closed (``demo.seed``): its case's acts follow.
REPORT_CLOSED_DAYS_AGO = 80
# The two officers of each case's investigation (密云's district forestry agency).
OFFICERS = ["district_my", "district_my2"]


@dataclass(frozen=True)
class DemoCase:
    """What the officials write in each act of a case, and the day of each act (days before
    today, by act: ``register``, ``evidence``, ``notice``, ``statement``, ``review``, ``decide``,
    ``paid``, ``replanted``, ``inspected``, ``close``)."""

    facts: str
    party: dict[str, str]
    evidence: list[dict[str, str]]
    penalty: dict[str, Any]
    complex_case: bool
    answer: dict[str, Any]  # the party's answer to the notice (``case_statement``)
    reasons: str
    paid: str
    replanted: str
    inspected: str  # the replanting's check on the ground (``case_replanting_inspect``)
    site: tuple[float, float]  # where the trees were replanted (longitude, latitude)
    closed: str
    days: dict[str, int]

    def on(self, act: str) -> AbstractContextManager[object]:
        """The clock on the act's day."""
        return clock_at(days_ago(self.days[act]))


REPORT_CASE = DemoCase(
    facts="当事人未经林业主管部门审核同意，在溪翁庄镇金叵罗村西侧推平林地约0.2公顷建设简易房，毁坏林木40株。",
    # A fictitious party (演示数据), its credit code's check character computed.
    party={
        "name": "【演示】密云某建材经营部",
        "credit_code": demo_credit_code("92110228MA0DEMX01"),
        "address": "【演示】北京市密云区溪翁庄镇金叵罗村",
    },
    evidence=[
        {"kind": "photo", "description": "现场照片6张：林地被推平，简易房地基已浇筑"},
        {
            "kind": "measurement",
            "description": "GPS实测被毁林地0.2公顷，毁坏刺槐40株，林木价值经评估8000元",
        },
        {
            "kind": "statement",
            "description": "当事人经营者询问笔录1份，承认未办理使用林地审核手续",
        },
    ],
    penalty={
        "article": "forest-74-1-trees",
        "fine": "16000",
        "base_value": "8000",
        "replant_trees": 120,
        "measures": "责令停止违法行为",
    },
    # Complex enough for the legal office (行政处罚法 art. 58(1)(3)): 法制审核 by legal_my.
    complex_case=True,
    answer={"waived": True},
    reasons="当事人毁坏林木事实清楚，证据确凿；首次违法，在幅度内从轻处罚。",
    paid="罚款已缴入国库",
    replanted="原地补种刺槐120株",
    inspected="原地补种刺槐120株，全部成活，验收合格",
    site=(116.84, 40.42),
    closed="罚款已缴纳，补种验收合格，结案。",
    days={
        "register": 78,
        "evidence": 76,
        "notice": 72,
        "statement": 71,
        "review": 69,
        "decide": 68,
        "paid": 60,
        "replanted": 50,
        "inspected": 47,
        "close": 45,
    },
)

PATCH_CASE = DemoCase(
    facts=(
        "当事人未取得林木采伐许可证，在其经营的林地内擅自采伐杨树80株，采伐面积0.42公顷，"
        "立木蓄积6.2立方米（森林督查变化图斑现地核查发现），属滥伐林木。"
    ),
    party={
        "name": "【演示】密云某苗木种植专业合作社",
        "credit_code": demo_credit_code("93110228MA0DEMX02"),
        "address": "【演示】北京市密云区穆家峪镇",
    },
    evidence=[
        {"kind": "file", "description": "森林督查变化图斑前后时相影像及现地核查记录1份"},
        {"kind": "photo", "description": "现场照片8张：杨树被皆伐，伐桩80个，林地未改变用途"},
        {
            "kind": "measurement",
            "description": (
                "GPS实测采伐面积0.42公顷，伐桩检尺80株，折合蓄积6.2立方米，林木价值经评估4960元"
            ),
        },
        {
            "kind": "statement",
            "description": "合作社负责人询问笔录1份，承认未申请林木采伐许可证",
        },
    ],
    penalty={
        "article": "forest-76-2",
        "fine": "14880",
        "base_value": "4960",
        "replant_trees": 160,
        "measures": "",
    },
    complex_case=False,
    answer={
        "statement": "合作社书面陈述：为更新苗圃误以为无需办证，已认识错误，愿补种，请求从轻处罚。"
    },
    reasons="当事人滥伐林木事实清楚，证据确凿；首次违法，主动承认并愿意补种，按滥伐林木价值三倍处罚。",
    paid="罚款已缴入国库",
    replanted="原地补种杨树160株",
    inspected="原地补种杨树160株，全部成活，验收合格",
    site=case_patch_centre(),
    closed="罚款已缴纳，补种检查合格，结案。",
    days={
        "verify": 38,
        "patch_close": 36,
        "register": 34,
        "evidence": 33,
        "notice": 28,
        "statement": 26,
        "decide": 21,
        "paid": 14,
        "replanted": 6,
        "inspected": 4,
        "close": 2,
    },
)


def report_dated(tracking_code: str) -> datetime | None:
    """When ``demo.seed`` files, checks and closes the demo report (None: the others, now)."""
    return days_ago(REPORT_CLOSED_DAYS_AGO) if tracking_code == DEMO_REPORT else None


def demo_cases(users: dict[str, User]) -> int:
    """Carry each demo case that is still as its source's closing opened it; how many."""
    enforcement_reference.load()
    carried = 0
    for case, spec in ((_report_case(users), REPORT_CASE), (_patch_case(users), PATCH_CASE)):
        if case is not None and case.status == CaseStatus.OPENED:
            _carry(case, spec, users)
            carried += 1
    return carried


# ---------------------------------------------------------------------------- the sources


def _report_case(users: dict[str, User]) -> Case | None:
    """The case the report's closing as "no permit" opened (opened here if it did not)."""
    report = Report.objects.filter(
        tracking_code=DEMO_REPORT, outcome=ReportOutcome.NO_PERMIT
    ).first()
    if report is None:
        return None
    with REPORT_CASE.on("register"):
        case, _created = services.case_open(
            source=CaseSource.REPORT,
            source_id=report.pk,
            facts=REPORT_CASE.facts,
            by=users["head_my"],
        )
    return case


def _case_patch() -> Patch | None:
    year = days_ago(IMPORTED_DAYS_AGO).year
    return (
        Patch.objects.filter(
            number=case_patch_number(year), district_id=CASE_DISTRICT, layer__demo=True
        )
        .order_by("-layer__version")
        .first()
    )


def _patch_case(users: dict[str, User]) -> Case | None:
    """The patch verified in the field by the two officers and closed as unlawful by the head,
    which opens its case; None when the patch is not waiting for its field check."""
    patch = _case_patch()
    if patch is None or patch.status != PatchStatus.ASSIGNED:
        return None
    with PATCH_CASE.on("verify"):
        patch_verify(
            patch_id=patch.pk,
            by=users["district_my"],
            checked_on=timezone.localdate(),
            inspectors=OFFICERS,
            change_type=ChangeType.FELLING,
            finding="图斑内杨树被皆伐，伐桩80个，实测0.42公顷，林地未改变用途；经营者未取得林木采伐许可证。",
            measured_area_ha="0.42",
            position={"type": "Point", "coordinates": list(case_patch_centre())},
        )
    with PATCH_CASE.on("patch_close"):
        patch_close(
            patch_id=patch.pk,
            by=users["head_my"],
            outcome=Outcome.UNLAWFUL,
            findings="未取得林木采伐许可证擅自采伐林木，涉嫌滥伐林木，未达刑事立案标准，立案查处。",
        )
    return Case.objects.filter(source=CaseSource.PATCH, source_id=str(patch.pk)).first()


# ----------------------------------------------------------------------------- the acts


def _carry(case: Case, spec: DemoCase, users: dict[str, User]) -> None:
    _investigate(case, spec, users)
    _notify(case, spec, users)
    _decide(case, spec, users)
    _execute(case, spec, users)


def _investigate(case: Case, spec: DemoCase, users: dict[str, User]) -> None:
    """立案 by the head, then the evidence of the two officers."""
    with spec.on("register"):
        services.case_register(
            case_id=case.pk, by=users["head_my"], party=spec.party, facts=spec.facts
        )
    with spec.on("evidence"):
        services.case_evidence(
            case_id=case.pk, by=users[OFFICERS[0]], officers=OFFICERS, evidence=spec.evidence
        )


def _notify(case: Case, spec: DemoCase, users: dict[str, User]) -> None:
    """The prior notice, the party's answer and, where art. 58 requires it, the legal review."""
    officer = users[OFFICERS[0]]
    with spec.on("notice"):
        noticed = services.case_prior_notice(
            case_id=case.pk, by=officer, complex_case=spec.complex_case, **spec.penalty
        )
        _serve(case, CaseDocumentKind.PENALTY_PRIOR_NOTICE, spec, officer)
    with spec.on("statement"):
        services.case_statement(case_id=case.pk, by=officer, **spec.answer)
    if noticed.legal_review_required:
        with spec.on("review"):
            services.case_legal_review(
                case_id=case.pk,
                by=users["legal_my"],
                passed=True,
                opinion="事实清楚，证据确凿，适用法律正确，程序合法，裁量适当。",
            )


def _decide(case: Case, spec: DemoCase, users: dict[str, User]) -> None:
    with spec.on("decide"):
        services.case_decide(
            case_id=case.pk,
            by=users["head_my"],
            outcome="penalty",
            reasons=spec.reasons,
            **spec.penalty,
        )
        # 宣告后当场交付 (行政处罚法 art. 61): the fine's fifteen days run from today.
        _serve(case, CaseDocumentKind.PENALTY_DECISION, spec, users[OFFICERS[0]])


def _serve(case: Case, kind: str, spec: DemoCase, officer: User) -> None:
    """The document handed to the party's representative on the act's day (送达回证)."""
    serving.case_serve(
        case_id=case.pk,
        by=officer,
        document=case.documents.get(kind=kind).pk,
        method="direct",
        served_on=timezone.localdate(),
        recipient=f"{spec.party['name']}负责人",
        place=spec.party["address"],
    )


def _execute(case: Case, spec: DemoCase, users: dict[str, User]) -> None:
    """The fine paid, the trees replanted (each recorded on its day), the case closed."""
    officer = users[OFFICERS[0]]
    with spec.on("paid"):
        services.case_execute(
            case_id=case.pk, by=officer, fine_paid_on=timezone.localdate(), note=spec.paid
        )
    with spec.on("replanted"):
        services.case_execute(
            case_id=case.pk,
            by=officer,
            replanted_on=timezone.localdate(),
            replanted_trees=spec.penalty["replant_trees"],
            note=spec.replanted,
        )
    with spec.on("inspected"):
        services.case_replanting_inspect(
            case_id=case.pk,
            by=officer,
            checked_on=timezone.localdate(),
            officers=OFFICERS,
            trees_alive=spec.penalty["replant_trees"],
            passed=True,
            notes=spec.inspected,
            position={"type": "Point", "coordinates": list(spec.site)},
        )
    with spec.on("close"):
        services.case_close(case_id=case.pk, by=users["head_my"], note=spec.closed)
