"""The demo's cases of the acts that end or turn a case (issue 48 leftovers), each carried through
``enforcement``'s act functions to the step an official should see, so that every document of
those acts is there to open:

- a public report closed as referred (``REFERRED_REPORT``) whose case waits for the head's
  referral or 不予移送 (移送规定 art. 11): no decision possible yet;
- a second one whose referral the head declines (不予移送, art. 5(2)), then decided;
- a referral the police accepted, closed by the transfer (移送案件结案, arts. 8, 12);
- a referral the police accepted, sent back for a penalty by the procuratorate (退回, 行政处罚法
  art. 27(1); 移送规定 art. 13), going on;
- a hearing postponed and its presiding officer withdrawn (回避, 行政处罚法 art. 64);
- a replanting that failed its check: 履行催告, 代履行决定, 代履行记录 (森林法 art. 81; 行政强制法
  arts. 35, 50, 51), the trees checked again and the case closed.

Each act is done on its day (``demo.acts.days_ago``), every case opened after the two of
``demo.cases`` (their numbers follow their days). Idempotent: a case already carried (found by
its facts, or its report's case moved on) is left as people moved it."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from demo.acts import clock_at, days_ago
from demo.data.people import demo_credit_code
from enforcement import execution, hearings, referrals, services, serving
from enforcement.models import Case, CaseDocumentKind, CaseSource, CaseStatus
from public.models import Report, ReportOutcome
from public.reports import report_close
from workflows.deadlines import add_working_days

# The demo reports closed as referred (demo/data/reports.toml), and the day each is closed.
PENDING_REPORT = "JB1A-2026-0004"
DECLINED_REPORT = "JB1A-2026-0005"
REPORTS_CLOSED_DAYS_AGO = {PENDING_REPORT: 12, DECLINED_REPORT: 31}
OFFICERS = ["district_my", "district_my2"]
POLICE = "北京市公安局密云分局"
EVIDENCE = [
    {"kind": "photo", "description": "现场照片：伐桩及遗留枝丫"},
    {"kind": "measurement", "description": "伐桩检尺记录，折合立木蓄积"},
    {"kind": "statement", "description": "当事人询问笔录1份"},
]

# One act: (days ago, the act's name, its call with the case and the demo's users).
Step = tuple[int, Callable[[Case, dict[str, User]], Any]]


@dataclass(frozen=True)
class EndCase:
    """A demo case: its facts (which find it again), party, and acts in their order."""

    facts: str
    party: dict[str, str]
    steps: tuple[Step, ...]
    report: str = ""  # opened by the closing of this demo report (else by hand)


def _party(name: str, code17: str) -> dict[str, str]:
    return {
        "name": f"【演示】{name}",
        "credit_code": demo_credit_code(code17),
        "address": "【演示】北京市密云区鼓楼街道",
    }


# ---------------------------------------------------------------------------- the acts


def _register(case: Case, users: dict[str, User], party: dict[str, str]) -> Any:
    return services.case_register(case_id=case.pk, by=users["head_my"], party=party)


def _evidence(case: Case, users: dict[str, User]) -> Any:
    return services.case_evidence(
        case_id=case.pk, by=users[OFFICERS[0]], officers=OFFICERS, evidence=EVIDENCE
    )


def _notice(**penalty: Any) -> Callable[[Case, dict[str, User]], Any]:
    def act(case: Case, users: dict[str, User]) -> Any:
        noticed = services.case_prior_notice(case_id=case.pk, by=users[OFFICERS[0]], **penalty)
        _serve(case, CaseDocumentKind.PENALTY_PRIOR_NOTICE, users)
        return noticed

    return act


def _serve(case: Case, kind: str, users: dict[str, User]) -> None:
    """The document handed to the party on the act's day (送达回证): its periods run from it
    (行政处罚法 arts. 64(1), 67(3))."""
    serving.case_serve(
        case_id=case.pk,
        by=users[OFFICERS[0]],
        document=case.documents.get(kind=kind).pk,
        method="direct",
        served_on=timezone.localdate(),
        recipient="当事人（演示）",
        place=case.party_address or "北京市密云区（演示地址）",
    )


def _answer(**answer: Any) -> Callable[[Case, dict[str, User]], Any]:
    def act(case: Case, users: dict[str, User]) -> Any:
        return services.case_statement(case_id=case.pk, by=users[OFFICERS[0]], **answer)

    return act


def _refer(reasons: str, **quantities: str) -> Callable[[Case, dict[str, User]], Any]:
    def act(case: Case, users: dict[str, User]) -> Any:
        return services.case_refer(
            case_id=case.pk,
            by=users["head_my"],
            police_agency=POLICE,
            reasons=reasons,
            quantities=quantities,
        )

    return act


def _police_accepted(case: Case, users: dict[str, User]) -> Any:
    return services.case_referral_answer(
        case_id=case.pk,
        by=users[OFFICERS[0]],
        accepted=True,
        answered_on=timezone.localdate(),
        note="公安机关已立案侦查（密公（森）立字〔2026〕号）",
    )


def _today(name: str, call: Callable[..., Any], who: str, **values: Any) -> Any:
    """An act whose ``name`` field is the act's own day."""

    def act(case: Case, users: dict[str, User]) -> Any:
        return call(case_id=case.pk, by=users[who], **{name: timezone.localdate()}, **values)

    return act


def _in_working_days(days: int) -> Any:
    return add_working_days(timezone.localdate(), days)


def _schedule(case: Case, users: dict[str, User]) -> Any:
    return hearings.case_hearing_schedule(
        case_id=case.pk,
        by=users["head_my"],
        held_on=_in_working_days(8),
        place="密云区园林绿化局第一会议室",
        presiding="legal_my",
    )


def _postpone(case: Case, users: dict[str, User]) -> Any:
    return hearings.case_hearing_postpone(
        case_id=case.pk,
        by=users["head_my"],
        held_on=_in_working_days(10),
        reason="当事人因住院治疗书面申请延期举行听证，附医院证明，理由正当。",
    )


def _recusal(case: Case, users: dict[str, User]) -> Any:
    return hearings.case_hearing_recusal(
        case_id=case.pk,
        by=users["head_my"],
        granted=True,
        reason="当事人申请主持人回避：主持人曾就本案事实向调查人员提出法律意见，可能影响公正听证。",
        presiding="head_my",
    )


def _decide(**penalty: Any) -> Callable[[Case, dict[str, User]], Any]:
    def act(case: Case, users: dict[str, User]) -> Any:
        decided = services.case_decide(
            case_id=case.pk,
            by=users["head_my"],
            outcome="penalty",
            reasons="当事人滥伐林木事实清楚，证据确凿；首次违法，在幅度内处罚。",
            **penalty,
        )
        _serve(case, CaseDocumentKind.PENALTY_DECISION, users)
        return decided

    return act


def _inspect(trees_alive: int, passed: bool, notes: str) -> Callable[[Case, dict[str, User]], Any]:
    def act(case: Case, users: dict[str, User]) -> Any:
        return services.case_replanting_inspect(
            case_id=case.pk,
            by=users[OFFICERS[0]],
            checked_on=timezone.localdate(),
            officers=OFFICERS,
            trees_alive=trees_alive,
            passed=passed,
            notes=notes,
            position={"type": "Point", "coordinates": [116.93, 40.47]},
        )

    return act


def _substitute(case: Case, users: dict[str, User]) -> Any:
    return execution.case_substitute_decide(
        case_id=case.pk,
        by=users["head_my"],
        performer="【演示】密云区绿化工程队",
        method="在原地按规定株行距补种油松60株并浇水养护",
        party_address="北京市密云区不老屯镇（演示地址）",
        performed_on=_in_working_days(3),
        cost_budget="4800",
    )


def _performed(case: Case, users: dict[str, User]) -> Any:
    return execution.case_substitute_done(
        case_id=case.pk,
        by=users[OFFICERS[0]],
        done_on=timezone.localdate(),
        cost="4650",
        supervisor="district_my2",
        note="代履行人补种油松60株，当事人到场见证。",
    )


FELLING = {"article": "forest-76-2", "fine": "9000", "base_value": "3000", "replant_trees": 60}
LARGE_FINE = {"article": "forest-76-1", "fine": "15000", "base_value": "2000"}


def _substituted() -> EndCase:
    """A replanting that failed its check, carried out by substitute performance (代履行)."""
    substituted = _party("密云某养殖专业合作社", "93110228MA0DEMX09")
    return EndCase(
        facts="当事人在不老屯镇山场擅自采伐油松20株，责令补种后补种苗木大部分未成活。",
        party=substituted,
        steps=(
            (33, lambda c, u: _register(c, u, substituted)),
            (33, _evidence),
            (32, _notice(**FELLING)),
            (32, _answer(waived=True)),
            (31, _decide(**FELLING)),
            (
                30,
                _today("fine_paid_on", services.case_execute, OFFICERS[0], note="罚款已缴入国库"),
            ),
            (
                29,
                _today(
                    "replanted_on",
                    services.case_execute,
                    OFFICERS[0],
                    replanted_trees=60,
                    note="当事人自行补种油松60株",
                ),
            ),
            (24, _inspect(14, False, "补种油松60株仅成活14株，未按规定浇水养护，验收不合格。")),
            (
                23,
                lambda c, u: execution.case_performance_demand(
                    case_id=c.pk, by=u["head_my"], perform_by=_in_working_days(5)
                ),
            ),
            (14, _substitute),
            (8, _performed),
            (4, _inspect(60, True, "代履行补种油松60株，全部成活，验收合格。")),
            (
                3,
                lambda c, u: services.case_close(
                    case_id=c.pk, by=u["head_my"], note="罚款已缴纳，代履行补种验收合格，结案。"
                ),
            ),
        ),
    )


def _declined() -> EndCase:
    """A referral the head declines (不予移送) on the quantities measured; then decided."""
    declined = _party("密云某林果种植户联合体", "93110228MA0DEMX05")
    return EndCase(
        facts="群众举报：当事人在不老屯镇陈家峪村北山场擅自采伐油松，伐桩约120个，"
        "立木蓄积经初步测算可能达到刑事立案标准。",
        party=declined,
        report=DECLINED_REPORT,
        steps=(
            (30, lambda c, u: _register(c, u, declined)),
            (29, _evidence),
            # 移送规定 art. 5(2): measured, the stock reaches no threshold.
            (
                28,
                lambda c, u: referrals.case_referral_decline(
                    case_id=c.pk,
                    by=u["head_my"],
                    reasons="经现场检尺复核，实际采伐油松62株，立木蓄积3.1立方米，"
                    "林木价值约3000元，均未达到滥伐林木罪的立案追诉标准，不予移送，"
                    "继续按行政处罚程序办理。",
                    quantities={"felling-stock": "3.1", "felling-value": "3000"},
                ),
            ),
            (27, _notice(**FELLING)),
            (26, _answer(waived=True)),
            (25, _decide(**FELLING)),
        ),
    )


def _transferred() -> EndCase:
    """A referral the police accepted: the case closed by the transfer."""
    transferred = _party("密云某木材加工厂", "92110228MA0DEMX06")
    return EndCase(
        facts="当事人未取得林木采伐许可证，在石城镇王庄村集体林地内采伐杨树，"
        "经检尺立木蓄积28立方米，涉嫌滥伐林木罪。",
        party=transferred,
        steps=(
            (24, lambda c, u: _register(c, u, transferred)),
            (23, _evidence),
            (
                22,
                _refer(
                    "立木蓄积28立方米，达到滥伐林木罪立案追诉标准（二十立方米以上）。",
                    **{"felling-stock": "28"},
                ),
            ),
            (20, _police_accepted),
            (
                18,
                _today(
                    "handed_over_on",
                    referrals.case_transfer_close,
                    "head_my",
                    note="案卷材料、涉案木材清单已移交公安机关，本案结案。",
                ),
            ),
        ),
    )


def _returned() -> EndCase:
    """A referral sent back for a penalty by the procuratorate (退回)."""
    returned = _party("密云某园林绿化工程有限公司", "91110228MA0DEMX07")
    return EndCase(
        facts="当事人在施工中未经批准采伐道路两侧林木，立木蓄积约22立方米，涉嫌滥伐林木罪。",
        party=returned,
        steps=(
            (21, lambda c, u: _register(c, u, returned)),
            (20, _evidence),
            (
                19,
                _refer(
                    "立木蓄积约22立方米，达到滥伐林木罪立案追诉标准。",
                    **{"felling-stock": "22"},
                ),
            ),
            (17, _police_accepted),
            # 行政处罚法 art. 27(1): 不需要追究刑事责任, sent back for a penalty.
            (
                6,
                _today(
                    "returned_on",
                    referrals.case_referral_return,
                    OFFICERS[0],
                    authority="北京市密云区人民检察院",
                    ground="no_criminal_liability",
                    note="检察院作出不起诉决定，认为犯罪情节轻微，建议依法给予行政处罚。",
                ),
            ),
        ),
    )


def _heard() -> EndCase:
    """A natural person's hearing, postponed, its presiding officer withdrawn (回避)."""
    # A natural person: a 15,000 元 fine is large for one (the hearing right, art. 63).
    heard = {
        "name": "【演示】王某",
        "id_number": "11010519491231002X",
        "address": "【演示】北京市密云区不老屯镇",
    }
    return EndCase(
        facts="当事人在穆家峪镇山场盗伐侧柏12株，立木蓄积1.8立方米。",
        party=heard,
        steps=(
            (16, lambda c, u: _register(c, u, heard)),
            (15, _evidence),
            (14, _notice(**LARGE_FINE)),
            (13, _answer(hearing_requested=True)),
            (12, _schedule),
            (9, _postpone),
            (5, _recusal),
        ),
    )


def _pending() -> EndCase:
    """A report closed as referred: the case waits for the head's referral."""
    pending = _party("密云某果品专业合作社", "93110228MA0DEMX04")
    return EndCase(
        facts="群众举报：当事人在溪翁庄镇山场擅自采伐板栗树及油松，伐桩众多，"
        "立木蓄积可能达到刑事立案标准。",
        party=pending,
        report=PENDING_REPORT,
        steps=(
            (11, lambda c, u: _register(c, u, pending)),
            (10, _evidence),
            (9, _notice(**FELLING)),
            (8, _answer(waived=True)),
        ),
    )


def _cases() -> tuple[EndCase, ...]:
    """The demo's end cases, in the order they are opened (their numbers follow)."""
    return (_substituted(), _declined(), _transferred(), _returned(), _heard(), _pending())


def report_checked_on(tracking_code: str) -> datetime | None:
    """When ``demo.seed`` files and checks a report this module closes (None: not one)."""
    days = REPORTS_CLOSED_DAYS_AGO.get(tracking_code)
    return None if days is None else days_ago(days + 2)


def _report_case(spec: EndCase, users: dict[str, User]) -> Case | None:
    """The case the report's closing as referred opens (closed here on its day, after the
    cases of ``demo.cases``, so that the numbers follow the days); None once carried."""
    report = Report.objects.filter(tracking_code=spec.report).first()
    if report is None:
        return None
    if not report.outcome:
        with clock_at(days_ago(REPORTS_CLOSED_DAYS_AGO[spec.report])):
            report_close(
                report_id=report.pk,
                # 移送规定 art. 5: a closing as referred is the head's.
                by=users["head_my"],
                outcome=ReportOutcome.REFERRED,
                findings=spec.facts,
            )
    case = Case.objects.filter(source=CaseSource.REPORT, source_id=str(report.pk)).first()
    return case if case is not None and case.status == CaseStatus.OPENED else None


def _opened(spec: EndCase, users: dict[str, User]) -> Case | None:
    """The case to carry, opened by its report's closing or by hand on its first act's day;
    None when carried before."""
    if spec.report:
        return _report_case(spec, users)
    if Case.objects.filter(source=CaseSource.MANUAL, facts=spec.facts).exists():
        return None
    with clock_at(days_ago(spec.steps[0][0])):
        case, _created = services.case_open(
            source=CaseSource.MANUAL, facts=spec.facts, by=users["head_my"]
        )
    return case


def demo_case_ends(users: dict[str, User]) -> int:
    """Carry each demo case of this module not carried before; how many."""
    carried = 0
    for spec in _cases():
        case = _opened(spec, users)
        if case is None:
            continue
        for days, act in spec.steps:
            with clock_at(days_ago(days)):
                act(Case.objects.get(pk=case.pk), users)
        carried += 1
    return carried
