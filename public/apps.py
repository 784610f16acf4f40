from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    """The public side (product.md §19): what the bureaus decide, published to everyone, and what
    anyone reports to them."""

    name = "public"
    verbose_name = _("The public side")

    def ready(self) -> None:
        from django.db.models.signals import post_save
        from PIL import Image

        from documents.models import Certificate

        from .publication import publication_queue
        from .reports.photos import PHOTO_MAX_PIXELS

        # Pillow's own guard against decompression bombs, far below its default (89 MP): a file
        # of more than twice this many pixels raises at ``Image.open``, before any decoding.
        Image.MAX_IMAGE_PIXELS = PHOTO_MAX_PIXELS

        # A deciding document is queued for publication as it is saved (P1).
        post_save.connect(
            publication_queue, sender=Certificate, dispatch_uid="public.publication_queue"
        )
