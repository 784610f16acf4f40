import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
application = get_wsgi_application()

# Refuse to serve without what production needs (documents.checks), naming what is missing.
from documents.checks import production_settings_require  # noqa: E402

production_settings_require()
