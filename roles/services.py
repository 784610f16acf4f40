"""Grants and revocations: the only code that writes guardian permissions or memberships."""

from collections.abc import Iterable
from typing import Protocol, cast

from django.contrib.auth.models import Permission, User
from django.db import transaction
from django.db.models import Model, Q, QuerySet
from guardian.ctypes import get_content_type
from guardian.shortcuts import assign_perm, remove_perm
from guardian.utils import get_group_obj_perms_model

from .models import (
    OFFICIAL_ROLES,
    ROLE_AGENCY_PERMISSION,
    Agency,
    AgencyKind,
    AgencyLevel,
    Membership,
    Organisation,
    Role,
)
from .signals import role_granted, role_revoked

APPLICATION_VIEW = "permits.view_application"
APPLICATION_CHANGE = "permits.change_application"


class LocatedApplication(Protocol):
    """Where an application lies (its model lives above roles, in permits)."""

    @property
    def jurisdiction_id(self) -> str: ...

    @property
    def district_id(self) -> str: ...


@transaction.atomic
def role_grant(
    *,
    user: User,
    role: str,
    agency: Agency | None = None,
    organisation: Organisation | None = None,
    by: User | None = None,
) -> Membership:
    """Make ``user`` a member with ``role``, granted by ``by`` (None: the system); idempotent.
    A new membership is announced (``role_granted``: the audit chain records it)."""
    membership, created = Membership.objects.get_or_create(
        user=user, role=role, agency=agency, organisation=organisation
    )
    if organisation is not None:
        user.groups.add(organisation.group)
    if agency is not None and role in OFFICIAL_ROLES:
        # The agency's group sees the applications sent to the agency: officials only.
        user.groups.add(agency.group)
        assign_perm(ROLE_AGENCY_PERMISSION[Role(role)], user, agency)
    if role == Role.ADMIN and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    if role == Role.HEAD and agency is not None and agency.principal_head_id is None:
        # The agency's first head is its principal (移送规定 art. 5(2)) until the administrator
        # names another in the admin.
        Agency.objects.filter(pk=agency.pk, principal_head__isnull=True).update(principal_head=user)
        agency.refresh_from_db(fields=["principal_head"])
    if created:
        role_granted.send(
            sender=Membership, user=user, role=role, agency=agency, organisation=organisation, by=by
        )
    return membership


@transaction.atomic
def role_revoke(*, membership: Membership, by: User | None = None) -> None:
    """End a membership: its agency permission, the group's visibility when no other official
    role in the agency remains, and (through ``role_revoked``) the review tasks the person held
    for that agency, which go back to the agency's queue."""
    user, agency, organisation = membership.user, membership.agency, membership.organisation
    membership.delete()
    if agency is not None and membership.role == Role.HEAD:
        # A principal head who is no longer a head is no longer the principal.
        Agency.objects.filter(pk=agency.pk, principal_head=user).update(principal_head=None)
    if agency is not None:
        if perm := ROLE_AGENCY_PERMISSION.get(Role(membership.role)):
            remove_perm(perm, user, agency)
        if not user.memberships.filter(agency=agency, role__in=OFFICIAL_ROLES).exists():
            user.groups.remove(agency.group)
    if organisation is not None and not user.memberships.filter(organisation=organisation).exists():
        user.groups.remove(organisation.group)
    role_revoked.send(
        sender=Membership,
        user=user,
        role=membership.role,
        agency=agency,
        organisation=organisation,
        by=by,
    )


def _groups_grant(application: Model, group_ids: Iterable[int], perms: Iterable[str]) -> None:
    """Give the groups ``group_ids`` the object permissions ``perms`` on ``application``
    (guardian's direct foreign-key table); idempotent. Two statements whatever the number of
    groups and permissions, where ``assign_perm`` takes a read and an insert in a savepoint
    for each."""
    content_type = get_content_type(application)
    permission_ids = _permission_ids(content_type.pk, {perm.rpartition(".")[2] for perm in perms})
    model = get_group_obj_perms_model(application)
    model._default_manager.bulk_create(
        [
            model(group_id=group_id, permission_id=permission_id, content_object=application)
            for group_id in dict.fromkeys(group_ids)  # each once, in order
            for permission_id in permission_ids
        ],
        ignore_conflicts=True,
    )


# The ids of the permission rows, by (content type id, codename). ``migrate`` makes the rows
# and nothing changes them while the server runs, so each process reads each once; they are
# forgotten after every ``migrate`` or ``flush`` (``post_migrate``, ``roles.apps``), as Django
# forgets its content types.
_PERMISSION_IDS: dict[tuple[int, str], int] = {}


def _permission_ids(content_type_id: int, codenames: set[str]) -> list[int]:
    missing = {c for c in codenames if (content_type_id, c) not in _PERMISSION_IDS}
    if missing:
        found = Permission.objects.filter(content_type_id=content_type_id, codename__in=missing)
        for pk, codename in found.values_list("pk", "codename"):
            _PERMISSION_IDS[(content_type_id, codename)] = pk
    try:
        return [_PERMISSION_IDS[(content_type_id, c)] for c in sorted(codenames)]
    except KeyError:
        raise Permission.DoesNotExist(f"not all of {sorted(codenames)} exist") from None


def permission_ids_forget(**_kwargs: object) -> None:
    """``post_migrate``: the permission rows may have been made again, with other ids."""
    _PERMISSION_IDS.clear()


def application_share_with_organisation(*, application: Model, organisation: Organisation) -> None:
    """The applicant organisation sees and edits its own application."""
    _groups_grant(application, [organisation.group_id], (APPLICATION_VIEW, APPLICATION_CHANGE))


def permission_grant_for_steps(*, application: Model, agencies: Iterable[Agency]) -> None:
    """Agencies see an application once a step is sent to them, and keep seeing it (history):
    one statement for any number of agencies."""
    _groups_grant(application, [agency.group_id for agency in agencies], (APPLICATION_VIEW,))


def application_share_on_submission(*, application: Model, agencies: Iterable[Agency]) -> None:
    """A submission: the agencies its steps are sent to see it, and so do the audit bureaus of
    its place (a district's bureau its district's, the municipal bureau all); one read, one
    write."""
    # The Application row (permits): guardian keys by model, the audit bureaus by location.
    auditors = audit_agencies_for(cast(LocatedApplication, application))
    groups = [agency.group_id for agency in agencies]
    groups += auditors.values_list("group_id", flat=True)
    _groups_grant(application, groups, (APPLICATION_VIEW,))


def audit_agencies_for(application: LocatedApplication) -> QuerySet[Agency]:
    return Agency.objects.filter(
        kind=AgencyKind.AUDIT, jurisdiction_id=application.jurisdiction_id
    ).filter(Q(level=AgencyLevel.MUNICIPAL) | Q(district_id=application.district_id))
