"""The holder asks (``permit_request_submit``): a change, a renewal or a surrender of its
permit in force; a request the rules refuse is refused with a 400 naming the field and the
rule, and nothing is kept. A request kept starts ``flows.PermitRequestFlow``."""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from audit.choices import AuditAction
from audit.trail import audit_appended_last
from core.errors import InvalidInput, StateConflict
from core.masking import changes_masked
from core.messages import (
    MSG_KIND_LICENSING,
    MSG_OPEN,
    MSG_TOLD_CONTACT_RECORDED,
    MSG_TOLD_REQUEST,
)
from core.messages import MSG_NOT_REQUESTER as MSG_NOT_HOLDER
from permits import access
from permits.acts import Act
from permits.choices import (
    NotificationKind,
)
from permits.models import Application
from permits.notifications import notify
from permits.obligations import (
    standard_of,
)
from permits.services import application_relock
from roles.models import Role
from workflows.clock import process_clocks_start
from workflows.selectors import current_route

from ..flows import PermitRequestFlow
from ..models import (
    OPEN_REQUEST_STATUSES,
    PermitRequest,
    RequestKind,
    RequestStatus,
)
from ..services import fields_clean, national_grant_refused, text_clean
from ._common import _in_force_refused, _kind_name, _request_details
from .changes import changes_clean, changes_licensed
from .renewals import renewal_until_clean


@transaction.atomic
@audit_appended_last
def permit_request_submit(
    *,
    application: Application,
    by: User,
    kind: Any,
    reason: Any,
    changes: Any = None,
    until: Any = None,
    client_ip: str | None = None,
) -> PermitRequest:
    """The holder asks for a change, a renewal or a surrender of its permit in force: refused
    with every wrong field at once (400) or in the wrong state (409), else kept and its
    acceptance task started for the deciding agency. A change of contact details only is not
    a licensed matter (art. 49): recorded at once, with no acceptance and no decision."""
    detail = application_relock(application)
    chosen = _request_may(detail, by, kind)
    now = timezone.now()
    values = _request_clean(detail, chosen, reason, changes, until, timezone.localdate(now))
    recorded = chosen == RequestKind.CHANGE and not changes_licensed(values[1])
    request = PermitRequest.objects.create(
        application_id=detail.pk,
        kind=chosen,
        reason=values[0],
        changes=values[1] if chosen == RequestKind.CHANGE else {},
        until=values[1] if chosen == RequestKind.RENEWAL else None,
        requested_by=by,
        requested_at=now,
        valid_until_then=detail.valid_until,
    )
    # The holder's act, addressed to the agency that decided the permit.
    act = Act.on(
        detail, by, agency=detail.deciding_agency, role=Role.APPLICANT, client_ip=client_ip
    )
    act.record(
        AuditAction.PERMIT_REQUEST, opinion=request.reason, details=_request_details(request)
    )
    if recorded:
        _contact_recorded(detail, request, act)
    else:
        _request_started(detail, request)
    return request


def _contact_recorded(detail: Application, request: PermitRequest, act: Act) -> None:
    """The contact details written where they are kept, the request closed as granted with no
    decision document and no new version of the permit; the deciders told."""
    Application.objects.filter(pk=detail.pk).update(
        **{name: change["to"] for name, change in request.changes.items()}
    )
    # Once written where they are kept (encrypted), the request and the audit keep them masked:
    # personal data is never in clear outside its encrypted column (issue 49).
    request.changes = changes_masked(request.changes)
    request.status, request.decided_at = RequestStatus.GRANTED, request.requested_at
    request.save(update_fields=["changes", "status", "decided_at"])
    act.record(
        AuditAction.PERMIT_CHANGE,
        details={"request_id": request.pk, "licensed": False, "changes": request.changes},
    )
    notify(
        recipients=access.deciders_of(detail),
        kind=NotificationKind.PERMIT_REQUEST,
        message=str(MSG_TOLD_CONTACT_RECORDED).format(reference=detail.reference),
        application=detail,
    )


def _request_may(detail: Application, by: User, kind: Any) -> RequestKind:
    """The kind asked, if ``by`` may ask it of this permit now (403, 400 or 409 otherwise)."""
    access.require(access.can_edit_application(by, detail), MSG_NOT_HOLDER)
    if kind not in RequestKind.values:
        raise InvalidInput.on("kind", "invalid_choice", MSG_KIND_LICENSING)
    _in_force_refused(detail)
    national_grant_refused(detail)
    if detail.permit_requests.filter(status__in=OPEN_REQUEST_STATUSES).exists():
        raise StateConflict.on("request_open", MSG_OPEN)
    return RequestKind(kind)


def _request_clean(
    detail: Application, chosen: RequestKind, reason: Any, changes: Any, until: Any, today: date
) -> list[Any]:
    """The reason, and the changes or the new last day its kind asks, or one 400 naming every
    field refused."""
    standard = standard_of(detail.jurisdiction_id)
    checks: list[Callable[[], Any]] = [lambda: text_clean(reason, "reason")]
    if chosen == RequestKind.CHANGE:
        checks.append(lambda: changes_clean(detail, changes, standard))
    elif chosen == RequestKind.RENEWAL:
        checks.append(lambda: renewal_until_clean(detail, until, today, standard))
    return fields_clean(*checks)


def _request_started(detail: Application, request: PermitRequest) -> None:
    """The request's flow started, its acceptance on the clock; the deciders told."""
    process = PermitRequestFlow.start.run(request=request, route=current_route(detail))
    limit = standard_of(detail.jurisdiction_id).request_acceptance_working_days
    process_clocks_start(process_pk=process.pk, limit=limit)
    notify(
        recipients=access.deciders_of(detail),
        kind=NotificationKind.PERMIT_REQUEST,
        message=str(MSG_TOLD_REQUEST).format(reference=detail.reference, what=_kind_name(request)),
        application=detail,
    )
