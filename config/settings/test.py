"""Test settings: only what makes the suite faster."""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECRET_KEY = "test-secret-key"  # noqa: S105
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
