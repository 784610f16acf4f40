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


def filings_by_pk(ids: Iterable[int | None]) -> dict[int, Filing]:
    """The filings named, with their obligations (one query; none when no id is given): what
    tells two filing reviews of one application apart in a queue."""
    wanted = {pk for pk in ids if pk is not None}
    if not wanted:
        return {}
    return Filing.objects.select_related("obligation").in_bulk(wanted)


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
    recorded inspections that measured ``compartment``, oldest first (one query; see
    ``inspections_by_compartment``)."""
    ids = [application.pk for application in applications]
    found = inspections_by_compartment(ids)
    return {pk: found.get((pk, compartment), []) for pk in ids}


def inspections_by_compartment(
    application_ids: Iterable[int],
) -> dict[tuple[int, str], list[dict[str, Any]]]:
    """What the recorded inspections of these applications found on each 小班, keyed by
    (application id, 小班 code), oldest first, each ``{"kind", "kind_label", "outcome",
    "outcome_label", "recorded_on", "measured_area_ha", "operation_type", "operation",
    "problems"}``: the facts the 小班 remembers, accepted or failed, for the registry's pages
    and API (one query)."""
    found: dict[tuple[int, str], list[dict[str, Any]]] = {}
    done = Inspection.objects.filter(
        application_id__in=list(application_ids), status=InspectionStatus.DONE
    ).order_by("recorded_at", "pk")
    for inspection in done:
        for row in inspection.results:
            operation = row.get("operation_type")
            known = operation in OperationType.values
            found.setdefault((inspection.application_id, str(row.get("compartment"))), []).append(
                {
                    "kind": inspection.kind,
                    "kind_label": inspection.get_kind_display(),
                    "outcome": inspection.outcome,
                    "outcome_label": inspection.get_outcome_display(),
                    "recorded_on": inspection.recorded_at,
                    "measured_area_ha": row.get("measured_area_ha"),
                    "operation_type": operation if known else "",
                    "operation": OperationType(operation).label if known else "",
                    "problems": row.get("problems") or [],
                }
            )
    return found
