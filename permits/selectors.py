"""Permission-filtered reads of applications' documents and audit events."""

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, Protocol, cast

from axes.helpers import get_client_ip_address
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from audit.choices import AuditAction
from audit.identity import IDENTITY_ACTIONS
from audit.models import AuditEvent
from core.errors import NotVisible
from permits import access, rules
from roles.models import OFFICIAL_ROLES, Agency, District, Role
from zones.models import Parcel, ProtectedZone

from .access import AnyUser
from .choices import (
    AFTER_REVIEW_STATUSES,
    COUNTERSIGN_ACTIONS,
    OWED_OBLIGATION_STATUSES,
    PERMIT_STATUSES,
    REPORTABLE_STATUSES,
    AttachmentKind,
)
from .facts import application_facts
from .models import Application, Attachment, Filing, Obligation, SiteParcel

# The longest search text a list takes (a reference, a title, an organisation's name, or part).
SEARCH_MAX_LENGTH = 200


def application_search(text: str, *, prefix: str = "") -> Q:
    """Applications whose reference, title or applicant organisation's name contains ``text``
    (case-insensitive): the one text search of the application lists and the work queues.
    ``prefix`` is the path to the application from the model searched (a task's)."""
    text = text.strip()
    return (
        Q(**{f"{prefix}reference__icontains": text})
        | Q(**{f"{prefix}title__icontains": text})
        | Q(**{f"{prefix}organisation__name__icontains": text})
    )


# The events that concern no application, and where each names the jurisdiction it concerns:
# an absence by its agency, a map layer and a route by the jurisdiction in their details.
ROUTE_ACTIONS = (AuditAction.ROUTE_CHANGED, AuditAction.ROUTE_DELETED)


def _events_of_no_application_audited_by(user: AnyUser) -> QuerySet[AuditEvent] | None:
    """The events of no application in the jurisdictions where ``user`` audits (product.md §6:
    auditors see everything in their jurisdiction); None for anyone else."""
    where = access.audited_jurisdictions(user)
    if not where:
        return None
    agencies = Agency.objects.filter(jurisdiction_id__in=where).values("pk")
    return AuditEvent.objects.filter(application__isnull=True).filter(
        Q(agency_id__in=agencies)
        | Q(action=AuditAction.LAYER_IMPORTED, details__jurisdiction__in=where)
        | Q(action__in=ROUTE_ACTIONS, details__before__jurisdiction__in=where)
        | Q(action__in=ROUTE_ACTIONS, details__after__jurisdiction__in=where)
    )


def audit_events_visible_to(user: AnyUser) -> QuerySet[AuditEvent]:
    """Events of the applications the user sees as an official (auditors: their jurisdiction)
    and, for an auditor, the events of no application in their jurisdictions (absences, map
    layers, routes). Not those seen only as a member of an applicant organisation: the export
    carries countersign opinions, which applicants do not read (``access.can_see_countersigns``).

    The two sets are joined by a UNION of their keys, not an OR: PostgreSQL turns
    ``application IN (…)`` into a semi-join only when it stands alone, and a million visible
    applications inside an OR would be a subplan checked on every event."""
    seen = AuditEvent.objects.filter(
        application_id__in=access.applications_seen_as_official(user).values("pk")
    )
    also = [
        extra.order_by().values("seq")
        for extra in (_events_of_no_application_audited_by(user), _identity_events_read_by(user))
        if extra is not None
    ]
    if not also:
        return seen.order_by("seq")
    keys = seen.order_by().values("seq").union(*also, all=True)
    return AuditEvent.objects.filter(seq__in=keys).order_by("seq")


def _identity_events_read_by(user: AnyUser) -> QuerySet[AuditEvent] | None:
    """Every person's identity events for a reader of them (``access.reads_identity_events``:
    the audit administrator), an applicant's and an unknown name's included; None otherwise."""
    if not access.reads_identity_events(user):
        return None
    return AuditEvent.objects.filter(action__in=IDENTITY_ACTIONS)


def audit_events_of_person(reader: AnyUser, username: str) -> QuerySet[AuditEvent]:
    """The case of a person (离任审计): every event ``reader`` may read where the person named
    ``username`` is the actor or the subject (sign-ins, role changes, acts), oldest first.
    NotVisible (404) unless the reader reads identity events or the person is an official of
    the reader's jurisdiction (``access.official_in_audit_scope``), an unknown name included."""
    person = get_user_model().objects.filter(username=username).first()
    if not access.reads_identity_events(reader) and not (
        person is not None and access.official_in_audit_scope(reader, person)
    ):
        raise NotVisible()
    return audit_events_visible_to(reader).filter(
        Q(actor_username=username) | Q(details__subject__username=username)
    )


def audit_events_search(
    user: AnyUser,
    *,
    actor: str = "",
    agency: str = "",
    action: str = "",
    application: str = "",
    outcome: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEvent]:
    """The auditor's event search (the web workspace), within ``audit_events_visible_to``;
    newest first. ``application`` is a reference; dates are local days, both included."""
    asked = {
        "actor_username": actor,
        "agency_code": agency,
        "action": action,
        "application_reference": application,
        "to_status": outcome,
        "at__date__gte": since,
        "at__date__lte": until,
    }
    lookups = {lookup: value for lookup, value in asked.items() if value}
    return audit_events_visible_to(user).filter(**lookups).order_by("-seq")


def officials_in_audit_scope(auditor: AnyUser) -> QuerySet[User]:
    """The officials an auditor may report on (离任审计), by user name."""
    if not access.is_auditor(auditor):
        return get_user_model().objects.none()
    # An auditor is logged in (access.is_auditor): never AnonymousUser.
    jurisdictions = (
        cast(User, auditor).memberships.filter(role=Role.AUDITOR).values("agency__jurisdiction_id")
    )
    return access.people_with_membership(
        memberships__role__in=OFFICIAL_ROLES,
        memberships__agency__jurisdiction_id__in=jurisdictions,
    ).order_by("username")


def agencies_in_audit_scope(auditor: AnyUser) -> QuerySet[Agency]:
    """The agencies of the jurisdictions where ``auditor`` audits, by name (the event search's
    agency picker)."""
    where = access.audited_jurisdictions(auditor)
    if not where:
        return Agency.objects.none()
    return Agency.objects.filter(jurisdiction_id__in=where).order_by("name", "code")


def client_ip(request: HttpRequest) -> str | None:
    """The address recorded in the audit trail: the same one login throttling counts
    (django-axes' AXES_CLIENT_IP_CALLABLE, which reads X-Forwarded-For only behind the configured
    number of proxies, PERMITS_PROXY_COUNT)."""
    address: str | None = get_client_ip_address(request)  # axes ships no types
    return address


def obligations_of(application: Application) -> QuerySet[Obligation]:
    """What an application owes after approval, in due order, with its filings and their
    photos read in two more queries: none (and no query) unless it is or was a permit, since
    they are created by its approval."""
    if application.status not in PERMIT_STATUSES:
        return Obligation.objects.none()
    return (
        Obligation.objects.filter(application_id=application.pk)
        .prefetch_related(
            Prefetch(
                "filings",
                queryset=Filing.objects.select_related("filed_by").prefetch_related("attachments"),
            )
        )
        .order_by("due_date", "kind", "sequence")
    )


def obligations_for(
    user: AnyUser,
    *,
    status: str | None = None,
    kind: str | None = None,
    overdue: bool | None = None,
    today: date | None = None,
) -> QuerySet[Obligation, Any]:
    """The obligations of the permits this user sees: a holder's own ("what I owe"), an
    agency's supervised ones; one query whatever the number of rows listed."""
    today = today or timezone.localdate()
    # Every obligation is of a permit (the approval creates them, a holder's escape follows
    # one): no filter on the application's status, whose join doubled the count's time.
    rows = Obligation.objects.filter(access.application_visible_q(user))
    if status:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(kind=kind)
    if overdue is True:
        rows = rows.filter(status__in=OWED_OBLIGATION_STATUSES, due_date__lt=today)
    elif overdue is False:
        rows = rows.exclude(status__in=OWED_OBLIGATION_STATUSES, due_date__lt=today)
    return rows.select_related("application__district").order_by("due_date", "pk")


# Rows of Any: ``web.reports.reports_overdue`` sets ``days_overdue`` on each obligation it lists.
def obligations_overdue_for(user: AnyUser, today: date) -> QuerySet[Obligation, Any]:
    """Obligations past their due date and still owed, on the permits this user's agencies
    decided or supervise."""
    agencies = [agency.pk for agency in access.agencies_of(user)]
    return (
        Obligation.objects.filter(status__in=OWED_OBLIGATION_STATUSES, due_date__lt=today)
        .filter(application__status__in=REPORTABLE_STATUSES)
        .filter(
            Q(application__lead_agency_id__in=agencies)
            | Q(application__district_agency_id__in=agencies)
        )
        .filter(application__in=access.applications_visible_to(user))
        .select_related("application")
        .order_by("due_date")
    )


def after_review_for(user: AnyUser) -> dict[str, int]:
    """How many applications the user's agencies decided wait for their act after the review
    (product.md §16 L6, L7): a national decision to record (``forwarded``), a restoration fee to
    record (``awaiting_fee``). One query."""
    from django.db.models import Count, Q

    agencies = [agency.pk for agency in access.agencies_of(user)]
    if not agencies:
        return {}
    rows = (
        access.applications_visible_to(user)
        .filter(status__in=AFTER_REVIEW_STATUSES)
        .filter(
            Q(lead_agency_id__in=agencies)
            | Q(lead_agency__isnull=True, district_agency_id__in=agencies)
        )
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["status"]: row["n"] for row in rows}


def application_history(user: AnyUser, application: Application) -> list[AuditEvent]:
    """The application's audit events, oldest first, as this user may read them.

    Countersign opinions are the agencies' internal deliberation: a reader who may not see them
    (the applicant) gets those events with the opinion left out, not the events hidden; so is an
    inspection's sample (product.md §17 A2).
    """
    events = list(AuditEvent.objects.filter(application_id=application.pk).order_by("seq"))
    if not access.can_see_countersigns(user, application):
        for event in events:
            if event.action in COUNTERSIGN_ACTIONS:
                event.opinion = ""  # in memory only: the stored event is append-only
            elif event.action == AuditAction.INSPECTION_ASSIGNED and "draw" in event.details:
                # 检查样本不得提前公开 (抚育办法 第二十六条（二）): the sample drawn is the
                # inspectors'; the holder reads it in the 检查验收意见书 once it is issued.
                event.details = {k: v for k, v in event.details.items() if k != "draw"}
    return events


# ---- zones and parcels (product.md §15) ----------------------------------------------------------


def zones_in_force(*, kind: str = "", district: District | None = None) -> QuerySet[ProtectedZone]:
    """Zones of the current layers in force today; for a district, its own zones and those of
    layers that cover its whole jurisdiction."""
    today = timezone.localdate()
    zones = ProtectedZone.objects.filter(layer__superseded_at__isnull=True).filter(
        Q(effective_from__isnull=True) | Q(effective_from__lte=today),
        Q(effective_until__isnull=True) | Q(effective_until__gte=today),
    )
    if kind:
        zones = zones.filter(kind=kind)
    if district is not None:
        zones = zones.filter(
            Q(district=district)
            | Q(district__isnull=True, jurisdiction_id=district.jurisdiction_id)
        )
    return zones.order_by("kind", "name", "pk")


def parcels_current(*, district: District | None = None, compartment: str = "") -> QuerySet[Parcel]:
    """小班 of the current registry; ``compartment`` is a code ("12-3") or a 林班 ("12")."""
    parcels = Parcel.objects.filter(layer__superseded_at__isnull=True)
    if district is not None:
        parcels = parcels.filter(district=district)
    if compartment:
        code = compartment.strip()
        parcels = parcels.filter(Q(compartment=code) | Q(forest_block=code))
    return parcels.order_by("district", "forest_block", "sub_compartment", "pk")


def parcel_histories(
    user: AnyUser, parcels: Iterable[Parcel]
) -> dict[tuple[str, str], list[Application]]:
    """For each parcel's (district, code), the applications the user sees whose site touched
    it, newest first (one query for all of them)."""
    codes = {(p.district_id, p.compartment) for p in parcels}
    if not codes:
        return {}
    by_district: dict[str, set[str]] = {}
    for district_id, code in codes:
        by_district.setdefault(district_id, set()).add(code)
    # One term per district (a term per parcel would outgrow SQLite's expression depth).
    wanted = Q()
    for district_id, district_codes in by_district.items():
        wanted |= Q(district_id=district_id, compartment__in=sorted(district_codes))
    visible = access.applications_visible_to(user).values("pk")
    links = (
        SiteParcel.objects.filter(wanted, screening__application_id__in=visible)
        .select_related("screening__application")
        .order_by("-screening__application__created")
    )
    histories: dict[tuple[str, str], list[Application]] = {code: [] for code in codes}
    for link in links:
        if (link.district_id, link.compartment) in histories:
            histories[(link.district_id, link.compartment)].append(link.screening.application)
    return histories


class _ReturnItem(Protocol):
    @property
    def attachment_kind(self) -> str: ...


class _ReturnItems(Protocol):
    def all(self) -> Iterable[_ReturnItem]: ...


class OpenReturn(Protocol):
    """What ``next_document_kind`` reads of a return for revision (a decision of
    ``workflows``, above this layer)."""

    @property
    def application_id(self) -> int: ...

    @property
    def decided_at(self) -> datetime: ...

    @property
    def return_items(self) -> _ReturnItems: ...


# ---- an application's attachments --------------------------------------------------------------


def attachment_of(application: Application, attachment_id: int) -> Attachment | None:
    """One attachment of an application the caller may already see (None: not its own)."""
    return Attachment.objects.filter(pk=attachment_id, application_id=application.pk).first()


def document_checklist(
    application: Application, attachments: Iterable[Attachment]
) -> list[dict[str, Any]]:
    """Each document submission needs, with the rule demanding it, ticked when a file of its
    kind is among ``attachments``."""
    required = rules.documents_required(
        application.kind, application_facts(application), application.jurisdiction_id
    )
    return [
        {
            "kind": document,
            "label": AttachmentKind(document).label,
            "rule": rule,
            "files": [a for a in attachments if a.kind == document],
        }
        for document, rule in required.items()
    ]


def next_document_kind(
    documents: list[dict[str, Any]], returned: "OpenReturn | None" = None
) -> str:
    """The kind an upload form proposes: the first document an open return asks for and that
    was not uploaded since, else the first required document still missing."""
    if returned is not None:
        asked = [i.attachment_kind for i in returned.return_items.all() if i.attachment_kind]
        answered = set(
            Attachment.objects.filter(
                application_id=returned.application_id, uploaded_at__gt=returned.decided_at
            ).values_list("kind", flat=True)
        )
        if unanswered := [kind for kind in asked if kind not in answered]:
            return unanswered[0]
    missing = [d["kind"] for d in documents if not d["files"]]
    kind: str = (missing or [d["kind"] for d in documents] or [AttachmentKind.OTHER])[0]
    return kind
