"""Where a permit stands, as the public is told (product.md §18 B10, §19 P1; api.md
"Certificates and documents (public)"): the one status that the verification of a document
(page and API), the published decisions (page and API) and the application record's documents
read, with the day it began.

It is derived here, once, from the application's status and what supervision found since
(inspections, rectifications), because those live above the documents: a design whose
completion inspection passed is ``accepted`` (its work is over, not its validity "expired"); a
permit found not kept and ordered corrected is ``under_rectification`` until the order is
closed (销号), whatever it was before; a change granted supersedes the document before it from
the day of its decision (``licensing.requests.grants``). No status says "suspended": no law
the engine applies lets an agency suspend a permit (docs/legal-basis.md F17).

Reads are bounded: ``standings`` answers any number of documents in three queries (four when
they come without their applications).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models.fields.json import KT
from django.utils import timezone

from documents.models import NOTICE_KINDS, Certificate, CertificateStatus, DocumentKind
from documents.selectors import version_documents
from documents.verify import Standing, Verification
from documents.verify import certificate_verification as document_verification
from permits.choices import Status
from permits.models import Application
from supervision.models import (
    PASSING_OUTCOMES,
    Inspection,
    InspectionKind,
    InspectionStatus,
    Rectification,
    RectificationStatus,
)
from workflows.selectors import decisions_of_current_pass

# The permit ended by an act (or by the law): what its documents verify as.
PERMIT_ENDED = {
    Status.REVOKED: CertificateStatus.REVOKED,
    Status.WITHDRAWN_BY_AGENCY: CertificateStatus.WITHDRAWN,
    Status.LAPSED: CertificateStatus.LAPSED,
    Status.CANCELLED: CertificateStatus.CANCELLED,
    Status.SURRENDERED: CertificateStatus.CANCELLED,  # 注销 on the holder's request
}
# Found not kept and not yet put right: a failed inspection or filing (non-compliant), a
# temporary use's restoration failed or late.
NOT_KEPT_STATUSES = (Status.NON_COMPLIANT, Status.RESTORATION_OVERDUE)
# The work, or the restoration of the land, passed its inspection.
ACCEPTED_STATUSES = (Status.ACCEPTED, Status.RESTORED)
# The period is over: a design's work period, a temporary use's (its land still to restore).
PERIOD_OVER_STATUSES = (Status.EXPIRED, Status.USE_ENDED)
# A rectification not closed (销号): the holder has not put right what was found (escalated:
# the agency's heads were told it was not; a permit found not kept stays so, one otherwise in
# force is no longer under the order, which the heads act on).
UNCLOSED_RECTIFICATION = (
    RectificationStatus.OPEN,
    RectificationStatus.ANSWERED,
    RectificationStatus.ESCALATED,
)
ACCEPTING_INSPECTIONS = (InspectionKind.COMPLETION, InspectionKind.RESTORATION)


@dataclass
class _Facts:
    """What supervision found of one application, as the status needs it."""

    unclosed_on: date | None = None  # the latest rectification not closed: opened
    deadline: date | None = None  # ... and its deadline
    closed_on: date | None = None  # the latest rectification closed (销号)
    accepted_on: date | None = None  # the latest passing completion or restoration inspection
    marked_on: date | None = None  # the day the approval's 已撤销/已撤回/已注销 mark prints
    marked_act: str = ""  # ... and the act (撤销, 撤回, 注销)
    under_order: bool = False  # a rectification open or answered


def standings(certificates: Iterable[Certificate]) -> dict[int, Standing]:
    """Each document's standing by its primary key: three queries whatever their number, and
    one more for the applications of documents read without them."""
    documents = list(certificates)
    today = timezone.localdate()
    grants = [c for c in documents if _grants(c)]
    _applications_load(grants)
    facts = _facts_of(grants)
    found = {c.pk: _standing(c, facts.get(c.application_id, _Facts()), today) for c in grants}
    for document in documents:
        if document.pk not in found:
            # A refusal grants nothing; a notice, or a decision that granted nothing, is
            # authentic: valid since issued.
            refused = document.document_kind == DocumentKind.REFUSAL
            status = CertificateStatus.REFUSED if refused else CertificateStatus.VALID
            found[document.pk] = Standing(status, timezone.localdate(document.issued_at))
    return found


def standing_of(certificate: Certificate) -> Standing:
    return standings([certificate])[certificate.pk]


def certificate_verification(*, number: str, code: str | None) -> Verification | None:
    """The public verification of a document (``documents.verify``), with the decisions that
    name a refusal's issuing agency and where its permit stands."""
    return document_verification(
        number=number,
        code=code,
        decisions_of=decisions_of_current_pass,
        standing_of=standing_of,
    )


def _grants(certificate: Certificate) -> bool:
    """The approval, or a change or renewal granted (a version of the permit)."""
    kind = certificate.document_kind
    if kind == DocumentKind.REFUSAL or kind in NOTICE_KINDS:
        return False
    return kind == DocumentKind.APPROVAL or certificate.valid_from is not None


def _standing(certificate: Certificate, facts: _Facts, today: date) -> Standing:
    if certificate.superseded_on is not None and certificate.superseded_on <= today:
        return Standing(CertificateStatus.SUPERSEDED, certificate.superseded_on)
    application = certificate.application
    status = application.status
    until = application.valid_until
    day_after = until + timedelta(days=1) if until and until < today else None
    ended = PERMIT_ENDED.get(status)
    if ended is not None:
        # Lapsed, and cancelled after the lapse, by the law the day after the period.
        by_law = status in (Status.LAPSED, Status.CANCELLED)
        return Standing(ended, facts.marked_on or (day_after if by_law else None))
    if facts.marked_act == "注销":
        # A temporary use given up is cancelled though its land is still to be restored.
        return Standing(CertificateStatus.CANCELLED, facts.marked_on)
    if status in NOT_KEPT_STATUSES or facts.under_order:
        return Standing(CertificateStatus.UNDER_RECTIFICATION, facts.unclosed_on, facts.deadline)
    if status in ACCEPTED_STATUSES:
        return Standing(CertificateStatus.ACCEPTED, facts.accepted_on)
    if status in PERIOD_OVER_STATUSES:
        return Standing(CertificateStatus.EXPIRED, day_after)
    issued = timezone.localdate(certificate.issued_at)
    return Standing(CertificateStatus.VALID, max(issued, facts.closed_on or issued))


def _applications_load(certificates: list[Certificate]) -> None:
    """The applications the documents were read without, in one query."""
    missing = [c for c in certificates if not Certificate.application.is_cached(c)]
    if not missing:
        return
    applications = Application.objects.in_bulk({c.application_id for c in missing})
    for certificate in missing:
        certificate.application = applications[certificate.application_id]


def _facts_of(certificates: list[Certificate]) -> dict[int, _Facts]:
    """Supervision's findings and the approvals' marks of these documents' applications: one
    query each, none for what no document needs."""
    facts: dict[int, _Facts] = {}
    ids = {c.application_id for c in certificates}
    if not ids:
        return facts
    rows = Rectification.objects.filter(application_id__in=ids).order_by("opened_at", "pk")
    for row in rows.values_list("application_id", "status", "opened_at", "deadline", "closed_at"):
        application_id, status, opened_at, deadline, closed_at = row
        fact = facts.setdefault(application_id, _Facts())
        if status in UNCLOSED_RECTIFICATION:
            fact.unclosed_on, fact.deadline = timezone.localdate(opened_at), deadline
            fact.under_order = fact.under_order or status != RectificationStatus.ESCALATED
        elif closed_at is not None:
            fact.closed_on = timezone.localdate(closed_at)
    accepted = {c.application_id for c in certificates if c.application.status in ACCEPTED_STATUSES}
    if accepted:
        passed = Inspection.objects.filter(
            application_id__in=accepted,
            kind__in=ACCEPTING_INSPECTIONS,
            status=InspectionStatus.DONE,
            outcome__in=PASSING_OUTCOMES,
        ).order_by("recorded_at", "pk")
        for application_id, recorded_at in passed.values_list("application_id", "recorded_at"):
            if recorded_at is not None:
                fact = facts.setdefault(application_id, _Facts())
                fact.accepted_on = timezone.localdate(recorded_at)
    _marks_read(certificates, facts)
    return facts


def _marks_read(certificates: list[Certificate], facts: dict[int, _Facts]) -> None:
    """The act that ended the permit and its day, as its approval's mark prints them (a change
    or renewal decision is not marked: its approval is)."""
    marks = (
        Certificate.objects.filter(
            application_id__in={c.application_id for c in certificates},
            document_kind=DocumentKind.APPROVAL,
        )
        .annotate(on=KT("content__document__revoked_on"), act=KT("content__document__revoked_act"))
        .values_list("application_id", "on", "act")
    )
    for application_id, on, act in marks:
        on, act = _json_text(on), _json_text(act)
        if on or act:
            fact = facts.setdefault(application_id, _Facts())
            fact.marked_on = date.fromisoformat(on) if on else None
            fact.marked_act = act


def _json_text(value: str | None) -> str:
    """A JSON string read by ``KT``: a null reads as None on PostgreSQL, "null" on SQLite."""
    return "" if value in (None, "null") else str(value)


# The permit's ``state`` in the application record (api.md "The holder's requests"): its
# current version's standing in the record's words, so the record and the verification cannot
# disagree. A cancellation on the holder's request (注销, surrendered) is said apart.
PERMIT_STATE = {
    CertificateStatus.VALID: "in_force",
    CertificateStatus.WITHDRAWN: "withdrawn_by_agency",
}


def permit_state(application: Application, standing: Standing) -> str:
    if standing.status == CertificateStatus.CANCELLED and application.status == Status.SURRENDERED:
        return "surrendered"
    return PERMIT_STATE.get(standing.status, str(standing.status))


def permit_summary(
    application: Application, *, standing: Callable[[Certificate], Standing] = standing_of
) -> dict[str, Any] | None:
    """api.md ``"permit": {"state", "version", "valid_from", "valid_until", "number"}``: the
    permit's current version, ``state`` its standing (``permit_state``; ``standing`` reads it,
    by a record that reads it already); None for a file never granted."""
    versions = version_documents(application)
    if not versions:
        return None
    current = versions[-1]
    return {
        "state": permit_state(application, standing(current)),
        "version": len(versions),
        "valid_from": current.valid_from,
        "valid_until": application.valid_until,
        "number": current.number,
    }


def versions_standing(versions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``licensing.selectors.permit_versions`` with each version's ``status`` (its document's,
    read together)."""
    standing = standings(row["document"] for row in versions)
    return [{**row, "status": standing[row["document"].pk].status} for row in versions]
