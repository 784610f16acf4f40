"""The Celery app (used only when ``CELERY_BROKER_URL`` is set; README "Background work").

Reads Django's settings under the ``CELERY_`` namespace and finds each app's ``celery_tasks``
module: ``workflows.tick`` (every time-driven job, scheduled by beat),
``permits.notifications_email``, ``documents.document_render``, ``documents.certificate_sign``,
``audit.checkpoint_sign_pending`` and ``public.report_photos_clean``. The modules are not
called ``tasks``, Celery's default: in this project a task is a viewflow task (``web.tasks``,
``api.views.tasks``), so the worker looks for ``celery_tasks`` instead.
"""

import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(related_name="celery_tasks")
# The app of every thread (the dev server's request threads too), not only of the one that
# imported this module: ``celery.current_app`` is otherwise thread-local.
app.set_default()


@worker_init.connect
def _production_settings_require(**kwargs: object) -> None:
    """A worker, like the web process, refuses to start without what production needs."""
    from documents.checks import production_settings_require

    production_settings_require()
