"""Reads of supervision for the doors: the filing a review task is about, an application's
inspections and rectifications."""

from viewflow.workflow.models import Task

from permits.models import Application, Filing

from .models import Inspection, Rectification


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
