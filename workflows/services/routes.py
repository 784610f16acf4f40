"""Route edits (the admin): a route saved or deleted, each audited with the route as it was and
as it is. Running applications keep the route frozen at their submission."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from audit.choices import AuditAction
from audit.trail import audit_appended_last, configuration_record

from ..models import FeeRate, Route


def route_describe(route: Route | None) -> dict[str, Any] | None:
    """What a route says, as stored now: the before/after of its audit event."""
    if route is None or route.pk is None:
        return None
    return {
        "jurisdiction": route.jurisdiction_id,
        "kind": route.kind,
        "district_agency_kind": route.district_agency_kind,
        "final_agency": route.final_agency.code if route.final_agency is not None else None,
        "certificate_prefix": route.certificate_prefix,
        "refusal_prefix": route.refusal_prefix,
        "protection_work_final_agency": (
            route.protection_work_final_agency.code
            if route.protection_work_final_agency is not None
            else None
        ),
        "protection_work_certificate_prefix": route.protection_work_certificate_prefix,
        "protection_work_refusal_prefix": route.protection_work_refusal_prefix,
        "working_days": {str(step): days for step, days in route.step_limits().items()},
        "review_returns_max": route.review_returns_max,
        "procedure": route.procedure,
        "forward_working_days": route.forward_working_days,
        "decision_working_days": route.decision_working_days,
        "decision_extension_working_days": route.decision_extension_working_days,
        "review_correction_basis": route.review_correction_basis,
        "joint_handling_basis": route.joint_handling_basis,
        "national_thresholds_ha": route.national_thresholds(),
        "fee_reminder_days": route.fee_reminder_days,
        "interested_party_working_days": route.interested_party_working_days,
        "hearing_request_working_days": route.hearing_request_working_days,
        "hearing_held_working_days": route.hearing_held_working_days,
        "min_identity_level": route.min_identity_level,
        "consultations": [
            {"agency": c.agency.code, "habitat_domain": c.habitat_domain}
            for c in route.consultations.select_related("agency").order_by("pk")
        ],
    }


def _stored_route(pk: int | None) -> Route | None:
    return Route.objects.select_for_update().filter(pk=pk).first() if pk else None


@transaction.atomic
@audit_appended_last
def route_save(
    *, route: Route, by: User, save_related: Callable[[Route], None], client_ip: str | None = None
) -> Route:
    """Save an edited route and its consulted agencies (``save_related``), and audit both states.

    Running applications keep the route frozen at their submission; new submissions use this.
    """
    before = route_describe(_stored_route(route.pk))
    route.save()
    save_related(route)
    after = route_describe(Route.objects.get(pk=route.pk))
    configuration_record(
        AuditAction.ROUTE_CHANGED,
        {"route_id": route.pk},
        by=by,
        client_ip=client_ip,
        before=before,
        after=after,
    )
    return route


@transaction.atomic
@audit_appended_last
def route_delete(*, route: Route, by: User, client_ip: str | None = None) -> None:
    before = route_describe(_stored_route(route.pk))
    route_id = route.pk
    route.delete()
    configuration_record(
        AuditAction.ROUTE_DELETED,
        {"route_id": route_id},
        by=by,
        client_ip=client_ip,
        before=before,
        after=None,
    )


def fee_rate_describe(rate: FeeRate | None) -> dict[str, Any] | None:
    """A fee rate as stored now: the before/after of its audit event."""
    if rate is None or rate.pk is None:
        return None
    return {
        "jurisdiction": rate.jurisdiction_id,
        "land_category": rate.land_category,
        "yuan_per_m2": str(rate.yuan_per_m2),
        "commercial_factor": str(rate.commercial_factor),
        "welfare_factor": str(rate.welfare_factor),
        "urban_factor": str(rate.urban_factor),
        "source": rate.source,
    }


@transaction.atomic
@audit_appended_last
def fee_rate_save(*, rate: FeeRate, by: User, client_ip: str | None = None) -> FeeRate:
    """Save a restoration fee rate (the admin), audited with the rate as it was and as it is;
    fee notices already issued keep the figures they printed."""
    stored = FeeRate.objects.select_for_update().filter(pk=rate.pk).first() if rate.pk else None
    before = fee_rate_describe(stored)
    rate.save()
    configuration_record(
        AuditAction.FEE_RATE_CHANGED,
        {"fee_rate_id": rate.pk},
        by=by,
        client_ip=client_ip,
        before=before,
        after=fee_rate_describe(rate),
    )
    return rate


@transaction.atomic
@audit_appended_last
def fee_rate_delete(*, rate: FeeRate, by: User, client_ip: str | None = None) -> None:
    before = fee_rate_describe(rate)
    rate_id = rate.pk
    rate.delete()
    configuration_record(
        AuditAction.FEE_RATE_CHANGED,
        {"fee_rate_id": rate_id},
        by=by,
        client_ip=client_ip,
        before=before,
        after=None,
    )
