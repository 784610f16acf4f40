from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = _("Workflows")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from roles.signals import role_revoked

        from .deadlines import corrections_changed
        from .models import CalendarDay
        from .services import on_role_revoked

        post_save.connect(corrections_changed, sender=CalendarDay)
        post_delete.connect(corrections_changed, sender=CalendarDay)
        role_revoked.connect(on_role_revoked, dispatch_uid="workflows.release_unheld_tasks")
