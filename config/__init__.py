# Loaded with Django so that ``shared_task`` tasks bind to this app (Celery's Django layout).
from .celery import app as celery_app

__all__ = ["celery_app"]
