"""The applicant's submit (a draft, or a returned application resubmitted) and withdraw: each
starts or ends the application's review pass, its viewflow process and its clocks."""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.choices import AuditAction
from audit.trail import audit_appended_last
from core.errors import InvalidInput, Problem, RulesViolated, StateConflict
from core.messages import (
    MSG_IDENTITY_LEVEL_TOO_LOW,
    MSG_NOT_YOURS,
    MSG_TOLD_RESUBMITTED,
    MSG_TOLD_SUBMITTED,
)
from permits import access
from permits.acts import Act
from permits.choices import EDITABLE_STATUSES, NotificationKind, Status
from permits.facts import application_snapshot
from permits.models import Application
from permits.notifications import notifications_written_last
from permits.readmemo import reading_once
from permits.screening import screening_refresh
from permits.services import (
    application_relock,
    finding_problems,
    finding_record,
    fsm_apply,
    reason_required,
    submission_check,
    transition_refused,
)
from roles.models import Role
from roles.services import application_share_on_submission
from roles.sign_in import identity_level_of

from .. import clock, engine, selectors
from ..models import ResolvedRoute, RouteMissing, route_resolve
from ._common import _next_step_agencies
from .applicants import tell_applicants
from .decision import TASK_DECISION_READS
from .procedures import special_procedures_close_on_withdrawal
from .returns import _note_clean, _resubmission_record, _resumes_at

# The applicant's submit and withdraw start or end viewflow processes: they live here, above
# ``permits`` (which keeps the record-level services), so nothing in ``permits`` imports
# ``workflows``.


def _identity_level_check(route: ResolvedRoute, by: User) -> None:
    """A route may require the 实名 level a unified sign-in asserted (issue 47 item 1), as the
    route resolved at filing says."""
    required = route.min_identity_level
    if required and (level := identity_level_of(user=by)) < required:
        message = MSG_IDENTITY_LEVEL_TOO_LOW % {"required": required, "level": level}
        raise StateConflict.on("identity_level_too_low", message)


@transaction.atomic
@audit_appended_last
@notifications_written_last
@reading_once(TASK_DECISION_READS)
def application_submit(
    *,
    application: Application,
    by: User,
    note: object = "",
    file_anyway: bool = False,
    client_ip: str | None = None,
) -> Application:
    """Submit a draft, or resubmit a returned application with the applicant's answer to the
    return (``note``, 补正说明), kept on a ``Resubmission`` beside the version resubmitted.

    The findings the agency will decide on (``submission_check``) are advice before filing: they
    refuse the submission (``findings_blocking``) until the applicant confirms it
    (``file_anyway``, 行政许可法 art. 29: the applicant may always file); it is then filed, the
    findings recorded with its event, for the acceptance step (art. 32) and the decision (art.
    38(2)) to decide on. What it cannot be filed without (values, files, a site) is refused."""
    access.require(access.can_edit_application(by, application), MSG_NOT_YOURS)
    note = _note_clean(note)
    detail = application_relock(application)
    if detail.status not in EDITABLE_STATUSES:
        raise transition_refused(detail)
    # Authoritative: the layers, the registry and the other applications as they are now.
    screening_refresh(detail)
    missing, findings = submission_check(detail)
    if missing or (findings and not file_anyway):
        raise RulesViolated(problems=missing + finding_problems(findings))
    try:
        route = route_resolve(detail)
    except RouteMissing as no_route:
        raise InvalidInput(
            problems=[Problem("district", "no_route", _("No review route is configured here."))]
        ) from no_route
    _identity_level_check(route, by)
    act = Act.on(detail, by, agency=None, role=Role.APPLICANT, client_ip=client_ip)
    detail.district_agency, detail.lead_agency = route.district_agency, route.final_agency
    fsm_apply(detail, detail.submit, to=_resumes_at(detail, route))
    # The district agency sees it from now on, and so do the later steps' agencies where a
    # resubmission resumes past the district step.
    application_share_on_submission(
        application=access.base_application(detail),
        agencies=[route.district_agency, *_next_step_agencies(detail, route)],
    )
    access.application_grants_noted(access.VIEW_APPLICATION)
    snapshot = application_snapshot(detail)
    if act.from_status == Status.RETURNED:
        _resubmission_record(detail, by, note, snapshot)
    details: dict[str, object] = {"note": note} if note else {}
    if findings:  # filed anyway: what the agency was told it will decide on
        details["findings"] = [finding_record(f) for f in findings]
    act.record(AuditAction.SUBMIT, snapshot=snapshot, details=details or None)
    first = act.from_status == Status.DRAFT  # no task, clock nor procedure ran before
    with engine.open_tasks_noted(detail, none_before=first):
        engine.review_start(application=detail, route=route)
    clock.clocks_sync(application=detail, route=route, none_yet=first)
    told = MSG_TOLD_SUBMITTED if detail.status == Status.SUBMITTED else MSG_TOLD_RESUBMITTED
    tell_applicants(detail, NotificationKind.SUBMITTED, told)
    return detail


@transaction.atomic
@audit_appended_last
def application_withdraw(
    *, application: Application, by: User, reason: str, client_ip: str | None = None
) -> Application:
    access.require(access.can_edit_application(by, application), MSG_NOT_YOURS)
    reason = reason_required(reason)
    detail = application_relock(application)
    act = Act.on(detail, by, agency=None, role=Role.APPLICANT, client_ip=client_ip)
    fsm_apply(detail, detail.withdraw)
    engine.review_cancel(application=detail)
    special_procedures_close_on_withdrawal(detail, timezone.localdate())
    clock.clocks_sync(application=detail, route=selectors.current_route(detail))
    act.record(AuditAction.WITHDRAW, opinion=reason)
    return detail
