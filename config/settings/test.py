"""Test settings: only what makes the suite faster."""

import os
import tempfile
from pathlib import Path

from config.env import relying_party  # noqa: I001

from .base import *  # noqa: F403

# The address the suite's documents print (production must set PERMITS_SITE_URL).
SITE_URL = SITE_URL or "http://127.0.0.1:8000"  # noqa: F405
OTP_WEBAUTHN_RP_ID, OTP_WEBAUTHN_ALLOWED_ORIGINS = relying_party(SITE_URL)  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECRET_KEY = "test-secret-key"  # noqa: S105
# Each pytest-xdist worker (PYTEST_XDIST_WORKER: gw0, gw1, ...) a media folder of its own; the
# suite's tests each get a temporary one anyway (tests/conftest.py), this is for what runs outside.
MEDIA_ROOT = BASE_DIR / "var" / "test-media" / os.environ.get("PYTEST_XDIST_WORKER", "main")  # noqa: E501, F405
# The second factor's tests switch it on (tests/roles/test_second_factor.py); the rest log in
# with a password, as make run does.
PERMITS_REQUIRE_2FA = False
PERMITS_INPROCESS_TICK = False  # never a ticking thread in the suite
PERMITS_LOCAL_CACHE_OK = True  # one process per xdist worker; tests that need Redis name it
# A development signing key of the test run's own (created on first use, never a real key): one
# per process, so per pytest-xdist worker too.
PERMITS_AUDIT_KEY_FILE = Path(tempfile.gettempdir()) / f"permits-test-audit-key-{os.getpid()}.pem"
PERMITS_AUDIT_KEY_AUTOCREATE = True
PERMITS_PII_KEY_FILE = Path(tempfile.gettempdir()) / f"permits-test-pii-keys-{os.getpid()}.json"
PERMITS_PII_KEY_AUTOCREATE = True
PERMITS_DOCUMENT_SIGNING_DIR = Path(tempfile.gettempdir()) / f"permits-test-signing-{os.getpid()}"
PERMITS_DOCUMENT_SIGNING_AUTOCREATE = True
# Static files straight from the apps' folders, looked up when asked for: the suite needs no
# collectstatic (tests/test_static_files.py runs it once, for the production storage).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Django logs every 4xx answer as a warning whose record holds the request; pytest keeps each
# test's records until the test ends, so a probe of thousands of requests (tests/test_every_url.py)
# kept every request it made: gigabytes, and a garbage collector walking them all. Server errors
# are still logged; axes' line per login is noise here.
LOGGING = {
    **LOGGING,  # noqa: F405
    "loggers": {
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
    },
}
# The suite files many reports from one address; tests/api/test_public_reports.py sets the
# production rates back to test the throttles themselves.
PERMITS_PUBLIC_RATES = {
    "report": {"address": "10000/m", "address_daily": "100000/d"},
    "report_attempt": {"address": "10000/m"},
    "status": {"address": "10000/m", "code": "10000/m"},
}
