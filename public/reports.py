"""Reports from the public (product.md §19 P2; 行政许可法 第六十五条; 001 三(五) 举报电话; 004 二6
擅自引进、释放、丢弃外来物种; 002 (二十一) 接诉即办; docs/legal-basis.md "Reports from the public").

Anyone may file a report, with or without a contact, a point or an area, and up to three photos
(PNG or JPEG by content). It gets a random tracking code (60 bits: not guessable, so a status
lookup tells nothing of any other report) and is screened at once against the permits on the
land and the zones. It is the district forestry agency's to handle (and the district
agriculture agency's too for an alien species) within the jurisdiction's working days
(``SupervisionStandard.report_working_days``): a site check by two or more of its staff, then an
outcome. A breach of a permit orders its correction (§17 A6, ``rectification_order``); an act
without a permit opens an enforcement case, referred to the public security authority where it
may be a crime. The reporter reads the status and the outcome with the code, nothing else.

The reporter's contact is read by the handling agencies only: the audit trail records that one
was given, never what it is, and no address (an anonymous report stays anonymous in every
export); the text and the site are recorded by their SHA-256.
"""

import hashlib
import io
import re
import secrets
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

import shapely
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from shapely.geometry.base import BaseGeometry

from audit.canonical import canonical_json
from audit.choices import AuditAction
from audit.trail import audit_appended_last, audit_record, display_name
from core import jsonsafe
from core.errors import InvalidInput, NotAllowed, NotVisible, Problem, StateConflict
from core.localtime import local_iso
from permits import access
from permits.choices import NotificationKind, Status
from permits.models import Application, SiteScreening
from permits.notifications import notify
from permits.obligations import standard_of
from permits.screening import IN_REVIEW
from permits.services import application_relock
from permits.uploads import Upload, detect_content_type
from roles.models import Agency, AgencyKind, AgencyLevel, District, Role
from supervision.rectifications import rectification_order
from workflows.deadlines import add_working_days
from workflows.selectors import site_check_inspectors
from workflows.services import day_of, required_text
from workflows.services.sitechecks import staff_named
from zones.geo import (
    JURISDICTION_EXTENT,
    SITE_TYPES,
    GeometryRefused,
    area_ha,
    geometry_from_geojson,
)
from zones.index import layer_index

from .models import (
    EnforcementCase,
    Report,
    ReportKind,
    ReportOutcome,
    ReportPhoto,
    ReportStatus,
)

# Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand survives.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12  # 60 bits
CODE_GROUP = 4
DESCRIPTION_MAX = 2000
CONTACT_MAX = 100
PHOTOS_MAX = 3
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_TYPES = {"image/jpeg": ".jpg", "image/png": ".png"}
PHOTO_MAX_PIXELS = 40_000_000  # a 40-megapixel photo: more is a decompression bomb
# A report names a place, not a region: an area larger than this is refused.
AREA_MAX_HA = 10_000
CORNERS_MAX = 500
SCREENED_MAX = 20  # of each kind, in the frozen screening
REVIEW_PERMISSION = "roles.review_for_agency"
HEAD_PERMISSION = "roles.head_of_agency"
# Permits that hold the land now (a temporary use not yet restored still does, §17 A4).
ON_THE_LAND = (
    Status.APPROVED,
    Status.NON_COMPLIANT,
    Status.USE_ENDED,
    Status.RESTORATION_OVERDUE,
)
OPEN_STATUSES = (ReportStatus.RECEIVED, ReportStatus.SITE_CHECKED)

MSG_KIND = _("Choose what kind of harm you saw.")
MSG_DESCRIPTION = _("Say what you saw: where, when and what is happening.")
MSG_DESCRIPTION_LONG = _("Keep the description under 2000 characters.")
MSG_CONTACT_LONG = _("Keep the contact under 100 characters.")
MSG_SITE = _("Mark the place on the map: a point or an area.")
MSG_SITE_OUTSIDE = _("The place is outside Beijing and Tianjin, which this service covers.")
MSG_SITE_TOO_LARGE = _("The area is too large: mark the place itself (at most 10000 hectares).")
MSG_DISTRICT = _("Choose the district where the place is.")
MSG_DISTRICT_UNKNOWN = _("No forestry agency of this district receives reports here.")
MSG_DISTRICT_ELSEWHERE = _("The place is not in the jurisdiction of the district chosen.")
MSG_DISTRICT_NOT_HERE = _(
    "The place lies on forest sub-compartments of {districts}, not of the district chosen: "
    "choose that district."
)
MSG_TOO_MANY_CORNERS = _("Mark the place with at most 500 corners.")
MSG_PHOTOS_MANY = _("Send at most 3 photos.")
MSG_PHOTO_LARGE = _("Each photo must be at most 5 MB.")
MSG_PHOTO_TYPE = _("Only photos (JPEG or PNG) are accepted; the content of this file is neither.")
MSG_NOT_HANDLING = _("Only the reviewers and heads of the agencies handling the report act on it.")
MSG_ALREADY_CHECKED = _("The site check of this report is recorded already.")
MSG_CLOSED = _("This report is closed.")
MSG_CHECK_FIRST = _("Record the site check by two or more staff before closing the report.")
MSG_CHECKED_ON = _("Give the day of the check (YYYY-MM-DD): not later than today.")
MSG_CHECKED_BEFORE = _("The check cannot be before the report was received.")
MSG_FINDINGS = _("Write down what the check found.")
MSG_OUTCOME = _("Choose the outcome: unfounded, permit breach, no permit or referred.")
MSG_CLOSE_FINDINGS = _("Say what was found and why this is the outcome.")
MSG_PERMIT_REQUIRED = _("Name the permit whose terms were breached.")
MSG_PERMIT_NOT_HERE = _(
    "Not a permit in force that one of the handling agencies issued and you act for."
)
MSG_PERMIT_ONLY_BREACH = _("A permit and its correction are named only with a permit breach.")
MSG_ORDER = _(
    "Say what the holder must correct: it is printed on the rectification notice (say nothing "
    "there of the report or the reporter)."
)
MSG_REFERRAL_BY_HEAD = _(
    "A referral to the public security authority is approved by the head of the agency "
    "(Provisions on the Transfer of Suspected Criminal Cases by Administrative Law Enforcement "
    "Organs, art. 5)."
)
MSG_TOLD_RECEIVED = _(
    "A report from the public ({kind}) in {district} is for your agency: check the site and close "
    "it by {due} (report no. {number})."
)
MSG_TOLD_CLOSED = _("Report from the public no. {number} was closed: {outcome}.")
MSG_TOLD_LATE = _(
    "Report from the public no. {number} ({kind}, {district}) was due by {due} and is not closed."
)


# --------------------------------------------------------------------------- tracking codes


def tracking_code_new() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + CODE_GROUP] for i in range(0, CODE_LENGTH, CODE_GROUP))


def tracking_code_normal(value: object) -> str | None:
    """A code as typed (any case, with or without hyphens and spaces, O for 0 and I or L for 1)
    in its stored form, or None when it cannot be one."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    text = re.sub(r"[\s\-]", "", value).upper().translate(str.maketrans("OIL", "011"))
    if len(text) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in text):
        return None
    return "-".join(text[i : i + CODE_GROUP] for i in range(0, CODE_LENGTH, CODE_GROUP))


# --------------------------------------------------------------------------- who handles


def reports_visible_to(user: Any) -> QuerySet[Report]:
    """The reports of the agencies ``user`` handles them for; nobody else's, none to others."""
    ids = access.report_handling_agency_ids(user)
    if not ids:
        return Report.objects.none()
    return Report.objects.filter(Q(agency_id__in=ids) | Q(also_agency_id__in=ids)).select_related(
        "district", "agency", "also_agency"
    )


def report_get_visible(user: Any, pk: int | str) -> Report:
    try:
        return reports_visible_to(user).prefetch_related("photos").get(pk=pk)
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


def _locked(report_id: int | str, by: User) -> Report:
    try:
        visible = reports_visible_to(by).filter(pk=report_id).exists()
    except (ValueError, TypeError):
        raise NotVisible() from None
    if not visible:
        raise NotVisible()
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("district", "agency", "also_agency")
        .get(pk=report_id)
    )


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


# --------------------------------------------------------------------------- filing


def _geometry(value: object) -> tuple[BaseGeometry | None, list[Problem]]:
    if isinstance(value, str):
        if not value.strip():
            return None, [Problem("site_geometry", "required", str(MSG_SITE))]
        try:
            value = jsonsafe.loads(value)
        except ValueError:
            return None, [Problem("site_geometry", "invalid", str(MSG_SITE))]
    if not value:
        return None, [Problem("site_geometry", "required", str(MSG_SITE))]
    try:
        site = geometry_from_geojson(value, types=SITE_TYPES)
    except GeometryRefused as refused:
        return None, [Problem("site_geometry", refused.code, str(refused))]
    west, south, east, north = site.bounds
    inside = any(
        w <= west and s <= south and east <= e and north <= n
        for w, s, e, n in JURISDICTION_EXTENT.values()
    )
    if not inside:
        return None, [Problem("site_geometry", "outside", str(MSG_SITE_OUTSIDE))]
    if shapely.get_num_coordinates(site) > CORNERS_MAX:
        return None, [Problem("site_geometry", "too_many_corners", str(MSG_TOO_MANY_CORNERS))]
    if site.geom_type != "Point" and area_ha(site) > AREA_MAX_HA:
        return None, [Problem("site_geometry", "too_large", str(MSG_SITE_TOO_LARGE))]
    return site, []


def _district(value: object, site: BaseGeometry | None) -> tuple[District | None, list[Problem]]:
    """The district named, else the one whose 小班 the site touches."""
    code = value.strip() if isinstance(value, str) else ""
    if not code and site is not None:
        hits = layer_index().parcel_hits(site)
        found = {hit.item.district for hit in hits}
        if len(found) == 1:
            code = found.pop()
    if not code:
        return None, [Problem("district", "required", str(MSG_DISTRICT))]
    district = (
        report_districts().select_related("jurisdiction").filter(code=code[:6]).first()
        if re.fullmatch(r"[0-9]{6}", code)
        else None
    )
    if district is None:
        return None, [Problem("district", "invalid", str(MSG_DISTRICT_UNKNOWN))]
    extent = JURISDICTION_EXTENT.get(district.jurisdiction_id)
    if site is not None and extent is not None:
        west, south, east, north = site.bounds
        w, s, e, n = extent
        if not (w <= west and s <= south and east <= e and north <= n):
            return None, [Problem("district", "elsewhere", str(MSG_DISTRICT_ELSEWHERE))]
    if site is not None:
        # The registry knows which district a 小班 is in: a place on another district's 小班
        # (and on none of this one's) is that district's (a report sent to the wrong agency
        # would show the reporter's contact to it).
        found = {hit.item.district for hit in layer_index().parcel_hits(site)}
        if found and district.code not in found:
            names = "、".join(
                District.objects.filter(code__in=found)
                .order_by("code")
                .values_list("name", flat=True)
            )
            message = str(MSG_DISTRICT_NOT_HERE).format(districts=names or "、".join(sorted(found)))
            return None, [Problem("district", "elsewhere", message)]
    return district, []


def _photos(uploads: Sequence[Upload]) -> tuple[list[tuple[bytes, str, str]], list[Problem]]:
    """Each photo as it is kept, with its type and SHA-256, or the problems of ``photos``. A
    photo is decoded and written again (Pillow): what is kept holds the picture only, never the
    camera's metadata (the place and time it was taken, the phone, the owner's name), which
    could name an anonymous reporter; a file that does not decode as the image its first bytes
    claim is refused."""
    if len(uploads) > PHOTOS_MAX:
        return [], [Problem("photos", "too_many", str(MSG_PHOTOS_MANY))]
    checked, problems = [], []
    for upload in uploads:
        size = upload.size or 0
        if size > PHOTO_MAX_BYTES:
            problems.append(Problem("photos", "too_large", str(MSG_PHOTO_LARGE)))
            continue
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        content_type = detect_content_type(head, "", upload) if size else None
        clean = _picture_only(upload, str(content_type)) if content_type in PHOTO_TYPES else None
        if clean is None:
            problems.append(Problem("photos", "unsupported_type", str(MSG_PHOTO_TYPE)))
            continue
        checked.append((clean, str(content_type), hashlib.sha256(clean).hexdigest()))
    return checked, problems


def _picture_only(upload: Upload, content_type: str) -> bytes | None:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            if image.width * image.height > PHOTO_MAX_PIXELS:
                return None
            image.load()
            out = io.BytesIO()
            if content_type == "image/png":
                image.save(out, "PNG")
            else:
                # The picture turned as the camera meant it, then without its EXIF block.
                upright = ImageOps.exif_transpose(image) or image
                upright.convert("RGB").save(out, "JPEG", quality=90)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
    finally:
        upload.seek(0)
    return out.getvalue()


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


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
    problems: list[Problem] = []
    if not isinstance(kind, str) or kind not in ReportKind.values:
        problems.append(Problem("kind", "invalid", str(MSG_KIND)))
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
    photos, found = _photos(uploads)
    problems += found
    lead = also = None
    if where is not None:
        lead, also = agencies_for(where, str(kind))
        if lead is None:
            problems.append(Problem("district", "invalid", str(MSG_DISTRICT_UNKNOWN)))
    if problems:
        raise InvalidInput(problems=problems)
    assert site is not None and where is not None and lead is not None
    standard = standard_of(where.jurisdiction_id)
    geometry = shapely.geometry.mapping(site)
    report = _create(
        kind=str(kind),
        description=text,
        site_geometry=jsonsafe_geometry(geometry),
        district=where,
        agency=lead,
        also_agency=also,
        contact=reach,
        due_on=add_working_days(today, standard.report_working_days),
        screening=report_screening(site, today),
    )
    for clean, content_type, sha256 in photos:
        photo = ReportPhoto(
            report=report, content_type=content_type, size=len(clean), sha256=sha256
        )
        photo.file.save(f"{sha256[:20]}{PHOTO_TYPES[content_type]}", ContentFile(clean), save=False)
        photo.save()
    audit_record(
        action=AuditAction.REPORT_RECEIVED,
        agency=lead,
        to_status=report.status,
        details={
            "report_id": report.pk,
            "kind": report.kind,
            "district": where.code,
            "agencies": [a.code for a in (lead, also) if a is not None],
            "due_on": report.due_on.isoformat(),
            "description_sha256": _sha256(text),
            "site_sha256": hashlib.sha256(canonical_json(report.site_geometry)).hexdigest(),
            "photos": [sha256 for _clean, _type, sha256 in photos],
            "contact_given": bool(reach),
        },
    )
    _tell_agencies(
        report,
        MSG_TOLD_RECEIVED,
        NotificationKind.PUBLIC_REPORT,
        kind=report.get_kind_display(),
        district=where.name,
        due=report.due_on.isoformat(),
        number=report.pk,
    )
    return report


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


def _members(agency: Agency) -> QuerySet[User]:
    return access.people_with_membership(
        memberships__agency_id=agency.pk, memberships__role__in=[Role.REVIEWER, Role.HEAD]
    )


def _tell_agencies(
    report: Report,
    template: Any,
    notification: NotificationKind,
    *,
    heads_only: bool = False,
    **values: object,
) -> None:
    people: list[User] = []
    for agency in (report.agency, report.also_agency):
        if agency is not None:
            people += list(access.heads_of(agency) if heads_only else _members(agency))
    notify(recipients=people, kind=notification, message=str(template).format(**values))


def report_screening(site: BaseGeometry, today: date) -> dict[str, Any]:
    """Is this permitted here? The permits holding the land (and the applications in review)
    whose site the report's place touches, the zones in force and the 小班 it lies on: frozen
    with the report, for the agency's first look."""
    index = layer_index()
    zones = [
        {"name": hit.item.name, "kind": hit.item.kind, "source": hit.item.source}
        for hit in index.zone_hits(site, today)[:SCREENED_MAX]
    ]
    parcels = [
        {
            "district": hit.item.district,
            "compartment": hit.item.compartment,
            "forest_origin": hit.item.forest_origin,
            "welfare_grade": hit.item.welfare_grade,
        }
        for hit in index.parcel_hits(site)[:SCREENED_MAX]
    ]
    west, south, east, north = site.bounds
    in_force = Q(application__status=Status.APPROVED) & (
        Q(application__valid_until__isnull=True) | Q(application__valid_until__gte=today)
    )
    holding = Q(application__status__in=[s for s in ON_THE_LAND if s != Status.APPROVED])
    in_review = Q(application__status__in=IN_REVIEW)
    candidates = (
        SiteScreening.objects.filter(
            in_force | holding | in_review,
            min_lon__lte=east,
            max_lon__gte=west,
            min_lat__lte=north,
            max_lat__gte=south,
        )
        .select_related("application", "application__organisation")
        .order_by("application_id")
    )
    permits = []
    for screened in candidates:
        try:
            shape = shapely.geometry.shape(screened.geometry)
        except (ValueError, TypeError, AttributeError):
            continue
        if not shape.intersects(site):
            continue
        application = screened.application
        permits.append(
            {
                "application_id": application.pk,
                "reference": application.reference,
                "kind": application.kind,
                "status": application.status,
                "holder": application.organisation.name,
                "in_force": application.status in ON_THE_LAND,
            }
        )
        if len(permits) >= SCREENED_MAX:
            break
    return {
        "screened_on": today.isoformat(),
        "permitted_here": any(p["in_force"] for p in permits),
        "permits": permits,
        "zones": zones,
        "parcels": parcels,
    }


# --------------------------------------------------------------------------- handling


def may_handle(user: Any, report: Report) -> bool:
    ids = access.report_handling_agency_ids(user)
    return report.agency_id in ids or (
        report.also_agency_id is not None and report.also_agency_id in ids
    )


@transaction.atomic
@audit_appended_last
def report_site_check(
    *,
    report_id: int | str,
    by: User,
    checked_on: object,
    inspectors: object,
    findings: object,
    client_ip: str | None = None,
    today: date | None = None,
) -> Report:
    """Two or more of the acting agency's staff checked the site: 404 unseen, 409 once recorded
    or closed, 400 with every problem of the input."""
    today = today or timezone.localdate()
    report = _locked(report_id, by)
    agency = acting_agency(by, report)
    if report.status == ReportStatus.CLOSED:
        raise StateConflict(MSG_CLOSED, [Problem(None, "closed", str(MSG_CLOSED))])
    if report.status != ReportStatus.RECEIVED:
        raise StateConflict(
            MSG_ALREADY_CHECKED, [Problem(None, "already_checked", str(MSG_ALREADY_CHECKED))]
        )
    problems: list[Problem] = []
    day = day_of(checked_on)
    if day is None or day > today:
        problems.append(Problem("checked_on", "invalid", str(MSG_CHECKED_ON)))
    elif day < timezone.localdate(report.received_at):
        problems.append(Problem("checked_on", "before_received", str(MSG_CHECKED_BEFORE)))
    handling = [a for a in (report.agency_id, report.also_agency_id) if a is not None]
    people, found = staff_named(inspectors, handling)
    problems += found
    text, found = required_text(findings, "findings", MSG_FINDINGS)
    problems += found
    if problems:
        raise InvalidInput(problems=problems)
    assert day is not None
    from_status = report.status
    report.check_site()
    report.checked_on = day
    report.inspector_names = [{"username": p.username, "name": display_name(p)} for p in people]
    report.site_findings = text
    report.site_checked_by = by
    report.updated_at = timezone.now()
    report.save()
    report.inspectors.set(people)
    audit_record(
        action=AuditAction.REPORT_SITE_CHECKED,
        actor=by,
        agency=agency,
        role=_role(by, agency),
        from_status=from_status,
        to_status=report.status,
        opinion=text,
        details={
            "report_id": report.pk,
            "checked_on": day.isoformat(),
            "inspectors": [p.username for p in people],
        },
        client_ip=client_ip,
    )
    return report


def report_staff(report: Report) -> list[User]:
    """Who may be named as the report's inspectors: the active staff of its handling agencies
    who act on their steps or head them (forestry and agriculture check an alien species
    together)."""
    found: dict[int, User] = {}
    for agency in (report.agency, report.also_agency):
        if agency is not None:
            found |= {u.pk: u for u in site_check_inspectors(agency.pk)}
    return sorted(found.values(), key=lambda u: u.get_username())


def _role(by: User, agency: Agency, *, referral: bool = False) -> str:
    """The role an act is audited in: a referral is the head's; otherwise a reviewer's, or the
    head's for a head who does not review."""
    reviews = access.holds_agency_permission(by, REVIEW_PERMISSION, agency.pk)
    return Role.HEAD if referral or not reviews else Role.REVIEWER


def _permit(value: object, report: Report, by: User) -> tuple[Application | None, list[Problem]]:
    """The permit a breach names: one in force that a handling agency issued and ``by`` acts
    for (a reviewer or head of that agency)."""
    if value in (None, ""):
        return None, [Problem("application", "required", str(MSG_PERMIT_REQUIRED))]
    text = str(value).strip()
    lookup = Q(pk=int(text)) if text.isdigit() and len(text) < 12 else Q(reference=text[:20])
    application = Application.objects.filter(lookup).first()
    handling = {report.agency_id, report.also_agency_id} - {None}
    allowed = (
        application is not None
        and application.status in ON_THE_LAND
        and application.district_agency_id in handling
        and application.district_id == report.district_id
        and access.can_see_application(by, application)
        and (
            access.is_head(by, application.district_agency_id)
            or access.holds_agency_permission(by, REVIEW_PERMISSION, application.district_agency_id)
        )
    )
    if not allowed:
        return None, [Problem("application", "invalid", str(MSG_PERMIT_NOT_HERE))]
    return application, []


@transaction.atomic
@audit_appended_last
def report_close(
    *,
    report_id: int | str,
    by: User,
    outcome: object,
    findings: object,
    application: object = None,
    order: object = None,
    client_ip: str | None = None,
) -> Report:
    """The outcome, after the site check: 404 unseen, 409 before the check or once closed, 403
    a referral to the police by anyone but a head of the agency, 400 with every problem of the
    input. A permit breach orders the permit corrected: ``order`` says what the holder must
    correct, printed on the numbered notice, the report's findings never (the holder is not
    told that anyone reported it: 信访工作条例 第三十条第三款). No permit, or a referral, opens
    the enforcement case. The event is the report's, not on the permit's history."""
    report = _locked(report_id, by)
    agency = acting_agency(by, report)
    if report.status == ReportStatus.CLOSED:
        raise StateConflict(MSG_CLOSED, [Problem(None, "closed", str(MSG_CLOSED))])
    if report.status != ReportStatus.SITE_CHECKED:
        raise StateConflict(
            MSG_CHECK_FIRST, [Problem(None, "site_check_required", str(MSG_CHECK_FIRST))]
        )
    if outcome == ReportOutcome.REFERRED and not access.is_head(by, agency.pk):
        raise NotAllowed(MSG_REFERRAL_BY_HEAD)
    problems: list[Problem] = []
    if not isinstance(outcome, str) or outcome not in ReportOutcome.values:
        problems.append(Problem("outcome", "invalid", str(MSG_OUTCOME)))
    text, found = required_text(findings, "findings", MSG_CLOSE_FINDINGS)
    problems += found
    permit = None
    correction = ""
    if outcome == ReportOutcome.PERMIT_BREACH:
        permit, found = _permit(application, report, by)
        problems += found
        correction, found = required_text(order, "order", MSG_ORDER)
        problems += found
    else:
        if application not in (None, ""):
            problems.append(Problem("application", "not_allowed", str(MSG_PERMIT_ONLY_BREACH)))
        if order not in (None, ""):
            problems.append(Problem("order", "not_allowed", str(MSG_PERMIT_ONLY_BREACH)))
    if problems:
        raise InvalidInput(problems=problems)
    details: dict[str, Any] = {"report_id": report.pk, "outcome": outcome}
    if permit is not None:
        permit = application_relock(permit)
        issuing = permit.district_agency
        assert issuing is not None
        report.application = permit
        report.rectification = rectification_order(
            application=permit,
            agency=issuing,
            by=by,
            items=[{"message": correction}],
            findings=correction,
            status_before=permit.status,
        )
        details |= {"application": permit.reference, "rectification_id": report.rectification.pk}
    if outcome in (ReportOutcome.NO_PERMIT, ReportOutcome.REFERRED):
        case = EnforcementCase.objects.create(
            report=report,
            agency=agency,
            facts=text,
            referred_to_police=outcome == ReportOutcome.REFERRED,
            opened_by=by,
        )
        details |= {"case_id": case.pk, "referred_to_police": case.referred_to_police}
    from_status = report.status
    report.close()
    report.outcome = str(outcome)
    report.findings = text
    report.closed_at = report.updated_at = timezone.now()
    report.closed_by = by
    report.save()
    audit_record(
        action=AuditAction.REPORT_CLOSED,
        actor=by,
        agency=agency,
        role=_role(by, agency, referral=outcome == ReportOutcome.REFERRED),
        from_status=from_status,
        to_status=report.status,
        opinion=text,
        details=details,
        client_ip=client_ip,
    )
    _tell_agencies(
        report,
        MSG_TOLD_CLOSED,
        NotificationKind.PUBLIC_REPORT,
        number=report.pk,
        outcome=report.get_outcome_display(),
    )
    return report


MSG_TRANSFER_SAME = _("The report is this district's already.")
MSG_TRANSFER_REASON = _("Say why the place is the other district's.")
MSG_TOLD_TRANSFERRED = _(
    "A report from the public ({kind}) was sent on to your agency by {agency}: check the site "
    "and close it by {due} (report no. {number})."
)


@transaction.atomic
@audit_appended_last
def report_transfer(
    *,
    report_id: int | str,
    by: User,
    district: object,
    reason: object,
    client_ip: str | None = None,
    today: date | None = None,
) -> Report:
    """A report sent to the wrong district goes on to the right one's agencies (before its site
    check): they have the full working days from today; the agencies it leaves no longer read
    it. 404 unseen, 409 once checked or closed, 400 with every problem of the input."""
    today = today or timezone.localdate()
    report = _locked(report_id, by)
    agency = acting_agency(by, report)
    if report.status != ReportStatus.RECEIVED:
        raise StateConflict(
            MSG_ALREADY_CHECKED, [Problem(None, "already_checked", str(MSG_ALREADY_CHECKED))]
        )
    problems: list[Problem] = []
    code = district.strip() if isinstance(district, str) else ""
    target = (
        report_districts().filter(code=code).first() if re.fullmatch(r"[0-9]{6}", code) else None
    )
    lead = also = None
    if target is None:
        problems.append(Problem("district", "invalid", str(MSG_DISTRICT_UNKNOWN)))
    elif target.pk == report.district_id:
        problems.append(Problem("district", "same", str(MSG_TRANSFER_SAME)))
    else:
        lead, also = agencies_for(target, report.kind)
        if lead is None:
            problems.append(Problem("district", "invalid", str(MSG_DISTRICT_UNKNOWN)))
    text, found = required_text(reason, "reason", MSG_TRANSFER_REASON)
    problems += found
    if problems:
        raise InvalidInput(problems=problems)
    assert target is not None and lead is not None
    previous = report.district_id
    report.district = target
    report.agency = lead
    report.also_agency = also
    report.due_on = add_working_days(today, standard_of(target.jurisdiction_id).report_working_days)
    report.updated_at = timezone.now()
    report.save()
    audit_record(
        action=AuditAction.REPORT_TRANSFERRED,
        actor=by,
        agency=agency,
        role=_role(by, agency),
        from_status=report.status,
        to_status=report.status,
        opinion=text,
        details={
            "report_id": report.pk,
            "from_district": previous,
            "to_district": target.code,
            "agencies": [a.code for a in (lead, also) if a is not None],
            "due_on": report.due_on.isoformat(),
        },
        client_ip=client_ip,
    )
    _tell_agencies(
        report,
        MSG_TOLD_TRANSFERRED,
        NotificationKind.PUBLIC_REPORT,
        kind=report.get_kind_display(),
        agency=agency.name,
        due=report.due_on.isoformat(),
        number=report.pk,
    )
    return report


# --------------------------------------------------------------------------- the public's view


def report_public_status(code: object) -> dict[str, Any] | None:
    """What the tracking code shows: the status, the outcome and when it last changed; None for
    a code that is not one (the same answer whether malformed or unknown)."""
    normal = tracking_code_normal(code)
    if normal is None:
        return None
    row = (
        Report.objects.filter(tracking_code=normal)
        .values("tracking_code", "status", "outcome", "updated_at")
        .first()
    )
    if row is None:
        return None
    return {
        "tracking_code": row["tracking_code"],
        "status": row["status"],
        "outcome": row["outcome"] or None,
        "updated": row["updated_at"],
    }


# --------------------------------------------------------------------------- the tick


def reports_late(now: datetime) -> int:
    """Reports past their working days without an outcome: the heads of the handling agencies
    are told once (audited as the system's act). Several machines' ticks tell once: each row is
    taken under its lock and skipped when another tick holds it."""
    today = timezone.localdate(now)
    done = 0
    ids = list(
        Report.objects.filter(
            status__in=OPEN_STATUSES, due_on__lt=today, overdue_notified_at__isnull=True
        ).values_list("pk", flat=True)[:500]
    )
    for pk in ids:
        with transaction.atomic():
            report = (
                Report.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("district", "agency", "also_agency")
                .filter(pk=pk, overdue_notified_at__isnull=True, status__in=OPEN_STATUSES)
                .first()
            )
            if report is None:
                continue
            report.overdue_notified_at = now
            report.save(update_fields=["overdue_notified_at"])
            audit_record(
                action=AuditAction.REPORT_LATE,
                agency=report.agency,
                role="system",
                from_status=report.status,
                to_status=report.status,
                details={"report_id": report.pk, "due_on": report.due_on.isoformat()},
            )
            _tell_agencies(
                report,
                MSG_TOLD_LATE,
                NotificationKind.PUBLIC_REPORT_LATE,
                heads_only=True,
                number=report.pk,
                kind=report.get_kind_display(),
                district=report.district.name,
                due=report.due_on.isoformat(),
            )
            done += 1
    return done


def report_contacts_erase(now: datetime) -> int:
    """The reporter's contact, kept for the handling only, is erased once the report has been
    closed for the jurisdiction's ``report_contact_days`` (个人信息保护法 arts. 19, 47(1):
    the purpose achieved, the information deleted; docs/legal-basis.md F37). The report, its
    findings and outcome stay; the audit records the erasure (no contact, no actor). Each row
    is taken under its lock, so two machines' ticks erase once."""
    done = 0
    jurisdictions = (
        Report.objects.filter(status=ReportStatus.CLOSED)
        .exclude(contact="")
        .values_list("district__jurisdiction_id", flat=True)
        .distinct()
    )
    for jurisdiction_id in sorted(set(jurisdictions)):
        cutoff = now - timedelta(days=standard_of(jurisdiction_id).report_contact_days)
        ids = list(
            Report.objects.filter(
                status=ReportStatus.CLOSED,
                closed_at__lte=cutoff,
                district__jurisdiction_id=jurisdiction_id,
            )
            .exclude(contact="")
            .values_list("pk", flat=True)[:500]
        )
        for pk in ids:
            with transaction.atomic():
                report = (
                    Report.objects.select_for_update(skip_locked=True, of=("self",))
                    .select_related("agency")
                    .filter(pk=pk, status=ReportStatus.CLOSED)
                    .exclude(contact="")
                    .first()
                )
                if report is None:
                    continue
                report.contact = ""
                report.contact_erased_at = now
                report.save(update_fields=["contact", "contact_erased_at"])
                audit_record(
                    action=AuditAction.REPORT_CONTACT_ERASED,
                    agency=report.agency,
                    role="system",
                    from_status=report.status,
                    to_status=report.status,
                    details={
                        "report_id": report.pk,
                        "closed_at": local_iso(report.closed_at) or None,
                    },
                )
                done += 1
    return done
