"""What the holder files after the approval and its review (product.md §17 A1, A4, A5).

A filing (``permits.filings``: its data checked per kind, its photos stored) starts a review
(``flows.FilingReviewFlow``) in the same transaction: a task of the issuing district agency,
and for an escape incident of each agency consulted on the habitat, each on a working-day clock
of the jurisdiction's supervision standard (reminded and escalated by the tick like every
step's, ``workflows.clock_jobs``). The district agency decides the filing: ``accept``,
``return`` (items; the obligation is owed again, with days to correct) or ``non_compliant``
(the permit is found not kept). A consulted agency accepts or finds it not compliant; its word
is recorded beside the district agency's. ``workflows.services.task_decide`` hands this step's
task to ``filing_review_decide`` (``PERMITS_STEP_DECIDERS``) under the locks it took.

One module per act: ``filings`` (the holder files; the review starts), ``review`` (the review
task's decider) and ``outcomes`` (what its decision does to the filing, the obligation and the
permit, and what the holder is told). Callers import from ``supervision.services``, which
re-exports the public names below (the settings' ``PERMITS_STEP_DECIDERS`` names the decider
here).
"""

from .filings import filing_submit, incident_submit, review_start
from .outcomes import OBLIGATION_AFTER
from .review import (
    CONSULTED_DECISIONS,
    FILING_EXTRA_FIELDS,
    decisions_offered,
    filing_review_decide,
)

__all__ = [
    "decisions_offered",
    "filing_review_decide",
    "filing_submit",
    "incident_submit",
    "review_start",
    "CONSULTED_DECISIONS",
    "FILING_EXTRA_FIELDS",
    "OBLIGATION_AFTER",
]
