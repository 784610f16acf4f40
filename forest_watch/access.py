"""Who sees and does what in the 森林督查 (issue 48), in the manner of ``permits.access``: one
set of functions every view, endpoint and export asks. Unseen patches answer 404; a seen one a
user may not act on, 403.

- Reading patches: the officials (reviewers, approvers, heads) of a forestry agency read the
  patches of its district (a district agency) or of its jurisdiction (a municipal agency); an
  auditor those of the jurisdictions where it audits. Nobody else reads any.
- Importing a layer: the officials of the jurisdiction's municipal forestry agency.
- Verifying a patch: the reviewers and the head of the agency it is assigned to; closing it:
  that agency's head."""

from typing import Any

from django.db.models import Q, QuerySet

from permits import access
from permits.access import AnyUser
from roles.models import OFFICIAL_ROLES, Agency, AgencyKind, AgencyLevel, Membership, Role

from .models import Patch

REVIEW_PERMISSION = "roles.review_for_agency"


def _forestry_agencies(user: AnyUser) -> list[Agency]:
    """The forestry agencies where ``user`` holds an official role other than auditor."""
    if not access.is_official(user):
        return []
    assert not user.is_anonymous
    memberships = (
        user.memberships.filter(role__in=OFFICIAL_ROLES, agency__kind=AgencyKind.FORESTRY)
        .exclude(role=Role.AUDITOR)
        .select_related("agency")
    )
    return [m.agency for m in memberships if m.agency is not None]


def patch_scope(user: AnyUser) -> Q | None:
    """The filter of the patches ``user`` reads; None for a user who reads none."""
    scope = Q(pk__in=[])
    reads = False
    for agency in _forestry_agencies(user):
        reads = True
        if agency.level == AgencyLevel.MUNICIPAL:
            scope |= Q(jurisdiction_id=agency.jurisdiction_id)
        elif agency.district_id is not None:
            scope |= Q(district_id=agency.district_id)
    audited = access.audited_jurisdictions(user) if access.is_auditor(user) else []
    if audited:
        reads = True
        scope |= Q(jurisdiction_id__in=audited)
    return scope if reads else None


def reads_patches(user: AnyUser) -> bool:
    return patch_scope(user) is not None


def may_import_patches(user: AnyUser, jurisdiction_id: object) -> bool:
    """An official of the municipal forestry agency of ``jurisdiction_id``."""
    return any(
        a.level == AgencyLevel.MUNICIPAL and str(a.jurisdiction_id) == str(jurisdiction_id)
        for a in _forestry_agencies(user)
    )


def verifies_for(user: AnyUser, agency_id: int | None) -> bool:
    """A reviewer or the head of the agency: who verifies the patches assigned to it."""
    if agency_id is None:
        return False
    return access.holds_agency_permission(user, REVIEW_PERMISSION, agency_id) or access.is_head(
        user, agency_id
    )


def agencies_acting(user: AnyUser, *roles: str) -> "QuerySet[Any]":
    """The ids of the agencies where ``user`` holds one of ``roles``, as a subquery (the desk
    reads the patches waiting in one query): the memberships whose roles carry the grants
    ``verifies_for`` and ``may_close`` ask."""
    if not user.is_authenticated or not user.is_active or user.is_superuser:
        return Membership.objects.none().values("agency_id")
    return Membership.objects.filter(user_id=user.pk, role__in=roles).values("agency_id")


def may_verify(user: AnyUser, patch: Patch) -> bool:
    """A reviewer or the head of the agency the patch is assigned to."""
    return verifies_for(user, patch.agency_id)


def may_close(user: AnyUser, patch: Patch) -> bool:
    """The head of the agency the patch is assigned to."""
    return patch.agency_id is not None and access.is_head(user, patch.agency_id)
