"""What waits for one person, as one list sorted by due date (product.md "The desks").

The holder's desk: the statement notices it may still answer (陈述申辩告知书, its deadline the
notice's), the rectifications ordered (their deadline), the reports the permits owe (due within
``REPORTS_AHEAD_DAYS`` or overdue) and its requests the agency has not decided yet.
The official's desk: its tasks (assigned or claimable, the step's due date), the reports from
the public its agencies handle (site check, then closing; the report's due date), the
inspections it assigns as head (planned) or records as inspector (assigned; the planned day)
and the rectification answers its agencies close.

Each list reads a fixed number of queries, whatever the number of rows; the scope is the one
each app's own list uses (``permits.access``): the organisation's applications, the agencies
whose permission the official holds.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forest_watch.selectors import PatchesWaiting, patches_waiting
from licensing.models import OPEN_REQUEST_STATUSES, PermitRequest, StatementNotice, StatementStatus
from permits import access
from permits.access import AnyUser
from permits.models import Application
from public.models import Report, ReportStatus
from public.reports.agencies import reports_visible_to
from supervision.models import Inspection, InspectionStatus, Rectification, RectificationStatus
from workflows import selectors as task_selectors
from workflows.progress import Progress, applicant_desk, obligations_due
from workflows.services.steps import task_step

# What each item asks (api.md "desk"): the holder's, then the official's.
ITEM_LABELS = {
    "statement_answer": _("State and defend yourself (statement notice)"),
    "rectification_answer": _("Answer the rectification order"),
    "obligation_file": _("File what the permit owes"),
    "request": _("Your request, before the agency"),
    "task": _("Decide the step"),
    "report_site_check": _("Check the reported site"),
    "report_close": _("Close the report"),
    "inspection_assign": _("Assign the inspectors"),
    "inspection_record": _("Record the inspection"),
    "rectification_close": _("Close or escalate the rectification"),
    "patches_verify": _("Verify the change patches in the field"),
    "patches_close": _("Close the verified change patches"),
}
HOLDER_KINDS = ("statement_answer", "rectification_answer", "obligation_file", "request")
OFFICIAL_KINDS = (
    "task",
    "report_site_check",
    "report_close",
    "inspection_assign",
    "inspection_record",
    "rectification_close",
    "patches_verify",
    "patches_close",
)


@dataclass(frozen=True)
class DeskItem:
    """One act waiting: ``kind`` (``ITEM_LABELS``) on the row ``pk`` (a task, report,
    inspection, rectification, statement notice, obligation or request), of the application
    ``application_id`` (None for a report from the public), due on ``due_date`` (None: no date
    set), waiting since ``since``."""

    kind: str
    pk: int
    application_id: int | None
    reference: str
    title: str
    what: str  # the step, the report's or the obligation's kind, the notice's act
    due_date: date | None
    since: date
    overdue: bool

    @property
    def label(self) -> str:
        return str(ITEM_LABELS[self.kind])


def _sorted(items: list[DeskItem]) -> list[DeskItem]:
    """By due date, the undated last; then by how long they have waited."""
    return sorted(items, key=lambda i: (i.due_date is None, i.due_date or i.since, i.since, i.pk))


def _day(moment: datetime) -> date:
    return timezone.localdate(moment)


# --- the holder ------------------------------------------------------------------------------


def holder_desk(*, user: AnyUser, today: date) -> list[DeskItem]:
    """Every act waiting for the holder's organisation, sorted by due date (six queries)."""
    organisation = access.applicant_organisation(user)
    if organisation is None:
        return []
    mine = access.applications_visible_to(user).filter(organisation=organisation)
    return _sorted(
        [
            *_notices_to_answer(mine, today),
            *_rectifications_to_answer(mine, today),
            *_obligations(mine, today),
            *_requests(mine),
        ]
    )


def _application_item(
    kind: str,
    pk: int,
    application: Application,
    *,
    what: str,
    due_date: date | None,
    since: date,
    overdue: bool = False,
) -> DeskItem:
    """The item ``pk`` of ``application`` (selected with the row, not read one by one)."""
    return DeskItem(
        kind=kind,
        pk=pk,
        application_id=application.pk,
        reference=application.reference,
        title=application.title,
        what=what,
        due_date=due_date,
        since=since,
        overdue=overdue,
    )


def _notices_to_answer(mine: QuerySet[Application], today: date) -> list[DeskItem]:
    notices = StatementNotice.objects.filter(
        application__in=mine, status=StatementStatus.OPEN, answer_due__gte=today
    ).select_related("application")
    # Past its day a notice takes no answer and leaves the desk: never overdue here.
    return [
        _application_item(
            "statement_answer",
            n.pk,
            n.application,
            what=str(n.get_act_display()),
            due_date=n.answer_due,
            since=_day(n.issued_at),
        )
        for n in notices
    ]


def _rectifications(status: str, **scope: object) -> QuerySet[Rectification]:
    return Rectification.objects.filter(status=status, **scope).select_related("application")


def _rectification_item(rectification: Rectification, today: date) -> DeskItem:
    """An open rectification waits for the holder's answer by its deadline; an answered one
    waits for the agency to close (销号) or escalate it, undated since the answer (the law sets
    no day)."""
    if rectification.status == RectificationStatus.ANSWERED:
        kind, due, waiting_since = (
            "rectification_close",
            None,
            rectification.answered_at or rectification.opened_at,
        )
    else:
        kind, due, waiting_since = (
            "rectification_answer",
            rectification.deadline,
            rectification.opened_at,
        )
    return _application_item(
        kind,
        rectification.pk,
        rectification.application,
        what=_items_text(rectification),
        due_date=due,
        since=_day(waiting_since),
        overdue=due is not None and due < today,
    )


def _rectifications_to_answer(mine: QuerySet[Application], today: date) -> list[DeskItem]:
    rows = _rectifications(RectificationStatus.OPEN, application__in=mine)
    return [_rectification_item(r, today) for r in rows]


def _items_text(rectification: Rectification) -> str:
    """The items to correct, as one line (each ``{"message"}``)."""
    items = rectification.items if isinstance(rectification.items, list) else []
    return "；".join(
        str(item.get("message", "")) if isinstance(item, dict) else str(item) for item in items
    )


def _obligations(mine: QuerySet[Application], today: date) -> list[DeskItem]:
    return [
        _application_item(
            "obligation_file",
            o.pk,
            o.application,
            what=f"{o.get_kind_display()} {o.sequence}",
            due_date=o.due_date,
            since=o.due_date,
            overdue=o.is_overdue(today),
        )
        for o in obligations_due(mine, today)
    ]


def _requests(mine: QuerySet[Application]) -> list[DeskItem]:
    """The holder's requests in progress: nothing to do but wait, listed so it knows where
    they stand (no due date of its own)."""
    rows = PermitRequest.objects.filter(
        application__in=mine, status__in=OPEN_REQUEST_STATUSES
    ).select_related("application")
    return [
        _application_item(
            "request",
            r.pk,
            r.application,
            what=f"{r.get_kind_display()} · {r.get_status_display()}",
            due_date=None,
            since=_day(r.requested_at),
        )
        for r in rows
    ]


# --- the official ----------------------------------------------------------------------------


def official_desk(*, user: AnyUser, today: date) -> list[DeskItem]:
    """Every act waiting for the official, sorted by due date (a fixed number of queries)."""
    if not access.is_official(user):
        return []
    return _sorted(
        [
            *_tasks(user, today),
            *_reports(user, today),
            *_inspections(user, today),
            *_rectifications_to_close(user, today),
            *_patches(user, today),
        ]
    )


def _patches(user: AnyUser, today: date) -> list[DeskItem]:
    """The change patches of a layer waiting for the official's agency (issue 48), one item
    per layer and act: a district verifies hundreds of patches a year."""
    return [_patches_item(row, today) for row in patches_waiting(user)]


def _patches_item(row: PatchesWaiting, today: date) -> DeskItem:
    return DeskItem(
        kind=f"patches_{row.act}",
        pk=row.layer_id,
        application_id=None,
        # A demo layer's item says so (演示数据, issue 48 item 7).
        reference=f"{row.year} {_('Demo data')}" if row.demo else str(row.year),
        title=row.agency_name,
        what=str(row.count),
        due_date=row.due_date,
        since=row.since,
        overdue=row.due_date is not None and row.due_date < today,
    )


def _tasks(user: AnyUser, today: date) -> list[DeskItem]:
    tasks = [
        *task_selectors.tasks_for_user(user=user, queue="inbox"),
        *task_selectors.tasks_for_user(user=user, queue="queue"),
    ]
    deadlines = task_selectors.tasks_deadlines(tasks, today)
    items = []
    for task in tasks:
        application = task_selectors.task_application(task)
        deadline = deadlines[task.pk]
        due = deadline.get("due_date")
        items.append(
            _application_item(
                "task",
                task.pk,
                application,
                what=str(task_step(task).label),
                due_date=due if isinstance(due, date) else None,
                since=_day(task.created),
                overdue=bool(deadline.get("overdue")),
            )
        )
    return items


def _reports(user: AnyUser, today: date) -> list[DeskItem]:
    rows = reports_visible_to(user).exclude(status=ReportStatus.CLOSED)
    return [_report_item(r, today) for r in rows]


def _report_item(report: Report, today: date) -> DeskItem:
    received = report.status == ReportStatus.RECEIVED
    return DeskItem(
        kind="report_site_check" if received else "report_close",
        pk=report.pk,
        application_id=None,
        reference=report.tracking_code,
        title=str(report.district.name) if report.district_id else "",
        what=str(report.get_kind_display()),
        due_date=report.due_on,
        since=_day(report.received_at),
        overdue=report.due_on < today,
    )


def _inspections(user: AnyUser, today: date) -> list[DeskItem]:
    """Planned ones of the agencies the user heads (to assign), assigned ones the user is an
    inspector of (to record)."""
    headed = [a.pk for a in access.head_agencies(user)]
    rows = Inspection.objects.filter(
        Q(status=InspectionStatus.PLANNED, agency_id__in=headed)
        | Q(status=InspectionStatus.ASSIGNED, inspectors=user)
    ).select_related("application")
    return [
        _application_item(
            "inspection_assign" if i.status == InspectionStatus.PLANNED else "inspection_record",
            i.pk,
            i.application,
            what=str(i.get_kind_display()),
            due_date=i.planned_on,
            since=_day(i.opened_at),
            overdue=i.planned_on is not None and i.planned_on < today,
        )
        for i in rows.distinct()
    ]


def _rectifications_to_close(user: AnyUser, today: date) -> list[DeskItem]:
    """Answered rectifications of the agencies where the user reviews or heads: they close
    (销号) or escalate them."""
    agencies = access.report_handling_agency_ids(user)
    rows = _rectifications(RectificationStatus.ANSWERED, agency_id__in=agencies)
    return [_rectification_item(r, today) for r in rows]


# --- one desk for the API ---------------------------------------------------------------------


@dataclass(frozen=True)
class Desk:
    """The caller's desk: ``role`` (holder or official), the items waiting, and for a holder its
    applications under way with their progress (returned, under review, forwarded, awaiting the
    fee), as its home page shows them."""

    role: str
    items: list[DeskItem]
    under_way: list[tuple[Application, Progress]]


def desk_role(user: AnyUser) -> str | None:
    """Whose desk ``user`` has: a holder's (it acts for an organisation), else an official's
    (it reviews or heads an agency), else none."""
    if access.applicant_organisation(user) is not None:
        return "holder"
    if access.reviews_or_heads(user):
        return "official"
    return None


def desk_of(*, user: AnyUser, today: date) -> Desk | None:
    """The holder's desk, else the official's (a reviewer or a head), else None."""
    role = desk_role(user)
    if role == "holder":
        desk = applicant_desk(user=user, today=today)
        under_way = [(a, desk.progress[a.pk]) for a in [*desk.returned, *desk.in_review]]
        return Desk(role, holder_desk(user=user, today=today), under_way)
    if role == "official":
        return Desk(role, official_desk(user=user, today=today), [])
    return None
