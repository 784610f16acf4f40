from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    """Supervision after the approval (product.md §17): the review of what a permit's holder
    files, as a task of the issuing district agency."""

    name = "supervision"
    verbose_name = _("Supervision")

    def ready(self) -> None:
        from permits.choices import Step
        from workflows.services import STEP_DECIDERS
        from workflows.tick import job_register

        from .jobs import filing_reviews_start, rectifications_overdue, rectifications_propose
        from .reports import control_reports_draft
        from .services import filing_review_decide

        STEP_DECIDERS[Step.OBLIGATION_REVIEW] = filing_review_decide
        job_register("filing reviews started", filing_reviews_start, before="reminders")
        job_register("rectifications proposed", rectifications_propose)
        job_register("rectifications overdue", rectifications_overdue)
        job_register("yearly control reports", control_reports_draft)
