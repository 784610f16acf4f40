"""How each act of ``demo.data.acts`` is done: through the services, exactly as people would
(nothing here writes a status, a task or a permission itself), except the few moves of the
clock that only the demo makes, each said so where it is done."""

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any, assert_never, cast

from django.contrib.auth.models import User
from django.db.models import F
from django.utils import timezone
from viewflow.workflow.models import Task

from demo.data.acts import (
    Accept,
    Ask,
    AssignInspection,
    Backdate,
    Decide,
    DecideRequest,
    DemoStep,
    FeePaid,
    File,
    FileCompletion,
    InterestedPartyAnswer,
    InterestedPartyNotify,
    PermitAct,
    RecordInspection,
    RenewalRunsOut,
    ReportEscape,
    ReviewAct,
    ReviewFiling,
    Revoke,
    SiteCheckRecord,
    SpecialProcedureStart,
    StatementAnswer,
    StatementNotify,
    Submit,
    SupervisionAct,
    TaskDecision,
    ValidityRunsOut,
    WindowRunsOut,
)
from licensing.lapses import permits_lapse
from licensing.models import OPEN_REQUEST_STATUSES, PermitRequest
from licensing.requests import permit_request_submit, renewals_deem
from licensing.revocation import permit_revoke
from licensing.services import statement_answer, statement_notice_issue
from licensing.windows import introduction_windows_close
from permits.choices import Decision, Status
from permits.models import Application, IntroductionApplication, OccupationRequest
from permits.obligations import add_months
from permits.screening import site_parcels
from permits.selectors import obligations_of
from roles.models import Agency
from supervision.inspections import inspection_assign, inspection_result
from supervision.models import Inspection
from supervision.services import filing_submit, incident_submit
from workflows import services as task_services
from workflows.clock import clocks_backdate
from workflows.engine import OPEN_TASK_STATUSES, open_tasks
from workflows.models import RestorationFee
from workflows.selectors import interested_parties_of, interested_party_notices_of
from workflows.services import task_decide

# Who may act: the demo users by username, and the applicant of the application at hand.
Users = dict[str, User]


def act_perform(
    act: DemoStep, application: Application, *, users: Users, applicant: User
) -> Application:
    """Do ``act`` on ``application``; returns the application as it now stands."""
    if isinstance(act, ReviewAct):
        return _review_act(act, application, users=users, applicant=applicant)
    if isinstance(act, PermitAct):
        return _permit_act(act, application, users=users, applicant=applicant)
    return _supervision_act(act, application, users=users, applicant=applicant)


# ---------------------------------------------------------------------- the review


def _review_act(
    act: ReviewAct, application: Application, *, users: Users, applicant: User
) -> Application:
    match act:
        case Submit():
            return task_services.application_submit(application=application, by=applicant)
        case Decide():
            return _decide(act, application, users)
        case Accept():
            return _decide(Decide(act.by, Decision.ACCEPT, act.opinion), application, users)
        case Backdate():
            _backdate(act, application)
        case SpecialProcedureStart():
            _special_procedure_start(act, application, users)
        case SiteCheckRecord():
            _site_check_record(act, application, users)
        case FeePaid():
            return _fee_paid(act, application, users)
        case InterestedPartyNotify():
            _interested_party_notify(act, application, users)
        case InterestedPartyAnswer():
            _interested_party_answer(act, application, users)
        case _:
            assert_never(act)
    return application


def _decide(act: Decide, application: Application, users: Users) -> Application:
    """Its one open task, or during a consultation the task of the consulted agency."""
    tasks = open_tasks(application=application)
    if act.agency is not None:
        agency = Agency.objects.get(code=act.agency)
        tasks = tasks.filter(owner_permission_obj_pk=str(agency.pk))
    return _task_decide(tasks.get().pk, act, users, items=list(act.items) or None)


def _task_decide(
    task_id: int, act: TaskDecision, users: Users, *, items: list[dict[str, Any]] | None = None
) -> Application:
    """``act.by`` decides the task with ``act``'s decision and opinion."""
    _task, application = task_decide(
        task_id=task_id, by=users[act.by], decision=act.decision, opinion=act.opinion, items=items
    )
    return application


def _backdate(act: Backdate, application: Application) -> None:
    """Only the demo does this (real clocks start when their task is created)."""
    clocks_backdate(application=application, working_days=act.working_days)
    # The open tasks were received when their clocks started, not today: a queue showing
    # a task received today and due two days ago read as a broken clock.
    for task in open_tasks(application=application).prefetch_related("clocks"):
        started = min((c.running_since for c in task.clocks.all() if c.running_since), default=None)
        if started is not None:
            received = timezone.make_aware(datetime.combine(started, time(9, 0)))
            type(task).objects.filter(pk=task.pk).update(created=received)


def _open_task(application: Application) -> Task:
    return open_tasks(application=application).get()


def _special_procedure_start(
    act: SpecialProcedureStart, application: Application, users: Users
) -> None:
    task_services.special_procedure_start(
        task_id=_open_task(application).pk,
        by=users[act.by],
        kind=act.kind,
        reason=act.reason,
        expected_working_days=act.expected_working_days,
    )


def _site_check_record(act: SiteCheckRecord, application: Application, users: Users) -> None:
    detail = cast(OccupationRequest, application.detail)
    task_services.site_check_record(
        task_id=_open_task(application).pk,
        by=users[act.by],
        checked_on=timezone.localdate(),
        inspectors=list(act.inspectors),
        findings=act.findings,
        measured_area_ha=str(detail.area_ha),
    )


def _fee_paid(act: FeePaid, application: Application, users: Users) -> Application:
    fee = RestorationFee.objects.get(application_id=application.pk)
    return task_services.fee_record(
        application_id=application.pk,
        by=users[act.by],
        amount=fee.amount_due,
        paid_on=timezone.localdate(),
        receipt_number=act.receipt_number,
    )


def _interested_party_notify(
    act: InterestedPartyNotify, application: Application, users: Users
) -> None:
    for party in interested_parties_of(application):
        task_services.interested_party_notify(
            task_id=_open_task(application).pk,
            by=users[act.by],
            holder_credit_code=party.credit_code,
        )


def _interested_party_answer(
    act: InterestedPartyAnswer, application: Application, users: Users
) -> None:
    for notice in interested_party_notices_of(application).filter(answered_on__isnull=True):
        task_services.interested_party_answer(
            notice_id=notice.pk,
            by=users[act.by],
            answer=act.answer,
            answered_on=timezone.localdate(),
        )


# ---------------------------------------------------------------------- the permit's life


def _permit_act(
    act: PermitAct, application: Application, *, users: Users, applicant: User
) -> Application:
    match act:
        case StatementNotify():
            statement_notice_issue(
                application=application,
                by=users[act.by],
                act=act.act,
                ground=act.ground,
                facts=act.facts,
            )
        case StatementAnswer():
            statement_answer(application=application, by=applicant, answer=act.answer)
        case Revoke():
            return permit_revoke(
                application=application, by=users[act.by], ground=act.ground, reason=act.reason
            )
        case Ask():
            _ask(act, application, applicant)
        case DecideRequest():
            return _decide_request(act, application, users)
        case RenewalRunsOut():
            _renewal_runs_out(application)
        case ValidityRunsOut():
            _validity_runs_out(application)
        case WindowRunsOut():
            _window_runs_out(application)
        case _:
            assert_never(act)
    return application


def _ask(act: Ask, application: Application, applicant: User) -> None:
    until = None
    if act.until_months and application.valid_until:
        until = add_months(application.valid_until, act.until_months).isoformat()
    permit_request_submit(
        application=application,
        by=applicant,
        kind=act.kind,
        reason=act.reason,
        changes=dict(act.changes) or None,
        until=until,
    )


def _decide_request(act: DecideRequest, application: Application, users: Users) -> Application:
    task = Task.objects.get(
        process__permitprocess__application_id=application.pk,
        process__permitprocess__permit_request__status__in=OPEN_REQUEST_STATUSES,
        flow_task_type="HUMAN",
        status__in=OPEN_TASK_STATUSES,
    )
    return _task_decide(task.pk, act, users)


def _renewal_runs_out(application: Application) -> None:
    """Only the demo does this: see ``RenewalRunsOut``."""
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


def _validity_runs_out(application: Application) -> None:
    """Only the demo does this: see ``ValidityRunsOut``."""
    yesterday = timezone.localdate() - timedelta(days=1)
    Application.objects.filter(pk=application.pk).update(valid_until=yesterday)
    permits_lapse(timezone.now())


def _window_runs_out(application: Application) -> None:
    """Only the demo does this: see ``WindowRunsOut``."""
    yesterday = timezone.localdate() - timedelta(days=1)
    assert application.status == Status.APPROVED  # only a permit in force has a window
    IntroductionApplication.objects.filter(pk=application.pk).update(introduction_until=yesterday)
    introduction_windows_close(timezone.now())


# ---------------------------------------------------------------------- supervision


def _supervision_act(
    act: SupervisionAct, application: Application, *, users: Users, applicant: User
) -> Application:
    match act:
        case File():
            _file(act, application, applicant)
        case ReportEscape():
            _report_escape(act, application, applicant)
        case FileCompletion():
            _file_completion(act, application, applicant)
        case ReviewFiling():
            _review_filing(act, application, users)
        case AssignInspection():
            _assign_inspection(act, application, users)
        case RecordInspection():
            _record_inspection(act, application, users)
        case _:
            assert_never(act)
    return application


def _file(act: File, application: Application, applicant: User) -> None:
    obligation = obligations_of(application).filter(kind=act.kind, status="open").first()
    assert obligation is not None, (application.reference, act.kind)
    filing_submit(obligation_id=obligation.pk, by=applicant, data=dict(act.data), note=act.note)


def _report_escape(act: ReportEscape, application: Application, applicant: User) -> None:
    today = timezone.localdate().isoformat()
    data = {k: today if v == "__today__" else v for k, v in act.data}
    incident_submit(application=application, by=applicant, data=data)


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


def _file_completion(act: FileCompletion, application: Application, applicant: User) -> None:
    obligation = obligations_of(application).get(kind="tending_completion", status="open")
    operation = getattr(application.detail, "operation_type", "")
    parcels = [
        {"compartment": code, "area_ha": str(area), "operation_type": operation}
        for code, area in _shares(application).items()
    ]
    data = {"completed_on": timezone.localdate().isoformat(), "parcels": parcels}
    filing_submit(obligation_id=obligation.pk, by=applicant, data=data, note=act.note)


def _review_filing(act: ReviewFiling, application: Application, users: Users) -> None:
    task = Task.objects.filter(
        flow_task_type="HUMAN",
        process__permitprocess__application_id=application.pk,
        process__permitprocess__filing__isnull=False,
        status="NEW",
    ).first()
    assert task is not None, application.reference
    _task_decide(task.pk, act, users)


def _assign_inspection(act: AssignInspection, application: Application, users: Users) -> None:
    inspection = Inspection.objects.get(application_id=application.pk, status="planned")
    inspection_assign(
        inspection_id=inspection.pk,
        by=users[act.by],
        inspectors=list(act.inspectors),
        planned_on=timezone.localdate() + timedelta(days=act.in_days),
    )


def _record_inspection(act: RecordInspection, application: Application, users: Users) -> None:
    inspection = Inspection.objects.get(application_id=application.pk, status="assigned")
    shares = _shares(application)
    operation = act.operation or getattr(application.detail, "operation_type", "")
    parcels = [
        {
            "compartment": code,
            "measured_area_ha": str((shares[code] * act.area_factor).quantize(Decimal("0.01"))),
            "operation_type": operation,
        }
        for code in inspection.sample
    ]
    inspection_result(
        inspection_id=inspection.pk,
        by=users[act.by],
        parcels=parcels,
        score=act.score,
        outcome=act.outcome,
        findings=act.findings,
    )
