from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LicensingConfig(AppConfig):
    """The permit's own life after the grant under the Administrative Licensing Law (product.md
    §18): the holder heard before a revocation or a withdrawal, and the acts that follow (its
    deciders and tick jobs are declared in settings: ``PERMITS_STEP_DECIDERS``,
    ``PERMITS_TICK_JOBS``)."""

    name = "licensing"
    verbose_name = _("The permit's life")
