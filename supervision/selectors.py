"""Reads of supervision for the doors: the filing a review task is about, an application's
inspections and rectifications."""

from collections.abc import Iterable
from typing import Any

from viewflow.workflow.models import Task

from permits.choices import OperationType
from permits.models import Application, Filing

from .models import Inspection, InspectionStatus, Rectification


def filing_of_task(task: Task) -> Filing | None:
    """The filing a task reviews (step ``obligation_review``), with its obligation and photos;
    None for a task of the application's own review."""
    filing_id = task.process.permitprocess.filing_id
    if filing_id is None:
        return None
    return (
        Filing.objects.select_related("obligation", "filed_by", "reviewed_by")
        .prefetch_related("attachments")
        .get(pk=filing_id)
    )


def inspections_of(application: Application) -> list[Inspection]:
    """The application's inspections with their inspectors and reports, newest first."""
    return list(
        Inspection.objects.filter(application_id=application.pk)
        .select_related("report", "agency")
        .prefetch_related("inspectors")
    )


def rectifications_of(application: Application) -> list[Rectification]:
    return list(
        Rectification.objects.filter(application_id=application.pk).select_related("notice")
    )


def compartment_inspections(
    applications: Iterable[Application], compartment: str
) -> dict[int, list[dict[str, Any]]]:
    """The 小班's history after the approvals (product.md §17 A7): for each application, its
    recorded inspections that measured ``compartment``, oldest first, each ``{"kind",
    "outcome", "recorded_on", "measured_area_ha", "operation_type"}`` (one query)."""
    ids = [application.pk for application in applications]
    found: dict[int, list[dict[str, Any]]] = {pk: [] for pk in ids}
    done = Inspection.objects.filter(application_id__in=ids, status=InspectionStatus.DONE).order_by(
        "recorded_at", "pk"
    )
    for inspection in done:
        for row in inspection.results:
            if str(row.get("compartment")) != compartment:
                continue
            operation = row.get("operation_type")
            found[inspection.application_id].append(
                {
                    "kind": inspection.get_kind_display(),
                    "outcome": inspection.outcome,
                    "outcome_label": inspection.get_outcome_display(),
                    "recorded_on": inspection.recorded_at,
                    "measured_area_ha": row.get("measured_area_ha"),
                    "operation": OperationType(operation).label
                    if operation in OperationType.values
                    else "",
                    "problems": row.get("problems") or [],
                }
            )
    return found
