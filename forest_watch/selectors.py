"""Reads of the 森林督查 filtered by who reads them (``forest_watch.access``)."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import CharField, Count, F, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Cast
from django.utils import timezone

from core.errors import NotVisible
from enforcement.models import Case, CaseSource
from enforcement.selectors import row_id
from permits.access import AnyUser
from roles.models import Role

from . import access
from .choices import PatchStatus
from .models import Patch, PatchLayer, Verification


def patches_visible_to(user: AnyUser) -> QuerySet[Patch]:
    """The patches ``user`` reads (``access.patch_scope``); none to anyone else."""
    scope = access.patch_scope(user)
    if scope is None:
        return Patch.objects.none()
    # The enforcement case opened from each (``services.patch_case``), in the same query.
    cases = Case.objects.filter(
        source=CaseSource.PATCH, source_id=Cast(OuterRef("pk"), CharField())
    )
    return Patch.objects.filter(scope).annotate(
        case_pk=Subquery(cases.values("pk")[:1]),
        case_number=Subquery(cases.values("number")[:1]),
        # Whether its layer is demo data (演示数据), from the join the list filters by.
        layer_demo=F("layer__demo"),
    )


def patches_listed(user: AnyUser, query: dict[str, Any]) -> QuerySet[Patch]:
    """The patches ``user`` reads, of the layer asked (else of the current layers), filtered by
    district, classification and status as asked: one query a page, whatever the count."""
    rows = patches_visible_to(user)
    layer = query.get("layer")
    if layer:  # an id past what the database holds (a page's URL) finds none, no overflow
        number = row_id(layer)
        rows = rows.filter(layer_id=number) if number is not None else rows.none()
    else:
        rows = rows.filter(layer__superseded_at__isnull=True)
    for name in ("district", "classification", "status"):
        if query.get(name):
            rows = rows.filter(**{f"{name}_id" if name == "district" else name: query[name]})
    return rows.order_by("district_id", "number", "pk")


def patches_table(rows: QuerySet[Patch]) -> QuerySet[Patch]:
    """``rows`` with what the national verification table prints of each (the district's name,
    the latest verification): three queries whatever the count."""
    latest = Prefetch(
        "verifications", queryset=Verification.objects.order_by("-recorded_at", "-pk")
    )
    return rows.select_related("district", "layer").prefetch_related(latest)


def patch_get_visible(user: AnyUser, pk: int | str) -> Patch:
    try:
        return (
            patches_visible_to(user)
            .select_related("district", "agency", "layer")
            .prefetch_related("verifications__photos")
            .get(pk=pk)
        )
    except (Patch.DoesNotExist, ValueError, TypeError):
        raise NotVisible() from None


def layers_visible_to(user: AnyUser) -> QuerySet[PatchLayer]:
    """The layers of the jurisdictions whose patches ``user`` reads in part or in whole."""
    scope = access.patch_scope(user)
    if scope is None:
        return PatchLayer.objects.none()
    jurisdictions = patches_visible_to(user).values("jurisdiction_id")
    return PatchLayer.objects.filter(jurisdiction_id__in=jurisdictions)


def layer_get_visible(user: AnyUser, pk: int | str) -> PatchLayer:
    try:
        return layers_visible_to(user).get(pk=pk)
    except (PatchLayer.DoesNotExist, ValueError, TypeError):
        raise NotVisible() from None


@dataclass(frozen=True)
class PatchesWaiting:
    """The patches of one layer waiting for one act of an agency: their count and the first
    deadline among them."""

    act: str  # "verify" (reviewers and heads) or "close" (the head)
    layer_id: int
    year: int
    agency_name: str
    count: int
    due_date: date | None
    since: date
    demo: bool = False  # the layer is demo data (演示数据)


def patches_waiting(user: AnyUser) -> list[PatchesWaiting]:
    """What waits for ``user`` in the 森林督查, a line per layer, agency and act (one query):
    the assigned patches of the agencies whose staff verify, the verified ones of those it
    heads."""
    verifying = access.agencies_acting(user, Role.REVIEWER, Role.HEAD)
    heading = access.agencies_acting(user, Role.HEAD)
    rows = (
        # The first filter implies the second's (heads verify too); it lets PostgreSQL read the
        # agencies' patches by index rather than test every patch against the OR (issue 48:
        # 284 → 82 ms at 100,000 patches, bench/README.md).
        Patch.objects.filter(
            agency_id__in=verifying, status__in=(PatchStatus.ASSIGNED, PatchStatus.VERIFIED)
        )
        .filter(
            Q(agency_id__in=verifying, status=PatchStatus.ASSIGNED)
            | Q(agency_id__in=heading, status=PatchStatus.VERIFIED)
        )
        .values(
            "status",
            "layer_id",
            "layer__year",
            "layer__imported_at",
            "layer__demo",
            "agency__name",
        )
        .annotate(count=Count("pk"), due=Min("due_date"))
        .order_by("layer_id", "agency__name", "status")
    )
    return [
        PatchesWaiting(
            "verify" if row["status"] == PatchStatus.ASSIGNED else "close",
            row["layer_id"],
            row["layer__year"],
            row["agency__name"],
            row["count"],
            row["due"],
            timezone.localdate(row["layer__imported_at"]),
            row["layer__demo"],
        )
        for row in rows
    ]
