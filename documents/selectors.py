"""Reads of an application's documents; the caller has checked that the user sees the
application (``permits.access``)."""

from django.db.models import QuerySet

from permits.choices import SUPERVISION_STATUSES, Status
from permits.models import Application

from .models import Certificate, DocumentKind

# Which decision document an application in a given state has.
DOCUMENT_OF_STATUS = {
    Status.APPROVED: DocumentKind.APPROVAL,
    Status.REVOKED: DocumentKind.APPROVAL,
    Status.WITHDRAWN_BY_AGENCY: DocumentKind.APPROVAL,
    Status.LAPSED: DocumentKind.APPROVAL,
    Status.CANCELLED: DocumentKind.APPROVAL,
    Status.EXPIRED: DocumentKind.APPROVAL,
    # Supervision after approval (product.md §17): the approval stays the decision.
    **dict.fromkeys(SUPERVISION_STATUSES, DocumentKind.APPROVAL),
    Status.REJECTED: DocumentKind.REFUSAL,
}


def application_document(application: Application) -> Certificate | None:
    """The approval decision (approved, revoked, expired) or the refusal decision (rejected)."""
    document_kind = DOCUMENT_OF_STATUS.get(application.status)
    if document_kind is None:
        return None
    return application.certificates.filter(document_kind=document_kind).first()


def application_documents(application: Application) -> QuerySet[Certificate]:
    """Every document issued for the application, notices and decisions, oldest first; the
    caller has checked that the user sees the application."""
    return Certificate.objects.filter(application_id=application.pk).order_by("issued_at", "pk")
