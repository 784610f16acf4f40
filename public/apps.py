from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    """The public side (product.md §19): what the bureaus decide, published to everyone, and what
    anyone reports to them."""

    name = "public"
    verbose_name = _("The public side")

    def ready(self) -> None:
        from workflows.tick import job_register

        from .publication import decisions_publish
        from .reports import reports_late

        # Reports from the public past their working days: the heads are told (P2).
        job_register("reports from the public late", reports_late)
        # Last of the tick: the acts of this tick are published with it (P1).
        job_register("decisions published", decisions_publish)
