"""代为履行 of a replanting (森林法 2019 art. 81; 行政强制法 arts. 35, 50, 51; issue 48 item 5):
when the party does not replant by its day, or replants below the standard (a failed 补种验收),
the head demands in writing that the party replant by a day (催告, 行政强制法 arts. 35, 50); once
that day has passed unperformed, the head decides substitute performance with its 代履行决定书
(art. 51(1): the party, the reason and basis, how and when, the object, the cost budget, who
performs), served at least art. 51(2)'s three working days before the work; an official then
records the work done under the agency's supervision (51(3)) and the cost the party bears (51,
last paragraph: 按照成本合理确定，由当事人承担). Each act is one transaction through the case's act
kernel: its lock, its check, its numbered document, its audit event and who is told. The trees
planted are then checked on the ground as any replanting (``services.case_replanting_inspect``)."""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from audit.choices import AuditAction
from audit.trail import audit_appended_last, display_name
from core.errors import InvalidInput, Problem, StateConflict
from core.messages import (
    MSG_CASE_DEMAND_DAY,
    MSG_CASE_DEMAND_FIRST,
    MSG_CASE_SUBSTITUTE_COST,
    MSG_CASE_SUBSTITUTE_DAY,
    MSG_CASE_SUBSTITUTE_DECIDED,
    MSG_CASE_SUBSTITUTE_DONE,
    MSG_CASE_SUBSTITUTE_DONE_ON,
    MSG_CASE_SUBSTITUTE_FIELD,
    MSG_CASE_SUBSTITUTE_GROUND,
    MSG_CASE_SUBSTITUTE_HOLIDAY,
    MSG_CASE_SUBSTITUTE_NOT_DECIDED,
    MSG_CASE_SUBSTITUTE_URGENT,
    MSG_CASE_SUPERVISOR_UNKNOWN,
)
from documents import content
from permits import access
from permits.acts import Act
from permits.choices import NotificationKind
from roles.models import Role
from workflows.deadlines import add_working_days, is_working_day
from workflows.services import day_of

from . import law, papers
from .hearings import official_named
from .models import (
    Case,
    CaseDocument,
    CaseDocumentKind,
    PerformanceDemand,
    ReplantingInspection,
    SubstitutePerformance,
)
from .services import (
    _act,
    _locked,
    _money,
    _officials,
    _record,
    _replanting_open,
    _require_head,
    _require_official,
    _role_of,
    _tell,
    _text,
)

FIELD_MAX = 200
DEMAND_HORIZON_DAYS = 366
COERCION_LAW = "《中华人民共和国行政强制法》"
# 行政强制法 (2011) as published; docs/legal-basis.md "Enforcement cases" quotes them whole.
# Art. 35's items stand on their own lines in the source, joined here with no word changed.
ARTICLE_35 = (
    "行政机关作出强制执行决定前，应当事先催告当事人履行义务。催告应当以书面形式作出，并载明下列"
    "事项：（一）履行义务的期限；（二）履行义务的方式；（三）涉及金钱给付的，应当有明确的金额和"
    "给付方式；（四）当事人依法享有的陈述权和申辩权。"
)
ARTICLE_50 = (
    "行政机关依法作出要求当事人履行排除妨碍、恢复原状等义务的行政决定，当事人逾期不履行，经催告"
    "仍不履行，其后果已经或者将危害交通安全、造成环境污染或者破坏自然资源的，行政机关可以代履行，"
    "或者委托没有利害关系的第三人代履行。"
)
ARTICLE_51_2 = "代履行三日前，催告当事人履行，当事人履行的，停止代履行"
ARTICLE_51_COST = "代履行的费用按照成本合理确定，由当事人承担。但是，法律另有规定的除外。"
# The rule on the day of the work: a working day of the calendar (workflows.deadlines, the
# State Council's holidays and the bureau's corrections), unless an urgent reason is given.
# Reading: the days art. 69 leaves out of working days (法定节假日, weekends included) are the
# days art. 43 forbids; the night is not told by a day, so the decision prints "日间".
ARTICLE_43 = "行政机关不得在夜间或者法定节假日实施行政强制执行。但是，情况紧急的除外。"
FOREST_ARTICLE_81 = (
    "违反本法规定，有下列情形之一的，由县级以上人民政府林业主管部门依法组织代为履行，代为履行所需"
    "费用由违法者承担：……（二）拒不补种树木，或者补种不符合国家有关规定。"
)


def substitute_ground(case: Case, today: date) -> str:
    """Why art. 81 allows substitute performance now, or "" (the replanting not past its day
    and its last check not failed)."""
    last = ReplantingInspection.objects.filter(case=case).order_by("-recorded_at", "-pk").first()
    if last is not None and not last.passed:
        checked = f"{last.document.number}，{last.checked_on.isoformat()}验收不合格"
        return f"补种不符合国家有关规定（{checked}）"
    if case.replant_due is not None and case.replant_due < today:
        return f"逾期未补种（限{case.replant_due.isoformat()}前完成）"
    return ""


def _ground(case: Case) -> str:
    """409 unless the decision's replanting is open (not accepted) and art. 81's ground holds."""
    _replanting_open(case)
    ground = substitute_ground(case, timezone.localdate())
    if not ground:
        raise StateConflict.on("no_substitute_ground", MSG_CASE_SUBSTITUTE_GROUND)
    if SubstitutePerformance.objects.filter(case=case).exists():
        raise StateConflict.on("substitute_decided", MSG_CASE_SUBSTITUTE_DECIDED)
    return ground


def demand_passed(case: Case) -> PerformanceDemand | None:
    """The case's last 催告 when its day has passed unperformed (art. 50: the substitute
    performance may be decided), else None."""
    demand = PerformanceDemand.objects.filter(case=case).order_by("-issued_at", "-pk").first()
    if demand is None or demand.perform_by >= timezone.localdate():
        return None
    return demand


def _heads_and_officials(case: Case) -> list[User]:
    people = {u.pk: u for u in [*_officials(case), *access.heads_of(case.agency_id)]}
    return sorted(people.values(), key=lambda u: u.pk)


@transaction.atomic
@audit_appended_last
def case_performance_demand(
    *, case_id: object, by: User, perform_by: object, client_ip: str | None = None
) -> PerformanceDemand:
    """催告 (行政强制法 arts. 35, 50): the head demands in writing that the party replant by a day,
    telling how, and the right to state and defend (art. 35(4)); the 履行催告书 warns of 代为履行
    at the party's cost."""
    case = _locked(case_id, by)
    _require_head(by, case)
    ground = _ground(case)
    today = timezone.localdate()
    day = day_of(perform_by)
    if day is None or not today < day <= today + timedelta(days=DEMAND_HORIZON_DAYS):
        raise InvalidInput.on("perform_by", "invalid", MSG_CASE_DEMAND_DAY)
    act = _act(case, by, Role.HEAD, client_ip, case.status)
    document = _demand_issue(case, act, ground, day)
    demand = PerformanceDemand.objects.create(
        case=case, perform_by=day, document=document, issued_by=by
    )
    _record(
        act,
        AuditAction.CASE_PERFORMANCE_DEMANDED,
        case,
        ground,
        perform_by=day.isoformat(),
        document_number=document.number,
    )
    step = f"催告当事人于{day.isoformat()}前补种（{document.number}）"
    _tell(case, _heads_and_officials(case), step, NotificationKind.TASK_NEW)
    return demand


def _decision_clean(
    case: Case,
    performer: object,
    method: object,
    party_address: object,
    performed_on: object,
    cost_budget: object,
    urgent_reason: object,
) -> tuple[str, str, str, date, Decimal, str]:
    """Art. 51(1)'s contents and the day of the work (51(2); art. 43 unless urgent): every
    problem at once (400)."""
    problems: list[Problem] = []
    texts = []
    for field, value in (
        ("performer", performer),
        ("method", method),
        ("party_address", party_address),
    ):
        text = value.strip() if isinstance(value, str) else ""
        if not text or len(text) > FIELD_MAX:
            problems.append(Problem(field, "required", str(MSG_CASE_SUBSTITUTE_FIELD)))
        texts.append(text)
    urgent = urgent_reason.strip() if isinstance(urgent_reason, str) else ""
    if len(urgent) > FIELD_MAX:
        problems.append(Problem("urgent_reason", "max_length", str(MSG_CASE_SUBSTITUTE_URGENT)))
    days = law.standard_of(case.agency.jurisdiction_id).substitute_notice_working_days
    today = timezone.localdate()
    day = day_of(performed_on)
    if day is None or not add_working_days(today, days) <= day <= today + timedelta(
        days=DEMAND_HORIZON_DAYS
    ):
        message = str(MSG_CASE_SUBSTITUTE_DAY).format(days=days)
        problems.append(Problem("performed_on", "invalid", message))
    elif not urgent and not is_working_day(day):
        problems.append(Problem("performed_on", "holiday", str(MSG_CASE_SUBSTITUTE_HOLIDAY)))
    budget = Decimal(0)
    try:
        budget = _money(cost_budget, "cost_budget")
    except InvalidInput:
        problems.append(Problem("cost_budget", "invalid", str(MSG_CASE_SUBSTITUTE_FIELD)))
    if problems:
        raise InvalidInput(problems=problems)
    assert day is not None
    return texts[0], texts[1], texts[2], day, budget, urgent


@transaction.atomic
@audit_appended_last
def case_substitute_decide(
    *,
    case_id: object,
    by: User,
    performer: object,
    method: object,
    party_address: object,
    performed_on: object,
    cost_budget: object,
    urgent_reason: object = "",
    client_ip: str | None = None,
) -> SubstitutePerformance:
    """代为履行 decided by the head (森林法 art. 81; 行政强制法 art. 50): only after a 催告 whose
    day has passed unperformed (409); its 代履行决定书 carries art. 51(1)'s contents and is served
    at least art. 51(2)'s working days before the work, which it tells (our reading: it stands as
    that 催告; the party who replants meanwhile stops it). The work falls on a working day (art.
    43: no 强制执行 on a statutory holiday) unless ``urgent_reason`` says why it is urgent, which
    the audit records and the decision prints."""
    case = _locked(case_id, by)
    _require_head(by, case)
    ground = _ground(case)
    demand = demand_passed(case)
    if demand is None:
        raise StateConflict.on("demand_first", MSG_CASE_DEMAND_FIRST)
    who, how, address, day, budget, urgent = _decision_clean(
        case, performer, method, party_address, performed_on, cost_budget, urgent_reason
    )
    act = _act(case, by, Role.HEAD, client_ip, case.status)
    reason = f"{ground}；经催告（{demand.document.number}）逾期仍未补种"
    substitute = SubstitutePerformance(
        case=case,
        reason=reason,
        performer=who,
        method=how,
        party_address=address,
        performed_on=day,
        trees=case.replant_trees,
        cost_budget=budget,
        decided_by=by,
    )
    substitute.decision = _decision_issue(case, act, substitute, urgent)
    substitute.save()
    _record(
        act,
        AuditAction.CASE_SUBSTITUTE_DECIDED,
        case,
        reason,
        performer=who,
        performed_on=day.isoformat(),
        trees=substitute.trees,
        cost_budget=str(budget),
        urgent_reason=urgent,
        document_number=substitute.decision.number,
    )
    step = f"决定代为履行补种，{day.isoformat()}实施（{substitute.decision.number}）"
    _tell(case, _heads_and_officials(case), step, NotificationKind.TASK_NEW)
    return substitute


def _supervisor(case: Case, value: object) -> User:
    person = official_named(case, value)
    if person is None:
        raise InvalidInput.on("supervisor", "unknown", MSG_CASE_SUPERVISOR_UNKNOWN)
    return person


@transaction.atomic
@audit_appended_last
def case_substitute_done(
    *,
    case_id: object,
    by: User,
    done_on: object,
    cost: object,
    supervisor: object,
    note: object = "",
    client_ip: str | None = None,
) -> SubstitutePerformance:
    """The substitute performance done (行政强制法 art. 51(3)(4)): the day, the official who
    supervised it, the cost the party bears; the 代履行记录 printed for the supervising official,
    the performer and the party or a witness to sign. The trees are then checked on the ground."""
    case = _locked(case_id, by)
    _require_official(by, case)
    substitute = SubstitutePerformance.objects.select_for_update().filter(case=case).first()
    if substitute is None:
        raise StateConflict.on("substitute_not_decided", MSG_CASE_SUBSTITUTE_NOT_DECIDED)
    if substitute.done_on is not None:
        raise StateConflict.on("substitute_done", MSG_CASE_SUBSTITUTE_DONE)
    day = day_of(done_on)
    if day is None or not substitute.performed_on <= day <= timezone.localdate():
        raise InvalidInput.on("done_on", "invalid", MSG_CASE_SUBSTITUTE_DONE_ON)
    try:
        amount = _money(cost, "cost")
    except InvalidInput:
        raise InvalidInput.on("cost", "invalid", MSG_CASE_SUBSTITUTE_COST) from None
    person = _supervisor(case, supervisor)
    text = _text(note, "note", MSG_CASE_SUBSTITUTE_COST, required=False)
    substitute.done_on, substitute.cost, substitute.supervisor = day, amount, person
    act = _act(case, by, _role_of(by, case), client_ip, case.status)
    substitute.record = _record_issue(case, act, substitute, text)
    substitute.save()
    _record(
        act,
        AuditAction.CASE_SUBSTITUTE_DONE,
        case,
        text,
        done_on=day.isoformat(),
        cost=str(amount),
        supervisor=person.username,
        document_number=substitute.record.number,
    )
    step = (
        f"代为履行补种已实施，费用{amount:,.2f}元由当事人承担（{substitute.record.number}），待验收"
    )
    _tell(case, list(access.heads_of(case.agency_id)), step, NotificationKind.TASK_NEW)
    return substitute


# ------------------------------------------------------------------------------ documents


def _decision_number(case: Case) -> str:
    decision = case.documents.filter(kind=CaseDocumentKind.PENALTY_DECISION).first()
    return decision.number if decision else "—"


def _demand_issue(case: Case, act: Act, ground: str, day: date) -> CaseDocument:
    """履行催告书 (行政强制法 arts. 35, 50): the period, the way, the right to state and defend
    (art. 35, what a 催告 holds) before 代履行 (art. 50, 经催告仍不履行); both quoted, as cited."""
    return papers._issue(
        case,
        act,
        CaseDocumentKind.PERFORMANCE_DEMAND,
        paragraphs=[
            f"当事人：{papers.party_line(case)}",
            f"本机关{_decision_number(case)}行政处罚决定书责令{papers.you(case)}限期补种树木"
            f"{case.replant_trees}株。经查，{ground}。",
            f"请于{content.chinese_date(day)}前在原地或者异地补种树木{case.replant_trees}株，"
            "补种应当符合国家有关规定，完成后告知本机关检查验收。",
            f"{papers.you(case)}有权进行陈述和申辩。逾期仍不履行的，本机关将依法组织代为履行，"
            f"代为履行所需费用由{papers.you(case)}承担。",
        ],
        grounds_heading="依据",
        grounds=[
            f"{COERCION_LAW}第三十五条：“{ARTICLE_35}”",
            f"第五十条：“{ARTICLE_50}”",
            f"{papers.FOREST_LAW}第八十一条：“{FOREST_ARTICLE_81}”",
        ],
        legal_basis=f"{COERCION_LAW}第三十五条、第五十条；{papers.FOREST_LAW}第八十一条",
    )


def _decision_issue(
    case: Case, act: Act, substitute: SubstitutePerformance, urgent: str
) -> CaseDocument:
    """代履行决定书 (行政强制法 art. 51(1)): the party and address, the reason and basis (森林法
    art. 81 and 行政强制法 art. 50 quoted, as cited), the way and time, the object, the cost
    budget and who performs; the three days' 催告 (51(2)); the urgency that lets the work fall on
    a holiday or at night (art. 43), where there is one."""
    when = content.chinese_date(substitute.performed_on)
    time = f"{when}（情况紧急：{urgent}）" if urgent else f"{when}（日间）"
    article_43 = [f"第四十三条第一款：“{ARTICLE_43}”"] if urgent else []
    remedy = content.remedy_notice(
        case.agency, act="本决定", paper="本决定书", you=papers.you(case)
    )
    return papers._issue(
        case,
        act,
        CaseDocumentKind.SUBSTITUTE_DECISION,
        paragraphs=[
            f"当事人：{papers.party_line(case)}；地址：{substitute.party_address}",
            f"代履行的理由：{substitute.reason}。",
            f"代履行的依据：{papers.FOREST_LAW}第八十一条第一款第二项，{COERCION_LAW}第五十条、"
            f"第五十一条；本机关{_decision_number(case)}行政处罚决定书。",
            f"代履行的标的：补种树木{substitute.trees}株。",
            f"代履行的方式：{substitute.method}；时间：{time}。",
            f"代履行人：{substitute.performer}。",
            f"费用预算：{papers._yuan(substitute.cost_budget)}，按照成本合理确定，由{papers.you(case)}承担。",
            f"{papers.you(case)}在{content.chinese_date(substitute.performed_on)}前自行补种的，停止代履行。",
            remedy,
        ],
        grounds_heading="依据",
        grounds=[
            f"{papers.FOREST_LAW}第八十一条：“{FOREST_ARTICLE_81}”",
            f"{COERCION_LAW}第五十条：“{ARTICLE_50}”",
            f"第五十一条第一款第二项：“{ARTICLE_51_2}”",
            f"第五十一条第二款：“{ARTICLE_51_COST}”",
            *article_43,
        ],
        legal_basis=f"{papers.FOREST_LAW}第八十一条；{COERCION_LAW}第五十条、第五十一条"
        + ("、第四十三条" if urgent else ""),
    )


def _record_issue(
    case: Case, act: Act, substitute: SubstitutePerformance, note: str
) -> CaseDocument:
    """代履行记录 (art. 51(3)(4)): the work done, supervised, its cost; the lines to sign."""
    assert substitute.done_on is not None and substitute.cost is not None
    return papers._issue(
        case,
        act,
        CaseDocumentKind.SUBSTITUTE_RECORD,
        paragraphs=[
            f"当事人：{papers.party_line(case)}",
            f"代履行决定：{substitute.decision.number}；代履行人：{substitute.performer}。",
            f"实施日期：{content.chinese_date(substitute.done_on)}；补种树木{substitute.trees}株；"
            f"方式：{substitute.method}。",
            f"到场监督人员：{display_name(substitute.supervisor)}。{note}",
            f"代履行费用：{papers._yuan(substitute.cost)}，由当事人承担。",
        ],
        closing=[
            "到场监督的工作人员（签名）：",
            "代履行人（签名或者盖章）：",
            "当事人或者见证人（签名或者盖章）：",
        ],
        legal_basis=f"{COERCION_LAW}第五十一条",
    )
