"""The demo enforcement case (issue 48 item 7): the report JB1A-2026-0003, closed as done
without a permit, carried through every act of ``enforcement.services`` to a paid fine and the
trees replanted and inspected, then closed. Idempotent: a report that has its case is left as
people moved it."""

from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from demo.data.people import demo_credit_code
from enforcement import reference as enforcement_reference
from enforcement import services
from enforcement.models import Case, CaseSource, CaseStatus
from public.models import Report, ReportOutcome

DEMO_REPORT = "JB1A-2026-0003"
# A fictitious party (演示数据), its credit code's check character computed.
DEMO_PARTY = {
    "name": "【演示】密云某建材经营部",
    "credit_code": demo_credit_code("92110228MA0DEMX01"),
}
DEMO_EVIDENCE = [
    {"kind": "photo", "description": "现场照片6张：林地被推平，简易房地基已浇筑"},
    {
        "kind": "measurement",
        "description": "GPS实测被毁林地0.2公顷，毁坏刺槐40株，林木价值经评估8000元",
    },
    {"kind": "statement", "description": "当事人经营者询问笔录1份，承认未办理使用林地审核手续"},
]


def demo_case(users: dict[str, User]) -> bool:
    """The demo case of ``DEMO_REPORT``: False when it exists already (or the report is not
    closed as done without a permit)."""
    enforcement_reference.load()
    report = Report.objects.filter(
        tracking_code=DEMO_REPORT, outcome=ReportOutcome.NO_PERMIT
    ).first()
    if report is None:
        return False
    # The report's closing opened the case (issue 48); the demo carries it on once.
    opened = Case.objects.filter(source=CaseSource.REPORT, source_id=str(report.pk)).first()
    if opened is not None and opened.status != CaseStatus.OPENED:
        return False
    head, officer = users["head_my"], users["district_my"]
    case, _created = services.case_open(
        source=CaseSource.REPORT,
        source_id=report.pk,
        facts="当事人未经林业主管部门审核同意，在溪翁庄镇金叵罗村西侧推平林地约0.2公顷建设简易房，毁坏林木40株。",
        by=head,
    )
    services.case_register(case_id=case.pk, by=head, party=DEMO_PARTY)
    services.case_evidence(
        case_id=case.pk,
        by=officer,
        officers=["district_my", "district_my2"],
        evidence=DEMO_EVIDENCE,
    )
    penalty: dict[str, Any] = {
        "article": "forest-74-1-trees",
        "fine": "16000",
        "base_value": "8000",
        "replant_trees": 120,
        "measures": "责令停止违法行为",
    }
    # Complex enough for the legal office (行政处罚法 art. 58(1)(3)): 法制审核 by legal_my.
    services.case_prior_notice(case_id=case.pk, by=officer, complex_case=True, **penalty)
    services.case_statement(case_id=case.pk, by=officer, waived=True)
    services.case_legal_review(
        case_id=case.pk,
        by=users["legal_my"],
        passed=True,
        opinion="事实清楚，证据确凿，适用法律正确，程序合法，裁量适当。",
    )
    services.case_decide(
        case_id=case.pk,
        by=head,
        outcome="penalty",
        reasons="当事人毁坏林木事实清楚，证据确凿；首次违法，在幅度内从轻处罚。",
        **penalty,
    )
    today = timezone.localdate()
    services.case_execute(case_id=case.pk, by=officer, fine_paid_on=today, note="罚款已缴入国库")
    services.case_execute(
        case_id=case.pk,
        by=officer,
        replanted_on=today,
        replanted_trees=120,
        note="原地补种刺槐120株",
    )
    services.case_replanting_inspect(
        case_id=case.pk,
        by=officer,
        checked_on=today,
        officers=["district_my", "district_my2"],
        trees_alive=120,
        passed=True,
        notes="原地补种刺槐120株，全部成活，验收合格",
        position={"type": "Point", "coordinates": [116.84, 40.42]},
    )
    services.case_close(case_id=case.pk, by=head, note="罚款已缴纳，补种验收合格，结案。")
    return True
