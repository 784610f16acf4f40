from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    """林业行政处罚: cases from a patch, a report, an inspection or by hand (issue 48)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "enforcement"
    verbose_name = _("Enforcement cases")

    def ready(self) -> None:
        # A case's acts record its status on their events: the trail labels it.
        from audit.labels import labels_extend

        from .models import CaseStatus

        labels_extend("status", dict(CaseStatus.choices))
