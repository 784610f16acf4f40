"""The acts of the 森林督查 on a patch (issue 48 items 3 and 4), each one transaction with its
audit event (``PatchAct``, an ``permits.acts.Act`` on no application), its notification and,
where it decides, its number:

- ``patches_assign``: the system assigns a matched layer's patches to their districts' forestry
  agencies with the jurisdiction's deadline (``WatchStandard.verification_days``);
- ``patch_verify``: two or more of the agency's staff record the field result (position,
  photos checked as a public report's are, the change found, the permit found, the area);
- ``patch_send_on``: a patch outside the district is sent on to the right district's agency;
- ``patch_close``: the head closes a verified patch with its outcome and findings, numbered.

``patch_closed`` is the one hook point after a close: the enforcement case an unlawful or
exceeded outcome opens is to be called from there (issue 48 item 5; ``case`` stays null until
then)."""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from audit.choices import AuditAction
from audit.trail import audit_appended_last, display_name
from core.errors import InvalidInput, NotVisible, Problem, StateConflict
from core.messages import (
    MSG_PATCH_AREA,
    MSG_PATCH_CHANGE_TYPE,
    MSG_PATCH_CHECKED_BEFORE,
    MSG_PATCH_CHECKED_ON,
    MSG_PATCH_CLOSED,
    MSG_PATCH_FINDING,
    MSG_PATCH_FINDINGS,
    MSG_PATCH_INSPECTORS,
    MSG_PATCH_NOT_ASSIGNED,
    MSG_PATCH_NOT_HEAD,
    MSG_PATCH_NOT_STAFF,
    MSG_PATCH_NOT_VERIFIED,
    MSG_PATCH_NOT_VERIFIER,
    MSG_PATCH_OUTCOME,
    MSG_PATCH_PERMIT,
    MSG_PATCH_POSITION,
    MSG_PATCH_SEND_DISTRICT,
    MSG_PATCH_SEND_REASON,
    MSG_PATCH_VERIFIED_ALREADY,
    MSG_PHOTO_TYPE,
    MSG_TOLD_PATCH_CLOSED,
    MSG_TOLD_PATCH_SENT,
    MSG_TOLD_PATCH_VERIFIED,
    MSG_TOLD_PATCHES_ASSIGNED,
)
from enforcement.models import Case, CaseSource
from enforcement.services import TEXT_MAX as CASE_TEXT_MAX
from enforcement.services import case_open
from permits import access as permits_access
from permits.acts import SYSTEM_ROLE, Act
from permits.choices import PERMIT_STATUSES, NotificationKind
from permits.models import Application
from permits.notifications import notify
from permits.numbers import document_number_allocate
from permits.uploads import Upload
from public.reports.photos import PHOTO_TYPES, photos_checked, picture_only
from roles.models import Agency, AgencyKind, AgencyLevel, District, Jurisdiction, Role
from workflows.services import day_of, required_text
from workflows.services.sitechecks import staff_named
from zones.geo import GeometryRefused, point_from_geojson

from . import access
from .choices import ChangeType, Outcome, PatchStatus
from .models import Patch, PatchLayer, Verification, VerificationPhoto, WatchStandard
from .selectors import patches_visible_to

MAX_MEASURED_HA = Decimal("1000000")
# The closing number's character after the agency's abbreviation (密园林督〔2026〕0001号).
CLOSING_MARK = "督"


@dataclass(frozen=True)
class PatchAct(Act):
    """An act on a patch: the statuses it records are the patch's; its event names the patch
    in its details."""

    patch: Patch | None = None

    @classmethod
    def begin(
        cls,
        patch: Patch,
        by: User | None,
        agency: Agency | None,
        role: str,
        client_ip: str | None = None,
    ) -> "PatchAct":
        return cls(by, agency, role, None, client_ip, patch.status, patch)

    @property
    def status_now(self) -> str:
        return str(self.patch.status) if self.patch is not None else ""


def watch_standard(jurisdiction: Jurisdiction) -> WatchStandard:
    """The jurisdiction's figures, created with the defaults the first time they are read
    (then the bureau edits them in the admin)."""
    standard, _created = WatchStandard.objects.get_or_create(jurisdiction=jurisdiction)
    return standard


def district_forestry_agency(district_id: str | None) -> Agency | None:
    if district_id is None:
        return None
    return (
        Agency.objects.filter(
            kind=AgencyKind.FORESTRY, level=AgencyLevel.DISTRICT, district_id=district_id
        )
        .order_by("pk")
        .first()
    )


def _members(agency: Agency) -> QuerySet[User]:
    return permits_access.people_with_membership(
        memberships__agency_id=agency.pk, memberships__role__in=[Role.REVIEWER, Role.HEAD]
    )


def _details(patch: Patch, **more: Any) -> dict[str, Any]:
    return {"patch_id": patch.pk, "number": patch.number, "layer_id": patch.layer_id, **more}


@transaction.atomic
@audit_appended_last
def patches_assign(*, layer: PatchLayer, today: date | None = None) -> int:
    """The system assigns each pending patch of ``layer`` to its district's forestry agency,
    due ``verification_days`` after today; one event and one notification per agency."""
    today = today or timezone.localdate()
    due = today + timedelta(days=watch_standard(layer.jurisdiction).verification_days)
    pending = Patch.objects.filter(layer=layer, status=PatchStatus.PENDING)
    assigned = 0
    for district_id in sorted(set(pending.values_list("district_id", flat=True))):
        agency = district_forestry_agency(district_id)
        if agency is None:
            continue
        mine = pending.filter(district_id=district_id)
        count = mine.update(agency=agency, due_date=due, status=PatchStatus.ASSIGNED)
        assigned += count
        act = Act(None, agency, SYSTEM_ROLE)
        act.record(
            AuditAction.PATCHES_ASSIGNED,
            to_status=PatchStatus.ASSIGNED,
            details={
                "layer_id": layer.pk,
                "year": layer.year,
                "district": district_id,
                "patches": count,
                "due_date": due.isoformat(),
            },
        )
        notify(
            recipients=_members(agency),
            kind=NotificationKind.TASK_NEW,
            message=str(MSG_TOLD_PATCHES_ASSIGNED).format(
                count=count, year=layer.year, agency=agency.name, due=due.isoformat()
            ),
        )
    return assigned


def _locked(patch_id: int | str, by: User) -> Patch:
    """The patch, locked, if ``by`` reads it (else 404)."""
    try:
        visible = patches_visible_to(by).filter(pk=patch_id).exists()
    except (ValueError, TypeError):
        raise NotVisible() from None
    if not visible:
        raise NotVisible()
    return Patch.objects.select_for_update(of=("self",)).select_related("agency").get(pk=patch_id)


def _open(patch: Patch) -> None:
    if patch.status == PatchStatus.CLOSED:
        raise StateConflict.on("closed", MSG_PATCH_CLOSED)
    if patch.status == PatchStatus.PENDING or patch.agency is None:
        raise StateConflict.on("not_assigned", MSG_PATCH_NOT_ASSIGNED)


def _role(by: User, agency: Agency) -> str:
    reviews = permits_access.holds_agency_permission(by, access.REVIEW_PERMISSION, agency.pk)
    return Role.REVIEWER if reviews else Role.HEAD


@transaction.atomic
@audit_appended_last
def patch_verify(
    *,
    patch_id: int | str,
    by: User,
    checked_on: object,
    inspectors: object,
    change_type: object,
    finding: object,
    measured_area_ha: object,
    permit_reference: object = "",
    position: object = None,
    photos: Sequence[Upload] = (),
    client_ip: str | None = None,
    today: date | None = None,
) -> Patch:
    """Two or more of the assigned agency's staff record the field result: 404 unseen, 403 not
    its staff, 409 closed, unassigned or verified already, 400 with every problem."""
    patch = _verifiable(patch_id, by)
    clean, problems = _verification_clean(
        patch,
        checked_on,
        inspectors,
        change_type,
        finding,
        measured_area_ha,
        permit_reference,
        position,
        today or timezone.localdate(),
    )
    pictures, found = _pictures(photos)
    problems += found
    if problems:
        raise InvalidInput(problems=problems)
    assert patch.agency is not None
    act = PatchAct.begin(patch, by, patch.agency, _role(by, patch.agency), client_ip)
    people = clean.pop("people")
    verification, shas = _verification_apply(patch, by, clean, people, pictures)
    _verification_record(act, patch, verification, people, shas)
    return patch


def _verifiable(patch_id: int | str, by: User) -> Patch:
    """The patch, locked, if ``by`` may verify it (or send it on) and it waits for its
    verification (404, 403, 409)."""
    patch = _locked(patch_id, by)
    permits_access.require(access.may_verify(by, patch), MSG_PATCH_NOT_VERIFIER)
    _open(patch)
    if patch.status != PatchStatus.ASSIGNED:
        raise StateConflict.on("already_verified", MSG_PATCH_VERIFIED_ALREADY)
    return patch


def _verification_apply(
    patch: Patch,
    by: User,
    clean: dict[str, Any],
    people: list[User],
    pictures: list[tuple[str, bytes]],
) -> tuple[Verification, list[str]]:
    """The verification, its inspectors and its photos stored; the patch verified."""
    assert patch.agency is not None
    verification = Verification.objects.create(
        patch=patch, agency=patch.agency, recorded_by=by, **clean
    )
    verification.inspectors.set(people)
    shas = [_photo_store(verification, content_type, data) for content_type, data in pictures]
    patch.status = PatchStatus.VERIFIED
    patch.save(update_fields=["status"])
    return verification, shas


def _verification_record(
    act: PatchAct, patch: Patch, verification: Verification, people: list[User], shas: list[str]
) -> None:
    """The verification's audit event, and the agency's heads told."""
    assert patch.agency is not None
    act.record(
        AuditAction.PATCH_VERIFIED,
        opinion=verification.finding,
        details=_details(
            patch,
            verification_id=verification.pk,
            checked_on=verification.checked_on.isoformat(),
            inspectors=[p.username for p in people],
            change_type=verification.change_type,
            permit_reference=verification.permit_reference,
            measured_area_ha=str(verification.measured_area_ha),
            position=verification.position,
            photos=shas,
        ),
    )
    notify(
        recipients=permits_access.heads_of(patch.agency),
        kind=NotificationKind.INSPECTION_RESULT,
        message=str(MSG_TOLD_PATCH_VERIFIED).format(
            number=patch.number, finding=verification.finding[:200]
        ),
    )


def _verification_clean(
    patch: Patch,
    checked_on: object,
    inspectors: object,
    change_type: object,
    finding: object,
    measured_area_ha: object,
    permit_reference: object,
    position: object,
    today: date,
) -> tuple[dict[str, Any], list[Problem]]:
    assert patch.agency is not None
    problems: list[Problem] = []
    day = day_of(checked_on)
    if day is None or day > today:
        problems.append(Problem("checked_on", "invalid", str(MSG_PATCH_CHECKED_ON)))
    elif day < patch.before_date:  # a check before the change it verifies: a typing slip
        message = str(MSG_PATCH_CHECKED_BEFORE).format(day=patch.before_date.isoformat())
        problems.append(Problem("checked_on", "before_change", message))
    people, found = staff_named(
        inspectors, patch.agency.pk, too_few=MSG_PATCH_INSPECTORS, not_staff=MSG_PATCH_NOT_STAFF
    )
    problems += found
    if change_type not in ChangeType.values:
        problems.append(Problem("change_type", "invalid_choice", str(MSG_PATCH_CHANGE_TYPE)))
    text, found = required_text(finding, "finding", MSG_PATCH_FINDING)
    problems += found
    area = _area(measured_area_ha)
    if area is None:
        problems.append(Problem("measured_area_ha", "invalid", str(MSG_PATCH_AREA)))
    reference = permit_reference.strip() if isinstance(permit_reference, str) else ""
    if permit_reference not in (None, "") and not _permit_exists(patch, reference):
        problems.append(Problem("permit_reference", "unknown", str(MSG_PATCH_PERMIT)))
    point = _position(position, problems)
    return {
        "checked_on": day,
        "people": people,
        "inspector_names": [{"username": p.username, "name": display_name(p)} for p in people],
        "change_type": change_type if isinstance(change_type, str) else "",
        "finding": text,
        "measured_area_ha": area or Decimal(0),
        "permit_reference": reference[:40],
        "position": point,
    }, problems


def _area(value: object) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        area = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not (area.is_finite() and 0 < area <= MAX_MEASURED_HA):
        return None
    return area.quantize(Decimal("0.0001"))


def _permit_exists(patch: Patch, reference: str) -> bool:
    exists: bool = Application.objects.filter(
        reference=reference[:20],
        jurisdiction_id=patch.jurisdiction_id,
        status__in=PERMIT_STATUSES,
    ).exists()
    return exists


def _position(value: object, problems: list[Problem]) -> dict[str, Any] | None:
    """The device's position: a GeoJSON point, or its text (a multipart form's field)."""
    try:
        return point_from_geojson(value)
    except (GeometryRefused, ValueError, RecursionError):
        problems.append(Problem("position", "invalid", str(MSG_PATCH_POSITION)))
        return None


def _pictures(uploads: Sequence[Upload]) -> tuple[list[tuple[str, bytes]], list[Problem]]:
    """The photos checked as a public report's are (count, size, type, pixels from the header),
    then decoded into the picture alone; the problems of ``photos``."""
    checked, problems = photos_checked(list(uploads))
    if problems:
        return [], problems
    pictures = []
    for photo in checked:
        data = picture_only(photo.upload, photo.content_type)
        if data is None:
            return [], [Problem("photos", "unsupported_type", str(MSG_PHOTO_TYPE))]
        pictures.append((photo.content_type, data))
    return pictures, []


def _photo_store(verification: Verification, content_type: str, data: bytes) -> str:
    sha256 = hashlib.sha256(data).hexdigest()
    photo = VerificationPhoto(verification=verification, content_type=content_type, sha256=sha256)
    photo.file.save(f"{sha256[:20]}{PHOTO_TYPES[content_type]}", ContentFile(data), save=False)
    photo.save()
    return sha256


@transaction.atomic
@audit_appended_last
def patch_send_on(
    *,
    patch_id: int | str,
    by: User,
    district: object,
    reason: object,
    client_ip: str | None = None,
) -> Patch:
    """A patch outside the district is sent on to the forestry agency of the district it lies
    in, with the same deadline: 404 unseen, 403 not the assigned agency's staff, 409 closed or
    verified, 400 an unknown district or no reason."""
    patch = _verifiable(patch_id, by)
    assert patch.agency is not None
    problems: list[Problem] = []
    target = (
        District.objects.filter(pk=str(district)[:12], jurisdiction_id=patch.jurisdiction_id)
        .exclude(pk=patch.district_id)
        .first()
        if isinstance(district, str)
        else None
    )
    agency = district_forestry_agency(target.pk if target is not None else None)
    if agency is None:
        problems.append(Problem("district", "invalid", str(MSG_PATCH_SEND_DISTRICT)))
    text, found = required_text(reason, "reason", MSG_PATCH_SEND_REASON)
    problems += found
    if problems:
        raise InvalidInput(problems=problems)
    assert agency is not None and target is not None
    act = PatchAct.begin(patch, by, patch.agency, _role(by, patch.agency), client_ip)
    before = patch.district_id
    patch.district, patch.agency = target, agency
    patch.save(update_fields=["district", "agency"])
    act.record(
        AuditAction.PATCH_SENT_ON,
        opinion=text,
        details=_details(patch, from_district=before, to_district=target.pk, to_agency=agency.code),
    )
    notify(
        recipients=_members(agency),
        kind=NotificationKind.TASK_NEW,
        message=str(MSG_TOLD_PATCH_SENT).format(
            number=patch.number, agency=agency.name, reason=text[:200]
        ),
    )
    return patch


@transaction.atomic
@audit_appended_last
def patch_close(
    *,
    patch_id: int | str,
    by: User,
    outcome: object,
    findings: object,
    client_ip: str | None = None,
) -> Patch:
    """The head of the assigned agency closes a verified patch with its outcome and findings,
    under a closing number: 404 unseen, 403 not its head, 409 closed or not verified, 400 an
    unknown outcome or no findings. Then ``patch_closed``, in the same transaction."""
    patch = _locked(patch_id, by)
    permits_access.require(access.may_close(by, patch), MSG_PATCH_NOT_HEAD)
    _open(patch)
    if patch.status != PatchStatus.VERIFIED:
        raise StateConflict.on("not_verified", MSG_PATCH_NOT_VERIFIED)
    assert patch.agency is not None
    problems: list[Problem] = []
    if outcome not in Outcome.values:
        problems.append(Problem("outcome", "invalid_choice", str(MSG_PATCH_OUTCOME)))
    text, found = required_text(findings, "findings", MSG_PATCH_FINDINGS)
    problems += found
    if problems:
        raise InvalidInput(problems=problems)
    act = PatchAct.begin(patch, by, patch.agency, Role.HEAD, client_ip)
    patch.outcome, patch.findings = str(outcome), text
    patch.closing_number = document_number_allocate(
        prefix=patch.agency.document_prefix + CLOSING_MARK
    )
    patch.status, patch.closed_by, patch.closed_at = PatchStatus.CLOSED, by, timezone.now()
    patch.save(
        update_fields=["outcome", "findings", "closing_number", "status", "closed_by", "closed_at"]
    )
    act.record(
        AuditAction.PATCH_CLOSED,
        opinion=text,
        details=_details(patch, outcome=patch.outcome, closing_number=patch.closing_number),
    )
    notify(
        recipients=_members(patch.agency),
        kind=NotificationKind.DECIDED,
        message=str(MSG_TOLD_PATCH_CLOSED).format(
            number=patch.number, outcome=patch.get_outcome_display(), closing=patch.closing_number
        ),
    )
    patch_closed(patch=patch, act=act)
    return patch


# The outcomes that are an offence to be decided by law (issue 48 item 4): an enforcement case
# opened from the patch (a referral's too: the case records what the police are sent).
CASE_OUTCOMES = frozenset({Outcome.UNLAWFUL, Outcome.EXCEEDS_PERMIT, Outcome.REFERRED})


def patch_closed(*, patch: Patch, act: PatchAct) -> None:
    """What follows a patch's close, in its transaction: an ``unlawful``, ``exceeds_permit`` or
    ``referred`` outcome opens the enforcement case (``enforcement.services.case_open``, the
    patch its source and the assigned agency its agency; one case a patch, however often
    asked)."""
    if patch.outcome not in CASE_OUTCOMES or act.by is None:
        return
    case_open(
        source=CaseSource.PATCH,
        source_id=patch.pk,
        facts=f"{patch.number}：{patch.findings}"[:CASE_TEXT_MAX],
        by=act.by,
        agency=patch.agency,
        client_ip=act.client_ip,
    )


def patch_case(patch: Patch) -> dict[str, Any] | None:
    """The enforcement case opened from ``patch`` as the contract writes it (``{"id",
    "number"}``), None while none is. Read from the list's annotation where there is one
    (``selectors.patches_visible_to``), else asked."""
    if hasattr(patch, "case_pk"):
        pk, number = patch.case_pk, getattr(patch, "case_number", "")
    else:
        row = (
            Case.objects.filter(source=CaseSource.PATCH, source_id=str(patch.pk))
            .values_list("pk", "number")
            .first()
        )
        pk, number = row if row is not None else (None, "")
    return None if pk is None else {"id": pk, "number": number}
