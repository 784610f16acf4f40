from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PermitsConfig(AppConfig):
    name = "permits"
    verbose_name = _("Permits")

    def ready(self):
        from django.conf import settings

        from .checkpoints import signing_key

        if not settings.PERMITS_AUDIT_KEY_AUTOCREATE:
            # Production: refuse to start without the audit signing key (ImproperlyConfigured
            # naming the file), never run with an unsigned trail.
            signing_key()
