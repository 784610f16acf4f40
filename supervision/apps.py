from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    """Supervision after the approval (product.md §17): the review of what a permit's holder
    files, as a task of the issuing district agency (its decider and tick jobs are declared in
    settings: ``PERMITS_STEP_DECIDERS``, ``PERMITS_TICK_JOBS``)."""

    name = "supervision"
    verbose_name = _("Supervision")
