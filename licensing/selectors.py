"""Reads of the permit's own life for the doors: the statement notices of a permit and what
the reader may do about them (the services check again when they act)."""

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.utils import timezone
from django_fsm import can_proceed

from documents import content
from documents.models import Certificate, DocumentKind
from permits import access
from permits.choices import Kind, OccupationKind, Status
from permits.models import Application
from workflows import selectors as task_selectors

from .grounds import BASIS, Act, cited
from .models import (
    OPEN_REQUEST_STATUSES,
    PENDING_STATUSES,
    LandApproval,
    PermitRequest,
    PermitVersion,
    StatementNotice,
    StatementStatus,
)

# The acts of a permit's own life, after the workflow's (api.md "actions"): statement_notice:
# tell the holder an intended revocation or withdrawal; statement_answer: the holder's answer;
# statement_drop: the agency does not pursue it; revoke, withdraw_permit: revoke or withdraw on
# the ground the holder was heard on; record_land_approval: the holder of a permanent
# occupation records its construction-land approval (product.md §18 B4).
PERMIT_ACTIONS = (
    "statement_notice",
    "statement_answer",
    "statement_drop",
    "revoke",
    "withdraw_permit",
    "record_land_approval",
    # The holder's requests (product.md §18 B1-B4, B10): each accepted, then decided.
    "request_change",
    "request_renewal",
    "request_surrender",
)


@dataclass
class StatementPanel:
    """The statement notices of a permit as a page shows them. What the reader may do about
    them is the page's ``actions`` (``permit_actions``), read once."""

    notices: list[dict[str, Any]] = field(default_factory=list)
    # The notice still before the agency (open or answered), else None.
    pending: StatementNotice | None = None


def statement_notices_of(application: Application) -> list[StatementNotice]:
    return list(
        StatementNotice.objects.filter(application_id=application.pk)
        .select_related("agency", "notice", "decision")
        .prefetch_related("answer_attachments")
    )


def statement_panel(application: Application) -> StatementPanel:
    """What the application page shows of the statement notices (one query for the notices;
    none for a file that was never a permit)."""
    if not can_proceed(application.revoke) and not application.statement_notices.exists():
        return StatementPanel()
    today = timezone.localdate()
    notices = statement_notices_of(application)
    licence = content.is_licence(application)
    return StatementPanel(
        notices=[
            {
                "notice": n,
                "basis": cited(n.ground, licence=licence),
                "ground_words": BASIS[n.ground].words if n.ground in BASIS else n.ground,
                "period_over": n.period_over(today),
                "answer_files": list(n.answer_attachments.all()),
            }
            for n in notices
        ],
        pending=next((n for n in notices if n.is_pending), None),
    )


def is_permanent_occupation(application: Application) -> bool:
    return (
        application.kind == Kind.OCCUPATION
        and getattr(application, "occupation_kind", None) == OccupationKind.PERMANENT
    )


def is_temporary(application: Application) -> bool:
    return (
        application.kind == Kind.OCCUPATION
        and getattr(application, "occupation_kind", None) == OccupationKind.TEMPORARY
    )


def land_approval_of(application: Application) -> LandApproval | None:
    """A permanent occupation's recorded construction-land approval (one query, kept on the
    instance for the record's and the actions' next reads, its absence too; none for the other
    kinds)."""
    if not is_permanent_occupation(application):
        return None
    try:
        return application.land_approval
    except LandApproval.DoesNotExist:
        return None


def needs_land_approval(application: Application) -> bool:
    """A permanent occupation in force whose construction-land approval is not recorded yet."""
    return (
        is_permanent_occupation(application)
        and application.status == Status.APPROVED
        and land_approval_of(application) is None
    )


def permit_actions(user: User | AnonymousUser, application: Application) -> list[str]:
    """The acts of the permit's own life the services would accept from this user now (one
    query for the pending notice when the reader decides or holds a permit in force, and one
    whether the national authority granted an occupation; none otherwise)."""
    if not can_proceed(application.revoke):  # not a permit in force: no read at all
        return []
    decides = access.can_revoke(user, application)
    holds = not decides and access.can_edit_application(user, application)
    if not (decides or holds):
        return []
    pending = (
        StatementNotice.objects.filter(application_id=application.pk, status__in=PENDING_STATUSES)
        .only("act", "status", "answer_due")
        .first()
    )
    today = timezone.localdate()
    if holds:
        answerable = (
            pending is not None
            and pending.status == StatementStatus.OPEN
            and not pending.period_over(today)
        )
        acts = ["statement_answer"] if answerable else []
        if needs_land_approval(application):
            acts.append("record_land_approval")
        return acts + _request_actions(application, today)
    if task_selectors.is_national_grant(application):
        return []
    if pending is None:
        return ["statement_notice"]
    acts = ["statement_drop"]
    if pending.may_decide(today):
        acts.append("revoke" if pending.act == Act.REVOKE else "withdraw_permit")
    return acts


def _request_actions(application: Application, today: Any) -> list[str]:
    """The requests the holder may make now: none while one is open or for a permit the
    national authority granted; a renewal only while the law lets it be asked."""
    from core.errors import InvalidInput
    from permits.obligations import standard_of

    from .requests import renewal_limit

    if application.status != Status.APPROVED or task_selectors.is_national_grant(application):
        return []
    if application.permit_requests.filter(status__in=OPEN_REQUEST_STATUSES).exists():
        return []
    acts = ["request_change"]
    try:
        renewal_limit(application, today, standard_of(application.jurisdiction_id))
        acts.append("request_renewal")
    except InvalidInput:
        pass
    return [*acts, "request_surrender"]


def current_version_document(application: Application) -> Certificate | None:
    """The document of the permit's current version: the latest change or renewal granted,
    else the approval."""
    latest = (
        PermitVersion.objects.filter(application_id=application.pk)
        .select_related("document")
        .order_by("-number")
        .first()
    )
    if latest is not None:
        return latest.document
    return application.certificates.filter(document_kind=DocumentKind.APPROVAL).first()


def permit_versions(application: Application) -> list[dict[str, Any]]:
    """Every version of the permit, the approval first: number, validity, what changed, the
    document (number, kind, status). Empty for a file never granted."""
    approval = application.certificates.filter(document_kind=DocumentKind.APPROVAL).first()
    if approval is None:
        return []
    rows: list[dict[str, Any]] = [
        {
            "number": 1,
            "valid_from": approval.valid_from,
            "valid_until": approval.valid_until,
            "changes": {},
            "kind": "approval",
            "document": approval,
        }
    ]
    for version in PermitVersion.objects.filter(application_id=application.pk).select_related(
        "document", "request"
    ):
        rows.append(
            {
                "number": version.number,
                "valid_from": version.valid_from,
                "valid_until": version.valid_until,
                "changes": version.changes,
                "kind": version.request.kind,
                "document": version.document,
            }
        )
    return rows


def permit_requests_of(application: Application) -> list[PermitRequest]:
    return list(
        PermitRequest.objects.filter(application_id=application.pk).select_related("decision")
    )


def application_actions(*, user: User | AnonymousUser, application: Application) -> list[str]:
    """What the user may do now: the workflow's actions, then the permit's own acts (api.md
    "actions"; the record and the page read this one list)."""
    detail = application.detail if type(application) is Application else application
    workflow = task_selectors.application_actions(user=user, application=detail)
    return [*workflow, *permit_actions(user, detail)]


def permit_request_of(task: Any) -> PermitRequest | None:
    """The request a task of the steps ``request_acceptance`` and ``request_review`` is about."""
    pk = task.process.permitprocess.permit_request_id
    if pk is None:
        return None
    return PermitRequest.objects.select_related("requested_by").filter(pk=pk).first()
