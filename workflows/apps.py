from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = _("Workflows")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .deadlines import corrections_changed
        from .models import CalendarDay

        post_save.connect(corrections_changed, sender=CalendarDay)
        post_delete.connect(corrections_changed, sender=CalendarDay)
