"""The holder files (product.md §17 A1, A5): against an owed obligation (``filing_submit``) or an
escape at any time (``incident_submit``); ``permits.filings`` checks and keeps the filing, and
its review starts in the same transaction (``review_start``: ``flows.FilingReviewFlow``, a task
of the issuing district agency and, for an escape, of each agency consulted on the habitat,
each on a working-day clock of the jurisdiction's supervision standard)."""

from collections.abc import Callable
from typing import ParamSpec

from django.db import transaction
from viewflow.workflow.models import Task

from audit.trail import audit_appended_last
from permits.filings import filing_create, incident_report
from permits.models import Filing
from permits.obligations import standard_of
from workflows.clock import process_clocks_start
from workflows.selectors import current_route

from ..flows import FilingReviewFlow

P = ParamSpec("P")


def _reviewed(files: Callable[P, Filing], name: str, doc: str) -> Callable[P, Filing]:
    """``files`` (``permits.filings`` checks the filing and keeps it, or refuses it: nothing is
    kept then), then the filing's review started, in one transaction."""

    @transaction.atomic
    @audit_appended_last
    def filed_and_reviewed(*args: P.args, **kwargs: P.kwargs) -> Filing:
        filing = files(*args, **kwargs)
        review_start(filing)
        return filing

    filed_and_reviewed.__name__ = filed_and_reviewed.__qualname__ = name
    filed_and_reviewed.__doc__ = doc
    return filed_and_reviewed


# The holder files against an owed obligation (``filing_create``'s keywords); its review starts.
filing_submit = _reviewed(
    filing_create,
    "filing_submit",
    "The holder files against an owed obligation; its review starts.",
)
# An escape reported by the holder at any time (``incident_report``'s keywords); its urgent
# review starts.
incident_submit = _reviewed(
    incident_report,
    "incident_submit",
    "An escape reported by the holder at any time; its urgent review starts.",
)


def review_start(filing: Filing) -> list[Task]:
    """Start the review of ``filing`` (inside the filing's transaction): its tasks, each on a
    clock of the standard's working days for the filing's kind."""
    application = filing.obligation.application
    process = FilingReviewFlow.start.run(filing=filing, route=current_route(application))
    limit = standard_of(application.jurisdiction_id).review_limit(filing.obligation.kind)
    return process_clocks_start(process_pk=process.pk, limit=limit)
