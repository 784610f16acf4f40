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
        from workflows.tick import job_register

        from .appraisal import appraisals_refresh
        from .publication import decisions_publish, publication_queue
        from .reports import report_contacts_erase, reports_late

        # Reports from the public past their working days: the heads are told (P2).
        job_register("reports from the public late", reports_late)
        # The reporter's contact erased the standard's days after closing (P2, F37).
        job_register("reporters' contacts erased", report_contacts_erase)
        # The appraisal's figures of the quarter just ended (once) and of this one (P3): last,
        # the longest job at a million records, and no other waits for it.
        job_register("appraisals computed", appraisals_refresh, before=None)
        # A deciding document is queued for publication as it is saved (P1).
        post_save.connect(
            publication_queue, sender=Certificate, dispatch_uid="public.publication_queue"
        )
        # Last of the tick: the acts of this tick are published with it (P1).
        job_register("decisions published", decisions_publish)
