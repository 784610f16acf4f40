"""Reads of an application's documents; the caller has checked that the user sees the
application (``permits.access``)."""

from django.db.models import Q, QuerySet

from permits.choices import SUPERVISION_STATUSES, Status
from permits.models import Application

from .models import VERSION_KINDS, Certificate, DocumentKind

# Which decision document an application in a given state has.
DOCUMENT_OF_STATUS = {
    Status.APPROVED: DocumentKind.APPROVAL,
    Status.REVOKED: DocumentKind.APPROVAL,
    Status.WITHDRAWN_BY_AGENCY: DocumentKind.APPROVAL,
    Status.LAPSED: DocumentKind.APPROVAL,
    Status.CANCELLED: DocumentKind.APPROVAL,
    Status.SURRENDERED: DocumentKind.APPROVAL,
    Status.EXPIRED: DocumentKind.APPROVAL,
    # Supervision after approval (product.md §17): the approval stays the decision.
    **dict.fromkeys(SUPERVISION_STATUSES, DocumentKind.APPROVAL),
    Status.REJECTED: DocumentKind.REFUSAL,
}


def version_documents(application: Application) -> list[Certificate]:
    """The documents of the permit's versions, oldest first: the approval, then each change or
    renewal granted (a refused one has no validity of its own). One query, kept on the
    instance for the record's next reads."""
    cached: list[Certificate] | None = application.__dict__.get("_version_documents")
    if cached is None:
        granted = Q(document_kind=DocumentKind.APPROVAL) | Q(
            document_kind__in=VERSION_KINDS[1:], valid_from__isnull=False
        )
        # Through the reverse manager: each certificate knows its application (its status
        # reads it) without a query of its own.
        # With the approval's electronic licence (issue 49), which every version names.
        cached = list(
            application.certificates.filter(granted)
            .select_related("licence")
            .order_by("issued_at", "pk")
        )
        application.__dict__["_version_documents"] = cached
    return cached


def application_document(application: Application) -> Certificate | None:
    """The permit's current decision (the approval, or the latest change or renewal granted:
    approved, revoked, expired, …) or the refusal decision (rejected)."""
    document_kind = DOCUMENT_OF_STATUS.get(application.status)
    if document_kind is None:
        return None
    if document_kind == DocumentKind.APPROVAL:
        versions = version_documents(application)
        return versions[-1] if versions else None
    return application.certificates.filter(document_kind=document_kind).first()


def application_documents(application: Application) -> QuerySet[Certificate]:
    """Every document issued for the application, notices and decisions, oldest first; the
    caller has checked that the user sees the application."""
    return (
        Certificate.objects.filter(application_id=application.pk)
        .select_related("seal__sealed_by", "seal__agency")
        .order_by("issued_at", "pk")
    )


def permit_licence_identifier(certificate: Certificate) -> str | None:
    """The electronic licence identifier of the permit a decision is a version of (the
    approval's: a change or renewal keeps it); ``None`` for a refusal or while unassigned."""
    if certificate.document_kind not in VERSION_KINDS:
        return None
    versions = version_documents(certificate.application)
    licence = getattr(versions[0], "licence", None) if versions else None
    return licence.identifier if licence is not None else None
