"""Filing a report: anyone, no account, every problem of the input at once; the handling
agencies told in the same transaction."""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import shapely
from django.db import IntegrityError, transaction
from django.utils import timezone
from shapely.geometry.base import BaseGeometry

from audit.canonical import canonical_json
from audit.choices import AuditAction
from audit.trail import audit_appended_last
from core import jsonsafe
from core.errors import InvalidInput, Problem
from core.messages import (
    MSG_CONTACT_LONG,
    MSG_DESCRIPTION,
    MSG_DESCRIPTION_LONG,
    MSG_DISTRICT_UNKNOWN_PUBLIC,
    MSG_KIND_PUBLIC,
    MSG_TOLD_RECEIVED,
)
from core.pii import pii_index
from permits.choices import NotificationKind
from permits.obligations import standard_of
from permits.uploads import Upload
from roles.models import Agency, District
from workflows.deadlines import add_working_days
from workflows.services import required_text

from ..models import CONTACT_INDEX_PURPOSE, Report, ReportKind
from ._common import ReportAct, _tell_agencies
from .agencies import agencies_for
from .photos import _Checked, _photos_store, photos_checked
from .place import _district, _geometry
from .screening import report_screening
from .tracking import tracking_code_new

DESCRIPTION_MAX = 2000
CONTACT_MAX = 100


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class _Filing:
    """A report's input once every check passed."""

    kind: str
    text: str
    contact: str
    site: BaseGeometry
    district: District
    lead: Agency
    also: Agency | None
    photos: list[_Checked]


def _filing_clean(
    kind: object,
    description: object,
    site_geometry: object,
    district: object,
    contact: object,
    uploads: Sequence[Upload],
) -> _Filing:
    """What is filed, or every problem of the input at once (400)."""
    problems: list[Problem] = []
    if not isinstance(kind, str) or kind not in ReportKind.values:
        problems.append(Problem("kind", "invalid", str(MSG_KIND_PUBLIC)))
    text, found = required_text(
        description,
        "description",
        MSG_DESCRIPTION,
        limit=DESCRIPTION_MAX,
        too_long=MSG_DESCRIPTION_LONG,
    )
    problems += found
    reach, found = required_text(
        contact, "contact", None, limit=CONTACT_MAX, too_long=MSG_CONTACT_LONG
    )
    problems += found
    site, found = _geometry(site_geometry)
    problems += found
    where, found = _district(district, site)
    problems += found
    checked, found = photos_checked(uploads)  # the headers only: nothing decoded yet
    problems += found
    lead = also = None
    if where is not None:
        lead, also = agencies_for(where, str(kind))
        if lead is None:
            problems.append(Problem("district", "invalid", str(MSG_DISTRICT_UNKNOWN_PUBLIC)))
    if problems:
        raise InvalidInput(problems=problems)
    # Decoding costs the most: it happens after the commit, off the request (_photos_store).
    photos = checked
    assert site is not None and where is not None and lead is not None
    return _Filing(str(kind), text, reach, site, where, lead, also, photos)


@transaction.atomic
@audit_appended_last
def report_file(
    *,
    kind: object,
    description: object,
    site_geometry: object,
    district: object = None,
    contact: object = "",
    uploads: Sequence[Upload] = (),
    today: date | None = None,
) -> Report:
    """File a report from anyone (no account): every problem of the input at once (400), nothing
    stored when one is found. The handling agencies are told in the same transaction."""
    today = today or timezone.localdate()
    filing = _filing_clean(kind, description, site_geometry, district, contact, uploads)
    standard = standard_of(filing.district.jurisdiction_id)
    geometry = shapely.geometry.mapping(filing.site)
    report = _create(
        kind=filing.kind,
        description=filing.text,
        site_geometry=jsonsafe_geometry(geometry),
        district=filing.district,
        agency=filing.lead,
        also_agency=filing.also,
        contact=filing.contact,
        contact_index=pii_index(filing.contact, CONTACT_INDEX_PURPOSE),
        due_on=add_working_days(today, standard.report_working_days),
        screening=report_screening(filing.site, today),
    )
    received = _photos_store(report, filing.photos)
    _received_record(report, filing, received)
    _tell_agencies(
        report,
        MSG_TOLD_RECEIVED,
        NotificationKind.PUBLIC_REPORT,
        kind=report.get_kind_display(),
        district=filing.district.name,
        due=report.due_on.isoformat(),
        number=report.pk,
    )
    return report


def _received_record(report: Report, filing: _Filing, photos: list[str]) -> None:
    """The audit event of a report received: hashes of what it says and where and of the
    photos as received, never the contact (only that one was given)."""
    # Nobody's act (no account, no role), from no status: the report did not exist before.
    ReportAct(None, filing.lead, "", report=report).record(
        AuditAction.REPORT_RECEIVED,
        details={
            "report_id": report.pk,
            "kind": report.kind,
            "district": filing.district.code,
            "agencies": [a.code for a in (filing.lead, filing.also) if a is not None],
            "due_on": report.due_on.isoformat(),
            "description_sha256": _sha256(filing.text),
            "site_sha256": hashlib.sha256(canonical_json(report.site_geometry)).hexdigest(),
            "photos": photos,
            "contact_given": bool(filing.contact),
        },
    )


def jsonsafe_geometry(geometry: Any) -> dict[str, Any]:
    """Shapely's mapping as plain JSON (lists, not tuples)."""
    value = jsonsafe.loads(canonical_json(geometry))
    assert isinstance(value, dict)
    return value


def _create(**fields: Any) -> Report:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Report.objects.create(tracking_code=tracking_code_new(), **fields)
        except IntegrityError:  # the same code drawn twice: 1 in 2**60
            continue
    raise IntegrityError("no free tracking code")
