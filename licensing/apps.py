from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LicensingConfig(AppConfig):
    """The permit's own life after the grant under the Administrative Licensing Law (product.md
    §18): the holder heard before a revocation or a withdrawal, and the acts that follow."""

    name = "licensing"
    verbose_name = _("The permit's life")

    def ready(self) -> None:
        from workflows.tick import job_register

        from .lapses import permits_lapse

        # Before the documents of the tick are rendered: its 注销 notices go out the same tick.
        job_register("permits lapsed and cancelled", permits_lapse)
