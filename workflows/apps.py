from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = _("Workflows")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from viewflow.workflow.models import Task

        from roles.signals import role_revoked

        from .clock import on_calendar_changed
        from .engine import task_created_collect
        from .models import CalendarDay
        from .services import on_role_revoked
        from .task_notifications import on_task_saved

        post_save.connect(on_calendar_changed, sender=CalendarDay)
        post_delete.connect(on_calendar_changed, sender=CalendarDay)
        post_save.connect(on_task_saved, sender=Task, dispatch_uid="workflows.task_new_notify")
        post_save.connect(task_created_collect, sender=Task, dispatch_uid="workflows.task_created")
        role_revoked.connect(on_role_revoked, dispatch_uid="workflows.release_unheld_tasks")
        self._start_inprocess_schedule()

    def _start_inprocess_schedule(self) -> None:
        from django.conf import settings

        from .schedule import inprocess_schedule_start, inprocess_schedule_wanted

        if inprocess_schedule_wanted():
            inprocess_schedule_start(settings.PERMITS_TICK_INTERVAL_SECONDS)
