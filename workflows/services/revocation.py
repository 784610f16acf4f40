"""The deciding agency's revoke of a granted permit: the approval re-rendered as revoked, the
decision of revocation issued, the event recorded and the applicants told."""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.choices import AuditAction
from audit.trail import audit_appended_last, audit_record, display_name
from core.errors import Problem, StateConflict
from documents.issue import certificate_rerender_revoked
from documents.models import DocumentKind
from documents.notices import notice_issue
from permits import access
from permits.choices import NotificationKind
from permits.models import Application
from permits.services import MSG_NO_REVOKE, application_relock, fsm_apply, reason_required
from roles.models import Role

from .. import selectors
from ..models import Forwarding
from .applicants import MSG_TOLD_REVOKED, tell_applicants

MSG_NATIONAL_GRANT = _(
    "The national forestry authority decided this permit: only it may revoke it (Administrative "
    "Licensing Law art. 69)."
)


@transaction.atomic
@audit_appended_last
def application_revoke(
    *, application: Application, by: User, reason: str, client_ip: str | None = None
) -> Application:
    reason = reason_required(reason)
    detail = application_relock(application)
    access.require(access.can_revoke(by, detail), MSG_NO_REVOKE)
    if Forwarding.objects.filter(application_id=detail.pk).exists():
        # The national authority granted it (product.md §16 L6): only it may revoke its grant.
        problem = Problem(None, "national_decision", str(MSG_NATIONAL_GRANT))
        raise StateConflict(MSG_NATIONAL_GRANT, [problem])
    from_status = detail.status
    fsm_apply(detail, detail.revoke)
    agency = detail.lead_agency or detail.district_agency
    certificate = certificate_rerender_revoked(
        application=detail,
        decisions=list(selectors.decisions_of_current_pass(detail)),
        revoked_on=timezone.localdate(),
        reason=reason,
    )
    if agency is not None:  # always: an agency decided the permit
        notice_issue(
            application=detail,
            kind=DocumentKind.REVOCATION,
            agency=agency,
            signed_by_name=display_name(by),
            reason=reason,
        )
    audit_record(
        action=AuditAction.REVOKE,
        application=detail,
        actor=by,
        agency=agency,
        role=Role.APPROVER if detail.lead_agency_id else Role.REVIEWER,
        from_status=from_status,
        to_status=detail.status,
        opinion=reason,
        client_ip=client_ip,
        # The re-rendered file's hash is recorded by its certificate_issued event after commit.
        details={"number": certificate.number} if certificate else {},
    )
    tell_applicants(detail, NotificationKind.REVOKED, MSG_TOLD_REVOKED, reason=reason)
    return detail
