"""The holder files (product.md §17 A1, A5): against an owed obligation (``filing_submit``) or an
escape at any time (``incident_submit``); ``permits.filings`` checks and keeps the filing, and
its review starts in the same transaction (``review_start``: ``flows.FilingReviewFlow``, a task
of the issuing district agency and, for an escape, of each agency consulted on the habitat,
each on a working-day clock of the jurisdiction's supervision standard)."""

from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from viewflow.workflow.models import Task

from audit.trail import audit_appended_last
from permits.filings import filing_create, incident_report
from permits.models import Application, Filing
from permits.obligations import standard_of
from permits.uploads import Upload
from workflows.clock import process_clocks_start
from workflows.selectors import current_route

from ..flows import FilingReviewFlow


@transaction.atomic
@audit_appended_last
def filing_submit(
    *,
    obligation_id: int | str,
    by: User,
    data: Any,
    note: str = "",
    uploads: Sequence[Upload] = (),
    client_ip: str | None = None,
) -> Filing:
    """The holder files against an owed obligation; its review starts (``filing_create``
    refuses what may not be filed: nothing is kept then)."""
    filing = filing_create(
        obligation_id=obligation_id,
        by=by,
        data=data,
        note=note,
        uploads=uploads,
        client_ip=client_ip,
    )
    review_start(filing)
    return filing


@transaction.atomic
@audit_appended_last
def incident_submit(
    *,
    application: Application,
    by: User,
    data: Any,
    note: str = "",
    uploads: Sequence[Upload] = (),
    client_ip: str | None = None,
) -> Filing:
    """An escape reported by the holder at any time; its urgent review starts."""
    filing = incident_report(
        application=application,
        by=by,
        data=data,
        note=note,
        uploads=uploads,
        client_ip=client_ip,
    )
    review_start(filing)
    return filing


def review_start(filing: Filing) -> list[Task]:
    """Start the review of ``filing`` (inside the filing's transaction): its tasks, each on a
    clock of the standard's working days for the filing's kind."""
    application = filing.obligation.application
    process = FilingReviewFlow.start.run(filing=filing, route=current_route(application))
    limit = standard_of(application.jurisdiction_id).review_limit(filing.obligation.kind)
    return process_clocks_start(process_pk=process.pk, limit=limit)
