"""Reads of review tasks, filtered by what the user may act on (permits.access)."""

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import F, IntegerField, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_fsm import can_proceed
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from core.errors import NotVisible
from permits import access, rules
from permits.access import AnyUser
from permits.choices import (
    EDITABLE_STATUSES,
    INCIDENT_STATUSES,
    OWED_OBLIGATION_STATUSES,
    REPORTABLE_STATUSES,
    AttachmentKind,
    Decision,
    Kind,
    Status,
    Step,
    grounded_decision,
)
from permits.facts import application_snapshot, rule_facts, snapshot_diff
from permits.models import Application, Attachment
from permits.readmemo import COUNTERSIGNS, remembered
from permits.rules.holders import held_by_others
from permits.screening import site_parcels
from permits.selectors import application_search, obligations_of
from permits.services import application_findings, submission_check
from roles.models import Agency, Role

from .clock import (
    SPECIAL_PROCEDURE_REFUSED_AT,
    Deadline,
    clock_of_task,
    clocks_deadlines,
    clocks_of_tasks,
    deadline_of,
    decision_clock_of,
    node_step_of,
    special_procedures_query,
    special_procedures_read,
)
from .engine import WAITING_TASK_STATUSES
from .models import (
    CompensationAgreementConfirmation,
    Countersign,
    DecisionClock,
    FeeStatus,
    Forwarding,
    Hearing,
    HearingNotice,
    InterestedPartyNotice,
    InterestedPartyStatus,
    PermitProcess,
    ResolvedRoute,
    RestorationFee,
    Resubmission,
    ReturnItem,
    ReviewDecision,
    RouteMissing,
    SiteCheck,
    SpecialProcedure,
    StepClock,
    route_resolve,
)

# agency: the open tasks of the agencies the user heads (负责人), to follow and reassign.
QUEUES = ("inbox", "queue", "archive", "agency")


# JSON columns no task list reads (the pages and the API show the application's summary):
# loading them cost about 4 ms of a page of 50 (bench/README.md, issue 10).
LIST_DEFERRED = (
    "process__data",
    "process__permitprocess__route",
    "process__permitprocess__application__site_geometry",
)


def _human_tasks() -> QuerySet[Task]:
    tasks: QuerySet[Task] = (  # viewflow ships no types: its manager reads as Any
        Task.objects.filter(flow_task_type="HUMAN")
        .select_related(
            "process__permitprocess__application__district",
            "process__permitprocess__application__organisation",
            "owner",
        )
        .defer(*LIST_DEFERRED)
    )
    return tasks


def tasks_for_user(*, user: AnyUser, queue: str = "inbox") -> QuerySet[Task]:
    """inbox: assigned to me and open; queue: open and claimable by me; archive: done by me.

    Every list holds only steps the user still holds the agency permission for: a revoked role
    takes that agency's tasks out of all three. Each is one query whatever the number of
    applications: it matches the tasks' (permission, agency) against the user's few agency
    grants, never per-application rows.
    """
    if queue == "agency":
        return tasks_of_headed_agencies(user=user)
    tasks = _human_tasks().filter(access.agency_grants(user))
    if queue == "inbox":
        # With the claimed tasks of members absent today whom the user substitutes for.
        absent = access.absences_covered_by(user).values("user_id")
        mine = Q(owner=user) | Q(owner__in=absent)
        return tasks.filter(mine, status=STATUS.ASSIGNED).order_by("created")
    if queue == "queue":
        # Served by the partial indexes of workflows 0001 (claimable tasks): the page is an
        # index scan in this order, the count an index-only scan, at any queue length.
        return tasks.filter(status=STATUS.NEW, owner=None).order_by("created", "pk")
    if queue == "archive":
        return tasks.filter(owner=user, finished__isnull=False).order_by("-finished")
    raise ValueError(queue)


def tasks_of_headed_agencies(*, user: AnyUser) -> QuerySet[Task]:
    """The open tasks of the agencies the user heads, claimed or not."""
    headed = [str(agency.pk) for agency in access.head_agencies(user)]
    return (
        _human_tasks()
        .filter(owner_permission_obj_pk__in=headed, status__in=WAITING_TASK_STATUSES)
        .order_by("created")
    )


def tasks_filter(
    tasks: QuerySet[Task],
    *,
    kind: str | None = None,
    district: int | str | None = None,
    overdue: bool | None = None,
    step: str | None = None,
    q: str | None = None,
) -> QuerySet[Task]:
    """The tasks of an application of this kind, district, step, lateness, and whose reference,
    title or applicant contains ``q``."""
    if q and q.strip():
        tasks = tasks.filter(application_search(q, prefix="process__permitprocess__application__"))
    if kind:
        tasks = tasks.filter(process__permitprocess__application__kind=kind)
    if district:
        tasks = tasks.filter(process__permitprocess__application__district_id=district)
    if step:
        tasks = tasks.filter(flow_task__endswith=f".{step}")
    if overdue is not None:
        late = Q(
            status__in=WAITING_TASK_STATUSES,
            clocks__ended_at__isnull=True,
            clocks__running_since__isnull=False,
            clocks__due_date__lt=timezone.localdate(),
        )
        tasks = tasks.filter(late) if overdue else tasks.exclude(late)
    return tasks


# Queue orderings (api.md): by the step's due date or by when the task was created.
TASK_ORDERINGS = ("due_date", "-due_date", "created", "-created")


def tasks_order(tasks: QuerySet[Task], ordering: str | None) -> QuerySet[Task]:
    """``due_date`` sorts by the running clock's due date (tasks without one last)."""
    if ordering not in TASK_ORDERINGS:
        return tasks
    if ordering.lstrip("-") == "created":
        return tasks.order_by(ordering, "pk")
    due = F("clocks__due_date")
    key = due.desc(nulls_last=True) if ordering.startswith("-") else due.asc(nulls_last=True)
    return tasks.order_by(key, "created", "pk")


def task_application(task: Task) -> Application:
    application: Application = task.process.permitprocess.application
    return application


def task_is_open(task: Task) -> bool:
    return task.status in WAITING_TASK_STATUSES


def application_open_tasks_for(*, application: Application, user: AnyUser) -> list[Task]:
    """The open tasks of this application that the user may act on (for the detail page)."""
    tasks = Task.objects.filter(
        process__permitprocess__application_id=application.pk,
        flow_task_type="HUMAN",
        status__in=WAITING_TASK_STATUSES,
    )
    return [t for t in tasks if access.can_act_on_task(user, t)]


def tasks_deadlines(
    tasks: Collection[Task], today: date | None = None
) -> dict[int, dict[str, object]]:
    """Each task's deadline fields (api.md: ``due_date``, ``working_days_left``, ``paused``,
    ``overdue``), in one query for the whole page; a task without a clock has none."""
    today = today or timezone.localdate()
    clocks = clocks_of_tasks(tasks)
    deadlines = clocks_deadlines(clocks.values(), today)
    found: dict[int, dict[str, object]] = {}
    for task in tasks:
        step_clock = clocks.get(task.pk)
        if step_clock is None:
            found[task.pk] = NO_DEADLINE
            continue
        deadline = deadlines[step_clock.pk]
        found[task.pk] = {
            "due_date": deadline.due_date,
            "working_days_left": deadline.working_days_left,
            "paused": deadline.paused,
            "overdue": deadline.overdue and task_is_open(task),
        }
    return found


def agencies_by_pk(pks: Iterable[object]) -> dict[str, Agency]:
    """The agencies of a list of tasks (their ``owner_permission_obj_pk``, text) in one query."""
    return {
        str(agency.pk): agency for agency in Agency.objects.filter(pk__in={str(pk) for pk in pks})
    }


def application_deadline(application: Application) -> Deadline | None:
    return deadline_of(application)


NO_DEADLINE: dict[str, object] = {
    "due_date": None,
    "working_days_left": None,
    "paused": False,
    "overdue": False,
}


def task_deadline(task: Task, today: date | None = None) -> dict[str, object]:
    return tasks_deadlines([task], today)[task.pk]


def task_get_visible(*, user: AnyUser, task_id: int | str) -> Task:
    """A human task the user may see (permits.access.can_see_task); NotVisible (404) otherwise."""
    task = (
        Task.objects.select_related("process", "owner")
        .filter(pk=task_id, flow_task_type="HUMAN")
        .first()
    )
    if task is None or not access.can_see_task(user, task, task_application(task)):
        raise NotVisible()
    return task


def countersigns_of_current_pass(application: Application) -> QuerySet[Countersign]:
    """The consulted agencies' opinions for the municipal approver: the latest consultation
    round of the current review (a resubmission resumed at municipal review keeps the round
    it had; one resumed at the district step consults again)."""
    countersigns = Countersign.objects.filter(process__in=review_processes(application))
    latest = countersigns.order_by("-process_id").values("process_id")[:1]
    return countersigns.filter(process_id=Subquery(latest)).select_related("agency", "decided_by")


def current_process(application: Application) -> PermitProcess | None:
    """The application's latest review pass (each submission starts one), or None."""
    # viewflow ships no types: the process manager reads as Any.
    latest: PermitProcess | None = (
        PermitProcess.objects.filter(
            application_id=application.pk, filing__isnull=True, permit_request__isnull=True
        )
        .order_by("-pk")
        .first()
    )
    return latest


def current_route(application: Application) -> ResolvedRoute:
    """The route frozen at the application's latest submission."""
    process = current_process(application)
    if process is None:
        raise ValueError(f"application {application.pk} was never submitted")
    return process.frozen_route


def review_processes(application: Application) -> QuerySet[PermitProcess]:
    """The passes of the application's current review: from the pass in which it was last
    accepted (受理) on; a resubmission after a review step's return resumes that step in a new
    pass of the same review. Without an acceptance (reviews begun before the acceptance step
    existed): the latest pass. Lazy: it is read as a subquery of the query that uses it."""
    processes = PermitProcess.objects.filter(
        application_id=application.pk, filing__isnull=True, permit_request__isnull=True
    )
    accepted = (
        ReviewDecision.objects.filter(
            application_id=application.pk, step=Step.ACCEPTANCE, decision=Decision.ACCEPT
        )
        .order_by("-process_id")
        .values("process_id")[:1]
    )
    latest = processes.order_by("-pk").values("pk")[:1]
    # Without any pass both are NULL and no pass is >= NULL: none.
    first = Coalesce(Subquery(accepted), Subquery(latest), output_field=IntegerField())
    return processes.filter(pk__gte=first)


def decisions_of_current_pass(application: Application) -> list[ReviewDecision]:
    """The decisions of the current review, oldest first (what a decision document lists):
    each step's latest decision per agency, so that a return answered and decided again is
    superseded by the decision that followed it. One query: a pass holds a handful."""
    decisions = ReviewDecision.objects.filter(process__in=review_processes(application)).order_by(
        "decided_at", "pk"
    )
    latest = {(decision.step, decision.agency_id): decision for decision in decisions}
    return sorted(latest.values(), key=lambda decision: (decision.decided_at, decision.pk))


def latest_decision(application: Application, decision: str) -> ReviewDecision | None:
    """The application's most recent decision of one kind (e.g. the refusal), or None."""
    return (
        ReviewDecision.objects.filter(application_id=application.pk, decision=decision)
        .order_by("-decided_at", "-pk")
        .first()
    )


def returned_at_acceptance(application: Application) -> bool:
    """Whether the acceptance step has returned the application: its one-time notice of what
    to correct (一次性告知, product.md §11) has been given."""
    return ReviewDecision.objects.filter(
        application_id=application.pk, step=Step.ACCEPTANCE, decision=Decision.RETURN
    ).exists()


def review_returns(application: Application) -> int:
    """How often the review steps (every step after acceptance) have returned the application
    for correction, in all its passes."""
    return (
        ReviewDecision.objects.filter(application_id=application.pk, decision=Decision.RETURN)
        .exclude(step=Step.ACCEPTANCE)
        .count()
    )


def grounds_offered(application: Application, decision: str) -> list[rules.Ground]:
    """What a reviewer may name as the grounds of ``decision``: for a refusal the rules of the
    application's type in its jurisdiction, for a non-acceptance the grounds of art. 32 that
    apply to it (N3 once its acceptance step has returned it); none for other decisions."""
    detail = application.detail if type(application) is Application else application
    if decision == Decision.REJECT:
        return rules.grounds_for(detail.kind, rule_facts(detail), detail.jurisdiction_id)
    if decision == Decision.NOT_ACCEPT:
        facts = {"corrected_at_acceptance": returned_at_acceptance(detail)}
        return rules.non_acceptance_grounds(facts)
    return []


def grounds_choice(application: Application, step: str) -> tuple[list[rules.Ground], set[str]]:
    """The grounds the task page offers at ``step``, for its decision that rests on grounds
    (``grounded_decision``), and the codes ticked beforehand: a refusal's rules the checks
    flag now; nothing for a non-acceptance, whose grounds the reviewer alone can tell."""
    decision = grounded_decision(step)
    if decision is None:
        return [], set()
    flagged = (
        {f.rule for f in application_findings(application)}
        if decision == Decision.REJECT
        else set()
    )
    return grounds_offered(application, decision), flagged


def open_return(application: Application) -> ReviewDecision | None:
    """The return decision the applicant is answering (一次性告知), while returned; else None."""
    if application.status != Status.RETURNED:
        return None
    return latest_decision(application, Decision.RETURN)


def resubmission_read_by(task: Task) -> Resubmission | None:
    """The applicant's latest answer to a return made before the task began: what its reviewer
    reads first (whichever step returned the application)."""
    return (
        Resubmission.objects.filter(
            application_id=task.process.permitprocess.application_id,
            submitted_at__lte=task.created,
        )
        .select_related("decision")
        .order_by("-submitted_at", "-pk")
        .first()
    )


def resubmission_visible(*, user: AnyUser, application: Application) -> Resubmission | None:
    """The resubmission the application is under review after, for an official of an agency
    that sees it (as the task pages show it); None for applicants, and while it is a draft or
    returned (no answer to the latest return yet)."""
    if application.status in EDITABLE_STATUSES or not access.can_see_countersigns(
        user, application
    ):
        return None
    return (
        Resubmission.objects.filter(application_id=application.pk)
        .select_related("decision")
        .order_by("-submitted_at", "-pk")
        .first()
    )


def resubmission_changes(resubmission: Resubmission) -> dict[str, Any]:
    """What changed between the version returned and the version resubmitted
    (``permits.facts.snapshot_diff``), and for each return item whether what it names changed:
    ``"items": [(item, True | False | None)]`` (None: the item names no field or kind)."""
    diff = snapshot_diff(resubmission.decision.snapshot, resubmission.snapshot)
    fields = {change["field"] for change in diff["fields"]}
    files = diff["attachments"]
    kinds = {a["kind"] for a in (*files["added"], *files["removed"])}
    items = [
        (item, _item_changed(item, fields, kinds))
        for item in resubmission.decision.return_items.all()
    ]
    return {**diff, "items": items}


def return_items_untouched(application: Application) -> list[ReturnItem]:
    """The open return's items the applicant has not answered yet, compared with the version
    returned: an item naming a field whose value is still the one returned, an item naming a
    kind of document with no file of that kind added or removed, and an item naming neither
    while nothing at all has changed. ``[]`` when the application is not returned.

    Resubmitting with untouched items is allowed (an item may be answered by the note alone);
    the pages ask to confirm with this list, the API's record marks each item."""
    returned = open_return(application)
    if returned is None:
        return []
    diff = snapshot_diff(returned.snapshot, application_snapshot(application.detail))
    fields = {change["field"] for change in diff["fields"]}
    files = diff["attachments"]
    kinds = {a["kind"] for a in (*files["added"], *files["removed"])}
    untouched = []
    for item in returned.return_items.all():
        changed = _item_changed(item, fields, kinds)
        if changed is False or (changed is None and not fields and not kinds):
            untouched.append(item)
    return untouched


def _item_changed(item: ReturnItem, fields: set[str], kinds: set[str]) -> bool | None:
    if item.field:
        return item.field in fields
    if item.attachment_kind:
        return item.attachment_kind in kinds
    return None


def countersigns_read(application: Application) -> list[Countersign]:
    """``countersigns_of_current_pass``, read once in a ``read_once`` block keeping
    ``COUNTERSIGNS``: a municipal approval checks them (rule O3) and its record shows them."""
    return remembered(
        (COUNTERSIGNS, application.pk), lambda: list(countersigns_of_current_pass(application))
    )


def countersigns_visible(user: AnyUser, application: Application) -> list[Countersign]:
    """The current pass's countersigns for a reader allowed to see them, else none."""
    if not access.can_see_countersigns(user, application):
        return []
    return countersigns_read(application)


# What a user may do with an application, in the order the pages show them (api.md "actions").
# edit: change its facts; attach: add a document; submit: send it for review; withdraw: take it
# back during review; report: file what the permit owes;
# report_incident: report an escape (an introduction, at any time after approval).
APPLICATION_ACTIONS = (
    "edit",
    "attach",
    "submit",
    "withdraw",
    "request_hearing",
    "report",
    "report_incident",
    "record_national_decision",
    "determine_fee",
    "record_fee",
)


def application_actions(*, user: AnyUser, application: Application) -> list[str]:
    """The actions the services would accept from this user now, for the API record and the
    application page alike. Who may is asked of ``permits.access`` (as the services ask it);
    when is the state the services check, so each listed action succeeds and each other one is
    refused."""
    detail = application.detail if type(application) is Application else application
    actions: list[str] = []
    if access.can_edit_application(user, detail):
        if detail.status in EDITABLE_STATUSES:
            actions += ["edit", "attach"]
            if can_proceed(detail.submit) and not submission_check(detail)[0]:
                try:
                    route_resolve(detail)
                except RouteMissing:
                    pass
                else:
                    actions.append("submit")
        if can_proceed(detail.withdraw):
            actions.append("withdraw")
        # A hearing is offered only in a review (a draft never submitted has none: no query).
        if detail.submitted_at is not None and applicant_hearing_notice(detail) is not None:
            actions.append("request_hearing")
        if (
            detail.status in REPORTABLE_STATUSES
            and obligations_of(detail).filter(status__in=OWED_OBLIGATION_STATUSES).exists()
        ):
            actions.append("report")
        if detail.kind == Kind.INTRODUCTION and detail.status in INCIDENT_STATUSES:
            actions.append("report_incident")
    if detail.status in (
        Status.FORWARDED,
        Status.AWAITING_FEE,
    ) and access.can_act_for_deciding_agency(user, detail):
        actions.append(
            "record_national_decision" if detail.status == Status.FORWARDED else "record_fee"
        )
        if detail.status == Status.AWAITING_FEE and fee_determinable(detail):
            actions.append("determine_fee")
    return sorted(actions, key=APPLICATION_ACTIONS.index)


def fee_determinable(application: Application) -> bool:
    """The fee notice left the amount 待核定 (or it was determined, and may be corrected)."""
    return (
        RestorationFee.objects.filter(application_id=application.pk, status=FeeStatus.DUE)
        .filter(Q(amount_due__isnull=True) | Q(determination__isnull=False))
        .exists()
    )


def is_national_grant(application: Application) -> bool:
    """The national authority decided this occupation (product.md §16 L6): only it may revoke
    or withdraw its grant."""
    return (
        application.kind == Kind.OCCUPATION
        and Forwarding.objects.filter(application_id=application.pk).exists()
    )


def special_procedures_of(application: Application) -> QuerySet[SpecialProcedure]:
    """The application's special procedures (art. 45), oldest first, with their agencies,
    notices and result files (two queries whatever their number; one when there are none)."""
    return special_procedures_query(application)


def special_procedures_listed(application: Application) -> list[SpecialProcedure]:
    """``special_procedures_of`` as a list, the decision's answer when a record follows it in
    its ``read_once`` block (``clock.special_procedures_read``)."""
    return special_procedures_read(application)


def hearings_of(application: Application) -> QuerySet[Hearing]:
    """The application's hearings (听证, arts. 46–48), oldest first, with their notices, their
    record and its signed file (three queries whatever their number)."""
    return (
        Hearing.objects.filter(application_id=application.pk)
        .select_related("agency", "presiding", "record_document")
        .prefetch_related(
            Prefetch("notices", HearingNotice.objects.select_related("notice").order_by("pk")),
            "attachments",
        )
    )


def tasks_with_hearing_overdue(task_pks: Iterable[int], today: date) -> set[int]:
    """Of these tasks, those whose hearing was asked for and is past the day it was to be held
    by unheld (逾期未举行, art. 47): one query."""
    return set(
        Hearing.objects.filter(
            task_id__in=list(task_pks), held_on__isnull=True, hold_by__lt=today
        ).values_list("task_id", flat=True)
    )


def hearings_cited(application: Application) -> list[tuple[date, str]]:
    """The hearings held in the current review, (day, record number), which its decision says
    it rests on (art. 48(2))."""
    held = Hearing.objects.filter(
        process__in=review_processes(application),
        held_on__isnull=False,
        record_document__isnull=False,
    ).order_by("held_on", "pk")
    return [
        (h.held_on, h.record_document.number)
        for h in held.select_related("record_document")
        if h.held_on is not None and h.record_document is not None
    ]


def applicant_hearing_notice(
    application: Application, today: date | None = None
) -> HearingNotice | None:
    """The applicant's 听证权利告知书 of the open hearing while it may still ask (art. 47)."""
    today = today or timezone.localdate()
    return (
        HearingNotice.objects.filter(
            hearing__application_id=application.pk,
            hearing__held_on__isnull=True,
            holder_credit_code="",
            requested_on__isnull=True,
            request_due_date__gte=today,
        )
        .order_by("-pk")
        .first()
    )


def hearing_open_of(application: Application) -> Hearing | None:
    """The hearing offered and not held yet, if any (one at a time)."""
    return (
        Hearing.objects.filter(application_id=application.pk, held_on__isnull=True)
        .order_by("-pk")
        .first()
    )


def site_checks_of(application: Application) -> QuerySet[SiteCheck]:
    """The application's site checks (现场查验), oldest first, with their agencies, recorders
    and files (two queries whatever their number; one when there are none)."""
    return (
        SiteCheck.objects.filter(application_id=application.pk)
        .select_related("agency", "recorded_by")
        .prefetch_related("attachments")
        .order_by("checked_on", "recorded_at", "pk")
    )


def site_check_inspectors(agency_id: int | str) -> QuerySet[User]:
    """Who may be named as a site check's inspector (art. 34(3): the agency's own staff): the
    active members of the agency who act on its steps or head it."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            is_superuser=False,
            memberships__agency_id=agency_id,
            memberships__role__in=[*access.ACTING_ROLES, Role.HEAD],
        )
        .distinct()
        .order_by("username")
    )


OccupationRecord = TypeVar("OccupationRecord", Forwarding, RestorationFee)


def _occupation_record(
    model: type[OccupationRecord], application: Application, *documents: str
) -> OccupationRecord | None:
    """An occupation's one ``model`` row with its agency, its ``document``, who recorded it and
    its files (two queries; none for the other types)."""
    if application.kind != Kind.OCCUPATION:
        return None
    return (
        model.objects.filter(application_id=application.pk)
        .select_related("agency", *documents, "recorded_by")
        .prefetch_related("attachments")
        .first()
    )


def fee_of(application: Application) -> RestorationFee | None:
    """An occupation's restoration fee (product.md §16 L7): the notice's demand and the payment
    recorded, with its notice and receipt."""
    return _occupation_record(RestorationFee, application, "notice", "determination")


def forwarding_of(application: Application) -> Forwarding | None:
    """An occupation's forwarding to the national authority and the national decision recorded
    (product.md §16 L6), with its letter."""
    return _occupation_record(Forwarding, application, "letter")


# ---- interested parties (利害关系人, product.md §16 L14) -----------------------------------


@dataclass(frozen=True)
class InterestedParty:
    """An organisation other than the applicant holding 小班 of an occupation's site, and what
    the district step has of it: a compensation agreement naming it, the latest 利害关系人告知书
    issued to it and where that stands."""

    name: str
    credit_code: str
    compartments: tuple[str, ...]
    compensation_agreement: bool
    notice: InterestedPartyNotice | None
    status: InterestedPartyStatus | None

    @property
    def resolved(self) -> bool:
        """The district step may approve as far as this party goes: a reviewer confirmed a
        compensation agreement names it, or it was told and answered or let its period (from
        service) lapse."""
        return self.compensation_agreement or self.status in (
            InterestedPartyStatus.ANSWERED,
            InterestedPartyStatus.LAPSED,
        )


def _holders(detail: Application) -> dict[str, tuple[str, list[str]]]:
    """The site's holders other than the applicant, by credit code: (name, 小班) (rule T6's
    reading, ``held_by_others``)."""
    facts = {
        "parcels": site_parcels(detail),
        "applicant_credit_code": detail.organisation.unified_credit_code,
    }
    holders: dict[str, tuple[str, list[str]]] = {}
    for parcel in held_by_others(facts):
        code = str(parcel["agreement_holder_code"])
        name, compartments = holders.setdefault(code, (str(parcel["agreement_holder"] or code), []))
        compartments.append(str(parcel["compartment"]))
    return holders


def interested_parties_of(
    application: Application, today: date | None = None
) -> list[InterestedParty]:
    """The interested parties of an occupation, by credit code; none for the other kinds (no
    query)."""
    if application.kind != Kind.OCCUPATION:
        return []
    today = today or timezone.localdate()
    detail = application.detail if type(application) is Application else application
    holders = _holders(detail)
    if not holders:
        return []
    # A reviewer's confirmation names the holder, never an attachment's file name (issue 46).
    confirmed = set(
        CompensationAgreementConfirmation.objects.filter(application_id=application.pk).values_list(
            "holder_credit_code", flat=True
        )
    )
    # The latest of each holder.
    notices = {n.holder_credit_code: n for n in interested_party_notices_of(application)}
    parties = []
    for code, (name, compartments) in sorted(holders.items(), key=lambda h: h[1][0]):
        notice = notices.get(code)
        parties.append(
            InterestedParty(
                name=name,
                credit_code=code,
                compartments=tuple(sorted(set(compartments))),
                compensation_agreement=code in confirmed,
                notice=notice,
                status=notice.status(today) if notice is not None else None,
            )
        )
    return parties


def compensation_agreements_of(application: Application) -> QuerySet[Attachment]:
    """The compensation agreements (补偿协议) attached to an application, oldest first: what a
    reviewer may confirm as naming a holder."""
    return Attachment.objects.filter(
        application_id=application.pk, kind=AttachmentKind.COMPENSATION_AGREEMENT
    ).order_by("uploaded_at", "pk")


def compensation_confirmations_of(
    application: Application,
) -> QuerySet[CompensationAgreementConfirmation]:
    """The reviewers' confirmations that an agreement names a holder, oldest first."""
    return CompensationAgreementConfirmation.objects.filter(
        application_id=application.pk
    ).select_related("attachment", "confirmed_by", "agency")


def interested_party_notices_of(application: Application) -> QuerySet[InterestedPartyNotice]:
    """The 利害关系人告知书 of an application, oldest first, with their documents."""
    return (
        InterestedPartyNotice.objects.filter(application_id=application.pk)
        .select_related("notice", "agency", "answer_recorded_by")
        .order_by("issued_on", "pk")
    )


# What a user may do with a task, in the order the task page shows them. claim: take it from
# the queue; unclaim: give it back; decide: record the step's decision; reassign: the head
# gives it to another member; extend: the head extends the legal period once (art. 42);
# special_procedure: record or end a special procedure (art. 45); site_check and
# interested_parties: the district step of an occupation records them.
TASK_ACTIONS = (
    "claim",
    "unclaim",
    "decide",
    "reassign",
    "extend",
    "special_procedure",
    "site_check",
    "interested_parties",
    "hearing_notice",
    "hearing",
)


def task_offers_special_procedure(user: AnyUser, task: Task) -> bool:
    """An open task of a step where the service records special procedures (an
    application's review), and a user who may record them."""
    return (
        task_is_open(task)
        and node_step_of(task) not in SPECIAL_PROCEDURE_REFUSED_AT
        and access.may_record_special_procedure(user, task)
    )


def is_district_occupation_step(task: Task, application: Application) -> bool:
    """The district step of an occupation: where a site check is recorded and the interested
    parties are heard, and approving waits for both."""
    return application.kind == Kind.OCCUPATION and node_step_of(task) == Step.DISTRICT_REVIEW


def task_offers_district_records(user: AnyUser, task: Task, application: Application) -> bool:
    """The open district task of an occupation, to the officials of the step and the head of
    its agency: they record site checks and the interested parties' notices and answers."""
    return (
        task_is_open(task)
        and is_district_occupation_step(task, application)
        and access.may_record_special_procedure(user, task)
    )


def task_offers_hearing(user: AnyUser, task: Task, application: Application) -> dict[str, bool]:
    """``hearing_notice``: offer a hearing (arts. 46, 47) while none is open; ``hearing``:
    record the one asked for as held. Both on a task where special procedures are recorded, to
    those who record them."""
    if not task_offers_special_procedure(user, task):
        return {"hearing_notice": False, "hearing": False}
    hearing = hearing_open_of(application)
    return {
        "hearing_notice": hearing is None,
        "hearing": hearing is not None
        and hearing.task_id == task.pk
        and hearing.requested_on is not None,
    }


def task_offers_extension(
    user: AnyUser, task: Task, step_clock: StepClock | None, legal: DecisionClock | None
) -> bool:
    """The head of the deciding agency, on its own open step, while the decision period runs
    and was never extended (art. 42; the service decides again on submission)."""
    return bool(
        step_clock is not None
        and step_clock.ended_at is None
        and step_clock.step != Step.ACCEPTANCE
        and legal is not None
        and legal.ended_at is None
        and legal.extended_at is None
        and str(legal.deciding_agency_id) == str(task.owner_permission_obj_pk)
        and task_is_open(task)
        and access.is_head(user, legal.deciding_agency_id)
    )


def task_actions(
    *,
    user: AnyUser,
    task: Task,
    application: Application,
    step_clock: StepClock | None = None,
) -> list[str]:
    """The actions the services would accept from this user on this task now, in
    ``TASK_ACTIONS`` order, for the task page (``step_clock``: the task's, when read already).
    Who may is asked of ``permits.access``, as the services ask it."""
    is_open = task_is_open(task)
    can_act = is_open and access.can_act_on_task(user, task)
    if step_clock is None:
        step_clock = clock_of_task(task)
    offered = {
        "claim": can_act and task.owner_id is None,
        "unclaim": is_open and task.owner_id == user.pk,
        "decide": can_act,
        "reassign": is_open and access.is_head_of_task_agency(user, task),
        "extend": task_offers_extension(user, task, step_clock, decision_clock_of(application)),
        "special_procedure": task_offers_special_procedure(user, task),
        "site_check": task_offers_district_records(user, task, application),
        "interested_parties": task_offers_district_records(user, task, application),
        **task_offers_hearing(user, task, application),
    }
    return [action for action in TASK_ACTIONS if offered[action]]
