"""The three administrators (三员分立, issue 47 item 5; GB/T 22239-2019 L3 8.1.4.2): each a
Django group holding model permissions, declared here as data, none holding another's.

- the system administrator (``sysadmin``) configures: places, agencies, applicant
  organisations, routes, fee rates, the calendar, standards, decision forms, layers and plans;
- the security administrator (``secadmin``) keeps accounts: creates and deactivates them,
  grants ordinary roles, unlocks sign-in lockouts, resets second factors, revokes API tokens;
- the audit administrator (``auditadmin``) reads and exports the trail of the other two and
  the identity events, and changes nothing.

Nobody grants these groups in the admin: ``manage.py admins_provision``, run by the installer
(or the superuser, kept for recovery only), makes the groups and assigns them
(``administrators_provision``, ``administrator_assign``). The admin's checks that the model
permissions cannot express (nobody but the superuser edits an administrator's or a superuser's
account, nor grants the ``admin`` role) are ``may_administer_account`` and
``may_grant_role``."""

from collections.abc import Mapping
from typing import Any

from axes.helpers import get_client_ip_address
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group, Permission, User
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Role
from .signals import administered

SYSADMIN = "sysadmin"
SECADMIN = "secadmin"
AUDITADMIN = "auditadmin"
ADMINISTRATOR_GROUPS = (SYSADMIN, SECADMIN, AUDITADMIN)
SUPERUSER = "superuser"
# The role of an administrator's act run from the command line (``admins_provision``).
INSTALLER = "installer"
# The roles an administrator's events carry (the trail labels them with the agency roles).
ADMINISTRATOR_ROLE_LABELS: Mapping[str, Promise] = {
    SYSADMIN: _("System administrator"),
    SECADMIN: _("Security administrator"),
    AUDITADMIN: _("Audit administrator"),
    SUPERUSER: _("Superuser (recovery)"),
    INSTALLER: _("Installer"),
}

# The permissions of the security administrator that other code checks (issue 47 items 2, 3).
MANAGE_SECOND_FACTORS = "roles.manage_second_factors"
MANAGE_API_TOKENS = "roles.manage_api_tokens"
READ_ADMINISTRATORS_TRAIL = "roles.read_administrators_trail"

_EDIT = ("add", "change", "delete", "view")

# What each group may do, "app_label.codename". Configuration is edited (add, change, delete);
# the models a form points at are viewed, so its lists and autocompletes open. Nothing here
# reads an application, a document, a task or the trail but the audit administrator's trail.
ADMINISTRATOR_PERMISSIONS: Mapping[str, tuple[str, ...]] = {
    SYSADMIN: (
        *(f"roles.{a}_{m}" for m in ("jurisdiction", "district", "agency") for a in _EDIT),
        *(f"roles.{a}_organisation" for a in _EDIT),
        *(f"workflows.{a}_{m}" for m in ("route", "feerate", "calendarday") for a in _EDIT),
        *(f"permits.{a}_{m}" for m in ("invasivespecies", "supervisionstandard") for a in _EDIT),
        *(f"documents.{a}_decisionform" for a in _EDIT),
        "zones.add_layer",
        "zones.view_layer",
        "zones.view_protectedzone",
        "zones.view_parcel",
        "plans.add_plan",
        "plans.view_plan",
        # The 督查's patch layers and its periods, and the legal office's articles and periods
        # of the enforcement cases (issue 48): configuration, never a patch or a case.
        "forest_watch.add_patchlayer",
        "forest_watch.view_patchlayer",
        *(f"forest_watch.{a}_watchstandard" for a in _EDIT),
        *(f"enforcement.{a}_{m}" for m in ("penaltyarticle", "enforcementstandard") for a in _EDIT),
    ),
    SECADMIN: (
        "auth.add_user",
        "auth.change_user",
        "auth.view_user",
        "roles.add_membership",
        "roles.delete_membership",
        "roles.view_membership",
        "roles.view_absence",
        # The bodies a membership names, read for the membership form's choices.
        "roles.view_agency",
        "roles.view_organisation",
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "axes.view_accesslog",
        "axes.view_accessfailurelog",
        MANAGE_SECOND_FACTORS,
        MANAGE_API_TOKENS,
    ),
    # The identity events of everyone (audit.view_identity_events: sign-ins, roles) besides
    # the administrators' own trail.
    AUDITADMIN: ("audit.view_auditevent", READ_ADMINISTRATORS_TRAIL, "audit.view_identity_events"),
}


def _permissions(names: tuple[str, ...]) -> list[Permission]:
    wanted = {tuple(name.split(".", 1)) for name in names}
    query = Q()
    for app_label, codename in wanted:
        query |= Q(content_type__app_label=app_label, codename=codename)
    found = list(Permission.objects.filter(query).select_related("content_type"))
    missing = wanted - {(p.content_type.app_label, p.codename) for p in found}
    if missing:  # a renamed model or permission: fail loudly, never provision less
        raise Permission.DoesNotExist(f"no permissions {sorted(missing)}")
    return found


@transaction.atomic
def administrators_provision() -> dict[str, Group]:
    """Make the three groups hold exactly their permissions (a permission someone added to a
    group by hand is taken away again); idempotent."""
    groups = {}
    for name in ADMINISTRATOR_GROUPS:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(_permissions(ADMINISTRATOR_PERMISSIONS[name]))
        groups[name] = group
    return groups


def administrator_role(user: AbstractBaseUser | AnonymousUser | None) -> str:
    """Which of the three ``user`` is (``superuser`` for the recovery account), else ``""``."""
    if user is None or not user.is_authenticated or not isinstance(user, User):
        return ""
    if user.is_superuser:
        return SUPERUSER
    names = {g.name for g in user.groups.all()} & set(ADMINISTRATOR_GROUPS)
    return min(names, key=ADMINISTRATOR_GROUPS.index) if names else ""


def administrators() -> QuerySet[User]:
    """The accounts of the three administrators and the superusers."""
    return User.objects.filter(
        Q(is_superuser=True) | Q(groups__name__in=ADMINISTRATOR_GROUPS)
    ).distinct()


@transaction.atomic
def administrator_assign(*, user: User, group_name: str, by: User | None = None) -> None:
    """Make ``user`` the administrator ``group_name`` and nothing else: staff (the admin's
    door), in that one of the three groups; a superuser or a member of an agency or
    organisation is refused. Audited."""
    if group_name not in ADMINISTRATOR_GROUPS:
        raise ValueError(f"not an administrator group: {group_name}")
    if user.is_superuser:
        raise ValueError(f"{user} is a superuser: the recovery account stays apart")
    if user.memberships.exists():
        raise ValueError(f"{user} holds roles: an administrator acts for no agency")
    group = administrators_provision()[group_name]
    before = account_describe(user)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.remove(*Group.objects.filter(name__in=ADMINISTRATOR_GROUPS))
    user.groups.add(group)
    administered.send(
        sender=Group,
        action="account_changed",
        by=by,
        client_ip=None,
        details=account_change(user, before),
    )


ACCOUNT_FIELDS = ("username", "first_name", "last_name", "email", "is_active", "is_staff")


def account_describe(user: User) -> dict[str, Any]:
    """An account as the trail records it: never its password."""
    described: dict[str, Any] = {name: getattr(user, name) for name in ACCOUNT_FIELDS}
    described["is_superuser"] = user.is_superuser
    described["groups"] = (
        sorted(user.groups.values_list("name", flat=True)) if user.pk is not None else []
    )
    return described


def account_change(user: User, before: Mapping[str, Any] | None) -> dict[str, Any]:
    """The details of an account's event: whose, and the fields that changed, before and
    after (every field for a new account)."""
    after = account_describe(user)
    changed = [k for k in after if before is None or before.get(k) != after[k]]
    return {
        "subject": {"username": user.get_username()},
        "before": None if before is None else {k: before[k] for k in changed},
        "after": {k: after[k] for k in changed},
    }


def may_administer_account(by: User, account: User | None) -> bool:
    """The security administrator changes ordinary accounts only: not a superuser's, not an
    administrator's, not its own (so none gives itself or another what the groups forbid);
    the superuser changes any."""
    if by.is_superuser or account is None:
        return True
    return account.pk != by.pk and not administrators().filter(pk=account.pk).exists()


def may_grant_role(by: User, role: str, member: User | None) -> bool:
    """Ordinary roles, to ordinary accounts: the agency ``admin`` role (staff) and any role
    of an administrator are the superuser's alone."""
    if by.is_superuser:
        return True
    return role != Role.ADMIN and may_administer_account(by, member)


def request_client_ip(request: HttpRequest) -> str | None:
    """The address the trail records: the one login throttling counts (django-axes)."""
    address: str | None = get_client_ip_address(request)  # axes ships no types
    return address
