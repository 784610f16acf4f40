"""Reads of review tasks, filtered by what the user may act on (permits.access)."""

from django.db.models import QuerySet
from django.utils import timezone
from django_fsm import can_proceed
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from permits import access
from permits.certificates import verify
from permits.certificates.verify import Verification
from permits.choices import EDITABLE_STATUSES, Decision, Status
from permits.errors import NotVisible
from permits.models import Application
from permits.selectors import reports_of
from permits.services import REPORTABLE_STATUSES, submission_problems

from .deadlines import overdue_cutoff, step_due_date
from .models import (
    Countersign,
    PermitProcess,
    ResolvedRoute,
    ReviewDecision,
    RouteMissing,
    route_resolve,
)

QUEUES = ("inbox", "queue", "archive")


def _human_tasks() -> QuerySet[Task]:
    return Task.objects.filter(flow_task_type="HUMAN").select_related(
        "process__permitprocess__application__district", "owner"
    )


def tasks_for_user(*, user, queue: str = "inbox") -> QuerySet[Task]:
    """inbox: assigned to me and open; queue: open and claimable by me; archive: done by me.

    Every list holds only steps the user still holds the agency permission for: a revoked role
    takes that agency's tasks out of all three. Each is one query whatever the number of
    applications: it matches the tasks' (permission, agency) against the user's few agency
    grants, never per-application rows.
    """
    tasks = _human_tasks().filter(access.agency_grants(user))
    if queue == "inbox":
        return tasks.filter(owner=user, status=STATUS.ASSIGNED).order_by("created")
    if queue == "queue":
        return tasks.filter(status=STATUS.NEW, owner=None).order_by("created")
    if queue == "archive":
        return tasks.filter(owner=user, finished__isnull=False).order_by("-finished")
    raise ValueError(queue)


def tasks_filter(
    tasks: QuerySet[Task], *, kind=None, district=None, overdue: bool | None = None
) -> QuerySet[Task]:
    if kind:
        tasks = tasks.filter(process__permitprocess__application__kind=kind)
    if district:
        tasks = tasks.filter(process__permitprocess__application__district_id=district)
    if overdue is not None:
        late = {
            "status__in": [STATUS.NEW, STATUS.ASSIGNED],
            "created__date__lt": overdue_cutoff(timezone.localdate()),
        }
        tasks = tasks.filter(**late) if overdue else tasks.exclude(**late)
    return tasks


def task_application(task):
    return task.process.permitprocess.application


def task_is_open(task) -> bool:
    return task.status in (STATUS.NEW, STATUS.ASSIGNED)


def application_open_tasks_for(*, application, user) -> list[Task]:
    """The open tasks of this application that the user may act on (for the detail page)."""
    tasks = Task.objects.filter(
        process__permitprocess__application_id=application.pk,
        flow_task_type="HUMAN",
        status__in=[STATUS.NEW, STATUS.ASSIGNED],
    )
    return [t for t in tasks if access.can_act_on_task(user, t)]


def task_due_date(task):
    """The statutory deadline of a review step: N working days after the task was created."""
    return step_due_date(timezone.localdate(task.created))


def task_is_overdue(task, today=None) -> bool:
    today = today or timezone.localdate()
    return task_is_open(task) and timezone.localdate(task.created) < overdue_cutoff(today)


def task_get_visible(*, user, task_id) -> Task:
    """A human task the user may see (permits.access.can_see_task); NotVisible (404) otherwise."""
    task = (
        Task.objects.select_related("process", "owner")
        .filter(pk=task_id, flow_task_type="HUMAN")
        .first()
    )
    if task is None or not access.can_see_task(user, task, task_application(task)):
        raise NotVisible()
    return task


def countersigns_of_current_pass(application):
    """The consulted agencies' opinions of the latest review pass, for the municipal approver."""
    latest = current_process(application)
    if latest is None:
        return Countersign.objects.none()
    return Countersign.objects.filter(process=latest).select_related("agency", "decided_by")


def current_process(application: Application) -> PermitProcess | None:
    """The application's latest review pass (each submission starts one), or None."""
    # viewflow ships no types: the process manager reads as Any.
    latest: PermitProcess | None = (
        PermitProcess.objects.filter(application_id=application.pk).order_by("-pk").first()
    )
    return latest


def current_route(application: Application) -> ResolvedRoute:
    """The route frozen at the application's latest submission."""
    process = current_process(application)
    if process is None:
        raise ValueError(f"application {application.pk} was never submitted")
    return process.frozen_route


def decisions_of_current_pass(application: Application) -> QuerySet[ReviewDecision]:
    """The decisions of the latest review pass, oldest first (what a decision document lists)."""
    process = current_process(application)
    if process is None:
        return ReviewDecision.objects.none()
    return ReviewDecision.objects.filter(process=process).order_by("decided_at", "pk")


def latest_decision(application, decision: str):
    """The application's most recent decision of one kind (e.g. the refusal), or None."""
    return (
        ReviewDecision.objects.filter(application_id=application.pk, decision=decision)
        .order_by("-decided_at", "-pk")
        .first()
    )


def open_return(application):
    """The return decision the applicant is answering (一次性告知), while returned; else None."""
    if application.status != Status.RETURNED:
        return None
    return latest_decision(application, Decision.RETURN)


def countersigns_visible(user, application):
    """The current pass's countersigns for a reader allowed to see them, else none."""
    if not access.can_see_countersigns(user, application):
        return Countersign.objects.none()
    return countersigns_of_current_pass(application)


# What a user may do with an application, in the order the pages show them (API.md "actions").
# edit: change its facts; attach: add a document; submit: send it for review; withdraw: take it
# back during review; revoke: end an approved permit; report: file a report the permit owes.
APPLICATION_ACTIONS = ("edit", "attach", "submit", "withdraw", "revoke", "report")


def application_actions(*, user, application) -> list[str]:
    """The actions the services would accept from this user now, for the API record and the
    application page alike. Who may is asked of ``permits.access`` (as the services ask it);
    when is the state the services check, so each listed action succeeds and each other one is
    refused."""
    detail = application.detail if type(application) is Application else application
    actions: list[str] = []
    if access.can_edit_application(user, detail):
        if detail.status in EDITABLE_STATUSES:
            actions += ["edit", "attach"]
            if can_proceed(detail.submit) and not submission_problems(detail):
                try:
                    route_resolve(detail)
                except RouteMissing:
                    pass
                else:
                    actions.append("submit")
        if can_proceed(detail.withdraw):
            actions.append("withdraw")
        if (
            detail.status in REPORTABLE_STATUSES
            and reports_of(detail).filter(filed_at__isnull=True).exists()
        ):
            actions.append("report")
    if can_proceed(detail.revoke) and access.can_revoke(user, detail):
        actions.append("revoke")
    return sorted(actions, key=APPLICATION_ACTIONS.index)


def certificate_verification(*, number: str, code: str | None) -> Verification | None:
    """The public verification of a decision document (``permits.certificates.verify``), with
    the decisions that name a refusal's issuing agency."""
    return verify.certificate_verification(
        number=number, code=code, decisions_of=decisions_of_current_pass
    )
