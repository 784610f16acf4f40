"""How each act of ``demo.data.acts`` is done: through the services, exactly as people would
(nothing here writes a status, a task or a permission itself), except the few moves of the
clock that only the demo makes, each said so where it is done."""

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, cast

import time_machine
from django.contrib.auth.models import User
from django.utils import timezone
from viewflow.workflow.models import Task

from demo.data.acts import (
    Accept,
    Ask,
    AssignInspection,
    Backdate,
    CompensationConfirm,
    Decide,
    DecideRequest,
    DemoStep,
    FeePaid,
    File,
    FileAnyway,
    FileCompletion,
    HearingBackdate,
    HearingHold,
    HearingOffer,
    HearingRequest,
    InterestedPartyAnswer,
    InterestedPartyNotify,
    InterestedPartyServed,
    RecordInspection,
    RecordSeal,
    RenewalRunsOut,
    ReportEscape,
    ReviewFiling,
    Revoke,
    SiteCheckRecord,
    SpecialProcedureStart,
    StatementAnswer,
    StatementNotify,
    Submit,
    TaskDecision,
    ValidityRunsOut,
    WindowRunsOut,
)
from demo.documents import hearing_record_upload
from documents.seals import document_seal
from documents.selectors import application_document
from licensing.lapses import permits_lapse
from licensing.models import OPEN_REQUEST_STATUSES
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
from workflows.clock import clocks_backdate, hearing_backdate
from workflows.engine import OPEN_TASK_STATUSES, open_tasks
from workflows.models import RestorationFee
from workflows.selectors import (
    compensation_agreements_of,
    interested_parties_of,
    interested_party_notices_of,
)
from workflows.services import task_decide


@dataclass(frozen=True)
class Actors:
    """Who may act: the demo users by username, and the applicant of the application at hand."""

    users: dict[str, User]
    applicant: User


def act_perform(
    act: DemoStep, application: Application, *, users: dict[str, User], applicant: User
) -> Application:
    """Do ``act`` on ``application`` (``DOERS`` says how); returns the application as it now
    stands."""
    done = DOERS[type(act)](act, application, Actors(users, applicant))
    return application if done is None else done


# ---------------------------------------------------------------------- the review


def _submit(_act: Submit, application: Application, who: Actors) -> Application:
    return task_services.application_submit(application=application, by=who.applicant)


def _file_anyway(_act: FileAnyway, application: Application, who: Actors) -> Application:
    return task_services.application_submit(
        application=application, by=who.applicant, file_anyway=True
    )


def _accept(act: Accept, application: Application, who: Actors) -> Application:
    return _decide(Decide(act.by, Decision.ACCEPT, act.opinion), application, who)


def _decide(act: Decide, application: Application, who: Actors) -> Application:
    """Its one open task, or during a consultation the task of the consulted agency."""
    tasks = open_tasks(application=application)
    if act.agency is not None:
        agency = Agency.objects.get(code=act.agency)
        tasks = tasks.filter(owner_permission_obj_pk=str(agency.pk))
    return _task_decide(tasks.get().pk, act, who, items=list(act.items) or None)


def _task_decide(
    task_id: int, act: TaskDecision, who: Actors, *, items: list[dict[str, Any]] | None = None
) -> Application:
    """``act.by`` decides the task with ``act``'s decision and opinion."""
    _task, application = task_decide(
        task_id=task_id,
        by=who.users[act.by],
        decision=act.decision,
        opinion=act.opinion,
        items=items,
    )
    return application


def _backdate(act: Backdate, application: Application, _who: Actors) -> None:
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
    act: SpecialProcedureStart, application: Application, who: Actors
) -> None:
    task_services.special_procedure_start(
        task_id=_open_task(application).pk,
        by=who.users[act.by],
        kind=act.kind,
        reason=act.reason,
        expected_working_days=act.expected_working_days,
    )


def _site_check_record(act: SiteCheckRecord, application: Application, who: Actors) -> None:
    detail = cast(OccupationRequest, application.detail)
    task_services.site_check_record(
        task_id=_open_task(application).pk,
        by=who.users[act.by],
        checked_on=timezone.localdate(),
        inspectors=list(act.inspectors),
        findings=act.findings,
        measured_area_ha=str(detail.area_ha),
    )


def _fee_paid(act: FeePaid, application: Application, who: Actors) -> Application:
    fee = RestorationFee.objects.get(application_id=application.pk)
    return task_services.fee_record(
        application_id=application.pk,
        by=who.users[act.by],
        amount=fee.amount_due,
        paid_on=timezone.localdate(),
        receipt_number=act.receipt_number,
    )


def _interested_party_notify(
    act: InterestedPartyNotify, application: Application, who: Actors
) -> None:
    for party in interested_parties_of(application):
        task_services.interested_party_notify(
            task_id=_open_task(application).pk,
            by=who.users[act.by],
            holder_credit_code=party.credit_code,
        )


def _interested_party_answer(
    act: InterestedPartyAnswer, application: Application, who: Actors
) -> None:
    for notice in interested_party_notices_of(application).filter(answered_on__isnull=True):
        task_services.interested_party_answer(
            notice_id=notice.pk,
            by=who.users[act.by],
            answer=act.answer,
            answered_on=timezone.localdate(),
        )


def _interested_party_served(
    act: InterestedPartyServed, application: Application, who: Actors
) -> None:
    for notice in interested_party_notices_of(application).filter(served_on__isnull=True):
        task_services.interested_party_served(
            notice_id=notice.pk, by=who.users[act.by], served_on=timezone.localdate()
        )


def _compensation_confirm(act: CompensationConfirm, application: Application, who: Actors) -> None:
    agreement = compensation_agreements_of(application).first()
    assert agreement is not None, "the demo's application attaches its agreement"
    for party in interested_parties_of(application):
        task_services.compensation_agreement_confirm(
            task_id=_open_task(application).pk,
            by=who.users[act.by],
            attachment_id=agreement.pk,
            holder_credit_code=party.credit_code,
        )


def _hearing_offer(act: HearingOffer, application: Application, who: Actors) -> None:
    task_services.hearing_offer(
        task_id=_open_task(application).pk, by=who.users[act.by], reason=act.reason
    )


def _hearing_request(act: HearingRequest, application: Application, who: Actors) -> None:
    task_services.hearing_request(application=application, by=who.users[act.by])


def _hearing_backdate(act: HearingBackdate, application: Application, _who: Actors) -> None:
    """Only the demo does this (real hearings are asked for on the day they are)."""
    hearing_backdate(application=application, working_days=act.working_days)


def _hearing_hold(act: HearingHold, application: Application, who: Actors) -> None:
    task_services.hearing_hold(
        task_id=_open_task(application).pk,
        by=who.users[act.by],
        held_on=timezone.localdate(),
        presiding=act.presiding,
        record=act.record,
        uploads=[hearing_record_upload(application, act.record)],
    )


# ---------------------------------------------------------------------- the permit's life


def _record_seal(act: RecordSeal, application: Application, who: Actors) -> None:
    document = application_document(application)
    assert document is not None, "the demo seals a decided application's decision"
    document_seal(
        application=application.pk,
        document_id=document.pk,
        by=who.users[act.by],
        sealed_on=timezone.localdate(),
    )


def _statement_notify(act: StatementNotify, application: Application, who: Actors) -> None:
    statement_notice_issue(
        application=application,
        by=who.users[act.by],
        act=act.act,
        ground=act.ground,
        facts=act.facts,
    )


def _statement_answer(act: StatementAnswer, application: Application, who: Actors) -> None:
    statement_answer(application=application, by=who.applicant, answer=act.answer)


def _revoke(act: Revoke, application: Application, who: Actors) -> Application:
    return permit_revoke(
        application=application, by=who.users[act.by], ground=act.ground, reason=act.reason
    )


def _ask(act: Ask, application: Application, who: Actors) -> None:
    until = None
    if act.until_months and application.valid_until:
        until = add_months(application.valid_until, act.until_months).isoformat()
    permit_request_submit(
        application=application,
        by=who.applicant,
        kind=act.kind,
        reason=act.reason,
        changes=dict(act.changes) or None,
        until=until,
    )


def _decide_request(act: DecideRequest, application: Application, who: Actors) -> Application:
    task = Task.objects.get(
        process__permitprocess__application_id=application.pk,
        process__permitprocess__permit_request__status__in=OPEN_REQUEST_STATUSES,
        flow_task_type="HUMAN",
        status__in=OPEN_TASK_STATUSES,
    )
    return _task_decide(task.pk, act, who)


def _renewal_runs_out(_act: RenewalRunsOut, application: Application, _who: Actors) -> None:
    """See ``RenewalRunsOut``: nothing is moved, the acts before were dated to end yesterday."""
    _ended_yesterday(application)
    renewals_deem(timezone.now())


def _validity_runs_out(_act: ValidityRunsOut, application: Application, _who: Actors) -> None:
    """See ``ValidityRunsOut``: nothing is moved, the acts before were dated to end yesterday."""
    _ended_yesterday(application)
    permits_lapse(timezone.now())


def _ended_yesterday(application: Application) -> None:
    ended = Application.objects.values_list("valid_until", flat=True).get(pk=application.pk)
    yesterday = timezone.localdate() - timedelta(days=1)
    # A row of the tables whose validity_months is not the approval's would end elsewhere.
    assert ended == yesterday, (application.reference, ended, yesterday)


# ---------------------------------------------------------------------- the acts' dates

# How long before the permit's end the demo's renewal is asked and accepted (at least
# ``Standard.renewal_days_before``, 30, by law).
RENEWAL_ASKED_DAYS = 45
# The hour of a dated act, Beijing time: office hours.
ACT_HOUR = time(9, 30)
_RUNS_OUT = (RenewalRunsOut, ValidityRunsOut)


def acts_dated(steps: Sequence[DemoStep]) -> tuple[datetime | None, list[datetime | None]]:
    """When the application is created and each of ``steps`` done: now (None), except before
    an act of a permit that ran out (``RenewalRunsOut``, ``ValidityRunsOut``), which is done
    today, the day after its last day, yesterday: then the application is created and decided
    ``validity_months`` before yesterday, and the holder's request (``Ask`` and what follows)
    made ``RENEWAL_ASKED_DAYS`` before the end. Each decision is then dated within its period,
    and every document printed with the date its act was done."""
    ending = next((i for i, step in enumerate(steps) if isinstance(step, _RUNS_OUT)), None)
    if ending is None:
        return None, [None] * len(steps)
    last_day = timezone.localdate() - timedelta(days=1)
    months = cast(RenewalRunsOut | ValidityRunsOut, steps[ending]).validity_months
    approved = _at(add_months(last_day, -months))
    asked = _at(last_day - timedelta(days=RENEWAL_ASKED_DAYS))
    first_ask = next((i for i, step in enumerate(steps) if isinstance(step, Ask)), ending)
    dates: list[datetime | None] = [
        None if i >= ending else approved if i < first_ask else asked for i in range(len(steps))
    ]
    return approved, dates


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, ACT_HOUR))


def days_ago(days: int) -> datetime:
    """Office hours ``days`` before today: when a dated demo act is done."""
    return _at(timezone.localdate() - timedelta(days=days))


def clock_at(when: datetime | None) -> AbstractContextManager[object]:
    """The clock as the demo dates an act (``acts_dated``, ``days_ago``): ``when`` and running
    on (the acts done then take their seconds), or now. Only the demo sets the clock; every act
    is still done through its service, which reads the time as always."""
    if when is None:
        return nullcontext()
    return time_machine.travel(when, tick=True)


def _window_runs_out(_act: WindowRunsOut, application: Application, _who: Actors) -> None:
    """Only the demo does this: see ``WindowRunsOut``."""
    yesterday = timezone.localdate() - timedelta(days=1)
    assert application.status == Status.APPROVED  # only a permit in force has a window
    IntroductionApplication.objects.filter(pk=application.pk).update(introduction_until=yesterday)
    introduction_windows_close(timezone.now())


# ---------------------------------------------------------------------- supervision


def _file(act: File, application: Application, who: Actors) -> None:
    obligation = obligations_of(application).filter(kind=act.kind, status="open").first()
    assert obligation is not None, (application.reference, act.kind)
    filing_submit(obligation_id=obligation.pk, by=who.applicant, data=dict(act.data), note=act.note)


def _report_escape(act: ReportEscape, application: Application, who: Actors) -> None:
    today = timezone.localdate().isoformat()
    data = {k: today if v == "__today__" else v for k, v in act.data}
    incident_submit(application=application, by=who.applicant, data=data)


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


def _file_completion(act: FileCompletion, application: Application, who: Actors) -> None:
    obligation = obligations_of(application).get(kind="tending_completion", status="open")
    operation = getattr(application.detail, "operation_type", "")
    parcels = [
        {"compartment": code, "area_ha": str(area), "operation_type": operation}
        for code, area in _shares(application).items()
    ]
    data = {"completed_on": timezone.localdate().isoformat(), "parcels": parcels}
    filing_submit(obligation_id=obligation.pk, by=who.applicant, data=data, note=act.note)


def _review_filing(act: ReviewFiling, application: Application, who: Actors) -> None:
    task = Task.objects.filter(
        flow_task_type="HUMAN",
        process__permitprocess__application_id=application.pk,
        process__permitprocess__filing__isnull=False,
        status="NEW",
    ).first()
    assert task is not None, application.reference
    _task_decide(task.pk, act, who)


def _assign_inspection(act: AssignInspection, application: Application, who: Actors) -> None:
    inspection = Inspection.objects.get(application_id=application.pk, status="planned")
    inspection_assign(
        inspection_id=inspection.pk,
        by=who.users[act.by],
        inspectors=list(act.inspectors),
        planned_on=timezone.localdate() + timedelta(days=act.in_days),
    )


def _record_inspection(act: RecordInspection, application: Application, who: Actors) -> None:
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
        by=who.users[act.by],
        parcels=parcels,
        score=act.score,
        outcome=act.outcome,
        findings=act.findings,
    )


# How each act of ``demo.data.acts`` is done (tests/test_seed_demo.py checks that every act has
# its doer): it returns the application as it now stands, or None where the act leaves it as is.
DOERS: dict[type[DemoStep], Callable[[Any, Application, Actors], Application | None]] = {
    # the review
    Submit: _submit,
    FileAnyway: _file_anyway,
    Decide: _decide,
    Accept: _accept,
    Backdate: _backdate,
    SpecialProcedureStart: _special_procedure_start,
    SiteCheckRecord: _site_check_record,
    FeePaid: _fee_paid,
    InterestedPartyNotify: _interested_party_notify,
    InterestedPartyServed: _interested_party_served,
    InterestedPartyAnswer: _interested_party_answer,
    CompensationConfirm: _compensation_confirm,
    HearingOffer: _hearing_offer,
    HearingRequest: _hearing_request,
    HearingBackdate: _hearing_backdate,
    HearingHold: _hearing_hold,
    # the permit's life
    RecordSeal: _record_seal,
    StatementNotify: _statement_notify,
    StatementAnswer: _statement_answer,
    Revoke: _revoke,
    Ask: _ask,
    DecideRequest: _decide_request,
    RenewalRunsOut: _renewal_runs_out,
    ValidityRunsOut: _validity_runs_out,
    WindowRunsOut: _window_runs_out,
    # supervision
    File: _file,
    ReportEscape: _report_escape,
    FileCompletion: _file_completion,
    ReviewFiling: _review_filing,
    AssignInspection: _assign_inspection,
    RecordInspection: _record_inspection,
}
