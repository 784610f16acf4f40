"""Beijing's yearly municipal spot check of the designs the districts accepted (product.md §17
A3; 000 二（八） "加大天然林保护年度核查检查力度"; 行政许可法 第六十条, the higher agency's
supervision of the lower's licensing): the head of the municipal forestry agency draws, once a
year, at least the standard's share (10 %) of the designs whose completion inspection passed
that year, from a fresh seed recorded with the population and the sample (``checks.
spot_check_draw`` draws them again). Each drawn design gets a ``spot_check`` inspection of the
municipal agency, assigned and recorded like any other; its pass changes nothing, its fail finds
the permit not kept and orders a rectification."""

import secrets
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.choices import AuditAction
from audit.trail import audit_appended_last
from core.errors import InvalidInput, Problem, StateConflict
from core.messages import MSG_DRAWN, MSG_NONE_HERE, MSG_NOT_MUNICIPAL_HEAD, MSG_YEAR_SUPERVISION
from permits import access
from permits.acts import Act
from permits.choices import Kind
from permits.models import Application
from permits.obligations import standard_of
from roles.models import Agency, AgencyKind, AgencyLevel, Jurisdiction, Role

from .checks import spot_check_draw
from .inspections import inspection_create
from .models import (
    PASSING_OUTCOMES,
    Inspection,
    InspectionKind,
    InspectionStatus,
    SpotCheckDraw,
)


def spot_check_agency(user: Any) -> Agency | None:
    """The municipal forestry agency the user heads (who draws its jurisdiction's spot checks)."""
    return next(
        (
            agency
            for agency in access.head_agencies(user)
            if agency.kind == AgencyKind.FORESTRY and agency.level == AgencyLevel.MUNICIPAL
        ),
        None,
    )


def _year(value: object) -> int:
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= timezone.localdate().year:
        raise InvalidInput(problems=[Problem("year", "invalid", str(MSG_YEAR_SUPERVISION))])
    return year


@transaction.atomic
@audit_appended_last
def spot_checks_draw(*, by: User, year: object, client_ip: str | None = None) -> SpotCheckDraw:
    """Draw the year's spot checks (403 not a municipal forestry head, 400 a wrong year, 409 a
    jurisdiction that draws none or a year drawn already)."""
    agency = spot_check_agency(by)
    access.require(agency is not None, MSG_NOT_MUNICIPAL_HEAD)
    assert agency is not None
    chosen = _year(year)
    standard = standard_of(agency.jurisdiction_id)
    if standard.spot_check_pct <= 0:
        raise StateConflict.on("no_spot_checks", MSG_NONE_HERE)
    # One draw a year: the jurisdiction's row, locked, makes two heads' draws take turns.
    Jurisdiction.objects.select_for_update().filter(pk=agency.jurisdiction_id).first()
    if SpotCheckDraw.objects.filter(jurisdiction_id=agency.jurisdiction_id, year=chosen).exists():
        raise StateConflict.on("already_drawn", MSG_DRAWN)
    population = _accepted_designs(agency, chosen)
    seed = secrets.token_hex(16)
    sample = spot_check_draw(population, seed, pct=standard.spot_check_pct)
    references = dict(Application.objects.filter(pk__in=population).values_list("pk", "reference"))
    draw = _draw_keep(
        SpotCheckDraw(
            jurisdiction_id=agency.jurisdiction_id,
            year=chosen,
            agency=agency,
            seed=seed,
            pct=standard.spot_check_pct,
            population=population,
            sample=sample,
            drawn_by=by,
        )
    )
    drawing = Act(by, agency, Role.HEAD, client_ip=client_ip)  # on no one application
    drawing.record(
        AuditAction.SPOT_CHECKS_DRAWN,
        details={
            "draw_id": draw.pk,
            "year": chosen,
            "pct": standard.spot_check_pct,
            "seed": seed,
            "population": [references[pk] for pk in population],
            "sample": [references[pk] for pk in sample],
        },
    )
    for application in Application.objects.filter(pk__in=sample).order_by("pk"):
        opening = Act.on(application, by, agency=agency, role=Role.HEAD, client_ip=client_ip)
        inspection_create(
            opening, InspectionKind.SPOT_CHECK, standard.as_thresholds(), draw_id=draw.pk
        )
    return draw


def _accepted_designs(agency: Agency, year: int) -> list[int]:
    """The designs of the agency's jurisdiction whose completion inspection passed in ``year``
    (the population drawn from, in order)."""
    accepted = (
        Inspection.objects.filter(
            kind=InspectionKind.COMPLETION,
            status=InspectionStatus.DONE,
            outcome__in=PASSING_OUTCOMES,
            recorded_at__year=year,
            application__jurisdiction_id=agency.jurisdiction_id,
            application__kind=Kind.TENDING,
        )
        .values_list("application_id", flat=True)
        .distinct()
    )
    return sorted(set(accepted))


def _draw_keep(draw: SpotCheckDraw) -> SpotCheckDraw:
    """The draw saved, or 409 when another head's draw of the year committed first."""
    try:
        with transaction.atomic():
            draw.save(force_insert=True)
    except IntegrityError:  # another head's draw committed first
        raise StateConflict.on("already_drawn", MSG_DRAWN) from None
    return draw
