"""Who sees which case (officials of its agency, the auditors of its jurisdiction; others
404), and the public list of published penalty decisions (双公示, natural persons masked)."""

from django.db.models import Q, QuerySet

from core.errors import NotVisible
from permits import access
from permits.access import AnyUser
from roles.models import Role

from .models import Case, CaseOutcome

# The roles that act on a case in their agency's name (an auditor reads; a legal reviewer
# reviews; neither investigates).
ENFORCEMENT_ROLES = (Role.REVIEWER, Role.APPROVER, Role.HEAD)
READING_ROLES = (*ENFORCEMENT_ROLES, Role.LEGAL_REVIEWER)


def case_agency_ids(user: AnyUser, roles: tuple[str, ...] = READING_ROLES) -> list[int]:
    """The agencies whose cases ``user`` works on in one of ``roles``."""
    if not user.is_authenticated:
        return []
    rows = user.memberships.filter(role__in=roles).exclude(agency=None)
    return list(rows.values_list("agency_id", flat=True))


def cases_visible_to(user: AnyUser) -> QuerySet[Case]:
    """The cases of the agencies where ``user`` is an official, and of the jurisdictions where
    ``user`` audits."""
    seen = Q(agency_id__in=case_agency_ids(user))
    audited = access.audited_jurisdictions(user)
    if audited:
        seen |= Q(agency__jurisdiction_id__in=audited)
    return Case.objects.filter(seen).select_related("agency", "article")


PK_MAX = 2**63 - 1


def row_id(value: object) -> int | None:
    """``value`` as a row id the database can hold, None when it is none."""
    try:
        number = int(str(value))
    except ValueError:
        return None
    return number if 0 < number <= PK_MAX else None


def case_get_visible(user: AnyUser, pk: object) -> Case:
    """The case of ``pk`` if ``user`` sees it; 404 alike whether it does not exist or is not
    theirs."""
    number = row_id(pk)
    try:
        if number is None:
            raise Case.DoesNotExist
        return cases_visible_to(user).get(pk=number)
    except Case.DoesNotExist:
        raise NotVisible() from None


def may_act(user: AnyUser, case: Case, roles: tuple[str, ...] = ENFORCEMENT_ROLES) -> bool:
    return case.agency_id in case_agency_ids(user, roles)


def is_natural_person(case: Case) -> bool:
    """A party named by an id number and no credit code is a natural person (masked)."""
    return bool(case.party_id_number) and not case.party_credit_code


def masked_id_number(value: str) -> str:
    """110101********1234: the place and the last four characters only (行政处罚法 art. 50)."""
    if not value:
        return ""
    return value[:6] + "*" * max(len(value) - 10, 0) + value[-4:]


def masked_name(value: str) -> str:
    """张* or 欧阳**: a natural person's surname only on the public list."""
    if not value:
        return ""
    keep = 2 if len(value) >= 4 else 1
    return value[:keep] + "*" * (len(value) - keep)


def penalties_published() -> QuerySet[Case]:
    """The penalty decisions published (双公示): every decided penalty, once published."""
    return (
        Case.objects.filter(outcome=CaseOutcome.PENALTY, published_at__isnull=False)
        .select_related("agency", "article")
        .prefetch_related("documents")
        .order_by("-published_at", "-pk")
    )
