"""The seal (行政许可法 arts. 32, 38, 39: the agency's 专用印章) until an official e-seal is
configured (issue 46). The installation chooses (``PERMITS_SEAL_MODE``, kept in what each
document prints): "wet", the PDF prints a blank seal area and the agency records, for each
document, that its paper original was sealed, by whom and on which day (``document_seal``, one
act through the kernel: the application locked, its event, once per document); "unsealed", the
PDF says it is an electronic copy without the seal. The verification says which
(``sealing.seal_state``). This is the ``wet`` provider of issue 49's seam (``sealing``); the
PAdES signature (``documents.signing``) then proves the file unchanged; it is not the seal."""

from collections.abc import Iterable
from datetime import date

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.utils import timezone

from audit.choices import AuditAction
from audit.trail import audit_appended_last, display_name
from core.errors import InvalidInput, NotVisible, Problem, StateConflict
from core.messages import (
    MSG_NOT_SEALING_AGENCY,
    MSG_SEAL_DATE,
    MSG_SEAL_NOT_WET,
    MSG_SEAL_RECORDED_ALREADY,
)
from permits import access
from permits.acts import Act
from permits.models import Application
from permits.services import application_locked
from roles.models import Agency

from .models import Certificate, DocumentSeal, SealMode
from .signing import signing_agency


def seal_mode_of(certificate: Certificate) -> SealMode:
    """What the document printed about its seal."""
    return SealMode(certificate.printed_seal)


def documents_sealable(user: User | AnonymousUser, documents: Iterable[Certificate]) -> set[int]:
    """Which of ``documents`` (read with their ``seal``) ``user`` may record as sealed now: the
    wet-sealed ones not recorded yet, of an agency the user is an official of (two queries
    whatever their number: the user's agencies, the applications' deciding agencies)."""
    waiting = [d for d in documents if d.printed_seal == SealMode.WET and not hasattr(d, "seal")]
    agencies = access.official_agency_ids(user) if waiting else set()
    if not agencies:
        return set()
    fallback = {
        pk: lead or district
        for pk, lead, district in Application.objects.filter(
            pk__in={d.application_id for d in waiting}
        ).values_list("pk", "lead_agency_id", "district_agency_id")
    }
    # The agency whose seal each bears: as ``sealing_agency``, by its key.
    return {
        d.pk for d in waiting if (d.issuing_agency_id or fallback.get(d.application_id)) in agencies
    }


def sealing_agency(certificate: Certificate) -> Agency | None:
    """The agency whose seal the document bears: the one that issued (and signs) it."""
    return signing_agency(certificate)


def _sealed_on(value: object, certificate: Certificate, today: date) -> date:
    day = value if isinstance(value, date) else None
    if isinstance(value, str):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            day = None
    if day is None or day > today or day < timezone.localdate(certificate.issued_at):
        raise InvalidInput(problems=[Problem("sealed_on", "invalid", str(MSG_SEAL_DATE))])
    return day


@transaction.atomic
@audit_appended_last
def document_seal(
    *,
    application: int | str,
    document_id: int | str,
    by: User,
    sealed_on: object,
    client_ip: str | None = None,
    today: date | None = None,
) -> DocumentSeal:
    """Record that the paper original of a document was sealed: by an official of the agency
    whose seal it bears, once, on a day from its issue to today. 404 for what ``by`` may not
    see, 403 for anyone not of that agency, 409 where the installation does not seal by hand
    (or did not when the document was issued) or it was recorded already."""
    today = today or timezone.localdate()
    detail = application_locked(int(application)) if str(application).isdigit() else None
    if detail is None or not access.can_see_application(by, detail):
        raise NotVisible()
    certificate = None
    if str(document_id).isdigit():
        certificate = (
            Certificate.objects.select_for_update()
            .filter(pk=int(document_id), application_id=detail.pk)
            .first()
        )
    if certificate is None:
        raise NotVisible()
    agency = sealing_agency(certificate)
    role = access.official_role_in(by, agency)
    access.require(role is not None, MSG_NOT_SEALING_AGENCY)
    assert agency is not None and role is not None
    if seal_mode_of(certificate) != SealMode.WET:
        raise StateConflict.on("document_not_sealed_by_hand", MSG_SEAL_NOT_WET)
    if DocumentSeal.objects.filter(certificate=certificate).exists():
        raise StateConflict.on("document_sealed", MSG_SEAL_RECORDED_ALREADY)
    day = _sealed_on(sealed_on, certificate, today)
    seal = DocumentSeal.objects.create(
        certificate=certificate, agency=agency, sealed_on=day, sealed_by=by
    )
    act = Act.on(detail, by, agency=agency, role=role, client_ip=client_ip)
    act.record(
        AuditAction.DOCUMENT_SEALED,
        details={
            "document": certificate.number,
            "document_kind": certificate.document_kind,
            "sealed_on": day.isoformat(),
            "sealed_by": display_name(by),
            "pdf_sha256": certificate.pdf_sha256,
        },
    )
    return seal
