"""A real CAS server for the sign-in tests (django-cas-server), run in its own process by
tests/web/test_sign_in_cas.py: its own database and cookies; people from OP_PEOPLE."""

from tests.provider_settings import *  # noqa: F403 - the providers' shared settings
from tests.provider_settings import BASE_APPS, BASE_MIDDLEWARE, cookie_names

SECRET_KEY = "cas-server-for-tests"  # noqa: S105
INSTALLED_APPS = [
    *BASE_APPS,
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "cas_server",
]
MIDDLEWARE = [*BASE_MIDDLEWARE, "django.contrib.messages.middleware.MessageMiddleware"]
ROOT_URLCONF = "tests.cas_provider.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
STATIC_URL = "/static/"
SESSION_COOKIE_NAME, CSRF_COOKIE_NAME = cookie_names("cas")
CAS_AUTH_CLASS = "tests.cas_provider.auth.PeopleAuth"
CAS_SHOW_POWERED = False
