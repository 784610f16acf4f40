"""People around the review (product.md §11): a head reassigns a task of their agency, a member
declares an absence with a substitute who acts on their claimed tasks meanwhile. One
transaction each, audited; permission questions go to ``permits.access``."""

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import translation
from viewflow.workflow.models import Task

from audit.choices import AuditAction
from audit.trail import audit_appended_last, audit_record, display_name
from core.errors import InvalidInput, Problem, StateConflict
from core.messages import (
    MSG_ABSENCE_OVERLAPS,
    MSG_ALREADY_EXTENDED,
    MSG_ENDS_BEFORE_STARTS,
    MSG_EXTENSION_REASON_TOO_LONG,
    MSG_NO_EXTENSION_AT_ACCEPTANCE,
    MSG_NO_EXTENSION_AT_ACCEPTANCE_APPROVAL,
    MSG_NOT_AN_OFFICIAL,
    MSG_NOT_DECIDING_AGENCY_TASK,
    MSG_NOT_DECIDING_AGENCY_TASK_APPROVAL,
    MSG_NOT_HEAD,
    MSG_NOT_HEAD_EXTEND,
    MSG_NOT_HEAD_EXTEND_APPROVAL,
    MSG_REASON_TOO_LONG,
    MSG_SUBSTITUTE_CANNOT_ACT,
    MSG_SUBSTITUTE_SELF,
    MSG_TARGET_ALREADY,
    MSG_TARGET_CANNOT_ACT,
    MSG_TOLD_EXTENDED,
    MSG_TOLD_REASSIGNED,
)
from documents.content import worded
from documents.models import Certificate, DocumentKind
from documents.notices import notice_issue
from permits import access
from permits.choices import NotificationKind, Step
from permits.models import Application
from permits.notifications import notify
from permits.services import reason_required
from roles.models import ABSENCE_REASON_MAX_LENGTH, Absence, Agency, Role

from . import clock, engine
from .engine import WAITING_TASK_STATUSES
from .models import DecisionClock, StepClock
from .services import task_step, tell_applicants
from .services._common import _audit, _locked_task, _task_closed
from .services.acts import TaskAct

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _active_user(username: object) -> User | None:
    if not isinstance(username, str) or not username.strip():
        return None
    return get_user_model().objects.filter(username=username.strip(), is_active=True).first()


# --- Reassignment ----------------------------------------------------------------------------


# ``agency_ids``: agency keys, or a ``values("agency_id")`` subquery (hence Any: the stubs
# check an ``__in`` lookup against a list of keys or a queryset, not a union of both).
def _members_of(agency_ids: Iterable[Any]) -> QuerySet[User]:
    return (
        get_user_model()
        .objects.filter(memberships__agency_id__in=agency_ids, is_active=True, is_superuser=False)
        .distinct()
        .order_by("username")
    )


def _head_locked_open_task(
    task_id: int | str, by: User, not_head: "StrOrPromise"
) -> tuple[Task, Application]:
    """The open task locked for the head of its agency (``not_head``: the refusal of anyone
    else), with its application."""
    task, application = _locked_task(task_id, by)
    access.require(access.is_head_of_task_agency(by, task), not_head)
    if task.status not in WAITING_TASK_STATUSES:
        raise _task_closed()
    return task, application


def reassign_targets(task: Task) -> list[User]:
    """The members who may act on the task's step (the head's choice on the task page)."""
    members = _members_of([task.owner_permission_obj_pk])
    return [member for member in members if access.may_act_on_step(member, task)]


@transaction.atomic
@audit_appended_last
def task_reassign(
    *, task_id: int | str, by: User, to_username: str, reason: str, client_ip: str | None = None
) -> Task:
    """The head of the task's agency gives an open task to another member who may act on its
    step, with a reason; the task lands in that member's inbox."""
    task, application = _head_locked_open_task(task_id, by, MSG_NOT_HEAD)
    reason = reason_required(reason)
    target = _active_user(to_username)
    if target is None or not access.may_act_on_step(target, task):
        raise InvalidInput(problems=[Problem("to", "cannot_act", str(MSG_TARGET_CANNOT_ACT))])
    if task.owner_id == target.pk:
        raise InvalidInput(problems=[Problem("to", "already_assigned", str(MSG_TARGET_ALREADY))])
    previous = task.owner
    engine.task_reassign(task=task, to=target)
    with translation.override(settings.LANGUAGE_CODE):
        told = str(MSG_TOLD_REASSIGNED).format(
            reference=application.reference, step=task.flow_task.task_title
        )
    notify(
        recipients=[target],
        kind=NotificationKind.REASSIGNED,
        message=told,
        application=application,
    )
    _audit(
        AuditAction.REASSIGN,
        task,
        application,
        by,
        client_ip,
        {"from": previous.username if previous else None, "to": target.username},
        role=Role.HEAD,
        opinion=reason,
    )
    return task


# --- Extension -------------------------------------------------------------------------------


def _extension_refused(
    by: User, task: Task, application: Application, legal: DecisionClock | None
) -> "StrOrPromise | None":
    """Why ``by`` may not extend from ``task`` (a 403's reason), or None. Art. 42: the head of
    the agency that decides; art. 43 gives the district of a two-tier route no extension. A
    批复's reason cites no Licensing Law (its period is the agency's commitment)."""
    if legal is None or str(legal.deciding_agency_id) != str(task.owner_permission_obj_pk):
        elsewhere = worded(
            application, MSG_NOT_DECIDING_AGENCY_TASK, MSG_NOT_DECIDING_AGENCY_TASK_APPROVAL
        )
        return elsewhere.format(agency=legal.deciding_agency.name if legal else "")
    if not access.is_head(by, legal.deciding_agency_id):
        not_head = worded(application, MSG_NOT_HEAD_EXTEND, MSG_NOT_HEAD_EXTEND_APPROVAL)
        return not_head.format(agency=legal.deciding_agency.name)
    return None


def _extension_open(task: Task, application: Application, by: User) -> DecisionClock:
    """The decision period locked, if ``by`` may extend it from ``task``: 409 on a closed task
    or at acceptance, 403 (why) when ``by`` may not extend it."""
    if task.status not in WAITING_TASK_STATUSES:
        raise _task_closed()
    if task_step(task) == Step.ACCEPTANCE:
        # A 批复's acceptance period is the agency's commitment, not art. 32's.
        at_acceptance = (MSG_NO_EXTENSION_AT_ACCEPTANCE, MSG_NO_EXTENSION_AT_ACCEPTANCE_APPROVAL)
        raise StateConflict.on("not_extensible", str(worded(application, *at_acceptance)))
    legal = (
        DecisionClock.objects.select_for_update(of=("self",))
        .select_related("deciding_agency")
        .filter(application_id=application.pk, ended_at__isnull=True)
        .first()
    )
    refused = _extension_refused(by, task, application, legal)
    access.require(refused is None, refused)
    assert legal is not None  # _extension_refused refused a missing period
    return legal


def _extension_reason(reason: str) -> str:
    reason = reason_required(reason)
    if len(reason) > 2000:
        message = str(MSG_EXTENSION_REASON_TOO_LONG)
        raise InvalidInput(problems=[Problem("reason", "max_length", message)])
    return reason


def _extension_record(
    task: Task,
    application: Application,
    by: User,
    client_ip: str | None,
    *,
    legal: DecisionClock,
    step_clock: StepClock,
    previous_due: date | None,
    notice: Certificate,
    reason: str,
) -> None:
    """The extension's event (in the head's role) and what the applicants are told."""
    TaskAct.beside(task, application, by, client_ip, role=Role.HEAD).record(
        AuditAction.EXTEND,
        opinion=reason,
        details={
            "working_days": legal.extended_working_days,
            "decision_due_date_before": previous_due.isoformat() if previous_due else None,
            "decision_due_date": legal.due_date.isoformat() if legal.due_date else None,
            "due_date": step_clock.due_date.isoformat() if step_clock.due_date else None,
            "notice": notice.number,
        },
    )
    tell_applicants(
        application,
        NotificationKind.EXTENDED,
        MSG_TOLD_EXTENDED,
        days=legal.extended_working_days,
        due=legal.due_date.isoformat() if legal.due_date else "—",
        reason=reason,
    )


@transaction.atomic
@audit_appended_last
def task_extend(*, task_id: int | str, by: User, reason: str, client_ip: str | None = None) -> Task:
    """Art. 42: the head of the deciding agency extends the decision period once, from the
    deciding agency's task, by the days the route allows (ten; fifteen when joint), with a
    reason; a 延期告知书 is issued and the applicants are told (product.md §16 L2)."""
    task, application = _locked_task(task_id, by)
    legal = _extension_open(task, application, by)
    reason = _extension_reason(reason)
    step_clock = clock.clock_of_task(task)
    if step_clock is None or step_clock.ended_at is not None:
        raise _task_closed()
    if legal.extended_at is not None:
        message = str(MSG_ALREADY_EXTENDED)
        raise StateConflict.on("already_extended", message)
    previous_due = legal.due_date
    clock.decision_extend(legal=legal, step_clock=step_clock, by=by, reason=reason)
    notice = notice_issue(
        application=application,
        kind=DocumentKind.EXTENSION_NOTICE,
        agency=legal.deciding_agency,
        signed_by_name=display_name(by),
        reason=reason,
        extra={
            "due_date": legal.due_date,
            "extension_working_days": legal.extended_working_days,
            "procedure": legal.procedure,
        },
    )
    _extension_record(
        task,
        application,
        by,
        client_ip,
        legal=legal,
        step_clock=step_clock,
        previous_due=previous_due,
        notice=notice,
        reason=reason,
    )
    return task


def substitute_candidates(user: User) -> list[User]:
    """The colleagues who may substitute for ``user`` (the choice on the absence page)."""
    acting = user.memberships.filter(role__in=access.ACTING_ROLES).values("agency_id")
    members = _members_of(acting).exclude(pk=user.pk)
    return [member for member in members if access.substitution_agencies(user, member)]


def _absence_problems(
    by: User, substitute: User | None, starts: date, ends: date, reason: str
) -> list[Problem]:
    problems = []
    if substitute is not None and substitute.pk == by.pk:
        problems.append(Problem("substitute", "self", str(MSG_SUBSTITUTE_SELF)))
    elif substitute is None or not access.substitution_agencies(by, substitute):
        problems.append(Problem("substitute", "cannot_act", str(MSG_SUBSTITUTE_CANNOT_ACT)))
    if len(reason) > ABSENCE_REASON_MAX_LENGTH:
        problems.append(Problem("reason", "max_length", str(MSG_REASON_TOO_LONG)))
    if ends < starts:
        problems.append(Problem("ends", "before_starts", str(MSG_ENDS_BEFORE_STARTS)))
    elif by.absences.filter(starts__lte=ends, ends__gte=starts).exists():
        problems.append(Problem("starts", "overlaps", str(MSG_ABSENCE_OVERLAPS)))
    return problems


def _acting_role(user: User, agency: Agency) -> str:
    acting = user.memberships.filter(agency=agency, role__in=access.ACTING_ROLES)
    return acting.values_list("role", flat=True).order_by("pk").first() or ""


@transaction.atomic
@audit_appended_last
def absence_declare(
    *,
    by: User,
    substitute_username: str,
    starts: date,
    ends: date,
    reason: str = "",
    client_ip: str | None = None,
) -> Absence:
    """``by`` will be away from ``starts`` to ``ends`` (both included); ``substitute``, a member
    of the same agency who may act on the same steps, acts on their claimed tasks meanwhile."""
    access.require(access.is_reviewer(by), MSG_NOT_AN_OFFICIAL)
    # One declaration at a time per member: the overlap check reads what the last one wrote.
    get_user_model().objects.select_for_update().filter(pk=by.pk).get()
    substitute = _active_user(substitute_username)
    reason = (reason or "").strip()
    if problems := _absence_problems(by, substitute, starts, ends, reason):
        raise InvalidInput(problems=problems)
    assert substitute is not None  # _absence_problems refused a missing substitute
    agency: Agency = access.substitution_agencies(by, substitute)[0]
    absence = Absence.objects.create(
        user=by,
        substitute=substitute,
        agency=agency,
        starts=starts,
        ends=ends,
        reason=reason,
    )
    audit_record(
        action=AuditAction.ABSENCE,
        actor=by,
        agency=agency,
        role=_acting_role(by, agency),
        opinion=absence.reason,
        client_ip=client_ip,
        details={
            "absence_id": absence.pk,
            "substitute": substitute.username,
            "starts": starts.isoformat(),
            "ends": ends.isoformat(),
        },
    )
    return absence
