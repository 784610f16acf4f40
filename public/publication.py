"""Decisions published (product.md §19 P1; 行政许可法 第四十条 "行政机关作出的准予行政许可决定，
应当予以公开，公众有权查阅"; 双公示 within seven working days; 001 "此件主动公开").

Every approval, refusal, change, renewal, revocation, withdrawal and cancellation is published
by the tick (the job "decisions published") at its first run after the document is issued, well
within the seven working days its row records (``due_on``). The entry prints the document's
number, kind and date, the holder (a legal person by name; one without a unified social credit
code is taken for a natural person and masked), the district, township, 小班, area and validity:
never a contact, an attachment or a third party's name (no reviewer, no 小班 agreement holder,
no interested party). Its status is where the document's permit stands
(``public.standing``, which the public verification reads too): a later act shows the same day.
"""

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from core.masking import name_public
from documents.models import Certificate, DocumentKind
from documents.verify import Standing
from licensing.requests import NAME_MAX, current_holder_name
from permits.choices import Kind
from permits.models import Application
from workflows.deadlines import add_working_days

from .models import Publication, PublicationPending
from .standing import standings

# The documents that decide (the notices of the procedure are the applicant's, not the public's).
PUBLISHED_KINDS = (
    DocumentKind.APPROVAL,
    DocumentKind.REFUSAL,
    DocumentKind.CHANGE_DECISION,
    DocumentKind.RENEWAL_DECISION,
    DocumentKind.REVOCATION,
    DocumentKind.WITHDRAWAL_DECISION,
    DocumentKind.CANCELLATION_NOTICE,
)
PUBLICATION_WORKING_DAYS = 7

# A refusal is published as a result (政府信息公开条例 art. 20(5): "办理结果") without naming the
# applicant refused: 行政许可法 art. 40 makes only the grant public, and the name adds nothing
# to the result (docs/legal-basis.md F26a; a reading the legal office may change here).
REFUSAL_HOLDER = "（不予许可决定不公布申请人名称）"


def holder_public(name: str, credit_code: str) -> str:
    """The holder as the public list names it (``core.masking.name_public``: a natural person
    by the first character), an organisation's name as long as a change may rename it."""
    return name_public(name, credit_code)[:NAME_MAX]


def publication_queue(sender: Any, instance: Certificate, created: bool, **kwargs: Any) -> None:
    """A deciding document saved for the first time is queued for the tick to publish, in the
    transaction that issues it (connected in ``public.apps``)."""
    if created and instance.document_kind in PUBLISHED_KINDS and not kwargs.get("raw"):
        PublicationPending.objects.create(document=instance)


@transaction.atomic
def decisions_publish(now: datetime) -> int:
    """The deciding documents issued by ``now`` and not yet published: one entry each, read off
    the queue (``PublicationPending``), whose rows each tick locks (``skip_locked``) and takes
    off; entries are keyed by their document, so ticks overlapping on any number of machines
    publish each once (a second insert of the same key is ignored)."""
    queued = list(
        PublicationPending.objects.select_for_update(skip_locked=True)
        .filter(document__issued_at__lte=now)
        .values_list("document_id", flat=True)
    )
    if not queued:
        return 0
    pending = (
        Certificate.objects.filter(pk__in=queued, publication__isnull=True)
        .select_related("application__organisation")
        .order_by("issued_at", "pk")
    )
    rows = [_entry(certificate, now) for certificate in pending]
    Publication.objects.bulk_create(rows, ignore_conflicts=True)
    PublicationPending.objects.filter(document_id__in=queued).delete()
    if not rows:
        return 0
    return Publication.objects.filter(
        document_id__in=[row.document_id for row in rows], published_at=now
    ).count()


def _entry(certificate: Certificate, now: datetime) -> Publication:
    application = certificate.application
    detail = application.detail
    decided_on = timezone.localdate(certificate.issued_at)
    organisation = application.organisation
    return Publication(
        document=certificate,
        application=application,
        kind=application.kind,
        document_kind=certificate.document_kind,
        number=certificate.number,
        decided_on=decided_on,
        # As the permit's latest version names it (a change may have renamed the holder).
        holder=(
            REFUSAL_HOLDER
            if certificate.document_kind == DocumentKind.REFUSAL
            else holder_public(current_holder_name(detail), organisation.unified_credit_code)
        ),
        district_id=application.district_id,
        township=application.township,
        compartments=_compartments(detail),
        area_ha=_area(detail),
        valid_from=certificate.valid_from,
        valid_until=certificate.valid_until,
        due_on=add_working_days(decided_on, PUBLICATION_WORKING_DAYS),
        published_at=now,
    )


def _compartments(detail: Application) -> list[str]:
    """The 小班 a design names, or those the screened site lies on (their names only: never the
    registry's agreement holders)."""
    named = getattr(detail, "compartments", None)
    if detail.kind == Kind.TENDING and isinstance(named, list):
        return [str(c) for c in named if isinstance(c, str | int)][:50]
    screening = getattr(detail, "screening", None)
    parcels = getattr(screening, "parcels", None) or []
    found = {
        str(p.get("compartment"))
        for p in parcels
        if isinstance(p, dict) and p.get("compartment") and not p.get("outside_site")
    }
    return sorted(found)[:50]


def _area(detail: Application) -> Decimal | None:
    """The area the design or occupation states, else the screened site's (none for a site
    drawn as a point: an introduction's place, which has no area to print)."""
    area = getattr(detail, "area_ha", None)
    if area is None:
        area = getattr(getattr(detail, "screening", None), "site_area_ha", None)
    return Decimal(area) if area else None


def public_decisions(
    *,
    district: str | None = None,
    kind: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[Publication]:
    """The published decisions, newest first, with what their status is read from (the
    document and its application's status: the verification's own reading)."""
    rows = Publication.objects.select_related("district", "document__application")
    if district:
        rows = rows.filter(district_id=district)
    if kind:
        rows = rows.filter(kind=kind)
    if since:
        rows = rows.filter(decided_on__gte=since)
    if until:
        rows = rows.filter(decided_on__lte=until)
    return rows


def entries_of(rows: Iterable[Publication]) -> list[dict[str, Any]]:
    """api.md's public decisions: ``{"number", "document_kind", "kind", "decided_on",
    "holder", "district", "township", "compartments", "area_ha", "valid_from", "valid_until",
    "status", "status_on"}``, the statuses of a page read together (``public.standing``)."""
    rows = list(rows)
    standing = standings(row.document for row in rows)
    return [entry_of(row, standing[row.document_id]) for row in rows]


def entry_of(row: Publication, standing: Standing) -> dict[str, Any]:
    return {
        "number": row.number,
        "document_kind": row.document_kind,
        "kind": row.kind,
        "decided_on": row.decided_on,
        "holder": row.holder,
        "district": row.district.name,
        "township": row.township,
        "compartments": list(row.compartments or []),
        "area_ha": row.area_ha,
        "valid_from": row.valid_from,
        "valid_until": row.valid_until,
        "status": standing.status,
        "status_on": standing.since,
    }
