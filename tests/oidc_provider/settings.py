"""A real OpenID Connect provider for the sign-in tests (django-oauth-toolkit), run in its own
process by tests/roles/conftest.py: its own database, its own RS256 key, its own cookies."""

import os
from pathlib import Path

from tests.provider_settings import *  # noqa: F403 - the providers' shared settings
from tests.provider_settings import BASE_APPS, BASE_MIDDLEWARE, cookie_names

HERE = Path(__file__).resolve().parent
SECRET_KEY = "oidc-provider-for-tests"  # noqa: S105
INSTALLED_APPS = [*BASE_APPS, "oauth2_provider"]
MIDDLEWARE = BASE_MIDDLEWARE
ROOT_URLCONF = "tests.oidc_provider.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [HERE / "templates"],
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "/login/"
SESSION_COOKIE_NAME, CSRF_COOKIE_NAME = cookie_names("op")
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": Path(os.environ["OP_KEY_FILE"]).read_text(),
    "OIDC_ISS_ENDPOINT": os.environ["OP_ISSUER"],
    "OAUTH2_VALIDATOR_CLASS": "tests.oidc_provider.validator.ClaimsFromFileValidator",
    "SCOPES": {"openid": "OpenID Connect", "profile": "Profile"},
    "PKCE_REQUIRED": True,
    # RP-initiated logout 1.0 (our single sign-out), back to the relying party's login page.
    "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
    "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,
}
