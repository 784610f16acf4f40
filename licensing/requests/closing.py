"""The requests the agency did not decide: a renewal not decided by the permit's last day is
granted by the law (``renewals_deem``, the tick; art. 50(2)); a request open on a permit that
ended is closed (``requests_close`` inside the ending act, ``requests_orphaned_close`` by the
tick)."""

from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from audit.choices import AuditAction
from audit.trail import audit_appended_last
from permits.acts import Act
from permits.choices import (
    Status,
)
from permits.models import Application
from permits.services import application_relock

from ..models import (
    OPEN_REQUEST_STATUSES,
    PermitRequest,
    RequestKind,
    RequestStatus,
)
from ._common import RequestAct, _request_details, _request_tasks_end
from .grants import _grant

# ---- The law decides what the agency did not (art. 50(2)) -----------------------------------


def renewals_deem(now: datetime) -> int:
    """Renewals asked in time and not decided by the permit's last day: granted by the law the
    day after (视为准予延续), once each (re-checked under the application's row lock, so
    overlapping ticks on any number of machines act once). Runs before the permits' ends."""
    today = timezone.localdate(now)
    due = PermitRequest.objects.filter(
        kind=RequestKind.RENEWAL,
        status__in=OPEN_REQUEST_STATUSES,
        application__status=Status.APPROVED,
        application__valid_until__lt=today,
    ).values_list("pk", "application_id")
    return sum(_deem_one(pk, application_id, today) for pk, application_id in list(due))


@transaction.atomic
@audit_appended_last
def _deem_one(pk: int, application_id: int, today: date) -> bool:
    detail = application_relock(Application(pk=application_id))
    request = PermitRequest.objects.select_for_update(of=("self",)).get(pk=pk)
    if (
        not request.is_open
        or detail.status != Status.APPROVED
        or detail.valid_until is None
        or detail.valid_until >= today
    ):
        return False
    _request_tasks_end(pk)
    request.decided_at = timezone.now()
    deciding = RequestAct(Act.of_deciding_agency(detail, None), request, "")
    _grant(deciding, by_law=True, today=today)
    return True


def requests_close(detail: Application, why: str) -> None:
    """The permit ended (revoked, withdrawn, lapsed, its period over) with a request open: the
    request is closed, its tasks and their clocks ended, and the closing audited (inside the
    ending act's transaction)."""
    closing = Act.of_deciding_agency(detail, None)
    for request in PermitRequest.objects.select_for_update(of=("self",)).filter(
        application_id=detail.pk, status__in=OPEN_REQUEST_STATUSES
    ):
        closing.record(AuditAction.REQUEST_CLOSED, opinion=why, details=_request_details(request))
        _request_tasks_end(request.pk)
        request.status, request.decided_at, request.opinion = (
            RequestStatus.CLOSED,
            timezone.now(),
            why,
        )
        request.save(update_fields=["status", "decided_at", "opinion"])


def requests_orphaned_close(now: datetime) -> int:
    """Requests still open on a permit no longer in force by another path (its period ended,
    its use ended, it was found not compliant): closed, each under its application's lock.
    Runs after the tick's permits' ends."""
    pending = PermitRequest.objects.filter(status__in=OPEN_REQUEST_STATUSES).exclude(
        application__status=Status.APPROVED
    )
    return sum(_orphan_close(pk) for pk in list(pending.values_list("application_id", flat=True)))


@transaction.atomic
@audit_appended_last
def _orphan_close(application_id: int) -> bool:
    detail = application_relock(Application(pk=application_id))
    if detail.status == Status.APPROVED:
        return False
    if not detail.permit_requests.filter(status__in=OPEN_REQUEST_STATUSES).exists():
        return False
    with translation.override(settings.LANGUAGE_CODE):
        status = str(detail.get_status_display())
    requests_close(detail, f"该行政许可已不在有效状态（{status}），申请不再办理。")
    return True
