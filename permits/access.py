"""Who may see and do what: the one module every view, endpoint, download and export asks.

Seeing an application is a guardian object permission on it (direct foreign-key tables),
granted to organisation and agency groups. Acting on a review task is a permission on the
agency of the task's step. Invisible objects answer 404; visible ones a user may not act on, 403.

Superusers configure the system (the Django admin) and nothing else: Django and guardian answer
``has_perm`` with True for them, so every function here first asks ``_takes_part`` and a
superuser account sees no application or task and acts on none, whatever its memberships.
"""

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any, TypeGuard

from django.contrib.auth.models import AnonymousUser, User
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user

from core.errors import NotAllowed, NotVisible
from permits.models import (
    Application,
    ApplicationGroupObjectPermission,
    ApplicationUserObjectPermission,
    Notification,
)
from permits.readmemo import (
    AGENCY_PERMS,
    APPLICATION_PERMS,
    SEEN_AS_OFFICIAL,
    forget_unless,
    remembered,
)
from roles.models import (
    OFFICIAL_ROLES,
    ROLE_AGENCY_PERMISSION,
    Absence,
    Agency,
    Membership,
    Organisation,
    Role,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
    from viewflow.workflow.models import Task

# Whoever sent a request: a signed-in user or the anonymous one.
AnyUser = User | AnonymousUser

VIEW_APPLICATION = "permits.view_application"
CHANGE_APPLICATION = "permits.change_application"
HEAD_OF_AGENCY = "roles.head_of_agency"


def base_application(application: Application) -> Application:
    """guardian keys object permissions by model: always ask about the Application row itself."""
    if type(application) is Application:
        return application
    # Any other Application is a type row (multi-table inheritance), which has the parent link;
    # django-stubs does not declare parent links.
    parent: Application = application.application_ptr  # type: ignore[attr-defined]
    return parent


def _takes_part(user: AnyUser) -> TypeGuard[User]:
    """A person the permit process knows: logged in, active, and not a configuration account."""
    return user.is_authenticated and user.is_active and not user.is_superuser


def applications_visible_to(user: AnyUser) -> QuerySet[Application]:
    # django-stubs cannot type Application's manager (django-fsm's mixin reads as Any).
    visible: QuerySet[Application] = (
        get_objects_for_user(
            user,
            VIEW_APPLICATION,
            klass=Application,
            accept_global_perms=False,
            with_superuser=False,
        )
        if _takes_part(user)
        else Application.objects.none()
    )
    return visible


def application_visible_q(user: AnyUser, field: str = "application") -> Q:
    """A filter on the rows whose ``field`` (a foreign key to Application) is an application
    the user may see: the same permission rows as ``applications_visible_to``, asked of the
    permission tables directly (the user's own rows or their groups'), not through the
    application table. Lists of what hangs on an application (obligations, inspections,
    rectifications) count and page several times faster that way at a million applications
    (bench/supervision_bench.py)."""
    if not _takes_part(user):
        return Q(pk__in=[])
    content_type = ContentType.objects.get_for_model(Application)  # Django's cache
    codename = VIEW_APPLICATION.rpartition(".")[2]
    groups = ApplicationGroupObjectPermission.objects.filter(
        group__user=user, permission__codename=codename, permission__content_type=content_type
    ).values("content_object_id")
    own = ApplicationUserObjectPermission.objects.filter(
        user=user, permission__codename=codename, permission__content_type=content_type
    ).values("content_object_id")
    return Q(**{f"{field}_id__in": groups}) | Q(**{f"{field}_id__in": own})


def visible_among(user: AnyUser, pks: Iterable[int]) -> set[int]:
    """Of the applications ``pks``, those ``user`` may see (product.md §6), in one query."""
    wanted = list(pks)
    if not wanted or not _takes_part(user):
        return set()
    return set(applications_visible_to(user).filter(pk__in=wanted).values_list("pk", flat=True))


def application_get_visible(user: AnyUser, pk: int | str) -> Application:
    """The application, or NotVisible (404) if it does not exist or is not the user's to see."""
    try:
        return applications_visible_to(user).get(pk=pk)
    except (Application.DoesNotExist, ValueError, TypeError):
        raise NotVisible() from None


def _holds_on_application(user: AnyUser, perm: str, application: Application) -> bool:
    # With superusers excluded, has_perm(obj) asks guardian's object permission rows only:
    # the user's and their groups' codenames on the row, read once per ``read_once`` block.
    if not _takes_part(user):
        return False
    base = base_application(application)
    app_label, _dot, codename = perm.rpartition(".")
    if app_label != base._meta.app_label:
        return False
    codenames = remembered((APPLICATION_PERMS, user.pk, base.pk), lambda: _codenames_on(user, base))
    return codename in codenames


def _codenames_on(user: User, application: Application) -> frozenset[str]:
    """The codenames of the object permissions on the row that the user holds, their own and
    their groups': what guardian's ``ObjectPermissionChecker(user).get_perms`` gives for an
    active user, in one query instead of its two (one per table)."""
    content_type = ContentType.objects.get_for_model(Application)  # Django's cache
    own = ApplicationUserObjectPermission.objects.filter(
        user=user, content_object=application, permission__content_type=content_type
    ).values_list("permission__codename", flat=True)
    groups = ApplicationGroupObjectPermission.objects.filter(
        group__user=user, content_object=application, permission__content_type=content_type
    ).values_list("permission__codename", flat=True)
    return frozenset(own.union(groups))


def application_grants_noted(*perms: str) -> None:
    """After groups were given ``perms`` on an application: forget what the ``read_once``
    block kept of the permissions on it that the grant may have changed. A grant only adds, so
    a reader's codenames that hold every one of ``perms`` already, and a "seen as an official"
    that was True, stand; the others are asked afresh."""
    codenames = frozenset(perm.rpartition(".")[2] for perm in perms)
    forget_unless(APPLICATION_PERMS, codenames.issubset)
    forget_unless(SEEN_AS_OFFICIAL, bool)


def can_see_application(user: AnyUser, application: Application) -> bool:
    return _holds_on_application(user, VIEW_APPLICATION, application)


def can_edit_application(user: AnyUser, application: Application) -> bool:
    """Applicants of the owning organisation; state is checked by the service (409, not 403)."""
    return _holds_on_application(user, CHANGE_APPLICATION, application)


def require(allowed: bool, message: "StrOrPromise | None" = None) -> None:
    if not allowed:
        raise NotAllowed(message)


def applicant_organisation(
    user: AnyUser, memberships: Iterable[Membership] | None = None
) -> Organisation | None:
    """The organisation the user applies for (their first applicant membership's); from
    ``memberships`` when the caller has read them all already (in ``pk`` order)."""
    if not _takes_part(user):
        return None
    if memberships is not None:
        mine = (m for m in memberships if m.role == Role.APPLICANT and m.user_id == user.pk)
        found = next(mine, None)
        return found.organisation if found else None
    membership = remembered(
        (AGENCY_PERMS, user.pk, "applicant"),
        lambda: (
            Membership.objects.select_related("organisation")
            .filter(user=user, role=Role.APPLICANT)
            .order_by("pk")
            .first()
        ),
    )
    return membership.organisation if membership else None


def may_apply_in(organisation: Organisation, jurisdiction_id: object) -> bool:
    """An organisation applies to the bureaus of its own jurisdiction only: 密云's forest farm
    opens no draft for Tianjin's bureaus, whose reviewers would see it."""
    return str(organisation.jurisdiction_id) == str(jurisdiction_id)


def can_import_layers(user: AnyUser) -> bool:
    """Map layers are configuration (product.md §1, administrators): the superuser, or an active
    staff member given the model permission ``zones.add_layer`` in the admin."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm("zones.add_layer")
    )


def can_import_plans(user: AnyUser) -> bool:
    """The annual plans per 小班 are configuration as the layers are (product.md §19 P4): the
    superuser, or an active staff member given the model permission ``plans.add_plan``."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm("plans.add_plan")
    )


def is_auditor(user: AnyUser) -> bool:
    return _takes_part(user) and remembered(
        (AGENCY_PERMS, user.pk, "auditor"),
        lambda: user.memberships.filter(role=Role.AUDITOR).exists(),
    )


IDENTITY_EVENTS_PERMISSION = "audit.view_identity_events"


def reads_identity_events(user: AnyUser) -> bool:
    """Whether ``user`` reads every person's identity events (sign-ins, role changes), an
    applicant's too (the audit administrator's permission, issue 47); a jurisdiction's auditor
    reads those of its officials without it."""
    return _takes_part(user) and user.has_perm(IDENTITY_EVENTS_PERMISSION)


def reads_audit_trail(user: AnyUser) -> bool:
    """Whether ``user`` may open the audit events at all: an auditor, or a reader of identity
    events."""
    return is_auditor(user) or reads_identity_events(user)


def audited_jurisdictions(user: AnyUser) -> list[str]:
    """The jurisdictions where ``user`` audits (product.md §6: auditors see everything there)."""
    if not _takes_part(user):
        return []
    return list(
        user.memberships.filter(role=Role.AUDITOR).values_list("agency__jurisdiction_id", flat=True)
    )


def official_in_audit_scope(auditor: AnyUser, official: AnyUser) -> bool:
    """Whether ``auditor`` may report on ``official`` (离任审计): an official of an agency of a
    jurisdiction where the auditor audits."""
    if not (is_auditor(auditor) and _takes_part(official)):
        return False
    assert isinstance(official, User)
    return official.memberships.filter(
        role__in=OFFICIAL_ROLES,
        agency__jurisdiction_id__in=audited_jurisdictions(auditor),
    ).exists()


def is_reviewer(user: AnyUser) -> bool:
    return _takes_part(user) and remembered(
        (AGENCY_PERMS, user.pk, "reviewer"),
        lambda: user.memberships.filter(
            role__in=[Role.REVIEWER, Role.APPROVER, Role.CONSULTANT]
        ).exists(),
    )


def reviews_or_heads(user: AnyUser) -> bool:
    """A reviewer, approver or consulted official, or a head (负责人) of an agency: who works or
    watches the queues and the reports the agency is owed, on the pages and in the API."""
    return is_reviewer(user) or bool(head_agencies(user))


def is_official(user: AnyUser) -> bool:
    """A member of an agency who decides, audits or leads there (the dashboard's readers)."""
    return _takes_part(user) and remembered(
        (AGENCY_PERMS, user.pk, "official"),
        lambda: user.memberships.filter(role__in=OFFICIAL_ROLES).exists(),
    )


def reads_licences(user: AnyUser) -> bool:
    """Who reads an electronic licence's metadata by its identifier (issue 49 item 4): the
    officials of any agency, auditors among them; to anyone else a licence is not there."""
    return is_official(user)


def is_head(user: AnyUser, agency: Agency | int | str | None) -> bool:
    """Whether the user heads (负责人) the agency (an Agency or its pk)."""
    agency_pk = agency.pk if isinstance(agency, Agency) else agency
    return holds_agency_permission(user, HEAD_OF_AGENCY, agency_pk)


def is_principal_head(user: AnyUser, agency: Agency | int | str | None) -> bool:
    """Whether the user is the agency's principal head (正职负责人 or 主持工作的负责人, 移送规定
    art. 5(2)): one of its heads, named on the agency."""
    agency_pk = agency.pk if isinstance(agency, Agency) else agency
    if agency_pk is None or not is_head(user, agency_pk):
        return False
    return Agency.objects.filter(pk=agency_pk, principal_head_id=user.pk).exists()


def official_role_in(user: AnyUser, agency: Agency | None) -> str | None:
    """The official role (reviewer, approver, head, …) the user holds in ``agency``, None when
    none: who may record an act in its name on its documents (a seal pressed, issue 46)."""
    if agency is None or not _takes_part(user):
        return None
    roles = user.memberships.filter(agency=agency, role__in=OFFICIAL_ROLES).exclude(
        role=Role.AUDITOR
    )
    return roles.values_list("role", flat=True).order_by("role").first()


def official_agency_ids(user: AnyUser) -> set[int]:
    """The agencies in which the user holds an official role (``official_role_in`` for many
    agencies at once: one query)."""
    if not _takes_part(user):
        return set()
    roles = user.memberships.filter(role__in=OFFICIAL_ROLES).exclude(role=Role.AUDITOR)
    return set(roles.values_list("agency_id", flat=True))


def agency_ids_in_roles(user: AnyUser, roles: Iterable[str]) -> list[int]:
    """The agencies where ``user`` holds one of ``roles``: never a configuration account's (a
    superuser's memberships, kept by a script or granted before, count for none), nor an
    inactive user's."""
    if not _takes_part(user):
        return []
    rows = user.memberships.filter(role__in=list(roles)).exclude(agency=None)
    return list(rows.values_list("agency_id", flat=True))


def head_agencies(user: AnyUser) -> list[Agency]:
    """The agencies the user heads."""
    return agencies_of(user, Role.HEAD)


def may_record_special_procedure(user: AnyUser, task: "Task") -> bool:
    """Who records a special procedure (art. 45) on a task, and its end: the officials who act
    on the task's step, and the head of its agency."""
    return may_act_on_step(user, task) or is_head_of_task_agency(user, task)


def is_head_of_task_agency(user: AnyUser, task: "Task") -> bool:
    """The head of the agency the task's step belongs to: may reassign and extend it."""
    return is_head(user, task.owner_permission_obj_pk)


def heads_of(agency: Agency | int | str) -> QuerySet[User]:
    """The agency's heads (负责人), who are told of its overdue tasks."""
    agency_pk = agency.pk if isinstance(agency, Agency) else agency
    return people_with_membership(memberships__role=Role.HEAD, memberships__agency_id=agency_pk)


def people_with_membership(**lookups: Any) -> QuerySet[User]:
    """The active people a membership lookup finds (``memberships__role=…`` and the like, all
    of one membership), each once; never a configuration account (a superuser)."""
    return User.objects.filter(is_active=True, is_superuser=False, **lookups).distinct()


def holds_agency_permission(user: AnyUser, perm: str, agency_pk: object) -> bool:
    """Whether a membership gave the user ``perm`` on the agency.

    Asked of guardian's rows directly: ``user.has_perm`` answers True for every superuser, and
    the IT administrator must not decide permits.
    """
    from guardian.models import UserObjectPermission

    if not _takes_part(user) or agency_pk is None:
        return False
    app_label, codename = perm.split(".")
    return remembered(
        (AGENCY_PERMS, user.pk, perm, str(agency_pk)),
        lambda: UserObjectPermission.objects.filter(
            user=user,
            permission__content_type__app_label=app_label,
            permission__codename=codename,
            object_pk=str(agency_pk),
        ).exists(),
    )


def _seen_as_official(user: AnyUser) -> QuerySet[ApplicationGroupObjectPermission]:
    """Visibility the user holds through an agency they decide or audit for: an agency a step
    was sent to, or an audit bureau of the jurisdiction. Their own organisation's share does
    not count (an applicant who also audits elsewhere reads their own file as an applicant)."""
    if not _takes_part(user):
        return ApplicationGroupObjectPermission.objects.none()
    return ApplicationGroupObjectPermission.objects.filter(
        permission__codename="view_application",
        group__agency__memberships__user=user,
        group__agency__memberships__role__in=OFFICIAL_ROLES,
    )


def applications_seen_as_official(user: AnyUser) -> QuerySet[Application]:
    """What the user sees in an official capacity: the scope of their audit workspace."""
    seen: QuerySet[Application] = Application.objects.filter(
        pk__in=_seen_as_official(user).values("content_object_id")
    )
    return seen


def _official_of_a_seeing_agency(user: AnyUser, application: Application) -> bool:
    pk = base_application(application).pk
    return remembered(
        (SEEN_AS_OFFICIAL, user.pk, pk),
        lambda: _seen_as_official(user).filter(content_object_id=pk).exists(),
    )


def can_see_countersigns(user: AnyUser, application: Application) -> bool:
    """Countersign opinions are the agencies' internal deliberation: officials and auditors of
    the agencies that see the application read them; applicants see the decision, not the
    deliberation."""
    return can_see_application(user, application) and _official_of_a_seeing_agency(
        user, application
    )


def can_download_case_file(user: AnyUser, application: Application) -> bool:
    """The case file (案卷) holds the agencies' deliberation too: the officials and auditors who
    read the countersign opinions, nobody else (product.md §13, api.md)."""
    return can_see_countersigns(user, application)


def can_revoke(user: AnyUser, application: Application) -> bool:
    """The agency that made the final decision revokes: the lead agency's approver, or, where the
    district step is final (Tianjin tending), a reviewer of that district agency."""
    return can_act_for_deciding_agency(user, application)


def can_act_for_deciding_agency(user: AnyUser, application: Application) -> bool:
    """What the deciding agency does after its review (product.md §16 L6, L7): it records the
    national authority's decision on what it forwarded and the restoration fee it collects,
    and it revokes. Its approver, or a reviewer of the district agency whose step is final."""
    agency_id, permission = _deciding_agency(application)
    return holds_agency_permission(user, permission, agency_id)


def _deciding_agency(application: Application) -> tuple[int | None, str]:
    if application.lead_agency_id:
        return application.lead_agency_id, "roles.approve_for_agency"
    return application.district_agency_id, "roles.review_for_agency"


def may_act_on_step(user: AnyUser, task: "Task") -> bool:
    """The user's agency and role match the task's step, whoever holds the task now."""
    return holds_agency_permission(user, task.owner_permission, task.owner_permission_obj_pk)


def can_act_on_task(user: AnyUser, task: "Task") -> bool:
    """The user may act on the step, and the task is theirs, not yet claimed, or claimed by a
    member absent today whom the user substitutes for."""
    return may_act_on_step(user, task) and (
        task.owner_id in (None, user.pk) or covers_for(user, task.owner_id)
    )


def can_see_task(user: AnyUser, task: "Task", application: Application) -> bool:
    """Task pages and task actions (web and API) are for those who may act on the step and for
    officials of the agencies that see the application (the other steps' reviewers, the audit
    bureaus of its jurisdiction). Everyone else, the applicant included, gets 404: a task
    carries the agencies' deliberation (countersign opinions)."""
    return can_see_application(user, application) and (
        may_act_on_step(user, task) or _official_of_a_seeing_agency(user, application)
    )


def _agency_grant_rows(user: User) -> list[tuple[str, str, str]]:
    """The (app label, codename, agency pk) of every permission a membership gave ``user`` on
    an agency: a handful of guardian rows, read once per block."""
    from guardian.models import UserObjectPermission

    return remembered(
        (AGENCY_PERMS, user.pk, "grants"),
        lambda: list(
            UserObjectPermission.objects.filter(
                user=user, content_type=ContentType.objects.get_for_model(Agency)
            ).values_list(
                "permission__content_type__app_label", "permission__codename", "object_pk"
            )
        ),
    )


def agency_grants(user: AnyUser) -> Q:
    """A filter on viewflow tasks matching the (permission, agency) pairs the user holds.

    Reads a handful of generic guardian rows about Agency objects: its cost does not grow with
    the number of applications or tasks.
    """
    if not _takes_part(user):
        return Q(pk__in=[])
    rows = _agency_grant_rows(user)
    condition = Q(pk__in=[])
    for app_label, codename, object_pk in rows:
        condition |= Q(
            owner_permission=f"{app_label}.{codename}", owner_permission_obj_pk=object_pk
        )
    return condition


def report_handling_agency_ids(user: AnyUser) -> list[int]:
    """The agencies whose reports from the public ``user`` reads and acts on (product.md §19
    P2): those where a membership gave a reviewer's or a head's permission, the guardian rows
    every agency act asks. An auditor, an applicant, the superuser: none (the reporter's
    contact is the handling agency's only)."""
    if not is_official(user) or not _takes_part(user):
        return []
    rows = _agency_grant_rows(user)
    return sorted(
        {
            int(object_pk)
            for _label, codename, object_pk in rows
            if codename in ("review_for_agency", "head_of_agency") and str(object_pk).isdigit()
        }
    )


def appraisal_jurisdictions(user: AnyUser) -> list[str]:
    """The jurisdictions whose appraisal and annual plans ``user`` reads (product.md §19 P3,
    P4): an auditor's audited ones, an official's agencies' ones; nobody else's (an applicant,
    the superuser: none)."""
    if is_auditor(user):
        return audited_jurisdictions(user)
    if not is_official(user):
        return []
    return sorted({a.jurisdiction_id for a in agencies_of(user)})


def agencies_of(user: AnyUser, role: str | None = None) -> list[Agency]:
    if not _takes_part(user):
        return []

    def agencies() -> tuple[Agency, ...]:
        memberships = user.memberships.select_related("agency").exclude(agency=None)
        if role:
            memberships = memberships.filter(role=role)
        return tuple(m.agency for m in memberships if m.agency is not None)

    return list(remembered((AGENCY_PERMS, user.pk, "agencies", role), agencies))


def members_who_may_act(*, agency_id: int | str | None, permission: str) -> QuerySet[User]:
    """The people who may act on a step of ``agency_id`` guarded by ``permission``: members
    whose role carries it (a head only through such a role too), holding the guardian grant
    ``may_act_on_step`` asks for; never a configuration account."""
    from guardian.models import UserObjectPermission

    roles = [role for role, perm in ROLE_AGENCY_PERMISSION.items() if perm == permission]
    if agency_id is None or not roles or "." not in permission:
        return User.objects.none()
    app_label, codename = permission.split(".")
    granted = UserObjectPermission.objects.filter(
        permission__content_type__app_label=app_label,
        permission__codename=codename,
        object_pk=str(agency_id),
    ).values("user_id")
    return people_with_membership(
        memberships__agency_id=agency_id, memberships__role__in=roles, pk__in=granted
    ).order_by("pk")


def applicants_of(organisation_id: int) -> QuerySet[User]:
    """The applicant members of an organisation (who are told about its applications)."""
    return people_with_membership(
        memberships__organisation_id=organisation_id, memberships__role=Role.APPLICANT
    ).order_by("pk")


def deciders_of(application: Application) -> QuerySet[User]:
    """The members of the agency that made the final decision, in the role that made it (the
    same people ``can_revoke`` lets revoke)."""
    agency_id, permission = _deciding_agency(application)
    return members_who_may_act(agency_id=agency_id, permission=permission)


def supervising_reviewers(application: Application) -> QuerySet[User]:
    """The district agency's reviewers: who review what the holder files after approval and
    inspect the work (product.md §17)."""
    return members_who_may_act(
        agency_id=application.district_agency_id, permission="roles.review_for_agency"
    )


def incident_recipients(application: Application) -> list[User]:
    """Who is told at once of an escape (product.md §17 A5): the district agency's reviewers
    and heads, and the deciding agency."""
    people = [*supervising_reviewers(application), *deciders_of(application)]
    if application.district_agency_id:
        people += list(heads_of(application.district_agency_id))
    return people


def notifications_visible_to(user: AnyUser) -> QuerySet[Notification]:
    """A user's own notifications; anyone else's answer 404."""
    if not _takes_part(user):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user)


# The roles that act on a step; heads and auditors read, heads also reassign and extend.
ACTING_ROLES = (Role.REVIEWER, Role.APPROVER, Role.CONSULTANT)


def substitution_agencies(user: AnyUser, substitute: AnyUser) -> list[Agency]:
    """The agencies where ``substitute`` may act on a step ``user`` acts on (same agency, same
    role). A substitute needs at least one: during the absence they act on the claimed tasks of
    those steps only (``covers_for`` with ``may_act_on_step``)."""
    if not (_takes_part(user) and _takes_part(substitute)) or user.pk == substitute.pk:
        return []
    shared: list[Agency] = []
    acting = user.memberships.filter(role__in=ACTING_ROLES).select_related("agency")
    for membership in acting.order_by("pk"):
        perm = ROLE_AGENCY_PERMISSION[Role(membership.role)]
        agency = membership.agency
        if (
            agency is not None
            and agency not in shared
            and holds_agency_permission(substitute, perm, agency.pk)
        ):
            shared.append(agency)
    return shared


def absences_covered_by(user: AnyUser, today: date | None = None) -> QuerySet[Absence]:
    """The absences running today in which ``user`` is the substitute."""
    if not _takes_part(user):
        return Absence.objects.none()
    today = today or timezone.localdate()
    return Absence.objects.filter(substitute=user, starts__lte=today, ends__gte=today)


def covers_for(user: AnyUser, owner_id: int | None) -> bool:
    """Whether ``user`` substitutes today for the member ``owner_id`` (who is absent)."""
    return owner_id is not None and absences_covered_by(user).filter(user_id=owner_id).exists()


def absences_visible_to(user: AnyUser) -> QuerySet[Absence]:
    """One's own absences, those one substitutes in, and those of the agencies one heads."""
    if not _takes_part(user):
        return Absence.objects.none()
    heads = [agency.pk for agency in head_agencies(user)]
    return Absence.objects.filter(
        Q(user=user) | Q(substitute=user) | Q(agency_id__in=heads)
    ).select_related("user", "substitute", "agency")
