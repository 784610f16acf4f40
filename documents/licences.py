"""Approvals as electronic licences (电子证照; issue 49 item 4, docs/legal-basis.md "Decisions as
electronic licences"): the GB/T 36904 identifier and the GB/T 36903 metadata of an approval.

Assigned in the transaction that numbers the approval (``documents.issue.certificate_issue``);
an approval issued before its type code or its agency's credit code was entered (those issued
before issue 49 among them) is assigned lazily by the tick (``licences_assign_pending``), once
the legal office and the administrators have entered them. The metadata is what the licence was
issued with; the current status is read beside it (``public.standing``), never stored.
"""

from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from audit.choices import AuditAction
from audit.trail import audit_appended_last, configuration_record

from .licence_identifiers import VERSION_FIRST, licence_identifier
from .models import (
    LICENCE_IDENTIFIER_LENGTH,
    Certificate,
    CertificateStatus,
    DocumentKind,
    Licence,
    LicenceType,
)
from .signing import certificate_event_record

STANDARD_METADATA = "GB/T 36903-2018"
STANDARD_IDENTIFIER = "GB/T 36904-2018"
# 持证主体代码类型: a permit's holder is an organisation, named by its credit code.
HOLDER_CODE_CREDIT = "统一社会信用代码"
# How many approvals one tick assigns at most: the rest wait for the next minute.
ASSIGN_BATCH = 200


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def licence_serial(certificate: Certificate) -> str:
    """The serial number (流水号): the year of issue and the document's row, unique for ever."""
    return f"{timezone.localdate(certificate.issued_at).year}{certificate.pk:08d}"


def licence_metadata(
    certificate: Certificate, licence_type: LicenceType, identifier: str, agency_code: str
) -> dict[str, Any]:
    """The GB/T 36903 metadata of the licence as issued (the element each key carries is named
    in docs/api.md, "Electronic licences")."""
    organisation = certificate.application.organisation
    agency = certificate.issuing_agency
    assert agency is not None  # an approval names its issuing agency
    holder_code = organisation.unified_credit_code or None
    return {
        "standard": STANDARD_METADATA,
        "identifier": identifier,
        "name": licence_type.name,
        "type_code": licence_type.code,
        "number": certificate.number,
        "holder": {
            "name": organisation.name,
            "code": holder_code,
            "code_type": HOLDER_CODE_CREDIT if holder_code else None,
        },
        "issuing_agency": {"name": agency.name, "code": agency_code},
        "issued_on": _iso(timezone.localdate(certificate.issued_at)),
        "valid_from": _iso(certificate.valid_from),
        "valid_until": _iso(certificate.valid_until),
        "status_at_issue": str(CertificateStatus.VALID),
    }


def licence_issue(*, certificate: Certificate) -> Licence | None:
    """The electronic licence of an approval, inside the caller's transaction; ``None`` (to be
    assigned later) while its type has no code or its agency no credit code, and for any other
    document."""
    if certificate.document_kind != DocumentKind.APPROVAL or certificate.issuing_agency is None:
        return None
    agency_code = certificate.issuing_agency.unified_credit_code
    licence_type = LicenceType.objects.filter(kind=certificate.application.kind).first()
    if licence_type is None or not agency_code:
        return None
    identifier = licence_identifier(
        type_code=licence_type.code,
        agency_code=agency_code,
        serial=licence_serial(certificate),
        version=VERSION_FIRST,
    )
    return Licence.objects.create(
        certificate=certificate,
        identifier=identifier,
        metadata=licence_metadata(certificate, licence_type, identifier, agency_code),
    )


def licences_pending() -> list[int]:
    """Approvals without a licence that can have one now (their type has a code and their
    agency a credit code), oldest first, one batch."""
    kinds = list(LicenceType.objects.values_list("kind", flat=True))
    if not kinds:
        return []
    return list(
        Certificate.objects.filter(
            document_kind=DocumentKind.APPROVAL,
            licence__isnull=True,
            application__kind__in=kinds,
            issuing_agency__unified_credit_code__gt="",
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:ASSIGN_BATCH]
    )


def licences_assign_pending() -> int:
    """The lazy assignment: each pending approval's licence, under the document's row lock so
    that overlapping ticks assign it once. How many were assigned."""
    assigned = 0
    for pk in licences_pending():
        with transaction.atomic():
            certificate = (
                Certificate.objects.select_for_update(of=("self",))
                .select_related("application__organisation", "issuing_agency")
                .get(pk=pk)
            )
            if Licence.objects.filter(certificate=certificate).exists():
                continue
            assigned += _licence_assign(certificate) is not None
    return assigned


@audit_appended_last
def _licence_assign(certificate: Certificate) -> Licence | None:
    """One pending approval's licence and the event of its assignment (``licence_assigned``,
    the system's act under the document's number): the identifier the document's
    ``certificate_issued`` event could not carry."""
    licence = licence_issue(certificate=certificate)
    if licence is not None:
        certificate_event_record(
            AuditAction.LICENCE_ASSIGNED,
            certificate,
            certificate.issuing_agency,
            licence_identifier=licence.identifier,
        )
    return licence


def licence_find(identifier: str) -> Licence | None:
    """The licence of ``identifier`` (any text: a malformed one is simply not found)."""
    if len(identifier) > LICENCE_IDENTIFIER_LENGTH:
        return None
    return (
        Licence.objects.select_related("certificate__application__organisation")
        .filter(identifier=identifier)
        .first()
    )


def _licence_type_describe(row: LicenceType | None) -> dict[str, str] | None:
    if row is None:
        return None
    return {"kind": row.kind, "code": row.code, "name": row.name, "source": row.source}


@transaction.atomic
@audit_appended_last
def licence_type_save(
    *, row: LicenceType, by: User, client_ip: str | None = None, delete: bool = False
) -> None:
    """The legal office's edit of a licence type code (the admin), audited with the row as it
    was and as it is; licences already issued keep their identifiers."""
    stored = LicenceType.objects.select_for_update().filter(pk=row.pk).first() if row.pk else None
    before = _licence_type_describe(stored)
    row_id = row.pk
    if delete:
        row.delete()
    else:
        row.save()
    configuration_record(
        AuditAction.CONFIGURATION_CHANGED,
        {"licence_type_id": row_id or row.pk},
        by=by,
        client_ip=client_ip,
        before=before,
        after=None if delete else _licence_type_describe(row),
    )
