"""Permission-filtered reads of applications' documents and audit events."""

from axes.helpers import get_client_ip_address
from django.db.models import QuerySet
from django.http import HttpRequest

from roles import access

from .choices import COUNTERSIGN_ACTIONS, EDITABLE_STATUSES, Status
from .models import Application, AuditEvent, Certificate, DocumentKind

# Which decision document an application in a given state has.
DOCUMENT_OF_STATUS = {
    Status.APPROVED: DocumentKind.APPROVAL,
    Status.REVOKED: DocumentKind.APPROVAL,
    Status.EXPIRED: DocumentKind.APPROVAL,
    Status.REJECTED: DocumentKind.REFUSAL,
}


def application_document(application) -> Certificate | None:
    """The approval decision (approved, revoked, expired) or the refusal decision (rejected)."""
    document_kind = DOCUMENT_OF_STATUS.get(application.status)
    if document_kind is None:
        return None
    return application.certificates.filter(document_kind=document_kind).first()


def audit_events_visible_to(user) -> QuerySet[AuditEvent]:
    """Events of the applications the user may see (auditors: their jurisdiction)."""
    visible = access.applications_visible_to(user).values("pk")
    return AuditEvent.objects.filter(application_id__in=visible).order_by("seq")


def client_ip(request: HttpRequest) -> str | None:
    """The address recorded in the audit trail: the same one login throttling counts
    (django-axes' AXES_CLIENT_IP_CALLABLE, which reads X-Forwarded-For only behind the configured
    number of proxies, PERMITS_PROXY_COUNT)."""
    return get_client_ip_address(request)


def reports_of(application):
    """The post-approval reports an application owes, in due order."""
    from .models import ScheduledReport

    return ScheduledReport.objects.filter(application_id=application.pk).order_by(
        "due_date", "sequence"
    )


def reports_overdue_for(user, today):
    """Overdue reports of the permits this user's agencies decided (the lead agency's view)."""
    from django.db.models import Q

    from .models import ScheduledReport

    agencies = [m.agency_id for m in user.memberships.exclude(agency=None)]
    return (
        ScheduledReport.objects.filter(filed_at__isnull=True, due_date__lt=today)
        .filter(application__status__in=[Status.APPROVED, Status.EXPIRED])
        .filter(
            Q(application__lead_agency_id__in=agencies)
            | Q(application__lead_agency__isnull=True, application__district_agency_id__in=agencies)
        )
        .filter(application__in=access.applications_visible_to(user))
        .select_related("application")
        .order_by("due_date")
    )


def application_history(user, application) -> list:
    """The application's audit events, oldest first, as this user may read them.

    Countersign opinions are the agencies' internal deliberation: a reader who may not see them
    (the applicant) gets those events with the opinion left out, not the events hidden.
    """
    events = list(AuditEvent.objects.filter(application_id=application.pk).order_by("seq"))
    if not access.can_see_countersigns(user, application):
        for event in events:
            if event.action in COUNTERSIGN_ACTIONS:
                event.opinion = ""  # in memory only: the stored event is append-only
    return events


def countersigns_visible(user, application):
    """The current pass's countersigns for a reader allowed to see them, else none."""
    from workflows.models import Countersign
    from workflows.selectors import countersigns_of_current_pass

    if not access.can_see_countersigns(user, application):
        return Countersign.objects.none()
    return countersigns_of_current_pass(application)


# What a user may do with an application, in the order the pages show them (API.md "actions").
# edit: change its facts; attach: add a document; submit: send it for review; withdraw: take it
# back during review; revoke: end an approved permit; report: file a report the permit owes.
APPLICATION_ACTIONS = ("edit", "attach", "submit", "withdraw", "revoke", "report")


def application_actions(*, user, application) -> list[str]:
    """The actions the services would accept from this user now, for the API record and the
    application page alike. Who may is asked of ``roles.access`` (as the services ask it);
    when is the state the services check, so each listed action succeeds and each other one is
    refused."""
    from django_fsm import can_proceed

    from workflows.models import RouteMissing, route_resolve

    from .services import REPORTABLE_STATUSES, submission_problems

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
