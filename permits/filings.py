"""What the holder files against an obligation (product.md §17): the structured data each kind
asks for, checked field by field (pure: ``filing_data_clean``), and the filing itself
(``filing_create``, ``incident_report``): one transaction with its audit event, the photos
checked like every upload, the district agency told.

A filing is made once per owed obligation: the obligation's row is locked and must still be
owed, so a second submission of the same form (two tabs, a double click) finds it filed (409)
and creates nothing.
"""

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from audit.choices import AuditAction
from audit.trail import audit_appended_last
from core.errors import InvalidInput, NotVisible, Problem, StateConflict
from core.messages import (
    MSG_AREA_OVER_SITE,
    MSG_BOOLEAN,
    MSG_CHOICE,
    MSG_COMPARTMENT_TWICE,
    MSG_COMPARTMENT_UNKNOWN,
    MSG_DATE,
    MSG_ESCAPE_DETAILS,
    MSG_FUTURE,
    MSG_INCIDENT,
    MSG_INCIDENT_KIND,
    MSG_LIST,
    MSG_NOT_HOLDER,
    MSG_NOT_NEGATIVE,
    MSG_NOT_SUPERVISED,
    MSG_NUMBER,
    MSG_OBLIGATION_CLOSED,
    MSG_PERCENT,
    MSG_REQUIRED_FILINGS,
    MSG_TOO_LONG,
    MSG_TOO_MANY_PERMITS,
    MSG_TOO_MANY_PHOTOS,
    MSG_UNKNOWN_FIELD_FILINGS,
    MSG_WHOLE,
)

from . import access
from .choices import (
    INCIDENT_STATUSES,
    OWED_OBLIGATION_STATUSES,
    REPORTABLE_STATUSES,
    AttachmentKind,
    Kind,
    NotificationKind,
    ObligationKind,
    ObligationStatus,
    OperationType,
)
from .models import Application, Filing, Obligation
from .notifications import notify
from .obligations import basis_for
from .services import (
    _applicant_addition_record,
    application_relock,
    attachments_cited,
    attachments_store,
)
from .uploads import Upload

MAX_TEXT = 2000
MAX_PARCELS = 200
MAX_PHOTOS = 10
MAX_COUNT = 10_000_000


class Containment(str):
    """Containment of what escaped (product.md §17 A5)."""

    CHOICES = ("contained", "partly_contained", "not_contained")


# ---- One field at a time --------------------------------------------------------------------
Errors = list[Problem]


def _text(data: Mapping[str, Any], key: str, errors: Errors, *, required: bool = True) -> str:
    value = data.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors.append(Problem(f"data.{key}", "required", str(MSG_REQUIRED_FILINGS)))
        return ""
    if not isinstance(value, str):
        errors.append(Problem(f"data.{key}", "invalid", str(MSG_REQUIRED_FILINGS)))
        return ""
    if len(value) > MAX_TEXT:
        errors.append(Problem(f"data.{key}", "too_long", str(MSG_TOO_LONG) % {"max": MAX_TEXT}))
        return ""
    if "\x00" in value or not _encodable(value):
        errors.append(Problem(f"data.{key}", "invalid", str(MSG_REQUIRED_FILINGS)))
        return ""
    return value.strip()


def _encodable(value: str) -> bool:
    """Text a database keeps: encodable as UTF-8 (no lone surrogate)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _decimal(
    value: Any, field: str, errors: Errors, *, maximum: Decimal | None = None, percent: bool = False
) -> Decimal | None:
    if value is None or value == "":
        errors.append(Problem(field, "required", str(MSG_REQUIRED_FILINGS)))
        return None
    if isinstance(value, bool):
        errors.append(Problem(field, "invalid", str(MSG_NUMBER)))
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        errors.append(Problem(field, "invalid", str(MSG_NUMBER)))
        return None
    if not number.is_finite() or abs(number) > Decimal("1e9"):
        errors.append(Problem(field, "invalid", str(MSG_NUMBER)))
        return None
    if number < 0:
        errors.append(Problem(field, "negative", str(MSG_NOT_NEGATIVE)))
        return None
    if percent and number > 100:
        errors.append(Problem(field, "out_of_range", str(MSG_PERCENT)))
        return None
    if maximum is not None and number > maximum:
        errors.append(Problem(field, "over_site", str(MSG_AREA_OVER_SITE) % {"area": maximum}))
        return None
    return number.quantize(Decimal("0.0001")) if not percent else number.quantize(Decimal("0.1"))


def _count(value: Any, field: str, errors: Errors) -> int | None:
    if value is None or value == "":
        errors.append(Problem(field, "required", str(MSG_REQUIRED_FILINGS)))
        return None
    try:
        number = int(str(value).strip()) if not isinstance(value, bool) else -1
    except ValueError:
        number = -1
    if number < 0 or number > MAX_COUNT:
        errors.append(Problem(field, "invalid", str(MSG_WHOLE)))
        return None
    return number


def _day(value: Any, field: str, errors: Errors, today: date) -> str | None:
    if value in (None, ""):
        errors.append(Problem(field, "required", str(MSG_REQUIRED_FILINGS)))
        return None
    try:
        day = date.fromisoformat(str(value).strip())
    except ValueError:
        errors.append(Problem(field, "invalid", str(MSG_DATE)))
        return None
    if day > today:
        errors.append(Problem(field, "future", str(MSG_FUTURE)))
        return None
    return day.isoformat()


def _boolean(value: Any, field: str, errors: Errors) -> bool | None:
    if isinstance(value, bool):
        return value
    if str(value).strip().lower() in ("true", "1", "yes", "on"):
        return True
    if str(value).strip().lower() in ("false", "0", "no", "off", ""):
        return False
    errors.append(Problem(field, "invalid", str(MSG_BOOLEAN)))
    return None


def _choice(value: Any, field: str, errors: Errors, choices: Sequence[str]) -> str:
    if value not in choices:
        errors.append(Problem(field, "invalid_choice", str(MSG_CHOICE)))
        return ""
    return str(value)


def _site_area(application: Application) -> Decimal | None:
    """The approved area (ha), the ceiling of any area filed."""
    area = getattr(application, "area_ha", None)
    return Decimal(str(area)) if area else None


# ---- Per kind -------------------------------------------------------------------------------
def _tending_parcel(
    parcel: Mapping[str, Any],
    at: str,
    approved: set[str],
    seen: set[str],
    site: Decimal | None,
    errors: Errors,
) -> dict[str, Any]:
    """One 小班 of a tending completion: an approved compartment named once, its area within the
    site, the operation, its intensity and the volume removed."""
    compartment = str(parcel.get("compartment") or "").strip()
    if not compartment:
        errors.append(Problem(f"{at}.compartment", "required", str(MSG_REQUIRED_FILINGS)))
    elif approved and compartment not in approved:
        errors.append(Problem(f"{at}.compartment", "not_approved", str(MSG_COMPARTMENT_UNKNOWN)))
    elif compartment in seen:
        errors.append(Problem(f"{at}.compartment", "duplicate", str(MSG_COMPARTMENT_TWICE)))
    seen.add(compartment)
    area = _decimal(parcel.get("area_ha"), f"{at}.area_ha", errors, maximum=site)
    operation = _choice(
        parcel.get("operation_type"),
        f"{at}.operation_type",
        errors,
        [o.value for o in OperationType],
    )
    intensity = _decimal(
        parcel.get("intensity_pct", 0) or 0, f"{at}.intensity_pct", errors, percent=True
    )
    volume = _decimal(parcel.get("volume_m3", 0) or 0, f"{at}.volume_m3", errors)
    return {
        "compartment": compartment,
        "area_ha": str(area) if area is not None else None,
        "operation_type": operation,
        "intensity_pct": str(intensity) if intensity is not None else None,
        "volume_m3": str(volume) if volume is not None else None,
    }


def _tending_completion(
    data: Mapping[str, Any], application: Application, errors: Errors, today: date
) -> dict[str, Any]:
    """Per 小班: the area treated, the operation done, its intensity, the volume removed."""
    approved = {str(c) for c in getattr(application, "compartments", None) or []}
    site = _site_area(application)
    parcels = data.get("parcels")
    clean: list[dict[str, Any]] = []
    if not isinstance(parcels, list) or not parcels:
        errors.append(Problem("data.parcels", "required", str(MSG_LIST)))
    elif len(parcels) > MAX_PARCELS:
        errors.append(
            Problem("data.parcels", "too_many", str(MSG_TOO_MANY_PERMITS) % {"max": MAX_PARCELS})
        )
    else:
        seen: set[str] = set()
        total = Decimal(0)
        for index, parcel in enumerate(parcels):
            at = f"data.parcels[{index}]"
            if not isinstance(parcel, Mapping):
                errors.append(Problem(at, "invalid", str(MSG_LIST)))
                continue
            row = _tending_parcel(parcel, at, approved, seen, site, errors)
            total += Decimal(row["area_ha"] or 0)
            clean.append(row)
        if site is not None and total > site:
            errors.append(
                Problem("data.parcels", "over_site", str(MSG_AREA_OVER_SITE) % {"area": site})
            )
    return {
        "completed_on": _day(data.get("completed_on"), "data.completed_on", errors, today),
        "parcels": clean,
    }


def _restoration_completion(
    data: Mapping[str, Any], application: Application, errors: Errors, today: date
) -> dict[str, Any]:
    site = _site_area(application)
    area = _decimal(data.get("area_ha"), "data.area_ha", errors, maximum=site)
    survival = _decimal(data.get("survival_pct"), "data.survival_pct", errors, percent=True)
    return {
        "completed_on": _day(data.get("completed_on"), "data.completed_on", errors, today),
        "measures": _text(data, "measures", errors),
        "area_ha": str(area) if area is not None else None,
        "species": _text(data, "species", errors),
        "survival_pct": str(survival) if survival is not None else None,
    }


def _escape(data: Mapping[str, Any], errors: Errors) -> dict[str, Any]:
    escaped = _boolean(data.get("escaped", False), "data.escaped", errors)
    clean: dict[str, Any] = {"escaped": escaped}
    if escaped:
        count = data.get("escape_count")
        place = data.get("escape_place")
        if count in (None, "") or not str(place or "").strip():
            errors.append(Problem("data.escape_count", "required", str(MSG_ESCAPE_DETAILS)))
        else:
            clean["escape_count"] = _count(count, "data.escape_count", errors)
            clean["escape_place"] = _text(data, "escape_place", errors)
    return clean


def _monitoring(
    data: Mapping[str, Any], application: Application, errors: Errors, today: date
) -> dict[str, Any]:
    return {
        "alive_count": _count(data.get("alive_count"), "data.alive_count", errors),
        **_escape(data, errors),
        "containment": _choice(
            data.get("containment"), "data.containment", errors, Containment.CHOICES
        ),
        "disposal": _text(data, "disposal", errors, required=False),
    }


def _annual_control(
    data: Mapping[str, Any], application: Application, errors: Errors, today: date
) -> dict[str, Any]:
    return {
        "alive_count": _count(data.get("alive_count"), "data.alive_count", errors),
        "escapes": _count(data.get("escapes", 0) or 0, "data.escapes", errors),
        "measures": _text(data, "measures", errors),
    }


def _escape_incident(
    data: Mapping[str, Any], application: Application, errors: Errors, today: date
) -> dict[str, Any]:
    return {
        "occurred_on": _day(data.get("occurred_on"), "data.occurred_on", errors, today),
        "escape_count": _count(data.get("escape_count"), "data.escape_count", errors),
        "escape_place": _text(data, "escape_place", errors),
        "containment": _choice(
            data.get("containment"), "data.containment", errors, Containment.CHOICES
        ),
        "measures": _text(data, "measures", errors),
    }


def _felling_permit(
    data: Mapping[str, Any], application: Application, errors: Errors, today: date
) -> dict[str, Any]:
    return {
        "permit_number": _text(data, "permit_number", errors)[:100],
        "issued_on": _day(data.get("issued_on"), "data.issued_on", errors, today),
        "issuing_agency": _text(data, "issuing_agency", errors)[:200],
    }


def _work_start(
    data: Mapping[str, Any], application: Application, errors: Errors, today: date
) -> dict[str, Any]:
    return {"started_on": _day(data.get("started_on"), "data.started_on", errors, today)}


Cleaner = Callable[[Mapping[str, Any], Application, Errors, date], dict[str, Any]]
CLEANERS: dict[str, Cleaner] = {
    ObligationKind.TENDING_COMPLETION: _tending_completion,
    ObligationKind.RESTORATION_COMPLETION: _restoration_completion,
    ObligationKind.MONITORING: _monitoring,
    ObligationKind.ANNUAL_CONTROL: _annual_control,
    ObligationKind.ESCAPE_INCIDENT: _escape_incident,
    ObligationKind.FELLING_PERMIT: _felling_permit,
    ObligationKind.WORK_START: _work_start,
}

# The fields each kind takes, for forms and the API's schema.
FIELDS: dict[str, tuple[str, ...]] = {
    ObligationKind.TENDING_COMPLETION: ("completed_on", "parcels"),
    ObligationKind.RESTORATION_COMPLETION: (
        "completed_on",
        "measures",
        "area_ha",
        "species",
        "survival_pct",
    ),
    ObligationKind.MONITORING: (
        "alive_count",
        "escaped",
        "escape_count",
        "escape_place",
        "containment",
        "disposal",
    ),
    ObligationKind.ANNUAL_CONTROL: ("alive_count", "escapes", "measures"),
    ObligationKind.ESCAPE_INCIDENT: (
        "occurred_on",
        "escape_count",
        "escape_place",
        "containment",
        "measures",
    ),
    ObligationKind.FELLING_PERMIT: ("permit_number", "issued_on", "issuing_agency"),
    ObligationKind.WORK_START: ("started_on",),
}


def filing_data_clean(
    kind: str, data: Any, application: Application, today: date | None = None
) -> dict[str, Any]:
    """The filing's data as kept, or ``InvalidInput`` naming every field that is wrong."""
    today = today or timezone.localdate()
    if not isinstance(data, Mapping):
        raise InvalidInput(problems=[Problem("data", "invalid", str(MSG_REQUIRED_FILINGS))])
    errors: Errors = []
    unknown = sorted(str(k) for k in data if k not in FIELDS[kind])
    errors += [
        Problem(f"data.{k}"[:80], "unknown", str(MSG_UNKNOWN_FIELD_FILINGS)) for k in unknown[:5]
    ]
    clean = CLEANERS[kind](data, application, errors, today)
    if errors:
        raise InvalidInput(problems=errors)
    return clean


# ---- The filing -----------------------------------------------------------------------------
def obligation_visible(*, user: Any, obligation_id: int | str) -> Obligation:
    """The obligation if its application is visible to ``user`` (else ``NotVisible``: 404)."""
    obligation = (
        Obligation.objects.select_related("application").filter(pk=obligation_id).first()
        if str(obligation_id).isdigit()
        else None
    )
    if obligation is None or not access.can_see_application(user, obligation.application):
        raise NotVisible()
    return obligation


def _photos_check(uploads: Sequence[Upload]) -> None:
    if len(uploads) > MAX_PHOTOS:
        raise InvalidInput(
            problems=[Problem("photos", "too_many", str(MSG_TOO_MANY_PHOTOS) % {"max": MAX_PHOTOS})]
        )


def _file(
    detail: Application,
    obligation: Obligation,
    by: User,
    data: dict[str, Any],
    note: str,
    uploads: Sequence[Upload],
    client_ip: str | None,
) -> Filing:
    filing = Filing.objects.create(
        obligation=obligation, filed_by=by, data=data, note=(note or "").strip()[:MAX_TEXT]
    )
    stored = attachments_store(
        application=detail, by=by, kind=AttachmentKind.PHOTO, uploads=uploads
    )
    filing.attachments.set(stored)
    obligation.status = ObligationStatus.FILED
    obligation.save(update_fields=["status"])
    _applicant_addition_record(
        AuditAction.REPORT_FILED,
        detail,
        by,
        client_ip,
        opinion=filing.note,
        details={
            "obligation_id": obligation.pk,
            "filing_id": filing.pk,
            "kind": obligation.kind,
            "sequence": obligation.sequence,
            "due_date": obligation.due_date.isoformat(),
            "data": data,
            "attachments": attachments_cited(stored),
        },
    )
    return filing


@transaction.atomic
@audit_appended_last
def filing_create(
    *,
    obligation_id: int | str,
    by: User,
    data: Any,
    note: str = "",
    uploads: Sequence[Upload] = (),
    client_ip: str | None = None,
) -> Filing:
    """The holder files against an owed obligation (404 unseen, 403 not the holder, 409 not
    owed or the permit not supervised, 400 a field or a photo refused: nothing is kept)."""
    obligation = obligation_visible(user=by, obligation_id=obligation_id)
    access.require(access.can_edit_application(by, obligation.application), MSG_NOT_HOLDER)
    detail = application_relock(obligation.application)
    obligation = Obligation.objects.select_for_update().get(pk=obligation.pk)
    if detail.status not in REPORTABLE_STATUSES:
        raise StateConflict.on("not_supervised", MSG_NOT_SUPERVISED)
    if obligation.status not in OWED_OBLIGATION_STATUSES:
        raise StateConflict.on("not_owed", MSG_OBLIGATION_CLOSED)
    clean = filing_data_clean(obligation.kind, data, detail)
    _photos_check(uploads)
    # The district agency's reviewers are told by their review task (``supervision``).
    return _file(detail, obligation, by, clean, note, uploads, client_ip)


@transaction.atomic
@audit_appended_last
def incident_report(
    *,
    application: Application,
    by: User,
    data: Any,
    note: str = "",
    uploads: Sequence[Upload] = (),
    client_ip: str | None = None,
) -> Filing:
    """An escape, reported by the holder at any time, even after the monitoring period
    (product.md §17 A5): an obligation of its own, filed at once; the district agency, the
    habitat's consulted agencies and the heads are told at once."""
    access.require(access.can_edit_application(by, application), MSG_NOT_HOLDER)
    detail = application_relock(application)
    if detail.kind != Kind.INTRODUCTION:
        raise InvalidInput(problems=[Problem(None, "not_introduction", str(MSG_INCIDENT_KIND))])
    if detail.status not in INCIDENT_STATUSES:
        raise StateConflict.on("not_supervised", MSG_NOT_SUPERVISED)
    clean = filing_data_clean(ObligationKind.ESCAPE_INCIDENT, data, detail)
    _photos_check(uploads)
    last = Obligation.objects.filter(
        application_id=detail.pk, kind=ObligationKind.ESCAPE_INCIDENT
    ).aggregate(last=Max("sequence"))["last"]
    obligation = Obligation.objects.create(
        application=detail,
        kind=ObligationKind.ESCAPE_INCIDENT,
        sequence=(last or 0) + 1,
        due_date=timezone.localdate(),
        basis=basis_for(ObligationKind.ESCAPE_INCIDENT, detail.jurisdiction_id),
    )
    filing = _file(detail, obligation, by, clean, note, uploads, client_ip)
    message = str(MSG_INCIDENT).format(
        reference=detail.reference, count=clean["escape_count"], place=clean["escape_place"]
    )
    notify(
        recipients=access.incident_recipients(detail),
        kind=NotificationKind.FILING,
        message=message,
        application=detail,
    )
    return filing
