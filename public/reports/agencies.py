"""Who handles a report (product.md §19 P2): the district's forestry agency, and its
agriculture agency for an alien species; what their staff see of the reports and photos, and
whom they may name as inspectors."""

from typing import Any

from django.contrib.auth.models import User
from django.db.models import Prefetch, Q, QuerySet

from core.errors import NotVisible
from core.pii import pii_index_candidates
from enforcement.models import Case, CaseSource
from permits import access
from roles.models import Agency, AgencyKind, AgencyLevel, District
from workflows.selectors import site_check_inspectors

from ..models import CONTACT_INDEX_PURPOSE, Report, ReportKind, ReportPhoto


def reports_visible_to(user: Any) -> QuerySet[Report]:
    """The reports of the agencies ``user`` handles them for; nobody else's, none to others."""
    ids = access.report_handling_agency_ids(user)
    if not ids:
        return Report.objects.none()
    return Report.objects.filter(Q(agency_id__in=ids) | Q(also_agency_id__in=ids)).select_related(
        "district", "agency", "also_agency"
    )


def report_cases(report_id: int) -> QuerySet[Case]:
    """The enforcement case opened on the report, closed as no permit or referred (one at most:
    a case's source is unique): the one record of it, which the officials' pages, the API and
    the reporter's tracking read. Whether the matter went to the police is the case's
    ``to_refer``, marked from the report's outcome when it was opened."""
    return Case.objects.filter(source=CaseSource.REPORT, source_id=str(report_id))


def reports_by_contact(rows: QuerySet[Report], contact: str) -> QuerySet[Report]:
    """Of ``rows``, the reports whose reporter gave ``contact`` (spaces, dashes and full-width
    digits aside): found by the keyed hash, the contacts being stored encrypted (core.pii)."""
    # Under the active index key or an older one still in the key file (an index rotation under
    # way). Nothing but spaces and dashes names no contact (the empty index: no contact given).
    candidates = pii_index_candidates(contact, CONTACT_INDEX_PURPOSE)
    return rows.filter(contact_index__in=candidates) if candidates else rows.none()


def report_get_visible(user: Any, pk: int | str) -> Report:
    try:
        # A photo is shown once its clean copy is made (quarantined until then), or said
        # rejected if it did not decode.
        clean = Prefetch("photos", queryset=ReportPhoto.objects.filter(quarantined=False))
        return reports_visible_to(user).prefetch_related(clean).get(pk=pk)
    except (Report.DoesNotExist, ValueError, TypeError):
        raise NotVisible() from None


def report_photo_get(user: Any, pk: int | str, photo: int | str) -> ReportPhoto:
    """A photo of a report ``user`` handles, or NotVisible (one query)."""
    ids = access.report_handling_agency_ids(user)
    try:
        return ReportPhoto.objects.get(
            Q(report__agency_id__in=ids) | Q(report__also_agency_id__in=ids),
            pk=photo,
            report_id=pk,
            quarantined=False,
            rejected=False,
        )
    except (ReportPhoto.DoesNotExist, ValueError, TypeError):
        raise NotVisible() from None


def acting_agency(user: User, report: Report) -> Agency:
    """The handling agency ``user`` acts for: the lead agency first."""
    ids = access.report_handling_agency_ids(user)
    for agency in (report.agency, report.also_agency):
        if agency is not None and agency.pk in ids:
            return agency
    raise NotVisible()


def agencies_for(district: District, kind: str) -> tuple[Agency | None, Agency | None]:
    """The district's forestry agency, and its agriculture agency for an alien species."""
    agencies = {
        a.kind: a
        for a in Agency.objects.filter(
            district=district,
            level=AgencyLevel.DISTRICT,
            kind__in=(AgencyKind.FORESTRY, AgencyKind.AGRICULTURE),
        ).order_by("pk")
    }
    lead = agencies.get(AgencyKind.FORESTRY)
    also = agencies.get(AgencyKind.AGRICULTURE) if kind == ReportKind.ALIEN_SPECIES else None
    return lead, also


def report_districts() -> QuerySet[District]:
    """The districts whose forestry agency receives reports (the form's choices)."""
    with_agency = Agency.objects.filter(
        level=AgencyLevel.DISTRICT, kind=AgencyKind.FORESTRY
    ).values("district_id")
    return District.objects.filter(code__in=with_agency).order_by("code")


def may_handle(user: Any, report: Report) -> bool:
    ids = access.report_handling_agency_ids(user)
    return report.agency_id in ids or (
        report.also_agency_id is not None and report.also_agency_id in ids
    )


def report_staff(report: Report) -> list[User]:
    """Who may be named as the report's inspectors: the active staff of its handling agencies
    who act on their steps or head them (forestry and agriculture check an alien species
    together)."""
    found: dict[int, User] = {}
    for agency in (report.agency, report.also_agency):
        if agency is not None:
            found |= {u.pk: u for u in site_check_inspectors(agency.pk)}
    return sorted(found.values(), key=lambda u: u.get_username())
