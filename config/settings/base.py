"""Settings for every environment, read from the environment (12-factor).

Production behaviour is switched by environment variables only; see docs/deployment.md.
"""

import importlib.util
from datetime import timedelta
from pathlib import Path
from typing import Any

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

from config.env import (
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_path,
    env_str,
    env_url,
    relying_party,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# django-environ only parses DATABASE_URL and CACHE_URL; everything else goes through config.env,
# whose helpers refuse a value they cannot read (ImproperlyConfigured naming the variable).
DEBUG = env_bool("DJANGO_DEBUG", default=False)
# Empty without DEBUG: Django then refuses to start until DJANGO_SECRET_KEY is set.
SECRET_KEY = env_str("DJANGO_SECRET_KEY", default="insecure-dev-key-change-me" if DEBUG else "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# The absolute address printed into documents' QR codes (the public verification page) and mail.
# Required without DEBUG: the web and worker processes refuse to start without it
# (documents.checks), so that no document points at 127.0.0.1; management commands do not need it.
SITE_URL = env_url("PERMITS_SITE_URL", default="http://127.0.0.1:8000" if DEBUG else "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles: runserver (make run) leaves /static/ to WhiteNoise, as in production.
    "whitenoise.runserver_nostatic",
    "config.staticfiles.PermitsStaticFilesConfig",  # django.contrib.staticfiles
    "django.contrib.humanize",
    "django_filters",
    "rest_framework",
    # knox: API tokens that expire (api/authentication.py, audit/api_tokens.py)
    "config.app_names.ApiTokensConfig",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "config.app_names.ObjectPermissionsConfig",  # guardian
    "config.app_names.LoginLockoutsConfig",  # axes
    # django_cas_ng: its service tickets' table; used under PERMITS_IDENTITY_PROVIDER=cas
    "config.app_names.CasTicketsConfig",
    "csp",
    # The second factor (roles/second_factor.py): TOTP devices and recovery codes.
    "django_otp",
    "config.app_names.AuthenticatorAppsConfig",  # django_otp.plugins.otp_totp
    "config.app_names.RecoveryCodesConfig",  # django_otp.plugins.otp_static
    "config.app_names.PasskeysConfig",  # django_otp_webauthn: passkeys (web/passkeys.py)
    "viewflow",
    "viewflow.workflow",
    "roles",
    "zones",
    "plans",
    "audit",
    "permits",
    "documents",
    "workflows",
    "supervision",
    "licensing",
    "public",
    "forest_watch",
    "enforcement",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # /static/ answered here, before sessions and the rest: compressed files, and hashed names
    # cached for a year (docs/deployment.md "Static files").
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.SessionRenewalMiddleware",
    "config.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.NotFoundPageUnderDebugMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A session ends PERMITS_SESSION_ABSOLUTE_HOURS after its sign-in, however active.
    "config.middleware.SessionAbsoluteLifetimeMiddleware",
    # A person who must pass a second factor reaches nothing but its pages until they have.
    "config.middleware.SecondFactorMiddleware",
    # A password older than PERMITS_PASSWORD_MAX_AGE_DAYS: its owner is sent to change it.
    "config.middleware.PasswordAgeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # After CSP, so that its 400 and 413 pages carry the policy too; before anything reads a body.
    "core.middleware.RequestBodyCapMiddleware",
    "core.middleware.RefuseNulMiddleware",
    "config.middleware.NoStoreForAuthenticatedMiddleware",
    # Turns a locked-out web or admin login into the lockout page; after the auth middleware.
    "axes.middleware.AxesMiddleware",
    # A reading request's memberships asked once; before viewflow's app permissions.
    "config.middleware.MembershipsReadOnceMiddleware",
    # viewflow's templates need request.resolver_match.app: these two come last.
    "viewflow.middleware.SiteMiddleware",
    "viewflow.middleware.HotwireTurboMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "web.context.notifications",
                "web.context.account",
                "web.context.maps",
            ],
            # The pages' own filters ({% load permits_text %}): web is a door, not an app.
            "libraries": {"permits_text": "web.text", "permits_forms": "web.error_summary"},
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE: a write race's loser waits, then gets a clean refusal, not "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Connections (docs/deployment.md "Production layout"): kept open this many seconds per process
# (0: one per request), checked before reuse so that a database restart costs no failed request.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("PERMITS_DB_CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env_bool("PERMITS_DB_CONN_HEALTH_CHECKS", default=True)
# Behind PgBouncer in transaction pooling, a server-side cursor (QuerySet.iterator() outside a
# transaction) would outlive its transaction's server connection: the driver fetches whole results.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool(
    "PERMITS_DB_PGBOUNCER", default=False
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# Outside development a per-process cache is refused at start (documents.checks): the rate limits
# below must count across workers. A trial on one machine (``make serve``) may say it knows.
PERMITS_LOCAL_CACHE_OK = env_bool("PERMITS_LOCAL_CACHE_OK", default=False)
# The public doors' throttles (public/throttle.py), counted in the cache above, each count raised
# atomically before it is checked: CACHE_URL must name the shared Redis (docs/deployment.md) or
# each gunicorn worker counts alone. A report from the public: per address an hour and a day
# (reports kept), and every post an hour; a tracking code's status: per address and per code,
# an hour.
# The appraisal (product.md §19 P3) is read from the tick's snapshot: the current quarter's is
# computed again when older than this (an ended quarter's once, then kept).
PERMITS_APPRAISAL_REFRESH_MINUTES = env_int(
    "PERMITS_APPRAISAL_REFRESH_MINUTES", default=15, minimum=1
)
PERMITS_PUBLIC_RATES = {
    "report": {
        "address": env.str("PERMITS_REPORT_RATE", default="5/h"),
        "address_daily": env.str("PERMITS_REPORT_DAILY_RATE", default="20/d"),
    },
    # Every post of the form, kept or refused (a refused one costs no storage).
    "report_attempt": {"address": env.str("PERMITS_REPORT_ATTEMPT_RATE", default="60/h")},
    "status": {
        "address": env.str("PERMITS_STATUS_RATE", default="60/h"),
        "code": env.str("PERMITS_STATUS_CODE_RATE", default="30/h"),
    },
}

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account or address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Unified sign-in (issue 47 item 1; docs/deployment.md "Sign-in through a provider"): local
# accounts (the demo), an OpenID Connect provider (mozilla-django-oidc) or a CAS server
# (django-cas-ng). Local accounts keep working beside a provider: recovery and the demo.
PERMITS_IDENTITY_PROVIDER = env_choice(
    "PERMITS_IDENTITY_PROVIDER", ("local", "oidc", "cas"), default="local"
)
if PERMITS_IDENTITY_PROVIDER == "oidc":
    AUTHENTICATION_BACKENDS.insert(1, "web.identity_providers.OidcBackend")
elif PERMITS_IDENTITY_PROVIDER == "cas":
    AUTHENTICATION_BACKENDS.insert(1, "web.identity_providers.CasBackend")
_OIDC_REQUIRED = PERMITS_IDENTITY_PROVIDER == "oidc"
OIDC_OP_ISSUER = env_str("PERMITS_OIDC_ISSUER", default=None if _OIDC_REQUIRED else "")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str(
    "PERMITS_OIDC_AUTHORIZATION_ENDPOINT", default=None if _OIDC_REQUIRED else ""
)
OIDC_OP_TOKEN_ENDPOINT = env_str(
    "PERMITS_OIDC_TOKEN_ENDPOINT", default=None if _OIDC_REQUIRED else ""
)
OIDC_OP_USER_ENDPOINT = env_str(
    "PERMITS_OIDC_USERINFO_ENDPOINT", default=None if _OIDC_REQUIRED else ""
)
OIDC_OP_JWKS_ENDPOINT = env_str(
    "PERMITS_OIDC_JWKS_ENDPOINT", default=None if _OIDC_REQUIRED else ""
)
OIDC_RP_CLIENT_ID = env_str("PERMITS_OIDC_CLIENT_ID", default=None if _OIDC_REQUIRED else "")
OIDC_RP_CLIENT_SECRET = env_str(
    "PERMITS_OIDC_CLIENT_SECRET", default=None if _OIDC_REQUIRED else ""
)
OIDC_RP_SIGN_ALGO = env_choice(
    "PERMITS_OIDC_SIGN_ALGO", ("rs256", "es256"), default="rs256"
).upper()
OIDC_RP_SCOPES = env_str("PERMITS_OIDC_SCOPES", default="openid profile")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = env_int("PERMITS_OIDC_TIMEOUT_SECONDS", default=10, minimum=1)
# RP-initiated logout 1.0: signing out here ends the provider's session (its end-session
# endpoint; empty: the provider's session is left to itself). The ID token is kept in the
# session as the logout's hint.
PERMITS_OIDC_END_SESSION_ENDPOINT = env_str("PERMITS_OIDC_END_SESSION_ENDPOINT", default="")
OIDC_STORE_ID_TOKEN = True
OIDC_CREATE_USER = False  # roles.sign_in decides who gets an account, never the library
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc-callback"
# A provider's clock may run a little ahead of ours (ID token iat/exp).
PERMITS_OIDC_CLOCK_SKEW_SECONDS = env_int("PERMITS_OIDC_CLOCK_SKEW_SECONDS", default=60)
CAS_SERVER_URL = env_str(
    "PERMITS_CAS_SERVER_URL", default=None if PERMITS_IDENTITY_PROVIDER == "cas" else ""
)
CAS_VERSION = env_choice("PERMITS_CAS_VERSION", ("1", "2", "3"), default="3")
CAS_CREATE_USER = False  # as OIDC_CREATE_USER
CAS_STORE_NEXT = True
# The names under which the provider asserts each fact (the claim mapping table of
# docs/deployment.md); a province platform's adapter maps its fields to these names too.
PERMITS_IDENTITY_CLAIM_SUBJECT = env_str("PERMITS_IDENTITY_CLAIM_SUBJECT", default="sub")
PERMITS_IDENTITY_CLAIM_USERNAME = env_str(
    "PERMITS_IDENTITY_CLAIM_USERNAME", default="preferred_username"
)
PERMITS_IDENTITY_CLAIM_NAME = env_str("PERMITS_IDENTITY_CLAIM_NAME", default="name")
PERMITS_IDENTITY_CLAIM_CREDIT_CODE = env_str(
    "PERMITS_IDENTITY_CLAIM_CREDIT_CODE", default="unified_social_credit_code"
)
PERMITS_IDENTITY_CLAIM_LEVEL = env_str("PERMITS_IDENTITY_CLAIM_LEVEL", default="real_name_level")
PERMITS_IDENTITY_CLAIM_ACR = env_str("PERMITS_IDENTITY_CLAIM_ACR", default="acr")
PERMITS_IDENTITY_CLAIM_AMR = env_str("PERMITS_IDENTITY_CLAIM_AMR", default="amr")
# The acr values, and the amr entries (RFC 8176), by which the provider says two factors were
# used: the sign-in then counts as the second factor's too.
PERMITS_IDENTITY_TWO_FACTOR_ACR = env_list("PERMITS_IDENTITY_TWO_FACTOR_ACR", default=[])
PERMITS_IDENTITY_TWO_FACTOR_AMR = env_list("PERMITS_IDENTITY_TWO_FACTOR_AMR", default=["mfa"])
# Opt-in: a provider username naming a provisioned account links it at first sign-in.
PERMITS_IDENTITY_MATCH_USERNAME = env_bool("PERMITS_IDENTITY_MATCH_USERNAME", default=False)
# Argon2id first (roles/hashers.py: a login's CPU was mostly PBKDF2's million rounds); the
# others only verify older hashes, which are rewritten with Argon2id at the user's next login.
PASSWORD_HASHERS = [
    "roles.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user object; the public pages need none.
GUARDIAN_RAISE_403 = False

# The password policy (roles/passwords.py, docs/deployment.md "Password policy"): Django's
# three validators, a minimum length, the character classes a password mixes, the last N
# passwords not reused; a password older than the maximum age (0: none) must be changed.
PERMITS_PASSWORD_MIN_LENGTH = env_int("PERMITS_PASSWORD_MIN_LENGTH", default=10, minimum=8)
PERMITS_PASSWORD_MIN_CLASSES = env_int("PERMITS_PASSWORD_MIN_CLASSES", default=3, minimum=1)
if PERMITS_PASSWORD_MIN_CLASSES > 4:
    raise ImproperlyConfigured("PERMITS_PASSWORD_MIN_CLASSES: at most 4.")
PERMITS_PASSWORD_HISTORY = env_int("PERMITS_PASSWORD_HISTORY", default=5, minimum=0)
PERMITS_PASSWORD_MAX_AGE_DAYS = env_int("PERMITS_PASSWORD_MAX_AGE_DAYS", default=0, minimum=0)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PERMITS_PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {
        "NAME": "roles.passwords.CharacterClassesValidator",
        "OPTIONS": {"min_classes": PERMITS_PASSWORD_MIN_CLASSES},
    },
    {
        "NAME": "roles.passwords.PasswordHistoryValidator",
        "OPTIONS": {"count": PERMITS_PASSWORD_HISTORY},
    },
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

# The second factor (docs/deployment.md "Second factor"): when on, every official and every
# staff account passes TOTP or a recovery code after the password, on the web and at the API's
# token door; an applicant who enrolled is asked too. On unless DEBUG (production, make serve);
# off for make run and the suite unless set.
PERMITS_REQUIRE_2FA = env_bool("PERMITS_REQUIRE_2FA", default=not DEBUG)
# The demo officials' TOTP secret (base32, seed_demo; README "Demo"): published, demo only.
PERMITS_DEMO_TOTP_SECRET = env_str(
    "PERMITS_DEMO_TOTP_SECRET", default="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
)
# The name an authenticator app shows beside the account.
OTP_TOTP_ISSUER = "Forestry permits"
# django-otp doubles a device's wait after each failure from the second on (1 s, 2 s, 4 s...);
# the failures are also counted as failed logins (roles.login_throttling's locks).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# Passkeys (WebAuthn, django-otp-webauthn; web/passkeys.py, docs/deployment.md "Second factor"):
# the relying party is the site of PERMITS_SITE_URL (a passkey is bound to its domain; changing
# the domain means enrolling passkeys again), the name a browser shows when one is made is
# PERMITS_WEBAUTHN_RP_NAME. A passkey is a second factor here, after the password: never a
# sign-in by itself.
OTP_WEBAUTHN_RP_ID, OTP_WEBAUTHN_ALLOWED_ORIGINS = relying_party(SITE_URL)
OTP_WEBAUTHN_RP_NAME = env_str("PERMITS_WEBAUTHN_RP_NAME", default="林业行政许可")
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
# A forged or replayed answer is a failed login on the chain (audit.sign_ins), not a traceback
# in the log for each attempt.
OTP_WEBAUTHN_EXCEPTION_LOGGER_NAME = ""

# Failed-login throttling on every door (roles/login_throttling.py, docs/deployment.md).
AXES_ENABLED = True
AXES_HANDLER = "roles.login_throttling.AccountOrAddressHandler"
# The attempts axes resets or lists together: one account from one address. The limits proper
# (one account from one address, one address, one account from unfamiliar addresses) are
# roles.login_throttling's.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env_int("PERMITS_LOGIN_ACCOUNT_FAILURE_LIMIT", default=5, minimum=1)
PERMITS_LOGIN_ADDRESS_FAILURE_LIMIT = env_int(
    "PERMITS_LOGIN_ADDRESS_FAILURE_LIMIT", default=50, minimum=1
)
PERMITS_LOGIN_ACCOUNT_WIDE_FAILURE_LIMIT = env_int(
    "PERMITS_LOGIN_ACCOUNT_WIDE_FAILURE_LIMIT", default=20, minimum=1
)
PERMITS_LOGIN_FAMILIAR_DAYS = env_int("PERMITS_LOGIN_FAMILIAR_DAYS", default=90, minimum=1)
_LOGIN_COOL_OFF_MINUTES = env_int("PERMITS_LOGIN_COOL_OFF_MINUTES", default=15, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=_LOGIN_COOL_OFF_MINUTES)
# Attempts during a lockout do not prolong it: the lock always ends one cool-off after it began.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "roles.login_throttling.lockout_response"
AXES_USERNAME_CALLABLE = "roles.login_throttling.attempted_username"
# axes' default for auth.User (its USERNAME_FIELD), stated because attempted_username reads it.
AXES_USERNAME_FORM_FIELD = "username"
AXES_HTTP_RESPONSE_CODE = 429
# Reverse proxies in front of Django that append to X-Forwarded-For; 0: REMOTE_ADDR is the client.
AXES_IPWARE_PROXY_COUNT = env_int("PERMITS_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "config.client_address.client_ip"

# Simplified Chinese is the default; English is available through the language switch.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "viewflow"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Project-wide static files: the pages' stylesheets and scripts (static/web/), the admin's sheet.
# Leaflet from the django-leaflet package, served from here under /static/leaflet/ (no CDN: the
# CSP and offline use), for the maps people draw on and read (static/web/site_map.js). Its
# folder, not its app: the app's admin needs GeoDjango's GDAL, which the project does without.
_LEAFLET_SPEC = importlib.util.find_spec("leaflet")
if _LEAFLET_SPEC is None or not _LEAFLET_SPEC.submodule_search_locations:
    raise ImproperlyConfigured("Install django-leaflet (pyproject.toml): the maps need Leaflet.")
LEAFLET_STATIC = Path(list(_LEAFLET_SPEC.submodule_search_locations)[0]) / "static" / "leaflet"
STATICFILES_DIRS = [BASE_DIR / "static", ("leaflet", LEAFLET_STATIC)]
STATIC_ROOT = env_path("DJANGO_STATIC_ROOT", default=BASE_DIR / "var" / "static")
# Not compressed at collectstatic (on top of WhiteNoise's images, archives and woff/woff2):
# source maps, read only by developer tools, and the font formats no current browser loads.
_NOT_COMPRESSED = ("map", "eot", "ttf", "otf")
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, *_NOT_COMPRESSED]
# Pages load static files from our own origin only (the CSP says so): no CORS header for others.
WHITENOISE_ALLOW_ALL_ORIGINS = False
# Uploads live outside the web root and are only served through permission-checked views.
MEDIA_ROOT = env_path("PERMITS_MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Where attachments and documents are stored, read and written only through the storage API: a
# directory (MEDIA_ROOT, shared by every web and worker machine) or S3-compatible object storage.
# Objects are private and never linked to: every download goes through a permission check.
PERMITS_STORAGE = env_choice("PERMITS_STORAGE", ("local", "s3"), default="local")
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Without DEBUG, collectstatic (each release) writes every file under a name carrying its
    # content's hash, plus gzip and Brotli copies; pages link the hashed names, which WhiteNoise
    # serves with a year's immutable caching. Under DEBUG (make run) files are served as they are.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
if PERMITS_STORAGE == "s3":
    # Objects are written private; a bucket with ACLs disabled (AWS's default since 2023: its
    # policy alone decides) refuses any ACL, so PERMITS_S3_ACL=none sends none.
    _s3_acl = env_choice("PERMITS_S3_ACL", ("private", "none"), default="private")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("PERMITS_S3_BUCKET"),
            "endpoint_url": env_url("PERMITS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("PERMITS_S3_REGION", default="") or None,
            # Unset: boto3's own chain (AWS_* variables, an instance role).
            "access_key": env_str("PERMITS_S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env_str("PERMITS_S3_SECRET_ACCESS_KEY", default="") or None,
            "location": env_str("PERMITS_S3_PREFIX", default=""),
            "addressing_style": env_choice(
                "PERMITS_S3_ADDRESSING_STYLE", ("auto", "path", "virtual"), default="auto"
            ),
            "default_acl": None if _s3_acl == "none" else _s3_acl,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
PERMITS_UPLOAD_MAX_BYTES = env_int("PERMITS_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Django's bounds of a form body (its defaults, stated): past them, 400 `too_many_parts` in the
# API's format under /api/, our 400 page elsewhere (core.middleware).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1_000
DATA_UPLOAD_MAX_NUMBER_FILES = 100
# What a request's body may hold, refused by its Content-Length before it is read (issue 45 item
# 6; core.middleware.RequestBodyCapMiddleware): at a door named below, its cap with files
# (multipart) and without; anywhere else PERMITS_REQUEST_MAX_BYTES (an upload and its form, as
# the reverse proxy's client_max_body_size: docs/deployment.md).
PERMITS_REQUEST_MAX_BYTES = env_int(
    "PERMITS_REQUEST_MAX_BYTES", default=PERMITS_UPLOAD_MAX_BYTES + 1024 * 1024, minimum=1
)
# A report from the public: three photos of 5 MB and its fields; without photos, a description of
# 2000 characters and a place of 500 corners fit many times in 64 KB.
PUBLIC_REPORT_MAX_BYTES = 3 * 5 * 1024 * 1024 + 1024 * 1024
PUBLIC_REPORT_TEXT_MAX_BYTES = 64 * 1024
PERMITS_REQUEST_DOORS = [
    ("/api/v1/public/reports/", PUBLIC_REPORT_MAX_BYTES, PUBLIC_REPORT_TEXT_MAX_BYTES),
    ("/public/reports/new/", PUBLIC_REPORT_MAX_BYTES, PUBLIC_REPORT_TEXT_MAX_BYTES),
]
# Statutory time limit of one review step, in working days (Administrative Licensing Law art. 42).
PERMITS_STEP_WORKING_DAYS = env_int("PERMITS_STEP_WORKING_DAYS", default=20, minimum=1)
# Personal data at rest (issue 49; docs/deployment.md, Personal data at rest): contacts and phones
# are stored encrypted with SM4-GCM (or AES-256-GCM) under the keys of a JSON key file, or of the
# class a dotted PERMITS_PII_KEY_PROVIDER names (a KMS or 密码机 adapter: core.pii.KeyProvider).
# The file is created when absent only where PERMITS_PII_KEY_AUTOCREATE is on (DEBUG: make run);
# elsewhere a missing, unreadable or wrong key stops the web and worker processes.
PERMITS_PII_CIPHER = env_choice("PERMITS_PII_CIPHER", ("sm4", "aes-gcm"), default="sm4")
PERMITS_PII_KEY_PROVIDER = env_str("PERMITS_PII_KEY_PROVIDER", default="file")
PERMITS_PII_KEY_FILE = env_path("PERMITS_PII_KEY_FILE", default=BASE_DIR / "var" / "pii-keys.json")
PERMITS_PII_KEY_AUTOCREATE = env_bool("PERMITS_PII_KEY_AUTOCREATE", default=DEBUG)
# Signed audit checkpoints (product.md §13): an Ed25519 private key (PEM, PKCS#8) outside the
# database. Created when absent only where PERMITS_AUDIT_KEY_AUTOCREATE is on (DEBUG: make run);
# elsewhere a missing or unreadable key stops the web and worker processes (documents.checks).
PERMITS_AUDIT_KEY_FILE = env_path(
    "PERMITS_AUDIT_KEY_FILE", default=BASE_DIR / "var" / "audit-signing-key.pem"
)
PERMITS_AUDIT_KEY_AUTOCREATE = env_bool("PERMITS_AUDIT_KEY_AUTOCREATE", default=DEBUG)
# The algorithms of a new installation's audit trust (issue 49, docs/deployment.md): the Merkle
# tree's hash (chosen once, when the first event is recorded) and the checkpoints' signature
# (the key file's algorithm must be this one; changing both is a key rotation).
PERMITS_AUDIT_HASH = env_choice("PERMITS_AUDIT_HASH", ("sha256", "sm3"), default="sha256")
PERMITS_AUDIT_SIGNATURE = env_choice(
    "PERMITS_AUDIT_SIGNATURE", ("ed25519", "sm2"), default="ed25519"
)
# A checkpoint follows every commit that appends events, outside the chain head's lock: at once
# in the committing process, or with Celery this many seconds later (commits meanwhile share it).
PERMITS_AUDIT_CHECKPOINT_SECONDS = env_int("PERMITS_AUDIT_CHECKPOINT_SECONDS", default=2, minimum=0)
# Where each new checkpoint is also written as a file, for shipping outside the database.
PERMITS_AUDIT_CHECKPOINT_DIR = env_str("PERMITS_AUDIT_CHECKPOINT_DIR", default="")
# PAdES signatures of every document (product.md §13): per agency, <code>.key.pem (PKCS#8) and
# <code>.cert.pem (its certificate, then the chain) in this directory. Created under a development
# CA when absent only where PERMITS_DOCUMENT_SIGNING_AUTOCREATE is on (DEBUG: make run).
PERMITS_DOCUMENT_SIGNING_DIR = env_path(
    "PERMITS_DOCUMENT_SIGNING_DIR", default=BASE_DIR / "var" / "document-signing"
)
PERMITS_DOCUMENT_SIGNING_AUTOCREATE = env_bool("PERMITS_DOCUMENT_SIGNING_AUTOCREATE", default=DEBUG)
# The seal (行政许可法 arts. 32, 38, 39: the agency's 专用印章) until an official e-seal is
# configured (issue 46; the PAdES key above is not one): "wet" prints a blank seal area and the
# agency records who sealed which paper original when; "unsealed" marks every PDF as an
# electronic copy without the seal. docs/deployment.md "The seal".
PERMITS_SEAL_MODE = env_choice("PERMITS_SEAL_MODE", ("wet", "unsealed"), default="wet")
# Who seals each document (issue 49; documents.sealing, docs/deployment.md "The seal"): "pades",
# the agency's PAdES signature with the certificate installed above (the development CA only
# under DEBUG); "eseal", the province's e-seal platform over HTTP (SM2 over the file's SM3
# digest); "wet", the paper original sealed by hand and recorded (PERMITS_SEAL_MODE above).
PERMITS_SEAL_PROVIDER = env_choice(
    "PERMITS_SEAL_PROVIDER", ("pades", "eseal", "wet"), default="wet"
)
# The e-seal platform: its address (POST <url>/seal), the bearer token it issued this system,
# how long one call may take, and its seal keys this system trusts (SM2 public keys, hex).
PERMITS_ESEAL_URL = env_url("PERMITS_ESEAL_URL")
PERMITS_ESEAL_TOKEN = env_str("PERMITS_ESEAL_TOKEN", default="")
PERMITS_ESEAL_TIMEOUT_SECONDS = env_int("PERMITS_ESEAL_TIMEOUT_SECONDS", default=5, minimum=1)
PERMITS_ESEAL_PUBLIC_KEYS = env_list("PERMITS_ESEAL_PUBLIC_KEYS", default=[])
# A sealing the platform could not do now is tried again after 30 s, doubling to this cap.
PERMITS_SEAL_RETRY_MAX_SECONDS = env_int("PERMITS_SEAL_RETRY_MAX_SECONDS", default=3600, minimum=30)
# Defaults for routes without their own limits (Administrative Licensing Law arts. 32, 42, 43).
PERMITS_ACCEPTANCE_WORKING_DAYS = env_int("PERMITS_ACCEPTANCE_WORKING_DAYS", default=5, minimum=1)
PERMITS_REMINDER_WORKING_DAYS = env_int("PERMITS_REMINDER_WORKING_DAYS", default=3, minimum=0)

# E-mail (product.md §12): printed to the console unless an SMTP server is configured.
EMAIL_HOST = env_str("EMAIL_HOST", default="")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", default=25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", default=10, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="permits@localhost")

# Background work (product.md §12, README "Background work"). Without a broker, `make run` ticks
# in-process and mail leaves in-process after commit; with one, Celery worker and beat do both.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", default="")
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A report's photos are decoded off the request (issue 45 item 4); bounded by their headers, three
# cost a few seconds at most, and a worker never spends more than a minute on them.
CELERY_TASK_ANNOTATIONS = {"public.report_photos_clean": {"soft_time_limit": 60, "time_limit": 70}}
PERMITS_TICK_INTERVAL_SECONDS = env_int("PERMITS_TICK_INTERVAL_SECONDS", default=60, minimum=1)
CELERY_BEAT_SCHEDULE = {
    "permits-tick": {"task": "workflows.tick", "schedule": float(PERMITS_TICK_INTERVAL_SECONDS)},
}
# The tick's jobs, each once, in the order they run (product.md §12; ``workflows.tick``): a name
# and the dotted path of a ``callable(now) -> int`` that does what is due and says how many, read
# as MIDDLEWARE is (a job of an app above workflows is named here, never registered by it).
PERMITS_TICK_JOBS = [
    # A deemed acceptance starts its review clock before the reminders look at clocks.
    ("deemed acceptances", "workflows.clock_jobs.acceptances_deem"),
    # A filing due for review gets its task and clock before the reminders too (§17).
    ("filing reviews started", "supervision.jobs.filing_reviews_start"),
    ("reminders", "workflows.clock_jobs.reminders_send"),
    ("escalations", "workflows.clock_jobs.escalations_send"),
    ("unpaid fees", "workflows.clock_jobs.fees_unpaid_report"),
    # A hearing not held by art. 47's day: the agency's heads are told once.
    ("hearings overdue", "workflows.clock_jobs.hearings_overdue_report"),
    # Before the permits' ends: a renewal left undecided is granted by the law the day after the
    # last day (行政许可法 art. 50(2)), and the permit does not end.
    ("renewals granted by law", "licensing.requests.renewals_deem"),
    # A permit expires before its obligations are looked at.
    ("expired or use ended", "permits.jobs.permits_expire"),
    # After the ends: a request left open on a permit that ended by its period is closed.
    ("permit requests closed", "licensing.requests.requests_orphaned_close"),
    ("obligations due", "permits.jobs.obligations_remind"),
    ("overdue obligations", "permits.jobs.obligations_overdue"),
    ("rectifications proposed", "supervision.jobs.rectifications_propose"),
    ("rectifications overdue", "supervision.jobs.rectifications_overdue"),
    ("yearly control reports", "supervision.reports.control_reports_draft"),
    # Before the tick's documents are rendered: its 注销 notices go out the same tick.
    ("permits lapsed and cancelled", "licensing.lapses.permits_lapse"),
    # An introduction's window closes (§18 B6): recorded once, the holder told.
    ("introduction windows closed", "licensing.windows.introduction_windows_close"),
    # Reports from the public past their working days: the heads are told (P2).
    ("reports from the public late", "public.reports.reports_late"),
    # An enforcement case's period passed (立案, 行政处罚法 art. 60, the fine, the replanting):
    # the agency's heads are told once for each period and day.
    ("enforcement periods passed", "enforcement.jobs.cases_overdue_report"),
    # The reporter's contact erased the standard's days after closing (P2, F37).
    ("reporters' contacts erased", "public.reports.report_contacts_erase"),
    # The acts of this tick are published with it (P1).
    ("decisions published", "public.publication.decisions_publish"),
    # What the jobs above issued is rendered and signed in the same tick.
    ("rendered documents", "documents.jobs.documents_render"),
    ("signed documents", "documents.jobs.documents_sign"),
    # Sealings the e-seal platform could not do (down, slow), each after its backoff.
    ("sealed documents", "documents.jobs.documents_seal"),
    # Approvals whose licence codes were entered after them get their identifiers (issue 49).
    ("licence identifiers", "documents.jobs.licences_assign"),
    ("audit checkpoints", "audit.jobs.audit_checkpoints_due"),
    # Last: the appraisal's figures of the quarter just ended (once) and of this one (P3), the
    # longest job at a million records, which no other waits for.
    ("appraisals computed", "public.appraisal.appraisals_refresh"),
]
# Who decides a task, by the task's step (``workflows.services.task_decide`` locks the task,
# checks it is open to the decider, records the claim and a substitute, then hands it to the
# step's decider, and completes it and ends its clock after): the dotted path of each decider.
# The review steps of an application (acceptance to municipal review) are workflows' own.
PERMITS_STEP_DECIDERS = {
    "acceptance": "workflows.services.decision.review_decide",
    "district_review": "workflows.services.decision.review_decide",
    "consultation": "workflows.services.decision.review_decide",
    "municipal_review": "workflows.services.decision.review_decide",
    # A filing of the holder after the grant (§17).
    "obligation_review": "supervision.services.filing_review_decide",
    # A change, renewal or surrender of the permit (§18).
    "request_acceptance": "licensing.requests.permit_request_decide",
    "request_review": "licensing.requests.permit_request_decide",
}
# Set by `make run`: the dev server runs permits_tick on a thread (never with a broker).
PERMITS_INPROCESS_TICK = env_bool("PERMITS_INPROCESS_TICK", default=False)
# How many days before a scheduled report is due its holder is reminded.


REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only: DRF's browsable pages (English, its own Bootstrap frame, forms that post to the
    # API) are no page of ours; integrators read /api/docs/ (README "API").
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.JSONParser",  # bounded depth and size, finite numbers, no NUL
        "api.parsers.FormParser",  # no NUL
        "api.parsers.MultiPartParser",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Forestry permit approval API",
    "VERSION": "1.0.0",
    "DESCRIPTION": "Tending designs, forest-land occupation and alien species introduction.",
    "SERVE_INCLUDE_SCHEMA": False,
    # The API docs' assets are served from here: bureau intranets often reach no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.document_refusals",
        "api.schema.allow_empty_filters",
        "api.schema.tell_kinds_apart",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ApplicationKindEnum": "permits.choices.Kind",
        # The audit trust's algorithms (issue 49): a key's and a checkpoint's.
        "AuditSignatureAlgorithmEnum": "audit.algorithms.SIGNATURE_ALGORITHMS",
        "AuditHashAlgorithmEnum": "audit.algorithms.HASH_ALGORITHMS",
        "ApplicationStatusEnum": "permits.choices.Status",
        "AttachmentKindEnum": "permits.choices.AttachmentKind",
        "CertificateStatusEnum": "documents.models.CertificateStatus",
        "ObligationKindEnum": "permits.choices.ObligationKind",
        "ObligationStatusEnum": "permits.choices.ObligationStatus",
        "DecisionEnum": "permits.choices.Decision",
        # What a user may do now: on an application (both doors' actions) and on a task.
        "ApplicationActionEnum": "api.serializers.applications.APPLICATION_ACTION_CHOICES",
        "TaskActionEnum": "workflows.selectors.TASK_ACTIONS",
        "CountersignDecisionEnum": "permits.choices.CONSULTATION_DECISIONS",
        "NotificationKindEnum": "permits.choices.NotificationKind",
        "DocumentKindEnum": "documents.models.DocumentKind",
        "ZoneKindEnum": "zones.models.ZoneKind",
        "SpecialProcedureKindEnum": "workflows.models.SpecialProcedureKind",
        "InspectionOutcomeEnum": "supervision.models.InspectionOutcome",
        "NationalOutcomeEnum": "workflows.models.NationalOutcome",
        "InspectionKindEnum": "supervision.models.InspectionKind",
        "InspectionStatusEnum": "supervision.models.InspectionStatus",
        "ReportKindEnum": "public.models.ReportKind",
        "ReportStatusEnum": "public.models.ReportStatus",
        "ReportOutcomeEnum": "public.models.ReportOutcome",
        # The change patches and the enforcement cases (issue 48).
        "PatchStatusEnum": "forest_watch.choices.PatchStatus",
        "PatchOutcomeEnum": "forest_watch.choices.Outcome",
        "CaseStatusEnum": "enforcement.models.CaseStatus",
        "CaseOutcomeEnum": "enforcement.models.CaseOutcome",
        # The fine collected: deferrals, reviews, the court's ruling (issue 48 leftovers).
        "DeferralKindEnum": "enforcement.models.DeferralKind",
        "ReviewKindEnum": "enforcement.models.ReviewKind",
        "ReviewOutcomeEnum": "enforcement.models.ReviewOutcome",
        "CourtRulingEnum": "enforcement.models.CourtRuling",
        # A public notice's ground (民事诉讼法 art. 95): "ground" names other sets in licensing.
        "PublicNoticeGroundEnum": "enforcement.models.PublicNoticeGround",
    },
}

SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
# Only behind a proxy that sets X-Forwarded-Proto itself and strips the client's: otherwise any
# client could claim HTTPS (docs/deployment.md).
if env_bool("DJANGO_TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Idle timeout: activity renews the session, which ends after this many minutes unused; renewed
# at most once a minute (config.middleware.SessionRenewalMiddleware), not written every request.
SESSION_COOKIE_AGE = env_int("PERMITS_SESSION_IDLE_MINUTES", default=30, minimum=1) * 60
SESSION_RENEW_SECONDS = 60
# Absolute lifetime: a session ends this many hours after its sign-in, however active
# (config.middleware.SessionAbsoluteLifetimeMiddleware; GB/T 22239 L3).
PERMITS_SESSION_ABSOLUTE_HOURS = env_int("PERMITS_SESSION_ABSOLUTE_HOURS", default=12, minimum=1)

# API tokens (django-rest-knox; docs/api.md "Authentication"): each ends this many hours after
# it was issued; PERMITS_API_TOKEN_LIMIT (0: none) caps the live tokens of one person.
PERMITS_API_TOKEN_HOURS = env_int("PERMITS_API_TOKEN_HOURS", default=10, minimum=1)
_API_TOKEN_LIMIT = env_int("PERMITS_API_TOKEN_LIMIT", default=0, minimum=0)
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=PERMITS_API_TOKEN_HOURS),
    "TOKEN_LIMIT_PER_USER": _API_TOKEN_LIMIT or None,
    "AUTO_REFRESH": False,
    "AUTH_HEADER_PREFIX": "Token",
}

# The maps' basemap (README "Map basemap"): a tile or WMTS service (天地图, a bureau's own tile
# server) as a URL template with {z} {x} {y}, {s} for PERMITS_MAP_TILES_SUBDOMAINS and {key} for
# PERMITS_MAP_TILES_KEY. Empty: no basemap, the zones and the 小班 registry served by this
# application are the map (it works without the internet).
MAP_TILES_URL = env_str("PERMITS_MAP_TILES_URL", default="")
MAP_TILES_KEY = env_str("PERMITS_MAP_TILES_KEY", default="")
MAP_TILES_SUBDOMAINS = env_str("PERMITS_MAP_TILES_SUBDOMAINS", default="")
MAP_TILES_ATTRIBUTION = env_str("PERMITS_MAP_TILES_ATTRIBUTION", default="")
MAP_TILES_MAX_ZOOM = env_int("PERMITS_MAP_TILES_MAX_ZOOM", default=18, minimum=1)


def _tile_sources(template: str, subdomains: str) -> list[str]:
    """The origins the basemap's tiles come from, for the CSP's img-src."""
    if not template:
        return []
    if "://" not in template:
        raise ImproperlyConfigured("PERMITS_MAP_TILES_URL: an http(s) URL template.")
    scheme, rest = template.split("://", 1)
    host = rest.split("/", 1)[0].split("?", 1)[0]
    if scheme not in ("http", "https") or not host:
        raise ImproperlyConfigured("PERMITS_MAP_TILES_URL: an http(s) URL template.")
    hosts = [host.replace("{s}", s) for s in (subdomains or "abc")] if "{s}" in host else [host]
    return [f"{scheme}://{h}" for h in dict.fromkeys(hosts)]


MAP_TILE_SOURCES = _tile_sources(MAP_TILES_URL, MAP_TILES_SUBDOMAINS)

# Content-Security-Policy (django-csp 4). Every script is a static file of ours or of viewflow,
# the admin and Swagger UI (served split from its init script, config/urls.py); an inline
# script needs {{ request.csp_nonce }}. Styles likewise (issue 45: no 'unsafe-inline'): our
# stylesheets are static files (static/web/), our templates carry no style="" attribute, and the
# two inline <style> elements carry the nonce (Swagger UI's page, templates/drf_spectacular;
# Turbo's progress bar, by the csp-nonce meta of templates/viewflow/includes/viewflow_js.html).
# None is in a page Turbo visits: it parses the next page under this page's policy, and would
# refuse that page's nonce (the date picker's words are set by static/web/fields.js). Scripts
# may still set styles through the CSSOM (element.style: Leaflet, viewflow's components), which
# a policy does not govern. Only two style attributes of viewflow's bundle are allowed, each by
# the hash of its text (STYLE_ATTRIBUTES): its file field's row and its snackbar's announcement,
# which it writes as markup; a browser without style-src-attr refuses them (pages.css sets the
# first).
STYLE_ATTRIBUTES = [
    "'sha256-KpSV7LuPYEu58+3u9LJr9v5Drm0uIKEv0h3u/+NVNm8='",  # position:relative
    "'sha256-1Kungmqi0WhaYRDmBdTUngGa5h+T+yrG9t/gL5x5lEI='",  # display: inline-block; width: 0; …
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "style-src-attr": ["'unsafe-hashes'", *STYLE_ATTRIBUTES],
        "img-src": [SELF, "data:", *MAP_TILE_SOURCES],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", default="INFO")},
}
