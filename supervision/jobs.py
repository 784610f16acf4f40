"""Supervision's time-driven work, run by ``permits_tick`` (``workflows.tick``, registered by
``apps.SupervisionConfig.ready``; product.md §17 A6). Each is idempotent and safe when ticks
overlap: a row is taken under its lock (``skip_locked``: one another tick holds is that tick's),
after the application's, re-checked there and marked, so each is told and audited once. Each
reads only what is due (indexes ``obligation_due``, ``rectification_due``,
``filing_unreviewed``). None changes the permit: lateness never revokes (§18 decides
suspension)."""

from datetime import datetime, timedelta
from typing import TypeVar

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from audit.choices import AuditAction
from audit.trail import audit_appended_last
from core.messages import MSG_PROPOSED, MSG_RECTIFICATION_OVERDUE
from permits import access
from permits.acts import SYSTEM_ROLE, Act
from permits.choices import NotificationKind, ObligationStatus
from permits.models import Application, Filing, Obligation
from permits.notifications import notify
from permits.obligations import standard_of
from permits.services import application_locked
from roles.models import Jurisdiction
from workflows.models import PermitProcess

from .models import Rectification, RectificationStatus
from .services import review_start


def _agency_people(agency_id: int | None) -> list[User]:
    if agency_id is None:
        return []
    return [
        *access.members_who_may_act(agency_id=agency_id, permission="roles.review_for_agency"),
        *access.heads_of(agency_id),
    ]


def rectifications_propose(now: datetime) -> int:
    """An obligation overdue for longer than the standard's days proposes a rectification to
    the district agency, once (A6)."""
    today = timezone.localdate(now)
    done = 0
    for jurisdiction_id in Jurisdiction.objects.values_list("pk", flat=True):
        days = standard_of(jurisdiction_id).rectification_after_days
        pending = Obligation.objects.filter(
            status=ObligationStatus.OVERDUE,
            due_date__lt=today - timedelta(days=days),
            rectification_proposed_at__isnull=True,
            application__jurisdiction_id=jurisdiction_id,
        )
        for pk in list(pending.values_list("pk", flat=True)):
            done += _propose_one(pk, pending, now, today)
    return done


@transaction.atomic
@audit_appended_last
def _propose_one(pk: int, pending: QuerySet[Obligation], now: datetime, today: object) -> int:
    detail, obligation = _still_pending(pk, pending)
    if detail is None or obligation is None:
        return 0
    obligation.rectification_proposed_at = now
    obligation.save(update_fields=["rectification_proposed_at"])
    days = (timezone.localdate(now) - obligation.due_date).days
    proposing = Act.on(detail, None, agency=detail.district_agency, role=SYSTEM_ROLE)
    proposing.record(
        AuditAction.RECTIFICATION_PROPOSED,
        details={
            "obligation_id": obligation.pk,
            "kind": obligation.kind,
            "sequence": obligation.sequence,
            "due_date": obligation.due_date.isoformat(),
            "days_overdue": days,
        },
    )
    notify(
        recipients=_agency_people(detail.district_agency_id),
        kind=NotificationKind.OVERDUE,
        message=str(MSG_PROPOSED).format(
            reference=detail.reference,
            kind=obligation.get_kind_display(),
            number=obligation.sequence,
            days=days,
        ),
        application=detail,
    )
    return 1


def rectifications_overdue(now: datetime) -> int:
    """An open rectification past its deadline: the ordering agency's reviewers and heads are
    told once, to close or escalate it (A6)."""
    today = timezone.localdate(now)
    pending = Rectification.objects.filter(
        status=RectificationStatus.OPEN, deadline__lt=today, overdue_notified_at__isnull=True
    )
    return sum(_overdue_one(pk, pending, now) for pk in list(pending.values_list("pk", flat=True)))


@transaction.atomic
@audit_appended_last
def _overdue_one(pk: int, pending: QuerySet[Rectification], now: datetime) -> int:
    detail, rectification = _still_pending(pk, pending)
    if detail is None or rectification is None:
        return 0
    rectification.overdue_notified_at = now
    rectification.save(update_fields=["overdue_notified_at"])
    marking = Act.on(detail, None, agency=rectification.agency, role=SYSTEM_ROLE)
    marking.record(
        AuditAction.RECTIFICATION_OVERDUE,
        details={
            "rectification_id": rectification.pk,
            "deadline": rectification.deadline.isoformat(),
        },
    )
    notify(
        recipients=_agency_people(rectification.agency_id),
        kind=NotificationKind.OVERDUE,
        message=str(MSG_RECTIFICATION_OVERDUE).format(
            reference=detail.reference, deadline=rectification.deadline.isoformat()
        ),
        application=detail,
    )
    return 1


def filing_reviews_start(now: datetime) -> int:
    """A filing made before its review was a task (the releases before the obligation_review
    step, and the reports folded into obligations) waits for a review that nothing started:
    its review starts now, once, on the standard's clock from today, so that no report stays
    unread. Only the newest filing of an obligation still under review is taken (index
    ``filing_unreviewed``)."""
    waiting = (
        Filing.objects.filter(reviewed_at__isnull=True, obligation__status=ObligationStatus.FILED)
        .exclude(Exists(PermitProcess.objects.filter(filing_id=OuterRef("pk"))))
        .exclude(
            Exists(
                Filing.objects.filter(
                    obligation_id=OuterRef("obligation_id"), filed_at__gt=OuterRef("filed_at")
                )
            )
        )
    )
    found = list(waiting.values_list("pk", "obligation__application_id"))
    return sum(_review_one(pk, application_id, waiting) for pk, application_id in found)


@transaction.atomic
@audit_appended_last
def _review_one(pk: int, application_id: int, waiting: QuerySet[Filing]) -> int:
    # The application's lock first, as every writer takes it; under it a review another tick
    # started is seen (the filing is no longer waiting).
    if application_locked(application_id) is None:
        return 0
    filing = (
        waiting.select_for_update(skip_locked=True, of=("self",))
        .select_related("obligation__application")
        .filter(pk=pk)
        .first()
    )
    if filing is None:
        return 0
    review_start(filing)
    return 1


Row = TypeVar("Row", Obligation, Rectification)


def _still_pending(pk: int, pending: QuerySet[Row]) -> tuple[Application | None, Row | None]:
    """The application's lock, then the row ``pk`` if it is still pending and no other tick
    holds it (``skip_locked``): each is marked and audited once."""
    found = pending.filter(pk=pk).values_list("application_id", flat=True).first()
    if found is None:
        return None, None
    detail = application_locked(found)
    return detail, pending.select_for_update(skip_locked=True, of=("self",)).filter(pk=pk).first()
