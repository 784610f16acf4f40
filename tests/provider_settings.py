"""What the two identity providers the sign-in tests start in their own processes share
(tests/oidc_provider: django-oauth-toolkit; tests/cas_provider: django-cas-server): a database
of their own (OP_DATABASE), local addresses only, and cookies named apart from ours (the relying
party's test client shares 127.0.0.1; cookies ignore ports)."""

import os

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
BASE_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
]
BASE_MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["OP_DATABASE"]}}
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"


def cookie_names(prefix: str) -> tuple[str, str]:
    """The session and CSRF cookie names of a provider, apart from ours."""
    return f"{prefix}_session", f"{prefix}_csrf"
