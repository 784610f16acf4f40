"""Every change to an application, written once. Web views, the API, the admin, viewflow and
management commands all call these functions; each is one transaction: all or nothing."""

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Subquery
from django.utils import translation
from django_fsm import ConcurrentTransition, TransitionNotAllowed, can_proceed

from audit.choices import AuditAction
from audit.trail import audit_appended_last, audit_record, configuration_record
from core.errors import (
    InvalidInput,
    NotAllowed,
    NotVisible,
    Problem,
    StateConflict,
    UploadTooLarge,
)
from core.messages import (
    MSG_ATTACHMENT_KIND,
    MSG_DISTRICT,
    MSG_END_BEFORE_START,
    MSG_JURISDICTION_NOT_YOURS,
    MSG_NOT_A_ROW,
    MSG_NOT_APPLICANT,
    MSG_NOT_EDITABLE,
    MSG_NOT_YOURS,
    MSG_REASON_REQUIRED,
    MSG_REQUIRED_ATTACHMENT,
    MSG_REQUIRED_PERMITS,
    MSG_SITE_POLYGON,
    MSG_SITE_REQUIRED,
    MSG_SITE_REQUIRED_TENDING,
    MSG_SITE_TOO_LARGE,
    MSG_TOO_LARGE_PERMITS,
    MSG_TRANSITION_REFUSED,
    MSG_UNKNOWN_FIELD_PERMITS,
    MSG_USE_ENDED,
)
from permits import access
from permits.numbers import reference_allocate
from roles.models import Role
from roles.services import (
    application_share_with_organisation,
)
from zones.geo import (
    POLYGONAL,
    SITE_TYPES,
    GeometryRefused,
    area_ha,
    geojson,
    geometry_from_geojson,
)
from zones.readers import site_geometry_from_file

from . import rules
from .acts import Act
from .choices import (
    AGENCY_ATTACHMENT_KINDS,
    EDITABLE_STATUSES,
    AttachmentKind,
    Kind,
    NotificationKind,
    ObligationKind,
    OccupationKind,
    Status,
)
from .facts import application_facts, attachments_none_yet, detail_field_names, rule_facts
from .models import (
    APPLICATION_FIELDS,
    APPLICATION_RELATIONS,
    DETAIL_MODEL,
    Application,
    Attachment,
    SupervisionStandard,
)
from .notifications import notify
from .readmemo import ATTACHMENTS, forget
from .screening import screening_refresh
from .uploads import Upload, inspect_upload, stored_name

# No operation, occupation or introduction site is this large (100 km²): a larger polygon is a
# mistake, or a probe of where other applications lie (their overlaps are reported).
MAX_SITE_HA = 10_000


def _site_area_ha(geometry: dict[str, Any]) -> float:
    try:
        return area_ha(geometry_from_geojson(geometry, types=SITE_TYPES))
    except GeometryRefused:
        return 0.0  # the field's validator reports it


# Kinds whose site is an area (an introduction may name a point).
AREA_SITE_KINDS = (Kind.TENDING, Kind.OCCUPATION)


EDITABLE_COMMON_FIELDS = tuple(
    f"{name}_id" if name in APPLICATION_RELATIONS else name for name in APPLICATION_FIELDS
)
# The same two foreign keys as the rows a form or serializer has already read (``district``
# rather than ``district_id``): such a row is not read again to check that it exists.
EDITABLE_RELATIONS = APPLICATION_RELATIONS


def transition_refused(application: Application) -> StateConflict:
    message = MSG_TRANSITION_REFUSED % {"status": application.get_status_display()}
    return StateConflict.on("invalid_transition", message)


def application_locked(pk: int | Subquery) -> Application | None:
    """Lock the application's shared row, then read its type row; None if there is none.

    Every writer locks the shared ``Application`` row and only that row, first: locking the
    type row in the same statement would take the two rows in an order another writer
    (a decision saving the type row) may take the other way round, and deadlock. ``pk`` may be
    a subquery naming the application by what belongs to it (a task): the row it names is
    locked in the same statement.
    """
    row = Application.objects.select_for_update().filter(pk=pk).values_list("pk", "kind").first()
    if row is None:
        return None
    pk, kind = row
    # With its organisation and place, which the notices, documents and the record name.
    return (
        DETAIL_MODEL[kind]
        .objects.select_related("organisation", "jurisdiction", "district")
        .get(pk=pk)
    )


def application_relock(application: Application) -> Application:
    """Re-read the application under its row lock; every transition starts here."""
    detail = application_locked(application.pk)
    if detail is None:  # deleted meanwhile: nothing left to change
        raise NotVisible()
    return detail


RowT = TypeVar("RowT", bound=models.Model)


def application_row_relock(
    model: type[RowT], pk: object, user: User, *, related: tuple[str, ...] = ()
) -> tuple[RowT, Application]:
    """Lock the application that row ``pk`` of ``model`` (an inspection, a rectification, an
    obligation) belongs to, then the row (with its ``related`` rows read, not locked), for an
    act on it; 404 for a number that names no row or an application ``user`` may not see."""
    rows = model._default_manager
    try:
        found = rows.filter(pk=pk).values("application_id").first()
    except (ValueError, TypeError):  # not a row's number
        raise NotVisible() from None
    if found is None:
        raise NotVisible()
    application = application_relock(Application(pk=found["application_id"]))
    if not access.can_see_application(user, application):
        raise NotVisible()
    row = rows.select_for_update(of=("self",)).select_related(*related).get(pk=pk)
    return row, application


def application_field_names(kind: str) -> list[str]:
    """The facts an applicant fills in for this kind, under the names of the forms and the API
    (``district``, not ``district_id``): what a return item may name."""
    common = [name.removesuffix("_id") for name in EDITABLE_COMMON_FIELDS]
    return [*common, *detail_field_names(DETAIL_MODEL[Kind(kind)])]


def _editable_fields(model: type[Application]) -> set[str]:
    return {*EDITABLE_COMMON_FIELDS, *EDITABLE_RELATIONS, *detail_field_names(model)}


def _related_model(model: type[Application], name: str) -> type[models.Model]:
    related = model._meta.get_field(name).related_model
    assert isinstance(related, type)  # a foreign key's, never "self" by now
    return related


def _check_keys(model: type[Application], data: Mapping[str, Any]) -> None:
    """Only the applicant's own facts may be written: never status, reference, owner or route."""
    if unknown := sorted(set(data) - _editable_fields(model)):
        raise InvalidInput(
            problems=[
                Problem(name, "unknown_field", str(MSG_UNKNOWN_FIELD_PERMITS)) for name in unknown
            ]
        )
    # ``district`` and ``jurisdiction`` carry rows (``district_id`` and ``jurisdiction_id``
    # carry keys): anything else would fail in the model's setter, not as a field's error.
    if wrong := [
        name
        for name in EDITABLE_RELATIONS
        if name in data
        and data[name] is not None
        and not isinstance(data[name], _related_model(model, name))
    ]:
        raise InvalidInput(
            problems=[Problem(name, "invalid", str(MSG_NOT_A_ROW)) for name in wrong]
        )


def _full_clean(detail: Application) -> None:
    try:
        detail.full_clean(exclude=["reference", "status", "created_by", "organisation"])
    except ValidationError as error:
        raise InvalidInput(
            problems=[
                Problem(field, getattr(e, "code", None) or "invalid", e.messages[0])
                for field, errors in error.error_dict.items()
                for e in errors
            ]
        ) from None
    _check_consistency(detail)


def _check_consistency(detail: Application) -> None:
    problems: list[Problem] = []
    organisation = detail.organisation
    if detail.jurisdiction_id and not access.may_apply_in(organisation, detail.jurisdiction_id):
        message = MSG_JURISDICTION_NOT_YOURS % {"jurisdiction": organisation.jurisdiction.name}
        problems.append(Problem("jurisdiction", "jurisdiction_not_yours", str(message)))
    if detail.district_id and detail.district.jurisdiction_id != detail.jurisdiction_id:
        problems.append(Problem("district", "district_outside_jurisdiction", MSG_DISTRICT))
    geometry = detail.site_geometry
    point = isinstance(geometry, dict) and geometry.get("type") == "Point"
    if detail.kind in AREA_SITE_KINDS and point:
        problems.append(Problem("site_geometry", "polygon_required", str(MSG_SITE_POLYGON)))
    if isinstance(geometry, dict) and not point and _site_area_ha(geometry) > MAX_SITE_HA:
        message = MSG_SITE_TOO_LARGE % {"limit": f"{MAX_SITE_HA:,}"}
        problems.append(Problem("site_geometry", "site_too_large", str(message)))
    start, end = getattr(detail, "start_date", None), getattr(detail, "end_date", None)
    if isinstance(start, date) and isinstance(end, date) and end < start:
        problems.append(Problem("end_date", "end_before_start", MSG_END_BEFORE_START))
    if problems:
        raise InvalidInput(problems=problems)


@transaction.atomic
@audit_appended_last
def application_create(
    *, by: User, kind: str, data: Mapping[str, Any], client_ip: str | None = None
) -> Application:
    organisation = access.applicant_organisation(by)
    if organisation is None:
        raise NotAllowed(MSG_NOT_APPLICANT)
    model = DETAIL_MODEL[Kind(kind)]
    _check_keys(model, data)
    detail: Application = model(kind=kind, organisation=organisation, created_by=by, **data)
    _full_clean(detail)
    detail.reference = reference_allocate(kind=kind)
    detail.save()
    screening_refresh(detail, first=True)
    attachments_none_yet(detail)
    application_share_with_organisation(
        application=access.base_application(detail), organisation=organisation
    )
    audit_record(
        action=AuditAction.CREATE,
        application=detail,
        actor=by,
        role=Role.APPLICANT,
        to_status=detail.status,
        client_ip=client_ip,
        organisation=organisation,
    )
    return detail


@transaction.atomic
def application_update(
    *, application: Application, by: User, data: Mapping[str, Any], client_ip: str | None = None
) -> Application:
    detail = _editable(_applicant_relock(application, by))
    _check_keys(type(detail), data)
    for name, value in data.items():
        setattr(detail, name, value)
    _full_clean(detail)
    detail.save()
    screening_refresh(detail)
    return detail


def site_from_upload(upload: Upload, *, kind: str) -> dict[str, Any]:
    """The site geometry of an uploaded GeoJSON, KML or zipped shapefile (its ``.prj`` in WGS 84
    or CGCS2000), as GeoJSON; ``InvalidInput`` on the field ``file`` otherwise. Reads only."""
    limit = settings.PERMITS_UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        message = MSG_TOO_LARGE_PERMITS % {"limit": limit // (1024 * 1024)}
        raise UploadTooLarge(message, [Problem("file", "too_large", str(message))])
    data = upload.read(limit + 1)
    if len(data) > limit:
        message = MSG_TOO_LARGE_PERMITS % {"limit": limit // (1024 * 1024)}
        raise UploadTooLarge(message, [Problem("file", "too_large", str(message))])
    types = POLYGONAL if kind in AREA_SITE_KINDS else SITE_TYPES
    try:
        return geojson(site_geometry_from_file(data, name=upload.name or "", types=types))
    except GeometryRefused as refused:
        raise InvalidInput(problems=[Problem("file", refused.code, str(refused.message))]) from None


def application_site_upload(
    *, application: Application, by: User, upload: Upload, client_ip: str | None = None
) -> Application:
    """Take the site from a file (the draft form's upload, ``POST …/site/``): read, checked and
    saved like a typed geometry; a refused file changes nothing. Who may not edit, or an
    application past its draft, is refused before the file is read."""
    access.require(access.can_edit_application(by, application), MSG_NOT_YOURS)
    _editable(application)
    site = site_from_upload(upload, kind=application.kind)
    return application_update(
        application=application, by=by, data={"site_geometry": site}, client_ip=client_ip
    )


@transaction.atomic
@audit_appended_last
def attachment_add(
    *,
    application: Application,
    by: User,
    kind: str,
    upload: Upload,
    client_ip: str | None = None,
) -> Attachment:
    detail = _editable(_applicant_relock(application, by))
    # The agency's own kinds (a special procedure's result) are not the applicant's to add.
    if kind not in AttachmentKind.values or kind in AGENCY_ATTACHMENT_KINDS:
        raise InvalidInput(problems=[Problem("kind", "invalid_choice", str(MSG_ATTACHMENT_KIND))])
    attachment = attachment_store(application=detail, by=by, kind=kind, upload=upload)
    _applicant_addition_record(
        AuditAction.ATTACHMENT_ADDED,
        detail,
        by,
        client_ip,
        details={
            "attachment_id": attachment.pk,
            "kind": kind,
            "name": attachment.name,
            "size": attachment.size,
            "sha256": attachment.sha256,
        },
    )
    return attachment


def _applicant_relock(application: Application, by: User) -> Application:
    """The application re-read under its row lock for a change only its applicant may make
    (``NotAllowed`` for anyone else, before any lock is taken)."""
    access.require(access.can_edit_application(by, application), MSG_NOT_YOURS)
    return application_relock(application)


def _editable(detail: Application) -> Application:
    """``detail`` if its applicant may still change it (a draft, or returned)."""
    if detail.status not in EDITABLE_STATUSES:
        raise StateConflict.on("not_editable", MSG_NOT_EDITABLE)
    return detail


def _applicant_addition_record(
    action: AuditAction,
    detail: Application,
    by: User,
    client_ip: str | None,
    *,
    details: Mapping[str, Any],
    opinion: str = "",
) -> None:
    """Record what the applicant added to the application (an attachment, a report): its
    status stays as it is."""
    act = Act.on(detail, by, agency=None, role=Role.APPLICANT, client_ip=client_ip)
    act.record(action, opinion=opinion, details=dict(details))


def attachment_store(
    *, application: Application, by: User, kind: str, upload: Upload
) -> Attachment:
    """Check (413/415), hash and store an upload under a random name."""
    inspected = inspect_upload(upload)
    attachment = Attachment(
        application=application,
        kind=kind,
        name=stored_name(upload.name or "upload", inspected.content_type, upload),
        size=inspected.size,
        sha256=inspected.sha256,
        content_type=inspected.content_type,
        uploaded_by=by,
    )
    attachment.file.save("upload", upload, save=False)
    attachment.save()
    forget(ATTACHMENTS)
    return attachment


def attachments_store(
    *, application: Application, by: User, kind: str, uploads: Iterable[Upload]
) -> list[Attachment]:
    """Each upload kept as one of the application's attachments of ``kind``."""
    return [attachment_store(application=application, by=by, kind=kind, upload=u) for u in uploads]


def attachments_cited(stored: Iterable[Attachment]) -> list[dict[str, Any]]:
    """The attachments as an act's event cites them: each one's id, name and hash."""
    return [{"attachment_id": a.pk, "name": a.name, "sha256": a.sha256} for a in stored]


def application_findings(application: Application) -> list[rules.Finding]:
    """Every rule finding for the application as it stands (blocking and advisory)."""
    detail = application.detail if type(application) is Application else application
    facts = rule_facts(detail)
    return rules.evaluate(rules.rules_for(detail.kind), facts, detail.jurisdiction_id)


def application_warnings(application: Application) -> list[rules.Finding]:
    return rules.advisory(application_findings(application))


def application_standing_findings(application: Application) -> list[rules.Finding]:
    """The findings the agency decides on as the application stands (issue 46 High 1): the
    blocking ones and the incomplete materials, a filed-anyway application's included."""
    return rules.before_filing(application_findings(application))


def submission_check(detail: Application) -> tuple[list[Problem], list[rules.Finding]]:
    """What the applicant is told before filing, all at once (issue 46 High 1): what the
    application cannot be filed without (the values and files its form needs, a site the route
    is resolved from: no rule, no clause), and the findings the agency will decide on
    (``rules.before_filing``: the blocking rules, a refusal; the incomplete materials, a
    correction and then no acceptance), which never stop a filing the applicant confirms."""
    # What the applicant filled in, not what the map adds: a blank protection class is missing
    # even where the map gives the site one.
    declared = application_facts(detail)
    facts = rule_facts(detail, declared=declared)
    problems = [
        Problem(m.field, m.code, str(MSG_REQUIRED_PERMITS))
        for m in rules.missing_values(declared, rules.required_for(detail.kind, declared))
    ]
    problems += _site_problems(detail, facts)
    problems += [
        Problem(
            m.field,
            m.code,
            str(MSG_REQUIRED_ATTACHMENT % {"kind": AttachmentKind(m.attachment_kind).label}),
        )
        for m in rules.missing_attachments(
            facts, rules.required_attachments_for(detail.kind, facts)
        )
    ]
    findings = rules.evaluate(rules.rules_for(detail.kind), facts, detail.jurisdiction_id)
    return problems, rules.before_filing(findings)


FINDINGS_BLOCKING = "findings_blocking"


def finding_record(finding: rules.Finding) -> dict[str, str]:
    """A finding as the record and the audit trail carry it."""
    return {
        "rule": finding.rule,
        "severity": str(finding.severity),
        "message": finding.message,
        "source": finding.source,
    }


def finding_problems(findings: list[rules.Finding]) -> list[Problem]:
    """The findings before filing as the doors show a refusal: each with its rule and clause."""
    return [Problem(f.field, FINDINGS_BLOCKING, f.message, f.rule, f.source) for f in findings]


def submission_problems(detail: Application) -> list[Problem]:
    """Everything the applicant is told before filing: ``submission_check``'s two lists."""
    missing, findings = submission_check(detail)
    return missing + finding_problems(findings)


def _site_problems(detail: Application, facts: Mapping[str, Any]) -> list[Problem]:
    """The site must be known (product.md §15): an area for designs and occupations."""
    if facts.get("screened") and (
        detail.kind not in AREA_SITE_KINDS or facts.get("site_is_polygonal")
    ):
        return []
    if facts.get("screened"):
        return [Problem("site_geometry", "polygon_required", str(MSG_SITE_POLYGON))]
    message = MSG_SITE_REQUIRED_TENDING if detail.kind == Kind.TENDING else MSG_SITE_REQUIRED
    return [Problem("site_geometry", "required", str(message))]


# What a transition may change: the state machine, its dates and the route's agencies all live on
# Application's own table. A design's, occupation's or introduction's own table is written by the
# edit services only, so a transition does not rewrite it (one UPDATE a transition, not two).
TRANSITION_FIELDS = tuple(
    field.name for field in Application._meta.local_concrete_fields if not field.primary_key
)


def fsm_apply(detail: Application, method: Callable[..., object], **kwargs: Any) -> None:
    """Run an FSM transition and save Application's own table (``TRANSITION_FIELDS``); a refused
    or concurrent transition changes nothing."""
    if not can_proceed(method):
        raise transition_refused(detail)
    try:
        method(**kwargs)
        detail.save(update_fields=TRANSITION_FIELDS)
    except (TransitionNotAllowed, ConcurrentTransition):
        raise transition_refused(detail) from None


def reason_required(reason: str | None, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(problems=[Problem(field, "required", str(MSG_REASON_REQUIRED))])
    return reason


@transaction.atomic
@audit_appended_last
def application_expire(*, application: Application, today: date) -> Application | None:
    """The system ends a permit's period once it has run out (run by permits_tick); returns the
    application, or None when there was nothing to do (already done, still valid).

    A temporary occupation's use ends (``use_ended``): its restoration is owed within the year
    (森林法 art. 38, product.md §17 A4). An introduction's period expires; its last monitoring
    report and any escape are still owed. A tending design does not end with its work period:
    its completion is filed and inspected (§17 A1, A2)."""
    detail = application_relock(application)
    if detail.status != Status.APPROVED or not detail.valid_until or detail.valid_until >= today:
        return None
    if detail.kind == Kind.TENDING:
        return None
    if getattr(detail, "occupation_kind", None) == OccupationKind.PERMANENT:
        return None  # it lapses instead (licensing.lapses, product.md §18 B4)
    use_ended = detail.kind == Kind.OCCUPATION
    act = Act.of_deciding_agency(detail, None)  # the system's, from approved (checked above)
    fsm_apply(detail, detail.use_end if use_ended else detail.expire)
    act.record(
        AuditAction.USE_ENDED if use_ended else AuditAction.EXPIRE,
        details={"valid_until": detail.valid_until.isoformat()},
    )
    if use_ended:
        _tell_use_ended(detail)
    return detail


def _tell_use_ended(detail: Application) -> None:
    """The holder is told the use ended and when the restoration is due (product.md §17 A4)."""
    due = (
        detail.obligations.filter(kind=ObligationKind.RESTORATION_COMPLETION)
        .values_list("due_date", flat=True)
        .first()
    )
    with translation.override(settings.LANGUAGE_CODE):
        message = str(MSG_USE_ENDED).format(
            reference=detail.reference,
            until=detail.valid_until.isoformat() if detail.valid_until else "",
            due=due.isoformat() if due else "",
        )
    notify(
        recipients=access.applicants_of(detail.organisation_id),
        kind=NotificationKind.USE_ENDED,
        message=message,
        application=detail,
    )


def _standard_describe(standard: SupervisionStandard | None) -> dict[str, Any] | None:
    if standard is None:
        return None
    return {
        field.name: str(getattr(standard, field.attname))
        if not isinstance(getattr(standard, field.attname), list)
        else getattr(standard, field.attname)
        for field in SupervisionStandard._meta.concrete_fields
        if not field.primary_key
    }


@transaction.atomic
@audit_appended_last
def supervision_standard_save(
    *,
    standard: SupervisionStandard,
    by: User,
    client_ip: str | None = None,
    delete: bool = False,
) -> None:
    """Save (the admin) a jurisdiction's supervision standard, audited with the standard as it
    was and as it is (product.md §17). Due dates already scheduled and inspections already
    opened keep what they froze."""
    stored = (
        SupervisionStandard.objects.select_for_update().filter(pk=standard.pk).first()
        if standard.pk
        else None
    )
    before = _standard_describe(stored)
    if delete:
        standard.delete()
    else:
        standard.save()
    configuration_record(
        AuditAction.SUPERVISION_STANDARD_CHANGED,
        {"jurisdiction": str(standard.jurisdiction_id)},
        by=by,
        client_ip=client_ip,
        before=before,
        after=None if delete else _standard_describe(standard),
    )
