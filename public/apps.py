from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    """The public side (product.md §19): what the bureaus decide, published to everyone, and what
    anyone reports to them."""

    name = "public"
    verbose_name = _("The public side")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from documents.models import Certificate

        from .publication import publication_queue

        # A deciding document is queued for publication as it is saved (P1).
        post_save.connect(
            publication_queue, sender=Certificate, dispatch_uid="public.publication_queue"
        )
