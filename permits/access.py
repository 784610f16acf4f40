"""Who may see and do what: the one module every view, endpoint, download and export asks.

Seeing an application is a guardian object permission on it (direct foreign-key tables),
granted to organisation and agency groups. Acting on a review task is a permission on the
agency of the task's step. Invisible objects answer 404; visible ones a user may not act on, 403.

Superusers configure the system (the Django admin) and nothing else: Django and guardian answer
``has_perm`` with True for them, so every function here first asks ``_takes_part`` and a
superuser account sees no application or task and acts on none, whatever its memberships.
"""

from typing import TYPE_CHECKING, TypeGuard

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet
from guardian.shortcuts import get_objects_for_user

from permits.errors import NotAllowed, NotVisible
from permits.models import Application, ApplicationGroupObjectPermission
from roles.models import OFFICIAL_ROLES, Agency, Membership, Organisation, Role

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
    from viewflow.workflow.models import Task

# Whoever sent a request: a signed-in user or the anonymous one.
AnyUser = User | AnonymousUser

VIEW_APPLICATION = "permits.view_application"
CHANGE_APPLICATION = "permits.change_application"


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


def application_get_visible(user: AnyUser, pk: int | str) -> Application:
    """The application, or NotVisible (404) if it does not exist or is not the user's to see."""
    try:
        return applications_visible_to(user).get(pk=pk)
    except (Application.DoesNotExist, ValueError, TypeError):
        raise NotVisible() from None


def _holds_on_application(user: AnyUser, perm: str, application: Application) -> bool:
    # With superusers excluded, has_perm(obj) asks guardian's object permission rows only.
    return _takes_part(user) and user.has_perm(perm, base_application(application))


def can_see_application(user: AnyUser, application: Application) -> bool:
    return _holds_on_application(user, VIEW_APPLICATION, application)


def can_edit_application(user: AnyUser, application: Application) -> bool:
    """Applicants of the owning organisation; state is checked by the service (409, not 403)."""
    return _holds_on_application(user, CHANGE_APPLICATION, application)


def require(allowed: bool, message: "StrOrPromise | None" = None) -> None:
    if not allowed:
        raise NotAllowed(message)


def applicant_organisation(user: AnyUser) -> Organisation | None:
    if not _takes_part(user):
        return None
    membership = (
        Membership.objects.select_related("organisation")
        .filter(user=user, role=Role.APPLICANT)
        .order_by("pk")
        .first()
    )
    return membership.organisation if membership else None


def is_auditor(user: AnyUser) -> bool:
    return _takes_part(user) and user.memberships.filter(role=Role.AUDITOR).exists()


def is_reviewer(user: AnyUser) -> bool:
    return (
        _takes_part(user)
        and user.memberships.filter(
            role__in=[Role.REVIEWER, Role.APPROVER, Role.CONSULTANT]
        ).exists()
    )


def holds_agency_permission(user: AnyUser, perm: str, agency_pk: object) -> bool:
    """Whether a membership gave the user ``perm`` on the agency.

    Asked of guardian's rows directly: ``user.has_perm`` answers True for every superuser, and
    the IT administrator must not decide permits.
    """
    from guardian.models import UserObjectPermission

    if not _takes_part(user) or agency_pk is None:
        return False
    app_label, codename = perm.split(".")
    return UserObjectPermission.objects.filter(
        user=user,
        permission__content_type__app_label=app_label,
        permission__codename=codename,
        object_pk=str(agency_pk),
    ).exists()


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
    return (
        _seen_as_official(user).filter(content_object_id=base_application(application).pk).exists()
    )


def can_see_countersigns(user: AnyUser, application: Application) -> bool:
    """Countersign opinions are the agencies' internal deliberation: officials and auditors of
    the agencies that see the application read them; applicants see the decision, not the
    deliberation."""
    return can_see_application(user, application) and _official_of_a_seeing_agency(
        user, application
    )


def can_revoke(user: AnyUser, application: Application) -> bool:
    """The agency that made the final decision revokes: the lead agency's approver, or, where the
    district step is final (Tianjin tending), a reviewer of that district agency."""
    if application.lead_agency_id:
        return holds_agency_permission(user, "roles.approve_for_agency", application.lead_agency_id)
    return holds_agency_permission(user, "roles.review_for_agency", application.district_agency_id)


def may_act_on_step(user: AnyUser, task: "Task") -> bool:
    """The user's agency and role match the task's step, whoever holds the task now."""
    return holds_agency_permission(user, task.owner_permission, task.owner_permission_obj_pk)


def can_act_on_task(user: AnyUser, task: "Task") -> bool:
    """The user may act on the step, and the task is either theirs or not yet claimed."""
    return may_act_on_step(user, task) and task.owner_id in (None, user.pk)


def can_see_task(user: AnyUser, task: "Task", application: Application) -> bool:
    """Task pages and task actions (web and API) are for those who may act on the step and for
    officials of the agencies that see the application (the other steps' reviewers, the audit
    bureaus of its jurisdiction). Everyone else, the applicant included, gets 404: a task
    carries the agencies' deliberation (countersign opinions)."""
    return can_see_application(user, application) and (
        may_act_on_step(user, task) or _official_of_a_seeing_agency(user, application)
    )


def agency_grants(user: AnyUser) -> Q:
    """A filter on viewflow tasks matching the (permission, agency) pairs the user holds.

    Reads a handful of generic guardian rows about Agency objects: its cost does not grow with
    the number of applications or tasks.
    """
    from django.contrib.contenttypes.models import ContentType
    from guardian.models import UserObjectPermission

    if not _takes_part(user):
        return Q(pk__in=[])
    rows = UserObjectPermission.objects.filter(
        user=user, content_type=ContentType.objects.get_for_model(Agency)
    ).values_list("permission__content_type__app_label", "permission__codename", "object_pk")
    condition = Q(pk__in=[])
    for app_label, codename, object_pk in rows:
        condition |= Q(
            owner_permission=f"{app_label}.{codename}", owner_permission_obj_pk=object_pk
        )
    return condition


def agencies_of(user: AnyUser, role: str | None = None) -> list[Agency]:
    if not _takes_part(user):
        return []
    memberships = user.memberships.select_related("agency").exclude(agency=None)
    if role:
        memberships = memberships.filter(role=role)
    return [m.agency for m in memberships if m.agency is not None]
