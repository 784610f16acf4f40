from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    """The public side (product.md §19): what the bureaus decide, published to everyone."""

    name = "public"
    verbose_name = _("The public side")

    def ready(self) -> None:
        from workflows.tick import job_register

        from .publication import decisions_publish

        # Last of the tick: the acts of this tick are published with it (P1).
        job_register("decisions published", decisions_publish)
