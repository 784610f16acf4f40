"""Site checks (现场查验, product.md §16 L12; Administrative Licensing Law art. 34 para. 3): the
district agency of an occupation records who of its staff went to the site, when, what they
found and the area they measured, with the record and photos; its district step approves only
after one. One transaction, audited."""

from collections.abc import Collection, Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from viewflow.workflow.models import Task

from audit.choices import AuditAction
from audit.trail import audit_appended_last, display_name
from core.errors import InvalidInput, Problem, StateConflict
from core.messages import (
    MSG_AREA_WORKFLOWS,
    MSG_DATE_BEFORE,
    MSG_DATE_WORKFLOWS,
    MSG_FINDINGS,
    MSG_NOT_HERE_SITECHECKS,
    MSG_NOT_STAFF,
    MSG_NOT_YOUR_STEP_SITECHECKS,
    MSG_REQUIRED_WORKFLOWS,
    MSG_TWO_INSPECTORS,
)
from permits.choices import AttachmentKind, Kind, Step
from permits.models import Application
from permits.services import attachments_cited, attachments_store
from permits.uploads import Upload

from ..engine.reads import task_agency
from ..models import SiteCheck
from ..selectors import site_check_inspectors
from ._common import _locked_task, day_of, required_text
from ._recording import recorder_require, recorder_role
from .acts import TaskAct
from .steps import task_step

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

AREA_MAX = Decimal("100000")


def site_check_required(application: Application, task: Task) -> None:
    """The district step of an occupation approves only after a site check of its agency (409
    otherwise: record it first)."""
    if application.kind != Kind.OCCUPATION or task_step(task) != Step.DISTRICT_REVIEW:
        return
    agency_id = task.owner_permission_obj_pk
    if not SiteCheck.objects.filter(application_id=application.pk, agency_id=agency_id).exists():
        raise StateConflict.on("site_check_required", MSG_REQUIRED_WORKFLOWS)


def _checked_on(
    value: object, application: Application, today: date
) -> tuple[date | None, list[Problem]]:
    day = day_of(value)
    if day is None or day > today:
        return None, [Problem("checked_on", "invalid", str(MSG_DATE_WORKFLOWS))]
    submitted = timezone.localdate(application.submitted_at) if application.submitted_at else None
    if submitted is not None and day < submitted:
        return None, [Problem("checked_on", "before_submission", str(MSG_DATE_BEFORE))]
    return day, []


def staff_named(
    value: object,
    agencies: int | str | Collection[int],
    *,
    too_few: "StrOrPromise" = MSG_TWO_INSPECTORS,
    not_staff: "StrOrPromise" = MSG_NOT_STAFF,
) -> tuple[list[User], list[Problem]]:
    """Two or more different active members of the agency (or of any of ``agencies``: a report
    that forestry and agriculture check together) who act on its steps or head it, named by
    user name (a site check's inspectors, an inspection's, a report's): the problem of
    ``inspectors`` otherwise, ``not_staff`` formatted with the names it does not know."""
    names = [n.strip() for n in value if isinstance(n, str)] if isinstance(value, list) else []
    names = list(dict.fromkeys(n for n in names if n))
    if len(names) < 2 or (isinstance(value, list) and len(names) != len(value)):
        return [], [Problem("inspectors", "too_few", str(too_few))]
    ids = [agencies] if isinstance(agencies, int | str) else list(agencies)
    users = {
        u.username: u
        for agency_id in ids
        for u in site_check_inspectors(agency_id).filter(username__in=names)
    }
    strangers = [n for n in names if n not in users]
    if strangers:
        message = str(not_staff).format(names="、".join(strangers[:10]))
        return [], [Problem("inspectors", "not_agency_staff", message)]
    return [users[n] for n in names], []


def _area(value: object) -> tuple[Decimal | None, list[Problem]]:
    try:
        area = Decimal(str(value).strip()) if not isinstance(value, bool) else None
    except InvalidOperation:
        area = None
    if area is None or not area.is_finite() or not 0 < area <= AREA_MAX:
        return None, [Problem("measured_area_ha", "invalid", str(MSG_AREA_WORKFLOWS))]
    return area.quantize(Decimal("0.0001")), []


def _site_check_refused(task: Task, application: Application, by: User) -> None:
    """403 to whoever may not record; 409 on a closed task, or one that is not the district
    step of an occupation."""
    recorder_require(by, task, MSG_NOT_YOUR_STEP_SITECHECKS)
    if application.kind != Kind.OCCUPATION or task_step(task) != Step.DISTRICT_REVIEW:
        raise StateConflict.on("not_a_site_check_step", MSG_NOT_HERE_SITECHECKS)


@transaction.atomic
@audit_appended_last
def site_check_record(
    *,
    task_id: int | str,
    by: User,
    checked_on: object,
    inspectors: object,
    findings: object,
    measured_area_ha: object,
    uploads: Iterable[Upload] = (),
    client_ip: str | None = None,
    today: date | None = None,
) -> SiteCheck:
    """Record a site check on the open district task of an occupation; every problem of the
    input at once (400), nothing stored when one is found."""
    today = today or timezone.localdate()
    task, application = _locked_task(task_id, by)
    _site_check_refused(task, application, by)
    day, problems = _checked_on(checked_on, application, today)
    people, found = staff_named(inspectors, task.owner_permission_obj_pk)
    area, found_area = _area(measured_area_ha)
    text, found_text = required_text(findings, "findings", str(MSG_FINDINGS))
    if problems := [*problems, *found, *found_area, *found_text]:
        raise InvalidInput(problems=problems)
    assert day is not None and area is not None
    stored = attachments_store(
        application=application, by=by, kind=AttachmentKind.SITE_CHECK, uploads=uploads
    )
    check = SiteCheck.objects.create(
        application_id=application.pk,
        task=task,
        agency=task_agency(task),
        checked_on=day,
        inspector_names=[{"username": p.username, "name": display_name(p)} for p in people],
        findings=text,
        measured_area_ha=area,
        recorded_by=by,
    )
    check.inspectors.set(people)
    check.attachments.set(stored)
    TaskAct.beside(task, application, by, client_ip, role=recorder_role(by, task)).record(
        AuditAction.SITE_CHECK,
        opinion=text,
        details={
            "site_check_id": check.pk,
            "checked_on": day.isoformat(),
            "inspectors": [p.username for p in people],
            "measured_area_ha": str(area),
            "attachments": attachments_cited(stored),
        },
    )
    return check
